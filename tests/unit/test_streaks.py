"""Streaks against a plain day-by-day walk, the rule as a person would check it."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.streaks import Run, Streaks, current_streak, longest_streak, streak_ending

MONDAY = date(2026, 11, 2)


def weekend(day: date) -> bool:
    return day.weekday() >= 5


def walk_back(days: set[date], last: date, day_off: object) -> int:
    """The rule, literally: step back a day at a time, skipping empty days off."""
    count, day = 0, last
    while days and day >= min(days):
        if day in days:
            count += 1
        elif not day_off(day):  # type: ignore[operator]
            break
        day -= timedelta(days=1)
    return count


def test_a_weekend_off_does_not_break_a_streak_nor_count_in_it() -> None:
    week = {MONDAY + timedelta(days=n) for n in range(5)}  # Monday to Friday
    next_monday = MONDAY + timedelta(days=7)
    days = week | {next_monday}
    assert streak_ending(days, next_monday) == 1
    assert streak_ending(days, next_monday, weekend) == 6
    assert longest_streak(days, weekend) == 6
    assert current_streak(days, next_monday + timedelta(days=1), weekend) == 6  # from yesterday
    assert current_streak(days, next_monday + timedelta(days=2), weekend) == 0


def test_a_reflection_on_a_day_off_counts() -> None:
    saturday = MONDAY + timedelta(days=5)
    days = {saturday - timedelta(days=1), saturday, saturday + timedelta(days=2)}  # Fri Sat Mon
    assert streak_ending(days, saturday + timedelta(days=2), weekend) == 3


def test_runs_cut_the_days_and_the_longest_counts_up_to_the_period_end() -> None:
    days = [date(2026, 10, 30), date(2026, 10, 31), date(2026, 11, 1), date(2026, 11, 20)]
    streaks = Streaks(days)
    assert streaks.runs == [
        Run(date(2026, 10, 30), date(2026, 11, 1), 3),
        Run(date(2026, 11, 20), date(2026, 11, 20), 1),
    ]
    assert streaks.longest_until(date(2026, 11, 1), date(2026, 11, 30)) == 3  # from Oct 30
    assert streaks.longest_until(date(2026, 11, 2), date(2026, 11, 30)) == 1
    assert streaks.longest_until(date(2026, 10, 1), date(2026, 10, 31)) == 2  # not Nov 1
    assert streaks.longest_until(date(2026, 12, 1), date(2026, 12, 31)) == 0


def test_a_run_that_only_spans_a_period_through_days_off_does_not_touch_it() -> None:
    friday, monday = date(2026, 11, 20), date(2026, 11, 23)
    streaks = Streaks([friday, monday], weekend)
    assert streaks.runs == [Run(friday, monday, 2)]
    assert streaks.longest_until(date(2026, 11, 21), date(2026, 11, 22)) == 0


@settings(max_examples=300, deadline=None)
@given(
    st.sets(st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 3, 31)), max_size=60),
    st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 3, 31)),
    st.integers(0, 40),
)
def test_the_longest_of_a_period_ignores_every_day_after_it(
    days: set[date], start: date, length: int
) -> None:
    end = start + timedelta(days=length)
    until_end = {day for day in days if day <= end}
    later = days | {end + timedelta(days=n) for n in range(1, 10)}
    assert Streaks(later).longest_until(start, end) == Streaks(until_end).longest_until(start, end)
    inside = [day for day in until_end if day >= start]
    expected = max((walk_back(until_end, day, lambda _: False) for day in inside), default=0)
    assert Streaks(days).longest_until(start, end) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.sets(st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 3, 31)), max_size=60),
    st.dates(min_value=date(2025, 12, 25), max_value=date(2026, 4, 5)),
    st.sampled_from([lambda day: False, weekend, lambda day: day.day % 3 == 0]),
)
def test_streaks_agree_with_walking_back_day_by_day(
    days: set[date], last: date, day_off: object
) -> None:
    streaks = Streaks(days, day_off)  # type: ignore[arg-type]
    assert streaks.ending(last) == walk_back(days, last, day_off)
    assert sum(run.days for run in streaks.runs) == len(days)
    assert streaks.longest() == max((walk_back(days, day, day_off) for day in days), default=0)
