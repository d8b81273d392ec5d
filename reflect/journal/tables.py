"""The journal's TinyDB tables, keyed by our own string ids and typed as what they are.

Every document is stored under a key of its own: an entry or a draft under its id, a
contact and their received bundle under the handle, a ``meta`` document under its name.
So a key means the same thing to every process that reads the file, and removing one
document never renumbers another. TinyDB allows string ids (``document_id_class``) but
its type hints say ids are ``int``; this module is the one place that squares the two,
so the rest of the journal passes plain ``str`` keys and mypy checks all of it.

Writes go through TinyDB itself, unchanged (the on-disk layout is TinyDB's); reads take
the stored documents straight from the storage, without ``Document`` copies.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, cast

from tinydb import TinyDB
from tinydb.table import Document, Table

from reflect.migrations import META_TABLE

ENTRIES = "entries"
DRAFTS = "drafts"
CONTACTS = "contacts"
RECEIVED = "received"


class _StringIdTable(Table):
    document_id_class = cast("type[int]", str)
    """TinyDB turns stored keys into ids with this: ``str`` keeps them as they are. The
    cast is the only place the journal overrules TinyDB's hints (which say ``int``)."""


def _doc_id(key: str) -> int:
    """``key`` as TinyDB sees a document id: the same string, typed as its hints want."""
    return _StringIdTable.document_id_class(key)


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
        return self._table.contains(doc_id=_doc_id(key))

    def insert(self, key: str, document: Mapping[str, Any]) -> None:
        """Add a document; TinyDB refuses (``ValueError``) a key already in use."""
        self._table.insert(Document(document, doc_id=_doc_id(key)))

    def insert_multiple(self, documents: Iterable[tuple[str, Mapping[str, Any]]]) -> None:
        """Add ``(key, document)`` pairs in one table update; consumed lazily, so a
        generator can count them as they are stored."""
        self._table.insert_multiple(
            Document(document, doc_id=_doc_id(key)) for key, document in documents
        )

    def put(self, key: str, document: Mapping[str, Any]) -> None:
        """Store ``document`` under ``key``, replacing whatever was there whole.

        Not TinyDB's ``upsert``, which merges into the stored document: a field the new
        version no longer has (an entry's permission to share customer details, dropped when
        it became private) would stay on disk and come back at the next read."""
        doc_id = _doc_id(key)
        if self._table.contains(doc_id=doc_id):
            self._table.remove(doc_ids=[doc_id])
        self._table.insert(Document(document, doc_id=doc_id))

    def remove(self, key: str) -> None:
        """Drop the document under ``key``; nothing happens if there is none."""
        self._table.remove(doc_ids=[_doc_id(key)])


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
        self.meta = KeyedTable(db.table(META_TABLE))
        """The schema version and other bookkeeping, by name."""
