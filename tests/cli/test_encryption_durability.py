"""A kill at any moment of `reflect encrypt`, `decrypt`, `passphrase` or a save leaves one
readable journal, with nothing lost: real processes, SIGKILLed at random moments."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from reflect.backups import list_backups
from reflect.encryption import State, encrypt_home, private_files, state, unlock_home
from reflect.errors import WrongPassphrase
from reflect.journal import Journal
from reflect.model import make_entry
from reflect.paths import HomePaths
from reflect.vault import KEYRING, MAGIC, MIN_COST, PENDING_FILE, is_sealed, read_private
from tests.conftest import FIXED_NOW, fixed_clock

TEXT = "a long day on the phones with a furious caller "


def _run(home: Path, *args: str, **env: str) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "REFLECT_HOME": str(home), **env}
    return subprocess.Popen(
        [sys.executable, "-m", "reflect", *args],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def _kill_after(process: subprocess.Popen[bytes], seconds: float) -> bool:
    """SIGKILL after ``seconds`` unless it ended first; True if it was killed."""
    try:
        process.wait(timeout=seconds)
        return False
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        return True


def _kill_once(process: subprocess.Popen[bytes], begun: Callable[[], bool], delay: float) -> bool:
    """SIGKILL ``delay`` seconds after ``begun()`` first holds (polled every millisecond),
    so that the kill lands inside the conversion however slowly the process started on
    a busy machine; True if it was killed before it ended."""
    while process.poll() is None and not begun():
        time.sleep(0.001)
    return _kill_after(process, delay)


def _converting(home: Path, command: str) -> Callable[[], bool]:
    """Whether ``command`` has begun changing files: encrypt writes its pending header
    first; decrypt opens the journal (the first file it converts) first."""
    journal = home / "journal.json"

    def begun() -> bool:
        if command == "encrypt":
            return (home / PENDING_FILE).exists()
        try:
            with journal.open("rb") as handle:
                return not is_sealed(handle.read(len(MAGIC)))
        except OSError:
            return False

    return begun


def _home_with_history(home: Path, entries: int = 600, backups: int = 60) -> set[str]:
    """A journal and many backups, so that converting them takes long enough to be hit."""
    journal = Journal.open(home, clock=fixed_clock)
    day = FIXED_NOW.date()
    with journal._transaction():  # one write for them all
        ids = {
            journal.add(
                make_entry({"challenge": f"{TEXT}{n}" * 4}, shift_date=day, now=FIXED_NOW)
            ).id
            for n in range(entries)
        }
    journal.close()
    data = (home / "journal.json").read_bytes()
    for n in range(backups):
        name = f"journal-202611{n // 24 + 1:02d}T{n % 24:02d}0000000000Z-test.json"
        (home / "backups" / name).write_bytes(data)
    return ids


def _check_whole(home: Path, passphrase: str, ids: set[str]) -> None:
    """Every private file reads whole (sealed or plain), the journal holds every entry,
    and every backup still parses."""
    if state(home) is not State.PLAIN:
        unlock_home(home, passphrase)
    try:
        for path in private_files(home):
            data = read_private(path)  # raises on a half-sealed or tampered file
            orjson.loads(data)
        assert {entry.id for entry in Journal.open(home).entries()} >= ids
        assert all(backup.is_readable() for backup in list_backups(HomePaths(home)))
    finally:
        KEYRING.forget()


def test_sigkill_during_encrypt_and_decrypt_leaves_one_readable_version(tmp_path: Path) -> None:
    home = tmp_path / "home"
    ids = _home_with_history(home)
    rng = random.Random(20261202)
    seen: set[State] = set()
    kills = 0
    for round_number in range(12):
        now = state(home)
        if now in (State.PLAIN, State.ENCRYPTED):
            command = "encrypt" if now is State.PLAIN else "decrypt"
        else:
            command = rng.choice(["encrypt", "decrypt"])  # either finishes an interrupted one
        process = _run(home, command, REFLECT_PASSPHRASE="kettle")
        if round_number % 2:  # any moment: starting, deriving the key, converting
            kills += _kill_after(process, 0.1 + rng.random() * 0.6)  # the whole run: ~0.6 s
        else:  # a moment inside the conversion itself
            kills += _kill_once(process, _converting(home, command), rng.random() * 0.1)
        seen.add(state(home))
        _check_whole(home, "kettle", ids)
    assert kills >= 4
    assert seen & {State.ENCRYPTING, State.MIXED}, f"no kill landed mid-conversion: {seen}"
    if state(home) not in (State.PLAIN, State.ENCRYPTED):  # the last kill interrupted one
        finishing = _run(home, "encrypt", REFLECT_PASSPHRASE="kettle")
        assert finishing.wait(timeout=60) == 0, finishing.communicate()[1]
    assert state(home) in (State.ENCRYPTED, State.PLAIN)
    _check_whole(home, "kettle", ids)


def test_sigkill_during_passphrase_leaves_the_old_one_or_the_new_one_working(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    ids = _home_with_history(home, entries=20, backups=2)
    encrypt_home(home, "first")
    KEYRING.forget()
    current, rng = "first", random.Random(17)
    for number in range(8):
        new = f"passphrase {number}"
        process = _run(home, "passphrase", REFLECT_PASSPHRASE=current, REFLECT_NEW_PASSPHRASE=new)
        _kill_after(process, 0.1 + rng.random() * 0.4)
        working = []
        for candidate in (current, new):
            try:
                unlock_home(home, candidate)
                working.append(candidate)
            except WrongPassphrase:
                pass
            KEYRING.forget()
        assert len(working) == 1, f"round {number}: {working}"
        current = working[0]
        _check_whole(home, current, ids)


WRITER = """
import sys
from pathlib import Path
from reflect.encryption import unlock_home
from reflect.journal import Journal
home = Path(sys.argv[1])
unlock_home(home, "kettle")
journal = Journal.open(home, lock_timeout=60)
for n in range(100_000):
    entry = journal.create({"challenge": f"{sys.argv[2]} {n} " + "a long day on the phones " * 20})
    print(entry.id, flush=True)
"""


def test_sigkill_during_saves_in_an_encrypted_home_loses_nothing_and_leaks_nothing(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    Journal.open(home).close()
    encrypt_home(home, "kettle", cost=MIN_COST)
    KEYRING.forget()
    confirmed: set[str] = set()
    rng = random.Random(20261124)
    for round_number in range(16):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(home), f"round{round_number}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(0.3 + rng.random() * 0.4)
        os.kill(writer.pid, signal.SIGKILL)
        out, _ = writer.communicate()
        confirmed |= {line.strip() for line in out.splitlines() if len(line.strip()) == 32}
        _check_whole(home, "kettle", confirmed)
    assert len(confirmed) > 16
    for path in home.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert b"phones" not in data and b"round" not in data, path
            if path.name not in ("encryption.json", "journal.lock"):
                # a temporary file a kill cut short is sealed as far as it got
                cut_short = path.name.endswith(".tmp") and MAGIC.startswith(data[: len(MAGIC)])
                assert is_sealed(data) or cut_short, path
