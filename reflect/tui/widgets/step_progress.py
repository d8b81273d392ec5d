"""Where the person is in the flow, readable without color."""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static


class StepProgress(Static):
    """``●`` for steps with something in them, ``○`` for empty ones, ``[ ]`` around the current."""

    current: reactive[int] = reactive(0)
    filled: reactive[frozenset[int]] = reactive(frozenset())

    def __init__(self, titles: Sequence[str], *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.titles = tuple(titles)

    def render(self) -> Content:
        marks = []
        for index in range(len(self.titles)):
            mark = "●" if index in self.filled else "○"
            marks.append(f"[{mark}]" if index == self.current else f" {mark} ")
        position = f"step {self.current + 1} of {len(self.titles)}"
        return Content("".join(marks) + "   " + position)
