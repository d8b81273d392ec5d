"""What others chose to share with me: read-only, newest first, by text or theme."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static

from reflect.errors import ReflectError
from reflect.model import Entry
from reflect.render import one_line, plural
from reflect.safe_text import printable
from reflect.tui.messages import OpenEntry
from reflect.tui.screens.base import BaseScreen
from reflect.tui.services import Services

FILTER_DELAY = 0.25


@dataclass(frozen=True)
class Shared:
    author: str
    entry: Entry
    themes: frozenset[str]
    """Labels of the themes of the entry's challenge, for the theme filter."""


class MentorScreen(BaseScreen[None]):
    """Reads new bundles from my inbox folders first, then lists everything received."""

    CSS_PATH = "mentor.tcss"
    BINDINGS = [
        Binding("slash", "focus_filter", "Filter", key_display="/"),
        Binding("enter", "open_entry", "Read", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.everything: list[Shared] = []
        self.shown: list[Shared] = []
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="mentor-filters"):
            yield Input(placeholder="Words…", id="mentor-text")
            yield Input(placeholder="Theme, e.g. roster", id="mentor-theme")
        yield Static("Reading your inbox…", id="mentor-status")
        yield DataTable(id="mentor-entries", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        for field in self.query(Input):
            field.cursor_blink = self.services.blink
        table = self.query_one("#mentor-entries", DataTable)
        table.add_columns("Day", "From", "Challenge", "Lesson")
        table.focus()
        self.load()

    @work(thread=True, exclusive=True, group="mentor")
    def load(self) -> None:
        from reflect.themes import ThemeLexicon
        from reflect.usecases import check_inbox

        try:
            inbox = check_inbox(self.journal, self.services.config)
        except ReflectError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        lexicon = ThemeLexicon.bundled()
        everything = [
            Shared(
                bundle.author,
                entry,
                frozenset(lexicon.label(key) for key in lexicon.themes_in(entry.challenge)),
            )
            for bundle in inbox.received
            for entry in bundle.entries
        ]
        everything.sort(key=lambda item: item.entry.sort_key(), reverse=True)
        report = inbox.report
        problems = [result.message for result in report.problems] if report else []
        self.app.call_from_thread(self._loaded, everything, problems)

    def _loaded(self, everything: list[Shared], problems: list[str]) -> None:
        self.everything = everything
        for problem in problems:
            self.notify(
                printable(problem, keep_lines=False),
                title="A bundle could not be read",
                severity="warning",
                markup=False,
            )
        self._filter()

    @on(Input.Changed)
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(FILTER_DELAY, self._filter)

    def _filter(self) -> None:
        words = self.query_one("#mentor-text", Input).value.strip().casefold()
        theme = self.query_one("#mentor-theme", Input).value.strip().casefold()
        self.shown = [
            item
            for item in self.everything
            if (not words or any(words in text.casefold() for text in item.entry.texts.values()))
            and (not theme or any(theme in label for label in item.themes))
        ]
        table = self.query_one("#mentor-entries", DataTable)
        table.clear()
        for item in self.shown:
            table.add_row(  # Text, not str: a DataTable reads a str cell as markup
                item.entry.shift_date.strftime("%a %d %b %Y"),
                Text(item.author),
                Text(one_line(item.entry.challenge or item.entry.title, 40)),
                Text(one_line(item.entry.lesson, 40)),
            )
        authors = sorted({item.author for item in self.everything})
        status = self.query_one("#mentor-status", Static)
        if not self.everything:
            status.update(
                "Nobody has shared with you yet. When a mentee or mentor does, their bundle "
                "arrives in your inbox folder and shows here."
            )
        else:
            status.update(
                f"{plural(len(self.shown), 'entry', 'entries')} shared by {', '.join(authors)}"
            )

    def action_focus_filter(self) -> None:
        self.query_one("#mentor-text", Input).focus()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#mentor-entries", DataTable).focus()
        else:
            self.dismiss(None)

    @on(DataTable.RowSelected)
    def action_open_entry(self) -> None:
        table = self.query_one("#mentor-entries", DataTable)
        if 0 <= table.cursor_row < len(self.shown):
            item = self.shown[table.cursor_row]
            self.post_message(OpenEntry(item.entry, author=item.author))
