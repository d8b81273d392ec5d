"""Received bundles: what each contact shared with me, kept apart from my own entries.

One bundle per author, the latest; it replaces the one before only if it is newer by the
sender's own numbering (:func:`is_newer`), and the highest number read from each key is
kept beyond the contact, so an old copy of a bundle played back is never read again.
"""

from __future__ import annotations

from collections.abc import Sequence

from reflect.contacts import Contact, ReceivedBundle
from reflect.errors import JournalError
from reflect.journal.entries import Entries, JournalChange
from reflect.journal.file import serialised

SEEN_SEQUENCES = "bundle_sequences"
"""Document of the ``meta`` table: the highest bundle number read from each sender's key."""


class ReceivedBundles(Entries):
    """Reading and storing the bundles contacts sent me."""

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
                self._tables.received.put(bundle.author, bundle.to_dict())
                key = bundle.public_key.hex()
                seen[key] = max(seen.get(key, 0), bundle.sequence)
                replaced.append(bundle.author)
            if replaced:
                self._tables.meta.put(SEEN_SEQUENCES, seen)
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
