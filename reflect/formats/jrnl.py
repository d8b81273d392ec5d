"""jrnl's files: its JSON export (``jrnl --format json``) and its plain-text journal.

The text journal is read the way jrnl itself reads it (an entry starts at a line
``[<date in the journal's timeformat>] ``; the title is the first line, or the first
sentence when the entry is one line), so the JSON export and the journal file of the same
journal give the same entries, with the same ids: importing both adds each entry once.

jrnl keeps no id of its own (only journals kept in Day One's folder format have a
``uuid``), so the id is a hash of the entry's date, time and text. jrnl times carry no
time zone: they are read in the zone given, by default this machine's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, tzinfo
from typing import Any

from reflect.errors import FormatError, InvalidEntry
from reflect.formats import Rejected
from reflect.formats.imported import (
    LoadedImport,
    check_item_count,
    decode_text,
    lenient_tags,
    normalise_id,
    parse_json,
    stable_id,
)
from reflect.formats.sections import split_sections
from reflect.model import Entry

SOURCE = "jrnl"
DEFAULT_TIME_FORMAT = "%Y-%m-%d %H:%M"
COMMON_TIME_FORMATS = (
    DEFAULT_TIME_FORMAT,
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %I:%M %p",
    "%Y-%m-%d %I:%M:%S %p",
)
"""Tried in turn when no time format is given: unambiguous ones only (no 03/04/2026)."""

TAG_SYMBOLS = "#@"

# Straight from jrnl (jrnl/journals/Journal.py and Entry.py), so titles, bodies and tags
# come out exactly as jrnl's own JSON export has them.
_DATE_LINE = re.compile(r"(?:^|\n)\[([^\]\n]+)\] ")
_SENTENCE_END = re.compile(
    r"([.!?\u2026\u203C\u203D\u2047\u2048\u2049\u22EF\uFE52\uFE57]['\u2019\"\u201D]?[\])]*\s+)"
    r"|[\uFF01\uFF0E\uFF1F\uFF61\u3002]"
)
_TAG = re.compile(rf"(?<!\S)([{TAG_SYMBOLS}][-+*#/\w]+)")


# -- JSON export ------------------------------------------------------------------------------


def looks_like_json_export(document: object) -> bool:
    """jrnl's JSON: ``{"tags": {...}, "entries": [{"title", "body", "date", ...}]}``."""
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        return False
    entries = document["entries"]
    if not entries:
        return isinstance(document.get("tags"), dict) and "metadata" not in document
    first = entries[0]
    return isinstance(first, dict) and {"title", "date"} <= first.keys()


def load_json(raw: bytes, name: str, *, tz: tzinfo | None = None) -> LoadedImport:
    """Read ``jrnl --format json`` output; ``tz`` is the zone its times were written in."""
    return from_document(parse_json(raw, name), name, tz=tz)


def from_document(document: object, name: str, *, tz: tzinfo | None = None) -> LoadedImport:
    """Entries of an already decoded jrnl JSON export."""
    if not looks_like_json_export(document):
        raise FormatError(f'{name} is not a jrnl JSON export (no "entries" with title and date)')
    assert isinstance(document, dict)
    result = LoadedImport(format="jrnl-json")
    items: list[Any] = document["entries"]
    check_item_count(len(items), name)
    repeats: Counter[str] = Counter()
    seen: set[str] = set()
    for position, item in enumerate(items, start=1):
        try:
            if not isinstance(item, Mapping):
                raise InvalidEntry("an entry must be a JSON object")
            entry = _entry(
                _json_day(item.get("date")),
                _json_time(item.get("time")),
                _text_field(item, "title"),
                _text_field(item, "body"),
                item.get("tags") or [],
                starred=item.get("starred") is True,
                given_id=item.get("uuid"),
                repeats=repeats,
                tz=tz,
            )
        except InvalidEntry as error:
            result.rejected.append(Rejected(position, str(error)))
            continue
        _keep(result, seen, position, entry)
    return result


def _text_field(item: Mapping[str, Any], key: str) -> str:
    value = item.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidEntry(f"{key} must be text")
    return value


def _json_day(value: object) -> date:
    if isinstance(value, str):
        try:
            return datetime.strptime(value, "%Y-%m-%d").date()
        except ValueError:
            pass
    raise InvalidEntry(f"date {value!r} is not a day written YYYY-MM-DD")


def _json_time(value: object) -> time:
    if isinstance(value, str):
        for pattern in ("%H:%M", "%H:%M:%S"):
            try:
                return datetime.strptime(value, pattern).time()
            except ValueError:
                continue
    raise InvalidEntry(f"time {value!r} is not a time written HH:MM")


# -- plain-text journal -----------------------------------------------------------------------


def check_time_format(time_format: str) -> None:
    """A time format must read back what it writes, or no entry line could ever match."""
    sample = datetime(2026, 11, 3, 18, 30)
    try:
        written = sample.strftime(time_format)
        read = datetime.strptime(written, time_format)
    except ValueError:
        read = None
    if read is None or read.date() != sample.date() or "]" in written or "\n" in written:
        raise FormatError(
            f"time format {time_format!r} cannot be used: it must write and read back a date "
            'and a time, like "%Y-%m-%d %H:%M"'
        )


def guess_time_format(text: str, time_format: str | None = None) -> str | None:
    """The time format the journal's first entry line is written in, or ``None``.

    With ``time_format`` given, only that one is tried.
    """
    first = _DATE_LINE.match(text.lstrip("\n"))
    if first is None:
        return None
    for candidate in (time_format,) if time_format else COMMON_TIME_FORMATS:
        if _read_date(first.group(1), candidate) is not None:
            return candidate
    return None


def load_text(
    raw: bytes, name: str, *, time_format: str | None = None, tz: tzinfo | None = None
) -> LoadedImport:
    """Read a jrnl journal file written with ``time_format`` (guessed when ``None``)."""
    if time_format is not None:
        check_time_format(time_format)
    text = decode_text(raw, name).replace("\r\n", "\n")
    if not text.strip():
        raise FormatError(f"{name} is empty")
    found = guess_time_format(text, time_format)
    if found is None:
        if time_format is None:
            raise FormatError(
                f"{name} is not a jrnl journal: its first line does not start with a date "
                'like "[2026-11-03 18:30] "; if it was written with another time format, '
                "give that format"
            )
        raise FormatError(
            f"{name} is not a jrnl journal written with the time format {time_format!r}: "
            "its first line does not start with such a date in brackets"
        )
    result = LoadedImport(format="jrnl-text")
    repeats: Counter[str] = Counter()
    seen: set[str] = set()
    starts = [
        (match, moment)
        for match in _DATE_LINE.finditer(text)
        if (moment := _read_date(match.group(1), found)) is not None
    ]
    check_item_count(len(starts), name)
    for position, (match, moment) in enumerate(starts, start=1):
        end = starts[position][0].start() if position < len(starts) else len(text)
        raw_entry = text[match.end() : end]
        title, body, starred = _title_and_body(raw_entry)
        try:
            entry = _entry(
                moment.date(),
                moment.time(),
                title,
                body,
                {tag.lower() for tag in _TAG.findall(raw_entry)},
                starred=starred,
                given_id=None,
                repeats=repeats,
                tz=tz,
            )
        except InvalidEntry as error:
            line = text.count("\n", 0, match.end()) + 1
            result.rejected.append(Rejected(position, f"line {line}: {error}"))
            continue
        _keep(result, seen, position, entry)
    return result


def _read_date(blob: str, time_format: str) -> datetime | None:
    try:
        return datetime.strptime(blob, time_format)
    except ValueError:
        return None


def _title_and_body(raw_entry: str) -> tuple[str, str, bool]:
    """jrnl's own split: a trailing (or leading) ``*`` on the first line stars the entry."""
    lines = raw_entry.splitlines()
    starred = bool(lines) and lines[0].strip().endswith("*")
    if starred:
        raw_entry = lines[0].strip("\n *") + "\n" + "\n".join(lines[1:])
    newline = raw_entry.lstrip().find("\n")
    if newline >= 0:
        cut = newline + 1  # jrnl's own quirk: found in the stripped text, cut in the original
    else:
        sentence = _SENTENCE_END.search(raw_entry)
        if sentence is None:
            return raw_entry.strip(), "", starred
        cut = sentence.end()
    return raw_entry[:cut].strip(), raw_entry[cut:].strip(), starred


# -- both -------------------------------------------------------------------------------------


def _entry(
    day: date,
    moment: time,
    title: str,
    body: str,
    tags: Iterable[object],
    *,
    starred: bool,
    given_id: object,
    repeats: Counter[str],
    tz: tzinfo | None,
) -> Entry | None:
    """One entry (``None`` when it has no text): title and body go through the sections."""
    if isinstance(tags, str) or not isinstance(tags, Iterable):
        raise InvalidEntry("tags must be a list of text")
    title, body = title.strip(), body.strip()
    text = f"{title}\n{body}" if body else title
    if not text.strip():
        return None
    entry_id = normalise_id(given_id)
    if entry_id is None:
        # Same date, time and text twice in one journal: two entries, told apart by order.
        key = stable_id(SOURCE, day.isoformat(), moment.strftime("%H:%M"), title, body)
        repeats[key] += 1
        entry_id = key if repeats[key] == 1 else stable_id(key, str(repeats[key]))
    try:
        naive = datetime.combine(day, moment)
        created = naive.replace(tzinfo=tz) if tz is not None else naive.astimezone()
    except (ValueError, OverflowError, OSError):
        raise InvalidEntry(f"{day.isoformat()} is out of range") from None
    return Entry.from_dict(
        {
            "id": entry_id,
            "shift_date": day.isoformat(),
            "created_at": created,
            "updated_at": created,
            **split_sections(text),
            "tags": lenient_tags(sorted(tags, key=str), starred=starred),  # jrnl's are a set
            "source": SOURCE,
        }
    )


def _keep(result: LoadedImport, seen: set[str], position: int, entry: Entry | None) -> None:
    """Add the entry, unless it is empty or its id (a uuid given twice) is taken."""
    if entry is None:
        result.empty.append(position)
    elif entry.id in seen:
        result.rejected.append(Rejected(position, f"id {entry.id} appears twice in the file"))
    else:
        seen.add(entry.id)
        result.entries.append(entry)
