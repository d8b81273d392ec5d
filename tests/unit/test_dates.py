import calendar
import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.dates import (
    MONTH_NAMES,
    WEEKDAY_NAMES,
    parse_month,
    parse_month_or_year,
    parse_period,
    parse_when,
)
from reflect.errors import DateParseError

TUESDAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", TUESDAY),
        ("  Yesterday ", date(2026, 11, 23)),
        ("3 days ago", date(2026, 11, 21)),
        ("a day ago", date(2026, 11, 23)),
        ("two weeks ago", date(2026, 11, 10)),
        ("1 month ago", date(2026, 10, 24)),
        ("last monday", date(2026, 11, 23)),
        ("last tuesday", date(2026, 11, 17)),
        ("tuesday", TUESDAY),
        ("last fri", date(2026, 11, 20)),
        ("2026-11-03", date(2026, 11, 3)),
        ("Nov 3", date(2026, 11, 3)),
        ("3 Nov 2026", date(2026, 11, 3)),
        ("december 30", date(2025, 12, 30)),  # no year and in the future: last year's
        ("2024-02-29", date(2024, 2, 29)),
    ],
)
def test_reads_the_words_people_type(text: str, expected: date) -> None:
    assert parse_when(text, TUESDAY) == expected


def test_leap_day_without_a_year_in_a_common_year_falls_back_to_the_28th() -> None:
    assert parse_when("feb 29", date(2026, 3, 10)) == date(2026, 2, 28)


@pytest.mark.parametrize("text", ["", "   ", "blorp", "next blue moon", "2026-13-45", "x" * 100])
def test_unreadable_dates_raise_its_own_error(text: str) -> None:
    with pytest.raises(DateParseError):
        parse_when(text, TUESDAY)


def test_periods_and_months() -> None:
    assert parse_period("last week", TUESDAY) == (date(2026, 11, 16), date(2026, 11, 22))
    assert parse_period("this week", TUESDAY) == (date(2026, 11, 23), date(2026, 11, 29))
    assert parse_period("2026-02", TUESDAY) == (date(2026, 2, 1), date(2026, 2, 28))
    assert parse_period("yesterday", TUESDAY) == (date(2026, 11, 23), date(2026, 11, 23))
    assert parse_month("november", TUESDAY) == (2026, 11)
    assert parse_month("december", TUESDAY) == (2025, 12)
    assert parse_month("last month", date(2026, 1, 5)) == (2025, 12)
    assert parse_month("2026-11", TUESDAY) == (2026, 11)
    with pytest.raises(DateParseError):
        parse_month("2026-13", TUESDAY)


@given(text=st.text(max_size=80), today=st.dates(min_value=date(1, 1, 1)))
def test_parse_when_raises_nothing_but_its_own_error(text: str, today: date) -> None:
    try:
        result = parse_when(text, today)
    except DateParseError:
        return
    assert isinstance(result, date)


_WORDS = st.sampled_from(
    [
        *("last", "this", "ago", "days", "week", "month", "nov", "3", "2026", "-", "monday"),
        *("29", "feb", "yesterday", "tomorrow", "today", "december", "99999", "2026-02"),
    ]
)


@given(words=st.lists(_WORDS, max_size=5), today=st.dates())
def test_date_like_word_soup_raises_nothing_but_its_own_error(
    words: list[str], today: date
) -> None:
    for parse in (parse_when, parse_period, parse_month):
        with contextlib.suppress(DateParseError):
            parse(" ".join(words), today)


@given(year=st.integers(1, 9999), today=st.dates())
def test_any_four_digit_year_is_a_year(year: int, today: date) -> None:
    assert parse_month_or_year(f"{year:04d}", today) == (year, None)
    assert parse_month_or_year(f"  {year:04d} ", today) == (year, None)


@given(text=st.text(max_size=80), today=st.dates())
def test_month_or_year_raises_nothing_but_its_own_error(text: str, today: date) -> None:
    try:
        year, month = parse_month_or_year(text, today)
    except DateParseError as error:
        assert "\n" not in str(error)
        return
    assert 1 <= year <= 9999 and (month is None or 1 <= month <= 12)


@given(words=st.lists(_WORDS, max_size=5), today=st.dates())
def test_month_or_year_word_soup_raises_nothing_but_its_own_error(
    words: list[str], today: date
) -> None:
    with contextlib.suppress(DateParseError):
        parse_month_or_year(" ".join(words), today)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026", (2026, None)),
        ("0001", (1, None)),
        ("this year", (2026, None)),
        ("Last year", (2025, None)),
        ("2026-11", (2026, 11)),
        ("november", (2026, 11)),
        ("december", (2025, 12)),
        ("last month", (2026, 10)),
        ("this month", (2026, 11)),
    ],
)
def test_months_stay_months_and_four_digits_are_a_year(
    text: str, expected: tuple[int, int | None]
) -> None:
    assert parse_month_or_year(text, TUESDAY) == expected


@pytest.mark.parametrize("text", ["smarch", "0000", "", "2026-13", "26 of never"])
def test_an_unreadable_month_or_year_says_which_forms_there_are(text: str) -> None:
    with pytest.raises(DateParseError) as raised:
        parse_month_or_year(text, TUESDAY)
    message = str(raised.value)
    assert "\n" not in message
    for form in ("'2026-11'", "'november'", "'last month'", "'2026'"):
        assert form in message, form


def test_month_and_day_names_are_the_ones_calendar_gave_before() -> None:
    """Summaries and exports took these names from ``calendar``, which follows the locale;
    reflect never sets one, so the fixed English names print the very same words."""
    assert tuple(calendar.month_name)[1:] == MONTH_NAMES
    assert tuple(name[:3] for name in MONTH_NAMES) == tuple(calendar.month_abbr)[1:]
    assert tuple(calendar.day_name) == WEEKDAY_NAMES
    assert tuple(name[:3] for name in WEEKDAY_NAMES) == tuple(calendar.day_abbr)
    assert parse_month("Sep", TUESDAY) == parse_month("september", TUESDAY) == (2026, 9)
    assert parse_when("last Fri", TUESDAY) == parse_when("last friday", TUESDAY)


def test_what_cannot_be_read_is_answered_with_examples_of_its_kind() -> None:
    with pytest.raises(DateParseError) as month:
        parse_month("smarch", TUESDAY)
    assert "as a month or a year" in str(month.value) and "'last month'" in str(month.value)
    assert "yesterday" not in str(month.value)
    with pytest.raises(DateParseError) as day:
        parse_when("smarch", TUESDAY)
    assert "as a date" in str(day.value) and "'yesterday'" in str(day.value)
    assert "last month" not in str(day.value)
