"""The journal: the one way to read and write entries, whatever face is asking.

:class:`Journal` is the only door. The file it stands on (opening, migrating, backups,
one locked write at a time) is :mod:`~reflect.journal.file`, with its tables in
:mod:`~reflect.journal.tables`; my entries, their parsed cache and the listeners are
:mod:`~reflect.journal.entries`; drafts are :mod:`~reflect.journal.drafts`. Contacts
and received bundles follow here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from reflect.contacts import Contact, ReceivedBundle
from reflect.errors import ContactExists, ContactNotFound, InvalidEntry, JournalError
from reflect.journal.drafts import Drafts
from reflect.journal.entries import MIN_ID_PREFIX, ChangeKind, ImportReport, JournalChange
from reflect.journal.file import serialised
from reflect.model import TEXT_FIELDS, Entry

__all__ = [
    "MIN_ID_PREFIX",
    "SEEN_SEQUENCES",
    "SHARE_DETAILS",
    "ChangeKind",
    "ImportReport",
    "Journal",
    "JournalChange",
    "is_newer",
]

SEEN_SEQUENCES = "bundle_sequences"
"""Document of the ``meta`` table: the highest bundle number read from each sender's key."""
SHARE_DETAILS = "share_details"
"""Extra field of an entry whose author let customer details travel with it (see sharing)."""


class Journal(Drafts):
    """Entries of one home. Open with :meth:`open`; close (or use ``with``) when done."""

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

    @serialised
    def contacts(self) -> list[Contact]:
        """Everyone I share with or receive from, by handle."""
        return sorted(self._readable_contacts(), key=lambda contact: contact.handle)

    @serialised
    def contact(self, handle: str) -> Contact:
        return self._contact(handle)

    @serialised
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

    @serialised
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

    @serialised
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

    @serialised
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

    @serialised
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

    @serialised
    def entries_shared_with(self, handle: str) -> list[Entry]:
        """My own entries ``handle`` may read, newest first (received ones never count)."""
        key = handle.strip().lower()
        chosen = [entry for entry in self._entries().values() if key in entry.shared_with]
        chosen.sort(key=Entry.sort_key, reverse=True)
        return chosen

    @serialised
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

    @serialised
    def highest_sequence(self, public_key: bytes) -> int:
        """The highest bundle number ever read from ``public_key`` (-1: none yet)."""
        return self._seen_sequences().get(public_key.hex(), -1)

    @serialised
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
