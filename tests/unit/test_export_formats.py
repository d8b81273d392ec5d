"""Markdown and CSV exports: what they look like, and that they read back to the same entries."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.dates import MONTH_NAMES
from reflect.errors import InvalidEntry
from reflect.formats import csv_export, markdown_export, native
from reflect.model import ALL_TEXT_FIELDS, Entry

SEEDS = Path(__file__).parent.parent.parent / "seeds" / "demo-journal.json"
T0 = datetime(2026, 11, 3, 18, 30, tzinfo=UTC)


def _entry(day: date, minutes: int = 0, **fields: Any) -> Entry:
    moment = T0 + timedelta(minutes=minutes)
    return Entry.from_dict(
        {
            "id": f"{day:%Y%m%d}{minutes:04d}aaaa",
            "shift_date": day.isoformat(),
            "created_at": moment,
            "updated_at": moment,
            **fields,
        }
    )


# -- reading the exports back (test-only helpers) ---------------------------------------------


@dataclass
class MarkdownEntry:
    shift_date: date
    mood: int | None = None
    tags: tuple[str, ...] = ()
    texts: dict[str, str] = field(default_factory=dict)
    lines: dict[str, list[str]] = field(default_factory=dict, compare=False)


_MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}
_DAY = re.compile(r"^### \w+ (\d{1,2}) (\w+) (\d{4})$")
_FIELD_OF = {heading: name for name, heading in markdown_export.FIELD_HEADINGS.items()}
_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
"""The export's one escape: a backslash before ASCII punctuation stands for that character."""


def read_markdown(document: bytes) -> list[MarkdownEntry]:
    """The entries of a Markdown export, in document order."""
    found: list[MarkdownEntry] = []
    current: list[str] | None = None
    lines = document.decode("utf-8").split("\n")
    assert lines[0] == markdown_export.TITLE
    for line in lines[1:]:
        day = _DAY.match(line)
        if day is not None:
            when = date(int(day[3]), _MONTHS[day[2]], int(day[1]))
            found.append(MarkdownEntry(when))
            current = None
        elif line == markdown_export.ENTRY_RULE:
            found.append(MarkdownEntry(found[-1].shift_date))
            current = None
        elif line.startswith("## "):
            current = None
        elif line.startswith("#### "):
            current = found[-1].lines.setdefault(_FIELD_OF[line[5:]], [])
        elif current is not None:
            current.append(_UNESCAPE.sub(r"\1", line))
        elif line.startswith("*") and found:
            for part in line[1:-1].split(" · "):
                key, _, value = part.partition(": ")
                if key == "Mood":
                    found[-1].mood = int(value.removesuffix("/5"))
                else:
                    found[-1].tags = tuple(value.split(", "))
    for entry in found:
        entry.texts = {name: "\n".join(lines).strip() for name, lines in entry.lines.items()}
    return found


def _cell(value: str) -> str:
    return value.removeprefix("'")  # the export's formula guard, undone


def read_csv(document: bytes) -> list[Entry]:
    reader = csv.DictReader(io.StringIO(document.decode("utf-8"), newline=""))
    assert tuple(reader.fieldnames or ()) == csv_export.COLUMNS
    rows = [{key: _cell(value) for key, value in row.items()} for row in reader]
    return [
        Entry.from_dict(
            {
                **row,
                "mood": int(row["mood"]) if row["mood"] else None,
                "tags": row["tags"].split(";") if row["tags"] else [],
            }
        )
        for row in rows
    ]


def _md_view(entry: Entry) -> MarkdownEntry:
    texts = {name: text for name, text in entry.texts.items() if text}
    return MarkdownEntry(entry.shift_date, entry.mood, entry.tags, texts)


def _md_order(entries: list[Entry]) -> list[Entry]:
    """Newest day first; within a day, in the order written."""
    return sorted(entries, key=lambda e: (-e.shift_date.toordinal(), e.created_at))


def _csv_view(entry: Entry) -> Entry:
    return replace(entry, shared_with=(), extra={})


# -- what the exports look like ---------------------------------------------------------------


def test_markdown_reads_like_a_journal() -> None:
    entries = [
        _entry(
            date(2026, 11, 3),
            challenge="Caller shouted about a late refund",
            grateful="Practised staying calm",
            lesson="# not a heading\n---\nName the feeling first",
            mood=3,
            tags=["refunds", "calm"],
        ),
        _entry(date(2026, 11, 3), 5, kindness="Covered a colleague's last hour"),
        _entry(date(2026, 10, 30), note="Short day.", shared_with=["mentor"]),
    ]
    assert markdown_export.dump(entries).decode("utf-8") == (
        "# Reflections\n"
        "\n"
        "## November 2026\n"
        "\n"
        "### Tuesday 3 November 2026\n"
        "\n"
        "*Mood: 3/5 · Tags: refunds, calm*\n"
        "\n"
        "#### Challenge\n"
        "\n"
        "Caller shouted about a late refund\n"
        "\n"
        "#### Grateful\n"
        "\n"
        "Practised staying calm\n"
        "\n"
        "#### Lesson\n"
        "\n"
        "\\# not a heading\n"
        "\\---\n"
        "Name the feeling first\n"
        "\n"
        "---\n"
        "\n"
        "#### Kindness\n"
        "\n"
        "Covered a colleague's last hour\n"
        "\n"
        "## October 2026\n"
        "\n"
        "### Friday 30 October 2026\n"
        "\n"
        "#### Note\n"
        "\n"
        "Short day.\n"
    )


def test_markdown_holds_nothing_but_the_entries() -> None:
    entry = _entry(date(2026, 11, 3), challenge="x", shared_with=["mentor"])
    document = markdown_export.dump([entry]).decode("utf-8")
    assert entry.id not in document and "mentor" not in document
    assert markdown_export.dump([]) == b"# Reflections\n\nNo entries.\n"


def test_csv_is_rfc_4180_with_a_header_and_oldest_first() -> None:
    entries = [
        _entry(date(2026, 11, 3), challenge='He said "refund, now"\nthen hung up', mood=2),
        _entry(date(2026, 11, 1), lesson="café ☕", tags=["refunds", "calm"]),
    ]
    document = csv_export.dump(entries)
    assert document.startswith(
        b"id,shift_date,created_at,updated_at,mood,tags,challenge,grateful,kindness,lesson,"
        b"note,source\r\n"
    )
    assert b'"He said ""refund, now""\nthen hung up"' in document
    assert "refunds;calm,,,,café ☕,,reflect\r\n".encode() in document
    assert document.endswith(b"\r\n") and not document.startswith(b"\xef\xbb\xbf")
    assert [entry.shift_date.day for entry in read_csv(document)] == [1, 3]
    assert csv_export.dump([]) == ",".join(csv_export.COLUMNS).encode() + b"\r\n"


# -- round trips ------------------------------------------------------------------------------


def test_the_demo_journal_survives_markdown_and_csv() -> None:
    entries = native.load(SEEDS.read_bytes(), SEEDS.name).entries
    assert len(entries) > 50
    assert read_markdown(markdown_export.dump(entries)) == [_md_view(e) for e in _md_order(entries)]
    in_order = sorted(entries, key=lambda e: (e.shift_date, e.created_at))
    assert read_csv(csv_export.dump(entries)) == [_csv_view(e) for e in in_order]


_TEXT = st.text(
    st.sampled_from(list("ab #-*=_\\\n\t:;,\"'é☕🙂<&@+"))
    | st.characters(exclude_categories=["Cs"]),
    max_size=40,
)
_TAG = st.from_regex(r"\A[a-z0-9=+'][a-z0-9_./*=+-]{0,10}\Z")


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    texts = {name: draw(_TEXT) for name in ALL_TEXT_FIELDS}
    day = draw(st.dates(date(2020, 1, 1), date(2030, 12, 31)))
    moment = datetime.combine(day, datetime.min.time(), UTC) + timedelta(
        minutes=draw(st.integers(0, 60 * 24 - 1))
    )
    try:
        return Entry.from_dict(
            {
                "id": draw(st.uuids()).hex,
                "shift_date": day.isoformat(),
                "created_at": moment,
                "updated_at": moment,
                **texts,
                "mood": draw(st.none() | st.integers(1, 5)),
                "tags": draw(st.lists(_TAG, max_size=4)),
                "source": draw(st.sampled_from(["reflect", "jrnl", "dayone"])),
            }
        )
    except InvalidEntry:
        return Entry.from_dict(
            {"id": "fallback-id", "shift_date": day.isoformat(), "created_at": moment,
             "updated_at": moment, "note": "n"}
        )  # fmt: skip


def test_lines_that_start_with_a_backslash_read_back_from_markdown() -> None:
    notes = ["\\&", "\\#not a heading", "\\a", "\\\\", "\\<b>", "# \\-"]
    moment = datetime(2020, 1, 1, tzinfo=UTC)
    written = [
        Entry.from_dict(
            {
                "id": f"{number:032x}",
                "shift_date": "2020-01-01",
                "created_at": moment,
                "updated_at": moment,
                "note": note,
            }
        )
        for number, note in enumerate(notes, start=1)
    ]
    read = read_markdown(markdown_export.dump(written))
    assert [entry.texts["note"] for entry in read] == notes


@settings(max_examples=200, deadline=None)
@given(st.lists(entries(), max_size=6, unique_by=lambda e: e.id))
def test_any_entries_read_back_from_markdown(generated: list[Entry]) -> None:
    document = markdown_export.dump(generated)
    assert read_markdown(document) == [_md_view(e) for e in _md_order(generated)]


@settings(max_examples=200, deadline=None)
@given(st.lists(entries(), max_size=6, unique_by=lambda e: e.id))
def test_any_entries_read_back_from_csv(generated: list[Entry]) -> None:
    in_order = sorted(generated, key=lambda e: (e.shift_date, e.created_at))
    assert read_csv(csv_export.dump(generated)) == [_csv_view(e) for e in in_order]


def test_csv_cells_never_start_a_formula() -> None:
    entry = Entry.from_dict(
        {"id": "f" * 32, "shift_date": "2026-11-03", "created_at": "2026-11-03T18:00:00+00:00",
         "updated_at": "2026-11-03T18:00:00+00:00", "challenge": '=HYPERLINK("http://x","y")',
         "grateful": "+1 for the team", "kindness": "-", "lesson": "@sup said so",
         "note": "'quoted", "tags": ["=cmd"]}
    )  # fmt: skip
    (row,) = list(csv.reader(io.StringIO(csv_export.dump([entry]).decode("utf-8"))))[1:]
    cells = dict(zip(csv_export.COLUMNS, row, strict=True))
    assert cells["challenge"] == """'=HYPERLINK("http://x","y")"""
    assert (cells["grateful"], cells["kindness"], cells["lesson"]) == (
        "'+1 for the team",
        "'-",
        "'@sup said so",
    )
    assert (cells["note"], cells["tags"]) == ("''quoted", "'=cmd")
    assert read_csv(csv_export.dump([entry])) == [_csv_view(entry)]


def test_markdown_never_carries_raw_html() -> None:
    entry = Entry.from_dict(
        {"id": "a" * 32, "shift_date": "2026-11-03", "created_at": "2026-11-03T18:00:00+00:00",
         "updated_at": "2026-11-03T18:00:00+00:00",
         "challenge": "cx pasted <script>alert(1)</script> &amp; <img src=x onerror=y> \\<b>"}
    )  # fmt: skip
    document = markdown_export.dump([entry]).decode("utf-8")
    bare = re.sub(r"\\[!-/:-@\[-`{-~]", "", document)  # what is left once escapes are read
    assert "<" not in bare and "&" not in bare
    assert read_markdown(document.encode())[0].texts["challenge"] == entry.challenge
