"""Jots: a line kept during the shift ("irate cx threatened to sue over the roaming bill"),
so the hardest moment is not lost by the time the reflection is written.

A jot belongs to a shift's day. Until that shift's reflection is saved it waits in the
journal's ``jots`` table; the reflection then keeps it (the entry's ``jots`` field, in
the same write), so it is exported, shown and deleted with the entry, and like an
entry's note it never travels to a mentor.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from reflect.errors import InvalidEntry
from reflect.safe_text import without_controls

MAX_JOT_LENGTH = 500
"""A jot is a line typed between calls; longer thoughts belong in the reflection."""
MAX_JOTS = 100
"""Per entry: more than a shift could honestly hold, so a damaged file cannot balloon."""


@dataclass(frozen=True)
class Jot:
    id: str
    shift_date: date
    at: datetime
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "shift_date": self.shift_date.isoformat(),
            "at": self.at.isoformat(),
            "text": self.text,
        }

    @classmethod
    def from_dict(cls, data: object) -> Jot:
        """A jot as stored or exported; anything else is refused, saying why."""
        if not isinstance(data, Mapping):
            raise InvalidEntry("a jot must be an object with id, shift_date, at and text")
        jot_id, day, at = data.get("id"), data.get("shift_date"), data.get("at")
        if not (
            isinstance(jot_id, str) and jot_id and isinstance(day, str) and isinstance(at, str)
        ):
            raise InvalidEntry("a jot needs an id, a shift_date and an at time")
        try:
            shift_date, moment = date.fromisoformat(day), datetime.fromisoformat(at)
        except ValueError:
            raise InvalidEntry(f"jot {jot_id}: shift_date or at is not an ISO date") from None
        if moment.tzinfo is None:
            raise InvalidEntry(f"jot {jot_id}: its time must carry a UTC offset")
        return cls(jot_id, shift_date, moment, clean_jot_text(data.get("text")))


def clean_jot_text(value: object) -> str:
    """One line of plain text: lines joined, spaces collapsed, at most 500 characters."""
    if not isinstance(value, str):
        raise InvalidEntry("a jot is text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidEntry("a jot is not valid UTF-8 text") from None
    text = " ".join(without_controls(value).split())
    if not text:
        raise InvalidEntry("a jot needs some words")
    if len(text) > MAX_JOT_LENGTH:
        raise InvalidEntry(
            f"a jot is one line of at most {MAX_JOT_LENGTH} characters ({len(text)} given)"
        )
    return text


def make_jot(text: object, *, shift_date: date, now: datetime) -> Jot:
    return Jot(uuid.uuid4().hex, shift_date, now, clean_jot_text(text))


def clean_jots(value: object) -> tuple[Jot, ...]:
    """An entry's ``jots`` field: a list of jots (none when absent)."""
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise InvalidEntry("jots must be a list")
    if len(value) > MAX_JOTS:
        raise InvalidEntry(f"too many jots: {len(value)} (the limit is {MAX_JOTS})")
    jots = tuple(Jot.from_dict(item) for item in value)
    return tuple(sorted(dict((jot.id, jot) for jot in jots).values(), key=lambda jot: jot.at))
