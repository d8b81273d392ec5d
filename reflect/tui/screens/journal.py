"""The journal: every entry, newest first, filtered by words, tag and days."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input

from reflect.dates import parse_range
from reflect.errors import DateParseError
from reflect.model import Entry, mood_label
from reflect.render import one_line, plural
from reflect.tui.messages import DeleteEntry, EditEntry, OpenEntry
from reflect.tui.screens.filtered_table import BACK, FILTER, READ, FilteredTableScreen
from reflect.tui.services import Services


@dataclass(frozen=True)
class Widths:
    challenge: int
    tags: int
    readers: int


DAY_WIDTH = 15  # "Tue 24 Nov 2026"
CELL_PADDING = 2  # a DataTable pads each cell by one column on either side


def column_widths(width: int, entries: Sequence[Entry]) -> Widths:
    """How wide the cut columns may be: tags and readers as wide as they need, up to a
    share of the screen, and the challenge everything left (never less than 16).

    Without this the table sizes columns by their content: a long challenge pushed Tags
    and Readers off an 80-column screen, down to a letter or two.
    """
    longest_tags = max((len(" ".join(f"#{tag}" for tag in e.tags)) for e in entries), default=0)
    longest_readers = max((len(", ".join(e.shared_with)) + 4 for e in entries), default=0)
    mood = max((len(mood_label(e.mood)) for e in entries if e.mood is not None), default=4)
    tags = min(max(longest_tags, 4), max(12, width // 5))
    readers = min(max(longest_readers, len("private"), len("Readers")), max(10, width // 6))
    fixed = DAY_WIDTH + max(mood, 4) + tags + readers + 5 * CELL_PADDING + 2  # and a scrollbar
    return Widths(challenge=max(16, width - fixed), tags=tags, readers=readers)


def readers(entry: Entry, replies: dict[str, int]) -> str:
    """Who may read it, and "↩ 2" when mentors replied to it."""
    who = ", ".join(entry.shared_with) or "private"
    count = replies.get(entry.id, 0)
    return f"{who} ↩ {count}" if count else who


@dataclass(frozen=True)
class Filters:
    text: str = ""
    tag: str = ""
    start: date | None = None
    end: date | None = None

    @property
    def active(self) -> bool:
        return bool(self.text or self.tag or self.start or self.end)


class JournalScreen(FilteredTableScreen):
    """Entries in a table; the journal is read in a worker so the screen paints at once.

    It shows the journal as it is now: read again on every journal change while it is on
    screen, and when the person comes back to it.
    """

    class ShareEntry(Message):
        """Choose who may read an entry (the app asks, then publishes)."""

        def __init__(self, entry: Entry) -> None:
            super().__init__()
            self.entry = entry

    CSS_PATH = ["filtered_table.tcss", "journal.tcss"]
    BINDINGS = [
        FILTER,
        READ,
        Binding("e", "edit_entry", "Edit"),
        Binding("d", "delete_entry", "Delete"),
        Binding("s", "share_entry", "Share"),
        BACK,
    ]
    FILTERS_ID = "filters"
    STATUS_ID = "journal-status"
    TABLE_ID = "entries"
    COLUMNS = ("Day", "Mood", "Challenge", "Tags", "Readers")
    LOADING = "Loading your journal…"

    text_filter = getters.query_one("#filter-text", Input)
    tag_filter = getters.query_one("#filter-tag", Input)
    when_filter = getters.query_one("#filter-when", Input)

    def __init__(self, services: Services, *, when: str = "") -> None:
        super().__init__(services)
        self.initial_when = when
        """A WHEN filter to start with (the summary opens a day this way)."""
        self.entries: list[Entry] = []
        self._replies: dict[str, int] = {}
        """Replies mentors sent, by the id of the entry they answer."""

    def compose_filters(self) -> ComposeResult:
        yield Input(placeholder="Words…", id="filter-text")
        yield Input(placeholder="Tag", id="filter-tag")
        yield Input(
            self.initial_when,
            placeholder="When: last week, november, nov 1 to nov 15",
            id="filter-when",
        )

    def on_screen_resume(self) -> None:
        self.reload()

    # -- filtering ------------------------------------------------------------------------

    def _filters(self) -> Filters | str:
        """The filters typed, or what cannot be read in them."""
        text = self.text_filter.value.strip()
        tag = self.tag_filter.value.strip().lstrip("#").lower()
        when = self.when_filter.value.strip()
        start = end = None
        if when:
            try:
                start, end = parse_range(when, self.services.today)
            except DateParseError as error:
                return f"When: {error}"
        return Filters(text, tag, start, end)

    def apply_filters(self) -> None:
        self.reload()  # the journal filters: a large one is not held twice

    def reload(self) -> None:
        filters = self._filters()
        if isinstance(filters, str):
            self.show_status(filters)
            return
        self.load_entries(filters)

    @work(thread=True, exclusive=True, group="journal")
    def load_entries(self, filters: Filters) -> None:
        journal = self.journal
        entries = journal.entries(
            start=filters.start, end=filters.end, tag=filters.tag, text=filters.text
        )
        total = len(journal)
        replies: dict[str, int] = {}
        for bundle in journal.received():
            for reply in bundle.replies:
                replies[reply.entry_id] = replies.get(reply.entry_id, 0) + 1
        self.app.call_from_thread(self._show, entries, filters, total, replies)

    def _show(
        self,
        entries: list[Entry],
        filters: Filters,
        total: int,
        replies: dict[str, int] | None = None,
    ) -> None:
        self.entries = entries
        self._replies = replies if replies is not None else self._replies
        widths = column_widths(self.size.width or self.app.size.width, entries)
        self.show_rows(
            (
                entry.id,
                (  # Text, not str: a DataTable reads a str cell as markup
                    entry.shift_date.strftime("%a %d %b %Y"),
                    "" if entry.mood is None else mood_label(entry.mood),
                    Text(one_line(entry.title, widths.challenge)),
                    Text(one_line(" ".join(f"#{tag}" for tag in entry.tags), widths.tags)),
                    Text(one_line(readers(entry, self._replies), widths.readers)),
                ),
            )
            for entry in entries
        )
        if total == 0:
            self.show_status("No entries yet. Your first reflection will appear here.")
        elif filters.active:
            verb = "matches" if len(entries) == 1 else "match"
            self.show_status(f"{len(entries)} of {plural(total, 'entry', 'entries')} {verb}")
        else:
            self.show_status(plural(total, "entry", "entries"))

    def on_resize(self) -> None:
        """Columns share the width again: the challenge takes what the others leave."""
        if self.entries:
            self.reload()

    # -- acting on the highlighted entry ---------------------------------------------------

    def _current(self) -> Entry | None:
        index = self.highlighted
        return self.entries[index] if index is not None else None

    def open_row(self, index: int) -> None:
        self.post_message(OpenEntry(self.entries[index]))

    def action_edit_entry(self) -> None:
        entry = self._current()
        if entry is not None:
            self.post_message(EditEntry(entry))

    def action_share_entry(self) -> None:
        entry = self._current()
        if entry is not None:
            self.post_message(self.ShareEntry(entry))

    def action_delete_entry(self) -> None:
        entry = self._current()
        if entry is not None:
            self.post_message(DeleteEntry(entry))
