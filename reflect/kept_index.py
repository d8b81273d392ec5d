"""The match index of my own entries, kept whole on disk, so that a fresh process (the
app, ``reflect similar``) can search a large journal at once instead of rebuilding it.

:mod:`reflect.analysis_cache` already spares a fresh process from cutting every entry into
words again, but putting 50,000 kept analyses back into an index still means building
50,000 entries and a million postings one by one (about a second and a half). This file
keeps the index itself: its postings, term by term and entry by entry, as flat arrays of
numbers that load with a few copies, and a term's postings are only made into a
dictionary when a search first asks for that term.

It is derived data, never a second source of truth:

- Each row names an entry by id and by the ``updated_at`` it was analysed at. A process
  loading the file compares those with the journal's stored documents (no entry is
  built for that); a row whose entry changed or left the journal is dropped, and entries
  the file does not know are analysed as usual. The file is written again when too many
  rows were out of date.
- The header carries the same fingerprint as the analysis cache (lexicon, glossary,
  tuning, reflect's version) and the byte order of the machine: any difference and the
  file is ignored.
- A file that cannot be read (damaged, cut short, another version) is ignored, never
  reported: the index is then built from the journal, as without it.
- It is written atomically and owner-only, in ``<home>/cache/``, sealed like every
  private file when the home is encrypted (``reflect.vault``). Mentors' shared
  entries are not in it (they come from bundles, already analysed by the analysis cache).

Format: ``MAGIC``, one line of JSON (version, fingerprint, byte order, row count, the
CRC-32 of everything after the line, and the name, type code and byte length of each
section), then the sections' bytes in that order. Sections are :mod:`array` buffers
(``i`` 32-bit integers, ``d`` floats, ``B`` flags) or UTF-8 text: ``ids`` and
``versions`` (one per line, row after row), ``vocab`` and ``theme_vocab`` (a name per
line), ``plain`` (a JSON list of [challenge, lesson] pairs). A posting list is stored
twice, term-major (``t_*``, ``h_*``: what a search reads) and row-major (``r_*``, ``e_*``:
what removing an entry and explaining a match read). The CRC and the section lengths let
a damaged file be ignored before any of its numbers is used.
"""

from __future__ import annotations

import contextlib
import itertools
import operator
import sys
import zlib
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from reflect.errors import ReflectError
from reflect.storage import atomic_write
from reflect.vault import read_private

FILE_NAME = "match-index.bin"
MAGIC = b"reflect kept match index\n"
VERSION = 1
_HEADER_LIMIT = 1 << 16

_Arrays = tuple["array[int]", "array[int]", "array[float]"]


@dataclass(frozen=True)
class KeptRow:
    """One of my entries as the index holds it (what :class:`~reflect.match.MatchIndex`
    hands over when the file is written)."""

    entry_id: str
    version: str  # the entry's updated_at, as isoformat() writes it
    length: float
    day: int
    has_lesson: bool
    terms: dict[str, float]
    themes: dict[str, float]
    plain: tuple[str, str]


class KeptPostings:
    """One kind of postings (terms, or themes) in both orders, as flat arrays."""

    def __init__(
        self,
        names: list[str],
        by_name: _Arrays,
        by_row: _Arrays,
    ) -> None:
        self.names = names
        self.number = {name: at for at, name in enumerate(names)}
        self._starts, self._rows, self._weights = by_name
        self._row_starts, self._row_names, self._row_weights = by_row

    def of_name(self, name: str) -> dict[int, float] | None:
        """Row -> weight for one term (None when no row has it)."""
        at = self.number.get(name)
        if at is None:
            return None
        start, end = self._starts[at], self._starts[at + 1]
        return dict(zip(self._rows[start:end], self._weights[start:end], strict=True))

    def count(self, name: str) -> int:
        at = self.number.get(name)
        return 0 if at is None else self._starts[at + 1] - self._starts[at]

    def of_row(self, row: int) -> dict[str, float]:
        """Name -> weight for one row."""
        start, end = self._row_starts[row], self._row_starts[row + 1]
        names = self.names
        return {
            names[at]: weight
            for at, weight in zip(
                self._row_names[start:end], self._row_weights[start:end], strict=True
            )
        }


@dataclass
class KeptIndex:
    """The file's content, read back: rows, and postings made into dictionaries on demand."""

    entry_ids: list[str]
    versions: list[str]
    lengths: array[float]
    days: array[int]
    lessons: bytes
    terms: KeptPostings
    themes: KeptPostings
    _plain_text: bytes
    _plain: list[tuple[str, str]] | None = None

    def __len__(self) -> int:
        return len(self.entry_ids)

    def plain(self, row: int) -> tuple[str, str] | None:
        """The challenge and lesson of a row as normalised for meaning (read on first use);
        None if that section is damaged (the caller works them out again)."""
        if self._plain is None:
            try:
                pairs = orjson.loads(self._plain_text)
                self._plain = [(str(pair[0]), str(pair[1])) for pair in pairs]
            except (orjson.JSONDecodeError, TypeError, IndexError, KeyError):
                self._plain = []
            if len(self._plain) != len(self.entry_ids):
                self._plain = []
        return self._plain[row] if self._plain else None


# -- writing --------------------------------------------------------------------------


def _postings_arrays(rows: Sequence[dict[str, float]]) -> tuple[list[str], _Arrays, _Arrays]:
    names: dict[str, int] = {}
    lists: list[tuple[list[int], list[float]]] = []
    row_starts, row_names, row_weights = array("i", [0]), array("i"), array("d")
    for row, values in enumerate(rows):
        for name, weight in values.items():
            at = names.get(name)
            if at is None:
                at = names[name] = len(lists)
                lists.append(([], []))
            lists[at][0].append(row)
            lists[at][1].append(weight)
            row_names.append(at)
            row_weights.append(weight)
        row_starts.append(len(row_names))
    starts, slots, weights = array("i", [0]), array("i"), array("d")
    for found_rows, found_weights in lists:
        slots.extend(found_rows)
        weights.extend(found_weights)
        starts.append(len(slots))
    return list(names), (starts, slots, weights), (row_starts, row_names, row_weights)


def _text_lines(lines: Iterable[str]) -> bytes:
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def encode(fingerprint: str, rows: Sequence[KeptRow]) -> bytes:
    """The file's bytes for ``rows`` (row numbers are their places in ``rows``)."""
    term_names, term_by_name, term_by_row = _postings_arrays([row.terms for row in rows])
    theme_names, theme_by_name, theme_by_row = _postings_arrays([row.themes for row in rows])
    sections: list[tuple[str, str, bytes]] = [
        ("ids", "t", _text_lines(row.entry_id for row in rows)),
        ("versions", "t", _text_lines(row.version for row in rows)),
        ("lengths", "d", array("d", (row.length for row in rows)).tobytes()),
        ("days", "i", array("i", (row.day for row in rows)).tobytes()),
        ("lessons", "B", bytes(int(row.has_lesson) for row in rows)),
        ("vocab", "t", _text_lines(term_names)),
        ("theme_vocab", "t", _text_lines(theme_names)),
        ("plain", "t", orjson.dumps([list(row.plain) for row in rows])),
    ]
    groups: list[tuple[str, _Arrays]] = [
        ("t_", term_by_name), ("r_", term_by_row), ("h_", theme_by_name), ("e_", theme_by_row),
    ]  # fmt: skip
    for prefix, (starts, names, weights) in groups:
        sections += [
            (prefix + "starts", starts.typecode, starts.tobytes()),
            (prefix + "names", names.typecode, names.tobytes()),
            (prefix + "weights", weights.typecode, weights.tobytes()),
        ]
    body = b"".join(data for _, _, data in sections)
    header = {
        "version": VERSION,
        "crc32": zlib.crc32(body),
        "fingerprint": fingerprint,
        "byteorder": sys.byteorder,
        "count": len(rows),
        "sections": [[name, code, len(data)] for name, code, data in sections],
    }
    return b"".join((MAGIC, orjson.dumps(header), b"\n", body))


def save(folder: Path, fingerprint: str, rows: Sequence[KeptRow]) -> None:
    """Keep ``rows`` in ``folder``; failing to write is not an error (it only saves time)."""
    data = encode(fingerprint, rows)
    with contextlib.suppress(OSError, ReflectError):  # ReflectError: the home locked meanwhile
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        atomic_write(folder / FILE_NAME, data)


# -- reading --------------------------------------------------------------------------


class _Unreadable(Exception):
    pass


def _numbers(code: str, data: memoryview, *, count: int | None = None) -> array[Any]:
    values = array(code)
    if len(data) % values.itemsize:
        raise _Unreadable
    values.frombytes(data)
    if count is not None and len(values) != count:
        raise _Unreadable
    return values


def _lines(data: memoryview) -> list[str]:
    return str(data, "utf-8", "surrogatepass").split("\n") if data else []


def _postings(
    parts: dict[str, memoryview], prefix: str, names: list[str], rows: int
) -> KeptPostings:
    """One kind of postings, checked so that no number points outside the file's rows and
    names (a damaged file must not make a search fail later)."""
    starts = _numbers("i", parts[prefix[0] + "_starts"], count=len(names) + 1)
    slots = _numbers("i", parts[prefix[0] + "_names"])
    weights = _numbers("d", parts[prefix[0] + "_weights"], count=len(slots))
    row_starts = _numbers("i", parts[prefix[1] + "_starts"], count=rows + 1)
    row_names = _numbers("i", parts[prefix[1] + "_names"], count=len(slots))
    row_weights = _numbers("d", parts[prefix[1] + "_weights"], count=len(slots))
    for bounds in (starts, row_starts):
        if bounds[0] != 0 or bounds[-1] != len(slots):
            raise _Unreadable
        if not all(map(operator.le, bounds, itertools.islice(bounds, 1, None))):
            raise _Unreadable
    return KeptPostings(names, (starts, slots, weights), (row_starts, row_names, row_weights))


def decode(raw: bytes, fingerprint: str) -> KeptIndex | None:
    """The file's content, or None if it is not a readable index made the same way."""
    try:
        return _decode(raw, fingerprint)
    except (_Unreadable, orjson.JSONDecodeError, KeyError, ValueError, TypeError, IndexError):
        return None


def _decode(raw: bytes, fingerprint: str) -> KeptIndex | None:
    if not raw.startswith(MAGIC):
        return None
    end = raw.find(b"\n", len(MAGIC), len(MAGIC) + _HEADER_LIMIT)
    if end < 0:
        return None
    header = orjson.loads(raw[len(MAGIC) : end])
    if not (
        isinstance(header, dict)
        and header.get("version") == VERSION
        and header.get("fingerprint") == fingerprint
        and header.get("byteorder") == sys.byteorder
    ):
        return None
    if array("i").itemsize != 4:
        return None  # a platform this file's numbers were not written for
    count = header["count"]
    if not isinstance(count, int) or count < 0:
        return None
    parts: dict[str, memoryview] = {}
    at = end + 1
    view = memoryview(raw)
    for name, _code, size in header["sections"]:
        if not isinstance(size, int) or size < 0 or at + size > len(raw):
            return None
        parts[str(name)] = view[at : at + size]
        at += size
    if at != len(raw) or zlib.crc32(view[end + 1 :]) != header.get("crc32"):
        return None  # cut short, or damaged
    entry_ids, versions = _lines(parts["ids"]), _lines(parts["versions"])
    if len(entry_ids) != count or len(versions) != count or len(set(entry_ids)) != count:
        return None
    lessons = parts["lessons"]
    if len(lessons) != count:
        return None
    return KeptIndex(
        entry_ids=entry_ids,
        versions=versions,
        lengths=_numbers("d", parts["lengths"], count=count),
        days=_numbers("i", parts["days"], count=count),
        lessons=bytes(lessons),
        terms=_postings(parts, "tr", _lines(parts["vocab"]), count),
        themes=_postings(parts, "he", _lines(parts["theme_vocab"]), count),
        _plain_text=bytes(parts["plain"]),
    )


def load(folder: Path, fingerprint: str) -> KeptIndex | None:
    """The kept index in ``folder``, if there is a readable one made the same way."""
    try:
        raw = read_private(folder / FILE_NAME)  # opened here if the home is encrypted
    except (OSError, ReflectError):
        return None
    return decode(raw, fingerprint)
