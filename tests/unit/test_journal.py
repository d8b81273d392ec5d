import shutil
import stat
from datetime import date
from pathlib import Path

import pytest

from reflect.backups import contents, list_backups
from reflect.errors import EntryNotFound, InvalidEntry, JournalError
from reflect.formats import native
from reflect.journal import Journal, JournalChange
from reflect.migrations import SCHEMA_VERSION
from reflect.storage import decode_tables
from tests.conftest import FIXED_NOW, fixed_clock

DATA = Path(__file__).parent.parent / "data"


def test_create_get_update_delete(journal: Journal) -> None:
    made = journal.create(
        {"challenge": "Caller shouted about a refund", "mood": 2, "tags": ["refunds"]},
        shift_date=date(2026, 11, 23),
    )
    assert journal.get(made.id) == made
    assert journal.get(made.id[:6]) == made
    edited = journal.update(made.id, lesson="Name the feeling first")
    assert journal.get(made.id).lesson == "Name the feeling first"
    assert edited.created_at == made.created_at
    journal.delete(made.id)
    with pytest.raises(EntryNotFound):
        journal.get(made.id)


def test_entries_are_newest_first_and_filter_by_days_tag_and_text(journal: Journal) -> None:
    for day, tag, text in [
        (1, "billing", "invoice"),
        (5, "outage", "tools down"),
        (9, "billing", "refund"),
    ]:
        journal.create({"challenge": text, "tags": [tag]}, shift_date=date(2026, 11, day))
    assert [e.shift_date.day for e in journal.entries()] == [9, 5, 1]
    assert [e.challenge for e in journal.entries(tag="#Billing")] == ["refund", "invoice"]
    assert [
        e.challenge for e in journal.entries(start=date(2026, 11, 2), end=date(2026, 11, 8))
    ] == ["tools down"]
    assert [e.challenge for e in journal.entries(text="TOOLS")] == ["tools down"]
    assert journal.tags() == [("billing", 2), ("outage", 1)]


def test_another_process_writes_are_seen_and_never_lost(isolated_home: Path) -> None:
    first = Journal.open(isolated_home, clock=fixed_clock)
    second = Journal.open(isolated_home, clock=fixed_clock)
    a = first.create({"challenge": "from the first copy"})
    b = second.create({"challenge": "from the second copy"})  # re-reads under the lock
    c = first.create({"challenge": "first again"})
    for copy in (first, second):
        assert {entry.id for entry in copy.entries()} == {a.id, b.id, c.id}


def test_listeners_hear_about_every_write_and_outside_reloads(isolated_home: Path) -> None:
    journal = Journal.open(isolated_home, clock=fixed_clock)
    heard: list[JournalChange] = []
    journal.subscribe(heard.append)
    made = journal.create({"challenge": "one"})
    journal.update(made.id, mood=3)
    journal.delete(made.id)
    Journal.open(isolated_home, clock=fixed_clock).create({"challenge": "elsewhere"})
    journal.entries()
    assert [change.kind for change in heard] == ["add", "update", "delete", "reload"]


def test_import_is_idempotent_by_id_and_backs_up_first(journal: Journal, tmp_path: Path) -> None:
    journal.create({"challenge": "already here"})
    exported = native.load(native.dump(journal.entries()), "self")
    assert journal.import_entries(exported.entries).added == ()
    other = Journal.open(tmp_path / "other", clock=fixed_clock)
    incoming = [other.create({"lesson": f"lesson {n}"}) for n in range(3)]
    dry = journal.import_entries(incoming, dry_run=True)
    assert len(dry.added) == 3 and len(journal) == 1
    report = journal.import_entries(incoming)
    assert (len(report.added), len(journal)) == (3, 4)
    assert journal.import_entries(incoming).added == ()
    # the copy from before the import is the day's first backup: the same bytes, kept once
    (before,) = list_backups(journal.paths)
    assert contents(before.tables()).entries == 1


def test_adding_an_existing_id_is_refused(journal: Journal) -> None:
    made = journal.create({"challenge": "x"})
    with pytest.raises(InvalidEntry, match="already exists"):
        journal.add(made)


def test_a_version_0_journal_is_migrated_after_a_backup(isolated_home: Path) -> None:
    isolated_home.mkdir()
    shutil.copy(DATA / "journal-v0.json", isolated_home / "journal.json")
    journal = Journal.open(isolated_home, clock=fixed_clock)
    entries = journal.entries()
    assert [entry.shift_date for entry in entries] == [date(2025, 3, 3), date(2025, 3, 2)]
    assert entries[1].tags == ("billing", "refunds")
    assert entries[0].extra == {"mood_note": "tired but fine"}
    tables = decode_tables((isolated_home / "journal.json").read_bytes(), "journal")
    assert tables["meta"]["schema"] == {"version": SCHEMA_VERSION}
    assert "_default" not in tables
    backups = list_backups(journal.paths)
    assert [backup.reason for backup in backups] == ["daily", "before-migration-from-v0"]
    assert backups[1].path.read_bytes() == (DATA / "journal-v0.json").read_bytes()
    assert stat.S_IMODE(backups[0].path.stat().st_mode) == 0o600


def test_a_journal_from_a_newer_reflect_is_refused_untouched(isolated_home: Path) -> None:
    isolated_home.mkdir()
    raw = b'{"meta": {"schema": {"version": 99}}, "entries": {}}'
    (isolated_home / "journal.json").write_bytes(raw)
    with pytest.raises(JournalError, match="newer reflect"):
        Journal.open(isolated_home)
    assert (isolated_home / "journal.json").read_bytes() == raw


def test_invalid_stored_entries_are_reported_not_dropped(journal: Journal) -> None:
    good = journal.create({"challenge": "fine"})
    with journal.storage.transaction():
        tables = journal.storage.raw_tables()
        tables["entries"]["broken-entry-1"] = {"id": "broken-entry-1", "mood": 11}
        journal.storage.replace_tables(tables)
    assert [entry.id for entry in journal.entries()] == [good.id]
    assert len(journal.problems) == 1 and "broken-entry-1" in journal.problems[0]
    journal.create({"challenge": "another"})
    assert "broken-entry-1" in decode_tables(journal.paths.journal.read_bytes(), "j")["entries"]


def test_created_entries_use_the_clock(journal: Journal) -> None:
    made = journal.create({"kindness": "covered a colleague's break"})
    assert made.created_at == FIXED_NOW and made.shift_date == FIXED_NOW.date()


def test_draft_writes_do_not_look_like_another_process_writing(journal: Journal) -> None:
    from reflect.drafts import Draft

    journal.create({"challenge": "one"})
    heard: list[JournalChange] = []
    journal.subscribe(heard.append)
    draft = Draft.start(date(2026, 11, 24), FIXED_NOW, challenge="typing")
    journal.save_draft(draft)
    journal.entries()
    journal.discard_draft(draft.id)
    journal.entries()
    assert heard == []  # no "reload": the match index is not rebuilt on every autosave


def test_reading_a_journal_not_yet_written_is_not_a_change(isolated_home: Path) -> None:
    journal = Journal.open(isolated_home, clock=fixed_clock)
    heard: list[JournalChange] = []
    journal.subscribe(heard.append)
    for _ in range(3):
        journal.entries()
    assert heard == []  # a missing file read twice is the same missing file


def test_reload_if_changed_notices_another_process_with_one_stat(isolated_home: Path) -> None:
    journal = Journal.open(isolated_home, clock=fixed_clock)
    journal.create({"challenge": "mine"})
    heard: list[JournalChange] = []
    journal.subscribe(heard.append)
    assert not journal.changed_elsewhere() and not journal.reload_if_changed()
    journal.create({"challenge": "mine again"})  # our own write is not another's
    assert not journal.changed_elsewhere()
    other = Journal.open(isolated_home, clock=fixed_clock).create({"challenge": "elsewhere"})
    assert journal.changed_elsewhere()
    assert journal.reload_if_changed()
    assert heard[-1].kind == "reload" and other.id in {e.id for e in heard[-1].entries}
    assert not journal.changed_elsewhere() and not journal.reload_if_changed()
    assert [change.kind for change in heard] == ["add", "reload"]


def test_reload_if_changed_never_reads_a_journal_not_opened_for_reading(
    isolated_home: Path,
) -> None:
    Journal.open(isolated_home, clock=fixed_clock).create({"challenge": "there"})
    waiting = Journal.open(isolated_home, clock=fixed_clock, check_now=False)
    Journal.open(isolated_home, clock=fixed_clock).create({"challenge": "and more"})
    assert not waiting.changed_elsewhere() and not waiting.reload_if_changed()
    assert len(waiting) == 2  # the first real read still sees everything
