"""``reflect export --format md``: the selected entries as one readable Markdown document.

Newest month and day first: a ``##`` heading per month, a ``###`` heading per day, and
under it each entry's mood and tags on one line, then its texts under small ``####``
headings (empty ones are left out). Entries of one day come in the order they were
written, parted by a ``---`` rule. Nothing else
goes in: no ids, no sharing, no drafts, no one else's entries.

A line of an entry's text that Markdown would read as a heading or a rule gets a
backslash in front (``\\# not a heading``), which Markdown viewers hide; so the document
reads right. Raw HTML never passes through: ``<`` and ``&`` are written ``\\<`` and
``\\&``, so a viewer shows ``<b>`` as typed instead of running it as HTML. A backslash
that would escape the character after it gets one of its own (``\\\\``). A program reads
the texts back by turning every backslash before ASCII punctuation into that character.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from reflect.dates import MONTH_NAMES, WEEKDAY_NAMES
from reflect.model import ALL_TEXT_FIELDS, Entry

TITLE = "# Reflections"
FIELD_HEADINGS = {
    "challenge": "Challenge",
    "grateful": "Grateful",
    "kindness": "Kindness",
    "lesson": "Lesson",
    "note": "Note",
}
ENTRY_RULE = "---"
_NEEDS_ESCAPE = re.compile(
    r"^(?P<indent> {0,3})(?=#|(?:[-*_][ \t]*){3,}$|=+[ \t]*$|-+[ \t]*$)"
)  # a heading, a rule or a setext underline (a backslash is escaped by _INLINE, anywhere)


def dump(entries: Iterable[Entry]) -> bytes:
    """UTF-8 Markdown, newest month and day first; within a day, in the order written."""
    ordered = sorted(entries, key=Entry.sort_key)
    lines = [TITLE, ""]
    if not ordered:
        lines += ["No entries.", ""]
    by_day = [
        (day, list(group))
        for day, group in itertools.groupby(ordered, key=lambda entry: entry.shift_date)
    ]
    by_day.reverse()
    month = None
    for day, day_entries in by_day:
        if (day.year, day.month) != month:
            month = (day.year, day.month)
            lines += [f"## {MONTH_NAMES[day.month - 1]} {day.year}", ""]
        title = f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
        lines += [f"### {title}", ""]
        for index, entry in enumerate(day_entries):
            if index:
                lines += [ENTRY_RULE, ""]
            lines += _entry_lines(entry)
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")


def meta_line(entry: Entry) -> str | None:
    """``Mood: 4/5 · Tags: refunds, calm``; ``None`` when the entry has neither."""
    parts = []
    if entry.mood is not None:
        parts.append(f"Mood: {entry.mood}/5")
    if entry.tags:
        parts.append("Tags: " + ", ".join(entry.tags))
    return " · ".join(parts) or None


def _entry_lines(entry: Entry) -> list[str]:
    lines: list[str] = []
    meta = meta_line(entry)
    if meta is not None:
        lines += [f"*{meta}*", ""]
    for name in ALL_TEXT_FIELDS:
        text: str = getattr(entry, name)
        if text:
            lines += [f"#### {FIELD_HEADINGS[name]}", "", *_escaped(text), ""]
    return lines


_INLINE = re.compile(r"\\(?=[!-/:-@\[-`{-~])|[<&]")
"""What must be escaped anywhere in a line: HTML's two openers, and a backslash that
would otherwise escape the punctuation after it."""


def _escaped(text: str) -> list[str]:
    return [_escaped_line(line) for line in text.split("\n")]


def _escaped_line(line: str) -> str:
    start = _NEEDS_ESCAPE.match(line)
    head = "" if start is None else start["indent"] + "\\"
    rest = line if start is None else line[start.end() :]
    return head + _INLINE.sub(lambda match: "\\" + match.group(), rest)
