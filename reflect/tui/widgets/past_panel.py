"""The "From your past" panel: past entries that match the challenge being written."""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reflect.match import Match
from reflect.render import one_line

EMPTY_HINT = "As you write tonight's challenge, lessons from days like it will appear here."
NOTHING_YET = "Nothing from your past fits this closely yet. Keep writing."
LOADING = "Reading your journal…"


def describe(match: Match, width: int = 60) -> Content:
    """Date and whose, the old challenge in one line of ``width``, the lesson in full, and
    why."""
    entry = match.entry
    who = "" if match.author == "me" else f" · from {match.author}"
    parts = [
        Content.styled(f"{entry.shift_date.strftime('%a %d %b %Y')}{who}", "bold"),
        Content(one_line(entry.challenge or entry.title, width)),
    ]
    if entry.lesson:
        parts.append(Content.styled("Lesson: ", "bold") + Content(entry.lesson))
    parts.append(Content.styled("Why: " + "; ".join(match.reasons), "italic"))
    return Content("\n").join(parts)


class PastPanel(Vertical):
    """Shows up to three matches; ``enter`` on one opens the whole entry."""

    class Open(Message):
        """The person wants to read a matched entry in full."""

        def __init__(self, match: Match) -> None:
            super().__init__()
            self.match = match

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.matches: tuple[Match, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("From your past", id="past-title")
        yield Static("", id="past-status")
        yield Static(EMPTY_HINT, id="past-body")
        yield OptionList(id="past-list")

    def on_mount(self) -> None:
        self.query_one("#past-list", OptionList).display = False
        self.query_one("#past-status", Static).display = False

    def show_progress(self, done: int, total: int) -> None:
        """The first reading of the journal's meaning: how far it has come (it goes on
        in the background; matches by words and themes meanwhile)."""
        status = self.query_one("#past-status", Static)
        status.display = done < total
        status.update(f"Reading what your past entries mean: {done:,} of {total:,}…")

    def show_hint(self, text: str) -> None:
        self.matches = ()
        self.query_one("#past-body", Static).update(text)
        self.query_one("#past-body", Static).display = True
        self.query_one("#past-list", OptionList).display = False

    def show_matches(self, matches: Sequence[Match], *, asked: bool) -> None:
        """``asked`` tells an empty result ("nothing fits") from no question yet."""
        if not matches:
            self.show_hint(NOTHING_YET if asked else EMPTY_HINT)
            return
        self.matches = tuple(matches)
        options = self.query_one("#past-list", OptionList)
        options.clear_options()
        # the list's border and an option's padding take four columns, a scrollbar two
        width = self.content_region.width - 6 if self.content_region.width > 20 else 60
        listed: list[Option | None] = []
        for match in matches:
            listed.extend((Option(describe(match, width)), None))  # None: a divider
        options.add_options(listed[:-1])
        options.highlighted = 0
        self.query_one("#past-body", Static).display = False
        options.display = True

    @on(OptionList.OptionSelected, "#past-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.matches):
            self.post_message(self.Open(self.matches[event.option_index]))
