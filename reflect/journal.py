"""The journal: the one way to read and write entries, whatever face is asking.

Built on TinyDB over :class:`~reflect.storage.JournalStorage`. Every change is one
locked, atomic write (see ``storage.py`` for the concurrency policy). Parsed entries are
cached and kept in step with our own writes, so listing a month in a large journal does
not re-read the file; a change made by another process is noticed and re-read.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, ParamSpec, TypeVar

from tinydb import TinyDB
from tinydb.table import Document, Table

from reflect.backups import DEFAULT_KEEP, make_backup
from reflect.clock import Clock, system_clock
from reflect.drafts import Draft
from reflect.errors import EntryNotFound, InvalidEntry, JournalError
from reflect.migrations import META_KEY, META_TABLE, SCHEMA_VERSION, migrate, schema_version
from reflect.model import Entry, make_entry
from reflect.paths import HomePaths, ensure_home
from reflect.storage import DEFAULT_LOCK_TIMEOUT, JournalStorage, describe_os_error

ENTRIES = "entries"
DRAFTS = "drafts"
MIN_ID_PREFIX = 4

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _serialised(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """One thread at a time: the app reads on the UI thread and writes from workers."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        journal = args[0]
        assert isinstance(journal, Journal)
        with journal._thread_lock:
            if not journal._ready:
                journal._migrate_if_needed()
            return method(*args, **kwargs)

    return wrapper


class _IdTable(Table):
    """Documents keyed by the entry's own id, so a TinyDB key is stable across processes."""

    document_id_class = str  # type: ignore[assignment]


def _document(entry: Entry) -> Document:
    """TinyDB types ids as int; ours are the entry ids (see ``_IdTable``)."""
    return Document(entry.to_dict(), doc_id=entry.id)  # type: ignore[arg-type]


class _JournalDB(TinyDB):
    table_class = _IdTable


ChangeKind = Literal["add", "update", "delete", "reload"]


@dataclass(frozen=True)
class JournalChange:
    """What a write did, for listeners such as the match index."""

    kind: ChangeKind
    entries: tuple[Entry, ...] = ()
    removed_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportReport:
    added: tuple[Entry, ...]
    already_present: tuple[Entry, ...]
    dry_run: bool


@dataclass
class _Cache:
    generation: int = -1
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


class Journal:
    """Entries of one home. Open with :meth:`open`; close (or use ``with``) when done."""

    def __init__(
        self,
        paths: HomePaths,
        *,
        clock: Clock = system_clock,
        keep_backups: int = DEFAULT_KEEP,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> None:
        self.paths = paths
        self.clock = clock
        self.keep_backups = keep_backups
        self._storage: JournalStorage | None = None
        self._db = _JournalDB(
            str(paths.journal),
            lock_path=str(paths.lock),
            lock_timeout=lock_timeout,
            storage=self._remember_storage,
        )
        self._cache = _Cache()
        self._thread_lock = threading.RLock()
        self._ready = False
        """Whether the file was checked (and migrated); done at open, or at first use."""
        self._listeners: list[Callable[[JournalChange], None]] = []

    def _remember_storage(self, *args: Any, **kwargs: Any) -> JournalStorage:
        self._storage = JournalStorage(*args, **kwargs)
        return self._storage

    @property
    def storage(self) -> JournalStorage:
        assert self._storage is not None
        return self._storage

    @classmethod
    def open(
        cls,
        home: Path,
        *,
        clock: Clock = system_clock,
        keep_backups: int = DEFAULT_KEEP,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        check_now: bool = True,
    ) -> Journal:
        """Open (creating the home if needed) and migrate an older journal after a backup.

        ``check_now=False`` leaves reading the file to the first use: the app opens its
        window first and reads a large journal in a worker.
        """
        paths = HomePaths(home)
        try:
            ensure_home(paths)
        except OSError as error:
            raise JournalError(describe_os_error(error, paths.home)) from None
        if paths.journal.is_dir():
            raise JournalError(describe_os_error(IsADirectoryError(), paths.journal))
        journal = cls(paths, clock=clock, keep_backups=keep_backups, lock_timeout=lock_timeout)
        if check_now:
            with journal._thread_lock:
                journal._migrate_if_needed()
        return journal

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------

    def _migrate_if_needed(self) -> None:
        version = schema_version(self.storage.read())
        if version > SCHEMA_VERSION:
            migrate(self.storage.raw_tables())  # raises the "newer reflect" error
        if version < SCHEMA_VERSION:
            with self.storage.transaction():
                tables = self.storage.raw_tables()
                old = schema_version(tables)
                if old < SCHEMA_VERSION:
                    make_backup(self.paths, f"before-migration-from-v{old}", self.keep_backups)
                    self.storage.replace_tables(migrate(tables)[0])
        self._ready = True

    @contextlib.contextmanager
    def _writing(self) -> Iterator[dict[str, Entry]]:
        """One locked, atomic write; yields the entries as they are on disk right now."""
        with self.storage.transaction():
            tables = self.storage.raw_tables()
            if tables.get(META_TABLE, {}).get(META_KEY) is None:
                self.storage.replace_tables(migrate(tables)[0])
            yield self._entries()

    # -- reading ------------------------------------------------------------------------

    def _entries(self) -> dict[str, Entry]:
        self.storage.read()  # notices a file another process replaced
        if self._cache.generation != self.storage.generation:
            entries, problems = {}, []
            for document in self._db.table(ENTRIES).all():
                try:
                    entry = Entry.from_dict(document)
                except InvalidEntry as error:
                    problems.append(f"entry {document.doc_id}: {error}")
                    continue
                entries[entry.id] = entry
            reloaded = self._cache.generation >= 0
            self._cache = _Cache(self.storage.generation, entries, problems)
            if reloaded:
                self._notify(JournalChange("reload", tuple(entries.values())))
        return self._cache.entries

    @property
    def problems(self) -> list[str]:
        """Stored entries that break the model's rules (reported by doctor, never dropped)."""
        with self._thread_lock:
            if not self._ready:
                self._migrate_if_needed()
            self._entries()
            return list(self._cache.problems)

    @_serialised
    def __len__(self) -> int:
        return len(self._entries())

    @_serialised
    def get(self, entry_id: str) -> Entry:
        """An entry by id, or by a unique prefix of at least four characters."""
        entries = self._entries()
        key = entry_id.strip().lower()
        if key in entries:
            return entries[key]
        if len(key) >= MIN_ID_PREFIX:
            found = [entry for known, entry in entries.items() if known.startswith(key)]
            if len(found) == 1:
                return found[0]
            if len(found) > 1:
                raise EntryNotFound(
                    f"id {entry_id!r} matches {len(found)} entries; type more of it"
                )
        raise EntryNotFound(f"no entry with id {entry_id!r}")

    @_serialised
    def entries(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        tag: str | None = None,
        text: str | None = None,
    ) -> list[Entry]:
        """Entries newest first, optionally within days ``start..end``, a tag, or a text."""
        needle = (text or "").casefold().strip()
        tag_key = (tag or "").lower().lstrip("#").strip()
        chosen = [
            entry
            for entry in self._entries().values()
            if (start is None or entry.shift_date >= start)
            and (end is None or entry.shift_date <= end)
            and (not tag_key or tag_key in entry.tags)
            and (not needle or any(needle in value.casefold() for value in entry.texts.values()))
        ]
        chosen.sort(key=lambda entry: (entry.shift_date, entry.created_at), reverse=True)
        return chosen

    @_serialised
    def tags(self) -> list[tuple[str, int]]:
        """Tags in use, most used first."""
        counts: dict[str, int] = {}
        for entry in self._entries().values():
            for tag in entry.tags:
                counts[tag] = counts.get(tag, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    # -- writing ------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[JournalChange], None]) -> None:
        self._listeners.append(listener)

    def _notify(self, change: JournalChange) -> None:
        for listener in self._listeners:
            listener(change)

    def _settle(self, change: JournalChange) -> None:
        """Bring the parsed cache in step with a write we just made, without re-reading."""
        for entry_id in change.removed_ids:
            self._cache.entries.pop(entry_id, None)
        for entry in change.entries:
            self._cache.entries[entry.id] = entry
        self._cache.generation = self.storage.generation
        self._notify(change)

    @_serialised
    def create(self, fields: dict[str, Any], *, shift_date: date | None = None) -> Entry:
        """A new entry from what a person typed, dated ``shift_date`` (default: today)."""
        now = self.clock()
        return self.add(make_entry(fields, shift_date=shift_date or now.date(), now=now))

    @_serialised
    def add(self, entry: Entry) -> Entry:
        with self._writing() as current:
            if entry.id in current:
                raise InvalidEntry(f"an entry with id {entry.id} already exists")
            self._db.table(ENTRIES).insert(_document(entry))
        self._settle(JournalChange("add", (entry,)))
        return entry

    @_serialised
    def update(self, entry_id: str, **changes: Any) -> Entry:
        """Change fields of an entry; its id and ``created_at`` stay, ``updated_at`` moves."""
        with self._writing():
            old = self.get(entry_id)
            new = old.edited(self.clock(), **changes)
            self._db.table(ENTRIES).upsert(_document(new))
        self._settle(JournalChange("update", (new,)))
        return new

    @_serialised
    def delete(self, entry_id: str) -> Entry:
        with self._writing():
            entry = self.get(entry_id)
            self._db.table(ENTRIES).remove(doc_ids=[entry.id])  # type: ignore[list-item]
        self._settle(JournalChange("delete", removed_ids=(entry.id,)))
        return entry

    @_serialised
    def import_entries(
        self, entries: Sequence[Entry], *, dry_run: bool = False, reason: str = "import"
    ) -> ImportReport:
        """Add entries whose ids are new; one backup and one write for the whole lot."""
        with self._writing() as current:
            added = tuple(entry for entry in _unique(entries) if entry.id not in current)
            present = tuple(entry for entry in entries if entry.id in current)
            if added and not dry_run:
                make_backup(self.paths, f"before-{reason}", self.keep_backups)
                self._db.table(ENTRIES).insert_multiple(_document(entry) for entry in added)
        if added and not dry_run:
            self._settle(JournalChange("add", added))
        return ImportReport(added, present, dry_run)

    # -- drafts -------------------------------------------------------------------------

    @_serialised
    def drafts(self) -> list[Draft]:
        """Unfinished reflections, the most recently touched first."""
        found = [Draft.from_dict(document) for document in self._db.table(DRAFTS).all()]
        drafts = [draft for draft in found if draft is not None]
        return sorted(drafts, key=lambda draft: draft.updated_at, reverse=True)

    @_serialised
    def save_draft(self, draft: Draft) -> None:
        with self._writing():
            self._db.table(DRAFTS).upsert(Document(draft.to_dict(), doc_id=draft.id))  # type: ignore[arg-type]

    @_serialised
    def discard_draft(self, draft_id: str) -> None:
        with self._writing():
            self._db.table(DRAFTS).remove(doc_ids=[draft_id])  # type: ignore[list-item]

    @_serialised
    def commit_draft(self, draft: Draft) -> Entry:
        """Turn a draft into an entry (new, or the one it edits) and drop it: one write."""
        with self._writing() as current:
            if draft.entry_id is not None and draft.entry_id in current:
                entry = current[draft.entry_id].edited(
                    self.clock(), shift_date=draft.shift_date.isoformat(), **draft.entry_fields()
                )
                kind: ChangeKind = "update"
                self._db.table(ENTRIES).upsert(_document(entry))
            else:
                now = self.clock()
                entry = make_entry(draft.entry_fields(), shift_date=draft.shift_date, now=now)
                kind = "add"
                self._db.table(ENTRIES).insert(_document(entry))
            drafts = self._db.table(DRAFTS)
            if drafts.contains(doc_id=draft.id):  # type: ignore[arg-type]
                drafts.remove(doc_ids=[draft.id])  # type: ignore[list-item]
        self._settle(JournalChange(kind, (entry,)))
        return entry


def _unique(entries: Iterable[Entry]) -> Iterator[Entry]:
    seen: set[str] = set()
    for entry in entries:
        if entry.id not in seen:
            seen.add(entry.id)
            yield entry
