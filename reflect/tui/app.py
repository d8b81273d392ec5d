"""The reflect app: screens over one journal, built with its dependencies passed in."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.theme import Theme
from textual.worker import get_current_worker

from reflect.clock import Clock, system_clock
from reflect.config import Config, ConfigError, load_config, save_setting
from reflect.drafts import Draft
from reflect.journal import Journal
from reflect.model import Entry
from reflect.paths import HomePaths
from reflect.prompts import PromptLibrary
from reflect.tui.messages import EditEntry
from reflect.tui.screens.today import TodayScreen
from reflect.tui.services import Services

if TYPE_CHECKING:
    from reflect.match import MatchIndex
    from reflect.meaning import MeaningSearch

# Screens other than Today are imported when first opened: the first paint comes sooner.


WARM_UP_SHOWN_FROM = 200
"""A first reading of this many texts or more shows its progress in From your past."""

_EXIT_SIGNALS = tuple(
    number for number in (getattr(signal, "SIGHUP", None), signal.SIGTERM) if number is not None
)


class ReflectApp(App[None]):
    """End-of-shift reflections. Tests build it with a temporary journal and a fixed clock.

    The app owns what changes during a run: :attr:`journal`, :attr:`match_index`,
    :attr:`meaning` and :attr:`journal_error`. They are set on the UI thread only (workers
    hand what they found back with ``call_from_thread``), so a screen reading them on the
    UI thread never sees one half-changed. What never changes is in :attr:`services`.
    """

    CSS_PATH = "app.tcss"
    TITLE = "reflect"
    SUB_TITLE = "end-of-shift reflection"
    BINDINGS = [
        Binding("f1", "open_help", "Help", show=False, priority=True),
        Binding("ctrl+q", "quit", "Quit", show=False, priority=True),
    ]

    def __init__(
        self,
        journal: Journal,
        *,
        clock: Clock = system_clock,
        prompts: PromptLibrary | None = None,
        config: Config | None = None,
        blink: bool = True,
        demo: bool = False,
        meaning: MeaningSearch | None = None,
    ) -> None:
        super().__init__()
        self.demo = demo
        self._demo_folder: Path | None = None
        """The temporary home of a demo opened from the welcome screen, removed on exit."""
        if demo:
            self.sub_title = "demo journal: thrown away when you quit"
        paths = HomePaths(journal.paths.home)
        self.config = config or Config()
        self.services = Services(
            clock, prompts or PromptLibrary.bundled(), paths.config, self.config, blink=blink
        )
        self.journal = journal
        """The journal shown: the person's own, or a demo copy once they chose it."""
        self.match_index: MatchIndex | None = None
        """Built once per journal, in a worker, then kept in step with every write."""
        self.meaning: MeaningSearch | None = None
        """Set once the meaning model has loaded (unless ``semantic = false``); until then,
        and if it fails, From your past matches by words and themes."""
        self.journal_error: str | None = None
        """Why the journal cannot be read (corrupt, newer schema); writing is then refused."""
        self._meaning = meaning
        """Given by tests; otherwise made from the config (the model ships with reflect)."""
        self.meaning_progress = (0, 0)
        """(done, total) of the first reading of the journal's meaning, for new panels."""

    def on_mount(self) -> None:
        # Closing the terminal (SIGHUP) or a polite kill (SIGTERM) exits like ctrl+q, so the
        # reflection screen writes its draft on the way out instead of dying mid-sentence.
        loop = asyncio.get_running_loop()
        for number in _EXIT_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self.exit)
        if self.config.theme and self.config.theme in self.available_themes:
            self.theme = self.config.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        # Pushed rather than returned from get_default_screen: Textual loads a screen's
        # CSS_PATH only for screens it pushes.
        self.push_screen(TodayScreen(self.services))

    class MeaningProgress(Message):
        """How far the first reading of the journal's meaning has come (``done == total``:
        finished). Sent from the app's own worker; open From your past panels show it."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    @on(TodayScreen.JournalLoaded)
    def _journal_loaded(self) -> None:
        """Index for "From your past" once the start screen has what it needs: building
        it earlier would compete with the first paint and the first read."""
        if self.match_index is None:
            self.prepare_matching()

    @on(TodayScreen.JournalUnreadable)
    def _remember_journal_error(self, message: TodayScreen.JournalUnreadable) -> None:
        self.journal_error = message.reason

    @work(thread=True, exclusive=True, group="match-index")
    def prepare_matching(self) -> None:
        """Index the journal once for "From your past"; it then follows every write."""
        from reflect.errors import ReflectError
        from reflect.match import MatchIndex
        from reflect.shorthand import remember_corrections

        journal = self.journal
        keep_corrections = remember_corrections(HomePaths(journal.paths.home).cache)
        index = MatchIndex()
        try:
            index.attach(journal)
        except ReflectError:
            return  # the start screen reports an unreadable journal
        keep_corrections()
        if get_current_worker().is_cancelled:
            return  # the demo replaced this journal meanwhile, or the app is closing
        self.call_from_thread(self._matching_ready, journal, index)
        self._prepare_meaning(journal, index)

    def _matching_ready(self, journal: Journal, index: MatchIndex) -> None:
        if journal is self.journal:  # not an index of a journal the demo has replaced
            self.match_index = index

    def drop_meaning(self) -> None:
        """The meaning model failed: From your past matches by words and themes from now on."""
        self.meaning = None

    def _prepare_meaning(self, journal: Journal, index: MatchIndex) -> None:
        """Load the meaning model here, off the UI thread, then read what the journal's
        entries mean, newest first, a batch at a time: searches use meaning from the moment
        the model is loaded (entries not read yet count by words and themes), and a warm-up
        interrupted by quitting carries on next time (every batch is kept)."""
        from reflect.errors import ReflectError
        from reflect.meaning import MeaningUnavailable, load_meaning

        meaning = self.meaning or self._meaning
        if meaning is None:
            meaning = load_meaning(self.config, HomePaths(journal.paths.home).cache)
        if meaning is None:
            return
        try:
            meaning.prepare()
        except MeaningUnavailable as error:
            self.call_from_thread(
                self.notify,
                f"{error}. From your past matches by words and themes.",
                title="From your past",
                severity="warning",
                markup=False,
            )
            return
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        self.call_from_thread(self._meaning_ready, meaning)

        def progress(done: int, total: int) -> None:
            if total >= WARM_UP_SHOWN_FROM:
                self.post_message(self.MeaningProgress(done, total))

        try:
            meaning.embed_missing(index, progress=progress, stop=lambda: worker.is_cancelled)
        except (MeaningUnavailable, ReflectError):
            if not worker.is_cancelled:
                self.call_from_thread(self.drop_meaning)
        self.post_message(self.MeaningProgress(1, 1))
        journal.subscribe(self._embed_after_change)

    def _meaning_ready(self, meaning: MeaningSearch) -> None:
        self.meaning = meaning

    def _embed_after_change(self, change: object) -> None:
        """A save (or a mentor's bundle): read what the new entries mean, off the UI
        thread. Listeners run on whichever thread wrote, so this only schedules; it is
        subscribed after the match index, which has therefore taken the change in."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._embed_new)

    @work(thread=True, exclusive=True, group="meaning-new")
    def _embed_new(self) -> None:
        from reflect.errors import ReflectError
        from reflect.meaning import MeaningUnavailable

        meaning, index = self.meaning, self.match_index
        if meaning is None or index is None:
            return
        worker = get_current_worker()
        try:
            meaning.embed_missing(index, stop=lambda: worker.is_cancelled)
        except (MeaningUnavailable, ReflectError):
            if not worker.is_cancelled:
                self.call_from_thread(self.drop_meaning)

    def write_draft_now(self) -> None:
        """Write the reflection being typed, from any thread (for the closing guard, which
        cannot count on the event loop)."""
        from reflect.tui.screens.reflect import ReflectScreen

        for screen in list(self.screen_stack):
            if isinstance(screen, ReflectScreen):
                screen.store_draft_now()

    def exit_soon(self) -> None:
        """Ask for a normal exit from any thread, without waiting for the loop to answer."""
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self.exit)

    def on_unmount(self) -> None:
        if self._demo_folder is not None:
            import shutil

            shutil.rmtree(self._demo_folder, ignore_errors=True)
        loop = asyncio.get_running_loop()
        for number in _EXIT_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.remove_signal_handler(number)

    @on(MeaningProgress)
    def _meaning_progress(self, message: ReflectApp.MeaningProgress) -> None:
        self.meaning_progress = (message.done, message.total)
        from reflect.tui.widgets.past_panel import PastPanel

        for panel in self.screen.query(PastPanel):
            panel.show_progress(message.done, message.total)

    @on(TodayScreen.DraftWaiting)
    def _offer_draft(self, message: TodayScreen.DraftWaiting) -> None:
        """Sent by the start screen's first load: offer to resume the draft."""
        from reflect.tui.modals.resume import ResumeDraftModal

        self.push_screen(ResumeDraftModal(message.draft), self._resume_or_not)

    @on(TodayScreen.FirstRun)
    def _welcome(self) -> None:
        if self.demo or self.config.welcomed:
            return
        from reflect.tui.modals.welcome import WelcomeModal

        self.push_screen(WelcomeModal(), self._after_welcome)

    def _after_welcome(self, choice: str | None) -> None:
        self._remember("welcomed", True)
        if choice == "demo":
            self.switch_to_demo()

    def switch_to_demo(self) -> None:
        """Swap in a throwaway copy of the demo journal; the person's own stays untouched."""
        import tempfile

        from reflect.demo import fill_demo

        folder = Path(tempfile.mkdtemp(prefix="reflect-demo-"))
        fill_demo(folder)
        self._demo_folder = folder
        self.demo = True
        self.sub_title = "demo journal: thrown away when you quit"
        self.journal = Journal.open(folder, clock=self.services.clock, check_now=False)
        self.match_index = None
        self.prepare_matching()
        if isinstance(self.screen, TodayScreen):
            self.screen.refresh_status()

    def _resume_or_not(self, choice: str | None) -> None:
        drafts = self.journal.drafts()
        if not drafts:
            return
        if choice == "resume":
            self.open_reflect(drafts[0])
        elif choice == "discard":
            self.journal.discard_draft(drafts[0].id)
            self.notify("The unfinished reflection was discarded.")

    def _remember_theme(self, theme: Theme) -> None:
        self._remember("theme", theme.name)

    @work(thread=True, group="config")
    def _remember(self, key: str, value: str | bool) -> None:
        """Settings go to the person's own config.toml, even while the demo is open."""
        try:
            save_setting(self.services.config_path, key, value)
        except ConfigError as error:
            self.call_from_thread(self.notify, str(error), severity="warning", markup=False)

    # -- navigation (screens bind keys to these as "app.<action>") ----------------------

    def open_reflect(self, draft: Draft | None = None, entry: Entry | None = None) -> None:
        """Start (or resume) a reflection; with ``entry``, edit it."""
        from reflect.tui.screens.reflect import ReflectScreen

        self.push_screen(
            ReflectScreen(self.services, draft=draft, entry=entry), self._after_reflect
        )

    def _after_reflect(self, saved: Entry | None) -> None:
        if saved is not None:
            self.notify(
                "Saved. Thank you for taking a moment for yourself.", title="Reflection saved"
            )

    def journal_unreadable(self) -> bool:
        """Refuse to open writing screens on a journal that cannot be read: nothing typed
        there could be kept."""
        if self.journal_error is None:
            return False
        self.notify(self.journal_error, title="Journal unreadable", severity="error", markup=False)
        return True

    def action_reflect(self) -> None:
        if self.journal_unreadable():
            return
        drafts = [draft for draft in self.journal.drafts() if draft.entry_id is None]
        self.open_reflect(drafts[0] if drafts else None)

    @on(EditEntry)
    def _edit_entry(self, message: EditEntry) -> None:
        self.open_reflect(entry=message.entry)

    def action_open_journal(self) -> None:
        if self.journal_unreadable():
            return
        from reflect.tui.screens.journal import JournalScreen

        self.push_screen(JournalScreen(self.services))

    def action_open_summary(self) -> None:
        if self.journal_unreadable():
            return
        from reflect.tui.screens.summary import SummaryScreen

        self.push_screen(SummaryScreen(self.services))

    def action_open_mentor(self) -> None:
        if self.journal_unreadable():
            return
        from reflect.tui.screens.mentor import MentorScreen

        self.push_screen(MentorScreen(self.services))

    def action_open_help(self) -> None:
        from reflect.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # ctrl+p moves back a step in the reflection flow; elsewhere it opens the palette.
        return not (action == "command_palette" and getattr(self.screen, "OWNS_CTRL_P", False))

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Reflect", "Write tonight's reflection", self.action_reflect)
        yield SystemCommand("Journal", "Read, search, edit past entries", self.action_open_journal)
        yield SystemCommand("Summary", "The month at a glance", self.action_open_summary)
        yield SystemCommand("Mentor", "What others shared with you", self.action_open_mentor)
        yield SystemCommand("Help", "Every key binding of every screen", self.action_open_help)


def build_app(
    home: Path,
    *,
    clock: Clock = system_clock,
    prompts: PromptLibrary | None = None,
    demo: bool = False,
) -> ReflectApp:
    """The app for a home folder (the CLI and tests use this)."""
    config = load_config(HomePaths(home).config)
    journal = Journal.open(home, clock=clock, keep_backups=config.keep_backups, check_now=False)
    return ReflectApp(journal, clock=clock, prompts=prompts, config=config, demo=demo)


def run_app(app: ReflectApp) -> None:
    """Run the app so that a closing signal ends it within seconds, the draft written
    first, whatever state the terminal is in (see :mod:`reflect.tui.closing`)."""
    from reflect.tui.closing import closing_guard

    with closing_guard(app):
        app.run()
