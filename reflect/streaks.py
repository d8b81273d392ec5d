"""Streaks: consecutive days with a reflection. Days off never break one, nor count in it."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, timedelta

DayOff = Callable[[date], bool]


def _never(day: date) -> bool:
    return False


def streak_ending(days: Collection[date], last: date, day_off: DayOff = _never) -> int:
    """Reflected days in the unbroken run that ends on ``last`` (days off skipped)."""
    count, day = 0, last
    earliest = min(days, default=last)
    while day >= earliest:
        if day in days:
            count += 1
        elif not day_off(day):
            break
        day -= timedelta(days=1)
    return count


def current_streak(days: Collection[date], today: date, day_off: DayOff = _never) -> int:
    """The run up to today, or up to yesterday while today has no reflection yet."""
    if today in days:
        return streak_ending(days, today, day_off)
    return streak_ending(days, today - timedelta(days=1), day_off)


def longest_streak(days: Collection[date], day_off: DayOff = _never) -> int:
    best, run, previous = 0, 0, None
    for day in sorted(set(days)):
        if previous is not None and _only_days_off_between(previous, day, day_off):
            run += 1
        else:
            run = 1
        best, previous = max(best, run), day
    return best


def _only_days_off_between(earlier: date, later: date, day_off: DayOff) -> bool:
    day = earlier + timedelta(days=1)
    while day < later:
        if not day_off(day):
            return False
        day += timedelta(days=1)
    return True
