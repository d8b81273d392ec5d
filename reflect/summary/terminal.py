"""The summary for the terminal (``--format text``): a rich renderable, or that renderable
laid out as text for a given width; never printed here (the caller knows the terminal).

Marks carry the meaning and colours only help: a day shows its mood as a digit, a
reflection without a mood as a dot, a day off as "off", and today with a "▸". The
person's words are always :class:`rich.text.Text`, so a ``[bold]`` they typed stays text.
"""

from __future__ import annotations

import io
from datetime import date

from rich.columns import Columns
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.segment import Segment, SegmentLines
from rich.style import Style
from rich.table import Table
from rich.text import Text

from reflect.summary.palette import MOOD_STYLES
from reflect.summary.period import HARD_DAY_MOOD, DayCell, Excerpt, MonthGrid, Summary, month_grids
from reflect.summary.words import (
    WEEKDAY_HEADINGS,
    empty_message,
    figure_rows,
    long_date,
    month_title,
    mood_level,
    mood_text,
    mood_word,
    period_line,
    short_date,
    trend_sentence,
)

SPARKS = "▁▃▅▆█"
BAR_WIDTH = 24
TODAY_MARK = "▸"


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
        parts += _excerpts("Gratitude", summary.gratitude)
        parts += _excerpts("Kindness", summary.kindness)
        parts += _excerpts("Lessons", summary.lessons)
        parts += _hardest(summary)
    return Group(*parts)


def as_text(summary: Summary, *, width: int = 100, color: bool = False) -> str:
    """:func:`render` printed ``width`` columns wide: with colours when ``color`` (for a
    terminal that wants them), else plain text, as written to a file.

    No line ends in the blanks rich pads tables and columns with: a file (or a diff of
    two months) would carry them for nothing. A blank that paints a colour stays."""
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=width, force_terminal=color, no_color=not color, highlight=False
    )
    lines = console.render_lines(render(summary), pad=False)
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


def _figures(summary: Summary) -> Table:
    compare = summary.previous is not None
    table = Table(box=None, padding=(0, 2, 0, 0), show_header=compare, header_style="dim")
    table.add_column("")
    table.add_column(summary.title if compare else "", justify="right")
    if compare:
        table.add_column(summary.previous_title or "", justify="right")
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


def _mood(summary: Summary) -> list[RenderableType]:
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
    parts: list[RenderableType] = [Text(""), _heading("Hardest days")]
    if not summary.highlights:
        return [
            *parts,
            Text(f"no day had a mood of {HARD_DAY_MOOD} or lower", style="dim italic"),
        ]
    for day in summary.highlights:
        parts.append(
            Text.assemble(
                (long_date(day.shift_date), "bold"),
                "  ",
                (f" {day.mood} ", MOOD_STYLES[day.mood - 1]),
                f" {mood_word(day.mood)}",
            )
        )
        table = Table(box=None, show_header=False, padding=(0, 2, 0, 0))
        table.add_column("", style="dim", no_wrap=True)
        table.add_column("", ratio=1)
        for name, text in (
            ("Challenge", day.challenge),
            ("Grateful", day.grateful),
            ("Lesson", day.lesson),
        ):
            if text:
                table.add_row(name, Text(text))
        parts.append(Padding(table, (0, 0, 1, 2)))
    return parts
