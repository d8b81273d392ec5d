"""Today: has tonight's reflection been written, the streak, a thought, and the keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

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
from reflect.model import Entry
from reflect.paths import HomePaths
from reflect.render import one_line, plural
from reflect.tui.messages import OpenEntry
from reflect.tui.screens.base import BaseScreen
from reflect.tui.services import Services

if TYPE_CHECKING:
    from reflect.start_view import StartView

SPINNER_AFTER = 0.25
"""Seconds the journal may take to load before a loading indicator appears."""

ACTIONS = (
    ("r", "Reflect on tonight's shift"),
    ("n", "Jot: one line now, for tonight's reflection"),
    ("j", "Journal: read, search and edit past entries"),
    ("s", "Summary: the month at a glance"),
    ("m", "Mentor: what others shared with you"),
    ("c", "Contacts: pair with someone by swapping codes"),
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
    jots: int = 0
    """Jots waiting for tonight's reflection (not known from the kept view: 0 until read)."""

    @classmethod
    def of(cls, view: StartView, today: date, jots: int = 0) -> _Status:
        return cls(
            written_today=view.written_on(today),
            mood_today=view.mood_on(today),
            streak=view.streak(today),
            entries=view.entries,
            has_draft=view.draft_waiting,
            jots=jots,
        )


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
        Binding("n", "app.jot", "Jot"),
        Binding(
            "o", "open_on_this_day", "On this day", tooltip="Read the entry from this day back then"
        ),
        Binding("j", "app.open_journal", "Journal"),
        Binding("s", "app.open_summary", "Summary"),
        Binding("m", "app.open_mentor", "Mentor"),
        Binding("c", "app.open_contacts", "Contacts"),
        # listed in the box above, as every key is: the footer keeps to one line at 80 columns
        Binding("question_mark", "app.open_help", "Help", key_display="?", show=False),
        Binding("q", "app.quit", "Quit", show=False),
    ]

    status_line = getters.query_one("#today-status", Static)
    streak = getters.query_one("#streak", Static)
    on_this_day = getters.query_one("#on-this-day", Static)

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self._first_load = True
        self._kept_for: tuple[int, int, int] | None = None
        """The journal file the start view was last kept (or found) for."""
        self._looking_back: Entry | None = None
        """The entry of this date in an earlier year or month, offered with ``o``."""

    def compose(self) -> ComposeResult:
        today = self.services.today
        yield Header()
        with Vertical(id="today"):
            yield Static(today.strftime("%A %d %B"), id="date")
            yield Static("", id="today-status")
            yield Static("", id="streak")
            yield Static("", id="on-this-day", markup=False)
            yield Static(self.services.prompts.pick("today", today), id="prompt")
            yield Static(
                "\n".join(f"[b]{escape(key)}[/b]  {escape(label)}" for key, label in ACTIONS),
                id="actions",
            )
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p: listed in help

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
        """Say how the evening stands. On the first read of a start, the view kept from the
        last run (:mod:`reflect.start_view`) is shown at once if the journal file is still
        the one it was made from; the journal is then read all the same (drafts, the
        first-run and unreadable questions wait for that), and the view kept again."""
        from reflect.start_view import StartView, keep, read_kept

        journal, today = self.journal, self.services.today
        cache = HomePaths(journal.paths.home).cache
        if self._first_load:
            try:
                stamp = journal.file_stamp()
                kept = read_kept(cache, stamp)
            except ReflectError:
                kept = None  # the read below says what is wrong
            if kept is not None:
                self._kept_for = stamp
                self.app.call_from_thread(self._show, _Status.of(kept, today))
        try:
            drafts = journal.drafts()
            view = StartView.of(journal, drafts)
            jots = len(journal.waiting_jots(today))
            back = view.on_this_day(today)
            looking_back = None
            if back is not None:
                found = journal.entries(start=back[0], end=back[0])
                looking_back = (back[1], found[0]) if found else None
        except ReflectError as error:
            self.app.call_from_thread(
                self._show_error, f"{error}. Quit (q) and run `reflect doctor`."
            )
            return
        stamp = journal.read_stamp()
        if stamp != self._kept_for:  # coming back to this screen rewrites nothing
            keep(cache, stamp, view)
            self._kept_for = stamp
        status = _Status.of(view, today, jots)
        self.app.call_from_thread(self._after_first_read, status, drafts[0] if drafts else None)
        self.app.call_from_thread(self._show, status)
        self.app.call_from_thread(self._show_looking_back, looking_back)

    def _show_looking_back(self, found: tuple[str, Entry] | None) -> None:
        self._looking_back = found[1] if found else None
        line = self.on_this_day
        line.display = found is not None
        if found is not None:
            words, entry = found
            line.update(f"{words}: {one_line(entry.title, 90)}  (o opens it)")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_on_this_day":
            return self._looking_back is not None
        return True

    def action_open_on_this_day(self) -> None:
        if self._looking_back is not None:
            self.post_message(OpenEntry(self._looking_back))

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

    def _show(self, status: _Status) -> None:
        self._spinner.stop()
        line = self.status_line
        line.loading = False
        jots = (
            f" {plural(status.jots, 'jot is', 'jots are')} waiting for it." if status.jots else ""
        )
        if status.written_today:
            mood = f" (mood {status.mood_today}/5)" if status.mood_today else ""
            waiting = (
                " An unfinished one is waiting too: r carries on with it."
                if status.has_draft
                else " Press r to add another."
            )
            line.update(f"Tonight's reflection is saved{mood}.{waiting}")
        elif status.has_draft:
            line.update(f"An unfinished reflection is waiting.{jots} Press r to carry on.")
        elif status.entries == 0:
            line.update(f"Your journal is empty.{jots} Press r to write your first reflection.")
        else:
            line.update(f"No reflection yet tonight.{jots} Two minutes is enough: press r.")
        streak = self.streak
        if status.streak:
            streak.update(f"Streak: {plural(status.streak, 'day', 'days')} in a row")
        else:
            streak.update("Streak: starts with tonight's reflection")
