"""The journal's TinyDB tables, keyed by our own string ids and typed as what they are.

Every document is stored under a key of its own: an entry or a draft under its id, a
contact and their received bundle under the handle, a ``meta`` document under its name.
So a key means the same thing to every process that reads the file, and removing one
document never renumbers another. TinyDB allows string ids (``document_id_class``) but
its type hints say ids are ``int``; this module is the one place that squares the two,
so the rest of the journal passes plain ``str`` keys and mypy checks all of it.

The layout on disk is TinyDB's own (``{"table": {"key": document}}``). Reads take the
stored documents straight from the storage, without ``Document`` copies, and writes change
the one document they are about in the tables the storage writes at the end of the
transaction: TinyDB's own table operations rebuild every key of the table on each call,
which costs a large journal more than the change itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from tinydb import TinyDB
from tinydb.table import Table

from reflect.migrations import META_TABLE

ENTRIES = "entries"
DRAFTS = "drafts"
CONTACTS = "contacts"
RECEIVED = "received"
JOTS = "jots"
REPLIES = "replies"


class _StringIdTable(Table):
    document_id_class = cast("type[int]", str)
    """TinyDB turns stored keys into ids with this: ``str`` keeps them as they are. The
    cast is the only place the journal overrules TinyDB's hints (which say ``int``)."""


class JournalDB(TinyDB):
    """A TinyDB whose tables are keyed by strings (see :class:`KeyedTable`)."""

    table_class = _StringIdTable


class KeyedTable:
    """One table's documents by string key: read, insert, replace, remove."""

    def __init__(self, table: Table) -> None:
        self._table = table

    def documents(self) -> dict[str, Any]:
        """The documents as stored, by key: no TinyDB ``Document`` copies, and no
        trust that each one is an object (a damaged file may hold ``5`` or ``null``)."""
        found = (self._table.storage.read() or {}).get(self._table.name)
        return found if isinstance(found, dict) else {}

    def get(self, key: str) -> dict[str, Any] | None:
        """A copy of the document under ``key``; ``None`` if absent or not an object."""
        found = self.documents().get(key)
        return dict(found) if isinstance(found, dict) else None

    def contains(self, key: str) -> bool:
        return key in self.documents()

    def _writable(self) -> dict[str, Any]:
        """This table, as a dict the caller changes in place, inside the tables the storage
        holds for the transaction's one write (the storage refuses a write outside one)."""
        storage = self._table.storage
        tables = storage.read()
        if tables is None:
            tables = {}
        found = tables.get(self._table.name)
        table = found if isinstance(found, dict) else {}
        tables[self._table.name] = table
        storage.write(tables)
        self._table.clear_cache()
        return table

    def insert(self, key: str, document: Mapping[str, Any]) -> None:
        """Add a document; a key already in use is refused (``ValueError``), as TinyDB does."""
        table = self._writable()
        if key in table:
            raise ValueError(f"Document with ID {key} already exists")
        table[key] = dict(document)

    def insert_multiple(self, documents: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
        """Add ``(key, document)`` pairs; consumed lazily, so a generator can count them as
        they are stored."""
        table = self._writable()
        for key, document in documents:
            if key in table:
                raise ValueError(f"Document with ID {key} already exists")
            table[key] = dict(document)

    def put(self, key: str, document: Mapping[str, Any]) -> None:
        """Store ``document`` under ``key``, replacing whatever was there whole.

        Not TinyDB's ``upsert``, which merges into the stored document: a field the new
        version no longer has (an entry's permission to share customer details, dropped when
        it became private) would stay on disk and come back at the next read."""
        self._writable()[key] = dict(document)

    def remove(self, key: str) -> None:
        """Drop the document under ``key``; nothing happens if there is none."""
        self._writable().pop(key, None)


class JournalTables:
    """The tables of one journal file, by what they hold."""

    def __init__(self, db: TinyDB) -> None:
        self.entries = KeyedTable(db.table(ENTRIES))
        """My own entries, by id."""
        self.drafts = KeyedTable(db.table(DRAFTS))
        """Unfinished reflections, by draft id."""
        self.contacts = KeyedTable(db.table(CONTACTS))
        """People I share with or receive from, by handle."""
        self.received = KeyedTable(db.table(RECEIVED))
        """The latest bundle from each contact, by the contact's handle."""
        self.jots = KeyedTable(db.table(JOTS))
        """Lines jotted during a shift whose reflection is not saved yet, by jot id."""
        self.replies = KeyedTable(db.table(REPLIES))
        """My replies to entries others shared with me, by reply id (with whom they go to)."""
        self.meta = KeyedTable(db.table(META_TABLE))
        """The schema version and other bookkeeping, by name."""
