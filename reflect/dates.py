"""Reading the dates people type: "yesterday", "last friday", "3 days ago", "Nov 3".

Everything here is a pure function of the text and of ``today`` (passed in, so tests and
the app's fixed clock agree). The only error raised is :class:`DateParseError`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from typing import Final

from reflect.errors import DateParseError

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

DAY_EXAMPLES: Final = "'yesterday', 'last friday', '3 days ago', '2026-11-03' or 'Nov 3'"
"""What an error suggests when a day cannot be read."""
MONTH_EXAMPLES: Final = "'2026-11', 'november', 'last month' or '2026'"
"""What an error suggests when the period of a summary cannot be read."""


def _months_back(day: date, months: int = 0, years: int = 0) -> date:
    """``day`` that many months or years earlier, the day clamped to the month's end.
    python-dateutil is imported here, not with the module: "today" and ISO days, what
    most commands are given, do not need it."""
    from dateutil.relativedelta import relativedelta

    moved: date = day - relativedelta(months=months, years=years)
    return moved


MAX_LENGTH = 64

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
MONTH_NAMES: Final = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
"""The months as reflect writes and reads them, January first.

English whatever the machine's locale: ``calendar.month_name`` would follow ``LC_TIME``,
and a summary or an export must not change language with the shell it was made in. (No
part of reflect sets the locale, so these are also exactly what ``calendar`` gave.)
Abbreviations are the first three letters ("Nov")."""
WEEKDAY_NAMES: Final = (
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
)  # fmt: skip
"""The days of the week, Monday first like ``date.weekday()``; English, as ``MONTH_NAMES``."""

_WEEKDAYS = {name.lower(): index for index, name in enumerate(WEEKDAY_NAMES)}
_WEEKDAYS.update({name[:3].lower(): index for index, name in enumerate(WEEKDAY_NAMES)})
_MONTHS = {name.lower(): index for index, name in enumerate(MONTH_NAMES, start=1)}
_MONTHS.update({name[:3].lower(): index for index, name in enumerate(MONTH_NAMES, start=1)})

_AGO = re.compile(r"^(\d{1,4}|[a-z]+) (day|week|month|year)s? ago$")
_WEEKDAY = re.compile(r"^(?:(last|this|on) )?([a-z]+)$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _normalise(text: str) -> str:
    if not isinstance(text, str):
        raise DateParseError("a date must be text")
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        raise DateParseError("empty date: try 'today', 'yesterday', 'last friday' or '2026-11-03'")
    if len(cleaned) > MAX_LENGTH:
        raise DateParseError(f"date text is too long ({len(cleaned)} characters)")
    return cleaned


def _count(word: str) -> int:
    if word.isdigit():
        return int(word)
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    raise DateParseError(f"cannot read {word!r} as a number")


def _ago(amount: int, unit: str, today: date) -> date:
    try:
        if unit == "day":
            return today - timedelta(days=amount)
        if unit == "week":
            return today - timedelta(weeks=amount)
        if unit == "month":
            return _months_back(today, months=amount)
        return _months_back(today, years=amount)
    except (OverflowError, ValueError) as error:
        raise DateParseError(f"{amount} {unit}s ago is out of range") from error


def _weekday(qualifier: str | None, day_index: int, today: date) -> date:
    """Most recent such weekday: "friday" may be today, "last friday" is strictly before."""
    back = (today.weekday() - day_index) % 7
    if qualifier == "last" and back == 0:
        back = 7
    return today - timedelta(days=back)


def _with_dateutil(
    text: str, today: date, *, wanted: str = "a date", examples: str = DAY_EXAMPLES
) -> date:
    """Absolute dates. A date typed without a year is the most recent one, never the future.
    Text that is no date is refused as not being ``wanted``, suggesting ``examples``."""
    if _ISO_DAY.match(text):
        try:
            return date.fromisoformat(text)  # the common case, without loading dateutil
        except ValueError:
            pass  # not a real day: dateutil says why
    from dateutil import parser as dateutil_parser

    try:
        first = dateutil_parser.parse(text, default=datetime(2000, today.month, 1))
        second = dateutil_parser.parse(text, default=datetime(2004, today.month, 1))
    except (ValueError, OverflowError, TypeError, ArithmeticError) as error:
        raise DateParseError(f"cannot read {text!r} as {wanted}: try {examples}") from error
    if first.year != second.year:  # no year typed: take this year's, or last year's
        try:
            candidate = first.date().replace(year=today.year)
        except ValueError:  # 29 February in a year without one
            candidate = date(today.year, first.month, 28)
        if candidate > today:
            if candidate.year <= 1:
                raise DateParseError(f"{text!r} is out of the range of dates")
            candidate = _months_back(candidate, years=1)
        return candidate
    return first.date()


def parse_when(text: str, today: date) -> date:
    """The day ``text`` names, relative to ``today``."""
    cleaned = _normalise(text)
    try:
        return _parse_when(cleaned, today)
    except (OverflowError, ValueError) as error:
        if isinstance(error, DateParseError):
            raise
        raise DateParseError(f"{text.strip()!r} is out of the range of dates") from None


def _parse_when(cleaned: str, today: date) -> date:
    if cleaned in ("today", "now", "tonight"):
        return today
    if cleaned == "yesterday":
        return today - timedelta(days=1)
    if cleaned == "tomorrow":
        return today + timedelta(days=1)
    if cleaned in ("last week", "a week ago"):
        return today - timedelta(weeks=1)
    if cleaned == "last month":
        return _months_back(today, months=1)
    ago = _AGO.match(cleaned)
    if ago:
        return _ago(_count(ago.group(1)), ago.group(2), today)
    weekday = _WEEKDAY.match(cleaned)
    if weekday and weekday.group(2) in _WEEKDAYS:
        return _weekday(weekday.group(1), _WEEKDAYS[weekday.group(2)], today)
    return _with_dateutil(cleaned, today)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """First and last day of a month."""
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def parse_month(text: str, today: date) -> tuple[int, int]:
    """A month: "2026-11", "november" (the most recent one), "last month", "this month"."""
    cleaned = _normalise(text)
    if cleaned in ("this month", "now", "today"):
        return today.year, today.month
    if cleaned == "last month":
        if (today.year, today.month) == (1, 1):
            raise DateParseError("there is no month before January of year 1")
        previous = _months_back(today, months=1)
        return previous.year, previous.month
    year_month = _YEAR_MONTH.match(cleaned)
    if year_month:
        year, month = int(year_month.group(1)), int(year_month.group(2))
        if not 1 <= month <= 12 or year < 1:
            raise DateParseError(f"{text.strip()!r} is not a month: use YYYY-MM")
        return year, month
    if cleaned in _MONTHS:
        month = _MONTHS[cleaned]
        year = today.year if month <= today.month else today.year - 1
        if year < 1:
            raise DateParseError(f"{text.strip()!r} is out of the range of dates")
        return year, month
    day = _with_dateutil(cleaned, today, wanted="a month or a year", examples=MONTH_EXAMPLES)
    return day.year, day.month


_YEAR = re.compile(r"^\d{4}$")
MONTH_OR_YEAR_HINT = f"try {MONTH_EXAMPLES}"
"""What a summary's MONTH|YEAR may look like, said when one cannot be read."""


def parse_month_or_year(text: str, today: date) -> tuple[int, int | None]:
    """A month as :func:`parse_month` reads it, ``(year, month)``, or a year: four digits
    ("2026"), "this year" or "last year", ``(year, None)``. Anything else raises a
    :class:`DateParseError` that says which forms there are."""
    try:
        cleaned = _normalise(text)
    except DateParseError as error:
        raise DateParseError(f"{error}; {MONTH_OR_YEAR_HINT}") from None
    if _YEAR.match(cleaned):
        year = int(cleaned)
        if year < 1:
            raise DateParseError(
                f"{cleaned!r} is not a year (they run from 0001 to 9999): {MONTH_OR_YEAR_HINT}"
            )
        return year, None
    if cleaned == "this year":
        return today.year, None
    if cleaned == "last year":
        if today.year == 1:
            raise DateParseError(f"there is no year before year 1: {MONTH_OR_YEAR_HINT}")
        return today.year - 1, None
    try:
        return parse_month(cleaned, today)
    except DateParseError:
        raise DateParseError(
            f"cannot read {text.strip()!r} as a month or a year: {MONTH_OR_YEAR_HINT}"
        ) from None


def parse_period(text: str, today: date) -> tuple[date, date]:
    """A span of days: "last week" (Monday to Sunday), "this week", a month, or one day."""
    cleaned = _normalise(text)
    try:
        monday = today - timedelta(days=today.weekday())
        if cleaned == "this week":
            return monday, monday + timedelta(days=6)
        if cleaned == "last week":
            return monday - timedelta(weeks=1), monday - timedelta(days=1)
    except OverflowError:
        raise DateParseError(f"{text.strip()!r} is out of the range of dates") from None
    if cleaned in ("this month", "last month") or cleaned in _MONTHS or _YEAR_MONTH.match(cleaned):
        return month_bounds(*parse_month(cleaned, today))
    day = parse_when(cleaned, today)
    return day, day


_RANGE = re.compile(r"\s+(?:to|until|till|through)\s+|\s*\.\.\s*")


def parse_range(text: str, today: date) -> tuple[date, date]:
    """A span typed in a filter: "last week", "november", "2026-11-01 to 2026-11-15"."""
    cleaned = _normalise(text)
    parts = _RANGE.split(cleaned, maxsplit=1)
    if len(parts) == 2 and parts[0] and parts[1]:
        start, end = parse_period(parts[0], today)[0], parse_period(parts[1], today)[1]
        if start > end:
            raise DateParseError(f"{start.isoformat()} comes after {end.isoformat()}")
        return start, end
    return parse_period(cleaned, today)
