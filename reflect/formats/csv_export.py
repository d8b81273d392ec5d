"""``reflect export --format csv``: one row per entry, for spreadsheets and other tools.

RFC 4180 (``csv`` module: comma-separated, ``"``-quoted when needed, CRLF line ends), UTF-8
without a byte-order mark, a header row first. Rows go oldest first. The columns, in this
order, never change meaning; new ones may only be added at the end:

``id, shift_date, created_at, updated_at, mood, tags, challenge, grateful, kindness,
lesson, note, source``

``tags`` are joined with ``;`` (a tag never holds ``;``, ``,`` or spaces), ``mood`` is
empty when not set, times are ISO 8601 with their UTC offset. Texts keep their line
breaks inside quotes. Sharing (``shared_with``) is not exported: it is about who may read
an entry, not about the entry.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or a
carriage return) as a formula, so such a cell is written with a ``'`` in front, the usual
neutralisation that spreadsheets show as text. So that this can always be undone, a cell
that starts with ``'`` gets one more: a program reading the file drops one leading ``'``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from reflect.model import Entry

COLUMNS = (
    "id",
    "shift_date",
    "created_at",
    "updated_at",
    "mood",
    "tags",
    "challenge",
    "grateful",
    "kindness",
    "lesson",
    "note",
    "source",
)
TAG_SEPARATOR = ";"


def dump(entries: Iterable[Entry]) -> bytes:
    """UTF-8 CSV with a header, oldest entry first."""
    ordered = sorted(entries, key=Entry.sort_key)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(row(entry) for entry in ordered)
    return buffer.getvalue().encode("utf-8")


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def cell(value: str) -> str:
    """``value`` as a spreadsheet takes it: never as a formula (see the module's docstring)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def row(entry: Entry) -> list[str]:
    """An entry's cells, in the order of ``COLUMNS``."""
    return [cell(value) for value in _values(entry)]


def _values(entry: Entry) -> list[str]:
    return [
        entry.id,
        entry.shift_date.isoformat(),
        entry.created_at.isoformat(),
        entry.updated_at.isoformat(),
        "" if entry.mood is None else str(entry.mood),
        TAG_SEPARATOR.join(entry.tags),
        entry.challenge,
        entry.grateful,
        entry.kindness,
        entry.lesson,
        entry.note,
        entry.source,
    ]
