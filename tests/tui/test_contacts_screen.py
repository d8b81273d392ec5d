"""The Contacts screen: pair from a code, see the check words, set a folder, replace a key
and remove a contact, each destructive step only after a yes."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, DataTable, Input, Static

from reflect.check_words import check_words_text
from reflect.contacts import Contact
from reflect.invite import invite_code
from reflect.journal import Journal
from reflect.tui.modals.code import CodeModal
from reflect.tui.modals.confirm import ConfirmModal
from reflect.tui.modals.folder import FolderModal
from reflect.tui.modals.invite import InviteModal
from reflect.tui.screens.contacts import ContactsScreen
from tests.tui.conftest import AppFactory, fixed_identity, settle


def _row(screen: ContactsScreen, index: int = 0) -> list[str]:
    return [str(cell) for cell in screen.query_one("#contacts", DataTable).get_row_at(index)]


async def test_c_opens_contacts_and_a_adds_from_a_code(
    make_app: AppFactory, isolated_home: Path, tmp_path: Path
) -> None:
    sam = fixed_identity(isolated_home, "sam", 1)
    dana = fixed_identity(tmp_path / "dana", "dana", 2)
    code = invite_code("dana", dana.public_key_bytes, "~/Sync/reflect")
    shared = tmp_path / "shared"
    shared.mkdir()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, ContactsScreen)
        assert "No contacts yet" in str(app.screen.query_one("#contacts-status", Static).render())
        await pilot.press("a")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, CodeModal)
        modal.query_one("#code-text", Input).insert_text_at_cursor(f"  {code}\n")
        await pilot.pause()
        preview = str(modal.query_one("#code-preview", Static).render())
        assert preview == "From dana. They named the folder ~/Sync/reflect."
        await pilot.press("enter")  # on to the folder
        modal.query_one("#code-folder", Input).insert_text_at_cursor(str(shared))
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ContactsScreen)
        words = check_words_text(sam.public_key_bytes, dana.public_key_bytes)
        assert _row(screen)[:2] == ["dana", words]
        detail = str(screen.query_one("#contact-detail", Static).render())
        assert words in detail and str(shared) in detail and "nothing yet" in detail
        shown = [notice.message for notice in app._notifications]
        assert any(f"Check words: {words}" in message for message in shown)
    assert Journal.open(isolated_home).contact("dana") == Contact(
        "dana", dana.public_key_bytes, shared
    )


async def test_a_bad_code_says_why_and_adds_nothing(
    make_app: AppFactory, isolated_home: Path
) -> None:
    sam = fixed_identity(isolated_home, "sam", 1)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        modal = app.screen
        field = modal.query_one("#code-text", Input)
        good = invite_code("dana", bytes(range(1, 33)))
        for text, says in (
            (good[:-1] + ("0" if good[-1] != "0" else "1"), "changed on the way"),
            (invite_code("sam", sam.public_key_bytes), "That is your own code"),
            ("[b]hello[/b]", "not an invite code"),
        ):
            field.value = text
            await pilot.pause()
            assert says in str(modal.query_one("#code-preview", Static).render())
            assert modal.query_one("#code-add", Button).disabled
            await pilot.press("enter")
            assert app.screen is modal  # still asking
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, ContactsScreen)
    assert Journal.open(isolated_home).contacts() == []


async def test_remove_asks_first_and_folder_changes(
    make_app: AppFactory, isolated_home: Path, tmp_path: Path
) -> None:
    fixed_identity(isolated_home, "sam", 1)
    dana = fixed_identity(tmp_path / "dana", "dana", 2)
    app = make_app()
    app.journal.add_contact(Contact("dana", dana.public_key_bytes))
    folder = tmp_path / "[b]shared[/b]"  # a folder's name is text, never markup
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FolderModal)
        app.screen.query_one("#folder-path", Input).value = str(folder)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ContactsScreen)
        assert str(folder) in str(screen.query_one("#contact-detail", Static).render())
        assert app.journal.contact("dana").folder == folder

        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(app, pilot)
        assert [view.contact.handle for view in screen.views] == ["dana"]
        await pilot.press("d")
        await pilot.pause()
        question = str(app.screen.query_one(".question", Static).render())
        assert "Remove dana?" in question and "leaves this journal" in question
        await pilot.press("y")
        await settle(app, pilot)
        assert screen.views == [] and screen.query_one("#contacts", DataTable).row_count == 0
    assert Journal.open(isolated_home).contacts() == []


async def test_a_new_key_comes_from_a_new_code_after_a_yes(
    make_app: AppFactory, isolated_home: Path, tmp_path: Path
) -> None:
    sam = fixed_identity(isolated_home, "sam", 1)
    dana = fixed_identity(tmp_path / "dana", "dana", 2)
    again = fixed_identity(tmp_path / "dana-again", "dana", 3)
    app = make_app()
    app.journal.add_contact(Contact("dana", dana.public_key_bytes, tmp_path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("k")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, CodeModal) and not modal.query("#code-folder")
        field = modal.query_one("#code-text", Input)
        field.value = invite_code("dana", dana.public_key_bytes)
        await pilot.pause()
        assert "has already" in str(modal.query_one("#code-preview", Static).render())
        field.value = invite_code("lee", again.public_key_bytes)
        await pilot.pause()
        assert "not dana" in str(modal.query_one("#code-preview", Static).render())
        field.value = invite_code("dana", again.public_key_bytes)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        assert "posing as them" in str(app.screen.query_one(".question", Static).render())
        await pilot.press("y")
        await settle(app, pilot)
        words = check_words_text(sam.public_key_bytes, again.public_key_bytes)
        screen = app.screen
        assert isinstance(screen, ContactsScreen) and _row(screen)[:2] == ["dana", words]
    assert Journal.open(isolated_home).contact("dana") == Contact(
        "dana", again.public_key_bytes, tmp_path
    )


async def test_my_code_is_shown_plainly(make_app: AppFactory, isolated_home: Path) -> None:
    sam = fixed_identity(isolated_home, "sam", 1)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("i")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, InviteModal)
        shown = modal.query_one("#invite-code", Static)
        assert str(shown.render()) == invite_code("sam", sam.public_key_bytes)
        modal.query_one("#invite-folder", Input).value = "/srv/reflect [team]"
        await pilot.pause()
        assert str(shown.render()) == invite_code(
            "sam", sam.public_key_bytes, "/srv/reflect [team]"
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)


async def test_without_an_identity_the_screen_says_how_to_make_one(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        status = str(app.screen.query_one("#contacts-status", Static).render())
        assert "reflect id init --handle NAME" in status
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ContactsScreen)  # no code to show yet


def test_help_lists_the_contacts_keys() -> None:
    from textual.content import Content

    from reflect.tui.screens.help import help_text

    shown = Content.from_markup(help_text()).plain
    assert "Contacts\n" in shown and "Add someone from the invite code they sent you" in shown
    assert "c            Contacts" in shown  # from the start screen
