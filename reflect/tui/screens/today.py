"""Today: has tonight's reflection been written, the streak, a thought, and the keys."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from reflect.errors import ReflectError
from reflect.render import plural
from reflect.streaks import current_streak
from reflect.tui.messages import DraftWaiting, FirstRun, JournalLoaded
from reflect.tui.services import Services

SPINNER_AFTER = 0.25
"""Seconds the journal may take to load before a loading indicator appears."""

ACTIONS = (
    ("r", "Reflect on tonight's shift"),
    ("j", "Journal: read, search and edit past entries"),
    ("s", "Summary: the month at a glance"),
    ("m", "Mentor: what others shared with you"),
    ("?", "Help: every key"),
    ("q", "Quit"),
)


@dataclass(frozen=True)
class _Status:
    written_today: bool
    mood_today: int | None
    streak: int
    entries: int
    has_draft: bool


class TodayScreen(Screen[None]):
    """The start screen. Paints at once; the journal is read in a worker."""

    CSS_PATH = "today.tcss"
    BINDINGS = [
        Binding("r", "app.reflect", "Reflect"),
        Binding("j", "app.open_journal", "Journal"),
        Binding("s", "app.open_summary", "Summary"),
        Binding("m", "app.open_mentor", "Mentor"),
        Binding("question_mark", "app.open_help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self._first_load = True

    def compose(self) -> ComposeResult:
        today = self.services.today
        yield Header()
        with Vertical(id="today"):
            yield Static(today.strftime("%A %d %B"), id="date")
            yield Static("", id="today-status")
            yield Static("", id="streak")
            yield Static(self.services.prompts.pick("today", today), id="prompt")
            yield Static(
                "\n".join(f"[b]{key}[/b]  {label}" for key, label in ACTIONS), id="actions"
            )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#today-status", Static).update("Reading your journal…")
        # The spinner only for a slow read: most journals load before it would show, and
        # it would cost the first paint time.
        self._spinner = self.set_timer(SPINNER_AFTER, self._show_spinner)
        self.call_after_refresh(self.refresh_status)  # paint first, then read the journal

    def _show_spinner(self) -> None:
        self.query_one("#today-status").loading = True

    def on_screen_resume(self) -> None:
        self.refresh_status()

    @work(thread=True, exclusive=True, group="today")
    def refresh_status(self) -> None:
        journal, today = self.services.journal, self.services.today
        try:
            entries = journal.entries()
        except ReflectError as error:
            self.services.journal_error = f"{error}. Quit (q) and run `reflect doctor`."
            self.app.call_from_thread(self._show_error, self.services.journal_error)
            return
        days = {entry.shift_date for entry in entries}
        mine_today = [entry for entry in entries if entry.shift_date == today]
        drafts = journal.drafts()
        status = _Status(
            written_today=bool(mine_today),
            mood_today=mine_today[0].mood if mine_today else None,
            streak=current_streak(days, today),
            entries=len(entries),
            has_draft=any(draft.entry_id is None for draft in drafts),
        )
        self.app.call_from_thread(self._show, status)
        if self._first_load:
            self.post_message(JournalLoaded())
        if drafts and self._first_load:  # offered once per start, not on every return
            self.post_message(DraftWaiting(drafts[0]))
        elif self._first_load and not entries and not drafts:
            self.post_message(FirstRun())
        self._first_load = False

    def _show_error(self, message: str) -> None:
        self._spinner.stop()
        line = self.query_one("#today-status", Static)
        line.loading = False
        line.update(Content(f"Your journal cannot be read: {message}"))  # a path: not markup
        self.notify(message, title="Journal unreadable", severity="error", timeout=30, markup=False)

    def _show(self, status: _Status) -> None:
        self._spinner.stop()
        line = self.query_one("#today-status", Static)
        line.loading = False
        if status.written_today:
            mood = f" (mood {status.mood_today}/5)" if status.mood_today else ""
            line.update(f"Tonight's reflection is saved{mood}. Press r to add another.")
        elif status.has_draft:
            line.update("An unfinished reflection is waiting. Press r to carry on.")
        elif status.entries == 0:
            line.update("Your journal is empty. Press r to write your first reflection.")
        else:
            line.update("No reflection yet tonight. Two minutes is enough: press r.")
        streak = self.query_one("#streak", Static)
        if status.streak:
            streak.update(f"Streak: {plural(status.streak, 'day', 'days')} in a row")
        else:
            streak.update("Streak: starts with tonight's reflection")
