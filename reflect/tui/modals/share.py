"""Choose, for one entry, which contacts may read it. Nothing ticked means private."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static

from reflect.model import Entry
from reflect.render import one_line


class ShareModal(ModalScreen[frozenset[str] | None]):
    """Dismisses with the handles ticked, or None when cancelled."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("enter", "done", "Apply", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    readers = getters.query_one("#share-list", SelectionList)

    def __init__(self, entry: Entry, handles: list[str]) -> None:
        super().__init__()
        self.entry = entry
        self.handles = handles

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                f"Who may read “{one_line(self.entry.title, 48)}”?\n"
                "space ticks or unticks, enter applies, escape cancels.",
                classes="question",
                markup=False,
            )
            yield SelectionList[str](
                *[(h, h, h in self.entry.shared_with) for h in self.handles], id="share-list"
            )

    def on_mount(self) -> None:
        self.readers.focus()

    def action_done(self) -> None:
        self.dismiss(frozenset(self.readers.selected))

    def action_cancel(self) -> None:
        self.dismiss(None)
