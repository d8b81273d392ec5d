"""The first start on an empty journal: what reflect is, in one screen, and the demo."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

INTRODUCTION = """\
[b]Welcome to reflect.[/b]

At the end of a shift, take two minutes for four short answers:
  1. a challenge from the shift,
  2. why you are grateful for it (what it gave you),
  3. a kindness you gave,
  4. a lesson you learned.

While you write the challenge, reflect shows lessons from days like it.
Once a month, look back at what you were grateful for and what you learned.
Everything stays on this computer; nothing is shared unless you choose to.

Want to look around first? The demo opens three months of another agent's
reflections on a throwaway copy: your own journal is not touched."""


class WelcomeModal(ModalScreen[str]):
    """Dismisses with "demo" or "start"."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("d", "choose('demo')", "Try the demo"),
        Binding("s", "choose('start')", "Start my journal"),
        Binding("escape", "choose('start')", "Close"),
    ]

    start_button = getters.query_one("#start", Button)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(INTRODUCTION, classes="question")
            with Horizontal(classes="buttons"):
                yield Button("Try the demo (d)", id="demo")
                yield Button("Start my journal (s)", variant="primary", id="start")

    def on_mount(self) -> None:
        self.start_button.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id or "start")

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)
