"""The summary engine against a journal counted by hand (tests/data/summary_fixture.json).

The fixture, one line per entry (weekday, mood, what matters here):

    2024-01-30 Tue  2
    2024-01-31 Wed  4
    2024-02-01 Thu  1, 3, none   three entries on the first day of February
    2024-02-02 Fri  4
                                 Sat 3 and Sun 4 February: nothing
    2024-02-05 Mon  5
    2024-02-14 Wed  2
    2024-02-28 Wed  none
    2024-02-29 Thu  3            the leap day, the last day of February
                                 March 2024: nothing at all
    2026-10-01 Thu  4            first day of October
    2026-10-30 Fri  3
    2026-10-31 Sat  2            last day of October
    2026-11-01 Sun  4            first day of November
    2026-11-02 Mon  5            texts with <b> and &
    2026-11-20 Fri  3
                                 Sat 21 and Sun 22 November: nothing
    2026-11-23 Mon  4
                                 today is Tuesday 2026-11-24 (no entry yet)
"""

from __future__ import annotations

import json
import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.config import ConfigError, load_config
from reflect.errors import DateParseError
from reflect.formats import native
from reflect.model import Entry, make_entry
from reflect.summary import (
    DaysOff,
    Excerpt,
    PeriodFigures,
    TagCount,
    ThemeCount,
    WeekMood,
    summarize_month,
    summarize_range,
)
from reflect.themes import ThemeLexicon

FIXTURE = Path(__file__).parent.parent / "data" / "summary_fixture.json"
TODAY = date(2026, 11, 24)  # a Tuesday
WEEKENDS = DaysOff(["saturday", "sunday"])

# A small lexicon of our own, so the counts do not move when seeds/themes.toml grows.
LEXICON = ThemeLexicon.from_toml(
    """
[themes.abusive_caller]
label = "abusive caller"
terms = ["shout", "swore", "rude"]

[themes.refunds]
label = "refunds and delays"
terms = ["refund", "late"]

[themes.outage]
label = "system outage"
terms = ["crashed", "was down"]

[themes.thanks]
label = "customer came back to thank"
terms = ["thanks"]
"""
)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    parsed = native.load(FIXTURE.read_bytes(), FIXTURE.name)
    assert not parsed.rejected
    return parsed.entries


# -- February 2024: the leap month ------------------------------------------------------


def test_february_2024_counted_by_hand(entries: list[Entry]) -> None:
    summary = summarize_month(entries, 2024, 2, today=TODAY, lexicon=LEXICON)
    assert summary.label == "2024-02"
    assert summary.title == "February 2024"
    assert (summary.start, summary.end) == (date(2024, 2, 1), date(2024, 2, 29))
    # entries: 3 on the 1st + the 2nd, 5th, 14th, 28th, 29th = 8
    # days reflected: 1, 2, 5, 14, 28, 29 = 6
    # mood: 1 + 3 + 4 + 5 + 2 + 3 = 18 over 6 rated entries = 3.0 (two have no mood)
    # runs: Jan 30-Feb 2 (4 days), Feb 5 (1), Feb 14 (1), Feb 28-29 (2)
    # current: the month is over, so back from Feb 29: the 29th and 28th = 2
    # longest: the run of Jan 30 to Feb 2 holds February days, so it counts whole = 4
    assert summary.figures == PeriodFigures(
        entries=8, days_reflected=6, current_streak=2, longest_streak=4, mood_average=3.0
    )
    # January: 2 entries on 2 days, moods 2 and 4; its last day ends a run of 2 (Jan 30, 31);
    # the run going on into February counts only up to Jan 31 in January: 2.
    assert summary.previous == PeriodFigures(2, 2, 2, 2, 3.0)
    assert summary.previous_label == "2024-01"
    changes = summary.differences
    assert changes is not None
    assert (changes.entries, changes.days_reflected, changes.current_streak) == (6, 4, 0)
    assert (changes.longest_streak, changes.mood_average) == (2, 0.0)


def test_february_2024_has_a_leap_day_cell_and_the_busy_first(entries: list[Entry]) -> None:
    summary = summarize_month(entries, 2024, 2, today=TODAY, lexicon=LEXICON)
    assert len(summary.days) == 29
    first, leap = summary.days[0], summary.days[-1]
    assert (first.day, first.entries, first.mood_average) == (date(2024, 2, 1), 3, 2.0)  # (1+3)/2
    assert first.entry_ids == ("feb01-thu-0001", "feb01-thu-0002", "feb01-thu-0003")
    assert (leap.day, leap.entries, leap.mood_average) == (date(2024, 2, 29), 1, 3.0)
    no_mood = summary.days[27]
    assert (no_mood.day, no_mood.entries, no_mood.mood_average) == (date(2024, 2, 28), 1, None)
    assert sum(cell.entries for cell in summary.days) == 8
    assert not any(cell.is_day_off or cell.is_today for cell in summary.days)


def test_february_2024_themes_tags_and_lists(entries: list[Entry]) -> None:
    summary = summarize_month(entries, 2024, 2, today=TODAY, lexicon=LEXICON)
    # refund/late: Feb 1 (both challenges), Feb 29 = 3; shout/swore/rude: Feb 1, Feb 14 = 2
    # ("shouted and swore" is one entry: it counts once); thanks: Feb 5; "was down": Feb 2.
    # January's "crashed" is not February's.
    assert summary.themes == (
        ThemeCount("refunds and delays", 3),
        ThemeCount("abusive caller", 2),
        ThemeCount("customer came back to thank", 1),
        ThemeCount("system outage", 1),
    )
    assert summary.tags == (
        TagCount("refunds", 3),
        TagCount("abuse", 2),
        TagCount("billing", 1),
        TagCount("outage", 1),
    )
    # oldest first; empty texts are left out (Feb 1's second entry has no gratitude)
    assert [excerpt.text for excerpt in summary.gratitude] == [
        "I stayed calm",
        "A quiet last hour",
        "Time to tidy my notes",
        "Reminded me why I do this",
        "Colleagues checked on me",
        "The extra day to catch up",
    ]
    assert len(summary.kindness) == 5
    assert summary.kindness[1] == Excerpt(
        date(2024, 2, 1), "Chased finance for her", "feb01-thu-0002"
    )
    assert [excerpt.shift_date.day for excerpt in summary.lessons] == [1, 2, 5, 14, 28, 29]


def test_february_2024_hardest_days_and_mood(entries: list[Entry]) -> None:
    summary = summarize_month(entries, 2024, 2, today=TODAY, lexicon=LEXICON)
    # moods 3 or lower, one per day with its lowest entry: Feb 1 (1), Feb 14 (2), Feb 29 (3)
    assert [(h.shift_date.day, h.mood) for h in summary.highlights] == [(1, 1), (14, 2), (29, 3)]
    hardest = summary.highlights[0]
    assert hardest.challenge == "A caller shouted and swore about a refund"
    assert (hardest.grateful, hardest.lesson) == ("I stayed calm", "Name the feeling first")
    # weeks from Monday: Jan 29 (Feb 1-4): 4 entries, moods 1 3 4 -> 8/3; Feb 5: 5;
    # Feb 12: 2; Feb 19: nothing; Feb 26 (26-29): 2 entries, one mood, 3
    assert summary.mood_by_week == (
        WeekMood(date(2024, 1, 29), pytest.approx(8 / 3), 4),  # type: ignore[arg-type]
        WeekMood(date(2024, 2, 5), 5.0, 1),
        WeekMood(date(2024, 2, 12), 2.0, 1),
        WeekMood(date(2024, 2, 19), None, 0),
        WeekMood(date(2024, 2, 26), 3.0, 2),
    )
    # daily points (day offset, mood): (0, 2) (1, 4) (4, 5) (13, 2) (28, 3)
    # mean x 9.2, mean y 3.2; sum dx*dy = 11.04 - 6.56 - 9.36 - 4.56 - 3.76 = -13.2
    # sum dx^2 = 84.64 + 67.24 + 27.04 + 14.44 + 353.44 = 546.8
    # slope -13.2 / 546.8 per day, x7 = -0.169 a week: less than 0.2, so steady
    assert summary.mood_trend == pytest.approx(-13.2 / 546.8 * 7)
    assert summary.trend_label == "steady"


def test_february_2024_bright_spots_and_three_to_keep(entries: list[Entry]) -> None:
    summary = summarize_month(entries, 2024, 2, today=TODAY, lexicon=LEXICON)
    # moods of 4 or more: Feb 2 (4) and Feb 5 (5); the best first
    assert [(spot.shift_date.day, spot.mood, spot.grateful) for spot in summary.bright_spots] == [
        (5, 5, "Reminded me why I do this"),
        (2, 4, "Time to tidy my notes"),
    ]
    # 1st: a gratitude (kinds tie), the one whose entry brings most themes: Feb 1's first
    #      entry (abusive caller, refunds); 2nd: a lesson (fewer lessons so far); Feb 5 and
    #      Feb 2 each bring one new theme, Feb 5 has the better mood; 3rd: a gratitude
    #      again, Feb 2's (system outage), the only other one that brings a new theme.
    assert [(keep.kind, keep.excerpt.text, keep.themes) for keep in summary.keep] == [
        ("gratitude", "I stayed calm", ("abusive caller", "refunds and delays")),
        ("lesson", "Small follow-ups matter", ("customer came back to thank",)),
        ("gratitude", "Time to tidy my notes", ("system outage",)),
    ]


def test_weekends_off_join_the_streak_across_them(entries: list[Entry]) -> None:
    summary = summarize_month(entries, 2024, 2, today=TODAY, lexicon=LEXICON, days_off=WEEKENDS)
    # Jan 30, 31, Feb 1, 2, (Sat 3, Sun 4 off), Feb 5 = 5 reflected days; Tue 6 breaks it.
    assert summary.figures.longest_streak == 5
    assert summary.figures.current_streak == 2  # Feb 28, 29 (Tue 27 is a work day)
    assert [cell.day.day for cell in summary.days if cell.is_day_off] == [
        3,
        4,
        10,
        11,
        17,
        18,
        24,
        25,
    ]
    # days off change streaks only: the counts stay
    assert summary.figures.entries == 8
    assert summary.figures.days_reflected == 6


def test_days_off_given_as_dates_bridge_a_gap(entries: list[Entry]) -> None:
    gap = [(date(2024, 2, 6) + timedelta(days=n)).isoformat() for n in range(8)]
    summary = summarize_month(entries, 2024, 2, today=TODAY, days_off=DaysOff(gap))
    assert summary.figures.longest_streak == 4  # Sat 3 and Sun 4 still break Feb 2 to 5
    weekends_too = DaysOff([*gap, "saturday", "sun"])
    summary = summarize_month(entries, 2024, 2, today=TODAY, days_off=weekends_too)
    # Jan 30, 31, Feb 1, 2, 5, 14 with only days off between them = 6
    assert summary.figures.longest_streak == 6


# -- an empty month ---------------------------------------------------------------------


def test_march_2024_is_empty_but_compares_with_february(entries: list[Entry]) -> None:
    summary = summarize_month(entries, 2024, 3, today=TODAY, lexicon=LEXICON)
    assert summary.is_empty
    assert summary.figures == PeriodFigures(0, 0, 0, 0, None)
    assert summary.previous == PeriodFigures(8, 6, 2, 4, 3.0)
    assert len(summary.days) == 31 and not any(cell.reflected for cell in summary.days)
    assert summary.mood_trend is None and summary.trend_label == "not enough entries"
    assert not (summary.themes or summary.tags or summary.highlights)
    assert summary.gratitude == summary.kindness == summary.lessons == ()
    assert len(summary.mood_by_week) == 5  # weeks of Feb 26, Mar 4, 11, 18, 25
    data = summary.to_json()
    assert data["mood_average"] is None
    assert data["previous_month"]["entries"] == 8
    assert data["differences"]["mood_average"] is None


def test_a_journal_with_no_entries_at_all() -> None:
    summary = summarize_month([], 2026, 11, today=TODAY, lexicon=LEXICON)
    assert summary.figures == PeriodFigures(0, 0, 0, 0, None)
    assert summary.previous == PeriodFigures(0, 0, 0, 0, None)
    assert summary.days[23].is_today


# -- the current month and October 2026 -------------------------------------------------


def test_november_2026_in_progress(entries: list[Entry]) -> None:
    summary = summarize_month(entries, 2026, 11, today=TODAY, lexicon=LEXICON)
    assert summary.in_progress
    # 4 entries on 4 days; moods 4 5 3 4 = 16 / 4 = 4.0
    # current: no entry today (24th), so back from yesterday: Mon 23 yes, Sun 22 no = 1
    # longest: Oct 30, 31, Nov 1, 2 is one run of 4 holding November days
    assert summary.figures == PeriodFigures(4, 4, 1, 4, 4.0)
    # October: 3 entries, 3 days, moods 4 3 2 = 3.0; back from Oct 31: 31, 30 = 2;
    # longest: the run of Oct 30 to Nov 2, up to Oct 31 = 2 (Oct 1 alone is 1)
    assert summary.previous == PeriodFigures(3, 3, 2, 2, 3.0)
    # every text and tag counts: Nov 2's kindness "Sent a thank you note" says thanks,
    # Nov 20's refund, Nov 23's "crashed" (and its #outage, the theme's own key)
    assert summary.themes == (
        ThemeCount("customer came back to thank", 1),
        ThemeCount("refunds and delays", 1),
        ThemeCount("system outage", 1),
    )
    assert [cell.day.day for cell in summary.days if cell.is_today] == [24]
    # Nov 1 is a Sunday, so the first week starts on Oct 26 and holds one day
    assert summary.mood_by_week[0] == WeekMood(date(2026, 10, 26), 4.0, 1)
    assert summary.mood_by_week[-1] == WeekMood(date(2026, 11, 30), None, 0)
    # points (0, 4) (1, 5) (19, 3) (22, 4): mean x 10.5, mean y 4
    # sum dx*dy = 0 - 9.5 - 8.5 + 0 = -18; sum dx^2 = 110.25 + 90.25 + 72.25 + 132.25 = 405
    assert summary.mood_trend == pytest.approx(-18 / 405 * 7)  # -0.31 a week
    assert summary.trend_label == "falling"
    assert [(h.shift_date.day, h.mood) for h in summary.highlights] == [(20, 3)]


@pytest.mark.parametrize(
    ("today", "days_off", "expected"),
    [
        (date(2026, 11, 24), None, 1),  # no entry today: from yesterday, Mon 23 alone
        (date(2026, 11, 24), WEEKENDS, 2),  # Mon 23, (Sun 22, Sat 21 off), Fri 20
        (date(2026, 11, 23), None, 1),  # an entry today: from today
        (date(2026, 11, 23), WEEKENDS, 2),
        (date(2026, 11, 25), None, 0),  # neither today nor yesterday (Tue 24) has one
        (date(2026, 11, 2), None, 4),  # from today back into October: Nov 2, 1, Oct 31, 30
        (date(2026, 11, 3), None, 4),  # today empty: from yesterday, the same run
        (date(2026, 11, 4), None, 0),
    ],
)
def test_current_streak_of_the_current_month(
    entries: list[Entry], today: date, days_off: DaysOff | None, expected: int
) -> None:
    summary = summarize_month(entries, 2026, 11, today=today, lexicon=LEXICON, days_off=days_off)
    assert summary.figures.current_streak == expected
    assert summary.figures.longest_streak >= summary.figures.current_streak


def test_the_first_of_the_month_keeps_yesterdays_streak(entries: list[Entry]) -> None:
    # On Nov 1 before writing, the streak still stands (Oct 30, 31), though November has no
    # reflection yet; the longest is never shown below the current one.
    only_october = [entry for entry in entries if entry.shift_date < date(2026, 11, 1)]
    summary = summarize_month(only_october, 2026, 11, today=date(2026, 11, 1), lexicon=LEXICON)
    assert (summary.figures.current_streak, summary.figures.longest_streak) == (2, 2)
    assert summary.figures.days_reflected == 0


def test_a_month_that_has_not_begun(entries: list[Entry]) -> None:
    summary = summarize_month(entries, 2026, 12, today=TODAY, lexicon=LEXICON)
    assert summary.figures == PeriodFigures(0, 0, 0, 0, None)
    assert summary.previous == PeriodFigures(4, 4, 1, 4, 4.0)  # November as of today


def test_a_past_month_counts_back_from_its_last_day(entries: list[Entry]) -> None:
    october = summarize_month(entries, 2026, 10, today=TODAY, lexicon=LEXICON)
    assert october.figures.current_streak == 2  # Oct 31, 30: the run goes on in November
    assert october.figures.longest_streak == 2  # November's days never count in October


def test_a_closed_month_never_changes_when_later_months_are_written(
    entries: list[Entry],
) -> None:
    october = summarize_month(entries, 2026, 10, today=TODAY, lexicon=LEXICON)
    earlier = [entry for entry in entries if entry.shift_date <= date(2026, 10, 31)]
    as_it_closed = summarize_month(earlier, 2026, 10, today=TODAY, lexicon=LEXICON)
    assert october.figures == as_it_closed.figures


# -- ranges, inputs, JSON ---------------------------------------------------------------


def test_a_range_across_two_months(entries: list[Entry]) -> None:
    summary = summarize_range(
        entries, date(2024, 1, 31), date(2024, 2, 2), today=TODAY, lexicon=LEXICON
    )
    assert summary.label == "2024-01-31..2024-02-02"
    assert summary.previous is None and summary.differences is None
    # Jan 31 + three on Feb 1 + Feb 2 = 5 entries on 3 days; moods 4 1 3 4 = 12 / 4
    # current: back from Feb 2 through Jan 30 = 4 (before the range, still counted)
    assert summary.figures == PeriodFigures(5, 3, 4, 4, 3.0)
    assert summary.to_json()["previous_month"] is None


def test_the_order_of_entries_does_not_matter(entries: list[Entry]) -> None:
    shuffled = list(entries)
    random.Random(3).shuffle(shuffled)
    for year, number in ((2024, 2), (2026, 11)):
        assert summarize_month(
            shuffled, year, number, today=TODAY, lexicon=LEXICON
        ) == summarize_month(entries, year, number, today=TODAY, lexicon=LEXICON)


def test_bad_periods_are_reported(entries: list[Entry]) -> None:
    with pytest.raises(DateParseError, match="comes after"):
        summarize_range(entries, date(2026, 2, 2), date(2026, 2, 1), today=TODAY)
    with pytest.raises(DateParseError, match="not a month"):
        summarize_month(entries, 2026, 13, today=TODAY)


def test_january_of_year_one_has_no_previous_month() -> None:
    summary = summarize_month([], 1, 1, today=TODAY, lexicon=LEXICON)
    assert summary.previous is None and summary.to_json()["previous_month"] is None


def test_to_json_has_the_design_keys_and_exact_values(entries: list[Entry]) -> None:
    data = summarize_month(entries, 2024, 2, today=TODAY, lexicon=LEXICON).to_json()
    design = {
        "month", "entries", "days_reflected", "current_streak", "longest_streak",
        "mood_average", "themes", "tags", "gratitude", "kindness", "lessons", "previous_month",
    }  # fmt: skip
    documented = {"start", "end", "differences", "mood_by_week", "trend", "highlights", "days"}
    documented |= {"bright_spots", "three_to_keep"}
    assert set(data) == design | documented
    assert data["month"] == "2024-02"
    assert (data["entries"], data["days_reflected"], data["mood_average"]) == (8, 6, 3.0)
    assert (data["current_streak"], data["longest_streak"]) == (2, 4)
    assert data["themes"][0] == {"theme": "refunds and delays", "count": 3}
    assert data["tags"][0] == {"tag": "refunds", "count": 3}
    assert data["gratitude"][0] == "I stayed calm"
    assert data["lessons"][-1] == "Odd dates break systems"
    assert data["previous_month"] == {
        "month": "2024-01",
        "entries": 2,
        "days_reflected": 2,
        "current_streak": 2,
        "longest_streak": 2,
        "mood_average": 3.0,
    }
    assert data["trend"] == {"slope_per_week": -0.169, "label": "steady"}
    assert data["mood_by_week"][0] == {
        "week_start": "2024-01-29",
        "entries": 4,
        "mood_average": 2.67,
    }
    assert data["highlights"][0]["date"] == "2024-02-01"
    assert data["highlights"][0]["mood"] == 1
    assert [spot["date"] for spot in data["bright_spots"]] == ["2024-02-05", "2024-02-02"]
    assert data["three_to_keep"][1] == {
        "kind": "lesson",
        "date": "2024-02-05",
        "id": "feb05-mon-0001",
        "text": "Small follow-ups matter",
        "mood": 5,
        "themes": ["customer came back to thank"],
    }
    assert data["days"][28] == {
        "date": "2024-02-29",
        "entries": 1,
        "mood_average": 3.0,
        "day_off": False,
    }


def test_the_bundled_lexicon_is_the_default(entries: list[Entry]) -> None:
    summary = summarize_month(entries, 2024, 2, today=TODAY)
    assert summary.themes  # the shipped lexicon knows refunds and rude callers too
    assert all(theme.entries >= 1 for theme in summary.themes)


# -- days off from config ---------------------------------------------------------------


def test_days_off_read_names_short_names_and_dates() -> None:
    days_off = DaysOff(["Saturday", "SUN", "fridays", " 2026-12-25 ", date(2026, 12, 24)])
    assert days_off(date(2026, 11, 21)) and days_off(date(2026, 11, 22))  # Sat, Sun
    assert days_off(date(2026, 11, 20))  # a Friday
    assert days_off(date(2026, 12, 25)) and days_off(date(2026, 12, 24))
    assert not days_off(date(2026, 11, 23))
    assert days_off.names == ("friday", "saturday", "sunday", "2026-12-24", "2026-12-25")
    assert DaysOff("sunday") == DaysOff(["sun"])
    assert not DaysOff() and bool(days_off)


@pytest.mark.parametrize("value", ["funday", "2026-13-01", "", "sa", 5])
def test_a_bad_day_off_is_a_one_line_config_error(value: object) -> None:
    with pytest.raises(ConfigError) as caught:
        DaysOff([value])
    assert "\n" not in str(caught.value)
    assert "days_off" in str(caught.value)


def test_config_reads_and_checks_days_off(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('days_off = ["Sat", "sunday", "2026-12-25", 2026-12-31]\n', encoding="utf-8")
    config = load_config(path)
    assert config.days_off == ("saturday", "sunday", "2026-12-25", "2026-12-31")
    assert DaysOff.from_config(config) == DaysOff(["sat", "sun", "2026-12-25", "2026-12-31"])
    path.write_text('days_off = "sunday"\n', encoding="utf-8")
    assert load_config(path).days_off == ("sunday",)
    path.write_text("", encoding="utf-8")
    assert load_config(path).days_off == ()
    for bad in ('days_off = ["someday"]', "days_off = 3"):
        path.write_text(bad + "\n", encoding="utf-8")
        with pytest.raises(ConfigError, match="days_off") as caught:
            load_config(path)
        assert str(path) in str(caught.value) and "\n" not in str(caught.value)


# -- properties -------------------------------------------------------------------------

_NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
_DAYS = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31))
_ENTRY = st.builds(
    lambda day, mood, text, tags: make_entry(
        {"challenge": text, "lesson": text, "mood": mood, "tags": tags}, shift_date=day, now=_NOW
    ),
    _DAYS,
    st.none() | st.integers(1, 5),
    st.sampled_from(["a caller shouted", "refund late", "quiet day", "system was down"]),
    st.lists(st.sampled_from(["billing", "outage", "roster"]), max_size=2),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_ENTRY, max_size=60),
    _DAYS,
    st.integers(0, 120),
    _DAYS,
    st.sampled_from([None, WEEKENDS, DaysOff(["wednesday", "2024-02-29"])]),
)
def test_summarize_range_never_raises_and_its_counts_agree(
    entries: list[Entry], start: date, length: int, today: date, days_off: DaysOff | None
) -> None:
    end = start + timedelta(days=length)
    summary = summarize_range(entries, start, end, today=today, lexicon=LEXICON, days_off=days_off)
    figures = summary.figures
    inside = [entry for entry in entries if start <= entry.shift_date <= end]
    all_days = {entry.shift_date for entry in entries}
    assert figures.entries == len(inside) == sum(cell.entries for cell in summary.days)
    assert figures.days_reflected == len({entry.shift_date for entry in inside})
    assert figures.days_reflected <= figures.entries
    assert len(summary.days) == length + 1
    assert 0 <= figures.current_streak <= figures.longest_streak <= len(all_days)
    assert figures.current_streak <= len({day for day in all_days if day <= min(end, today)})
    if figures.days_reflected:
        assert figures.longest_streak >= 1
    else:
        assert figures.longest_streak == figures.current_streak
    if today < start:
        assert figures.current_streak == 0
    moods = [entry.mood for entry in inside if entry.mood is not None]
    if moods:
        assert figures.mood_average is not None
        assert min(moods) <= figures.mood_average <= max(moods)
    else:
        assert figures.mood_average is None
    assert sum(week.entries for week in summary.mood_by_week) == figures.entries
    assert len(summary.highlights) <= 3
    assert all(theme.entries <= figures.entries for theme in summary.themes)
    assert sum(tag.entries for tag in summary.tags) == sum(len(entry.tags) for entry in inside)
    assert len(summary.lessons) == figures.entries  # every generated entry has a lesson
    summary.to_json()


def test_the_documented_example_is_what_the_code_writes(entries: list[Entry]) -> None:
    doc = (Path(__file__).parents[2] / "docs" / "summary-json.md").read_text(encoding="utf-8")
    example = json.loads(doc.split("```json\n", 1)[1].split("```", 1)[0])
    data = summarize_month(entries, 2024, 2, today=TODAY, lexicon=LEXICON).to_json()
    data["days"] = data["days"][:3]
    assert example == data
    for key in data:
        assert f"`{key}`" in doc, key


# -- themes of whole entries: every text and the tags -----------------------------------

_AT = datetime(2026, 11, 24, 18, tzinfo=UTC)


def _entry(day: int, tags: list[str] | None = None, **texts: str) -> Entry:
    fields: dict[str, object] = {"challenge": "It was Tuesday", **texts, "tags": tags or []}
    return make_entry(fields, shift_date=date(2026, 11, day), now=_AT)


@pytest.mark.parametrize(
    ("tag", "label"),
    [
        ("outage", "system outage"),
        ("system-outage", "system outage"),
        ("angry-caller", "abusive caller"),
        ("refunds", "refunds and delays"),
        ("roster", "roster change"),
        ("colleague-conflict", "conflict with a colleague"),
    ],
)
def test_a_tagged_entry_counts_for_its_theme(tag: str, label: str) -> None:
    entries = [_entry(day, [tag], challenge="Quiet start, busy end") for day in range(2, 8)]
    summary = summarize_month(entries, 2026, 11, today=TODAY)
    assert ThemeCount(label, 6) in summary.themes


@pytest.mark.parametrize("field", ["challenge", "grateful", "kindness", "lesson", "note"])
def test_every_text_of_an_entry_counts_once_per_theme(field: str) -> None:
    text = "The CRM was down and the system went down again"  # two terms, one theme
    entry = _entry(3, ["outage"], **{field: text})
    summary = summarize_month([entry], 2026, 11, today=TODAY)
    assert ThemeCount("system outage", 1) in summary.themes


@pytest.mark.parametrize(
    "person", ["partner", "spouse", "boyfriend", "girlfriend", "husband", "wife", "mum", "kids"]
)
def test_an_argument_at_home_is_no_conflict_with_a_colleague(person: str) -> None:
    home = _entry(3, challenge=f"Argued with my {person} before shift, then a calm queue")
    work = _entry(4, challenge="Argued with my lead about the break rota")
    at_home = summarize_month([home], 2026, 11, today=TODAY)
    assert "conflict with a colleague" not in [theme.label for theme in at_home.themes]
    both = summarize_month([home, work], 2026, 11, today=TODAY)
    assert ThemeCount("conflict with a colleague", 1) in both.themes


_TAGS = st.sampled_from(["outage", "system-outage", "angry-caller", "refunds", "phones", "q4"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 30), st.lists(_TAGS, max_size=3, unique=True)), max_size=20)
)
def test_tags_alone_count_their_themes_once_per_entry(
    tagged: list[tuple[int, list[str]]],
) -> None:
    lexicon = ThemeLexicon.bundled()
    entries = [_entry(day, tags) for day, tags in tagged]
    summary = summarize_month(entries, 2026, 11, today=TODAY, lexicon=lexicon)
    expected: dict[str, int] = {}
    for entry in entries:
        for key in {key for tag in entry.tags for key in lexicon.themes_of_tag(tag)}:
            expected[lexicon.label(key)] = expected.get(lexicon.label(key), 0) + 1
    assert {theme.label: theme.entries for theme in summary.themes} == expected
