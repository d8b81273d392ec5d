"""One entry, to read in full; edit or delete it from here."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from reflect.errors import EntryNotFound, ReflectError
from reflect.journal import Journal
from reflect.model import Entry
from reflect.render import entry_text
from reflect.tui.messages import EditEntry
from reflect.tui.modals.confirm import ConfirmModal
from reflect.tui.screens.base import BaseScreen
from reflect.tui.services import Services


def deleted_message(journal: Journal, entry: Entry) -> str | None:
    """Delete ``entry`` and withdraw it from its readers; what to tell the person (call from
    a worker: publishing writes files)."""
    from reflect.usecases import delete_entry

    try:
        deleted = delete_entry(journal, entry.id)
    except ReflectError as error:
        return str(error)
    missing = deleted.not_withdrawn
    if missing:
        return (
            f"Entry deleted. {', '.join(missing)} can still read it until their folder is "
            "reachable: `reflect publish` withdraws it then."
        )
    if deleted.entry.shared_with:
        return f"Entry deleted, and withdrawn from {', '.join(deleted.entry.shared_with)}."
    return "Entry deleted."


class EntryScreen(BaseScreen[None]):
    CSS_PATH = "entry.tcss"
    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, services: Services, entry: Entry, *, author: str = "me") -> None:
        super().__init__(services)
        self.entry = entry
        self.author = author
        """Whose entry: "me", or the mentor who shared it (then it is read-only)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete") and self.author != "me":
            return None  # a mentor's entry is theirs: shown, never changed here
        return True

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="entry-scroll"):
            if self.author != "me":
                yield Static(f"Shared with you by {self.author}", id="entry-author")
            yield Static(entry_text(self.entry), id="entry-text", markup=False)
        yield Footer()

    def on_screen_resume(self) -> None:
        """Back from editing or deleting: show what was saved, or leave if it is gone."""
        if self.author != "me":
            return
        try:
            self.entry = self.journal.get(self.entry.id)
        except EntryNotFound:
            self.dismiss(None)
            return
        self.query_one("#entry-text", Static).update(entry_text(self.entry))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_edit(self) -> None:
        self.post_message(EditEntry(self.entry))

    def action_delete(self) -> None:
        day = self.entry.shift_date.strftime("%A %d %B %Y")
        question = f"Delete the entry of {day}?\nThis cannot be undone."
        self.app.push_screen(ConfirmModal(question, yes="Delete"), self._delete_if_confirmed)

    def _delete_if_confirmed(self, yes: bool | None) -> None:
        if yes:
            self._delete()

    @work(thread=True, exclusive=True, group="delete")
    def _delete(self) -> None:
        message = deleted_message(self.journal, self.entry)
        if message is not None:
            self.app.call_from_thread(self.notify, message, markup=False)
        self.app.call_from_thread(self._leave_if_gone)

    def _leave_if_gone(self) -> None:
        if self.is_current:
            self.on_screen_resume()  # gone from the journal: back to where it was opened
