"""The reflect app: screens over one journal, built with its dependencies passed in.

Navigation goes one way: **only the app pushes screens**, modal ones included. A key that
needs nothing from the screen it is pressed on is bound to an app action
(``app.reflect``, ``app.open_journal``, ...). A screen that wants to go somewhere with
something it holds (an entry, a day) posts a request up (:mod:`reflect.tui.messages`, or
a message nested in that screen when it alone sends it) and the app, the one mediator,
decides. The questions asked before the journal is changed (delete? share with whom?)
are the app's too: each is asked one way, whichever screen it is asked from, and what
the write changed reaches every screen as a journal change, not as a reply.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import events, on, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.markup import escape
from textual.message import Message
from textual.screen import Screen
from textual.signal import Signal
from textual.theme import Theme
from textual.worker import Worker, get_current_worker

from reflect.clock import Clock, system_clock
from reflect.config import Config, ConfigError, load_config, save_setting
from reflect.drafts import Draft
from reflect.errors import ReflectError
from reflect.journal import Journal, JournalChange
from reflect.model import Entry
from reflect.paths import HomePaths
from reflect.prompts import PromptLibrary
from reflect.tui.contact_flows import ContactFlows
from reflect.tui.messages import DeleteEntry, EditEntry, OpenEntry, ReplyTo
from reflect.tui.screens.today import TodayScreen
from reflect.tui.services import Services

if TYPE_CHECKING:
    from reflect.match import MatchIndex
    from reflect.meaning import MeaningSearch
    from reflect.tui.screens.journal import JournalScreen
    from reflect.tui.screens.summary import SummaryScreen

# Screens other than Today are imported when first opened: the first paint comes sooner.


WARM_UP_SHOWN_FROM = 200
"""A first reading of this many texts or more shows its progress in From your past."""

_EXIT_SIGNALS = tuple(
    number for number in (getattr(signal, "SIGHUP", None), signal.SIGTERM) if number is not None
)


class ReflectApp(ContactFlows):
    """End-of-shift reflections. Tests build it with a temporary journal and a fixed clock.

    What the Contacts screen asks for is answered in :class:`ContactFlows`.

    The app owns what changes during a run: :attr:`journal`, :attr:`match_index`,
    :attr:`meaning` and :attr:`journal_error`. They are set on the UI thread only (workers
    hand what they found back with ``call_from_thread``), so a screen reading them on the
    UI thread never sees one half-changed. What never changes is in :attr:`services`.
    """

    IDLE_CHECK_INTERVAL: ClassVar[float] = 5.0
    """Seconds between two looks at how long no key was pressed (an encrypted journal's
    app locks itself after ``lock_after_minutes``)."""
    CHANGE_CHECK_INTERVAL: ClassVar[float] = 1.0
    """Seconds between two looks for writes by others (the CLI, a second reflect, a
    mentor's bundle): each is a ``stat`` in a worker, and only a changed file is read.
    The Mentor screen looks at its inbox folders as often. Tests shorten it."""

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
        self.journal_changed_signal: Signal[JournalChange] = Signal(self, "journal-changed")
        """Published on the UI thread after every change to :attr:`journal`, ours or
        another process's: the screens showing it subscribe, and each decides what to
        show again."""
        self._looking: Worker[None] | None = None
        """The look for others' writes under way, if one is."""
        self.meaning_progress = (0, 0)
        """(done, total) of the first reading of the journal's meaning, for new panels."""
        from reflect.vault import KEYRING, is_encrypted

        self._own_home = journal.paths.home
        """The person's home: the one to unlock and lock, even while a demo is shown."""
        self.encrypted = is_encrypted(journal.paths.home)
        """Whether the journal is encrypted: then nothing is read before its passphrase is
        given, and the app locks itself after ``lock_after_minutes`` without a key."""
        self.locked = self.encrypted and KEYRING.get(journal.paths.home) is None
        """Whether the passphrase is being asked for (at the start, or after time away)."""
        self._last_activity = time.monotonic()

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
        if self.encrypted and self.config.lock_after_minutes > 0:
            self.set_interval(self.IDLE_CHECK_INTERVAL, self._lock_if_idle)
        if self.locked:  # nothing of the journal is read before its passphrase is given
            self._ask_passphrase("start", self._start)
        else:
            self._start()

    def _start(self, unlocked: bool | None = True) -> None:
        """Follow the journal and show the start screen (which reads it in a worker)."""
        self._follow(self.journal)
        self.set_interval(self.CHANGE_CHECK_INTERVAL, self._look_for_changes)
        # Pushed rather than returned from get_default_screen: Textual loads a screen's
        # CSS_PATH only for screens it pushes.
        self.push_screen(TodayScreen(self.services))

    # -- an encrypted journal: unlocking, and locking after time away --------------------

    def _ask_passphrase(
        self, why: Literal["start", "idle"], then: Callable[[bool | None], None]
    ) -> None:
        from reflect.tui.screens.unlock import UnlockScreen

        self.locked = True

        def unlocked(result: bool | None) -> None:
            self.locked = False
            self._last_activity = time.monotonic()
            then(result)

        self.push_screen(UnlockScreen(self.services, self._own_home, why=why), unlocked)

    async def on_event(self, event: events.Event) -> None:
        """Any key, click or scroll counts as someone being there (for the idle lock)."""
        if isinstance(event, events.Key | events.MouseDown | events.MouseScrollDown
                      | events.MouseScrollUp | events.Paste):  # fmt: skip
            self._last_activity = time.monotonic()
        await super().on_event(event)

    def _lock_if_idle(self) -> None:
        minutes = self.config.lock_after_minutes
        idle = time.monotonic() - self._last_activity
        if minutes > 0 and not self.locked and idle >= minutes * 60:
            self.action_lock()

    def action_lock(self) -> None:
        """Lock an encrypted journal now: the draft is written first, then the key is
        forgotten and the passphrase screen covers every other."""
        if not self.encrypted or self.locked or self.demo:
            return
        from reflect.encryption import lock_home
        from reflect.tui.screens.reflect import ReflectScreen

        for screen in list(self.screen_stack):
            if isinstance(screen, ReflectScreen):
                problem = screen.save_before_lock()
                if problem:  # never lock away words that are not on disk
                    self.notify(problem, severity="error", markup=False)
                    return
        lock_home(self._own_home)
        self._ask_passphrase("idle", lambda _: None)

    class MeaningProgress(Message):
        """How far the first reading of the journal's meaning has come (``done == total``:
        finished). Sent from the app's own worker; open From your past panels show it."""

        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    class JournalChanged(Message):
        """The journal changed: a write of ours (from whichever thread made it), or one
        by another process that a look noticed. Posted from the journal's listener; the UI
        thread then tells the screens."""

        def __init__(self, journal: Journal, change: JournalChange) -> None:
            super().__init__()
            self.journal = journal
            self.change = change

    def _follow(self, journal: Journal) -> None:
        """Hear of every change to ``journal``. Listeners run on the thread that wrote, so
        this one only posts a message (``post_message`` is thread-safe)."""

        def changed(change: JournalChange) -> None:
            self.post_message(self.JournalChanged(journal, change))

        journal.subscribe(changed)

    @on(JournalChanged)
    def _journal_changed(self, message: ReflectApp.JournalChanged) -> None:
        if message.journal is self.journal:  # not the journal the demo replaced
            self.journal_changed_signal.publish(message.change)

    def _look_for_changes(self) -> None:
        """Every :attr:`CHANGE_CHECK_INTERVAL`: one look at a time, so that on a slow or
        unreachable disk the looks wait for each other instead of piling up in threads."""
        if self._looking is None or self._looking.is_finished:
            self._looking = self._look_at_journal(self.journal)

    @work(thread=True, group="changes")
    def _look_at_journal(self, journal: Journal) -> None:
        """A ``stat`` of journal.json; the file is read, here and not on the UI thread,
        only if another process wrote it, and its listeners then hear a ``"reload"``."""
        with contextlib.suppress(ReflectError):  # unreadable now: its next reader says so
            journal.reload_if_changed()

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
        from reflect.match import MatchIndex, analysis_cache_for, keep, load_kept
        from reflect.shorthand import remember_corrections

        journal = self.journal
        cache = HomePaths(journal.paths.home).cache
        keep_corrections = remember_corrections(cache)
        analysis = analysis_cache_for(cache)  # what the last run (or `reflect similar`) cut
        index = MatchIndex(analysis=analysis)
        try:
            index.attach(journal, kept=load_kept(cache))  # the last run's index, if it fits
        except ReflectError:
            return  # the start screen reports an unreadable journal
        if get_current_worker().is_cancelled:
            return  # the demo replaced this journal meanwhile, or the app is closing
        self.call_from_thread(self._matching_ready, journal, index)
        keep_corrections()  # what this run learnt, kept once the index is in use
        analysis.save()
        keep(index, cache)
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
        self.journal = Journal.open(
            folder,
            clock=self.services.clock,
            check_now=False,
            day_starts_at=self.services.config.day_starts_at,
        )
        self.match_index = None
        self._follow(self.journal)
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

    # -- navigation: app actions (bound as "app.<action>") and the screens' requests -----

    def open_reflect(self, draft: Draft | None = None, entry: Entry | None = None) -> None:
        """Start (or resume) a reflection; with ``entry``, edit it."""
        from reflect.tui.screens.reflect import ReflectScreen

        after = self._after_edit if entry is not None else self._after_reflect
        self.push_screen(ReflectScreen(self.services, draft=draft, entry=entry), after)

    def _after_edit(self, saved: Entry | None) -> None:
        if saved is not None:
            self.notify("Your changes are saved.", title="Entry saved")

    def _after_reflect(self, saved: Entry | None) -> None:
        """Tonight's reflection saved: the closing moment, unless the person turned it off."""
        if saved is None:
            return
        config = self.services.config
        if not config.closing_moment:
            self.notify(
                "Saved. Thank you for taking a moment for yourself.", title="Reflection saved"
            )
            return
        from reflect.tui.screens.goodnight import GoodnightScreen

        def done(close: bool | None) -> None:
            if close:
                self.exit()

        self.push_screen(GoodnightScreen(self.services, close=config.close_after_saving), done)

    def action_jot(self) -> None:
        """One line during the shift, kept for tonight's reflection."""
        if self.journal_unreadable():
            return
        from reflect.tui.modals.jot import JotModal

        def typed(text: str | None) -> None:
            if text is not None:
                self.keep_jot(text)

        self.push_screen(JotModal(blink=self.services.blink), typed)

    @work(thread=True, group="jot")
    def keep_jot(self, text: str) -> None:
        try:
            self.journal.jot(text)
        except ReflectError as error:
            self.call_from_thread(self.notify, f"Not kept: {error}", severity="error", markup=False)
            return
        self.call_from_thread(self.notify, "Jotted. It waits for tonight's reflection.")
        self.call_from_thread(self._jotted)

    def _jotted(self) -> None:
        """The start screen counts the jots waiting: it reads them again."""
        from reflect.tui.screens.today import TodayScreen

        if isinstance(self.screen, TodayScreen):
            self.screen.refresh_status()

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

    @on(OpenEntry)
    def _open_entry(self, message: OpenEntry) -> None:
        from reflect.tui.screens.entry import EntryScreen

        self.push_screen(EntryScreen(self.services, message.entry, author=message.author))

    @on(ReplyTo)
    def _ask_for_reply(self, message: ReplyTo) -> None:
        from reflect.tui.modals.reply import ReplyModal

        entry, author = message.entry, message.author

        def typed(text: str | None) -> None:
            if text is not None:
                self.send_reply(entry.id, author, text)

        self.push_screen(ReplyModal(entry, author, blink=self.services.blink), typed)

    @work(thread=True, group="reply")
    def send_reply(self, entry_id: str, author: str, text: str) -> None:
        """Keep the reply and publish it to its author, off the UI thread."""
        from reflect.usecases import reply_to

        try:
            done = reply_to(self.journal, entry_id, text)
        except ReflectError as error:
            self.call_from_thread(self.notify, f"Not sent: {error}", severity="error", markup=False)
            return
        sent = (
            f"Reply sent to {author}."
            if done.reached
            else (
                f"Reply kept. It travels to {author} with your next publish "
                "(their folder cannot be reached now)."
            )
        )
        if done.redacted:
            sent += f" Customer details replaced: {', '.join(done.redacted)}."
        self.call_from_thread(self.notify, sent, markup=False)
        self.call_from_thread(self.journal_changed_signal.publish, JournalChange("received"))

    @on(DeleteEntry)
    def _ask_to_delete(self, message: DeleteEntry) -> None:
        """The one question before an entry is deleted, wherever the person asked."""
        from reflect.tui.modals.confirm import ConfirmModal

        entry = message.entry
        day = entry.shift_date.strftime("%A %d %B %Y")
        question = f"Delete the entry of {day}?\nThis cannot be undone."

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete_entry(entry)

        self.push_screen(ConfirmModal(question, yes="Delete"), answered)

    @work(thread=True, group="delete")
    def delete_entry(self, entry: Entry) -> None:
        """The write (and withdrawing the entry from its readers) happens off the UI thread;
        the screens showing the entry hear of it as a journal change."""
        message = deleted_message(self.journal, entry)
        if message is not None:
            self.call_from_thread(self.notify, message, markup=False)

    def on_journal_screen_share_entry(self, message: JournalScreen.ShareEntry) -> None:
        """Tick the contacts who may read the entry; publish to them."""
        from reflect.tui.modals.share import ShareModal

        entry = message.entry
        handles = [contact.handle for contact in self.journal.contacts()]
        if not handles:
            self.notify("No contacts yet: c on the start screen pairs you with someone.")
            return

        def chosen(readers: frozenset[str] | None) -> None:
            if readers is not None:
                self.apply_sharing(entry, readers)

        self.push_screen(ShareModal(entry, handles), chosen)

    @work(thread=True, exclusive=True, group="share")
    def apply_sharing(self, entry: Entry, chosen: frozenset[str]) -> None:
        from reflect.usecases import change_readers

        before = set(entry.shared_with)
        try:
            readers = change_readers(
                self.journal, entry.id, add=chosen - before, remove=before - chosen
            )
        except ReflectError as error:
            self.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        sent = escape(", ".join(readers.reached))  # handles, shown in a markup notification
        shared = escape(", ".join(sorted(chosen)))
        message = f"Shared with {shared}." if chosen else "Private now."
        if sent:
            message += f" Published to {sent}."
        self.call_from_thread(self.notify, message)

    def on_summary_screen_open_day(self, message: SummaryScreen.OpenDay) -> None:
        self.action_open_journal(when=message.day.isoformat())

    def action_open_journal(self, when: str = "") -> None:
        """The journal; ``when`` starts it filtered (the summary opens a day this way)."""
        if self.journal_unreadable():
            return
        from reflect.tui.screens.journal import JournalScreen

        self.push_screen(JournalScreen(self.services, when=when))

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

    def action_open_contacts(self) -> None:
        if self.journal_unreadable():
            return
        from reflect.tui.screens.contacts import ContactsScreen

        self.push_screen(ContactsScreen(self.services))

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
        yield SystemCommand(
            "Contacts", "Pair with someone by a code; check words", self.action_open_contacts
        )
        yield SystemCommand("Help", "Every key binding of every screen", self.action_open_help)


def deleted_message(journal: Journal, entry: Entry) -> str | None:
    """Delete ``entry`` and withdraw it from its readers; what to tell the person (call from
    a worker: publishing writes files)."""
    from reflect.usecases import delete_entry

    try:
        deleted = delete_entry(journal, entry.id)
    except ReflectError as error:
        return str(error)
    missing = deleted.not_withdrawn
    if missing:
        return (
            f"Entry deleted. {', '.join(missing)} can still read it until their folder is "
            "reachable: `reflect publish` withdraws it then."
        )
    if deleted.entry.shared_with:
        return f"Entry deleted, and withdrawn from {', '.join(deleted.entry.shared_with)}."
    return "Entry deleted."


def build_app(
    home: Path,
    *,
    clock: Clock = system_clock,
    prompts: PromptLibrary | None = None,
    demo: bool = False,
) -> ReflectApp:
    """The app for a home folder (the CLI and tests use this)."""
    config = load_config(HomePaths(home).config)
    journal = Journal.open(
        home,
        clock=clock,
        keep_backups=config.keep_backups,
        check_now=False,
        day_starts_at=config.day_starts_at,
    )
    return ReflectApp(journal, clock=clock, prompts=prompts, config=config, demo=demo)


def run_app(app: ReflectApp) -> None:
    """Run the app so that a closing signal ends it within seconds, the draft written
    first, whatever state the terminal is in (see :mod:`reflect.tui.closing`)."""
    from reflect.tui.closing import closing_guard

    with closing_guard(app):
        app.run()
