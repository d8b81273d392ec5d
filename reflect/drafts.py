"""A reflection in progress. Drafts are saved as the person types, so none is ever lost.

A draft is deliberately lenient: it may be empty, half typed, or hold a mood not yet
chosen. The rules of :mod:`reflect.model` apply only when it becomes an entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from reflect.model import ALL_TEXT_FIELDS, Entry, new_id
from reflect.safe_text import without_controls

DRAFT_FIELDS = (*ALL_TEXT_FIELDS, "mood", "tags", "shared_with")


def _text(value: object) -> str:
    """Any text, even half typed, but never a control sequence (it is shown on screen)."""
    return without_controls(value) if isinstance(value, str) else ""


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, list | tuple):
        return tuple(item for item in value if isinstance(item, str))
    return ()


@dataclass(frozen=True)
class Draft:
    """What has been typed so far, which step the person was on, and what it will become."""

    id: str
    shift_date: date
    updated_at: datetime
    step: int = 0
    entry_id: str | None = None
    """The entry being edited, or None for a new reflection."""
    fields: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def start(cls, shift_date: date, now: datetime, **fields: Any) -> Draft:
        return cls(new_id(), shift_date, now, fields=fields)

    @classmethod
    def for_entry(cls, entry: Entry, now: datetime) -> Draft:
        """A draft that edits ``entry``: saving it updates that entry, keeping its id."""
        return cls(
            new_id(),
            entry.shift_date,
            now,
            entry_id=entry.id,
            fields={
                **entry.texts,
                "mood": entry.mood,
                "tags": list(entry.tags),
                "shared_with": list(entry.shared_with),
            },
        )

    @property
    def is_empty(self) -> bool:
        return not any(_text(self.fields.get(name)).strip() for name in ALL_TEXT_FIELDS)

    def text(self, name: str) -> str:
        return _text(self.fields.get(name))

    def changed(self, now: datetime, *, step: int | None = None, **fields: Any) -> Draft:
        return replace(
            self,
            updated_at=now,
            step=self.step if step is None else step,
            fields={**self.fields, **fields},
        )

    def entry_fields(self) -> dict[str, Any]:
        """The fields a new or edited entry takes from this draft."""
        return {name: self.fields[name] for name in DRAFT_FIELDS if name in self.fields}

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "shift_date": self.shift_date.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "step": self.step,
            "entry_id": self.entry_id,
            "fields": dict(self.fields),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Draft | None:
        """A stored draft, or None when it is too damaged to offer (it stays on disk)."""
        try:
            fields = data.get("fields") or {}
            return cls(
                id=str(data["id"]),
                shift_date=date.fromisoformat(str(data["shift_date"])),
                updated_at=datetime.fromisoformat(str(data["updated_at"])),
                step=int(data.get("step") or 0),
                entry_id=data.get("entry_id") if isinstance(data.get("entry_id"), str) else None,
                fields={
                    **{name: _text(fields.get(name)) for name in ALL_TEXT_FIELDS},
                    "mood": fields.get("mood") if isinstance(fields.get("mood"), int) else None,
                    "tags": list(_strings(fields.get("tags"))),
                    "shared_with": list(_strings(fields.get("shared_with"))),
                },
            )
        except (KeyError, TypeError, ValueError, AttributeError):
            return None
