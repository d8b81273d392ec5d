import json
import os
import stat
from pathlib import Path

import pytest

from reflect.errors import JournalBusy, JournalCorrupt, JournalError
from reflect.journal import Journal
from reflect.storage import JournalStorage, atomic_write, journal_lock
from tests.conftest import fixed_clock


def test_atomic_write_leaves_an_owner_only_file_and_no_temp_files(tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [path.name for path in tmp_path.iterdir()] == ["file.json"]


def test_a_failed_write_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "file.json"
    atomic_write(target, b"precious")

    def broken_replace(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write(target, b"half")
    assert target.read_bytes() == b"precious"
    assert [path.name for path in tmp_path.iterdir()] == ["file.json"]


def test_writes_outside_a_transaction_are_a_programming_error(tmp_path: Path) -> None:
    storage = JournalStorage(tmp_path / "j.json", tmp_path / "j.lock")
    with pytest.raises(RuntimeError):
        storage.write({})


def test_home_and_journal_are_owner_only(journal: Journal) -> None:
    journal.create({"challenge": "x"})
    assert stat.S_IMODE(journal.paths.home.stat().st_mode) == 0o700
    assert stat.S_IMODE(journal.paths.journal.stat().st_mode) == 0o600
    assert stat.S_IMODE(journal.paths.backups.stat().st_mode) == 0o700


def test_a_corrupt_journal_is_reported_and_never_overwritten(isolated_home: Path) -> None:
    isolated_home.mkdir()
    journal_file = isolated_home / "journal.json"
    journal_file.write_bytes(b'{"entries": {"a": ')
    with pytest.raises(JournalCorrupt, match=r"not valid JSON \(line 1.*reflect doctor"):
        Journal.open(isolated_home)
    assert journal_file.read_bytes() == b'{"entries": {"a": '


def test_json_that_is_not_a_journal_is_corrupt(isolated_home: Path) -> None:
    isolated_home.mkdir()
    (isolated_home / "journal.json").write_text(json.dumps([1, 2, 3]))
    with pytest.raises(JournalCorrupt, match="not a reflect journal"):
        Journal.open(isolated_home)


def test_a_held_lock_makes_a_writer_wait_then_say_the_journal_is_busy(
    isolated_home: Path,
) -> None:
    journal = Journal.open(isolated_home, clock=fixed_clock, lock_timeout=0.2)
    with journal_lock(journal.paths.lock), pytest.raises(JournalBusy, match="in use"):
        journal.create({"challenge": "blocked"})
    assert len(journal) == 0
    journal.create({"challenge": "after the lock is free"})
    assert len(journal) == 1


def test_a_journal_that_is_a_folder_is_reported(isolated_home: Path) -> None:
    (isolated_home / "journal.json").mkdir(parents=True)
    with pytest.raises(JournalError, match="is a folder"):
        Journal.open(isolated_home)
