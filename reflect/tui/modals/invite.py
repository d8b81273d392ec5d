"""My invite code, shown plainly to select or copy, and sent to the person I pair with."""

from __future__ import annotations

from pathlib import Path

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from reflect.errors import InvalidInvite
from reflect.invite import folder_hint, invite_code


class InviteModal(ModalScreen[None]):
    """The code as text (the mouse selects it; ``Copy`` puts it on the clipboard where the
    terminal allows), and a field to name the folder we share in it."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [Binding("escape", "close", "Close")]

    code_text = getters.query_one("#invite-code", Static)
    note = getters.query_one("#invite-note", Static)
    copy_button = getters.query_one("#invite-copy", Button)

    def __init__(
        self, handle: str, public_key: bytes, *, home_folder: Path, blink: bool = True
    ) -> None:
        super().__init__()
        self.handle = handle
        self.public_key = public_key
        self.home_folder = home_folder
        self.blink = blink
        self.code = invite_code(handle, public_key)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static("Your invite code", classes="title")
            yield Static(
                "Send this line to the person you pair with, by chat or mail. They add it "
                "with a on their Contacts screen, or reflect contact add --code LINE.",
                classes="question",
            )
            yield Static(self.code, id="invite-code", markup=False)
            field = Input(
                placeholder="Name the folder you share, as a hint for them (optional)",
                id="invite-folder",
            )
            field.cursor_blink = self.blink
            yield field
            yield Static("", id="invite-note", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Copy", variant="primary", id="invite-copy")
                yield Button("Close", id="invite-close")

    def on_mount(self) -> None:
        self.copy_button.focus()

    @on(Input.Changed, "#invite-folder")
    def _folder_changed(self, event: Input.Changed) -> None:
        said = ""
        folder = None
        if event.value.strip():
            try:
                folder = folder_hint(event.value, self.home_folder)
            except InvalidInvite as error:
                said = f"{error}; the code names no folder."
        self.code = invite_code(self.handle, self.public_key, folder)
        self.code_text.update(Content(self.code))
        self.note.update(Content(said))

    @on(Button.Pressed, "#invite-copy")
    def _copy(self) -> None:
        self.app.copy_to_clipboard(self.code)
        self.notify("Copied, if your terminal lets it. Otherwise select the line with the mouse.")

    @on(Button.Pressed, "#invite-close")
    def action_close(self) -> None:
        self.dismiss(None)
