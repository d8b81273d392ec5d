"""The journal: the one way to read and write entries, whatever face is asking.

Built on TinyDB over :class:`~reflect.storage.JournalStorage`. Every change is one
locked, atomic write (see ``storage.py`` for the concurrency policy). Parsed entries are
cached and kept in step with our own writes, so listing a month in a large journal does
not re-read the file; a change made by another process is noticed and re-read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, ParamSpec, TypeVar

from reflect.backups import (
    DAILY,
    DEFAULT_KEEP,
    backed_up,
    make_backup,
    needs_daily_backup,
    remove_leftovers,
)
from reflect.clock import Clock, system_clock
from reflect.contacts import Contact, ReceivedBundle
from reflect.drafts import Draft
from reflect.errors import (
    ContactExists,
    ContactNotFound,
    EntryNotFound,
    InvalidEntry,
    JournalError,
)
from reflect.journal.tables import JournalDB, JournalTables
from reflect.migrations import META_KEY, META_TABLE, SCHEMA_VERSION, migrate, schema_version
from reflect.model import TEXT_FIELDS, Entry, make_entry
from reflect.paths import HomePaths, ensure_home
from reflect.storage import DEFAULT_LOCK_TIMEOUT, JournalStorage, describe_os_error

SEEN_SEQUENCES = "bundle_sequences"
"""Document of the ``meta`` table: the highest bundle number read from each sender's key."""
SHARE_DETAILS = "share_details"
"""Extra field of an entry whose author let customer details travel with it (see sharing)."""
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


ChangeKind = Literal["add", "update", "delete", "reload", "received"]


@dataclass(frozen=True)
class JournalChange:
    """What a write did, for listeners such as the match index.

    ``entries`` and ``removed_ids`` are always my own entries. A ``"received"`` change
    names in ``authors`` the contacts whose received entries were replaced or dropped
    (read them with :meth:`Journal.received`); a ``"reload"`` may have changed those too.
    """

    kind: ChangeKind
    entries: tuple[Entry, ...] = ()
    removed_ids: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()


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
        self._db = JournalDB(
            str(paths.journal),
            lock_path=str(paths.lock),
            lock_timeout=lock_timeout,
            storage=self._remember_storage,
        )
        self._tables = JournalTables(self._db)
        self._cache = _Cache()
        self._thread_lock = threading.RLock()
        self._ready = False
        """Whether the file was checked (and migrated); done at open, or at first use."""
        self._listeners: list[Callable[[JournalChange], None]] = []
        self._daily_checked: date | None = None

    def _remember_storage(self, *args: Any, **kwargs: Any) -> JournalStorage:
        self._storage = JournalStorage(*args, **kwargs)
        self._storage.on_lock = self._remove_leftovers
        self._storage.on_flush = self._daily_backup
        return self._storage

    def _remove_leftovers(self) -> None:
        """Temporary files of a write that was killed half way go with the next write."""
        remove_leftovers(self.paths)

    def _daily_backup(self) -> None:
        """After the first write of each day, keep a copy of the journal as it now stands
        (checked once a day per process: the app may stay open past midnight)."""
        today = datetime.now().astimezone().date()
        if self._daily_checked == today:
            return
        self._daily_checked = today
        if needs_daily_backup(self.paths, today):
            make_backup(self.paths, DAILY, self.keep_backups, readable=True)

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
                    reason = f"before-migration-from-v{old}"
                    with backed_up(self.paths, reason, self.keep_backups):
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
            for key, document in self._tables.entries.documents().items():
                try:
                    entry = Entry.from_dict(document)
                except InvalidEntry as error:
                    problems.append(f"entry {key}: {error}")
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
        chosen.sort(key=Entry.sort_key, reverse=True)
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

    def _settle_others(self) -> None:
        """After a write (through ``_writing``) that left my entries alone: the parsed cache
        is still right, so the next read must not take our own write for another's."""
        self._cache.generation = self.storage.generation

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
            self._tables.entries.insert(entry.id, entry.to_dict())
        self._settle(JournalChange("add", (entry,)))
        return entry

    @_serialised
    def update(self, entry_id: str, **changes: Any) -> Entry:
        """Change fields of an entry; its id and ``created_at`` stay, ``updated_at`` moves."""
        with self._writing():
            old = self.get(entry_id)
            new = old.edited(self.clock(), **changes)
            self._tables.entries.upsert(new.id, new.to_dict())
        self._settle(JournalChange("update", (new,)))
        return new

    @_serialised
    def delete(self, entry_id: str) -> Entry:
        with self._writing():
            entry = self.get(entry_id)
            self._tables.entries.remove(entry.id)
        self._settle(JournalChange("delete", removed_ids=(entry.id,)))
        return entry

    @_serialised
    def import_entries(
        self,
        entries: Sequence[Entry],
        *,
        dry_run: bool = False,
        reason: str = "import",
        progress: Callable[[int], None] | None = None,
    ) -> ImportReport:
        """Add entries whose ids are new; one backup and one write for the whole lot.

        ``progress`` hears how many more entries were handled (for a progress bar).
        """
        with self._writing() as current:
            added = tuple(entry for entry in _unique(entries) if entry.id not in current)
            present = tuple(entry for entry in entries if entry.id in current)
            if added and not dry_run:
                with backed_up(self.paths, f"before-{reason}", self.keep_backups):
                    self._tables.entries.insert_multiple(
                        (entry.id, entry.to_dict()) for entry in _counting(added, progress)
                    )
        if added and not dry_run:
            self._settle(JournalChange("add", added))
        return ImportReport(added, present, dry_run)

    # -- drafts -------------------------------------------------------------------------

    @_serialised
    def drafts(self) -> list[Draft]:
        """Unfinished reflections, the most recently touched first."""
        found = [Draft.from_dict(document) for document in self._tables.drafts.documents().values()]
        drafts = [draft for draft in found if draft is not None]
        return sorted(drafts, key=lambda draft: draft.updated_at, reverse=True)

    @_serialised
    def save_draft(self, draft: Draft) -> None:
        with self._writing():
            self._tables.drafts.upsert(draft.id, draft.to_dict())
        self._settle_others()

    @_serialised
    def discard_draft(self, draft_id: str) -> None:
        with self._writing():
            self._tables.drafts.remove(draft_id)
        self._settle_others()

    @_serialised
    def commit_draft(self, draft: Draft) -> Entry:
        """Turn a draft into an entry (new, or the one it edits) and drop it: one write."""
        with self._writing() as current:
            if draft.entry_id is not None and draft.entry_id in current:
                entry = current[draft.entry_id].edited(
                    self.clock(), shift_date=draft.shift_date.isoformat(), **draft.entry_fields()
                )
                kind: ChangeKind = "update"
                self._tables.entries.upsert(entry.id, entry.to_dict())
            else:
                now = self.clock()
                entry = make_entry(draft.entry_fields(), shift_date=draft.shift_date, now=now)
                kind = "add"
                self._tables.entries.insert(entry.id, entry.to_dict())
            if self._tables.drafts.contains(draft.id):
                self._tables.drafts.remove(draft.id)
        self._settle(JournalChange(kind, (entry,)))
        return entry

    # -- contacts and sharing -----------------------------------------------------------

    def _readable_contacts(self) -> list[Contact]:
        """Every stored contact that reads; a damaged one is left out (and left on disk)."""
        found = []
        for document in self._tables.contacts.documents().values():
            try:
                found.append(Contact.from_dict(document))
            except JournalError:
                continue
        return found

    def _contact(self, handle: str) -> Contact:
        key = handle.strip().lower()
        stored = self._tables.contacts.get(key)
        if stored is None:
            raise ContactNotFound(
                f"no contact {handle!r}; `reflect contact add HANDLE PUBLIC_KEY` adds one"
            )
        return Contact.from_dict(stored)

    @_serialised
    def contacts(self) -> list[Contact]:
        """Everyone I share with or receive from, by handle."""
        return sorted(self._readable_contacts(), key=lambda contact: contact.handle)

    @_serialised
    def contact(self, handle: str) -> Contact:
        return self._contact(handle)

    @_serialised
    def add_contact(self, contact: Contact, *, replace: bool = False) -> Contact:
        """Add someone to share with or receive from.

        A handle in use is refused unless ``replace`` (the same person with a new key or
        folder). A key known under another handle is always refused: a received bundle
        must have exactly one author. A new key for a contact drops what the old key
        brought: trust starts again with the next bundle.
        """
        with self._writing():
            previous = self._tables.contacts.get(contact.handle)
            if previous is not None and not replace:
                raise ContactExists(
                    f"{contact.handle} is a contact already (fingerprint "
                    f"{Contact.from_dict(previous).fingerprint}); replace it explicitly to "
                    "change its key or folder"
                )
            for other in self._readable_contacts():
                if other.public_key == contact.public_key and other.handle != contact.handle:
                    raise ContactExists(f"that key is already the contact {other.handle}")
            self._tables.contacts.upsert(contact.handle, contact.to_dict())
            dropped = (
                previous is not None
                and Contact.from_dict(previous).public_key != contact.public_key
                and self._tables.received.contains(contact.handle)
            )
            if dropped:
                self._tables.received.remove(contact.handle)
        self._settle_others()
        if dropped:
            self._notify(JournalChange("received", authors=(contact.handle,)))
        return contact

    @_serialised
    def remove_contact(self, handle: str) -> Contact:
        """Forget a contact: my entries stop being shared with them and what they shared
        with me is dropped, in one write. (To also empty the bundle already in their folder,
        use :func:`reflect.sharing.remove_contact`, which publishes first.)"""
        with self._writing() as current:
            contact = self._contact(handle)
            changed = [
                self._with_sharing(
                    entry, tuple(h for h in entry.shared_with if h != contact.handle)
                )
                for entry in current.values()
                if contact.handle in entry.shared_with
            ]
            for entry in changed:
                self._tables.entries.upsert(entry.id, entry.to_dict())
            self._tables.contacts.remove(contact.handle)
            dropped = self._tables.received.contains(contact.handle)
            if dropped:
                self._tables.received.remove(contact.handle)
        if changed:
            self._settle(JournalChange("update", tuple(changed)))
        else:
            self._settle_others()
        if dropped:
            self._notify(JournalChange("received", authors=(contact.handle,)))
        return contact

    @_serialised
    def set_contact_folder(self, handle: str, folder: Path | None) -> Contact:
        """Where bundles for this contact are written (``None``: nowhere, publishing skips them)."""
        with self._writing():
            contact = dataclasses.replace(
                self._contact(handle),
                folder=folder.expanduser().absolute() if folder is not None else None,
            )
            self._tables.contacts.upsert(contact.handle, contact.to_dict())
        self._settle_others()
        return contact

    def _with_sharing(
        self, entry: Entry, shared_with: tuple[str, ...], allow_details: bool | None = None
    ) -> Entry:
        """``entry`` shared with exactly ``shared_with``; a private entry forgets any
        permission to share customer details, so sharing it again starts redacted."""
        extra = dict(entry.extra)
        if allow_details is True:
            extra[SHARE_DETAILS] = True
        elif allow_details is False or not shared_with:
            extra.pop(SHARE_DETAILS, None)
        return dataclasses.replace(
            entry, shared_with=shared_with, extra=extra, updated_at=self.clock()
        )

    @_serialised
    def share(self, entry_id: str, handle: str, *, allow_details: bool | None = None) -> Entry:
        """Let contact ``handle`` read an entry (from the next publish on).

        Customer details are redacted from what travels unless the author allows them
        for this entry: ``allow_details=True`` stores that choice on the entry,
        ``False`` withdraws it, ``None`` keeps whatever was chosen before.
        """
        with self._writing():
            entry = self.get(entry_id)
            contact = self._contact(handle)
            if not any(getattr(entry, name) for name in TEXT_FIELDS):
                raise InvalidEntry(
                    f"entry {entry.id[:8]} has only a note, and notes are never shared; "
                    "write its challenge or lesson to share it"
                )
            shared = tuple(dict.fromkeys((*entry.shared_with, contact.handle)))
            new = self._with_sharing(entry, shared, allow_details)
            if new.shared_with == entry.shared_with and new.extra == entry.extra:
                return entry
            self._tables.entries.upsert(new.id, new.to_dict())
        self._settle(JournalChange("update", (new,)))
        return new

    @_serialised
    def unshare(self, entry_id: str, handle: str) -> Entry:
        """Stop sharing an entry with ``handle`` (it leaves their copy at the next publish).

        Unsharing what was not shared changes nothing; a handle that is neither a contact
        nor in the entry's list is an error, so a typo does not pass silently.
        """
        key = handle.strip().lower()
        with self._writing():
            entry = self.get(entry_id)
            if key not in entry.shared_with:
                self._contact(handle)
                return entry
            new = self._with_sharing(entry, tuple(h for h in entry.shared_with if h != key))
            self._tables.entries.upsert(new.id, new.to_dict())
        self._settle(JournalChange("update", (new,)))
        return new

    @_serialised
    def entries_shared_with(self, handle: str) -> list[Entry]:
        """My own entries ``handle`` may read, newest first (received ones never count)."""
        key = handle.strip().lower()
        chosen = [entry for entry in self._entries().values() if key in entry.shared_with]
        chosen.sort(key=Entry.sort_key, reverse=True)
        return chosen

    @_serialised
    def received(self) -> list[ReceivedBundle]:
        """What each contact shared with me (their latest bundle), by author.

        Kept apart from my entries. A stored bundle that no longer reads is left out; the
        next bundle from that author replaces it.
        """
        found: list[ReceivedBundle] = []
        for document in self._tables.received.documents().values():
            try:
                found.append(ReceivedBundle.from_dict(document))
            except JournalError:
                continue
        return sorted(found, key=lambda bundle: bundle.author)

    def _seen_sequences(self) -> dict[str, int]:
        stored = self._tables.meta.get(SEEN_SEQUENCES) or {}
        return {
            key: value
            for key, value in stored.items()
            if isinstance(value, int) and not isinstance(value, bool)
        }

    def _received_from(self, author: str) -> ReceivedBundle | None:
        previous = self._tables.received.get(author)
        try:
            return ReceivedBundle.from_dict(previous) if previous is not None else None
        except JournalError:
            return None

    @_serialised
    def highest_sequence(self, public_key: bytes) -> int:
        """The highest bundle number ever read from ``public_key`` (-1: none yet)."""
        return self._seen_sequences().get(public_key.hex(), -1)

    @_serialised
    def store_received(self, bundles: Sequence[ReceivedBundle]) -> tuple[str, ...]:
        """Keep each bundle in place of its author's previous one, if it is newer: one write.

        Returns the authors whose entries were replaced. A bundle whose author is no
        longer a contact with that key (changed meanwhile) is not kept.
        """
        replaced: list[str] = []
        with self._writing():
            seen = self._seen_sequences()
            for bundle in bundles:
                stored = self._tables.contacts.get(bundle.author)
                if stored is None or Contact.from_dict(stored).public_key != bundle.public_key:
                    continue
                old = self._received_from(bundle.author)
                if not is_newer(bundle, old, seen.get(bundle.public_key.hex(), -1)):
                    continue
                self._tables.received.upsert(bundle.author, bundle.to_dict())
                key = bundle.public_key.hex()
                seen[key] = max(seen.get(key, 0), bundle.sequence)
                replaced.append(bundle.author)
            if replaced:
                self._tables.meta.upsert(SEEN_SEQUENCES, seen)
        self._settle_others()
        if replaced:
            self._notify(JournalChange("received", authors=tuple(replaced)))
        return tuple(replaced)


def is_newer(bundle: ReceivedBundle, old: ReceivedBundle | None, highest: int) -> bool:
    """Whether ``bundle`` replaces ``old`` (the author's bundle kept now, if any), given the
    highest number ever read from that key (-1 for none).

    Senders number their bundles (``sequence``), and that number decides, never a clock.
    The highest number outlives the contact, so removing and adding someone again never
    lets an older bundle back in. Only between two bundles from a reflect that did not
    number them (0) does the publication time still decide.
    """
    if old is not None and old.bundle_id == bundle.bundle_id:
        return False
    if bundle.sequence == 0 and highest <= 0 and (old is None or old.sequence == 0):
        return old is None or bundle.published_at >= old.published_at
    return bundle.sequence > max(highest, old.sequence if old is not None else -1)


def _counting(entries: Sequence[Entry], progress: Callable[[int], None] | None) -> Iterator[Entry]:
    for number, entry in enumerate(entries, start=1):
        yield entry
        if progress is not None and (number % 100 == 0 or number == len(entries)):
            progress(number - (number - 1) // 100 * 100)


def _unique(entries: Iterable[Entry]) -> Iterator[Entry]:
    seen: set[str] = set()
    for entry in entries:
        if entry.id not in seen:
            seen.add(entry.id)
            yield entry
