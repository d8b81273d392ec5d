"""Day One's JSON export, bare or zipped with its photos (hand-written fixtures, see README)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect.errors import FormatError
from reflect.formats import dayone
from reflect.formats.detect import detect, load_import
from reflect.formats.imported import LoadedImport
from reflect.journal import Journal

DAYONE = Path(__file__).parent.parent / "data" / "dayone"
JSON_FILE = DAYONE / "Journal.json"
ZIP_FILE = DAYONE / "Export-Journal.zip"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _document(**changes: object) -> dict[str, Any]:
    """The fixture's document with its first entry changed."""
    document: dict[str, Any] = json.loads(JSON_FILE.read_text("utf-8"))
    document["entries"][0].update(changes)
    return document


def test_the_zip_and_the_bare_json_give_the_same_entries() -> None:
    zipped = load_import(ZIP_FILE, source="dayone")
    bare = load_import(JSON_FILE, source="dayone")
    assert (zipped.format, bare.format) == ("dayone-zip", "dayone-json")
    assert zipped.entries == bare.entries
    assert (zipped.skipped_media, bare.skipped_media) == (3, 0)
    assert zipped.empty == bare.empty == [4]  # the photo-only entry: nothing to import
    assert zipped.rejected == bare.rejected == []
    assert len(zipped.entries) == 5
    assert all(entry.source == "dayone" for entry in zipped.entries)


def test_ids_come_from_the_uuid_and_are_stable() -> None:
    ids = [entry.id for entry in load_import(ZIP_FILE).entries]
    assert ids[0] == "57fbfe9893f94f2892b7dbf6ff33ef9c"
    assert ids == [entry.id for entry in load_import(ZIP_FILE).entries]


def test_each_entry_takes_its_day_and_times_in_its_own_zone() -> None:
    entries = {entry.id[:6]: entry for entry in load_import(JSON_FILE).entries}
    expected = {
        "57fbfe": ("2026-10-14", "2026-10-14T18:41:07-04:00", "2026-10-15T07:02:33-04:00"),
        # 04:30 UTC on the 21st is 21:30 on the 20th in Los Angeles
        "79c3b9": ("2026-10-20", "2026-10-20T21:30:00-07:00", "2026-10-20T21:36:12-07:00"),
        # 23:10 UTC on the 24th is 08:10 on the 25th in Tokyo
        "c77215": ("2026-10-25", "2026-10-25T08:10:00+09:00", "2026-10-25T08:10:00+09:00"),
        "daa643": ("2026-11-05", "2026-11-05T18:45:00+01:00", "2026-11-06T09:00:41+01:00"),
        "45ad6a": ("2026-11-18", "2026-11-18T20:30:00+11:00", "2026-11-18T20:31:05+11:00"),
    }
    assert {
        key: (e.shift_date.isoformat(), e.created_at.isoformat(), e.updated_at.isoformat())
        for key, e in entries.items()
    } == expected


def test_texts_lose_photo_links_and_escapes_and_fill_the_fields() -> None:
    entries = {entry.id[:6]: entry for entry in load_import(ZIP_FILE).entries}
    headings = entries["57fbfe"]
    assert headings.note == "# Escalation day"
    assert headings.challenge.endswith("her bank statement looked like it.")
    assert (
        headings.lesson
        == "Show, don't tell: put the two lines side by side and read them together."
    )
    assert headings.tags == ("billing", "escalation")

    labels = entries["79c3b9"]
    assert labels.lesson == "the first thirty seconds decide the call - slow them down."
    assert labels.tags == ("calls", "night-shift", "starred")

    bare_link = entries["c77215"]
    assert bare_link.lesson == "keep the glossary open in a second window."
    assert bare_link.note.endswith("saved me!")

    escapes = entries["daa643"]
    assert escapes.note == (
        "Notes from the team huddle (Thursday)\n\n"
        "1. The refund queue is back under two hours!\n"
        "2. New macro for *damaged in transit* claims"
    )
    assert (
        escapes.kindness
        == "Brought pastries for the early crew - the café downstairs had croissants."
    )
    assert escapes.lesson.startswith("Ask for the order number first")
    assert escapes.tags == ("team", "customer-service")

    unicode = entries["45ad6a"]
    assert unicode.note.endswith("ありがとう 🙏")
    assert unicode.grateful.startswith("a naïve question") and "re-read" in unicode.grateful

    for entry in entries.values():
        assert "dayone-moment" not in "".join(entry.texts.values())
        assert "\\" not in "".join(entry.texts.values())


def test_strip_media_and_unescape() -> None:
    text = (
        "a ![](dayone-moment://AB12)\n\n\n\n[clip](dayone-moment:/video/CD34) b\ndayone-moment://EF"
    )
    assert dayone.strip_media(text) == "a\n\n b"
    assert dayone.unescape(r"1\. x \- y \! \(z\) \\ \é") == r"1. x - y ! (z) \ \é"


def test_an_escaped_hash_is_text_not_a_section() -> None:
    document = _document(text="intro\n\\# Lesson\nstill intro")
    entry = load_import(json.dumps(document).encode(), "x.json").entries[0]
    assert (entry.note, entry.lesson) == ("intro\n# Lesson\nstill intro", "")


def test_an_entry_without_a_zone_uses_the_given_one_and_offsets_are_understood() -> None:
    document = _document(timeZone=None)
    document["entries"][1]["timeZone"] = "GMT+0530"
    parsed = load_import(json.dumps(document).encode(), "x.json", tz=ZoneInfo("Asia/Tokyo"))
    assert parsed.entries[0].created_at.isoformat() == "2026-10-15T07:41:07+09:00"
    assert parsed.entries[1].created_at.utcoffset() == timedelta(hours=5, minutes=30)


def test_bad_items_are_rejected_one_by_one() -> None:
    document = _document(timeZone="Mars/Olympus_Mons")
    entries: list[dict[str, object]] = document["entries"]
    entries[1]["creationDate"] = "yesterday-ish"
    entries[2]["tags"] = "launch"
    entries[4]["uuid"] = entries[5]["uuid"]
    entries.append({"text": "no uuid"})
    parsed = load_import(json.dumps(document).encode(), "x.json")
    assert [(r.position, r.reason) for r in parsed.rejected] == [
        (1, "time zone 'Mars/Olympus_Mons' is not known on this computer"),
        (2, "creationDate 'yesterday-ish' is not a date and time"),
        (3, "tags must be a list of text"),
        (6, "uuid 45ad6a70917b4b4bb678fa87b48ebd08 appears twice in the file"),
        (7, "the entry has no uuid"),
    ]
    assert parsed.empty == [4]


def test_zip_problems_are_one_line_format_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    cases = {
        "no journal": _zip({"photos/a.jpeg": b"\xff\xd8"}),
        "broken json": _zip({"Journal.json": b'{"entries": ['}),
        "not day one": _zip({"Journal.json": b'{"format": "reflect", "version": 1}'}),
        "truncated": ZIP_FILE.read_bytes()[:200],
    }
    messages = {}
    for case, raw in cases.items():
        with pytest.raises(FormatError) as caught:
            load_import(raw, "export.zip")
        messages[case] = str(caught.value)
    assert messages["no journal"] == "export.zip holds no Day One journal (no .json file in it)"
    assert messages["broken json"].startswith("export.zip/Journal.json is not valid JSON (line 1")
    assert messages["not day one"].startswith("export.zip/Journal.json is not a Day One export")
    assert messages["truncated"].startswith("export.zip is not a readable zip file")

    monkeypatch.setattr(dayone, "MAX_JOURNAL_BYTES", 1000)
    with pytest.raises(FormatError, match=r"Journal\.json unpacks to more than"):
        load_import(ZIP_FILE, source="dayone")
    bomb = _zip({"Journal.json": b"{" + b" " * 5000 + b"}"})  # tiny zipped, large unzipped
    assert len(bomb) < 1000
    with pytest.raises(FormatError, match="unpacks to more than"):
        load_import(bomb, "bomb.zip")


def test_a_zip_of_the_unpacked_folder_and_of_several_journals() -> None:
    journal = JSON_FILE.read_bytes()
    nested = load_import(
        _zip({"Export/Journal.json": journal, "Export/photos/a.png": b"x"}), "n.zip"
    )
    assert len(nested.entries) == 5 and nested.skipped_media == 1
    other = json.dumps(
        {"metadata": {}, "entries": [{**_document()["entries"][0], "uuid": "B" * 32}]}
    )
    both = load_import(_zip({"Work.json": journal, "Home.json": other.encode()}), "all.zip")
    assert len(both.entries) == 6


def test_wrong_source_and_detection() -> None:
    assert detect(ZIP_FILE.read_bytes()) == "dayone-zip"
    assert detect(JSON_FILE.read_bytes()) == "dayone-json"
    with pytest.raises(
        FormatError,
        match=r"^Journal\.json is not a jrnl export: it looks like a Day One JSON export$",
    ):
        load_import(JSON_FILE, source="jrnl")
    with pytest.raises(
        FormatError, match="is not a reflect export: it looks like a Day One export"
    ):
        load_import(ZIP_FILE, source="reflect")


def test_importing_twice_adds_nothing(journal: Journal) -> None:
    first = journal.import_entries(load_import(ZIP_FILE).entries)
    assert len(first.added) == 5
    second = journal.import_entries(load_import(JSON_FILE).entries)
    assert (second.added, len(second.already_present)) == ((), 5)
    assert journal.get("79c3b972").shift_date == date(2026, 10, 20)


def test_a_refused_import_leaves_the_journal_bytes_unchanged(journal: Journal) -> None:
    journal.create({"lesson": "already here"}, shift_date=date(2026, 11, 1))
    before = journal.paths.journal.read_bytes()
    for raw in (ZIP_FILE.read_bytes()[:-30], JSON_FILE.read_bytes()[:500]):
        with pytest.raises(FormatError):
            journal.import_entries(load_import(raw, "bad.zip", "dayone").entries)
    assert journal.paths.journal.read_bytes() == before


# -- robustness -------------------------------------------------------------------------------


def _only_format_errors(raw: bytes, source: str | None) -> None:
    try:
        result = load_import(raw, "fuzz", source)
    except FormatError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert isinstance(result, LoadedImport)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from([None, "dayone"]))
def test_random_bytes_raise_only_format_errors(raw: bytes, source: str | None) -> None:
    _only_format_errors(raw, source)
    _only_format_errors(dayone.ZIP_MAGIC + raw, source)


@settings(max_examples=300)
@given(st.sampled_from([ZIP_FILE.read_bytes(), JSON_FILE.read_bytes()]), st.data())
def test_truncated_and_damaged_files_raise_only_format_errors(
    raw: bytes, data: st.DataObject
) -> None:
    cut = data.draw(st.integers(0, len(raw)))
    _only_format_errors(raw[:cut], data.draw(st.sampled_from([None, "dayone"])))
    where = data.draw(st.integers(0, len(raw) - 1))
    damaged = raw[:where] + bytes([raw[where] ^ data.draw(st.integers(1, 255))]) + raw[where + 1 :]
    _only_format_errors(damaged, None)


@settings(max_examples=200)
@given(
    st.dictionaries(
        st.sampled_from(
            ["uuid", "creationDate", "modifiedDate", "timeZone", "text", "tags", "starred"]
        ),
        st.none()
        | st.booleans()
        | st.integers()
        | st.text(max_size=30)
        | st.lists(st.text(max_size=8)),
    )
)
def test_odd_entry_values_are_rejected_not_crashing(item: dict[str, object]) -> None:
    raw = json.dumps({"metadata": {}, "entries": [item]}).encode()
    _only_format_errors(raw, "dayone")
