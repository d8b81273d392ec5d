"""What others chose to share with me: read-only, newest first, by text or theme."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input
from textual.worker import Worker

from reflect.errors import ReflectError
from reflect.journal import JournalChange
from reflect.model import Entry
from reflect.render import one_line, plural
from reflect.safe_text import printable
from reflect.tui.messages import OpenEntry, ReplyTo
from reflect.tui.screens.filtered_table import BACK, FILTER, READ, FilteredTableScreen
from reflect.tui.services import Services

if TYPE_CHECKING:
    from reflect.contacts import ReceivedBundle
    from reflect.sharing import BundleStamp, InboxReport


@dataclass(frozen=True)
class Shared:
    author: str
    entry: Entry
    themes: frozenset[str]
    """Labels of the themes of the entry's challenge, for the theme filter."""
    new: bool = False
    """Not there when I last opened this screen (or ran ``reflect inbox``)."""
    replied: int = 0
    """How many replies of mine answer it."""

    @property
    def key(self) -> str:
        """The row's key: whose, and which entry (two mentors' ids never collide)."""
        return f"{self.author}/{self.entry.id}"


class MentorScreen(FilteredTableScreen):
    """Reads new bundles from my inbox folders first, then lists everything received.

    Everything received is held here and filtered in memory: it is what a few mentees
    chose to share, never a whole journal. While it is on screen it looks at the inbox
    folders as often as the app looks at the journal (the bundle files' stamps, nothing
    read) and reads them again when a bundle arrived or changed.
    """

    CSS_PATH = ["filtered_table.tcss", "mentor.tcss"]
    BINDINGS = [FILTER, READ, Binding("r", "reply", "Reply"), BACK]
    FILTERS_ID = "mentor-filters"
    STATUS_ID = "mentor-status"
    TABLE_ID = "mentor-entries"
    COLUMNS = ("Day", "From", "Challenge", "Lesson", "")
    LOADING = "Reading your inbox…"

    words_filter = getters.query_one("#mentor-text", Input)
    person_filter = getters.query_one("#mentor-person", Input)
    theme_filter = getters.query_one("#mentor-theme", Input)

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.everything: list[Shared] = []
        self.shown: list[Shared] = []
        self._inbox_seen: frozenset[BundleStamp] | None = None
        """The bundle files as they were when the inbox was last read."""
        self._loading: Worker[None] | None = None
        self._looking: Worker[None] | None = None
        self._seen_lock = threading.Lock()
        self._seen_before: dict[str, set[str]] | None = None
        """What had been shown before this visit: the rest is marked new until I leave."""
        self._told: set[str] = set()
        """Problems with bundles already shown: a bad file is reported once, not on every
        read that another bundle's arrival causes."""

    def compose_filters(self) -> ComposeResult:
        yield Input(placeholder="Words…", id="mentor-text")
        yield Input(placeholder="Person", id="mentor-person")
        yield Input(placeholder="Theme, e.g. roster", id="mentor-theme")

    def on_mount(self) -> None:
        self.set_interval(self.reflect_app.CHANGE_CHECK_INTERVAL, self._look_at_inbox)

    def journal_changed(self, change: JournalChange) -> None:
        """My own entries are not listed here. Another process may have stored bundles
        (``reflect inbox`` in a terminal): that arrives as a reload, and the list is
        made again from the journal. What this screen's own reading stores, it shows."""
        if change.kind in ("reload", "received") and self.is_current:
            self.load(read_inbox=False)

    def reload(self) -> None:
        self._loading = self.load()

    def _look_at_inbox(self) -> None:
        """Compare the inbox folders with how they were when last read; one look at a
        time, and none while the inbox is being read or another screen is on top."""
        if self._inbox_seen is None or not self.is_current:
            return
        for worker in (self._loading, self._looking):
            if worker is not None and not worker.is_finished:
                return
        self._looking = self._compare_inbox(self._inbox_seen)

    @work(thread=True, group="mentor-look")
    def _compare_inbox(self, seen: frozenset[BundleStamp]) -> None:
        from reflect.usecases import inbox_stamps

        try:
            now = inbox_stamps(self.journal, self.services.config)
        except (OSError, ReflectError):
            return  # a folder out of reach, or the journal unreadable, for now
        if now != seen:
            self.app.call_from_thread(self._inbox_changed)

    def _inbox_changed(self) -> None:
        if self.is_current:  # still open: the person may have left while we looked
            self.reload()

    @work(thread=True, exclusive=True, group="mentor")
    def load(self, read_inbox: bool = True) -> None:
        """Read new bundles (``read_inbox``), then list everything received."""
        from reflect.themes import ThemeLexicon
        from reflect.usecases import check_inbox, inbox_stamps

        journal, config = self.journal, self.services.config
        seen: frozenset[BundleStamp] | None = None
        report: InboxReport | None = None
        received: Sequence[ReceivedBundle]
        try:
            if read_inbox:
                seen = inbox_stamps(journal, config)  # before reading: a later bundle shows
                inbox = check_inbox(journal, config)
                report, received = inbox.report, inbox.received
            else:
                received = journal.received()
        except (ReflectError, OSError) as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        try:
            with self._seen_lock:  # reads of one visit may overlap: the first one decides
                if self._seen_before is None:
                    self._seen_before = journal.seen_shared()
                    journal.mark_seen(list(received))
                before = self._seen_before
            mine = journal.my_replies()
        except ReflectError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        answered: dict[tuple[str, str], int] = {}
        for item in mine:
            key = (item.to, item.reply.entry_id)
            answered[key] = answered.get(key, 0) + 1
        lexicon = ThemeLexicon.bundled()
        items = (
            Shared(
                bundle.author,
                entry,
                frozenset(
                    lexicon.label(key)
                    for key in lexicon.themes_in(f"{entry.challenge}\n{' '.join(entry.tags)}")
                ),
                new=entry.id not in before.get(bundle.author, set()),
                replied=answered.get((bundle.author, entry.id), 0),
            )
            for bundle in received
            for entry in bundle.entries
        )
        found = {item.key: item for item in items}  # an entry listed twice shows once
        # by person, newest first within each: a mentor reads one mentee at a time
        everything = sorted(found.values(), key=lambda item: item.entry.sort_key(), reverse=True)
        everything.sort(key=lambda item: item.author)
        problems = [result.message for result in report.problems] if report else []
        self.app.call_from_thread(self._loaded, everything, problems, seen)

    def _loaded(
        self, everything: list[Shared], problems: list[str], seen: frozenset[BundleStamp] | None
    ) -> None:
        self.everything = everything
        if seen is not None:
            self._inbox_seen = seen
        for problem in problems:
            if problem in self._told:
                continue
            self._told.add(problem)
            self.notify(
                printable(problem, keep_lines=False),
                title="A bundle could not be read",
                severity="warning",
                markup=False,
            )
        self.apply_filters()

    def apply_filters(self) -> None:
        words = self.words_filter.value.strip().casefold()
        person = self.person_filter.value.strip().casefold().lstrip("@")
        theme = self.theme_filter.value.strip().casefold()
        self.shown = [
            item
            for item in self.everything
            if (not words or any(words in text.casefold() for text in item.entry.texts.values()))
            and (not person or item.author.startswith(person))
            and (not theme or any(theme in label.casefold() for label in item.themes))
        ]
        self.show_rows(
            (
                item.key,
                (  # Text, not str: a DataTable reads a str cell as markup
                    item.entry.shift_date.strftime("%a %d %b %Y"),
                    Text(item.author),
                    Text(one_line(item.entry.challenge or item.entry.title, 40)),
                    Text(one_line(item.entry.lesson, 40)),
                    Text(_marks(item), style="bold"),
                ),
            )
            for item in self.shown
        )
        if not self.everything:
            self.show_status(
                "Nobody has shared with you yet. When a mentee or mentor does, their bundle "
                "arrives in your inbox folder and shows here."
            )
            return
        people = []
        for author in sorted({item.author for item in self.everything}):
            theirs = [item for item in self.everything if item.author == author]
            new = sum(item.new for item in theirs)
            people.append(f"{author} {len(theirs)}" + (f" ({new} new)" if new else ""))
        shown = plural(len(self.shown), "entry", "entries")
        self.show_status(f"{shown} shown · " + " · ".join(people))

    def action_reply(self) -> None:
        index = self.highlighted
        if index is not None and index < len(self.shown):
            item = self.shown[index]
            self.post_message(ReplyTo(item.entry, item.author))

    def open_row(self, index: int) -> None:
        item = self.shown[index]
        self.post_message(OpenEntry(item.entry, author=item.author))


def _marks(item: Shared) -> str:
    """ "new" for what arrived since the last visit, "↩ 2" for my replies to it."""
    marks = ["new"] if item.new else []
    if item.replied:
        marks.append(f"↩ {item.replied}")
    return " ".join(marks)
