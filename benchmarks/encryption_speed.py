"""An encrypted journal against a plain one: open, add and a month's summary at 10k entries.

What is measured, on two homes of the same ``synthetic_entries(n)`` (re-dated so "last
month" holds entries), one plain and one encrypted by ``encrypt_home`` with the cost a
person gets (``reflect.vault.DEFAULT_COST``):

- **unlock**: importing PyNaCl, reading the header, Argon2id of the passphrase and
  opening the data key, timed inside a fresh process: what every encrypted start pays once;
- **open** (in process): ``Journal.open`` reading and parsing the whole file (opened first
  when sealed), the key already unlocked;
- **save** (in process): one ``Journal.create`` on the open journal (sealed before the
  atomic write when encrypted);
- **open**, **add** and **summary** as whole processes: ``reflect list --from "last
  month"`` (a journal opened and shown), ``reflect add ...`` and ``reflect summary "last
  month" --format json``, ``$REFLECT_PASSPHRASE`` set for the encrypted home, wall time
  from spawn to exit. Their ratio is given as measured and with
  the unlock taken out ("unlock apart"): the goal of issue #17 is 1.3x without it.

Runs alternate between the two homes, round after round, and figures are medians, so
drift on a busy machine hits both alike. After every ``add`` the journal file is put back
as it was (untimed), so each run meets the stated size. Run:
``.venv/bin/python benchmarks/encryption_speed.py [--size 10000] [--repeats 7]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.command_speed import measured_env, newest_day, redated
from benchmarks.synthetic import synthetic_entries
from reflect.encryption import encrypt_home, unlock_home
from reflect.journal import Journal
from reflect.vault import DEFAULT_COST, KEYRING

PASSPHRASE = "a calm evening after a long shift"
GOAL = 1.3


def _reflect() -> tuple[str, ...]:
    script = Path(sys.executable).with_name("reflect")
    return (str(script),) if script.exists() else (sys.executable, "-m", "reflect")


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def _process(argv: Sequence[str], home: Path, encrypted: bool) -> float:
    env = {**measured_env(), "REFLECT_HOME": str(home)}
    if encrypted:
        env["REFLECT_PASSPHRASE"] = PASSPHRASE
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode(errors='replace')}")
    return wall


UNLOCK = """
import sys, time
from pathlib import Path
from reflect.encryption import unlock_home  # what every command imports anyway
started = time.perf_counter()
unlock_home(Path(sys.argv[1]), sys.argv[2])
print(time.perf_counter() - started)
"""


def _fresh_unlock(home: Path) -> float:
    """What unlocking costs a new process: PyNaCl's import, the header, Argon2id's memory
    (fresh pages, unlike a repeat in one process) and the key's box."""
    done = subprocess.run([sys.executable, "-c", UNLOCK, str(home), PASSPHRASE],
                          capture_output=True, check=True, text=True)  # fmt: skip
    return float(done.stdout.strip())


def _home(root: Path, name: str, size: int, encrypted: bool) -> Path:
    home = root / name
    with Journal.open(home) as journal:
        journal.import_entries(redated(synthetic_entries(size), newest_day(date.today())))
    if encrypted:
        encrypt_home(home, PASSPHRASE, cost=DEFAULT_COST)
        KEYRING.forget()
    return home


def measure(size: int, repeats: int) -> dict[str, dict[str, float]]:
    reflect = _reflect()
    add = (*reflect, "add", "--challenge", "A caller shouted about a refund", "--tag=billing")
    summary = (*reflect, "summary", "last month", "--format", "json")
    listing = (*reflect, "list", "--from", "last month")
    samples: dict[str, dict[str, list[float]]] = {"plain": {}, "encrypted": {}}
    with tempfile.TemporaryDirectory(prefix="reflect-crypt-bench-") as folder:
        root = Path(folder)
        print(f"preparing two homes of {size:,} entries…", file=sys.stderr)
        homes = {kind: _home(root, kind, size, kind == "encrypted") for kind in samples}
        pristine = {kind: root / f"{kind}.journal" for kind in samples}
        for kind, home in homes.items():
            shutil.copyfile(home / "journal.json", pristine[kind])
        unlocks = [_fresh_unlock(homes["encrypted"]) for _ in range(repeats)]
        unlock_home(homes["encrypted"], PASSPHRASE)
        for round_number in range(repeats + 1):  # the first round warms caches, untimed
            kinds = list(samples) if round_number % 2 else list(reversed(samples))
            for kind in kinds:
                home, encrypted = homes[kind], kind == "encrypted"
                journal = Journal.open(home, check_now=False)
                figures = {
                    "open": _timed(lambda j=journal: len(j)),  # type: ignore[misc]
                    "save": _timed(lambda j=journal: j.create({"lesson": "breathe first"})),  # type: ignore[misc]
                }
                journal.close()
                shutil.copyfile(pristine[kind], home / "journal.json")
                figures["add"] = _process(add, home, encrypted)
                shutil.copyfile(pristine[kind], home / "journal.json")
                figures["summary"] = _process(summary, home, encrypted)
                figures["list"] = _process(listing, home, encrypted)
                if round_number:
                    for name, value in figures.items():
                        samples[kind].setdefault(name, []).append(value)
        KEYRING.forget()
    result = {kind: {name: statistics.median(v) for name, v in rows.items()}
              for kind, rows in samples.items()}  # fmt: skip
    result["unlock"] = {"unlock": statistics.median(unlocks)}
    return result


def report(result: dict[str, dict[str, float]], size: int, repeats: int) -> None:
    unlock = result["unlock"]["unlock"]
    cost = DEFAULT_COST
    print(f"Encrypted vs plain journal, {size:,} entries, medians of {repeats} alternating runs")
    print(f"unlock (Argon2id {cost.opslimit} passes, {cost.memlimit >> 20} MiB): "
          f"{unlock * 1000:.0f} ms")  # fmt: skip
    print(f"{'':<22}{'plain':>10}{'encrypted':>12}{'ratio':>8}{'unlock apart':>14}  goal")
    for name, label, whole in (("list", "open: reflect list", True),
                               ("add", "reflect add", True),
                               ("summary", "reflect summary", True),
                               ("open", "open (in process)", False),
                               ("save", "save (in process)", False)):  # fmt: skip
        plain, sealed = result["plain"][name], result["encrypted"][name]
        apart = (sealed - unlock) / plain if whole else sealed / plain
        mark = "pass" if apart <= GOAL else "miss"
        print(f"{label:<22}{plain * 1000:>7.1f} ms{sealed * 1000:>9.1f} ms{sealed / plain:>7.2f}x"
              f"{apart:>13.2f}x  {mark} (<= {GOAL}x)")  # fmt: skip


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    if os.name != "posix":
        raise SystemExit("POSIX only")
    report(measure(args.size, args.repeats), args.size, args.repeats)


if __name__ == "__main__":
    main()
