"""A line jotted during the shift: typed between two calls, kept for tonight's reflection."""

from __future__ import annotations

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from reflect.jots import MAX_JOT_LENGTH


class JotModal(ModalScreen[str | None]):
    """Dismisses with the line typed (enter), or None (escape, or nothing typed)."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    text = getters.query_one("#jot-text", Input)

    def __init__(self, *, blink: bool = True) -> None:
        super().__init__()
        self._blink = blink

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Jot it down", classes="title")
            yield Static(
                "One line, for tonight's reflection. Enter keeps it, escape lets it go.",
                classes="question",
            )
            field = Input(
                placeholder="irate cx threatened to sue over the roaming bill",
                max_length=MAX_JOT_LENGTH,
                id="jot-text",
            )
            field.cursor_blink = self._blink
            yield field

    @on(Input.Submitted, "#jot-text")
    def _keep(self, event: Input.Submitted) -> None:
        self.dismiss(event.value if event.value.strip() else None)

    def action_cancel(self) -> None:
        self.dismiss(None)
