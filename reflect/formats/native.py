"""reflect's own file format: ``{"format": "reflect", "version": 1, "entries": [...]}``."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson

from reflect.errors import FormatError, InvalidEntry
from reflect.formats import ParsedImport, Rejected
from reflect.formats.imported import check_item_count, parse_json
from reflect.model import Entry

FORMAT_NAME = "reflect"
FORMAT_VERSION = 1


def dump(entries: Iterable[Entry]) -> bytes:
    """Readable, indented UTF-8 JSON, oldest entry first."""
    ordered = sorted(entries, key=Entry.sort_key)
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "entries": [entry.to_dict() for entry in ordered],
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)


def _lowercase_id(item: Any) -> Any:
    """Ids are looked up lowercased (``reflect show``), so an imported one is stored so."""
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        lowered = item["id"].lower()
        if lowered != item["id"]:
            return {**item, "id": lowered}
    return item


def load(raw: bytes, name: str) -> ParsedImport:
    """Read a native export. The file as a whole must be right; single entries may be rejected."""
    document = parse_json(raw, name)
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise FormatError(f'{name} is not a reflect export (no "format": "reflect")')
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FormatError(f"{name} has no usable format version")
    if version > FORMAT_VERSION:
        raise FormatError(
            f"{name} is format version {version}; this reflect reads up to {FORMAT_VERSION}"
        )
    items = document.get("entries")
    if not isinstance(items, list):
        raise FormatError(f'{name} has no "entries" list')
    check_item_count(len(items), name)
    parsed = ParsedImport()
    seen: set[str] = set()
    for position, item in enumerate(items, start=1):
        try:
            entry = Entry.from_dict(_lowercase_id(item))
        except InvalidEntry as error:
            parsed.rejected.append(Rejected(position, str(error)))
            continue
        if entry.id in seen:
            parsed.rejected.append(Rejected(position, f"id {entry.id} appears twice in the file"))
            continue
        seen.add(entry.id)
        parsed.entries.append(entry)
    return parsed
