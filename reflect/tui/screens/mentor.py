"""What others chose to share with me: read-only, newest first, by text or theme."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.widgets import Input

from reflect.errors import ReflectError
from reflect.journal import JournalChange
from reflect.model import Entry
from reflect.render import one_line, plural
from reflect.safe_text import printable
from reflect.tui.messages import OpenEntry
from reflect.tui.screens.filtered_table import BACK, FILTER, READ, FilteredTableScreen
from reflect.tui.services import Services


@dataclass(frozen=True)
class Shared:
    author: str
    entry: Entry
    themes: frozenset[str]
    """Labels of the themes of the entry's challenge, for the theme filter."""

    @property
    def key(self) -> str:
        """The row's key: whose, and which entry (two mentors' ids never collide)."""
        return f"{self.author}/{self.entry.id}"


class MentorScreen(FilteredTableScreen):
    """Reads new bundles from my inbox folders first, then lists everything received.

    Everything received is held here and filtered in memory: it is what a few mentees
    chose to share, never a whole journal.
    """

    CSS_PATH = ["filtered_table.tcss", "mentor.tcss"]
    BINDINGS = [FILTER, READ, BACK]
    FILTERS_ID = "mentor-filters"
    STATUS_ID = "mentor-status"
    TABLE_ID = "mentor-entries"
    COLUMNS = ("Day", "From", "Challenge", "Lesson")
    LOADING = "Reading your inbox…"

    words_filter = getters.query_one("#mentor-text", Input)
    theme_filter = getters.query_one("#mentor-theme", Input)

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.everything: list[Shared] = []
        self.shown: list[Shared] = []

    def compose_filters(self) -> ComposeResult:
        yield Input(placeholder="Words…", id="mentor-text")
        yield Input(placeholder="Theme, e.g. roster", id="mentor-theme")

    def journal_changed(self, change: JournalChange) -> None:
        """My own entries are not listed here: what is, comes from the inbox."""

    def reload(self) -> None:
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
        items = (
            Shared(
                bundle.author,
                entry,
                frozenset(lexicon.label(key) for key in lexicon.themes_in(entry.challenge)),
            )
            for bundle in inbox.received
            for entry in bundle.entries
        )
        found = {item.key: item for item in items}  # an entry listed twice shows once
        everything = sorted(
            found.values(), key=lambda item: item.entry.sort_key(), reverse=True
        )
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
        self.apply_filters()

    def apply_filters(self) -> None:
        words = self.words_filter.value.strip().casefold()
        theme = self.theme_filter.value.strip().casefold()
        self.shown = [
            item
            for item in self.everything
            if (not words or any(words in text.casefold() for text in item.entry.texts.values()))
            and (not theme or any(theme in label for label in item.themes))
        ]
        self.show_rows(
            (
                item.key,
                (  # Text, not str: a DataTable reads a str cell as markup
                    item.entry.shift_date.strftime("%a %d %b %Y"),
                    Text(item.author),
                    Text(one_line(item.entry.challenge or item.entry.title, 40)),
                    Text(one_line(item.entry.lesson, 40)),
                ),
            )
            for item in self.shown
        )
        authors = sorted({item.author for item in self.everything})
        if not self.everything:
            self.show_status(
                "Nobody has shared with you yet. When a mentee or mentor does, their bundle "
                "arrives in your inbox folder and shows here."
            )
        else:
            self.show_status(
                f"{plural(len(self.shown), 'entry', 'entries')} shared by {', '.join(authors)}"
            )

    def open_row(self, index: int) -> None:
        item = self.shown[index]
        self.post_message(OpenEntry(item.entry, author=item.author))
