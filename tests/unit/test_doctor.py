from pathlib import Path

import orjson
import pytest

from reflect.backups import list_backups, make_backup
from reflect.doctor import examine, restore
from reflect.errors import JournalError
from reflect.journal import Journal


def test_a_healthy_journal(journal: Journal) -> None:
    journal.create({"challenge": "x"})
    report = examine(journal.paths)
    assert report.healthy
    assert "1 entry" in report.findings[0].message


def test_restore_puts_a_backup_back_and_keeps_the_broken_file(journal: Journal) -> None:
    journal.create({"challenge": "keep me"})  # the day's first write: a daily copy
    journal.paths.journal.write_bytes(b"\x00garbage")
    report = examine(journal.paths)
    assert not report.healthy
    assert "not UTF-8" in report.findings[0].message or "not valid" in report.findings[0].message
    restored = restore(journal.paths, "1")
    assert restored.reason == "daily"
    assert [e.challenge for e in Journal.open(journal.paths.home).entries()] == ["keep me"]
    reasons = [backup.reason for backup in list_backups(journal.paths)]
    assert reasons == ["before-restore-unreadable", "daily"]
    assert list_backups(journal.paths)[0].path.read_bytes() == b"\x00garbage"


def test_a_backup_that_does_not_parse_is_never_restored(journal: Journal) -> None:
    journal.create({"challenge": "x"})
    original = journal.paths.journal.read_bytes()
    journal.paths.journal.write_bytes(b"{nope")
    make_backup(journal.paths, "broken")
    journal.paths.journal.write_bytes(original)
    with pytest.raises(JournalError):
        restore(journal.paths, "1")
    assert journal.paths.journal.read_bytes() == original


def test_backups_roll(journal: Journal) -> None:
    for number in range(5):
        journal.create({"challenge": f"x{number}"})  # each copy different from the last
        make_backup(journal.paths, f"n{number}", keep=3)
    assert [backup.reason for backup in list_backups(journal.paths)] == ["n4", "n3", "n2"]


def test_an_unknown_backup_name(isolated_home: Path) -> None:
    Journal.open(isolated_home)
    with pytest.raises(JournalError, match="no backup"):
        restore(Journal.open(isolated_home).paths, "nope")


def test_a_damaged_jot_is_reported_and_left_in_place(journal: Journal) -> None:
    journal.jot("the caller with the broken router, call back")
    document = orjson.loads(journal.paths.journal.read_bytes())
    key = next(iter(document["jots"]))
    document["jots"][key]["at"] = "yesterday-ish"
    journal.paths.journal.write_bytes(orjson.dumps(document))
    report = examine(journal.paths)
    assert not report.healthy
    problems = [finding.message for finding in report.findings if finding.level == "problem"]
    assert problems == [
        f"jot {key}: shift_date or at is not an ISO date; "
        "it stays in the file, but no reflection will take it"
    ]
    assert orjson.loads(journal.paths.journal.read_bytes()) == document  # nothing changed
