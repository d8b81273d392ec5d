"""What the jrnl and Day One importers share: the result type, ids, tags, decoding.

Kept apart from ``formats/__init__.py`` so the importers and ``detect`` can share it without
importing each other.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from reflect.errors import FormatError, InvalidEntry
from reflect.formats import ParsedImport
from reflect.model import MAX_TAGS, clean_tag

MAX_FILE_BYTES = 256 * 1024 * 1024
"""The largest journal document read into memory (a Day One JSON of decades is far smaller)."""

STARRED_TAG = "starred"

MAX_IMPORT_ITEMS = 100_000
"""The most items one import considers: thirty years of reflections several times a day,
far below what would exhaust memory. A file with more is refused before its items are read."""
MAX_JSON_CONTAINERS = 2_000_000
"""An upper bound on a JSON import's objects and lists, counted in the raw bytes before
parsing: a small zip can unpack to millions of ``{}``, each costing memory when parsed."""


def check_item_count(count: int, name: str) -> None:
    """Refuse a file holding more items than one import considers."""
    if count > MAX_IMPORT_ITEMS:
        raise FormatError(
            f"{name} holds {count:,} items, more than the {MAX_IMPORT_ITEMS:,} one import "
            "reads; that is not a journal reflect can import"
        )


def too_many_containers(raw: bytes) -> bool:
    """Whether ``raw`` could hold more JSON objects and lists than an import parses (a cheap
    count of brackets; those inside strings only make it an overestimate)."""
    return raw.count(b"{") + raw.count(b"[") > MAX_JSON_CONTAINERS


@dataclass
class LoadedImport(ParsedImport):
    """A parsed import file, with what was deliberately left out and what the file was.

    ``empty`` lists the positions of items that hold no text at all (a Day One entry that
    is only a photo, an empty jrnl entry): nothing to import, and nothing wrong either, so
    they are neither entries nor rejections. ``skipped_media`` counts the files of a Day One
    zip that are not the journal (photos, videos, ...), which reflect does not keep.
    """

    format: str = ""
    """What the file turned out to be: the name of a file kind in
    :mod:`reflect.formats.registry` ("jrnl-text", ...)."""
    skipped_media: int = 0
    empty: list[int] = field(default_factory=list)

    @property
    def source(self) -> str:
        """The entry ``source`` this format maps to: "reflect", "jrnl" or "dayone"."""
        return self.format.split("-", 1)[0]


def read_capped(path: Path, name: str) -> bytes:
    """The file's bytes, unless it is too large to be a journal (it is then not read)."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise FormatError(
            f"{name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; "
            "that is not a journal reflect can read"
        )
    return path.read_bytes()


def decode_text(raw: bytes, name: str) -> str:
    """UTF-8 text (a byte-order mark is dropped), or a one-line FormatError."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FormatError(f"{name} is not UTF-8 text (byte {error.start})") from None


def parse_json(raw: bytes, name: str) -> Any:
    """A JSON document, or a one-line FormatError saying where it breaks (or that it holds
    far too many objects to be a journal, before memory is spent on them)."""
    if too_many_containers(raw):
        raise FormatError(
            f"{name} holds more than {MAX_JSON_CONTAINERS:,} JSON objects and lists; "
            "that is not a journal reflect can import"
        )
    text = decode_text(raw, name)
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise FormatError(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None


def normalise_id(value: object) -> str | None:
    """The model's form of a foreign id: a UUID as lowercase hex, else the id lowercased.

    Lowercase because ``Journal.get`` looks ids up lowercased. ``None`` when the value
    cannot be an id (the caller then hashes it, or the content).
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        return uuid.UUID(text).hex
    except ValueError:
        pass
    lowered = text.lower()
    if 8 <= len(lowered) <= 64 and all(c.isascii() and (c.isalnum() or c in "-_") for c in lowered):
        return lowered
    return stable_id("id", text)


def stable_id(*parts: str) -> str:
    """32 hex characters derived from ``parts``: the same content gives the same id."""
    digest = hashlib.sha256("\x00".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def lenient_tags(values: Iterable[object], *, starred: bool) -> list[str]:
    """Tags that fit the model, in order; the others are dropped, not fatal.

    For jrnl, whose tags are words of the text itself: a tag that cannot be kept (jrnl
    reads a Markdown ``##`` as a tag) is still there in the entry's text.
    """
    kept: list[str] = []
    for value in values:
        try:
            tag = clean_tag(value)
        except InvalidEntry:
            continue
        if tag not in kept:
            kept.append(tag)
    if starred:
        others = [tag for tag in kept if tag != STARRED_TAG]
        return [*others[: MAX_TAGS - 1], STARRED_TAG]
    return kept[:MAX_TAGS]
