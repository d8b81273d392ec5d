"""The journal: every entry, newest first, filtered by words, tag and days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static

from reflect.dates import parse_range
from reflect.errors import DateParseError
from reflect.journal import JournalChange
from reflect.model import Entry
from reflect.render import one_line, plural
from reflect.tui.messages import DeleteEntry, EditEntry, OpenEntry
from reflect.tui.screens.base import BaseScreen
from reflect.tui.services import Services

FILTER_DELAY = 0.25


@dataclass(frozen=True)
class Filters:
    text: str = ""
    tag: str = ""
    start: date | None = None
    end: date | None = None

    @property
    def active(self) -> bool:
        return bool(self.text or self.tag or self.start or self.end)


class JournalScreen(BaseScreen[None]):
    """Entries in a table; the journal is read in a worker so the screen paints at once.

    It shows the journal as it is now: read again on every journal change while it is on
    screen, and when the person comes back to it.
    """

    class ShareEntry(Message):
        """Choose who may read an entry (the app asks, then publishes)."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    CSS_PATH = "journal.tcss"
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        Binding("enter", "open_entry", "Read", show=False),
        Binding("e", "edit_entry", "Edit"),
        Binding("d", "delete_entry", "Delete"),
        Binding("s", "share_entry", "Share"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, services: Services, *, when: str = "") -> None:
        super().__init__(services)
        self.initial_when = when
        """A WHEN filter to start with (the summary opens a day this way)."""
        self.entries: list[Entry] = []
        self._filter_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield Input(placeholder="Words…", id="filter-text")
            yield Input(placeholder="Tag", id="filter-tag")
            yield Input(
                self.initial_when,
                placeholder="When: last week, november, nov 1 to nov 15",
                id="filter-when",
            )
        yield Static("Loading your journal…", id="journal-status")
        yield DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = self.services.blink
        table = self.query_one("#entries", DataTable)
        table.add_columns("Day", "Mood", "Challenge", "Tags", "Readers")
        table.focus()
        self.reflect_app.journal_changed_signal.subscribe(self, self._journal_changed)
        self.reload()

    def _journal_changed(self, change: JournalChange) -> None:
        if self.is_current:  # otherwise it is read again when the person comes back
            self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    # -- filtering ------------------------------------------------------------------------

    def _filters(self) -> Filters | str:
        """The filters typed, or what cannot be read in them."""
        text = self.query_one("#filter-text", Input).value.strip()
        tag = self.query_one("#filter-tag", Input).value.strip().lstrip("#").lower()
        when = self.query_one("#filter-when", Input).value.strip()
        start = end = None
        if when:
            try:
                start, end = parse_range(when, self.services.today)
            except DateParseError as error:
                return f"When: {error}"
        return Filters(text, tag, start, end)

    @on(Input.Changed)
    def _filter_changed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self.reload)

    @on(Input.Submitted)
    def _filter_submitted(self) -> None:
        self.reload()
        self.query_one("#entries", DataTable).focus()

    def reload(self) -> None:
        filters = self._filters()
        if isinstance(filters, str):
            self.query_one("#journal-status", Static).update(filters)
            return
        self.load_entries(filters)

    @work(thread=True, exclusive=True, group="journal")
    def load_entries(self, filters: Filters) -> None:
        journal = self.journal
        entries = journal.entries(
            start=filters.start, end=filters.end, tag=filters.tag, text=filters.text
        )
        total = len(journal)
        self.app.call_from_thread(self._show, entries, filters, total)

    def _show(self, entries: list[Entry], filters: Filters, total: int) -> None:
        table = self.query_one("#entries", DataTable)
        was = self._current()
        row = table.cursor_row
        self.entries = entries
        table.clear()
        for entry in entries:
            table.add_row(  # Text, not str: a DataTable reads a str cell as markup
                entry.shift_date.strftime("%a %d %b %Y"),
                "" if entry.mood is None else f"{entry.mood}/5",
                Text(one_line(entry.title, 48)),
                Text(" ".join(f"#{tag}" for tag in entry.tags)),
                Text(", ".join(entry.shared_with) or "private"),
                key=entry.id,
            )
        # Keep the cursor on the same entry across reloads (or near where it was).
        ids = [entry.id for entry in entries]
        if entries:
            target = ids.index(was.id) if was is not None and was.id in ids else row
            table.move_cursor(row=min(max(target, 0), len(entries) - 1))
        status = self.query_one("#journal-status", Static)
        if total == 0:
            status.update("No entries yet. Your first reflection will appear here.")
        elif filters.active:
            status.update(f"{plural(len(entries), 'entry', 'entries')} of {total} match")
        else:
            status.update(plural(total, "entry", "entries"))

    # -- acting on the highlighted entry ---------------------------------------------------

    def _current(self) -> Entry | None:
        table = self.query_one("#entries", DataTable)
        if not self.entries or table.cursor_row < 0 or table.cursor_row >= len(self.entries):
            return None
        return self.entries[table.cursor_row]

    def action_focus_filter(self) -> None:
        self.query_one("#filter-text", Input).focus()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#entries", DataTable).focus()
        else:
            self.dismiss(None)

    @on(DataTable.RowSelected)
    def action_open_entry(self) -> None:
        entry = self._current()
        if entry is not None:
            self.post_message(OpenEntry(entry))

    def action_edit_entry(self) -> None:
        entry = self._current()
        if entry is not None:
            self.post_message(EditEntry(entry))

    def action_share_entry(self) -> None:
        entry = self._current()
        if entry is not None:
            self.post_message(self.ShareEntry(entry))

    def action_delete_entry(self) -> None:
        entry = self._current()
        if entry is not None:
            self.post_message(DeleteEntry(entry))
