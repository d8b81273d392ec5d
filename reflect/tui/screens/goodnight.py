"""After saving: a short, optional moment to leave the shift at work, then goodnight.

Switching off after a shift is part of recovering from it, and customer mistreatment that
is not put down tends to come home. So once the reflection is saved the app offers one of
two small things, never more: a line to leave behind (typed and then let go: it is not
saved anywhere), or a few breaths with the screen counting. Either may be skipped with a
key. Then it says goodnight and closes, or goes back to the start screen, as the person
prefers (``close_after_saving`` in config.toml; ``closing_moment = false`` skips all this).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Footer, Input, Static

from reflect.tui.screens.base import BaseScreen
from reflect.tui.services import Services

BREATHS = ((4, "Breathe in"), (6, "And out, slowly")) * 2
"""Two slow breaths, about twenty seconds: (seconds, what the screen says)."""
GOODNIGHT_SECONDS = 3
"""How long goodnight stays on screen before the app closes."""

Stage = Literal["choose", "leave", "breathe", "goodnight"]

CHOICES = (
    "l   leave one line here, the thing you won't carry home",
    "b   breathe with the screen for twenty seconds",
    "enter   just say goodnight",
    "escape   back to the start screen",
)


class GoodnightScreen(BaseScreen[bool]):
    """Dismisses with True when the app should close, False to stay open."""

    CSS_PATH = "goodnight.tcss"
    BINDINGS = [
        Binding("l", "leave_a_line", "Leave a line"),
        Binding("b", "breathe", "Breathe"),
        Binding("enter", "goodnight", "Goodnight"),
        Binding("s", "stay", "Stay open", show=False),
        Binding("escape", "stay", "Back"),
    ]

    heading = getters.query_one("#goodnight-heading", Static)
    body = getters.query_one("#goodnight-body", Static)
    box = getters.query_one("#goodnight", Vertical)

    def __init__(self, services: Services, *, close: bool = True) -> None:
        super().__init__(services)
        self.close_after = close
        self.stage: Stage = "choose"
        self._timer: Timer | None = None
        self._breaths: Iterator[str] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="goodnight"):
            yield Static("Saved. Before you go", id="goodnight-heading")
            yield Static("\n".join(CHOICES), id="goodnight-body", markup=False)
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("leave_a_line", "breathe", "goodnight"):
            return self.stage == "choose"
        if action == "stay":
            return True
        return True

    def _to(self, stage: Stage) -> None:
        self.stage = stage
        self.refresh_bindings()

    def action_leave_a_line(self) -> None:
        self._to("leave")
        self.heading.update("Leave it here")
        self.body.update(
            "One line about what you are leaving at work tonight. Enter lets it go; "
            "nothing typed here is saved."
        )
        field = Input(placeholder="a call, a word, a worry", id="leave-behind")
        field.cursor_blink = self.services.blink
        self.box.mount(field)
        field.focus()

    @on(Input.Submitted, "#leave-behind")
    def _let_go(self, event: Input.Submitted) -> None:
        event.input.remove()  # gone, as promised: it was never meant to be kept
        self._say_goodnight("Left here. It stays at work.")

    def action_breathe(self) -> None:
        self._to("breathe")
        self.heading.update("Breathe")
        self._breaths = self._counting()
        self._tick()
        self._timer = self.set_interval(1.0, self._tick)

    def _counting(self) -> Iterator[str]:
        for seconds, words in BREATHS:
            for left in range(seconds, 0, -1):
                yield f"{words}…  {left}"

    def _tick(self) -> None:
        assert self._breaths is not None
        step = next(self._breaths, None)
        if step is None:
            if self._timer is not None:
                self._timer.stop()
            self._say_goodnight("That's it. Well done tonight.")
        else:
            self.body.update(step)

    def action_goodnight(self) -> None:
        self._say_goodnight("")

    def _say_goodnight(self, first: str) -> None:
        self._to("goodnight")
        self.heading.update("Goodnight")
        rest = "The shift is over; the rest of the evening is yours."
        if self.close_after:
            after = f"reflect closes in {GOODNIGHT_SECONDS} seconds (s stays open)."
        else:
            after = "Back to the start screen in a moment."
        self.body.update("\n".join(part for part in (first, rest, "", after) if part))
        self.set_timer(GOODNIGHT_SECONDS, self._done)

    def _done(self) -> None:
        if self.is_attached and self.app.screen is self:
            self.dismiss(self.close_after)

    def action_stay(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self.dismiss(False)
