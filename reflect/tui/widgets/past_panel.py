"""The "From your past" panel: past entries that match the challenge being written."""

from __future__ import annotations

from collections.abc import Sequence

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from reflect.match import Match
from reflect.render import some_lines
from reflect.replies import REPLY_TO_DAY

EMPTY_HINT = "As you write tonight's challenge, lessons from days like it will appear here."
NOTHING_YET = "Nothing from your past fits this closely yet. Keep writing."
LOADING = "Reading your journal…"


def describe(match: Match, width: int = 60) -> Content:
    """Date and whose, the old challenge in two lines of ``width`` at most, the lesson in
    full, and why."""
    entry = match.entry
    who = "" if match.author == "me" else f" · from {match.author}"
    parts = [Content.styled(f"{entry.shift_date.strftime('%a %d %b %Y')}{who}", "bold")]
    if entry.challenge or REPLY_TO_DAY not in entry.extra:  # a reply is all lesson
        parts.append(Content(some_lines(entry.challenge or entry.title, width)))
    if entry.lesson:
        parts.append(Content.styled("Lesson: ", "bold") + Content(entry.lesson))
    parts.append(Content.styled("Why: " + "; ".join(match.reasons), "italic"))
    return Content("\n").join(parts)


class PastPanel(Vertical):
    """Up to three past entries like the challenge being written, each with why it fits.

    The screen tells it what to show (:meth:`show_hint`, :meth:`show_matches`,
    :meth:`show_progress`); ``enter`` on a match posts :class:`Open`, and the screen decides
    what reading it means.
    """

    DEFAULT_CSS = """
    PastPanel {
        width: 40%;
        min-width: 34;
        max-width: 64;
        border-left: solid $primary-darken-2;
        padding: 0 1;
    }
    PastPanel #past-title {
        text-style: bold;
        margin: 1 0;
    }
    PastPanel #past-status {
        color: $text-muted;
        text-style: italic;
        margin-bottom: 1;
    }
    PastPanel #past-body {
        color: $text-muted;
    }
    """

    class Open(Message):
        """The person wants to read a matched entry in full."""

        def __init__(self, panel: PastPanel, match: Match) -> None:
            super().__init__()
            self.panel = panel
            """The panel the match was chosen in."""
            self.match = match

        @property
        def control(self) -> PastPanel:
            """The panel, so handlers can be scoped by selector (``@on(..., "#id")``)."""
            return self.panel

    status_line = getters.query_one("#past-status", Static)
    body = getters.query_one("#past-body", Static)
    options = getters.query_one("#past-list", OptionList)
    """The matches, one option each (the ids stay: tests and the screen's key find them)."""

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,  # noqa: A002
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.matches: tuple[Match, ...] = ()

    def compose(self) -> ComposeResult:
        yield Static("From your past", id="past-title")
        yield Static("", id="past-status")
        yield Static(EMPTY_HINT, id="past-body")
        yield OptionList(id="past-list")

    def on_mount(self) -> None:
        self.options.display = False
        self.status_line.display = False

    @property
    def showing_matches(self) -> bool:
        """Whether there are matches to move into (rather than a hint)."""
        return self.options.display

    @property
    def in_matches(self) -> bool:
        """Whether the person is moving through the matches (the list has focus)."""
        return self.options.has_focus

    def focus_matches(self) -> None:
        """Move into the matches at once (keys already typed land there)."""
        if self.showing_matches:
            self.screen.set_focus(self.options)

    def show_progress(self, done: int, total: int) -> None:
        """The first reading of the journal's meaning: how far it has come (it goes on
        in the background; matches by words and themes meanwhile)."""
        status = self.status_line
        status.display = done < total
        status.update(f"Reading what your past entries mean: {done:,} of {total:,}…")

    def show_hint(self, text: str) -> None:
        self.matches = ()
        self.body.update(text)
        self.body.display = True
        self.options.display = False

    def show_matches(self, matches: Sequence[Match], *, asked: bool) -> None:
        """``asked`` tells an empty result ("nothing fits") from no question yet."""
        if not matches:
            self.show_hint(NOTHING_YET if asked else EMPTY_HINT)
            return
        self.matches = tuple(matches)
        options = self.options
        options.clear_options()
        # the list's border and an option's padding take four columns, a scrollbar two
        width = self.content_region.width - 6 if self.content_region.width > 20 else 60
        listed: list[Option | None] = []
        for match in matches:
            listed.extend((Option(describe(match, width)), None))  # None: a divider
        options.add_options(listed[:-1])
        options.highlighted = 0
        self.body.display = False
        options.display = True

    def on_resize(self) -> None:
        """A wider panel shows more of each old challenge: the matches are laid out again."""
        if self.matches and self.options.display:
            highlighted = self.options.highlighted
            self.show_matches(self.matches, asked=True)
            self.options.highlighted = highlighted

    @on(OptionList.OptionSelected, "#past-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if 0 <= event.option_index < len(self.matches):
            self.post_message(self.Open(self, self.matches[event.option_index]))
