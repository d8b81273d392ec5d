"""The summary of a month (or any span of days): figures, calendar, mood, themes, words.

Pure functions over entries: no Textual, no click, no printing. The command line, the
Summary screen and the renderers beside this module (``terminal``, ``markdown``,
``html``) all read one :class:`Summary`, so a figure means the same thing wherever it is
shown.

The rules, also written for users in ``docs/summary-json.md``:

- *entries*, *days reflected*, the mood figures, themes, tags and the lists count only
  what falls inside the period.
- *themes*: an entry touches a theme when any of its texts (challenge, gratitude,
  kindness, lesson, note) holds one of the theme's terms, or one of its tags stands for
  the theme (:meth:`ThemeLexicon.themes_of_tag`: ``#outage``, ``#angry-caller``); it
  counts once per theme however often it says so.
- *bright spots* and *hardest days*: each day once, with its highest (lowest) mood entry;
  see :func:`_bright_spots`, :func:`_highlights`. *Three to keep*: see :func:`three_to_keep`.
- *current streak* (DESIGN.md): consecutive reflected days back from the period's last
  day; for a period holding today, back from today, or from yesterday while today has
  no entry yet; 0 for a period that has not begun. It may reach back before the period.
- *longest streak*: the longest streak with at least one reflected day inside the
  period, counted from its first day (even in an earlier period) up to the period's last
  day, and never less than the current streak. So a streak from 28 October to 3 November
  is 4 in October and 7 in November: a closed month's figures depend only on days up to
  its end, and never change when later months are written.
- Days off (``days_off`` in config.toml) never break a streak; an empty day off is not
  counted in one, a day off with a reflection is (the person did reflect).

Speed: entries are bucketed by day once; streaks are cut into runs once per summary;
nothing walks all entries per day. See ``benchmarks/summary_speed.py``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal, NamedTuple

from reflect.config import Config, day_off_name, day_off_rule
from reflect.dates import MONTH_NAMES, month_bounds
from reflect.errors import DateParseError
from reflect.model import MOOD_NAMES, Entry
from reflect.streaks import DayOff, Streaks
from reflect.summary.themes import EntryThemes, ThemeCount, count_themes
from reflect.themes import ThemeLexicon

MOOD_WORDS = MOOD_NAMES
"""What moods 1 to 5 mean, as the Reflect flow words them (:data:`reflect.model.MOOD_NAMES`)."""

HARD_DAY_MOOD = 3
"""A day is among the hardest days only with a mood of this or lower: a 5 is never 'hard'."""
BRIGHT_DAY_MOOD = 4
"""A day is a bright spot only with a mood of this or higher: a so-so day is not 'bright'."""
MAX_HIGHLIGHTS = 3
"""Hardest days and bright spots shown, each."""
KEEP_COUNT = 3
"""Texts in "three to keep"."""
MIN_TREND_DAYS = 3
"""Days with a mood needed before a trend is claimed; two points always make a line."""
STEADY_SLOPE = 0.2
"""Mood points per week below which a trend reads as steady (about 1 point a month)."""

TrendLabel = Literal["rising", "falling", "steady", "not enough entries"]


class DaysOff:
    """Which days never break a streak, from config values like ``["saturday", "2026-12-25"]``.

    Callable as ``days_off(day) -> bool``, so it fits wherever :mod:`reflect.streaks`
    takes a ``day_off``. A value that is neither a weekday nor a day raises
    :class:`reflect.config.ConfigError`.
    """

    __slots__ = ("dates", "weekdays")

    def __init__(self, values: Iterable[object] = ()) -> None:
        if isinstance(values, str):
            values = (values,)
        weekdays: set[int] = set()
        dates: set[date] = set()
        for value in values:
            rule = day_off_rule(value)
            if isinstance(rule, int):
                weekdays.add(rule)
            else:
                dates.add(rule)
        self.weekdays = frozenset(weekdays)
        self.dates = frozenset(dates)

    @classmethod
    def from_config(cls, config: Config) -> DaysOff:
        return cls(config.days_off)

    def __call__(self, day: date) -> bool:
        return day.weekday() in self.weekdays or day in self.dates

    def __bool__(self) -> bool:
        return bool(self.weekdays or self.dates)

    @property
    def names(self) -> tuple[str, ...]:
        """The rules as written in config.toml: weekdays in week order, then days."""
        weekdays = [day_off_name(weekday) for weekday in sorted(self.weekdays)]
        return (*weekdays, *(day_off_name(day) for day in sorted(self.dates)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DaysOff):
            return NotImplemented
        return (self.weekdays, self.dates) == (other.weekdays, other.dates)

    def __hash__(self) -> int:
        return hash((self.weekdays, self.dates))

    def __repr__(self) -> str:
        return f"DaysOff({list(self.names)!r})"


# -- the values a summary is made of ----------------------------------------------------


@dataclass(frozen=True)
class PeriodFigures:
    """The headline numbers of a period; the same for this month and the month before."""

    entries: int
    days_reflected: int
    current_streak: int
    longest_streak: int
    mood_average: float | None

    def to_json(self) -> dict[str, Any]:
        return _figures_json(self)


@dataclass(frozen=True)
class FigureChanges:
    """This period minus the previous one; the mood change is None when either has none."""

    entries: int
    days_reflected: int
    current_streak: int
    longest_streak: int
    mood_average: float | None

    @classmethod
    def between(cls, now: PeriodFigures, before: PeriodFigures) -> FigureChanges:
        mood = (
            None
            if now.mood_average is None or before.mood_average is None
            else now.mood_average - before.mood_average
        )
        return cls(
            entries=now.entries - before.entries,
            days_reflected=now.days_reflected - before.days_reflected,
            current_streak=now.current_streak - before.current_streak,
            longest_streak=now.longest_streak - before.longest_streak,
            mood_average=mood,
        )

    def to_json(self) -> dict[str, Any]:
        return _figures_json(self)


@dataclass(frozen=True)
class DayCell:
    """One day of the calendar. ``entry_ids`` are in the order they were written."""

    day: date
    entries: int
    mood_average: float | None
    is_day_off: bool
    is_today: bool = False
    entry_ids: tuple[str, ...] = ()

    @property
    def reflected(self) -> bool:
        return self.entries > 0


class WeekMood(NamedTuple):
    """A calendar week (Monday first) as far as it lies inside the period."""

    week_start: date
    mood_average: float | None
    entries: int


class TagCount(NamedTuple):
    """A tag and how many of the period's entries carry it."""

    tag: str
    entries: int


class Excerpt(NamedTuple):
    """One text of the period (a gratitude, a kindness, a lesson) and where it came from."""

    shift_date: date
    text: str
    entry_id: str


KeepKind = Literal["gratitude", "lesson"]


class Keep(NamedTuple):
    """One of "three to keep": a gratitude or a lesson, and why it was picked."""

    kind: KeepKind
    excerpt: Excerpt
    mood: int | None
    themes: tuple[str, ...]
    """The labels of the themes it brought that the picks before it had not."""


@dataclass(frozen=True)
class Highlight:
    """One of the hardest days (the entry with that day's lowest mood) or one of the
    bright spots (the entry with that day's highest mood)."""

    shift_date: date
    mood: int
    challenge: str
    grateful: str
    lesson: str
    entry_id: str


class SpanFacts:
    """What any summary says of its own span (a month's, any period's, a year's): the
    fields are the summary's own, declared by each dataclass."""

    start: date
    end: date
    today: date
    figures: PeriodFigures

    @property
    def is_empty(self) -> bool:
        return self.figures.entries == 0

    @property
    def in_progress(self) -> bool:
        """Whether today lies inside the span, so its figures are "so far"."""
        return self.start <= self.today <= self.end


@dataclass(frozen=True)
class Summary(SpanFacts):
    """Everything shown about one period. Build it with :func:`summarize_month` or
    :func:`summarize_range`; render it with the modules of :mod:`reflect.summary`."""

    label: str
    """"2026-11" for a month, "2026-11-01..2026-11-15" for any other span."""
    title: str
    """For people: "November 2026", or "1 November 2026 to 15 November 2026"."""
    start: date
    end: date
    today: date
    figures: PeriodFigures
    days: tuple[DayCell, ...]
    mood_by_week: tuple[WeekMood, ...]
    mood_trend: float | None
    """Change of the daily mood per week (least squares), None with too few days."""
    trend_label: TrendLabel
    themes: tuple[ThemeCount, ...]
    tags: tuple[TagCount, ...]
    gratitude: tuple[Excerpt, ...]
    kindness: tuple[Excerpt, ...]
    lessons: tuple[Excerpt, ...]
    highlights: tuple[Highlight, ...]
    bright_spots: tuple[Highlight, ...] = ()
    keep: tuple[Keep, ...] = ()
    """"Three to keep" (:func:`three_to_keep`)."""
    previous: PeriodFigures | None = None
    previous_label: str | None = None
    previous_title: str | None = None

    @property
    def is_month(self) -> bool:
        """Whether this is a calendar month (from :func:`summarize_month`), not a span."""
        return self.label == _month_label(self.start)

    @property
    def differences(self) -> FigureChanges | None:
        if self.previous is None:
            return None
        return FigureChanges.between(self.figures, self.previous)

    def to_json(self) -> dict[str, Any]:
        """Every figure under the stable keys documented in docs/summary-json.md."""
        previous = None
        if self.previous is not None:
            previous = {"month": self.previous_label, **self.previous.to_json()}
        changes = self.differences
        return {
            "month": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            **self.figures.to_json(),
            "themes": [{"theme": theme.label, "count": theme.entries} for theme in self.themes],
            "tags": [{"tag": tag.tag, "count": tag.entries} for tag in self.tags],
            "gratitude": [excerpt.text for excerpt in self.gratitude],
            "kindness": [excerpt.text for excerpt in self.kindness],
            "lessons": [excerpt.text for excerpt in self.lessons],
            "previous_month": previous,
            "differences": changes.to_json() if changes is not None else None,
            "mood_by_week": [
                {
                    "week_start": week.week_start.isoformat(),
                    "entries": week.entries,
                    "mood_average": _rounded(week.mood_average),
                }
                for week in self.mood_by_week
            ],
            "trend": {
                "slope_per_week": _rounded(self.mood_trend, 3),
                "label": self.trend_label,
            },
            "highlights": [_highlight_json(highlight) for highlight in self.highlights],
            "bright_spots": [_highlight_json(spot) for spot in self.bright_spots],
            "three_to_keep": [
                {
                    "kind": keep.kind,
                    "date": keep.excerpt.shift_date.isoformat(),
                    "id": keep.excerpt.entry_id,
                    "text": keep.excerpt.text,
                    "mood": keep.mood,
                    "themes": list(keep.themes),
                }
                for keep in self.keep
            ],
            "days": [
                {
                    "date": cell.day.isoformat(),
                    "entries": cell.entries,
                    "mood_average": _rounded(cell.mood_average),
                    "day_off": cell.is_day_off,
                }
                for cell in self.days
            ],
        }


# -- building a summary -----------------------------------------------------------------


def summarize_month(
    entries: Iterable[Entry],
    year: int,
    month: int,
    *,
    today: date,
    lexicon: ThemeLexicon | None = None,
    days_off: DayOff | None = None,
    reflected_days: Iterable[date] | None = None,
) -> Summary:
    """The summary of one month, with the month before's figures to compare.

    ``entries`` is the whole journal (not only the month): streaks reach across months.
    Or, with ``reflected_days`` (every day that has an entry), only the entries of this
    month and the one before are needed: a large journal then builds only those.
    """
    if not 1 <= month <= 12 or not 1 <= year <= 9999:
        raise DateParseError(f"{year}-{month:02d} is not a month")
    start, end = month_bounds(year, month)
    previous_bounds = None
    if start > date.min:
        before = start - timedelta(days=1)
        previous_bounds = month_bounds(before.year, before.month)
    book = _Book(
        entries, previous_bounds[0] if previous_bounds else start, end, days_off, reflected_days
    )
    summary = replace(
        _summarize(book, start, end, today, lexicon),
        label=_month_label(start),
        title=_month_title(start),
    )
    if previous_bounds is None:
        return summary
    return replace(
        summary,
        previous=_figures(book, *previous_bounds, today),
        previous_label=_month_label(previous_bounds[0]),
        previous_title=_month_title(previous_bounds[0]),
    )


def summarize_range(
    entries: Iterable[Entry],
    start: date,
    end: date,
    *,
    today: date,
    lexicon: ThemeLexicon | None = None,
    days_off: DayOff | None = None,
) -> Summary:
    """The summary of the days from ``start`` to ``end``, both included (no comparison)."""
    if start > end:
        raise DateParseError(f"{start.isoformat()} comes after {end.isoformat()}")
    return _summarize(_Book(entries, start, end, days_off), start, end, today, lexicon)


class MonthGrid(NamedTuple):
    """One calendar month as weeks of seven days, Monday first; None outside the period."""

    year: int
    month: int
    weeks: tuple[tuple[date | None, ...], ...]


def month_grids(start: date, end: date) -> list[MonthGrid]:
    """The calendar months a period touches, so every face draws the same calendar."""
    grids = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        # built from the month's own days: the calendar module's full weeks would reach
        # past 9999-12-31
        first, last = month_bounds(year, month)
        cells: list[date | None] = [None] * first.weekday()
        cells += [first + timedelta(days=n) for n in range(last.day)]
        cells += [None] * (-len(cells) % 7)
        weeks = (
            tuple(day if day is not None and start <= day <= end else None for day in week)
            for week in (cells[index : index + 7] for index in range(0, len(cells), 7))
        )
        grids.append(MonthGrid(year, month, tuple(week for week in weeks if any(week))))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return grids


class _Book:
    """The journal read once: every reflected day (for streaks), and the entries of the
    window that will be summarised, bucketed by day."""

    def __init__(
        self,
        entries: Iterable[Entry],
        first: date,
        last: date,
        days_off: DayOff | None,
        reflected_days: Iterable[date] | None = None,
    ) -> None:
        self.day_off: DayOff = days_off if days_off is not None else _never
        reflected: set[date] = set(reflected_days or ())
        by_day: dict[date, list[Entry]] = {}
        for entry in entries:
            day = entry.shift_date
            reflected.add(day)
            if first <= day <= last:
                by_day.setdefault(day, []).append(entry)
        for bucket in by_day.values():
            bucket.sort(key=_written_order)
        self.by_day = by_day
        self.streaks = Streaks(reflected, self.day_off)

    def in_period(self, start: date, end: date) -> list[date]:
        """Reflected days from ``start`` to ``end``, oldest first."""
        return sorted(day for day in self.by_day if start <= day <= end)


def _never(day: date) -> bool:
    return False


def _written_order(entry: Entry) -> tuple[Any, ...]:
    return (entry.shift_date, entry.created_at, entry.id)


def _figures(book: _Book, start: date, end: date, today: date) -> PeriodFigures:
    days = book.in_period(start, end)
    moods = [entry.mood for day in days for entry in book.by_day[day] if entry.mood is not None]
    if start > today:
        current = 0
    elif end < today:
        current = book.streaks.ending(end)
    else:
        current = book.streaks.current(today)
    return PeriodFigures(
        entries=sum(len(book.by_day[day]) for day in days),
        days_reflected=len(days),
        current_streak=current,
        longest_streak=max(book.streaks.longest_until(start, end), current),
        mood_average=_mean(moods),
    )


def _summarize(
    book: _Book, start: date, end: date, today: date, lexicon: ThemeLexicon | None
) -> Summary:
    days = book.in_period(start, end)
    entries = [entry for day in days for entry in book.by_day[day]]
    cells = tuple(_cells(book, start, end, today))
    trend = _trend(cells, start)
    reader = EntryThemes(lexicon if lexicon is not None else ThemeLexicon.bundled())
    themes = {entry.id: reader.of(entry) for entry in entries}
    return Summary(
        label=f"{start.isoformat()}..{end.isoformat()}",
        title=f"{_long_date(start)} to {_long_date(end)}",
        start=start,
        end=end,
        today=today,
        figures=_figures(book, start, end, today),
        days=cells,
        mood_by_week=_weeks(book, start, end),
        mood_trend=trend,
        trend_label=_trend_label(trend),
        themes=count_themes(themes.values(), reader.lexicon),
        tags=tuple(
            TagCount(tag, count)
            for tag, count in sorted(
                Counter(tag for entry in entries for tag in entry.tags).items(),
                key=lambda item: (-item[1], item[0]),
            )
        ),
        gratitude=_excerpts(entries, "grateful"),
        kindness=_excerpts(entries, "kindness"),
        lessons=_excerpts(entries, "lesson"),
        highlights=_highlights(days, book),
        bright_spots=_bright_spots(days, book),
        keep=three_to_keep(entries, themes, reader.lexicon),
    )


def _cells(book: _Book, start: date, end: date, today: date) -> Iterable[DayCell]:
    day = start
    while True:
        bucket = book.by_day.get(day, ())
        yield DayCell(
            day=day,
            entries=len(bucket),
            mood_average=_mean([entry.mood for entry in bucket if entry.mood is not None]),
            is_day_off=book.day_off(day),
            is_today=day == today,
            entry_ids=tuple(entry.id for entry in bucket),
        )
        if day >= end:
            return
        day += timedelta(days=1)


def _weeks(book: _Book, start: date, end: date) -> tuple[WeekMood, ...]:
    """Mood per calendar week, averaged over entries like the period's own average."""
    weeks = []
    monday = start - timedelta(days=start.weekday())
    while monday <= end:
        # the week's Sunday may lie past the last day there is (9999-12-31)
        first = max(monday, start)
        last = end if (end - monday).days < 6 else monday + timedelta(days=6)
        entries = [
            entry
            for offset in range((last - first).days + 1)
            for entry in book.by_day.get(first + timedelta(days=offset), ())
        ]
        moods = [entry.mood for entry in entries if entry.mood is not None]
        weeks.append(WeekMood(monday, _mean(moods), len(entries)))
        if end - monday < timedelta(days=7):
            break
        monday += timedelta(days=7)
    return tuple(weeks)


def _trend(cells: Sequence[DayCell], start: date) -> float | None:
    """Least-squares slope of the daily mood, in mood points per week.

    Days, not entries, are the points: five entries on one bad day should not outweigh
    a steady week.
    """
    points = [
        ((cell.day - start).days / 7, cell.mood_average)
        for cell in cells
        if cell.mood_average is not None
    ]
    if len(points) < MIN_TREND_DAYS:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def _trend_label(slope: float | None) -> TrendLabel:
    if slope is None:
        return "not enough entries"
    if slope >= STEADY_SLOPE:
        return "rising"
    if slope <= -STEADY_SLOPE:
        return "falling"
    return "steady"


def three_to_keep(
    entries: Sequence[Entry],
    themes: Mapping[str, Iterable[str]],
    lexicon: ThemeLexicon,
    count: int = KEEP_COUNT,
) -> tuple[Keep, ...]:
    """A short pick of the period's gratitude and lessons, to read again.

    The rule, one pick at a time, until ``count`` are picked or none is left:

    1. the kind picked less so far comes first (gratitude before a lesson on a tie), so
       both kinds are kept when the period has both;
    2. then the text whose entry brings the most themes the picks so far do not cover
       (``themes``: each entry's theme keys), so the picks speak of different things;
    3. then the entry with the better mood (one without a mood counts as so-so, 3);
    4. then the later day, then the later written.

    At most one text per entry, and never the same words twice.
    """
    kinds_of_text: tuple[tuple[KeepKind, str], ...] = (
        ("gratitude", "grateful"),
        ("lesson", "lesson"),
    )
    candidates = [
        (kind, entry)
        for entry in entries
        for kind, name in kinds_of_text
        if getattr(entry, name).strip()
    ]
    picked: list[Keep] = []
    kinds: Counter[str] = Counter()
    covered: set[str] = set()
    used: set[str] = set()
    texts: set[str] = set()
    while len(picked) < count:
        best: tuple[Any, ...] | None = None
        choice: tuple[KeepKind, Entry, list[str]] | None = None
        for kind, entry in candidates:
            text = entry.grateful if kind == "gratitude" else entry.lesson
            if entry.id in used or text.strip().casefold() in texts:
                continue
            new = sorted(set(themes.get(entry.id, ())) - covered)
            key = (
                -kinds[kind],
                kind == "gratitude",
                len(new),
                entry.mood if entry.mood is not None else 3,
                _written_order(entry),
            )
            if best is None or key > best:
                best, choice = key, (kind, entry, new)
        if choice is None:
            break
        kind, entry, new = choice
        text = entry.grateful if kind == "gratitude" else entry.lesson
        picked.append(
            Keep(
                kind,
                Excerpt(entry.shift_date, text, entry.id),
                entry.mood,
                tuple(sorted(lexicon.label(key) for key in new)),
            )
        )
        kinds[kind] += 1
        covered.update(new)
        used.add(entry.id)
        texts.add(text.strip().casefold())
    return tuple(picked)


def _excerpts(entries: Iterable[Entry], name: str) -> tuple[Excerpt, ...]:
    found = []
    for entry in entries:
        text: str = getattr(entry, name)
        if text:
            found.append(Excerpt(entry.shift_date, text, entry.id))
    return tuple(found)


def _highlights(days: Iterable[date], book: _Book) -> tuple[Highlight, ...]:
    """Each hard day once, with its lowest-mood entry; the lowest moods first, then by date."""
    hardest: list[Entry] = []
    for day in days:
        rated = [entry for entry in book.by_day[day] if entry.mood is not None]
        if rated:
            lowest = min(rated, key=lambda entry: entry.mood or 0)  # first written wins a tie
            if (lowest.mood or 0) <= HARD_DAY_MOOD:
                hardest.append(lowest)
    hardest.sort(key=lambda entry: (entry.mood or 0, entry.shift_date))
    return tuple(_highlight(entry) for entry in hardest[:MAX_HIGHLIGHTS])


def _bright_spots(days: Iterable[date], book: _Book) -> tuple[Highlight, ...]:
    """Each bright day once, with its highest-mood entry that says what the person was
    grateful for (else its highest-mood entry); the highest moods first, then by date."""
    brightest: list[Entry] = []
    for day in days:
        rated = [entry for entry in book.by_day[day] if entry.mood is not None]
        if rated:
            # the best mood, and at that mood one with a gratitude; first written on a tie
            best = max(rated, key=lambda entry: (entry.mood or 0, bool(entry.grateful)))
            if (best.mood or 0) >= BRIGHT_DAY_MOOD:
                brightest.append(best)
    brightest.sort(key=lambda entry: (-(entry.mood or 0), entry.shift_date))
    return tuple(_highlight(entry) for entry in brightest[:MAX_HIGHLIGHTS])


def _highlight(entry: Entry) -> Highlight:
    return Highlight(
        shift_date=entry.shift_date,
        mood=entry.mood or 0,
        challenge=entry.challenge,
        grateful=entry.grateful,
        lesson=entry.lesson,
        entry_id=entry.id,
    )


def _highlight_json(highlight: Highlight) -> dict[str, Any]:
    return {
        "date": highlight.shift_date.isoformat(),
        "id": highlight.entry_id,
        "mood": highlight.mood,
        "challenge": highlight.challenge,
        "grateful": highlight.grateful,
        "lesson": highlight.lesson,
    }


def _figures_json(figures: PeriodFigures | FigureChanges) -> dict[str, Any]:
    """The five headline figures under their JSON keys (the figures or their changes)."""
    return {
        "entries": figures.entries,
        "days_reflected": figures.days_reflected,
        "current_streak": figures.current_streak,
        "longest_streak": figures.longest_streak,
        "mood_average": _rounded(figures.mood_average),
    }


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _rounded(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def _month_label(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _month_title(day: date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.year}"


def _long_date(day: date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"
