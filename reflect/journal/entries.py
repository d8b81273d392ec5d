"""My own entries: the parsed cache, the listeners told of each change, and every entry write.

Parsed entries are cached and kept in step with our own writes, so listing a month in a
large journal does not re-read the file; a change made by another process is noticed
(the storage's generation moved) and re-read, and listeners hear it as a ``"reload"``.
Every other part of the journal builds on :class:`Entries` because it writes the same
way: inside :meth:`Entries._writing`, then :meth:`~Entries._settle` (or
``_settle_others``), so that our own write is never taken for another process's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from reflect.backups import DEFAULT_KEEP, backed_up
from reflect.clock import Clock, system_clock
from reflect.errors import EntryNotFound, InvalidEntry
from reflect.journal.file import JournalFile, serialised
from reflect.model import Entry, make_entry
from reflect.paths import HomePaths
from reflect.storage import DEFAULT_LOCK_TIMEOUT

MIN_ID_PREFIX = 4

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


class Entries(JournalFile):
    """Reading and writing my entries, through a parsed cache that follows the file."""

    def __init__(
        self,
        paths: HomePaths,
        *,
        clock: Clock = system_clock,
        keep_backups: int = DEFAULT_KEEP,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> None:
        super().__init__(paths, clock=clock, keep_backups=keep_backups, lock_timeout=lock_timeout)
        self._cache = _Cache()
        self._listeners: list[Callable[[JournalChange], None]] = []

    @contextlib.contextmanager
    def _writing(self) -> Iterator[dict[str, Entry]]:
        """One locked, atomic write; yields the entries as they are on disk right now."""
        with self._transaction():
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

    @serialised
    def __len__(self) -> int:
        return len(self._entries())

    @serialised
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

    @serialised
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

    @serialised
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

    @serialised
    def create(self, fields: dict[str, Any], *, shift_date: date | None = None) -> Entry:
        """A new entry from what a person typed, dated ``shift_date`` (default: today)."""
        now = self.clock()
        return self.add(make_entry(fields, shift_date=shift_date or now.date(), now=now))

    @serialised
    def add(self, entry: Entry) -> Entry:
        with self._writing() as current:
            if entry.id in current:
                raise InvalidEntry(f"an entry with id {entry.id} already exists")
            self._tables.entries.insert(entry.id, entry.to_dict())
        self._settle(JournalChange("add", (entry,)))
        return entry

    @serialised
    def update(self, entry_id: str, **changes: Any) -> Entry:
        """Change fields of an entry; its id and ``created_at`` stay, ``updated_at`` moves."""
        with self._writing():
            old = self.get(entry_id)
            new = old.edited(self.clock(), **changes)
            self._tables.entries.put(new.id, new.to_dict())
        self._settle(JournalChange("update", (new,)))
        return new

    @serialised
    def delete(self, entry_id: str) -> Entry:
        with self._writing():
            entry = self.get(entry_id)
            self._tables.entries.remove(entry.id)
        self._settle(JournalChange("delete", removed_ids=(entry.id,)))
        return entry

    @serialised
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
