"""One entry, to read in full; edit or delete it from here."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Footer, Header, Static

from reflect.journal import JournalChange
from reflect.model import Entry
from reflect.render import entry_text
from reflect.tui.messages import DeleteEntry, EditEntry
from reflect.tui.screens.base import BaseScreen
from reflect.tui.services import Services


class EntryScreen(BaseScreen[None]):
    """Shows the entry as it is now: an edit or a delete (from here or elsewhere) reaches
    it as a journal change; once the entry is gone, the screen leaves."""

    CSS_PATH = "entry.tcss"
    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("escape", "back", "Back"),
    ]

    text_view = getters.query_one("#entry-text", Static)

    def __init__(self, services: Services, entry: Entry, *, author: str = "me") -> None:
        super().__init__(services)
        self.entry = entry
        self.author = author
        """Whose entry: "me", or the mentor who shared it (then it is read-only)."""
        self._gone = False
        """Deleted while another screen was on top: leave when this one is back."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # someone else's entry: shown, never changed here, so it offers no such keys
        return not (action in ("edit", "delete") and self.author != "me")

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="entry-scroll"):
            if self.author != "me":
                yield Static(f"Shared with you by {escape(self.author)}", id="entry-author")
            yield Static(entry_text(self.entry, author=self.author), id="entry-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        if self.author == "me":  # a mentor's entry changes only with their next bundle
            self.reflect_app.journal_changed_signal.subscribe(self, self._journal_changed)

    def _journal_changed(self, change: JournalChange) -> None:
        """Keep up with the entry from what the change carries: nothing is read again."""
        entry_id = self.entry.id
        newer = next((entry for entry in change.entries if entry.id == entry_id), None)
        if newer is not None:
            self.entry = newer
            self.text_view.update(entry_text(newer, author=self.author))
        elif entry_id in change.removed_ids or change.kind == "reload":
            self._gone = True  # a reload carries every entry: this one is not among them
            self._leave_if_gone()

    def on_screen_resume(self) -> None:
        """Back from editing, or from a screen on top while the entry was deleted."""
        self._leave_if_gone()

    def _leave_if_gone(self) -> None:
        if self._gone and self.is_active:
            self.dismiss(None)  # back to where it was opened

    def action_back(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        self.post_message(EditEntry(self.entry))

    def action_delete(self) -> None:
        self.post_message(DeleteEntry(self.entry))
