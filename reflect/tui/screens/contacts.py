"""Contacts: the people I pair with, the words to read to each of them, and our folders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from reflect.contacts import Contact
from reflect.errors import IdentityError, ReflectError
from reflect.journal import JournalChange
from reflect.render import plural
from reflect.tui.screens.base import BaseScreen
from reflect.tui.services import Services

if TYPE_CHECKING:
    from reflect.usecases import ContactView

CELL_PADDING = 2  # a DataTable pads each cell by one column on either side
NOTHING_YET = "nothing yet"


@dataclass(frozen=True)
class Me:
    """My handle and public key, for my invite code and for refusing my own code."""

    handle: str
    public_key: bytes


def received_line(view: ContactView) -> str:
    """What has arrived from them, in a few words."""
    bundle = view.received
    if bundle is None:
        return NOTHING_YET
    return plural(len(bundle.entries), "entry", "entries")


def cut_left(text: str, width: int) -> str:
    """``text`` in ``width`` columns, its start cut: the end of a path says the most."""
    return text if len(text) <= width else "…" + text[-(width - 1) :]


class ContactsScreen(BaseScreen[None]):
    """Everyone I share with or receive from, with our check words, the folder we share and
    what they sent; the highlighted one in full below the table.

    Read in a worker, and again on every journal change while on screen and when the
    person comes back to it. Changes are asked for with the messages below: the app asks
    what it must (a code, a folder, a yes) and writes, then tells this screen to read again.
    """

    class AddFromCode(Message):
        """Add someone from the invite code they sent."""

        def __init__(self, me: Me | None) -> None:
            super().__init__()
            self.me = me

    class ShowInvite(Message):
        """Show my own invite code, to send."""

        def __init__(self, me: Me) -> None:
            super().__init__()
            self.me = me

    class ChangeFolder(Message):
        """Set or change the folder shared with a contact."""

        def __init__(self, contact: Contact) -> None:
            super().__init__()
            self.contact = contact

    class ReplaceKey(Message):
        """Give a contact the key of a new invite code (after a question)."""

        def __init__(self, contact: Contact, me: Me | None) -> None:
            super().__init__()
            self.contact = contact
            self.me = me

    class RemoveContact(Message):
        """Forget a contact (after a question)."""

        def __init__(self, contact: Contact) -> None:
            super().__init__()
            self.contact = contact

    CSS_PATH = "contacts.tcss"
    BINDINGS = [
        Binding("a", "add", "Add", tooltip="Add someone from the invite code they sent you"),
        Binding("i", "invite", "My code", tooltip="Show your invite code, to send to them"),
        Binding("f", "folder", "Folder", tooltip="Set the folder you share with a contact"),
        Binding("k", "new_key", "New key", tooltip="Give a contact the key of a new code"),
        Binding("d", "remove", "Remove", tooltip="Remove a contact"),
        Binding("escape", "back", "Back"),
    ]
    COLUMNS = ("Contact", "Check words", "Folder", "From them")

    table = getters.query_one("#contacts", DataTable)
    status_line = getters.query_one("#contacts-status", Static)
    detail = getters.query_one("#contact-detail", Static)

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self.views: list[ContactView] = []
        self.me: Me | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading your contacts…", id="contacts-status")
        yield DataTable(id="contacts", cursor_type="row", zebra_stripes=True)
        yield Static("", id="contact-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.table.add_columns(*self.COLUMNS)
        self.table.focus()
        self.reflect_app.journal_changed_signal.subscribe(self, self._journal_changed)
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def _journal_changed(self, change: JournalChange) -> None:
        """Another process may have added a contact, or a bundle may have arrived."""
        if self.is_current and change.kind in ("reload", "received"):
            self.reload()

    @work(thread=True, exclusive=True, group="contacts")
    def reload(self) -> None:
        """Read the contacts, our check words, what each sent, and who I am."""
        from reflect.identity import has_identity, load_identity
        from reflect.usecases import contacts_overview

        journal = self.journal
        me, problem = None, None
        try:
            if has_identity(journal.paths):
                identity = load_identity(journal.paths)
                me = Me(identity.handle, identity.public_key_bytes)
        except IdentityError as error:
            problem = str(error)
        try:
            views = contacts_overview(journal)
        except ReflectError as error:
            self.app.call_from_thread(self._unreadable, str(error))
            return
        self.app.call_from_thread(self._show, views, me, problem)

    def _unreadable(self, reason: str) -> None:
        self.status_line.update(Content(f"Your contacts cannot be read: {reason}"))

    def _show(self, views: list[ContactView], me: Me | None, problem: str | None) -> None:
        self.views, self.me = views, me
        self._fill(views)
        if problem is not None:
            self.status_line.update(Content(f"Your identity cannot be read: {problem}"))
        elif me is None:
            self.status_line.update(
                "You have no identity for sharing yet: run reflect id init --handle NAME in "
                "a terminal, then your invite code shows here (i)."
            )
        elif not views:
            self.status_line.update(
                "No contacts yet. To pair: press i and send your code to the other person, "
                "press a and paste theirs, then read your check words to each other."
            )
        else:
            self.status_line.update(
                f"{plural(len(views), 'contact', 'contacts')}. Pair with someone new: i shows "
                "your code, a adds theirs."
            )
        self._show_detail()
        self.refresh_bindings()

    def _fill(self, views: Sequence[ContactView]) -> None:
        table = self.table
        was = table.cursor_row
        table.clear()
        width = self.size.width or self.app.size.width
        handle_width = max((len(view.contact.handle) for view in views), default=7)
        words = [self._check(view) for view in views]
        words_width = max((len(text) for text in words), default=11)
        fixed = max(handle_width, 7) + words_width + len(NOTHING_YET) + 4 * CELL_PADDING + 2
        folder_width = max(10, width - fixed)
        for view, check in zip(views, words, strict=True):
            folder = view.contact.folder
            table.add_row(
                Text(view.contact.handle),  # Text, not str: a DataTable reads a str as markup
                Text(check),
                Text(cut_left(str(folder), folder_width) if folder else "none"),
                Text(received_line(view)),
                key=view.contact.handle,
            )
        if views:
            table.move_cursor(row=min(max(was, 0), len(views) - 1))

    @staticmethod
    def _check(view: ContactView) -> str:
        return " ".join(view.words) if view.words is not None else view.contact.fingerprint

    def on_resize(self) -> None:
        if self.views:
            self._fill(self.views)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        view = self._current_view()
        self.detail.display = view is not None
        if view is None:
            return
        contact = view.contact
        if view.words is not None:
            check = f"{' '.join(view.words)}  (the same on {contact.handle}'s screen)"
        else:
            check = "shown once you have an identity"
        folder = (
            f"{contact.folder}  (both ways)"
            if contact.folder
            else "none yet: f sets the folder you share"
        )
        arrived = received_line(view)
        if view.received is not None:
            arrived += f", published {view.received.published_at.strftime('%a %d %b %Y')}"
        self.detail.update(
            Content(
                f"{contact.handle}\n"
                f"Check words  {check}\n"
                f"Folder       {folder}\n"
                f"From them    {arrived}\n"
                f"Key          {contact.fingerprint}"
            )
        )

    # -- acting on the highlighted contact ---------------------------------------------------

    def _current_view(self) -> ContactView | None:
        row = self.table.cursor_row
        return self.views[row] if 0 <= row < len(self.views) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("folder", "new_key", "remove"):
            return True if self._current_view() is not None else None
        return True

    def action_add(self) -> None:
        self.post_message(self.AddFromCode(self.me))

    def action_invite(self) -> None:
        if self.me is None:
            self.notify(
                "You need an identity first: run reflect id init --handle NAME in a terminal.",
                title="No invite code yet",
            )
            return
        self.post_message(self.ShowInvite(self.me))

    def action_folder(self) -> None:
        view = self._current_view()
        if view is not None:
            self.post_message(self.ChangeFolder(view.contact))

    def action_new_key(self) -> None:
        view = self._current_view()
        if view is not None:
            self.post_message(self.ReplaceKey(view.contact, self.me))

    def action_remove(self) -> None:
        view = self._current_view()
        if view is not None:
            self.post_message(self.RemoveContact(view.contact))

    def action_back(self) -> None:
        self.dismiss(None)
