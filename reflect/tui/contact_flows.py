"""The app's side of the Contacts screen: the questions it asks, and the writes after them.

The Contacts screen posts what the person wants (:class:`ContactsScreen.AddFromCode` and
the others); the app, the one mediator, asks for a code, a folder or a yes, writes in a
worker through :mod:`reflect.usecases`, says what happened, and tells the Contacts screen
to read again (a contact's change is not a journal change its listeners hear).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import App

from reflect.errors import ReflectError
from reflect.journal import Journal
from reflect.tui.modals.confirm import ConfirmModal
from reflect.tui.services import Services

if TYPE_CHECKING:
    from reflect.contacts import Contact
    from reflect.tui.modals.code import CodeChoice
    from reflect.tui.screens.contacts import ContactsScreen
    from reflect.usecases import Added

# The Contacts screen and its dialogs are imported when first used, like every screen but
# the start screen: handlers are found by their names (on_contacts_screen_...).

WORDS_TIMEOUT = 30
"""Seconds a notification with check words stays: long enough to read them on a call."""


def added_message(added: Added, folder_given: bool) -> str:
    """What adding from a code did, the check words to read, and the folder they named."""
    who = added.contact.handle
    if added.new_key:
        said = f"{who} has a new key. What the old key sent you was dropped."
    elif added.same_key:
        said = f"{who} is a contact already, with this key."
    else:
        said = f"Added {who}."
    if added.words is not None:
        said += (
            f"\nCheck words: {' '.join(added.words)}\nRead them to each other: {who} must "
            "see the same six."
        )
    else:
        said += f"\nKey fingerprint {added.contact.fingerprint}: check it with them."
    hint = added.invite.folder if added.invite is not None else None
    if hint and not folder_given and added.contact.folder is None:
        said += f"\n{who} named the folder {hint}: press f to say where it is here."
    return said


class ContactFlows(App[None]):
    """Answers the Contacts screen's requests (:class:`~reflect.tui.app.ReflectApp` is one)."""

    journal: Journal
    services: Services

    def _blink(self) -> bool:
        return self.services.blink

    # -- adding and my own code -----------------------------------------------------------

    def on_contacts_screen_add_from_code(self, message: ContactsScreen.AddFromCode) -> None:
        from reflect.tui.modals.code import CodeModal

        own = message.me.public_key if message.me is not None else None

        def chosen(choice: CodeChoice | None) -> None:
            if choice is not None:
                self.add_from_code(choice)

        self.push_screen(CodeModal(own_key=own, blink=self._blink()), chosen)

    @work(thread=True, group="contacts-write")
    def add_from_code(self, choice: CodeChoice, replace: bool = False) -> None:
        from reflect.usecases import add_from_invite

        folder = Path(choice.folder).expanduser() if choice.folder else None
        try:
            added = add_from_invite(self.journal, choice.code, folder=folder, replace=replace)
        except ReflectError as error:
            self.call_from_thread(self._say_problem, str(error))
            return
        said = added_message(added, folder is not None)
        self.call_from_thread(self._say, said, "Contact added", WORDS_TIMEOUT)
        if folder is not None and not folder.is_dir():
            self.call_from_thread(self._say_missing, folder)

    def on_contacts_screen_show_invite(self, message: ContactsScreen.ShowInvite) -> None:
        from reflect.tui.modals.invite import InviteModal

        me = message.me
        self.push_screen(
            InviteModal(me.handle, me.public_key, home_folder=Path.home(), blink=self._blink())
        )

    # -- the highlighted contact -----------------------------------------------------------

    def on_contacts_screen_change_folder(self, message: ContactsScreen.ChangeFolder) -> None:
        from reflect.tui.modals.folder import FolderModal

        contact = message.contact

        def chosen(folder: str | None) -> None:
            if folder is not None:
                self.set_folder(contact, Path(folder).expanduser() if folder else None)

        self.push_screen(FolderModal(contact.handle, contact.folder, blink=self._blink()), chosen)

    @work(thread=True, group="contacts-write")
    def set_folder(self, contact: Contact, folder: Path | None) -> None:
        try:
            changed = self.journal.set_contact_folder(contact.handle, folder)
        except ReflectError as error:
            self.call_from_thread(self._say_problem, str(error))
            return
        if changed.folder is None:
            said = f"{changed.handle} has no folder now: nothing is written for them."
        else:
            said = f"You share {changed.folder} with {changed.handle}."
        self.call_from_thread(self._say, said, "Folder", None)
        if changed.folder is not None and not changed.folder.is_dir():
            self.call_from_thread(self._say_missing, changed.folder)

    def on_contacts_screen_replace_key(self, message: ContactsScreen.ReplaceKey) -> None:
        from reflect.tui.modals.code import CodeModal

        contact = message.contact
        own = message.me.public_key if message.me is not None else None

        def chosen(choice: CodeChoice | None) -> None:
            if choice is None:
                return
            question = (
                f"Replace {contact.handle}'s key with the one in this code?\n\n"
                f"Do it only if {contact.handle} told you, in their own voice, that they set "
                "reflect up again: a key that changes for no reason can mean someone else "
                f"is posing as them. What the old key sent you is dropped, your bundle for "
                f"{contact.handle} is sealed again for the new key, and your check words "
                "change: read the new ones to each other."
            )

            def answered(yes: bool | None) -> None:
                if yes:
                    self.add_from_code(choice, replace=True)

            self.push_screen(ConfirmModal(question, yes="Replace"), answered)

        modal = CodeModal(
            own_key=own,
            for_handle=contact.handle,
            current_key=contact.public_key,
            blink=self._blink(),
        )
        self.push_screen(modal, chosen)

    def on_contacts_screen_remove_contact(self, message: ContactsScreen.RemoveContact) -> None:
        handle = message.contact.handle
        question = (
            f"Remove {handle}?\n\nYour entries stop being shared with {handle} (their copy "
            f"is emptied), and what {handle} shared with you leaves this journal. You can "
            "add them again from their code."
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.remove(handle)

        self.push_screen(ConfirmModal(question, yes="Remove"), answered)

    @work(thread=True, group="contacts-write")
    def remove(self, handle: str) -> None:
        from reflect.render import plural
        from reflect.usecases import remove_contact

        try:
            removed = remove_contact(self.journal, handle)
        except ReflectError as error:
            self.call_from_thread(self._say_problem, str(error))
            return
        said = (
            f"Removed {handle}. {plural(removed.unshared, 'entry is', 'entries are')} no "
            "longer shared with them, and what they shared is gone from this journal."
        )
        self.call_from_thread(self._say, said, "Contact removed", None)

    # -- telling the person, and the screen ------------------------------------------------

    def _say(self, said: str, title: str, timeout: float | None) -> None:
        self.notify(said, title=title, timeout=timeout, markup=False)
        self._contacts_changed()

    def _say_problem(self, said: str) -> None:
        self.notify(said, title="Nothing changed", severity="error", markup=False)

    def _say_missing(self, folder: Path) -> None:
        self.notify(
            f"{folder} does not exist yet; publishing waits for it.",
            severity="warning",
            markup=False,
        )

    def _contacts_changed(self) -> None:
        """Every Contacts screen open reads again (method calls go down)."""
        from reflect.tui.screens.contacts import ContactsScreen

        for screen in self.screen_stack:
            if isinstance(screen, ContactsScreen):
                screen.reload()
