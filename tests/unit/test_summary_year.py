"""The year in review: figures month by month, themes, tags, the lessons that came back,
and its three documents. The fixture is the one of ``test_summary`` (counted there)."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from reflect.errors import DateParseError
from reflect.formats import native
from reflect.model import Entry, make_entry
from reflect.summary import DaysOff, PeriodFigures, TagCount, summarize_month
from reflect.summary import html as summary_html
from reflect.summary import markdown as summary_md
from reflect.summary import terminal as summary_text
from reflect.summary.year import (
    MAX_RETURNING,
    YearSummary,
    YearTheme,
    returning_lessons,
    summarize_year,
)
from tests.unit.test_summary import FIXTURE, LEXICON, TODAY, WEEKENDS
from tests.unit.test_summary_formats import parse

_AT = datetime(2026, 11, 24, 18, tzinfo=UTC)


def _lesson(day: date, lesson: str, **fields: object) -> Entry:
    return make_entry({"challenge": "A shift", "lesson": lesson, **fields}, shift_date=day, now=_AT)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return native.load(FIXTURE.read_bytes(), FIXTURE.name).entries


# -- figures ----------------------------------------------------------------------------


def test_2026_counted_by_hand(entries: list[Entry]) -> None:
    year = summarize_year(entries, 2026, today=TODAY, lexicon=LEXICON)
    assert (year.year, year.start, year.end) == (2026, date(2026, 1, 1), date(2026, 12, 31))
    assert year.in_progress and year.title == "2026"
    # Oct 1, 30, 31 and Nov 1, 2, 20, 23; moods 4 3 2 4 5 3 4 = 25 / 7
    # current: no entry today (24 Nov), from yesterday: Nov 23 alone = 1
    # longest: Oct 30 to Nov 2 = 4
    figures = year.figures
    assert (figures.entries, figures.days_reflected) == (7, 7)
    assert (figures.current_streak, figures.longest_streak) == (1, 4)
    assert figures.mood_average == pytest.approx(25 / 7)
    assert [month.label for month in year.months] == [f"2026-{n:02d}" for n in range(1, 13)]
    assert [month.figures.entries for month in year.months] == [0] * 9 + [3, 4, 0]
    assert year.months[9].figures == PeriodFigures(3, 3, 2, 2, 3.0)
    assert year.months[10].figures == PeriodFigures(4, 4, 1, 4, 4.0)
    assert year.months[11].figures == PeriodFigures(0, 0, 0, 0, None)  # not begun
    assert year.months[10].title == "November 2026"
    # Oct 31 "a caller was rude"; Nov 2's "thank you" note, Nov 20's refund, Nov 23's crash
    assert year.themes == (
        YearTheme("abusive caller", 1, (0,) * 9 + (1, 0, 0)),
        YearTheme("customer came back to thank", 1, (0,) * 10 + (1, 0)),
        YearTheme("refunds and delays", 1, (0,) * 10 + (1, 0)),
        YearTheme("system outage", 1, (0,) * 10 + (1, 0)),
    )
    assert year.tags == (
        TagCount("outage", 1),
        TagCount("refunds", 1),
        TagCount("team", 1),
        TagCount("training", 1),
    )
    assert year.lessons == ()


@pytest.mark.parametrize("number", [2024, 2026])
@pytest.mark.parametrize("days_off", [None, WEEKENDS])
def test_each_month_is_what_its_own_summary_says(
    entries: list[Entry], number: int, days_off: DaysOff | None
) -> None:
    year = summarize_year(entries, number, today=TODAY, lexicon=LEXICON, days_off=days_off)
    for index, month in enumerate(year.months, 1):
        own = summarize_month(
            entries, number, index, today=TODAY, lexicon=LEXICON, days_off=days_off
        )
        assert month.figures == own.figures, month.label
        assert month.themes == own.themes and month.tags == own.tags
    assert year.figures.entries == sum(month.figures.entries for month in year.months)
    assert year.figures.days_reflected == sum(m.figures.days_reflected for m in year.months)
    assert year.figures.longest_streak >= max(m.figures.longest_streak for m in year.months)
    for theme in year.themes:
        assert theme.entries == sum(theme.by_month)


def test_a_past_year_and_an_empty_year(entries: list[Entry]) -> None:
    past = summarize_year(entries, 2024, today=TODAY, lexicon=LEXICON)
    # Jan 30, 31; Feb: 8 entries on 6 days (test_summary); the year is over: its last
    # day has no entry, so no current streak
    assert past.figures == PeriodFigures(10, 8, 0, 4, 3.0)
    assert not past.in_progress
    empty = summarize_year(entries, 2025, today=TODAY, lexicon=LEXICON)
    assert empty.is_empty and all(month.figures.entries == 0 for month in empty.months)


@pytest.mark.parametrize("number", [0, -1, 10_000])
def test_a_year_out_of_range_is_reported(number: int) -> None:
    with pytest.raises(DateParseError, match="not a year"):
        summarize_year([], number, today=TODAY)


def test_year_json_has_the_documented_keys(entries: list[Entry]) -> None:
    data = summarize_year(entries, 2026, today=TODAY, lexicon=LEXICON).to_json()
    assert set(data) == {
        "year", "start", "end", "entries", "days_reflected", "current_streak",
        "longest_streak", "mood_average", "months", "themes", "tags", "lessons_that_came_back",
    }  # fmt: skip
    assert data["year"] == 2026 and len(data["months"]) == 12
    assert data["mood_average"] == 3.57
    assert data["months"][10] == {
        "month": "2026-11",
        "entries": 4,
        "days_reflected": 4,
        "current_streak": 1,
        "longest_streak": 4,
        "mood_average": 4.0,
        "themes": [
            {"theme": "customer came back to thank", "count": 1},
            {"theme": "refunds and delays", "count": 1},
            {"theme": "system outage", "count": 1},
        ],
        "tags": [
            {"tag": "outage", "count": 1},
            {"tag": "refunds", "count": 1},
            {"tag": "team", "count": 1},
        ],
    }
    assert data["themes"][0] == {
        "theme": "abusive caller",
        "count": 1,
        "by_month": [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0],
    }


# -- the lessons that came back ---------------------------------------------------------

YEAR_OF_LESSONS = [
    _lesson(date(2026, 2, 3), "Name the feeling first"),
    _lesson(date(2026, 3, 4), "Check the status page first"),
    _lesson(date(2026, 4, 9), "Status page before blaming the CRM"),
    _lesson(date(2026, 5, 3), "Breathe slowly before answering"),
    _lesson(date(2026, 5, 10), "Breathe slowly, then answer"),  # the same month: no return
    _lesson(date(2026, 6, 3), "Name the feeling, then fix it"),
    _lesson(date(2026, 7, 1), "Do not take it personally when a caller shouts"),
    _lesson(date(2026, 8, 12), "If they swore at me, it was never about me"),
    _lesson(date(2026, 9, 2), "Call the customer back"),
    _lesson(date(2026, 10, 7), "Always call the customer back on time"),  # everyday words
    _lesson(date(2026, 11, 3), "Named his feeling first and it calmed him"),
]


def test_the_lessons_that_came_back_most() -> None:
    found = returning_lessons(YEAR_OF_LESSONS, LEXICON)
    assert [item.lesson.text for item in found] == [
        "Name the feeling first",  # February, June, November: three months
        "Check the status page first",  # March and April, the earlier of two pairs
        "Do not take it personally when a caller shouts",  # July and August, one theme
    ]
    feeling, status, abuse = found
    assert feeling.months == ("2026-02", "2026-06", "2026-11")
    assert [echo.text for echo in feeling.echoes] == [
        "Name the feeling, then fix it",
        "Named his feeling first and it calmed him",
    ]
    assert feeling.words == ("feeling", "name") and feeling.themes == ()
    assert status.words == ("page", "status") and status.months == ("2026-03", "2026-04")
    assert abuse.themes == ("abusive caller",) and abuse.words == ()


def test_a_lesson_is_listed_once_and_the_limit_holds() -> None:
    found = returning_lessons(YEAR_OF_LESSONS, LEXICON)
    listed = [item.lesson.entry_id for item in found]
    echoed = [echo.entry_id for item in found for echo in item.echoes]
    assert len(set(listed + echoed)) == len(listed) + len(echoed)
    assert len(returning_lessons(YEAR_OF_LESSONS, LEXICON, limit=1)) == 1
    many = [
        _lesson(date(2026, month, 1), f"Keep notes on widget {n}")
        for n in range(8)
        for month in (1, 2)
    ]
    assert len(returning_lessons(many, LEXICON)) == MAX_RETURNING


_WORDS = st.sampled_from(
    ["name", "the", "feeling", "first", "status", "page", "call", "customer", "back",
     "shouted", "swore", "breathe", "slowly", "notes", "refund", "late"]
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(1, 12), st.integers(1, 28), st.lists(_WORDS, min_size=1, max_size=6)),
        max_size=25,
    )
)
def test_returning_lessons_keep_their_rule(lessons: list[tuple[int, int, list[str]]]) -> None:
    made = [_lesson(date(2026, month, day), " ".join(text)) for month, day, text in lessons]
    found = returning_lessons(made, LEXICON)
    assert len(found) <= MAX_RETURNING
    seen: set[str] = set()
    for item in found:
        assert len(item.months) >= 2 and list(item.months) == sorted(set(item.months))
        own = f"{item.lesson.shift_date:%Y-%m}"
        assert own in item.months
        assert all(f"{echo.shift_date:%Y-%m}" != own for echo in item.echoes)
        assert item.themes or len(item.words) >= 2
        ids = {item.lesson.entry_id, *(echo.entry_id for echo in item.echoes)}
        assert item.lesson.entry_id not in seen
        seen |= ids
    reach = [len(item.months) for item in found]
    assert reach == sorted(reach, reverse=True)


# -- the documents ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def year_2026(entries: list[Entry]) -> YearSummary:
    return summarize_year([*entries, *YEAR_OF_LESSONS], 2026, today=TODAY, lexicon=LEXICON)


def test_year_as_text(year_2026: YearSummary) -> None:
    console = Console(record=True, width=80, color_system=None, file=io.StringIO())
    console.print(summary_text.render_year(year_2026))
    text = console.export_text()
    assert text.startswith("Reflections: 2026\n")
    for heading in (
        "Month by month",
        "Themes through the year",
        "Tags",
        "Lessons that came back most",
    ):
        assert re.search(rf"^{heading} ─", text, re.MULTILINE), heading
    # November gains the 3rd's lesson: five days, and a run from Oct 30 to Nov 3
    assert re.search(r"^Nov\s+5\s+5\s+5 days\s+4\.0\s+■+", text, re.MULTILINE)
    assert re.search(r"^Jan\s+0\s+0\s+-", text, re.MULTILINE)
    assert "Name the feeling first  in Feb, Jun and Nov" in text
    assert all(len(line) <= 80 for line in text.splitlines())


def test_year_as_markdown(year_2026: YearSummary) -> None:
    document = summary_md.render_year(year_2026)
    headings = [line for line in document.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Figures",
        "## Month by month",
        "## Themes through the year",
        "## Tags",
        "## Lessons that came back most",
    ]
    assert "| November | 5 | 5 | 5 days | 4.0 |" in document
    assert "| January | 0 | 0 |  | - |" in document
    assert "### Name the feeling first" in document
    assert "_In Feb, Jun and Nov; shared words: feeling, name._" in document


def test_year_as_html(year_2026: YearSummary) -> None:
    page = summary_html.render_year(year_2026)
    parsed = parse(page)
    assert parsed.problems == [] and "script" not in parsed.tags
    months = [text.strip() for text in parsed.sections["months"] if text.strip()]
    row = months.index("November")
    assert months[row : row + 5] == ["November", "5", "5", "5 days", "4.0"]
    assert "abusive caller" in parsed.sections["themes"]
    returning = "".join(parsed.sections["returning"])
    assert "Name the feeling first" in returning and "In Feb, Jun and Nov" in returning


def test_an_empty_year_is_friendly() -> None:
    empty = summarize_year([], 2025, today=TODAY, lexicon=LEXICON)
    assert "No reflections in 2025. Nothing is missing: some years are like that." in (
        summary_md.render_year(empty)
    )
    assert parse(summary_html.render_year(empty)).problems == []


def test_peoples_words_stay_words_in_a_year() -> None:
    lessons = [
        _lesson(date(2026, 1, 5), "<b>Name</b> the *feeling* [first]"),
        _lesson(date(2026, 3, 5), "[bold]name[/bold] the feeling again"),
    ]
    year = summarize_year(lessons, 2026, today=TODAY, lexicon=LEXICON)
    assert year.lessons
    page = summary_html.render_year(year)
    assert "<b>Name</b>" not in page and "&lt;b&gt;Name&lt;/b&gt;" in page
    assert r"\<b\>Name\</b\> the \*feeling\* \[first\]" in summary_md.render_year(year)
    text = summary_text.as_text(year, width=100)
    assert "[bold]name[/bold] the feeling again" in text


def test_every_year_key_is_documented(year_2026: YearSummary) -> None:
    doc = (FIXTURE.parents[2] / "docs" / "summary-json.md").read_text(encoding="utf-8")
    year_part = doc.split("## The year in review", 1)[1]
    data = year_2026.to_json()
    keys = set(data) | set(data["months"][0]) | set(data["themes"][0])
    keys |= set(data["lessons_that_came_back"][0]) | set(
        data["lessons_that_came_back"][0]["echoes"][0]
    )
    for key in keys:
        assert f"`{key}`" in year_part, key
