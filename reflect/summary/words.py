"""The words every summary format shares, so Markdown, HTML and the terminal say the same.

Numbers come from :mod:`reflect.summary.period`; this module only turns them into text for
people (English, independent of the machine's locale).
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from reflect.dates import MONTH_NAMES, WEEKDAY_NAMES
from reflect.render import plural
from reflect.summary.period import BRIGHT_DAY_MOOD, MOOD_WORDS, Excerpt, Highlight, Keep, Summary
from reflect.summary.year import ReturningLesson, YearSummary

WEEKDAY_HEADINGS = tuple(name[:3] for name in WEEKDAY_NAMES)
"""Calendar columns, Monday first: "Mon" to "Sun"."""
_MONTHS = ("", *MONTH_NAMES)  # indexed by the month's number, 1 to 12


class FigureRow(NamedTuple):
    """One line of the figures table: this period, the one before, and the change."""

    name: str
    now: str
    before: str | None
    change: str | None


def short_date(day: date) -> str:
    """ "1 Feb": enough inside a summary whose title names the month."""
    return f"{day.day} {_MONTHS[day.month][:3]}"


def long_date(day: date) -> str:
    """ "Thursday 1 February 2024"."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {day.day} {_MONTHS[day.month]} {day.year}"


def month_title(year: int, month: int) -> str:
    return f"{_MONTHS[month]} {year}"


def mood_text(value: float) -> str:
    """A mood for people: "4" when whole, else one decimal ("3.5")."""
    rounded = round(value, 1)
    return f"{rounded:.0f}" if rounded == int(rounded) else f"{rounded:.1f}"


def mood_level(value: float) -> int:
    """The whole mood (1 to 5) an average is drawn as; halves round up, as people expect."""
    return min(5, max(1, int(value + 0.5)))


def mood_word(mood: int) -> str:
    return MOOD_WORDS[mood - 1]


def change_text(value: float | None, *, decimals: int = 0) -> str:
    """A difference for people: "+2", "-1", "0", or "n/a" when one side has no value."""
    if value is None:
        return "n/a"
    rounded = round(value, decimals)
    if rounded == 0:
        return "0"
    sign = "+" if rounded > 0 else "-"
    return f"{sign}{abs(rounded):.{decimals}f}"


def period_line(summary: Summary | YearSummary) -> str:
    """The span under the title, and "so far" while the period is still running."""
    start, end = summary.start, summary.end
    last = f"{end.day} {_MONTHS[end.month]} {end.year}"
    if (start.year, start.month) == (end.year, end.month):
        span = f"{start.day} to {last}"
    elif start.year == end.year:
        span = f"{start.day} {_MONTHS[start.month]} to {last}"
    else:
        span = f"{start.day} {_MONTHS[start.month]} {start.year} to {last}"
    if summary.in_progress:
        span += f" · so far, up to {long_date(summary.today)}"
    return span


def empty_message(summary: Summary | YearSummary) -> str:
    """What an empty period says instead of a page of zeros."""
    if summary.start > summary.today:
        return f"{summary.title} has not begun yet. Its summary fills in as you reflect."
    if summary.in_progress:
        return (
            f"No reflections in {summary.title} yet. Two minutes at the end of a shift is "
            "enough to start: run `reflect` and press r."
        )
    kind = "years" if isinstance(summary, YearSummary) else "months"
    return f"No reflections in {summary.title}. Nothing is missing: some {kind} are like that."


def days_text(count: int) -> str:
    return plural(count, "day", "days")


def figure_rows(summary: Summary | YearSummary) -> list[FigureRow]:
    """The headline figures with last month's and the change, where there is a last month."""
    now = summary.figures
    before, changes = (
        (None, None)
        if isinstance(summary, YearSummary)
        else (summary.previous, summary.differences)
    )
    mood_now = f"{now.mood_average:.1f}" if now.mood_average is not None else "n/a"
    rows = [
        ("Entries", str(now.entries)),
        ("Days reflected", str(now.days_reflected)),
        ("Current streak", days_text(now.current_streak)),
        ("Longest streak", days_text(now.longest_streak)),
        ("Mood average (1-5)", mood_now),
    ]
    if before is None or changes is None:
        return [FigureRow(name, value, None, None) for name, value in rows]
    befores = [
        str(before.entries),
        str(before.days_reflected),
        days_text(before.current_streak),
        days_text(before.longest_streak),
        f"{before.mood_average:.1f}" if before.mood_average is not None else "n/a",
    ]
    diffs = [
        change_text(changes.entries),
        change_text(changes.days_reflected),
        change_text(changes.current_streak),
        change_text(changes.longest_streak),
        change_text(changes.mood_average, decimals=1),
    ]
    return [
        FigureRow(name, value, was, diff)
        for (name, value), was, diff in zip(rows, befores, diffs, strict=True)
    ]


def trend_sentence(summary: Summary) -> str:
    slope = summary.mood_trend
    if slope is None:
        return "Not enough days with a mood to tell a trend (three are needed)."
    change = change_text(slope, decimals=2)
    if summary.trend_label == "steady":
        return "Mood held steady." if change == "0" else f"Mood held steady ({change} a week)."
    return f"Mood was {summary.trend_label} ({change} a week)."


KEEP_TITLES = {"gratitude": "Grateful", "lesson": "Lesson"}
"""How each kind of "three to keep" is named next to its text."""
KEEP_NOTE = (
    "Picked to read again: both kinds, each from a different day, those that speak of "
    "different things first, then the better days."
)
"""What every face says under "Three to keep" (the rule is ``period.three_to_keep``)."""
NO_BRIGHT_SPOTS = f"No day had a mood of {BRIGHT_DAY_MOOD} or higher."


def keep_why(keep: Keep) -> str:
    """Why a text was kept, briefly: the themes it brought, else its day's mood."""
    if keep.themes:
        return "about " + ", ".join(keep.themes)
    if keep.mood is not None:
        return f"a {mood_word(keep.mood)} day"
    return ""


def bright_lines(spot: Highlight) -> list[tuple[str, str]]:
    """What a bright spot shows: what the person was grateful for (or, without it, the
    day's challenge), then the lesson."""
    lines = [("Grateful", spot.grateful)] if spot.grateful else [("Challenge", spot.challenge)]
    if spot.lesson:
        lines.append(("Lesson", spot.lesson))
    return [(name, text) for name, text in lines if text]


def month_name(label: str) -> str:
    """ "2026-02" as "February"."""
    return _MONTHS[int(label[5:7])]


def month_short(label: str) -> str:
    """ "2026-02" as "Feb"."""
    return month_name(label)[:3]


def mood_cell(value: float | None) -> str:
    """A month's mood for a table: "3.6", or "-" without one."""
    return f"{value:.1f}" if value is not None else "-"


def returning_why(item: ReturningLesson) -> str:
    """Why a lesson counts as come back: "about abusive caller; shared words: name, feeling"."""
    reasons = []
    if item.themes:
        reasons.append("about " + ", ".join(item.themes))
    if item.words:
        reasons.append("shared words: " + ", ".join(item.words))
    return "; ".join(reasons)


def returning_wordings(item: ReturningLesson) -> list[Excerpt]:
    """Every wording of a lesson that came back, oldest first."""
    return sorted((item.lesson, *item.echoes), key=lambda excerpt: excerpt.shift_date)


def returning_months(item: ReturningLesson) -> str:
    """ "Feb, Jun and Nov"."""
    names = [month_short(label) for label in item.months]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


YEAR_LESSONS_NOTE = (
    "A lesson came back when a lesson of another month says the same: a shared theme, or "
    "two words in common that are not everyday floor words."
)
NO_RETURNING = "No lesson came back in another month yet."
