"""One entry, to read in full; edit or delete it from here."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.widgets import Footer, Header, Static

from reflect.errors import ReflectError
from reflect.journal import JournalChange
from reflect.model import Entry
from reflect.render import entry_text
from reflect.tui.messages import DeleteEntry, EditEntry, ReplyTo
from reflect.tui.screens.base import BaseScreen
from reflect.tui.services import Services


class EntryScreen(BaseScreen[None]):
    """Shows the entry as it is now: an edit or a delete (from here or elsewhere) reaches
    it as a journal change; once the entry is gone, the screen leaves."""

    CSS_PATH = "entry.tcss"
    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("r", "reply", "Reply"),
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
        # someone else's entry: shown, never changed here, so it offers no such keys;
        # only someone else's can be answered
        if action in ("edit", "delete"):
            return self.author == "me"
        if action == "reply":
            return self.author != "me"
        return True

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="entry-scroll"):
            if self.author != "me":
                yield Static(f"Shared with you by {escape(self.author)}", id="entry-author")
            yield Static(self._text(self.entry), id="entry-text", markup=False)
        yield Footer()

    def _text(self, entry: Entry) -> str:
        """The entry, and the replies under it: mentors' to mine, or mine to theirs."""
        journal = self.journal
        try:
            if self.author == "me":
                replies = journal.replies_to(entry.id)
            else:
                replies = [
                    ("You", mine.reply)
                    for mine in journal.my_replies(to=self.author)
                    if mine.reply.entry_id == entry.id
                ]
        except ReflectError:
            replies = []  # the entry is still worth reading
        return entry_text(entry, author=self.author, replies=replies)

    def on_mount(self) -> None:
        self.reflect_app.journal_changed_signal.subscribe(self, self._journal_changed)

    def _journal_changed(self, change: JournalChange) -> None:
        """Keep up with the entry from what the change carries: nothing is read again
        but the replies (a mentor's new bundle, or a reply I just sent)."""
        if change.kind == "received":
            self.text_view.update(self._text(self.entry))
            return
        if self.author != "me":
            return  # a mentor's entry changes only with their next bundle
        entry_id = self.entry.id
        newer = next((entry for entry in change.entries if entry.id == entry_id), None)
        if newer is not None:
            self.entry = newer
            self.text_view.update(self._text(newer))
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

    def action_reply(self) -> None:
        self.post_message(ReplyTo(self.entry, self.author))
