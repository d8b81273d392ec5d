"""Share from the Journal screen, publish, and read it on the mentor's Mentor screen."""

from pathlib import Path

from textual.widgets import DataTable, Static

from reflect.contacts import Contact
from reflect.identity import create_identity
from reflect.journal import Journal
from reflect.paths import HomePaths
from reflect.tui.modals.share import ShareModal
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.mentor import MentorScreen
from tests.tui.conftest import AppFactory, app_reading, settle, sharing_pair


async def test_share_publish_and_read_as_the_mentor(
    make_app: AppFactory, isolated_home: Path, tmp_path: Path
) -> None:
    pair = sharing_pair(isolated_home, tmp_path)
    folder, mentor_home, dana = pair.folder, pair.mentor_home, pair.dana
    (mentor_home / "config.toml").write_text(f'inbox = ["{folder}"]\nwelcomed = true\n')

    app = make_app(filled=True)
    app.journal.add_contact(Contact.create("dana", dana.public_key_text, folder))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j")
        await settle(app, pilot)
        await pilot.press("down", "s")  # the second entry: Fri 20 Nov
        await pilot.pause()
        assert isinstance(app.screen, ShareModal)
        await pilot.press("space", "enter")
        await settle(app, pilot)
        table = app.screen.query_one("#entries", DataTable)
        assert str(table.get_row_at(1)[4]) == "dana"
    shared = Journal.open(isolated_home).entries()[1]
    assert shared.shared_with == ("dana",)
    assert len(list(folder.iterdir())) == 1  # published on sharing
    private_text = Journal.open(isolated_home).entries()[0].challenge
    assert private_text.encode() not in next(folder.iterdir()).read_bytes()

    reader = app_reading(mentor_home, folder)
    async with reader.run_test(size=(100, 30)) as pilot:
        await settle(reader, pilot)
        await pilot.press("m")
        await settle(reader, pilot)
        screen = reader.screen
        assert isinstance(screen, MentorScreen)
        rows = screen.query_one("#mentor-entries", DataTable)
        assert rows.row_count == 1
        assert str(rows.get_row_at(0)[1]) == "sam"
        assert "sam 1 (1 new)" in str(screen.query_one("#mentor-status", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(reader.screen, EntryScreen)
        assert "billing system" in str(reader.screen.query_one("#entry-text", Static).render())
        await pilot.press("e")  # a mentor's entry is read-only
        await pilot.pause()
        assert isinstance(reader.screen, EntryScreen)


async def test_review_warns_about_customer_details_and_redacts_them(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app()
    app.journal.add_contact(
        Contact.create(
            "dana", create_identity(HomePaths(isolated_home / "d"), "dana").public_key_text
        )
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r", *"Caller read out 4111 1111 1111 1111", "ctrl+n", "ctrl+n", "ctrl+n")
        await pilot.press("ctrl+n", "tab", "tab", "space", "ctrl+n")  # share with dana, review
        await pilot.pause()
        review = str(app.screen.query_one("#review-text", Static).render())
        assert "Customer details found: card number (redacted when shared)" in review
        assert "Readers dana" in review
        await pilot.press("ctrl+r")
        await pilot.pause()
        review = str(app.screen.query_one("#review-text", Static).render())
        assert "[card number]" in review and "4111" not in review
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    (entry,) = Journal.open(isolated_home).entries()
    assert entry.challenge == "Caller read out [card number]" and entry.shared_with == ("dana",)


async def test_deleting_a_shared_entry_in_the_journal_withdraws_it(
    make_app: AppFactory, isolated_home: Path, tmp_path: Path
) -> None:
    from reflect.sharing import publish, receive

    pair = sharing_pair(isolated_home, tmp_path)
    folder, sam, dana, mentor = pair.folder, pair.sam, pair.dana, pair.mentor
    app = make_app(filled=True)
    journal = app.journal
    journal.add_contact(Contact.create("dana", dana.public_key_text, folder))
    newest = journal.entries()[0]
    journal.share(newest.id, "dana")
    publish(journal, sam)
    receive(mentor, dana, [folder])
    assert [len(bundle.entries) for bundle in mentor.received()] == [1]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j")
        await settle(app, pilot)
        await pilot.press("d", "y")
        await settle(app, pilot)
        assert app.screen.query_one("#entries", DataTable).row_count == 3
    receive(mentor, dana, [folder])
    assert [len(bundle.entries) for bundle in mentor.received()] == [0]
