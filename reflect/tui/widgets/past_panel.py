"""The "From your past" panel beside the reflection flow."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

EMPTY_HINT = "As you write tonight's challenge, lessons from days like it will appear here."


class PastPanel(VerticalScroll):
    """Past entries that match the challenge being written (filled by the matching engine)."""

    def compose(self) -> ComposeResult:
        yield Static("From your past", id="past-title")
        yield Static(EMPTY_HINT, id="past-body")
