"""jrnl's JSON export and plain-text journal, on files written by the real jrnl program."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.errors import FormatError
from reflect.formats import jrnl, native
from reflect.formats.detect import detect, load_import
from reflect.formats.imported import LoadedImport
from reflect.journal import Journal

JRNL = Path(__file__).parent.parent / "data" / "jrnl"
EXPORT = JRNL / "jrnl-export.json"
JOURNAL = JRNL / "journal.txt"
EXPORT_12H = JRNL / "jrnl-12h-export.json"
JOURNAL_12H = JRNL / "journal-12h.txt"
CHICAGO = ZoneInfo("America/Chicago")
TWELVE_HOUR = "%Y-%m-%d %I:%M %p"


def _load(path: Path, **options: object) -> LoadedImport:
    return load_import(path, source="jrnl", tz=CHICAGO, **options)  # type: ignore[arg-type]


def test_json_export_maps_every_entry() -> None:
    parsed = _load(EXPORT)
    assert parsed.format == "jrnl-json" and parsed.source == "jrnl"
    assert (len(parsed.entries), parsed.rejected, parsed.empty) == (10, [], [])
    assert all(entry.source == "jrnl" for entry in parsed.entries)
    by_day = {(e.shift_date, e.created_at.strftime("%H:%M")): e for e in parsed.entries}

    first = by_day[(date(2026, 10, 5), "18:40")]
    assert first.note == (
        "First week on the billing queue.\n"
        "The team was patient with all my questions @billing @first-week"
    )
    assert set(first.tags) == {"billing", "first-week"}
    assert first.challenge == first.lesson == ""

    voucher = by_day[(date(2026, 10, 6), "19:05")]
    assert "café gift voucher" in voucher.note and "Zoë" in voucher.note
    assert "naïve" in voucher.note and "\n\nI slowed down" in voucher.note
    assert voucher.tags == ("refunds", "vouchers")  # jrnl lowercased @Refunds

    starred = by_day[(date(2026, 10, 8), "18:15")]
    assert starred.note == "Refund escalation handled without a supervisor."
    assert starred.challenge.startswith("A customer had waited six weeks")
    assert starred.grateful == "It walked me through the whole refund workflow, end to end."
    assert starred.kindness.startswith("I called him back")
    assert starred.lesson == "Say sorry once, then show the fix. @refunds"
    assert starred.tags == ("refunds", "starred")

    headings = by_day[(date(2026, 10, 12), "20:30")]
    assert headings.note == "Night shift notes"
    assert headings.challenge == "Three chats at once while the status page was down."
    assert headings.lesson == "One honest outage message beats ten custom ones. #outage"
    assert headings.tags == ("outage",)  # jrnl's "##" tag (the heading) is dropped

    synonyms = by_day[(date(2026, 10, 12), "22:10")]
    assert synonyms.note == "quick one before logging off\nThe tools fought me all evening."
    assert synonyms.grateful == "patient customers who typed everything twice"
    assert synonyms.kindness == ""

    month_end = by_day[(date(2026, 11, 10), "23:55")]
    assert month_end.challenge.endswith("😅")
    assert month_end.grateful.endswith("“no rush”.")
    assert month_end.lesson.startswith("- copy the known-issue text")

    assert by_day[(date(2026, 11, 3), "19:20")].tags == ("starred",)


def test_times_are_read_in_the_given_zone_across_a_dst_change() -> None:
    parsed = _load(EXPORT)
    moments = {entry.shift_date: entry.created_at for entry in parsed.entries}
    assert moments[date(2026, 10, 5)].isoformat() == "2026-10-05T18:40:00-05:00"
    assert moments[date(2026, 11, 2)].isoformat() == "2026-11-02T18:45:00-06:00"
    after_midnight = moments[date(2026, 11, 11)]
    assert after_midnight.isoformat() == "2026-11-11T00:20:00-06:00"
    assert all(entry.updated_at == entry.created_at for entry in parsed.entries)


def test_without_a_zone_the_machines_own_is_used() -> None:
    entry = jrnl.load_json(EXPORT.read_bytes(), EXPORT.name).entries[0]
    local = datetime(2026, 10, 5, 18, 40).astimezone()
    assert entry.created_at == local and entry.created_at.utcoffset() == local.utcoffset()


def test_the_journal_file_gives_the_same_entries_and_ids_as_the_json_export() -> None:
    from_json, from_text = _load(EXPORT), _load(JOURNAL)
    assert from_text.format == "jrnl-text"
    assert from_text.entries == from_json.entries


def test_a_twelve_hour_journal_with_its_time_format_or_guessed() -> None:
    given_format = _load(JOURNAL_12H, time_format=TWELVE_HOUR)
    guessed = _load(JOURNAL_12H)
    assert given_format.entries == guessed.entries == _load(EXPORT_12H).entries
    times = [(e.shift_date.isoformat(), e.created_at.strftime("%H:%M")) for e in guessed.entries]
    assert times == [
        ("2026-11-12", "09:05"),
        ("2026-11-12", "12:15"),
        ("2026-11-13", "00:30"),
        ("2026-11-13", "17:45"),
    ]
    assert guessed.entries[1].challenge == "a queue of twenty-two at noon."
    assert guessed.entries[3].tags == ("starred",)
    assert guessed.entries[3].lesson.startswith("batching the follow-ups")


def test_a_journal_read_with_the_wrong_time_format_is_refused() -> None:
    with pytest.raises(FormatError, match=r"journal-12h\.txt is not a jrnl journal written with"):
        _load(JOURNAL_12H, time_format="%Y-%m-%d %H:%M")
    with pytest.raises(FormatError, match="cannot be used"):
        _load(JOURNAL, time_format="%H")


def test_ids_are_stable_hashes_and_a_uuid_wins_when_there_is_one() -> None:
    ids = [entry.id for entry in _load(EXPORT).entries]
    assert ids == [entry.id for entry in _load(EXPORT).entries]
    assert len(set(ids)) == 10
    assert all(len(i) == 32 and i == i.lower() and int(i, 16) >= 0 for i in ids)

    document = json.loads(EXPORT.read_text("utf-8"))
    document["entries"][0]["uuid"] = "A1C4B9E2F3D84E0A9B7C6D5E4F3A2B1C"
    document["entries"][1]["uuid"] = "8e1b7c3a-0f4d-4c55-9a51-1f2e3d4c5b6a"
    parsed = load_import(json.dumps(document).encode(), "with-uuids.json", tz=CHICAGO)
    assert parsed.entries[0].id == "a1c4b9e2f3d84e0a9b7c6d5e4f3a2b1c"
    assert parsed.entries[1].id == "8e1b7c3a0f4d4c559a511f2e3d4c5b6a"
    assert [e.id for e in parsed.entries[2:]] == ids[2:]


def test_the_same_entry_twice_in_a_journal_gives_two_entries_with_stable_ids() -> None:
    raw = b"[2026-11-02 18:00] Same words.\n\n[2026-11-02 18:00] Same words.\n"
    first, second = (jrnl.load_text(raw, "twice.txt", tz=CHICAGO) for _ in range(2))
    assert len({entry.id for entry in first.entries}) == 2
    assert [e.id for e in first.entries] == [e.id for e in second.entries]


def test_bad_items_are_rejected_with_a_reason_and_empty_ones_skipped() -> None:
    document = json.loads(EXPORT.read_text("utf-8"))
    document["entries"][1]["date"] = "2026-13-40"
    document["entries"][2]["time"] = "half past six"
    document["entries"][3] = "not an entry"
    document["entries"][4].update(title="", body="  ")
    parsed = load_import(json.dumps(document).encode(), "edited.json", tz=CHICAGO)
    assert [(r.position, r.reason) for r in parsed.rejected] == [
        (2, "date '2026-13-40' is not a day written YYYY-MM-DD"),
        (3, "time 'half past six' is not a time written HH:MM"),
        (4, "an entry must be a JSON object"),
    ]
    assert parsed.empty == [5]
    assert len(parsed.entries) == 6


def test_a_body_line_in_brackets_that_is_not_a_date_stays_in_the_body() -> None:
    entry = next(e for e in _load(JOURNAL).entries if e.shift_date == date(2026, 10, 20))
    assert entry.note == (
        "Callback list cleared.\n[ticket 4411] finally closed after three transfers."
    )
    assert entry.kindness.endswith("#callbacks") and entry.tags == ("callbacks",)


def test_detection_tells_the_two_jrnl_files_apart() -> None:
    assert detect(EXPORT.read_bytes()) == "jrnl-json"
    assert detect(JOURNAL.read_bytes()) == "jrnl-text"
    assert detect(JOURNAL_12H.read_bytes()) == "jrnl-text"
    assert detect(JOURNAL_12H.read_bytes(), time_format="%Y-%m-%d %H:%M") is None
    assert detect(b'{"tags": {}, "entries": []}') == "jrnl-json"
    assert detect(b"\xef\xbb\xbf" + JOURNAL.read_bytes().replace(b"\n", b"\r\n")) == "jrnl-text"


def test_a_reflect_export_goes_through_the_same_door() -> None:
    entries = _load(EXPORT).entries
    exported = native.dump(entries)
    loaded = load_import(exported, "backup.json")
    assert (loaded.format, loaded.source, loaded.entries) == ("reflect", "reflect", entries)
    with pytest.raises(FormatError, match=r"^backup\.json is not a jrnl export: it looks like a"):
        load_import(exported, "backup.json", "jrnl")
    with pytest.raises(FormatError, match=r"^jrnl-export\.json is not a reflect export: it looks"):
        load_import(EXPORT, source="reflect")
    with pytest.raises(FormatError, match="unknown import format 'evernote'"):
        load_import(EXPORT, source="evernote")


def test_importing_twice_adds_nothing_and_text_after_json_adds_nothing(journal: Journal) -> None:
    first = journal.import_entries(_load(EXPORT).entries)
    assert len(first.added) == 10
    assert journal.import_entries(_load(EXPORT).entries).added == ()
    again = journal.import_entries(_load(JOURNAL).entries)
    assert (again.added, len(again.already_present)) == ((), 10)
    assert len(journal) == 10
    stored = journal.get(first.added[0].id)
    assert stored.source == "jrnl" and stored == first.added[0]


def test_a_refused_import_leaves_the_journal_bytes_unchanged(journal: Journal) -> None:
    journal.create({"challenge": "already here"}, shift_date=date(2026, 11, 1))
    before = journal.paths.journal.read_bytes()
    for raw in (EXPORT.read_bytes()[:-40], b"[2026-11-02 18:00", JOURNAL_12H.read_bytes()):
        with pytest.raises(FormatError):
            parsed = load_import(raw, "bad", "jrnl", time_format="%Y-%m-%d %H:%M")
            journal.import_entries(parsed.entries)
    journal.import_entries(_load(EXPORT).entries, dry_run=True)
    assert journal.paths.journal.read_bytes() == before


# -- robustness -------------------------------------------------------------------------------

FIXTURES = [EXPORT.read_bytes(), JOURNAL.read_bytes(), JOURNAL_12H.read_bytes()]


def _only_format_errors(raw: bytes, source: str | None, time_format: str | None = None) -> None:
    try:
        result = load_import(raw, "fuzz", source, time_format=time_format, tz=CHICAGO)
    except FormatError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert isinstance(result, LoadedImport)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from([None, "jrnl", "reflect"]))
def test_random_bytes_raise_only_format_errors(raw: bytes, source: str | None) -> None:
    _only_format_errors(raw, source)


@settings(max_examples=300)
@given(st.sampled_from(FIXTURES), st.data())
def test_truncated_files_raise_only_format_errors(raw: bytes, data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(raw)))
    _only_format_errors(raw[:cut], data.draw(st.sampled_from([None, "jrnl"])))


@settings(max_examples=200)
@given(st.text(max_size=300), st.sampled_from([None, TWELVE_HOUR, "%d.%m.%Y %H:%M"]))
def test_journal_like_text_raises_only_format_errors(text: str, time_format: str | None) -> None:
    _only_format_errors(("[2026-11-02 18:00] " + text).encode("utf-8", "replace"), None)
    _only_format_errors(text.encode("utf-8", "replace"), "jrnl", time_format)
