"""Replies: mine to entries shared with me, and the ones mentors sent back to mine.

Mine are kept in the ``replies`` table with the handle of the author they answer; what
travels is :mod:`reflect.replies`. Theirs arrive inside their bundles and are read from
the ``received`` table like the entries they shared.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from reflect.contacts import ReceivedBundle
from reflect.errors import EntryNotFound, InvalidEntry
from reflect.journal.entries import resolve_id
from reflect.journal.file import serialised
from reflect.journal.received import ReceivedBundles
from reflect.model import Entry
from reflect.replies import Reply, make_reply

SEEN_SHARED = "seen_shared"
"""Document of the ``meta`` table: what of each author's shared entries and replies I was
shown last (the Mentor screen and ``reflect inbox`` mark the rest as new)."""


@dataclass(frozen=True)
class MyReply:
    """A reply I wrote, and the contact it goes to."""

    to: str
    reply: Reply


class Replies(ReceivedBundles):
    """Writing, listing and withdrawing my replies; reading the replies to my entries."""

    def _find_received(self, entry_id: str) -> tuple[str, Entry]:
        """(author, entry) of an entry someone shared with me, by its id or any start of it
        that no other received entry shares (:func:`resolve_id`)."""
        shared = {
            entry.id: (bundle.author, entry)
            for bundle in self.received()
            for entry in bundle.entries
        }
        found = resolve_id(entry_id, shared.keys())
        if found is None:
            raise EntryNotFound(f"no entry {entry_id!r} among those shared with you")
        return shared[found]

    @serialised
    def reply(self, entry_id: str, text: str) -> MyReply:
        """Keep a reply to an entry shared with me (publishing it is the caller's)."""
        author, entry = self._find_received(entry_id)
        reply = make_reply(text, entry_id=entry.id, entry_day=entry.shift_date, now=self.clock())
        with self._writing():
            self._tables.replies.insert(reply.id, {**reply.to_dict(), "to": author})
        self._settle_others()
        return MyReply(author, reply)

    @serialised
    def my_replies(self, to: str | None = None) -> list[MyReply]:
        """My replies (to one author only, if given), oldest first. A damaged one is left
        out, never a reason to fail."""
        found: list[MyReply] = []
        for document in self._tables.replies.documents().values():
            with contextlib.suppress(InvalidEntry):
                handle = document.get("to") if isinstance(document, dict) else None
                if isinstance(handle, str) and (to is None or handle == to):
                    found.append(MyReply(handle, Reply.from_dict(document)))
        return sorted(found, key=lambda mine: mine.reply.written_at)

    @serialised
    def delete_reply(self, reply_id: str) -> MyReply:
        """Forget a reply of mine (the next bundle to its author no longer carries it)."""
        mine = {item.reply.id: item for item in self.my_replies()}
        found = resolve_id(reply_id, mine.keys())
        if found is None:
            raise EntryNotFound(f"no reply of yours with id {reply_id!r}")
        with self._writing():
            self._tables.replies.remove(found)
        self._settle_others()
        return mine[found]

    def replies_to(
        self, entry_id: str, bundles: list[ReceivedBundle] | None = None
    ) -> list[tuple[str, Reply]]:
        """(mentor, reply) for each reply a mentor sent to my entry ``entry_id``, oldest first."""
        found = [
            (bundle.author, reply)
            for bundle in (self.received() if bundles is None else bundles)
            for reply in bundle.replies
            if reply.entry_id == entry_id
        ]
        return sorted(found, key=lambda pair: pair[1].written_at)

    # -- what is new since I last looked ------------------------------------------------

    @serialised
    def seen_shared(self) -> dict[str, set[str]]:
        """By author, the ids of their entries and replies I have already been shown."""
        stored = self._tables.meta.get(SEEN_SHARED) or {}
        return {
            author: {item for item in ids if isinstance(item, str)}
            for author, ids in stored.items()
            if isinstance(author, str) and isinstance(ids, list)
        }

    @serialised
    def mark_seen(self, bundles: list[ReceivedBundle]) -> None:
        """Remember that what ``bundles`` hold was shown (what they dropped is forgotten)."""
        seen = {
            bundle.author: sorted(
                {entry.id for entry in bundle.entries} | {reply.id for reply in bundle.replies}
            )
            for bundle in bundles
        }
        if seen == {author: sorted(ids) for author, ids in self.seen_shared().items()}:
            return
        with self._writing():
            self._tables.meta.put(SEEN_SHARED, seen)
        self._settle_others()
