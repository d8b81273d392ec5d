"""Paste an invite code: whose it is shows under it as it is typed, or what is wrong."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from reflect.errors import InvalidInvite
from reflect.invite import MAX_CODE_LENGTH, Invite, parse_invite


@dataclass(frozen=True)
class CodeChoice:
    """The code as pasted (the use case reads it again), and the folder typed ("": none)."""

    code: str
    folder: str = ""


class CodeInput(Input):
    """An input for a code that a chat or a mail may have wrapped: a pasted text keeps
    all its lines, joined (an invite code holds no whitespace), where an Input keeps the
    first line only."""

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()
        event.stop()
        joined = "".join(event.text.split())
        if joined:
            self.insert_text_at_cursor(joined)


class CodeModal(ModalScreen[CodeChoice | None]):
    """Dismisses with the code once it reads (and, when asked, the folder), or None.

    The code is read here as it is typed, only to say whose it is; nothing is written
    until the app has the answer. ``for_handle`` asks for a new code of that contact
    (its handle must match, its key must be new); ``own_key`` refuses my own code.
    """

    CSS_PATH = "modals.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    code_field = getters.query_one("#code-text", CodeInput)
    preview = getters.query_one("#code-preview", Static)
    add_button = getters.query_one("#code-add", Button)

    def __init__(
        self,
        *,
        own_key: bytes | None = None,
        for_handle: str | None = None,
        current_key: bytes | None = None,
        blink: bool = True,
    ) -> None:
        super().__init__()
        self.own_key = own_key
        self.for_handle = for_handle
        self.current_key = current_key
        self.blink = blink
        self.invite: Invite | None = None

    def compose(self) -> ComposeResult:
        replacing = self.for_handle is not None
        title = f"A new key for {self.for_handle}" if replacing else "Add from an invite code"
        intro = (
            f"Paste the new invite code {self.for_handle} sent you."
            if replacing
            else "Paste the invite code they sent you (reflect contact invite prints it)."
        )
        with Vertical(classes="dialog wide"):
            yield Static(title, classes="title", markup=False)
            yield Static(intro, classes="question", markup=False)
            field = CodeInput(
                placeholder="reflect/1/…", id="code-text", max_length=MAX_CODE_LENGTH * 2
            )
            field.cursor_blink = self.blink
            yield field
            yield Static("", id="code-preview", markup=False)
            if not replacing:
                folder = Input(
                    placeholder="The folder you share with them, on this computer (optional)",
                    id="code-folder",
                )
                folder.cursor_blink = self.blink
                yield folder
            with Horizontal(classes="buttons"):
                label = "Replace" if replacing else "Add"
                yield Button(label, variant="primary", id="code-add", disabled=True)
                yield Button("Cancel", id="code-cancel")

    def on_mount(self) -> None:
        self.code_field.focus()

    def _read(self, text: str) -> tuple[Invite | None, str]:
        """The invite, or None, and what to say under the field."""
        if not text.strip():
            return None, ""
        try:
            invite = parse_invite(text)
        except InvalidInvite as error:
            return None, f"{error}."
        if self.own_key is not None and invite.public_key == self.own_key:
            return None, "That is your own code: send it to them, and paste theirs here."
        if self.for_handle is not None and invite.handle != self.for_handle:
            return None, (
                f"This code is from {invite.handle}, not {self.for_handle}: add it as a new "
                "contact instead."
            )
        if self.current_key is not None and invite.public_key == self.current_key:
            return None, f"This is the key {invite.handle} has already."
        named = f" They named the folder {invite.folder}." if invite.folder else ""
        return invite, f"From {invite.handle}.{named}"

    @on(Input.Changed, "#code-text")
    def _changed(self, event: Input.Changed) -> None:
        self.invite, said = self._read(event.value)
        self.preview.update(Content(said))  # a handle, a folder: text, never markup
        self.preview.set_class(self.invite is None and bool(said), "problem")
        self.add_button.disabled = self.invite is None

    @on(Input.Submitted, "#code-text")
    def _code_entered(self) -> None:
        if self.invite is None:
            return
        folders = self.query("#code-folder")
        if folders:
            folders.first().focus()
        else:
            self._done()

    @on(Input.Submitted, "#code-folder")
    @on(Button.Pressed, "#code-add")
    def _done(self) -> None:
        if self.invite is None:
            self.code_field.focus()
            return
        folders = self.query("#code-folder").results(Input)
        folder = next(folders, None)
        self.dismiss(CodeChoice(self.code_field.value, folder.value.strip() if folder else ""))

    @on(Button.Pressed, "#code-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
