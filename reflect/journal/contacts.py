"""Contacts, and which of my entries each of them may read.

A contact is someone I share with or receive from, stored by handle with their public
key and the folder my bundles for them go to. Who may read an entry is part of the entry
(``shared_with``, and :data:`SHARE_DETAILS` for the customer details in it), so sharing
and unsharing are entry writes; forgetting a contact un-shares everything with them and
drops what they sent, all in the same write. Publishing is :mod:`reflect.sharing`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from reflect.contacts import Contact
from reflect.errors import ContactExists, ContactNotFound, InvalidEntry, JournalError
from reflect.journal.entries import Entries, JournalChange
from reflect.journal.file import serialised
from reflect.model import TEXT_FIELDS, Entry

SHARE_DETAILS = "share_details"
"""Extra field of an entry whose author let customer details travel with it (read by
:func:`reflect.bundle.details_allowed`)."""


class Contacts(Entries):
    """The people I share with, and my entries each of them may read."""

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
                f"no contact {handle!r}; `reflect contact add --code LINE` adds one from the "
                "invite code they send"
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
            self._tables.contacts.put(contact.handle, contact.to_dict())
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
        """Forget a contact: my entries stop being shared with them, what they shared with
        me and my replies to it are dropped, in one write. (To also empty the bundle
        already in their folder, use :func:`reflect.usecases.remove_contact`, which empties
        their copy first.)"""
        with self._writing():
            contact = self._contact(handle)
            changed = [
                self._with_sharing(
                    entry, tuple(h for h in entry.shared_with if h != contact.handle)
                )
                for entry in self._chosen(
                    lambda document: contact.handle in (document.get("shared_with") or ())
                )
            ]
            for entry in changed:
                self._tables.entries.put(entry.id, entry.to_dict())
            self._tables.contacts.remove(contact.handle)
            dropped = self._tables.received.contains(contact.handle)
            if dropped:
                self._tables.received.remove(contact.handle)
            for key, document in list(self._tables.replies.documents().items()):
                if isinstance(document, dict) and document.get("to") == contact.handle:
                    self._tables.replies.remove(key)  # my replies to them: nobody to go to
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
            self._tables.contacts.put(contact.handle, contact.to_dict())
        self._settle_others()
        return contact

    def _with_sharing(
        self, entry: Entry, shared_with: tuple[str, ...], allow_details: bool | None = None
    ) -> Entry:
        """``entry`` shared with exactly ``shared_with``; a private entry forgets any
        permission to share customer details, so sharing it again starts redacted (also
        when a file written before that rule still holds the permission on a private one)."""
        extra = dict(entry.extra)
        if allow_details is True:
            extra[SHARE_DETAILS] = True
        elif allow_details is False or not shared_with or not entry.shared_with:
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
            self._tables.entries.put(new.id, new.to_dict())
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
            self._tables.entries.put(new.id, new.to_dict())
        self._settle(JournalChange("update", (new,)))
        return new

    @serialised
    def entries_shared_with(self, handle: str) -> list[Entry]:
        """My own entries ``handle`` may read, newest first (received ones never count)."""
        key = handle.strip().lower()
        return self._chosen(lambda document: key in (document.get("shared_with") or ()))
