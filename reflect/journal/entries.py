"""My own entries: reading them from the stored documents, the listeners told of each
change, and every entry write.

The stored documents are the truth; an entry is built from one only when it is asked for
(listing a month builds that month) and kept while the document stays the same. A change
made by another process is noticed (the storage's generation moved) and listeners hear it
as a ``"reload"``.
Every other part of the journal builds on :class:`Entries` because it writes the same
way: inside :meth:`Entries._writing`, then :meth:`~Entries._settle` (or
``_settle_others``), so that our own write is never taken for another process's.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal

from reflect.backups import backed_up
from reflect.clock import shift_day
from reflect.errors import AmbiguousId, EntryNotFound, InvalidEntry
from reflect.jots import MAX_JOTS, Jot
from reflect.journal.file import JournalFile, serialised
from reflect.model import ALL_TEXT_FIELDS, Entry, make_entry

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


class Entries(JournalFile):
    """Reading and writing my entries, from the stored documents.

    An entry is built from its document only when someone asks for it, and kept while that
    document is the same object in memory: our own writes keep every other document as it
    was, so a save in a 10k-entry journal builds one entry, not ten thousand. A stored
    document was checked when it was written, so it is read back without running its texts
    through the cleaners again (:meth:`Entry.from_stored`); :attr:`problems` checks them all
    as strictly as an import would.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """As :class:`JournalFile`'s."""
        super().__init__(*args, **kwargs)
        self._built: dict[str, tuple[object, Entry]] = {}
        """Entries built so far, by id, with the document each was built from."""
        self._seen_generation = -1
        """The storage generation last seen, so that a file another process wrote is told
        to listeners as a reload, and our own writes are not."""
        self._listeners: list[Callable[[JournalChange], None]] = []

    @contextlib.contextmanager
    def _writing(self) -> Iterator[dict[str, Any]]:
        """One locked, atomic write; yields the entry documents as they are on disk now."""
        with self._transaction():
            yield self._documents()

    # -- reading ------------------------------------------------------------------------

    def _documents(self) -> dict[str, Any]:
        """The stored entry documents by id, re-read if another process replaced the file."""
        documents = self._tables.entries.documents()
        generation = self.storage.generation
        if generation != self._seen_generation:
            reloaded = self._seen_generation >= 0
            self._seen_generation = generation
            self._built.clear()  # another process's file: none of its documents were seen
            if reloaded and self._listeners:
                self._notify(JournalChange("reload", tuple(self._build_all(documents))))
        return documents

    def _build(self, key: str, document: object) -> Entry:
        """The entry of one stored document (built once per document); InvalidEntry if it
        is not one."""
        known = self._built.get(key)
        if known is not None and known[0] is document:
            return known[1]
        entry = Entry.from_stored(document)
        self._built[key] = (document, entry)
        return entry

    def _build_all(self, documents: dict[str, Any]) -> Iterator[Entry]:
        """Every stored entry that reads; one that does not is left out (and on disk)."""
        for key, document in documents.items():
            try:
                yield self._build(key, document)
            except InvalidEntry:
                continue

    def _chosen(self, keep: Callable[[dict[str, Any]], bool]) -> list[Entry]:
        """The entries whose documents ``keep`` accepts, newest first: only those are built."""
        chosen = []
        for key, document in self._documents().items():
            if isinstance(document, dict) and keep(document):
                try:
                    chosen.append(self._build(key, document))
                except InvalidEntry:
                    continue
        chosen.sort(key=Entry.sort_key, reverse=True)
        return chosen

    @property
    def problems(self) -> list[str]:
        """Stored entries that break the model's rules (reported by doctor, never dropped):
        every document checked as strictly as an import checks a file."""
        with self._thread_lock:
            if not self._ready:
                self._migrate_if_needed()
            found = []
            for key, document in self._documents().items():
                try:
                    Entry.from_dict(document)
                except InvalidEntry as error:
                    found.append(f"entry {key}: {error}")
            return found

    def changed_elsewhere(self) -> bool:
        """Whether another process (the CLI, a second reflect) wrote the journal since this
        one last read or wrote it.

        One ``stat`` of the journal file: nothing is read and no lock is taken, so it is
        cheap enough to ask every second, from any thread. A journal not read yet says
        False. Raises :class:`~reflect.errors.JournalError` if the file cannot be looked at.
        """
        storage = self._storage
        return self._ready and storage is not None and storage.changed_on_disk()

    def reload_if_changed(self) -> bool:
        """Read the journal again if another process wrote it, and say whether it did.

        Listeners then hear a ``"reload"`` carrying every entry, as after any read that
        notices another's write. (One that came before any entry was listed re-reads the
        file but tells no one: nothing shown was out of date.) Never migrates nor writes:
        a journal that was never read, or could not be, is left alone.
        """
        with self._thread_lock:
            if not self.changed_elsewhere():
                return False
            self._documents()
            return True

    @serialised
    def __len__(self) -> int:
        """Stored entries (a damaged document counts: doctor reports it, nothing drops it)."""
        return len(self._documents())

    @serialised
    def ids(self) -> list[str]:
        """The ids of my entries, as stored."""
        return list(self._documents())

    @serialised
    def days(self) -> dict[str, int]:
        """How many entries each day has (``"YYYY-MM-DD"`` keys), from the stored documents
        alone: what streaks, the calendar and the start screen need, without building
        entries."""
        counts: dict[str, int] = {}
        for document in self._documents().values():
            day = document.get("shift_date") if isinstance(document, dict) else None
            if isinstance(day, str):
                counts[day] = counts.get(day, 0) + 1
        return counts

    @serialised
    def moods_by_day(self) -> dict[str, int]:
        """The mood of each day's newest entry, for days whose newest entry has one: what
        the start screen says of tonight, from the stored documents alone."""
        newest: dict[str, tuple[str, object]] = {}
        for document in self._documents().values():
            if not isinstance(document, dict):
                continue
            day, written = document.get("shift_date"), document.get("created_at")
            if (
                isinstance(day, str)
                and isinstance(written, str)
                and (day not in newest or written >= newest[day][0])
            ):
                newest[day] = (written, document.get("mood"))
        return {day: mood for day, (_, mood) in newest.items() if isinstance(mood, int) and mood}

    @serialised
    def get(self, entry_id: str) -> Entry:
        """An entry by its id, or by any start of it that no other entry's id shares
        (see :func:`resolve_id`; :class:`~reflect.errors.AmbiguousId` when several do)."""
        documents = self._documents()
        key = resolve_id(entry_id, documents)
        if key is not None:
            try:
                return self._build(key, documents[key])
            except InvalidEntry:
                pass  # damaged: doctor reports it; here it cannot be read
        raise EntryNotFound(f"no entry with id {entry_id!r}")

    @serialised
    def versions(self) -> dict[str, str]:
        """Each stored entry's ``updated_at`` as written, by id: enough to tell what a kept
        index (``reflect.kept_index``) is out of date about, without building entries."""
        found: dict[str, str] = {}
        for key, document in self._documents().items():
            written = document.get("updated_at") if isinstance(document, dict) else None
            found[key] = written if isinstance(written, str) else ""
        return found

    @serialised
    def some(self, entry_ids: Iterable[str]) -> dict[str, Entry]:
        """The entries of exactly these ids (no prefixes), by id; ids not stored, or whose
        documents are damaged, are left out. Only these entries are built."""
        documents = self._documents()
        found: dict[str, Entry] = {}
        for key in entry_ids:
            document = documents.get(key)
            if document is not None:
                with contextlib.suppress(InvalidEntry):
                    found[key] = self._build(key, document)
        return found

    @serialised
    def entries(
        self,
        *,
        start: date | None = None,
        end: date | None = None,
        tag: str | None = None,
        text: str | None = None,
        limit: int | None = None,
    ) -> list[Entry]:
        """Entries newest first, optionally within days ``start..end``, with a tag, holding
        a text, and at most ``limit`` of them (the newest).

        ``text`` is plain text, found in any case (casefolded) in any of an entry's texts
        or tags (a text of spaces alone leaves nothing out). Chosen from the stored
        documents (ISO days compare as text), so only the entries that match are built."""
        needle = (text or "").casefold() if (text or "").strip() else ""
        tag_key = (tag or "").lower().lstrip("#").strip()
        first = start.isoformat() if start is not None else ""
        last = end.isoformat() if end is not None else "\uffff"

        def keep(document: dict[str, Any]) -> bool:
            day = document.get("shift_date")
            if not isinstance(day, str) or not first <= day <= last:
                return False
            tags = document.get("tags")
            tags = tags if isinstance(tags, list) else ()
            if tag_key and tag_key not in tags:
                return False
            return not needle or any(
                isinstance(value, str) and needle in value.casefold()
                for value in (*(document.get(name) for name in ALL_TEXT_FIELDS), *tags)
            )

        chosen = self._chosen(keep)
        return chosen if limit is None else chosen[: max(limit, 0)]

    @serialised
    def tags(self) -> list[tuple[str, int]]:
        """Tags in use, most used first (counted on the stored documents)."""
        counts: dict[str, int] = {}
        for document in self._documents().values():
            tags = document.get("tags") if isinstance(document, dict) else None
            for tag in tags if isinstance(tags, list) else ():
                if isinstance(tag, str):
                    counts[tag] = counts.get(tag, 0) + 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    # -- writing ------------------------------------------------------------------------

    def subscribe(self, listener: Callable[[JournalChange], None]) -> None:
        self._listeners.append(listener)

    def _notify(self, change: JournalChange) -> None:
        for listener in self._listeners:
            listener(change)

    def _settle(self, change: JournalChange) -> None:
        """After a write of ours: keep what was built in step with it, without re-reading
        (the documents written are the ones in memory now), and tell the listeners."""
        documents = self._tables.entries.documents()
        for entry_id in change.removed_ids:
            self._built.pop(entry_id, None)
        for entry in change.entries:
            self._built[entry.id] = (documents.get(entry.id), entry)
        self._seen_generation = self.storage.generation
        self._notify(change)

    def _settle_others(self) -> None:
        """After a write (through ``_writing``) that left my entries alone: what was built
        is still right, so the next read must not take our own write for another's."""
        self._seen_generation = self.storage.generation

    def _keeping_jots(self, entry: Entry) -> Entry:
        """A new reflection takes the jots waiting for its shift's day, inside the
        caller's write: they leave the ``jots`` table as they join the entry. A damaged
        jot stays where it is (``doctor`` can report it); it never stops a save."""
        day = entry.shift_date.isoformat()
        taken: dict[str, Jot] = {}
        for key, document in self._tables.jots.documents().items():
            if len(taken) == MAX_JOTS:
                break
            if isinstance(document, dict) and document.get("shift_date") == day:
                with contextlib.suppress(InvalidEntry):
                    taken[key] = Jot.from_dict(document)
        if not taken:
            return entry
        for key in taken:
            self._tables.jots.remove(key)
        return replace(entry, jots=tuple(sorted(taken.values(), key=lambda jot: jot.at)))

    @serialised
    def create(self, fields: dict[str, Any], *, shift_date: date | None = None) -> Entry:
        """A new entry from what a person typed, dated ``shift_date`` (default: the
        shift's day now, see :meth:`today`)."""
        now = self.clock()
        day = shift_date or shift_day(now, self.day_starts_at)
        return self._add(make_entry(fields, shift_date=day, now=now), keep_jots=True)

    @serialised
    def add(self, entry: Entry) -> Entry:
        """Store an entry as it is (an import's, a test's); see :meth:`create` for one a
        person wrote."""
        return self._add(entry, keep_jots=False)

    def _add(self, entry: Entry, *, keep_jots: bool) -> Entry:
        with self._writing() as current:
            if entry.id in current:
                raise InvalidEntry(f"an entry with id {entry.id} already exists")
            if keep_jots:
                entry = self._keeping_jots(entry)
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


def resolve_id(typed: str, ids: Collection[str]) -> str | None:
    """The one id among ``ids`` that ``typed`` names, or None when none does.

    ``typed`` names an id when it is that id, or a start of it, in upper or lower case
    (spaces around it are ignored). An id spelt out in full wins over longer ids it starts;
    a start that several ids share names none of them: :class:`AmbiguousId` says how many
    share it and how many characters tell them apart. Nothing is ever guessed, so a caller
    about to delete can trust the answer."""
    key = typed.strip()
    if not key:
        return None
    if key in ids:
        return key
    folded = key.lower()
    found = [known for known in ids if known.lower().startswith(folded)]
    whole = [known for known in found if len(known) == len(folded)]
    if len(whole) == 1:
        return whole[0]  # the id itself, typed in another case
    if len(found) == 1:
        return found[0]
    if not found:
        return None
    raise _ambiguous(key, found)


def _ambiguous(typed: str, found: list[str]) -> AmbiguousId:
    """The error for a start of an id that ``found`` (two or more ids) all share."""
    folded = sorted(known.lower() for known in found)
    if len(set(folded)) < len(folded):  # a hand-edited file: ids that differ only in case
        return AmbiguousId(
            f"{typed!r} starts the id of {len(found)} entries, some of whose ids differ "
            "only in upper and lower case; type the whole id exactly as it is written",
            matches=len(found),
            needed=max(len(known) for known in found) + 1,
        )
    shared = max(_common_start(*pair) for pair in itertools.pairwise(folded))
    needed = shared + 1  # sorted: the longest start two ids share is between neighbours
    return AmbiguousId(
        f"{typed!r} starts the id of {len(found)} entries; type at least {needed} "
        "characters of the one you mean",
        matches=len(found),
        needed=needed,
    )


def _common_start(first: str, second: str) -> int:
    """How many characters ``first`` and ``second`` share from their start."""
    same = (one == other for one, other in zip(first, second, strict=False))
    return sum(1 for _ in itertools.takewhile(bool, same))


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
