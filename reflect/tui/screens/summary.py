"""The month at a glance, or its year in review, as one page that scrolls.

The month: calendar, figures, a mood chart that names its days, themes and tags, the
month's gratitude, kindness and lessons beside "three to keep", bright spots and the
hardest days. The year (``y``): month by month, themes through the year, tags, and the
lessons that came back. ``left``/``right`` (or ``[``/``]``) step a month, or a year;
``w`` writes what is shown to an HTML or Markdown file. The page scrolls with ``up`` and
``down`` (once the calendar has no day further that way), ``pageup``/``pagedown`` and
``home``/``end``.
"""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Static

from reflect.errors import ReflectError
from reflect.journal import JournalChange
from reflect.summary import Excerpt, Summary
from reflect.summary import terminal as faces
from reflect.summary.words import figure_rows, period_line, trend_sentence
from reflect.summary.year import YearSummary
from reflect.tui.modals.write_summary import WriteRequest, WriteSummaryModal
from reflect.tui.screens.base import BaseScreen
from reflect.tui.services import Services
from reflect.tui.widgets.month_calendar import MonthCalendar
from reflect.usecases import month_summary, write_summary, year_summary

BAR = 20
MAX_THEMES = 10
WIDE = 110
"""From this many columns the calendar and figures, and the lists and "three to keep",
stand side by side; below it, one above the other."""
LEGEND = "1-5 mood   • no mood   - day off   ▸ today"


class SummaryScreen(BaseScreen[None]):
    """One scrolling page: the month (with its calendar) or the year of that month."""

    class OpenDay(Message):
        """Read the entries of one day (the app opens the journal on it)."""

        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    CSS_PATH = "summary.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    BINDINGS = [
        Binding(
            "left,left_square_bracket",
            "step(-1)",
            "Previous",
            key_display="←/[",
            tooltip="Previous month (in the year view, the year before)",
        ),
        Binding(
            "right,right_square_bracket",
            "step(1)",
            "Next",
            key_display="→/]",
            tooltip="Next month (in the year view, the year after)",
        ),
        Binding("y", "toggle_year", "Year", tooltip="The month's year in review, and back"),
        Binding("w", "write", "Write", tooltip="Write what is shown to an HTML or Markdown file"),
        Binding("escape", "back", "Back"),
    ]
    """Short words for the footer at 80 columns; the help shows each tooltip instead."""
    PAGE_KEYS = [
        Binding("pageup,pagedown", "", "Scroll the page a screen up or down"),
        Binding("home,end", "", "Top or bottom of the page"),
    ]
    """Keys the scrolling page answers (listed in the help; the container binds them)."""

    heading = getters.query_one("#summary-title", Static)
    page = getters.query_one("#summary-scroll", VerticalScroll)
    calendar = getters.query_one("#calendar", MonthCalendar)
    legend = getters.query_one("#calendar-legend", Static)
    figures = getters.query_one("#figures", Static)
    mood_chart = getters.query_one("#mood-chart", Static)
    trend = getters.query_one("#trend", Static)
    body = getters.query_one("#summary-body", Static)
    lists = getters.query_one("#summary-lists", Static)
    keep = getters.query_one("#summary-keep", Static)
    bright = getters.query_one("#summary-bright", Static)
    hardest = getters.query_one("#summary-hardest", Static)
    year_body = getters.query_one("#summary-year", Static)

    def __init__(self, services: Services, month: date | None = None) -> None:
        super().__init__(services)
        self.month = (month or services.today).replace(day=1)
        self.showing_year = False
        self.summary: Summary | None = None
        self.year: YearSummary | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="summary-scroll"):
            yield Static("", id="summary-title")
            with Horizontal(id="summary-top", classes="month"):
                with Vertical(id="calendar-box"):
                    yield MonthCalendar(id="calendar")
                    yield Static(Text(LEGEND, style="dim"), id="calendar-legend")
                with Vertical(id="figures-box"):
                    yield Static("", id="figures")
                    yield Static("", id="trend")
            yield Static("", id="mood-chart", classes="month filled")
            yield Static("", id="summary-body", classes="month")
            with Horizontal(id="summary-words", classes="month filled"):
                yield Static("", id="summary-keep")
                yield Static("", id="summary-lists")
            yield Static("", id="summary-bright", classes="month filled")
            yield Static("", id="summary-hardest", classes="month filled")
            yield Static("", id="summary-year", classes="year")
        yield Footer()

    def on_mount(self) -> None:
        self.calendar.focus()
        self.reflect_app.journal_changed_signal.subscribe(self, self._journal_changed)
        self.load()

    def on_screen_resume(self) -> None:
        if self.summary is not None or self.year is not None:
            self.load()

    def _journal_changed(self, change: JournalChange) -> None:
        """What is shown, as it is now (the selected day stays selected)."""
        if self.is_current and (self.summary is not None or self.year is not None):
            self.load()

    # -- keys ---------------------------------------------------------------------------

    def action_step(self, step: int) -> None:
        """A month, or in the year view a year, earlier or later."""
        months = 12 * step if self.showing_year else step
        moved = self.month + relativedelta(months=months)
        if not 1 <= moved.year <= 9999:
            return
        self.month = moved
        self.load()

    def action_toggle_year(self) -> None:
        """Between the month on screen and its year in review."""
        self.showing_year = not self.showing_year
        self.set_class(self.showing_year, "-year")
        if self.showing_year:
            self.page.focus()
        else:
            self.calendar.focus()
        self.page.scroll_home(animate=False)
        self.load()

    def action_write(self) -> None:
        """Ask where to write what is shown (the month, or the year), then write it."""
        shown = self.year if self.showing_year else self.summary
        if shown is None:
            return

        def chosen(request: WriteRequest | None) -> None:
            if request is not None:
                self.write_file(shown, request)

        self.app.push_screen(WriteSummaryModal(shown.title, shown.label), chosen)

    def action_back(self) -> None:
        self.dismiss(None)

    # -- work off the UI thread ---------------------------------------------------------

    @work(thread=True, exclusive=True, group="summary")
    def load(self) -> None:
        month, year_view = self.month, self.showing_year
        journal, config = self.journal, self.services.config
        try:
            if year_view:
                year = year_summary(journal, config, month.year)
                self.app.call_from_thread(self._show_year, year)
            else:
                summary = month_summary(journal, config, month.year, month.month)
                self.app.call_from_thread(self._show, summary)
        except ReflectError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)

    @work(thread=True, group="summary-write")
    def write_file(self, shown: Summary | YearSummary, request: WriteRequest) -> None:
        """Write the file; say where it went, or why it could not be written."""
        homes = (self.journal.paths.home, self.services.config_path.parent)
        try:
            written = write_summary(homes, request.path, shown, request.fmt)
        except ReflectError as error:
            message, severity = f"Nothing written: {error}", "error"
        except OSError as error:  # the core names what it knows; anything else, briefly
            message, severity = f"Nothing written: {error}", "error"
        else:
            verb = "Replaced" if written.replaced else "Wrote"
            message, severity = f"{verb} {written.path}", "information"
        self.app.call_from_thread(
            self.notify, message, title=shown.title, severity=severity, markup=False
        )

    # -- showing ------------------------------------------------------------------------

    def _title(self, title: str, period: str) -> Text:
        return Text.assemble((title, "bold"), ("   ← [  ] →", "dim"), "\n", (period, "dim"))

    def _show(self, summary: Summary) -> None:
        if self.showing_year:
            return  # a month that arrived after the view changed
        self.summary = summary
        self.set_class(summary.is_empty, "-empty")
        self.heading.update(self._title(summary.title, period_line(summary)))
        self.calendar.show(summary)
        self.figures.update(_figures(summary))
        has_moods = any(cell.mood_average is not None for cell in summary.days)
        self.trend.update(Text(trend_sentence(summary), style="italic") if has_moods else "")
        self.trend.display = has_moods
        self.mood_chart.update(_mood_chart(summary, has_moods))
        self.body.update(_body(summary))
        self.lists.update(_lists(summary))
        self.keep.update(_section("Three to keep", faces.keep_list(summary)))
        spots, hardest = faces.bright_spots(summary), faces.hardest_days(summary)
        self.bright.update(_section("Bright spots", spots, gap=not summary.bright_spots))
        self.hardest.update(_section("Hardest days", hardest, gap=not summary.highlights))

    def _show_year(self, year: YearSummary) -> None:
        if not self.showing_year:
            return
        self.year = year
        self.heading.update(self._title(f"{year.title} in review", period_line(year)))
        self.year_body.update(Group(Text(""), faces.render_year(year, titled=False)))

    @on(MonthCalendar.DayChosen)
    def _open_day(self, event: MonthCalendar.DayChosen) -> None:
        event.stop()
        self.post_message(self.OpenDay(event.cell.day))


def _section(title: str, content: RenderableType, *, gap: bool = True) -> RenderableType:
    """A heading over ``content``, and a blank line after (``gap``) unless it ends in one."""
    return Group(Text(title, style="bold"), content, *([Text("")] if gap else []))


def _figures(summary: Summary) -> Table:
    table = Table(box=None, padding=(0, 1, 0, 0), show_header=summary.previous is not None)
    table.add_column("", style="dim")
    table.add_column(summary.title, justify="right", style="bold")
    if summary.previous is not None:
        table.add_column(f"vs {summary.previous_title}", justify="right", style="dim")
    for row in figure_rows(summary):
        cells = [row.name, row.now]
        if summary.previous is not None:
            cells.append(row.change or "")
        table.add_row(*cells)
    return table


def _mood_chart(summary: Summary, has_moods: bool) -> RenderableType:
    if not has_moods:
        return _section("Mood by day", Text("No moods recorded this month.", style="dim italic"))
    return _section("Mood by day", faces.mood_chart(summary))


def _body(summary: Summary) -> RenderableType:
    """Themes and tags; for an empty month, a calm word instead of a page of zeros."""
    if summary.is_empty:
        return Text(
            f"No reflections in {summary.title}. A quiet month is allowed; "
            "this page fills in as you write.",
            style="italic",
        )
    themes = Group(
        Text("Themes of the month", style="bold"),
        _bars([(theme.label, theme.entries) for theme in summary.themes], "cyan"),
        Text(""),
    )
    tags = Group(
        Text("Tags", style="bold"),
        _bars([(f"#{tag.tag}", tag.entries) for tag in summary.tags], "magenta"),
        Text(""),
    )
    return Columns([themes, tags], padding=(0, 4))  # side by side when both fit


def _bars(items: list[tuple[str, int]], colour: str) -> RenderableType:
    if not items:
        return Text("  none this month", style="dim")
    table = Table(box=None, padding=(0, 1, 0, 2), show_header=False)
    table.add_column(max_width=32)
    table.add_column()
    table.add_column(justify="right")
    most = max(count for _, count in items)
    for label, count in items[:MAX_THEMES]:
        bar = "█" * max(1, round(BAR * count / most))
        table.add_row(Text(label), Text(bar, style=colour), str(count))
    if len(items) > MAX_THEMES:
        table.add_row(Text(f"and {len(items) - MAX_THEMES} more", style="dim"), "", "")
    return table


def _lists(summary: Summary) -> RenderableType:
    parts: list[RenderableType] = []
    for title, excerpts in (
        ("Grateful for", summary.gratitude),
        ("Kindness given", summary.kindness),
        ("Lessons", summary.lessons),
    ):
        parts += [Text(title, style="bold"), _excerpts(excerpts), Text("")]
    return Group(*parts)


def _excerpts(excerpts: tuple[Excerpt, ...]) -> RenderableType:
    if not excerpts:
        return Text("  (none this month)", style="dim")
    table = Table(box=None, padding=(0, 1, 0, 2), show_header=False, expand=True)
    table.add_column(style="dim", no_wrap=True)
    table.add_column(ratio=1)
    for excerpt in excerpts:
        table.add_row(excerpt.shift_date.strftime("%d %b"), Text(excerpt.text))  # not markup
    return table
