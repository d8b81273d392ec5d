"""Schema versions of the journal file and the path from each to the next.

Version 0 was the prototype: entries in TinyDB's ``_default`` table under numeric ids,
the day in ``date``, tags as one comma-separated string, and no ``id``, timestamps,
``shared_with`` or ``source``. Version 1 is the layout of DESIGN.md: tables ``entries``
(keyed by entry id), ``drafts``, ``contacts``, ``received`` and ``meta``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

from reflect.errors import InvalidEntry, JournalError
from reflect.storage import Tables

SCHEMA_VERSION = 1
META_TABLE = "meta"
META_KEY = "schema"


def schema_version(tables: Tables | None) -> int:
    """The version a stored journal is at; a new (empty) journal counts as current."""
    if not tables or not any(tables.values()):
        return SCHEMA_VERSION
    meta = tables.get(META_TABLE, {}).get(META_KEY)
    if meta is None:
        return 0
    version = meta.get("version") if isinstance(meta, dict) else None
    if not isinstance(version, int) or version < 0:
        raise JournalError("the journal's schema version is unreadable; run `reflect doctor`")
    return version


def _checked(document: dict[str, Any]) -> dict[str, Any]:
    """A migrated entry as the model writes it (trimmed, tags lowercased): the journal reads
    stored entries back without cleaning them again. One the model refuses is kept as it
    is, for doctor to report."""
    from reflect.model import Entry

    try:
        return Entry.from_dict(document).to_dict()
    except InvalidEntry:
        return document


def _v0_to_v1(tables: Tables) -> Tables:
    entries: dict[str, Any] = {}
    for key, old in tables.get("_default", {}).items():
        if not isinstance(old, dict):  # kept as it is: doctor reports it, nothing is lost
            entries[f"v0-{key}"] = old
            continue
        day = str(old.get("date") or date.today().isoformat())
        try:
            noon = datetime.combine(date.fromisoformat(day), time(12), tzinfo=UTC).isoformat()
        except ValueError:
            noon = datetime.now(UTC).isoformat()
        tags = old.get("tags") or ""
        if isinstance(tags, str):
            tags = [tag.strip() for tag in tags.split(",") if tag.strip()]
        entry_id = uuid.uuid4().hex
        entry = {key: value for key, value in old.items() if key not in ("date", "tags")}
        entry.update(
            id=entry_id, shift_date=day, created_at=noon, updated_at=noon, tags=tags,
            shared_with=[], source="reflect",
        )  # fmt: skip
        entries[entry_id] = _checked(entry)
    migrated = {name: table for name, table in tables.items() if name != "_default"}
    migrated["entries"] = {**migrated.get("entries", {}), **entries}
    return migrated


MIGRATIONS: dict[int, Callable[[Tables], Tables]] = {0: _v0_to_v1}


def migrate(tables: Tables) -> tuple[Tables, int]:
    """Bring ``tables`` to :data:`SCHEMA_VERSION`; returns them and the version they were at."""
    start = schema_version(tables)
    if start > SCHEMA_VERSION:
        raise JournalError(
            f"this journal was written by a newer reflect (schema {start}, this one reads "
            f"{SCHEMA_VERSION}); upgrade reflect to open it"
        )
    version = start
    while version < SCHEMA_VERSION:
        tables = MIGRATIONS[version](tables)
        version += 1
    tables.setdefault(META_TABLE, {})[META_KEY] = {"version": SCHEMA_VERSION}
    return tables, start
