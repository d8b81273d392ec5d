"""A mentor's reply to an entry shared with them: a few lines, sent with ctrl+s."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from reflect.model import Entry
from reflect.render import one_line


class ReplyModal(ModalScreen[str | None]):
    """Dismisses with the reply typed (ctrl+s), or None (escape, or nothing typed)."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("ctrl+s", "send", "Send", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    text = getters.query_one("#reply-text", TextArea)

    def __init__(self, entry: Entry, author: str, *, blink: bool = True) -> None:
        super().__init__()
        self.entry, self.author, self._blink = entry, author, blink

    def compose(self) -> ComposeResult:
        day = f"{self.entry.shift_date:%a %d %b}"
        about = one_line(self.entry.challenge or self.entry.title, 56)
        with Vertical(classes="dialog wide"):
            yield Static(Content(f"Reply to {self.author}, about {day}"), classes="title")
            yield Static(Content(f"“{about}”"), classes="question")
            area = TextArea(id="reply-text", soft_wrap=True, placeholder="What helped you…")
            area.cursor_blink = self._blink
            yield area
            yield Static(
                f"Only {self.author} can read it. Customer details are replaced with labels. "
                "ctrl+s sends, escape keeps nothing.",
                classes="hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.text.focus()

    def action_send(self) -> None:
        typed = self.text.text
        self.dismiss(typed if typed.strip() else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
