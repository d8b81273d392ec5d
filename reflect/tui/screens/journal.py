"""The journal: every entry, newest first."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from reflect.journal import Journal
from reflect.model import Entry
from reflect.render import one_line


class JournalScreen(Screen[None]):
    """Entries in a table; the journal is read in a worker so the screen paints at once."""

    CSS_PATH = "journal.tcss"

    def __init__(self, journal: Journal) -> None:
        super().__init__()
        self.journal = journal

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading your journal…", id="journal-status")
        yield DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#entries", DataTable)
        table.add_columns("Day", "Mood", "Challenge", "Tags")
        self.load_entries()

    @work(thread=True, exclusive=True)
    def load_entries(self) -> None:
        entries = self.journal.entries()
        self.app.call_from_thread(self._show, entries)

    def _show(self, entries: list[Entry]) -> None:
        table = self.query_one("#entries", DataTable)
        table.clear()
        for entry in entries:
            table.add_row(
                entry.shift_date.strftime("%a %d %b %Y"),
                "" if entry.mood is None else f"{entry.mood}/5",
                one_line(entry.title, 60),
                " ".join(f"#{tag}" for tag in entry.tags),
                key=entry.id,
            )
        status = self.query_one("#journal-status", Static)
        status.update(f"{len(entries)} entries" if entries else "No entries yet.")
