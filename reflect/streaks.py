"""Streaks: consecutive days with a reflection. Days off never break one, nor count in it.

A day off *with* a reflection still counts: the person did reflect. Only an empty day
off is skipped. Every streak figure of the app, the command line and the summary comes
from :class:`Streaks`, which cuts the reflected days into runs once, so that the
summary of a 10k-entry journal asks its questions with a lookup each instead of walking
back through thirty years of days.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

DayOff = Callable[[date], bool]
_DAY = timedelta(days=1)


def _never(day: date) -> bool:
    return False


@dataclass(frozen=True)
class Run:
    """One streak: its first and last reflected day, and how many reflected days it holds."""

    first: date
    last: date
    days: int


class Streaks:
    """The reflected days of a journal, sorted and cut into runs once."""

    def __init__(self, days: Iterable[date], day_off: DayOff = _never) -> None:
        self.day_off = day_off
        self.days: list[date] = sorted(set(days))
        self.runs: list[Run] = []
        self._run_starts: list[int] = []  # index in ``days`` of each run's first day
        days, ordinals = self.days, [day.toordinal() for day in self.days]
        start = 0
        for index in range(1, len(days) + 1):
            if index < len(days) and (
                ordinals[index] - ordinals[index - 1] == 1  # the common case, kept cheap
                or self._all_off(days[index - 1] + _DAY, days[index] - _DAY)
            ):
                continue
            self.runs.append(Run(days[start], days[index - 1], index - start))
            self._run_starts.append(start)
            start = index

    def _all_off(self, first: date, last: date) -> bool:
        """Whether every day from ``first`` to ``last`` (both included) is a day off."""
        return all(self.day_off(first + timedelta(days=n)) for n in range((last - first).days + 1))

    def ending(self, last: date) -> int:
        """Reflected days in the unbroken run that ends on ``last`` (days off skipped)."""
        index = bisect_right(self.days, last) - 1
        if index < 0:
            return 0
        latest = self.days[index]
        if latest < last and not self._all_off(latest + _DAY, last):
            return 0  # a day between the latest reflection and ``last`` broke the run
        run = bisect_right(self._run_starts, index) - 1
        return index - self._run_starts[run] + 1

    def current(self, today: date) -> int:
        """The run up to today, or up to yesterday while today has no reflection yet."""
        index = bisect_left(self.days, today)
        if index < len(self.days) and self.days[index] == today:
            return self.ending(today)
        return self.ending(today - _DAY)

    def longest(self) -> int:
        return max((run.days for run in self.runs), default=0)

    def longest_until(self, start: date, end: date) -> int:
        """Reflected days of the longest run holding a day from ``start`` to ``end``,
        counted from its first day (however early) up to ``end``, never after it.

        So a period's figure depends only on days up to its end: a closed month never
        changes when later months are written. Runs cut the sorted reflected days into
        consecutive pieces, so the runs overlapping the period's first to last reflected
        day are exactly those holding one of its days; a run that only spans the period
        through days off is not among them. Only the last of them can reach past ``end``.
        """
        low, high = bisect_left(self.days, start), bisect_right(self.days, end) - 1
        if low > high:
            return 0
        first_run = bisect_right(self._run_starts, low) - 1
        last_run = bisect_right(self._run_starts, high) - 1
        cut = high - self._run_starts[last_run] + 1  # the last run, up to ``end``
        return max([run.days for run in self.runs[first_run:last_run]] + [cut])


def streak_ending(days: Iterable[date], last: date, day_off: DayOff = _never) -> int:
    """Reflected days in the unbroken run that ends on ``last`` (days off skipped)."""
    return Streaks(days, day_off).ending(last)


def current_streak(days: Iterable[date], today: date, day_off: DayOff = _never) -> int:
    """The run up to today, or up to yesterday while today has no reflection yet."""
    return Streaks(days, day_off).current(today)


def longest_streak(days: Iterable[date], day_off: DayOff = _never) -> int:
    return Streaks(days, day_off).longest()
