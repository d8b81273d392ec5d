"""What the start screen says, kept beside the journal so a start can say it before reading.

The Today screen needs little: which days have entries (the streak), tonight's mood, how
many entries there are, whether an unfinished reflection waits. Reading a journal of
10,000 entries to learn that takes a sixth of a second after the first paint; this file
answers in a millisecond. It is a cache, never a second source of truth: it is keyed by
the journal file's identity (inode, size, modification time) as it was when the view was
made, so any write (by this app, the CLI, another tool) makes it stale, and a stale,
missing or unreadable one is simply ignored and made again after the next read. It holds
days, counts and moods, no entry text, and is written atomically, owner-only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from reflect.streaks import current_streak

if TYPE_CHECKING:
    from reflect.drafts import Draft
    from reflect.journal import Journal

FILE_NAME = "start-view.json"
FORMAT = "reflect-start-view"
VERSION = 1

Stamp = tuple[int, int, int]


@dataclass(frozen=True)
class StartView:
    """The journal as the start screen sees it."""

    days: Mapping[str, int] = field(default_factory=dict)
    """Entries per ``YYYY-MM-DD`` day."""
    moods: Mapping[str, int] = field(default_factory=dict)
    """The mood of each day's newest entry, where it has one."""
    draft_waiting: bool = False
    """An unfinished new reflection is saved as a draft."""

    @classmethod
    def of(cls, journal: Journal, drafts: Sequence[Draft] | None = None) -> StartView:
        """Read from the journal (its stored documents: no entry is built); ``drafts``,
        when the caller has them already, saves reading them again."""
        drafts = journal.drafts() if drafts is None else drafts
        return cls(
            days=journal.days(),
            moods=journal.moods_by_day(),
            draft_waiting=any(draft.entry_id is None for draft in drafts),
        )

    @property
    def entries(self) -> int:
        return sum(self.days.values())

    def written_on(self, day: date) -> bool:
        return self.days.get(day.isoformat(), 0) > 0

    def mood_on(self, day: date) -> int | None:
        return self.moods.get(day.isoformat())

    def streak(self, today: date) -> int:
        return current_streak({day for day in map(_day, self.days) if day is not None}, today)

    def on_this_day(self, today: date) -> tuple[date, str] | None:
        """A day with entries on this date in an earlier year (the nearest year first),
        else a month ago, and how to say it ("A year ago tonight"); None if neither.

        A 29 February looks back to the 28th in other years, and the 31st to a shorter
        month's last day, as python-dateutil counts months."""
        from dateutil.relativedelta import relativedelta

        oldest = min((day for day in map(_day, self.days) if day is not None), default=None)
        if oldest is None or oldest >= today:
            return None
        years = 1
        while (back := today - relativedelta(years=years)) >= oldest:
            if self.written_on(back):
                return back, ("A year ago tonight" if years == 1 else f"{years} years ago tonight")
            years += 1
        back = today - relativedelta(months=1)
        return (back, "A month ago tonight") if self.written_on(back) else None


def _day(text: str) -> date | None:
    """A stored day; None for one that is not (doctor reports it)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def read_kept(folder: Path, stamp: Stamp | None) -> StartView | None:
    """The view kept in ``folder`` if it was made from the file whose identity is
    ``stamp``; None when there is none, it is stale, or it does not read."""
    if stamp is None:
        return None
    from reflect.errors import ReflectError
    from reflect.vault import read_private

    try:
        data = orjson.loads(read_private(folder / FILE_NAME))
    except (OSError, orjson.JSONDecodeError, ReflectError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    if data.get("version") != VERSION or data.get("stamp") != list(stamp):
        return None
    days, moods, waiting = data.get("days"), data.get("moods"), data.get("draft_waiting")
    if not isinstance(days, dict) or not isinstance(moods, dict) or not isinstance(waiting, bool):
        return None
    if not all(isinstance(count, int) for count in days.values()):
        return None
    if not all(isinstance(mood, int) for mood in moods.values()):
        return None
    return StartView(days=days, moods=moods, draft_waiting=waiting)


def keep(folder: Path, stamp: Stamp | None, view: StartView) -> None:
    """Keep ``view`` for the file whose identity is ``stamp``. Failing to write is not an
    error: the file only saves time."""
    from reflect.errors import ReflectError
    from reflect.paths import DIR_MODE
    from reflect.storage import atomic_write

    if stamp is None:
        return
    data = orjson.dumps(
        {"format": FORMAT, "version": VERSION, "stamp": list(stamp), "days": dict(view.days),
         "moods": dict(view.moods), "draft_waiting": view.draft_waiting}
    )  # fmt: skip
    with contextlib.suppress(OSError, ReflectError):  # ReflectError: locked meanwhile
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        atomic_write(folder / FILE_NAME, data)
