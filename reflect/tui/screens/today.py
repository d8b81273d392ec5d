"""Today: has tonight's reflection been written, the streak, a thought, and the keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.markup import escape
from textual.message import Message
from textual.widgets import Footer, Header, Static

from reflect.drafts import Draft
from reflect.errors import ReflectError
from reflect.journal import JournalChange
from reflect.render import plural
from reflect.streaks import current_streak
from reflect.tui.screens.base import BaseScreen
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


class TodayScreen(BaseScreen[None]):
    """The start screen. Paints at once; the journal is read in a worker.

    Its first read tells the app what it found (the messages below), so that work which
    needs the journal, and the questions asked at start-up, wait for the first paint.
    """

    class JournalLoaded(Message):
        """The journal was read once: background work (the match index) may begin."""

    class JournalUnreadable(Message):
        """The journal cannot be read (corrupt, newer schema): nothing may be written."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class DraftWaiting(Message):
        """An unfinished reflection was found when the journal was first read."""

        def __init__(self, draft: Draft) -> None:
            super().__init__()
            self.draft = draft

    class FirstRun(Message):
        """The journal is empty, with no draft: welcome the person (unless done before)."""

    CSS_PATH = "today.tcss"
    BINDINGS = [
        Binding("r", "app.reflect", "Reflect"),
        Binding("j", "app.open_journal", "Journal"),
        Binding("s", "app.open_summary", "Summary"),
        Binding("m", "app.open_mentor", "Mentor"),
        Binding("question_mark", "app.open_help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    status_line = getters.query_one("#today-status", Static)
    streak = getters.query_one("#streak", Static)

    def __init__(self, services: Services) -> None:
        super().__init__(services)
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
                "\n".join(f"[b]{escape(key)}[/b]  {escape(label)}" for key, label in ACTIONS),
                id="actions",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.status_line.update("Reading your journal…")
        # The spinner only for a slow read: most journals load before it would show, and
        # it would cost the first paint time.
        self._spinner = self.set_timer(SPINNER_AFTER, self._show_spinner)
        self.call_after_refresh(self.refresh_status)  # paint first, then read the journal
        self.reflect_app.journal_changed_signal.subscribe(self, self._journal_changed)

    def _show_spinner(self) -> None:
        self.status_line.loading = True

    def on_screen_resume(self) -> None:
        self.refresh_status()

    def _journal_changed(self, change: JournalChange) -> None:
        """A save, a delete, or another process's write: show the evening as it is now."""
        if self.is_current:  # otherwise it is read again when the person comes back
            self.refresh_status()

    @work(thread=True, exclusive=True, group="today")
    def refresh_status(self) -> None:
        journal, today = self.journal, self.services.today
        try:
            # the days alone, and tonight's entries: nothing else is built to show this
            counts = journal.days()
            mine_today = journal.entries(start=today, end=today)
            drafts = journal.drafts()
        except ReflectError as error:
            self.app.call_from_thread(
                self._show_error, f"{error}. Quit (q) and run `reflect doctor`."
            )
            return
        days = {day for day in map(_day, counts) if day is not None}
        status = _Status(
            written_today=bool(mine_today),
            mood_today=mine_today[0].mood if mine_today else None,
            streak=current_streak(days, today),
            entries=sum(counts.values()),
            has_draft=any(draft.entry_id is None for draft in drafts),
        )
        self.app.call_from_thread(self._show, status, drafts[0] if drafts else None)

    def _after_first_read(self, status: _Status, waiting: Draft | None) -> None:
        """Once per start, not on every return to this screen: tell the app what the first
        read found."""
        if not self._first_load:
            return
        self._first_load = False
        self.post_message(self.JournalLoaded())
        if waiting is not None:
            self.post_message(self.DraftWaiting(waiting))
        elif status.entries == 0:
            self.post_message(self.FirstRun())

    def _show_error(self, message: str) -> None:
        self.post_message(self.JournalUnreadable(message))
        self._spinner.stop()
        line = self.status_line
        line.loading = False
        line.update(Content(f"Your journal cannot be read: {message}"))  # a path: not markup
        self.notify(message, title="Journal unreadable", severity="error", timeout=30, markup=False)

    def _show(self, status: _Status, waiting: Draft | None) -> None:
        self._after_first_read(status, waiting)
        self._spinner.stop()
        line = self.status_line
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
        streak = self.streak
        if status.streak:
            streak.update(f"Streak: {plural(status.streak, 'day', 'days')} in a row")
        else:
            streak.update("Streak: starts with tonight's reflection")


def _day(text: str) -> date | None:
    """A stored ``YYYY-MM-DD`` day; None for one that is not (doctor reports it)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
