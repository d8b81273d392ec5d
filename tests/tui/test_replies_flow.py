"""A mentor replies from the Mentor screen; the author reads the reply under the entry."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static, TextArea

from reflect.contacts import Contact
from reflect.journal import Journal
from reflect.sharing import publish
from reflect.tui.modals.reply import ReplyModal
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.journal import JournalScreen
from reflect.tui.screens.mentor import MentorScreen
from tests.tui.conftest import AppFactory, app_reading, settle, sharing_pair


def status(screen: MentorScreen) -> str:
    return str(screen.query_one("#mentor-status", Static).render())


async def test_a_reply_from_the_mentor_screen_reaches_the_author(
    make_app: AppFactory, isolated_home: Path, tmp_path: Path
) -> None:
    pair = sharing_pair(isolated_home, tmp_path)
    to_dana, to_sam = pair.folder, tmp_path / "to-sam"
    to_sam.mkdir()
    pair.mentor.set_contact_folder("sam", to_sam)
    author = make_app(filled=True)
    journal = author.journal
    journal.add_contact(Contact.create("dana", pair.dana.public_key_text, to_dana))
    shared = journal.entries()[0]
    journal.share(shared.id, "dana")
    publish(journal, pair.sam)

    mentor = app_reading(pair.mentor_home, to_dana)
    async with mentor.run_test(size=(100, 30)) as pilot:
        await settle(mentor, pilot)
        await pilot.press("m")
        await settle(mentor, pilot)
        screen = mentor.screen
        assert isinstance(screen, MentorScreen)
        assert "sam 1 (1 new)" in status(screen)
        rows = screen.query_one("#mentor-entries", DataTable)
        assert str(rows.get_row_at(0)[4]) == "new"
        heading = list(rows.columns.values())[1]  # "From" over a column of "sam"
        assert heading.content_width >= len("From")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(mentor.screen, ReplyModal)
        mentor.screen.query_one("#reply-text", TextArea).insert("Name the feeling first.")
        await pilot.press("ctrl+s")
        await settle(mentor, pilot)
        assert isinstance(mentor.screen, MentorScreen)
        assert str(rows.get_row_at(0)[4]) == "new ↩ 1"
    (mine,) = Journal.open(pair.mentor_home).my_replies()
    assert mine.to == "sam" and mine.reply.entry_id == shared.id
    assert len(list(to_sam.iterdir())) == 1  # published at once

    again = app_reading(pair.mentor_home, to_dana)
    async with again.run_test(size=(100, 30)) as pilot:  # the next visit: nothing is new
        await settle(again, pilot)
        await pilot.press("m")
        await settle(again, pilot)
        assert isinstance(again.screen, MentorScreen)
        assert "new" not in status(again.screen)

    author_app = app_reading(isolated_home, to_sam)
    async with author_app.run_test(size=(100, 30)) as pilot:
        await settle(author_app, pilot)
        await pilot.press("m")  # reading the inbox brings dana's bundle in
        await settle(author_app, pilot)
        await pilot.press("escape", "j")
        await settle(author_app, pilot)
        assert isinstance(author_app.screen, JournalScreen)
        table = author_app.screen.query_one("#entries", DataTable)
        assert str(table.get_row_at(0)[4]) == "dana ↩ 1"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(author_app.screen, EntryScreen)
        text = str(author_app.screen.query_one("#entry-text", Static).render())
        assert "dana replied on" in text and "Name the feeling first." in text
