"""Backups a person can come back to: daily copies, kept once, never pushed out by bad ones."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reflect.migrations
from reflect.backups import DAILY, contents, list_backups, make_backup, needs_daily_backup
from reflect.doctor import examine, rebuilt_tables
from reflect.journal import Journal
from reflect.model import Entry, make_entry
from reflect.paths import HomePaths
from reflect.salvage import salvage
from reflect.storage import encode_tables
from tests.conftest import FIXED_NOW, fixed_clock


def _age(backup_path: Path, days: int) -> Path:
    """Pretend a backup was made ``days`` ago (its time is in its name)."""
    stamp = (datetime.now(UTC) - timedelta(days=days)).strftime("%Y%m%dT%H%M%S%f")
    older = backup_path.with_name(f"journal-{stamp}Z-{backup_path.name.split('Z-', 1)[1]}")
    return backup_path.rename(older)


def test_the_first_write_of_a_day_leaves_a_copy_of_the_journal_as_it_then_is(
    isolated_home: Path,
) -> None:
    journal = Journal.open(isolated_home, clock=fixed_clock)
    assert list_backups(journal.paths) == []
    journal.create({"challenge": "first of the day"})
    (daily,) = list_backups(journal.paths)
    assert daily.reason == DAILY and contents(daily.tables()).entries == 1
    journal.create({"challenge": "second"})
    Journal.open(isolated_home, clock=fixed_clock).create({"challenge": "third, another run"})
    assert len(list_backups(journal.paths)) == 1  # one a day, whoever writes
    _age(daily.path, 1)
    assert needs_daily_backup(journal.paths, datetime.now().astimezone().date())
    Journal.open(isolated_home, clock=fixed_clock).create({"challenge": "next day"})
    newest, yesterday = list_backups(journal.paths)
    assert newest.reason == DAILY and contents(newest.tables()).entries == 4
    assert contents(yesterday.tables()).entries == 1


def test_a_copy_identical_to_a_kept_one_is_not_made_again(journal: Journal) -> None:
    journal.create({"challenge": "x"})
    first = make_backup(journal.paths, "manual")
    again = make_backup(journal.paths, "manual")
    assert first is not None and again is not None and again.path == first.path
    assert len(list_backups(journal.paths)) == 1  # the daily copy was these same bytes


def test_a_journal_whose_migration_fails_never_pushes_good_backups_out(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal.open(isolated_home, clock=fixed_clock, keep_backups=10)
    for number in range(10):
        journal.create({"challenge": f"entry {number}"})
        make_backup(journal.paths, "manual", keep=10)
    good = [backup.name for backup in list_backups(journal.paths)]
    assert len(good) == 10
    journal.paths.journal.write_bytes(orjson.dumps({"_default": {"1": {"challenge": "old"}}}))

    def broken(tables: dict[str, object]) -> dict[str, object]:
        raise RuntimeError("a migration that fails")

    monkeypatch.setitem(reflect.migrations.MIGRATIONS, 0, broken)
    for _ in range(12):
        with pytest.raises(RuntimeError):
            Journal.open(isolated_home, clock=fixed_clock, keep_backups=10)
    assert [backup.name for backup in list_backups(journal.paths)] == good


def test_unreadable_copies_go_first_and_the_newest_good_one_stays(journal: Journal) -> None:
    journal.create({"challenge": "good"})
    good = make_backup(journal.paths, "good", keep=3)
    for number in range(4):
        journal.paths.journal.write_bytes(b"{broken %d" % number)
        make_backup(journal.paths, "before-restore", keep=3)
    kept = list_backups(journal.paths)
    assert len(kept) == 3 and good is not None and good.path in [b.path for b in kept]
    assert sum(backup.marked_unreadable for backup in kept) == 2


def test_leftovers_of_killed_writes_go_with_the_next_write_and_with_doctor(
    journal: Journal,
) -> None:
    journal.create({"challenge": "x"})
    home, backups = journal.paths.home, journal.paths.backups
    (home / ".journal.json.k1ll3d.tmp").write_bytes(b"x" * 1000)
    (backups / ".journal-20261124T000000000000Z-daily.json.abc.tmp").write_bytes(b"y")
    (home / ".config.toml.tmp").write_bytes(b"not ours")
    journal.create({"challenge": "y"})
    assert sorted(path.name for path in home.glob(".*.tmp")) == [".config.toml.tmp"]
    assert list(backups.glob(".*.tmp")) == []
    (home / ".journal.json.again.tmp").write_bytes(b"z" * 10)
    report = examine(journal.paths)
    assert (report.leftovers.files, report.leftovers.size) == (1, 10)
    assert not (home / ".journal.json.again.tmp").exists()


# -- salvage ------------------------------------------------------------------------------


def _journal_bytes(count: int) -> tuple[bytes, list[Entry]]:
    entries = [
        make_entry(
            {"challenge": f"caller {n} was upset about \"quotes\", braces {{}} and ünïcödé",
             "lesson": "breathe", "tags": ["t"]},
            shift_date=FIXED_NOW.date() - timedelta(days=n), now=FIXED_NOW,
        )
        for n in range(count)
    ]  # fmt: skip
    tables = {
        "entries": {entry.id: entry.to_dict() for entry in entries},
        "drafts": {"d1": {"id": "d1", "shift_date": "2026-11-24",
                          "updated_at": FIXED_NOW.isoformat(), "fields": {"challenge": "half"}}},
        "meta": {"schema": {"version": 1}},
    }  # fmt: skip
    return encode_tables(tables), entries


RAW, ENTRIES = _journal_bytes(40)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, len(RAW)))
def test_a_journal_cut_anywhere_gives_back_every_entry_before_the_cut(cut: int) -> None:
    damaged = RAW[:cut]
    tables = rebuilt_tables(salvage(damaged).tables)
    got = {key: Entry.from_dict(doc) for key, doc in tables.get("entries", {}).items()}
    expected = [
        entry for entry in ENTRIES
        if RAW.index(orjson.dumps(entry.to_dict())) + len(orjson.dumps(entry.to_dict())) <= cut
    ]  # fmt: skip
    assert sorted(got) == sorted(entry.id for entry in expected)
    assert all(got[entry.id] == entry for entry in expected)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(RAW) - 1), st.integers(1, 255)), max_size=3))
def test_flipped_bytes_cost_the_entries_near_them_not_the_journal(
    flips: list[tuple[int, int]],
) -> None:
    damaged = bytearray(RAW)
    for position, mask in flips:
        damaged[position] ^= mask
    tables = rebuilt_tables(salvage(bytes(damaged)).tables)
    got = tables.get("entries", {})
    for document in got.values():
        Entry.from_dict(document)  # everything kept is a valid entry
    assert len(got) >= len(ENTRIES) - 3 * len(flips)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_salvage_reads_any_bytes_without_failing(raw: bytes) -> None:
    rebuilt_tables(salvage(raw).tables)


def test_a_journal_salvaged_in_place_keeps_the_damaged_file(
    isolated_home: Path,
) -> None:
    from reflect.doctor import salvage_journal

    isolated_home.mkdir(mode=0o700)
    (isolated_home / "journal.json").write_bytes(RAW[: len(RAW) // 2])
    report = salvage_journal(HomePaths(isolated_home))
    assert report.needed and 15 <= report.entries < 40
    assert len(Journal.open(isolated_home)) == report.entries
    assert report.kept_as is not None
    assert report.kept_as.path.read_bytes() == RAW[: len(RAW) // 2]
    assert os.stat(isolated_home / "journal.json").st_mode & 0o077 == 0
