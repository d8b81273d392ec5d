"""Nothing is lost: not to SIGKILL mid-write, not to two copies writing at once."""

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from reflect.journal import Journal
from reflect.storage import decode_tables

WRITER = """
import sys
from pathlib import Path
from reflect.journal import Journal
journal = Journal.open(Path(sys.argv[1]), lock_timeout=60)
label, count = sys.argv[2], int(sys.argv[3])
for n in range(count):
    entry = journal.create({"challenge": f"{label} {n} " + "a long day on the phones " * 20})
    print(entry.id, flush=True)
"""


def _writer(home: Path, label: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(home), label, str(count)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_sigkill_at_random_moments_never_loses_a_confirmed_entry(tmp_path: Path) -> None:
    home = tmp_path / "home"
    confirmed: set[str] = set()
    rng = random.Random(20261124)
    kills = 0
    for round_number in range(32):
        writer = _writer(home, f"round{round_number}", 100_000)
        assert writer.stdout is not None
        time.sleep(0.25 + rng.random() * 0.35)  # start-up, then some writes
        os.kill(writer.pid, signal.SIGKILL)
        out, _ = writer.communicate()
        kills += writer.returncode == -signal.SIGKILL
        printed = {line.strip() for line in out.splitlines() if len(line.strip()) == 32}
        confirmed |= printed
        stored = decode_tables((home / "journal.json").read_bytes(), "journal")["entries"]
        missing = confirmed - stored.keys()
        assert not missing, f"round {round_number}: {len(missing)} confirmed entries lost"
    assert kills >= 30
    assert len(confirmed) > 30  # the writer really was writing when killed
    assert len(Journal.open(home)) >= len(confirmed)


def test_two_processes_adding_100_each_at_once_keep_all_200(tmp_path: Path) -> None:
    home = tmp_path / "home"
    Journal.open(home).close()  # both start from the same empty journal
    writers = [_writer(home, label, 100) for label in ("left", "right")]
    outputs = [writer.communicate(timeout=120) for writer in writers]
    for writer, (_, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
    printed = {line for out, _ in outputs for line in out.split()}
    assert len(printed) == 200
    stored = Journal.open(home).entries()
    assert {entry.id for entry in stored} == printed
    labels = {entry.challenge.split()[0] for entry in stored}
    assert labels == {"left", "right"}
