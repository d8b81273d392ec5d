"""The passphrase of an encrypted journal: asked for first, and again after time away.

Shown before anything of the journal is read (the app pushes the start screen only once
it is unlocked), and over everything when the app locks itself after ``lock_after_minutes``
without a key pressed: a full screen, so no text of the screens beneath is drawn while it
is up. Calm on purpose: a wrong passphrase is said once, quietly, and the field is
cleared for another try; there is no counter and no lock-out (the passphrase's strength,
and Argon2id's cost per guess, are what protect the journal).

The key derivation takes a fraction of a second, so it runs in a worker: the screen stays
responsive and says it is opening.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from reflect.errors import ReflectError, WrongPassphrase
from reflect.tui.screens.base import BaseScreen
from reflect.tui.services import Services

Why = Literal["start", "idle"]

HEADING = "This journal is locked"
REASONS: dict[Why, str] = {
    "start": "Your reflections are encrypted on this computer. Type your passphrase to open them.",
    "idle": (
        "It locked itself after a while without a key pressed, so nobody passing can read "
        "it. What you were writing is saved as a draft. Type your passphrase to carry on."
    ),
}
WRONG = "That passphrase does not open this journal. Take your time and try again."
HINT = "enter  open      ctrl+q  quit"


class UnlockScreen(BaseScreen[bool]):
    """Dismisses with True once the journal's key is unlocked (the app then goes on).

    BINDINGS: only ``ctrl+q`` (the app's) leaves it; nothing else of the app is reachable.
    """

    CSS_PATH = "unlock.tcss"
    BINDINGS = [Binding("escape", "clear", "Clear", show=False)]

    field = getters.query_one("#passphrase", Input)
    message = getters.query_one("#unlock-message", Static)

    def __init__(self, services: Services, home: Path, *, why: Why = "start") -> None:
        super().__init__(services)
        self.home = home
        self.why = why
        self._opening = False

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock"):
            yield Static(HEADING, id="unlock-heading")
            yield Static(REASONS[self.why], id="unlock-reason", markup=False)
            field = Input(placeholder="passphrase", password=True, id="passphrase")
            field.cursor_blink = self.services.blink
            yield field
            yield Static("", id="unlock-message", markup=False)
            yield Static(HINT, id="unlock-hint", markup=False)

    def on_mount(self) -> None:
        self.field.focus()

    def action_clear(self) -> None:
        self.field.value = ""

    @on(Input.Submitted, "#passphrase")
    def _submitted(self, event: Input.Submitted) -> None:
        if self._opening or not event.value:
            return
        self._opening = True
        self.field.disabled = True
        self.message.update("Opening…")
        self.unlock(event.value)

    @work(thread=True, exclusive=True, group="unlock")
    def unlock(self, passphrase: str) -> None:
        """Argon2id and the key's box, off the UI thread."""
        from reflect.encryption import unlock_home

        try:
            unlock_home(self.home, passphrase)
        except WrongPassphrase:
            self.app.call_from_thread(self._refused, WRONG)
            return
        except ReflectError as error:
            self.app.call_from_thread(self._refused, str(error))
            return
        self.app.call_from_thread(self.dismiss, True)

    def _refused(self, why: str) -> None:
        self._opening = False
        self.message.update(why)
        self.field.disabled = False
        self.field.value = ""
        self.field.focus()
