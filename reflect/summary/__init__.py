"""The summary of a month or of any span of days, and the ways it is shown.

One computation, several faces, each in a module named for what it does:

- ``period``: the figures, calendar, mood, themes and lists of a period (pure, no output);
- ``themes``: the themes of whole entries (texts and tags), counted;
- ``words``: the sentences and dates every face shares, so they all say the same;
- ``terminal``: ``--format text``, a rich renderable for the terminal;
- ``markdown``: ``--format md``, a document to keep or send;
- ``html``: ``--format html``, one printable page.

The computation is what most callers want, so its names are importable from here
(``from reflect.summary import summarize_month``); a renderer is imported by its module,
only by whoever draws that face.
"""

from reflect.summary.period import (
    BRIGHT_DAY_MOOD,
    HARD_DAY_MOOD,
    KEEP_COUNT,
    MAX_HIGHLIGHTS,
    MIN_TREND_DAYS,
    MOOD_WORDS,
    STEADY_SLOPE,
    DayCell,
    DaysOff,
    Excerpt,
    FigureChanges,
    Highlight,
    Keep,
    MonthGrid,
    PeriodFigures,
    Summary,
    TagCount,
    TrendLabel,
    WeekMood,
    month_grids,
    summarize_month,
    summarize_range,
    three_to_keep,
)
from reflect.summary.themes import EntryThemes, ThemeCount, count_themes

__all__ = [
    "BRIGHT_DAY_MOOD",
    "HARD_DAY_MOOD",
    "KEEP_COUNT",
    "MAX_HIGHLIGHTS",
    "MIN_TREND_DAYS",
    "MOOD_WORDS",
    "STEADY_SLOPE",
    "DayCell",
    "DaysOff",
    "EntryThemes",
    "Excerpt",
    "FigureChanges",
    "Highlight",
    "Keep",
    "MonthGrid",
    "PeriodFigures",
    "Summary",
    "TagCount",
    "ThemeCount",
    "TrendLabel",
    "WeekMood",
    "count_themes",
    "month_grids",
    "summarize_month",
    "summarize_range",
    "three_to_keep",
]
