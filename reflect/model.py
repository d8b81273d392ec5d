"""The entry: one end-of-shift reflection, and the rules every entry obeys.

Entries are immutable values. They are built and checked here, whatever their origin
(the app, the command line, an import), so a rule lives in exactly one place.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from reflect.errors import InvalidEntry
from reflect.jots import Jot, clean_jots
from reflect.safe_text import UNSAFE, without_controls
from reflect.sources import SOURCES

TEXT_FIELDS = ("challenge", "grateful", "kindness", "lesson")
ALL_TEXT_FIELDS = (*TEXT_FIELDS, "note")
KNOWN_FIELDS = frozenset(("id", "shift_date", "created_at", "updated_at", *ALL_TEXT_FIELDS)) | {
    "mood",
    "tags",
    "shared_with",
    "source",
    "jots",
}
MAX_TEXT_LENGTH = 10_000
MAX_NOTE_LENGTH = 100_000
MAX_TAGS = 20
MOOD_RANGE = range(1, 6)
MOOD_NAMES = ("very hard", "hard", "so-so", "good", "very good")
"""What moods 1 to 5 mean, in every face: a mood is never only a colour or a number."""


def mood_label(mood: int) -> str:
    """ "4 good": the number people chose and what it means."""
    return f"{mood} {MOOD_NAMES[mood - 1]}"


_ID = re.compile(r"^[0-9A-Za-z_-]{8,64}$")
_TAG = re.compile(r"^[^\s#@,;][^\s,;]{0,39}$")
_HANDLE = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,31}$")
_NEEDS_CLEANING = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]|^\s|\s$"
)


def _or(value: Any, default: Any) -> Any:
    """``value``, or ``default`` where the strict path reads a missing field (``None``)."""
    return default if value is None else value


def _plain(text: str) -> bool:
    """No character a terminal would act on (``isprintable`` is the quick answer for a
    one-line text; a text with newlines or tabs gets the full check)."""
    return text.isprintable() or UNSAFE.search(text) is None


def json_kind(value: object) -> str:
    """What a JSON value is, in a person's words ("a number", "null"), for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    return "an object" if isinstance(value, Mapping) else type(value).__name__


def new_id() -> str:
    return uuid.uuid4().hex


def clean_text(value: object, name: str) -> str:
    """Plain UTF-8 text, trimmed, without control characters other than newlines and tabs
    (C1 and bidi overrides included: see :mod:`reflect.safe_text`)."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidEntry(f"{name} must be text")
    limit = MAX_NOTE_LENGTH if name == "note" else MAX_TEXT_LENGTH
    if len(value) <= limit and not _NEEDS_CLEANING.search(value):
        return value  # already clean: the common case when reading a stored journal
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidEntry(f"{name} is not valid UTF-8 text") from None
    text = without_controls(value).strip()
    if len(text) > limit:
        raise InvalidEntry(f"{name} is too long: {len(text):,} characters (the limit is {limit:,})")
    return text


def clean_mood(value: object) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidEntry("mood must be a whole number from 1 to 5")
    if value not in MOOD_RANGE:
        raise InvalidEntry(f"mood must be from 1 to 5, not {value}")
    return value


def _clean_tag(value: str) -> bool:
    """Whether ``value`` is a tag as :func:`clean_tag` leaves one (the quick check)."""
    return value.isprintable() and _TAG.match(value) is not None and value.islower()


def _clean_handle(value: str) -> bool:
    """Whether ``value`` is a handle as :func:`clean_handle` leaves one."""
    return _HANDLE.match(value) is not None and value == value.strip().lower()


def clean_tag(value: object) -> str:
    """Lowercase, no leading ``#``/``@``; inner spaces become dashes."""
    if not isinstance(value, str):
        raise InvalidEntry("a tag must be text")
    if _clean_tag(value):
        return value  # already clean (printable: a control character is never a tag)
    tag = "-".join(clean_text(value, "tag").lower().lstrip("#@").split())
    if not _TAG.match(tag):
        raise InvalidEntry(f"tag {value!r} is not usable: 1-40 characters, no spaces, commas or #")
    return tag


def clean_tags(values: object) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidEntry("tags must be a list of text")
    tags = tuple(dict.fromkeys(clean_tag(value) for value in values))
    if len(tags) > MAX_TAGS:
        raise InvalidEntry(f"too many tags: {len(tags)} (the limit is {MAX_TAGS})")
    return tags


def clean_handle(value: object) -> str:
    if not isinstance(value, str) or not _HANDLE.match(value.strip().lower()):
        raise InvalidEntry(
            f"handle {value!r} is not usable: 1-32 of a-z, 0-9, '.', '_' or '-', starting with "
            "a letter or digit"
        )
    return value.strip().lower()


def clean_handles(values: object) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise InvalidEntry("shared_with must be a list of handles")
    return tuple(dict.fromkeys(clean_handle(value) for value in values))


def _parse_day(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InvalidEntry(f"shift_date must be a day as YYYY-MM-DD, not {value!r}")


def _parse_moment(value: object, name: str) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise InvalidEntry(f"{name} must be an ISO 8601 time, not {value!r}") from None
    else:
        raise InvalidEntry(f"{name} must be an ISO 8601 time")
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise InvalidEntry(f"{name} must carry a UTC offset")
    return moment


@dataclass(frozen=True)
class Entry:
    """One reflection. ``extra`` keeps fields written by newer versions, so none are dropped."""

    id: str
    shift_date: date
    created_at: datetime
    updated_at: datetime
    challenge: str = ""
    grateful: str = ""
    kindness: str = ""
    lesson: str = ""
    note: str = ""
    mood: int | None = None
    tags: tuple[str, ...] = ()
    shared_with: tuple[str, ...] = ()
    source: str = "reflect"
    jots: tuple[Jot, ...] = ()
    """Lines jotted during the shift, kept with its reflection (:mod:`reflect.jots`)."""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not _ID.match(self.id):
            raise InvalidEntry(f"id {self.id!r} is not usable: 8-64 letters, digits, '-' or '_'")
        if self.source not in SOURCES:
            raise InvalidEntry(f"source must be one of {', '.join(SOURCES)}, not {self.source!r}")
        if not any(getattr(self, name) for name in ALL_TEXT_FIELDS):
            raise InvalidEntry(
                "an entry needs at least one text: challenge, grateful, kindness or lesson"
            )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entry:
        """Build and check an entry from its stored or exported form."""
        if not isinstance(data, Mapping):
            raise InvalidEntry(f"an entry must be a JSON object, not {json_kind(data)}")
        entry_id = data.get("id")
        if not isinstance(entry_id, str):
            raise InvalidEntry("an entry needs an id")
        source = data.get("source") or "reflect"
        if not isinstance(source, str):
            raise InvalidEntry("source must be text")
        return cls(
            id=entry_id,
            shift_date=_parse_day(data.get("shift_date")),
            created_at=_parse_moment(data.get("created_at"), "created_at"),
            updated_at=_parse_moment(data.get("updated_at"), "updated_at"),
            **{name: clean_text(data.get(name), name) for name in ALL_TEXT_FIELDS},
            mood=clean_mood(data.get("mood")),
            tags=clean_tags(data.get("tags")),
            shared_with=clean_handles(data.get("shared_with")),
            source=source,
            jots=clean_jots(data.get("jots")),
            extra={key: value for key, value in data.items() if key not in KNOWN_FIELDS},
        )

    @classmethod
    def from_stored(cls, data: object) -> Entry:
        """An entry read back from the journal file, which holds only what
        :meth:`from_dict` accepted when it was written: the types are checked, and that no
        text holds a control character (a hand-edited file may hold anything), but the
        texts are not cleaned again, which is most of the cost of reading a large journal.
        Whatever fails the quick checks goes through :meth:`from_dict`, which cleans it or
        says exactly what is wrong."""
        if not isinstance(data, dict):
            return cls.from_dict(cast("Mapping[str, Any]", data))  # it says what is wrong
        try:
            texts = {name: _or(data.get(name), "") for name in ALL_TEXT_FIELDS}
            tags, readers = _or(data.get("tags"), []), _or(data.get("shared_with"), [])
            mood = data.get("mood")
            if not (
                all(
                    type(value) is str and _plain(value) and value.strip() == value
                    for value in texts.values()
                )
                and any(texts.values())
                and type(tags) is list
                and all(type(tag) is str and _clean_tag(tag) for tag in tags)
                and len(set(tags)) == len(tags)
                and type(readers) is list
                and all(type(handle) is str and _clean_handle(handle) for handle in readers)
                and len(set(readers)) == len(readers)
                and (mood is None or (type(mood) is int and mood in MOOD_RANGE))
                and not data.get("jots")  # rare: checked whole by from_dict
            ):
                return cls.from_dict(data)
            created = datetime.fromisoformat(data["created_at"])
            updated = datetime.fromisoformat(data["updated_at"])
            if created.tzinfo is None or updated.tzinfo is None:
                return cls.from_dict(data)
            extra = (
                {key: value for key, value in data.items() if key not in KNOWN_FIELDS}
                if len(data) > len(KNOWN_FIELDS) or not KNOWN_FIELDS.issuperset(data)
                else {}
            )
            return cls(
                id=data["id"],
                shift_date=date.fromisoformat(data["shift_date"]),
                created_at=created,
                updated_at=updated,
                **texts,
                mood=mood,
                tags=tuple(tags),
                shared_with=tuple(readers),
                source=data.get("source") or "reflect",
                extra=extra,
            )
        except (KeyError, TypeError, ValueError):
            return cls.from_dict(data)

    def to_dict(self) -> dict[str, Any]:
        """The stored and exported form (JSON-ready), unknown fields included."""
        data: dict[str, Any] = dict(self.extra)
        data.update(
            id=self.id,
            shift_date=self.shift_date.isoformat(),
            created_at=self.created_at.isoformat(),
            updated_at=self.updated_at.isoformat(),
            challenge=self.challenge,
            grateful=self.grateful,
            kindness=self.kindness,
            lesson=self.lesson,
            note=self.note,
            mood=self.mood,
            tags=list(self.tags),
            shared_with=list(self.shared_with),
            source=self.source,
        )
        if self.jots:  # absent when empty: the stored and exported form stays as it was
            data["jots"] = [jot.to_dict() for jot in self.jots]
        return data

    def edited(self, now: datetime, **changes: Any) -> Entry:
        """A checked copy with ``changes``; id and ``created_at`` stay, ``updated_at`` moves."""
        if {"id", "created_at"} & changes.keys():
            raise InvalidEntry("an entry's id and created_at never change")
        data = self.to_dict()
        data.update(changes)
        data["updated_at"] = now
        if isinstance(data["shift_date"], date):
            data["shift_date"] = data["shift_date"].isoformat()
        return Entry.from_dict(data)

    def sort_key(self) -> tuple[date, datetime]:
        """Where the entry falls in time: its shift's day, then when it was written (two
        entries of one shift keep the order they were written in). A method, so that it
        is the ``key`` itself: ``sorted(entries, key=Entry.sort_key)``."""
        return (self.shift_date, self.created_at)

    @property
    def texts(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in ALL_TEXT_FIELDS}

    @property
    def title(self) -> str:
        """A one-line label: the first text that is not empty."""
        for name in ALL_TEXT_FIELDS:
            text: str = getattr(self, name)
            if text:
                return text.splitlines()[0]
        return ""


def make_entry(
    fields: Mapping[str, Any], *, shift_date: date, now: datetime, entry_id: str | None = None
) -> Entry:
    """A new entry from what a person typed: texts, mood, tags and who may read it."""
    unknown = set(fields) - {*ALL_TEXT_FIELDS, "mood", "tags", "shared_with"}
    if unknown:
        raise InvalidEntry(f"unknown field(s): {', '.join(sorted(unknown))}")
    return Entry.from_dict(
        {
            **fields,
            "id": entry_id or new_id(),
            "shift_date": shift_date.isoformat(),
            "created_at": now,
            "updated_at": now,
            "source": "reflect",
        }
    )
