"""Where the person is in the flow, readable without color."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static


class StepProgress(Static):
    """``●`` for steps with something in them, ``○`` for empty ones, ``[ ]`` around the current.

    Marks rather than colors, so the flow reads the same on a monochrome terminal or with
    ``NO_COLOR``; set ``current`` and ``filled`` and it repaints itself.
    """

    DEFAULT_CSS = """
    StepProgress {
        color: $text-muted;
    }
    """

    current: reactive[int] = reactive(0)
    filled: reactive[frozenset[int]] = reactive(frozenset())

    def __init__(
        self,
        titles: Sequence[str],
        *,
        name: str | None = None,
        id: str | None = None,  # noqa: A002
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.titles = tuple(titles)

    def render(self) -> Content:
        marks = []
        for index in range(len(self.titles)):
            mark = "●" if index in self.filled else "○"
            marks.append(f"[{mark}]" if index == self.current else f" {mark} ")
        position = f"step {self.current + 1} of {len(self.titles)}"
        return Content("".join(marks) + "   " + position)
