"""A mentor's reply to an entry shared with them: the way back of a conversation.

A reply answers one entry of one author. The mentor keeps it in their journal (the
``replies`` table, with the handle it goes to) and it travels back inside the mentor's
own bundle for that author (:mod:`reflect.bundle`, payload version 3), so it has every
guarantee a shared entry has: sealed for that author alone, authenticated as the
mentor's, replaced by the mentor's next bundle, so deleting a reply withdraws it. It
carries the day of the entry it answers, so the author's reflect can say which entry
without a second look. Customer details are replaced with labels when a reply is
written: the privacy guard has the same last word on a reply as on an entry.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reflect.errors import InvalidEntry
from reflect.model import Entry, clean_text

REPLY_TO_DAY = "reply_to_day"
"""Extra field of the entry a reply is read as (:func:`as_lesson`): the day it answers."""

MAX_REPLY_LENGTH = 4_000
"""A reply is a few lines of what helped; a letter belongs in a conversation in person."""


@dataclass(frozen=True)
class Reply:
    id: str
    entry_id: str
    """The id of the entry it answers, as its author has it."""
    entry_day: date
    """That entry's shift day."""
    text: str
    written_at: datetime

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "entry_id": self.entry_id,
            "entry_day": self.entry_day.isoformat(),
            "text": self.text,
            "written_at": self.written_at.isoformat(),
        }

    @classmethod
    def from_dict(cls, data: object) -> Reply:
        """A reply as stored or as a bundle carries it; anything else is refused."""
        if not isinstance(data, Mapping):
            raise InvalidEntry("a reply must be an object")
        reply_id, entry_id = data.get("id"), data.get("entry_id")
        day, written = data.get("entry_day"), data.get("written_at")
        if not all(
            isinstance(value, str) and value for value in (reply_id, entry_id, day, written)
        ):
            raise InvalidEntry("a reply needs an id, an entry_id, an entry_day and written_at")
        assert isinstance(reply_id, str) and isinstance(entry_id, str)
        try:
            entry_day, moment = date.fromisoformat(str(day)), datetime.fromisoformat(str(written))
        except ValueError:
            raise InvalidEntry(f"reply {reply_id}: entry_day or written_at is not ISO") from None
        if moment.utcoffset() is None:
            raise InvalidEntry(f"reply {reply_id}: written_at has no UTC offset")
        return cls(reply_id, entry_id, entry_day, clean_reply_text(data.get("text")), moment)


def clean_reply_text(value: object) -> str:
    text = clean_text(value, "reply")
    if not text:
        raise InvalidEntry("a reply needs some words")
    if len(text) > MAX_REPLY_LENGTH:
        raise InvalidEntry(
            f"a reply is at most {MAX_REPLY_LENGTH:,} characters ({len(text):,} given)"
        )
    return text


def make_reply(text: object, *, entry_id: str, entry_day: date, now: datetime) -> Reply:
    """A new reply, its customer details replaced by labels before it is even kept."""
    from reflect.privacy import redact

    return Reply(uuid.uuid4().hex, entry_id, entry_day, redact(clean_reply_text(text)), now)


def as_lesson(reply: Reply) -> Entry:
    """A reply as From your past reads it: a lesson from its mentor, dated when it was
    written, that knows which of my entries it answers."""
    return Entry(
        id=reply.id,
        shift_date=reply.written_at.date(),
        created_at=reply.written_at,
        updated_at=reply.written_at,
        lesson=reply.text,
        extra={REPLY_TO_DAY: reply.entry_day.isoformat(), "reply_to": reply.entry_id},
    )
