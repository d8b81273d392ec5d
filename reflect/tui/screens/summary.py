"""The month at a glance: calendar, mood, themes, and the month's gratitude, kindness and
lessons. ``left``/``right`` (or ``[``/``]``) change month."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Footer, Header, Sparkline, Static

from reflect.errors import ReflectError
from reflect.journal import JournalChange
from reflect.summary import Excerpt, Summary
from reflect.summary.words import figure_rows, trend_sentence
from reflect.tui.screens.base import BaseScreen
from reflect.tui.services import Services
from reflect.tui.widgets.month_calendar import MonthCalendar
from reflect.usecases import month_summary

BAR = 20


class SummaryScreen(BaseScreen[None]):
    class OpenDay(Message):
        """Read the entries of one day (the app opens the journal on it)."""

        def __init__(self, day: date) -> None:
            super().__init__()
            self.day = day

    CSS_PATH = "summary.tcss"
    BINDINGS = [
        Binding("left,left_square_bracket", "month(-1)", "Previous month", key_display="←/["),
        Binding("right,right_square_bracket", "month(1)", "Next month", key_display="→/]"),
        Binding("escape", "back", "Back"),
    ]

    heading = getters.query_one("#summary-title", Static)
    calendar = getters.query_one("#calendar", MonthCalendar)
    legend = getters.query_one("#calendar-legend", Static)
    figures = getters.query_one("#figures", Static)
    mood_spark = getters.query_one("#mood-spark", Sparkline)
    trend = getters.query_one("#trend", Static)
    body = getters.query_one("#summary-body", Static)

    def __init__(self, services: Services, month: date | None = None) -> None:
        super().__init__(services)
        self.month = (month or services.today).replace(day=1)
        self.summary: Summary | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="summary-top"):
            with Vertical(id="calendar-box"):
                yield Static("", id="summary-title")
                yield MonthCalendar(id="calendar")
                yield Static("", id="calendar-legend")
            with Vertical(id="figures-box"):
                yield Static("", id="figures")
                yield Sparkline([], id="mood-spark")
                yield Static("", id="trend")
        with VerticalScroll(id="summary-lists"):
            yield Static("", id="summary-body")
        yield Footer()

    def on_mount(self) -> None:
        self.calendar.focus()
        self.legend.update(
            Text("digit = mood 1-5   • = no mood   - = day off   ▸ = today", style="dim")
        )
        self.reflect_app.journal_changed_signal.subscribe(self, self._journal_changed)
        self.load()

    def on_screen_resume(self) -> None:
        if self.summary is not None:
            self.load()

    def _journal_changed(self, change: JournalChange) -> None:
        """The month as it is now (the selected day stays selected)."""
        if self.is_current and self.summary is not None:
            self.load()

    def action_month(self, step: int) -> None:
        self.month = self.month + relativedelta(months=step)
        self.load()

    def action_back(self) -> None:
        self.dismiss(None)

    @work(thread=True, exclusive=True, group="summary")
    def load(self) -> None:
        month = self.month
        try:
            result = month_summary(self.journal, self.services.config, month.year, month.month)
        except ReflectError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show, result)

    def _show(self, summary: Summary) -> None:
        self.summary = summary
        self.heading.update(Text.assemble((summary.title, "bold"), ("   ← [  ] →", "dim")))
        self.calendar.show(summary)
        self.figures.update(_figures(summary))
        moods = [cell.mood_average for cell in summary.days if cell.mood_average is not None]
        spark = self.mood_spark
        spark.data = moods
        spark.display = len(moods) > 1
        self.trend.update(Text(trend_sentence(summary), style="italic") if moods else Text(""))
        self.body.update(_body(summary))

    @on(MonthCalendar.DayChosen)
    def _open_day(self, event: MonthCalendar.DayChosen) -> None:
        event.stop()
        self.post_message(self.OpenDay(event.cell.day))


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


def _body(summary: Summary) -> RenderableType:
    if summary.is_empty:
        return Text(
            f"No reflections in {summary.title}. A quiet month is allowed; "
            "this page fills in as you write.",
            style="italic",
        )
    parts: list[RenderableType] = []
    if summary.themes:
        themes = Table(box=None, padding=(0, 1, 0, 2), show_header=False)
        most = max(theme.entries for theme in summary.themes)
        for theme in summary.themes[:8]:
            bar = "█" * max(1, round(BAR * theme.entries / most))
            themes.add_row(Text(theme.label), Text(bar, style="cyan"), str(theme.entries))
        parts += [Text("Themes of the month", style="bold"), themes, Text("")]
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
