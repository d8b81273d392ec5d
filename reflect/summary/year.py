"""The year in review: a year's figures month by month, its themes and tags, and the
lessons that came back.

Pure, like :mod:`reflect.summary.period`, and counted by the same rules: each month's
figures are exactly those of that month's own summary (its streaks included), and the
year's are those of a period from 1 January to 31 December. So a streak that runs from
December into January counts, in January's year, from its first day (as a month's does).

The lessons that came back most are chosen by :func:`returning_lessons`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from reflect.dates import MONTH_NAMES, month_bounds
from reflect.errors import DateParseError
from reflect.model import Entry
from reflect.streaks import DayOff
from reflect.summary.period import (
    Excerpt,
    PeriodFigures,
    SpanFacts,
    TagCount,
    _Book,
    _figures,
    _figures_json,
    _written_order,
)
from reflect.summary.themes import EntryThemes, ThemeCount, count_themes
from reflect.themes import ThemeLexicon
from reflect.words import STOP_WORDS, stem, words

MAX_RETURNING = 5
"""Lessons listed under "the lessons that came back most"."""
SHARED_WORDS = 2
"""Content words two lessons must share (besides a theme) to say the same thing."""
EVERYDAY_WORDS = frozenset(
    (
        "customer", "customers", "caller", "call", "calls", "issue", "help", "account",
        "problem", "shift", "change", "plan", "line", "system", "agent", "team", "manager",
        "time", "day", "thing", "things", "always", "never", "first", "next", "make", "sure",
        "need", "one", "way", "good", "better", "people", "know",
    )
)  # fmt: skip
"""Words almost every lesson on a support floor uses: sharing them says nothing."""


@dataclass(frozen=True)
class MonthFigures:
    """One month of the year: its figures, as its own summary counts them, and themes."""

    label: str
    """ "2026-01"."""
    title: str
    """ "January 2026"."""
    figures: PeriodFigures
    themes: tuple[ThemeCount, ...]
    tags: tuple[TagCount, ...]


@dataclass(frozen=True)
class YearTheme:
    """A theme of the year: entries touching it in all, and in each month (January first)."""

    label: str
    entries: int
    by_month: tuple[int, ...]


@dataclass(frozen=True)
class ReturningLesson:
    """A lesson written again, in other words, in other months (see :func:`returning_lessons`)."""

    lesson: Excerpt
    """The wording listed: the one that reached the most months, the first on a tie."""
    months: tuple[str, ...]
    """The months it came back in, its own included, oldest first ("2026-02")."""
    echoes: tuple[Excerpt, ...]
    """The lessons of other months that say the same, oldest first."""
    themes: tuple[str, ...]
    """Labels of the themes it shares with its echoes."""
    words: tuple[str, ...]
    """The words it shares with its echoes, as first written, most shared first."""


@dataclass(frozen=True)
class YearSummary(SpanFacts):
    """Everything shown about one year. Build it with :func:`summarize_year`."""

    year: int
    start: date
    end: date
    today: date
    figures: PeriodFigures
    months: tuple[MonthFigures, ...]
    themes: tuple[YearTheme, ...]
    tags: tuple[TagCount, ...]
    lessons: tuple[ReturningLesson, ...]

    @property
    def title(self) -> str:
        return f"{self.year:04d}"

    @property
    def label(self) -> str:
        return self.title

    def to_json(self) -> dict[str, Any]:
        """Every figure under the keys documented in docs/summary-json.md."""
        return {
            "year": self.year,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            **_figures_json(self.figures),
            "months": [
                {
                    "month": month.label,
                    **_figures_json(month.figures),
                    "themes": [{"theme": t.label, "count": t.entries} for t in month.themes],
                    "tags": [{"tag": t.tag, "count": t.entries} for t in month.tags],
                }
                for month in self.months
            ],
            "themes": [
                {"theme": theme.label, "count": theme.entries, "by_month": list(theme.by_month)}
                for theme in self.themes
            ],
            "tags": [{"tag": tag.tag, "count": tag.entries} for tag in self.tags],
            "lessons_that_came_back": [
                {
                    "text": item.lesson.text,
                    "date": item.lesson.shift_date.isoformat(),
                    "id": item.lesson.entry_id,
                    "months": list(item.months),
                    "echoes": [
                        {
                            "text": echo.text,
                            "date": echo.shift_date.isoformat(),
                            "id": echo.entry_id,
                        }
                        for echo in item.echoes
                    ],
                    "themes": list(item.themes),
                    "words": list(item.words),
                }
                for item in self.lessons
            ],
        }


def summarize_year(
    entries: Iterable[Entry],
    year: int,
    *,
    today: date,
    lexicon: ThemeLexicon | None = None,
    days_off: DayOff | None = None,
    reflected_days: Iterable[date] | None = None,
) -> YearSummary:
    """The year in review. ``entries`` is the whole journal, or, with ``reflected_days``
    (every day that has an entry), at least the entries of the year."""
    if not 1 <= year <= 9999:
        raise DateParseError(f"{year} is not a year: a year is 1 to 9999")
    start, end = date(year, 1, 1), date(year, 12, 31)
    book = _Book(entries, start, end, days_off, reflected_days)
    reader = EntryThemes(lexicon if lexicon is not None else ThemeLexicon.bundled())
    in_year = [entry for day in book.in_period(start, end) for entry in book.by_day[day]]
    themes = {entry.id: reader.of(entry) for entry in in_year}
    by_month: list[list[Entry]] = [[] for _ in range(12)]
    for entry in in_year:
        by_month[entry.shift_date.month - 1].append(entry)
    months = tuple(
        MonthFigures(
            label=f"{year:04d}-{number:02d}",
            title=f"{MONTH_NAMES[number - 1]} {year}",
            figures=_figures(book, *month_bounds(year, number), today),
            themes=count_themes((themes[entry.id] for entry in chosen), reader.lexicon),
            tags=_tags(chosen),
        )
        for number, chosen in enumerate(by_month, 1)
    )
    return YearSummary(
        year=year,
        start=start,
        end=end,
        today=today,
        figures=_figures(book, start, end, today),
        months=months,
        themes=_year_themes(by_month, themes, reader.lexicon),
        tags=_tags(in_year),
        lessons=returning_lessons(in_year, reader.lexicon),
    )


def _tags(entries: Iterable[Entry]) -> tuple[TagCount, ...]:
    counts = Counter(tag for entry in entries for tag in entry.tags)
    return tuple(
        TagCount(tag, count) for tag, count in sorted(counts.items(), key=lambda i: (-i[1], i[0]))
    )


def _year_themes(
    by_month: Sequence[Sequence[Entry]],
    themes: dict[str, frozenset[str]],
    lexicon: ThemeLexicon,
) -> tuple[YearTheme, ...]:
    counts: dict[str, list[int]] = {}
    for number, chosen in enumerate(by_month):
        for entry in chosen:
            for key in themes[entry.id]:
                counts.setdefault(key, [0] * 12)[number] += 1
    found = [
        YearTheme(lexicon.label(key), sum(months), tuple(months)) for key, months in counts.items()
    ]
    return tuple(sorted(found, key=lambda theme: (-theme.entries, theme.label)))


# -- the lessons that came back ---------------------------------------------------------


class _Lesson:
    __slots__ = ("entry", "excerpt", "month", "stems", "themes", "words")

    def __init__(self, entry: Entry, lexicon: ThemeLexicon) -> None:
        self.entry = entry
        self.excerpt = Excerpt(entry.shift_date, entry.lesson, entry.id)
        self.month = (entry.shift_date.year, entry.shift_date.month)
        self.words: dict[str, str] = {}  # stem -> the word as first written
        for word in words(entry.lesson):
            if word not in STOP_WORDS and word not in EVERYDAY_WORDS and len(word) > 1:
                self.words.setdefault(stem(word), word)
        self.stems = frozenset(self.words)
        self.themes = frozenset(lexicon.themes_in(entry.lesson))


def returning_lessons(
    entries: Iterable[Entry], lexicon: ThemeLexicon, limit: int = MAX_RETURNING
) -> tuple[ReturningLesson, ...]:
    """The lessons that came back most: those learned again, in other words, in other months.

    The rule:

    1. Two lessons *say the same* when they were written in different months and their
       own texts share a theme of the lexicon, or at least :data:`SHARED_WORDS` content
       words (compared by stem; stop words and :data:`EVERYDAY_WORDS` do not count).
       "Name the feeling first" (February) and "name the feeling, then fix it" (June)
       share *name* and *feeling*.
    2. A lesson's *reach* is the number of months among it and the lessons that say the
       same as it. Lessons that reach two months or more came back.
    3. The widest reach comes first, then the lesson with more such lessons, then the
       earliest written. A lesson is listed once: one that says the same as a lesson
       listed above it is shown with that one, not again on its own.
    """
    lessons = [
        _Lesson(entry, lexicon) for entry in sorted(entries, key=_written_order) if entry.lesson
    ]
    by_key: dict[str, list[int]] = {}
    for index, lesson in enumerate(lessons):
        for key in (*lesson.stems, *(f"\x00{theme}" for theme in lesson.themes)):
            by_key.setdefault(key, []).append(index)
    echoes: list[list[int]] = []
    for lesson in lessons:
        near = {other for key in lesson.stems for other in by_key[key]}
        near.update(other for theme in lesson.themes for other in by_key[f"\x00{theme}"])
        echoes.append(
            sorted(
                other
                for other in near
                if lessons[other].month != lesson.month and _same(lesson, lessons[other])
            )
        )
    reach = [
        len({lessons[index].month, *(lessons[o].month for o in found)})
        for index, found in enumerate(echoes)
    ]
    order = sorted(
        (index for index in range(len(lessons)) if reach[index] >= 2),
        key=lambda index: (-reach[index], -len(echoes[index]), index),
    )
    listed: list[ReturningLesson] = []
    shown: set[int] = set()
    for index in order:
        if index in shown or len(listed) >= limit:
            continue
        shown.add(index)
        shown.update(echoes[index])
        listed.append(
            _returning(lessons[index], [lessons[other] for other in echoes[index]], lexicon)
        )
    return tuple(listed)


def _same(one: _Lesson, other: _Lesson) -> bool:
    return not one.themes.isdisjoint(other.themes) or len(one.stems & other.stems) >= SHARED_WORDS


def _returning(
    lesson: _Lesson, echoes: Sequence[_Lesson], lexicon: ThemeLexicon
) -> ReturningLesson:
    themes = {theme for echo in echoes for theme in lesson.themes & echo.themes}
    shared: Counter[str] = Counter()
    for echo in echoes:
        common = lesson.stems & echo.stems
        if len(common) >= SHARED_WORDS:
            shared.update(common)
    months = sorted({lesson.month, *(echo.month for echo in echoes)})
    return ReturningLesson(
        lesson=lesson.excerpt,
        months=tuple(f"{year:04d}-{month:02d}" for year, month in months),
        echoes=tuple(echo.excerpt for echo in echoes),
        themes=tuple(sorted(lexicon.label(theme) for theme in themes)),
        words=tuple(
            lesson.words[key]
            for key, _ in sorted(shared.items(), key=lambda i: (-i[1], lesson.words[i[0]]))
        ),
    )
