"""The summary for the terminal (``--format text``): a rich renderable, or that renderable
laid out as text for a given width; never printed here (the caller knows the terminal).

Marks carry the meaning and colours only help: a day shows its mood as a digit, a
reflection without a mood as a dot, a day off as "off", and today with a "▸". The
person's words are always :class:`rich.text.Text`, so a ``[bold]`` they typed stays text.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from datetime import date

from rich.columns import Columns
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.rule import Rule
from rich.segment import Segment, SegmentLines
from rich.style import Style
from rich.table import Table
from rich.text import Text

from reflect.summary.palette import MOOD_STYLES
from reflect.summary.period import (
    HARD_DAY_MOOD,
    MOOD_WORDS,
    DayCell,
    Excerpt,
    Highlight,
    MonthGrid,
    Summary,
    month_grids,
)
from reflect.summary.words import (
    KEEP_NOTE,
    KEEP_TITLES,
    NO_BRIGHT_SPOTS,
    NO_RETURNING,
    WEEKDAY_HEADINGS,
    YEAR_LESSONS_NOTE,
    bright_lines,
    days_text,
    empty_message,
    figure_rows,
    keep_why,
    long_date,
    month_short,
    month_title,
    mood_cell,
    mood_level,
    mood_text,
    mood_word,
    period_line,
    returning_months,
    returning_why,
    returning_wordings,
    short_date,
    trend_sentence,
)
from reflect.summary.year import YearSummary

SPARKS = "▁▃▅▆█"
BAR_WIDTH = 24
TODAY_MARK = "▸"
CHART_DAYS = 31
"""Periods up to this long get the day-by-day mood chart; longer ones a sparkline."""


def render(summary: Summary) -> RenderableType:
    """Everything, top to bottom, as one group for ``Console.print``."""
    parts: list[RenderableType] = [
        Text(f"Reflections: {summary.title}", style="bold"),
        Text(period_line(summary), style="dim"),
        Text(""),
    ]
    if summary.is_empty:
        parts += [Text(empty_message(summary), style="italic"), Text("")]
    parts += [_figures(summary), Text(""), _calendars(summary)]
    if not summary.is_empty:
        parts += _mood(summary)
        parts += _counted("Themes", [(t.label, t.entries) for t in summary.themes], "none found")
        parts += _counted("Tags", [(f"#{t.tag}", t.entries) for t in summary.tags], "none used")
        parts += [Text(""), _heading("Three to keep"), keep_list(summary)]
        parts += _excerpts("Gratitude", summary.gratitude)
        parts += _excerpts("Kindness", summary.kindness)
        parts += _excerpts("Lessons", summary.lessons)
        parts += [Text(""), _heading("Bright spots"), bright_spots(summary)]
        parts += _hardest(summary)
    return Group(*parts)


def render_year(year: YearSummary, *, titled: bool = True) -> RenderableType:
    """The year in review, top to bottom, as one group for ``Console.print`` (without
    the title lines when not ``titled``: the app's screen writes its own)."""
    parts: list[RenderableType] = []
    if titled:
        parts += [
            Text(f"Reflections: {year.title}", style="bold"),
            Text(period_line(year), style="dim"),
            Text(""),
        ]
    if year.is_empty:
        parts += [Text(empty_message(year), style="italic"), Text("")]
    parts.append(_figures(year))
    if not year.is_empty:
        parts += [Text(""), _heading("Month by month"), year_months(year)]
        parts += [Text(""), _heading("Themes through the year"), year_themes(year)]
        parts += _counted("Tags", [(f"#{t.tag}", t.entries) for t in year.tags], "none used")
        parts += [Text(""), _heading("Lessons that came back most"), year_lessons(year)]
    return Group(*parts)


def year_months(year: YearSummary) -> RenderableType:
    """Each month's reflections (with a bar), days, longest streak and mood."""
    table = Table(box=None, padding=(0, 2, 0, 0), header_style="dim")
    table.add_column("month")
    for heading in ("entries", "days", "longest streak", "mood"):
        table.add_column(heading, justify="right")
    table.add_column("")
    top = max((month.figures.entries for month in year.months), default=0) or 1
    for month in year.months:
        figures = month.figures
        mood = Text(mood_cell(figures.mood_average))
        if figures.mood_average is not None:
            level = mood_level(figures.mood_average)
            mood = Text(f" {mood_cell(figures.mood_average)} ", style=MOOD_STYLES[level - 1])
        bar = "■" * round(BAR_WIDTH * figures.entries / top) if figures.entries else ""
        table.add_row(
            month_short(month.label),
            str(figures.entries),
            str(figures.days_reflected),
            days_text(figures.longest_streak) if figures.days_reflected else "",
            mood,
            Text(bar, style="cyan"),
        )
    return table


def year_themes(year: YearSummary, limit: int | None = None) -> RenderableType:
    """Each theme's entries month by month ("·" for none) and in all."""
    if not year.themes:
        return Text("none found", style="dim italic")
    table = Table(box=None, padding=(0, 1, 0, 0), header_style="dim")
    table.add_column("", no_wrap=False, max_width=24)
    for month in year.months:
        table.add_column(month_short(month.label), justify="right")
    table.add_column("all", justify="right")
    for theme in year.themes[:limit]:
        cells = [str(count) if count else "·" for count in theme.by_month]
        table.add_row(Text(theme.label), *cells, Text(str(theme.entries), style="bold"))
    return table


def year_lessons(year: YearSummary) -> RenderableType:
    """The lessons that came back most, with their months, their echoes and why."""
    if not year.lessons:
        return Text(NO_RETURNING, style="dim italic")
    parts: list[RenderableType] = []
    for item in year.lessons:
        parts.append(
            Text.assemble((item.lesson.text, "bold"), ("  in " + returning_months(item), "dim"))
        )
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column("", style="dim", no_wrap=True)
        table.add_column("", ratio=1)
        for excerpt in returning_wordings(item):
            table.add_row(short_date(excerpt.shift_date), Text(excerpt.text))
        parts.append(Padding(table, (0, 0, 0, 2)))
        parts.append(Padding(Text(returning_why(item), style="dim italic"), (0, 0, 1, 2)))
    parts.append(Text(YEAR_LESSONS_NOTE, style="dim italic"))
    return Group(*parts)


def as_text(summary: Summary | YearSummary, *, width: int = 100, color: bool = False) -> str:
    """:func:`render` (or :func:`render_year`) printed ``width`` columns wide: with colours
    when ``color`` (for a terminal that wants them), else plain text, as written to a file.

    No line ends in the blanks rich pads tables and columns with: a file (or a diff of
    two months) would carry them for nothing. A blank that paints a colour stays."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, force_terminal=color, no_color=not color, highlight=False
    )
    shown = render_year(summary) if isinstance(summary, YearSummary) else render(summary)
    lines = console.render_lines(shown, pad=False)
    trimmed = [_trimmed(line, keep_painted=color) for line in lines]
    console.print(SegmentLines(trimmed, new_lines=True), end="")
    return buffer.getvalue()


def _trimmed(line: list[Segment], *, keep_painted: bool) -> list[Segment]:
    """``line`` without the blanks at its end; with ``keep_painted``, up to the last one
    whose style shows on a blank (a background, reverse, a line under or through it)."""
    kept = list(line)
    while kept and not kept[-1].control:
        text, style, control = kept[-1]
        if keep_painted and style is not None and _shows_on_blank(style):
            break
        if text.rstrip():
            kept[-1] = Segment(text.rstrip(), style, control)
            break
        kept.pop()
    return kept


def _shows_on_blank(style: Style) -> bool:
    return bool(
        style.bgcolor is not None
        or style.reverse
        or style.underline
        or style.strike
        or style.overline
        or style.underline2
    )


def _heading(title: str) -> Rule:
    return Rule(Text(title, style="bold"), align="left", style="dim")


def _figures(summary: Summary | YearSummary) -> Table:
    compare = isinstance(summary, Summary) and summary.previous is not None
    table = Table(box=None, padding=(0, 2, 0, 0), show_header=compare, header_style="dim")
    table.add_column("")
    table.add_column(summary.title if compare else "", justify="right")
    if compare:
        table.add_column(getattr(summary, "previous_title", None) or "", justify="right")
        table.add_column("change", justify="right")
    for row in figure_rows(summary):
        cells = [Text(row.name), Text(row.now, style="bold")]
        if compare:
            cells += [Text(row.before or ""), Text(row.change or "")]
        table.add_row(*cells)
    return table


def _calendars(summary: Summary) -> RenderableType:
    cells = {cell.day: cell for cell in summary.days}
    grids = month_grids(summary.start, summary.end)
    tables = [_month(grid, cells, titled=len(grids) > 1) for grid in grids]
    legend = Text.assemble(
        "mood ",
        *[(f" {number} ", style) for number, style in enumerate(MOOD_STYLES, 1)],
        "  • reflected, no mood   off day off",
        f"   {TODAY_MARK} today" if summary.in_progress else "",
        style="dim",
    )
    body: RenderableType = tables[0] if len(tables) == 1 else Columns(tables, padding=(1, 3))
    return Group(body, legend)


def _month(grid: MonthGrid, cells: dict[date, DayCell], *, titled: bool) -> Table:
    table = Table(
        box=None,
        padding=(0, 1, 0, 0),
        title=Text(month_title(grid.year, grid.month), style="bold") if titled else None,
        title_justify="left",
        header_style="dim",
    )
    for heading in WEEKDAY_HEADINGS:
        table.add_column(heading[:2], justify="right", min_width=5)
    for week in grid.weeks:
        table.add_row(*[_day(cells[day]) if day is not None else Text("") for day in week])
    return table


def _day(cell: DayCell) -> Text:
    text = Text()
    if cell.is_today:
        text.append(TODAY_MARK + str(cell.day.day), style="bold underline")
    else:
        text.append(str(cell.day.day))
    if cell.mood_average is not None:
        level = mood_level(cell.mood_average)
        text.append(" ")
        text.append(str(level), style=MOOD_STYLES[level - 1])
    elif cell.reflected:
        text.append(" •", style="bold")
    elif cell.is_day_off:
        text.append(" off", style="dim")
    return text


class MoodChart:
    """The mood of each day as a bar, in rows of days that fit the width.

    Every day of the period has a column, so a bar stands above its date; the bar's top
    shows the mood as a digit and the rows are named by the mood words, so it reads
    without colour. A reflection without a mood is a dot, a day off without one a dash.
    """

    LABEL = max(len(word) for word in MOOD_WORDS) + 1
    COLUMN = 3

    def __init__(self, days: Sequence[DayCell]) -> None:
        self.days = tuple(days)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        per_row = max(7, (options.max_width - self.LABEL) // self.COLUMN)
        rows = -(-len(self.days) // per_row) or 1
        size = -(-len(self.days) // rows)  # rows of about the same length
        for row in range(rows):
            if row:
                yield Text("")
            yield from self._block(self.days[row * size : (row + 1) * size])

    def _block(self, days: Sequence[DayCell]) -> Iterator[Text]:
        levels = [
            mood_level(cell.mood_average) if cell.mood_average is not None else 0 for cell in days
        ]
        for height in range(5, 0, -1):
            line = Text(f"{MOOD_WORDS[height - 1]:>{self.LABEL - 1}} ", style="dim")
            for cell, level in zip(days, levels, strict=True):
                line.append_text(self._cell(cell, level, height))
            yield line
        numbers = Text(" " * self.LABEL, style="dim")
        for cell in days:
            style = "bold underline" if cell.is_today else "dim"
            numbers.append(f"{cell.day.day:>2}", style=style)
            numbers.append(" ")
        yield numbers

    @staticmethod
    def _cell(cell: DayCell, level: int, height: int) -> Text:
        if level >= height:
            style = MOOD_STYLES[level - 1]
            if level == height:
                return Text.assemble((f"{level:>2}", f"bold {style}"), " ")
            return Text.assemble(("██", style.split(" on ")[-1]), " ")
        if height == 1 and cell.reflected:
            return Text(" • ", style="bold")
        if height == 1 and cell.is_day_off:
            return Text(" - ", style="dim")
        return Text("   ")


def mood_chart(summary: Summary) -> RenderableType:
    """The day-by-day mood chart of a period (see :class:`MoodChart`)."""
    return MoodChart(summary.days)


def keep_list(summary: Summary) -> RenderableType:
    """ "Three to keep": each text with its kind, day and why it was picked."""
    if not summary.keep:
        return Text("nothing written to keep yet", style="dim italic")
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0), expand=True)
    table.add_column("", style="dim", no_wrap=True)
    table.add_column("", ratio=1)
    for keep in summary.keep:
        why = keep_why(keep)
        table.add_row(
            f"{KEEP_TITLES[keep.kind]}, {short_date(keep.excerpt.shift_date)}",
            Text.assemble(keep.excerpt.text, (f"  ({why})" if why else "", "dim")),
        )
    return Group(table, Text(KEEP_NOTE, style="dim italic"))


def bright_spots(summary: Summary) -> RenderableType:
    """The best days, each with what the person was grateful for."""
    if not summary.bright_spots:
        return Text(NO_BRIGHT_SPOTS, style="dim italic")
    return Group(*[part for day in summary.bright_spots for part in _day_card(day, bright=True)])


def _day_card(day: Highlight, *, bright: bool) -> list[RenderableType]:
    heading = Text.assemble(
        (long_date(day.shift_date), "bold"),
        "  ",
        (f" {day.mood} ", MOOD_STYLES[day.mood - 1]),
        f" {mood_word(day.mood)}",
    )
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column("", style="dim", no_wrap=True)
    table.add_column("", ratio=1)
    lines = (
        bright_lines(day)
        if bright
        else [("Challenge", day.challenge), ("Grateful", day.grateful), ("Lesson", day.lesson)]
    )
    for name, text in lines:
        if text:
            table.add_row(name, Text(text))
    return [heading, Padding(table, (0, 0, 1, 2))]


def _mood(summary: Summary) -> list[RenderableType]:
    spark: RenderableType
    if len(summary.days) <= CHART_DAYS:
        spark = mood_chart(summary)
    else:
        spark = Text("by day  ", style="dim")
        for cell in summary.days:
            if cell.mood_average is None:
                spark.append("·" if cell.reflected else " ", style="dim")
            else:
                level = mood_level(cell.mood_average)
                spark.append(SPARKS[level - 1], style=MOOD_STYLES[level - 1].split(" on ")[-1])
    weeks = Table(box=None, padding=(0, 2, 0, 0), header_style="dim")
    weeks.add_column("week of")
    weeks.add_column("entries", justify="right")
    weeks.add_column("mood", justify="right")
    weeks.add_column("")
    for week in summary.mood_by_week:
        if week.mood_average is None:
            weeks.add_row(short_date(week.week_start), str(week.entries), "", "")
        else:
            bar = "█" * round(week.mood_average * 2)
            weeks.add_row(
                short_date(week.week_start), str(week.entries), mood_text(week.mood_average), bar
            )
    return [
        Text(""),
        _heading("Mood"),
        spark,
        Text(trend_sentence(summary)),
        weeks,
    ]


def _counted(title: str, items: list[tuple[str, int]], nothing: str) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(""), _heading(title)]
    if not items:
        return [*parts, Text(nothing, style="dim italic")]
    top = max(count for _, count in items)
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column("", no_wrap=False, max_width=40)
    table.add_column("", justify="right")
    table.add_column("")
    for label, count in items:
        table.add_row(Text(label), str(count), "■" * max(1, round(BAR_WIDTH * count / top)))
    return [*parts, table]


def _excerpts(title: str, excerpts: tuple[Excerpt, ...]) -> list[RenderableType]:
    parts: list[RenderableType] = [Text(""), _heading(title)]
    if not excerpts:
        return [*parts, Text("nothing written here in this period", style="dim italic")]
    table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
    table.add_column("", style="dim", no_wrap=True)
    table.add_column("", ratio=1)
    for excerpt in excerpts:
        table.add_row(short_date(excerpt.shift_date), Text(excerpt.text))
    return [*parts, table]


def _hardest(summary: Summary) -> list[RenderableType]:
    return [Text(""), _heading("Hardest days"), hardest_days(summary)]


def hardest_days(summary: Summary) -> RenderableType:
    """The hardest days, each with its challenge, what it gave, and its lesson."""
    if not summary.highlights:
        return Text(f"no day had a mood of {HARD_DAY_MOOD} or lower", style="dim italic")
    return Group(*[part for day in summary.highlights for part in _day_card(day, bright=False)])
