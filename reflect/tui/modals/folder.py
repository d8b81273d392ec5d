"""The folder I share with a contact: my bundles for them go there, theirs come from there."""

from __future__ import annotations

from pathlib import Path

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class FolderModal(ModalScreen[str | None]):
    """Dismisses with the folder typed ("" for none), or None when cancelled."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    field = getters.query_one("#folder-path", Input)

    def __init__(self, handle: str, folder: Path | None, *, blink: bool = True) -> None:
        super().__init__()
        self.handle = handle
        self.folder = folder
        self.blink = blink

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(f"The folder you share with {self.handle}", classes="title", markup=False)
            yield Static(
                f"A shared or synced folder you both reach. Your bundles for {self.handle} "
                "are written there, and theirs for you are read from there. Leave it empty "
                "for none.",
                classes="question",
                markup=False,
            )
            field = Input(
                str(self.folder) if self.folder else "",
                placeholder="~/Sync/reflect",
                id="folder-path",
            )
            field.cursor_blink = self.blink
            yield field
            with Horizontal(classes="buttons"):
                yield Button("Save", variant="primary", id="folder-save")
                yield Button("Cancel", id="folder-cancel")

    def on_mount(self) -> None:
        self.field.focus()

    @on(Input.Submitted, "#folder-path")
    @on(Button.Pressed, "#folder-save")
    def _save(self) -> None:
        self.dismiss(self.field.value.strip())

    @on(Button.Pressed, "#folder-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
