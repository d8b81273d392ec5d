"""Ask where to write a summary, and as what: an HTML page to print, or Markdown to keep."""

from __future__ import annotations

from typing import NamedTuple

from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static

from reflect.formats import registry

FORMATS = (("html", "HTML page, to print"), ("md", "Markdown, to keep or send"))
"""The summary formats offered, first the default (JSON and text are for the command line)."""


class WriteRequest(NamedTuple):
    """What the person chose: a summary format name and the file as typed."""

    fmt: str
    path: str


def default_path(label: str, fmt: str) -> str:
    """ "~/reflect-2026-11.html": in the home folder, named for the period and format."""
    return f"~/reflect-{label}{registry.summary_format(fmt).suffix}"


class WriteSummaryModal(ModalScreen[WriteRequest | None]):
    """Dismisses with a :class:`WriteRequest`, or None when cancelled.

    | Key | Does |
    | --- | --- |
    | ``enter`` | write the file |
    | ``escape`` | close without writing |
    """

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("enter", "write", "Write", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    path_input = getters.query_one("#write-path", Input)
    formats = getters.query_one("#write-format", RadioSet)

    def __init__(self, title: str, label: str) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.fmt = FORMATS[0][0]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Write {self.title_text} to a file", classes="question", markup=False)
            with RadioSet(id="write-format"):
                for index, (name, text) in enumerate(FORMATS):
                    yield RadioButton(text, value=index == 0, id=f"write-{name}")
            yield Input(default_path(self.label, self.fmt), id="write-path")
            yield Static(
                "~ is your home folder. enter writes, escape cancels.",
                classes="hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.path_input.focus()
        self.path_input.cursor_position = len(self.path_input.value)

    @on(RadioSet.Changed, "#write-format")
    def _format_chosen(self, event: RadioSet.Changed) -> None:
        chosen = FORMATS[event.index][0]
        before, self.fmt = self.fmt, chosen
        typed = self.path_input.value
        old = registry.summary_format(before).suffix
        if typed.endswith(old):  # the name follows the format, unless changed by hand
            self.path_input.value = typed[: -len(old)] + registry.summary_format(chosen).suffix

    def action_write(self) -> None:
        self.dismiss(WriteRequest(self.fmt, self.path_input.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
