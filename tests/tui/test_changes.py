"""The app notices the journal changing: another process's writes, a mentor's bundle.

Another process is played by a second ``Journal.open`` of the same home, as the CLI's
``reflect add`` would open it. The app's look for changes runs every tenth of a second
here; each test waits at most three seconds for the screen to show the change.
"""

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from reflect.config import Config
from reflect.contacts import Contact
from reflect.journal import Journal
from reflect.sharing import publish
from reflect.tui.app import ReflectApp
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.journal import JournalScreen
from reflect.tui.screens.mentor import MentorScreen
from reflect.tui.screens.today import TodayScreen
from tests.conftest import fixed_clock
from tests.tui.conftest import FIXED_PROMPTS, AppFactory, settle, sharing_pair

WAIT = 3.0


@pytest.fixture(autouse=True)
def look_often(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ReflectApp, "CHANGE_CHECK_INTERVAL", 0.1)


async def shown_within(pilot: Pilot[None], check: Callable[[], bool]) -> bool:
    """Whether ``check`` comes true within :data:`WAIT` seconds."""
    for _ in range(int(WAIT / 0.1)):
        if check():
            return True
        await pilot.pause(0.1)
    return check()


def _text(screen: object, selector: str) -> str:
    assert isinstance(screen, (TodayScreen, JournalScreen, MentorScreen, EntryScreen))
    return str(screen.query_one(selector, Static).render())


def _days(screen: object) -> list[str]:
    assert isinstance(screen, JournalScreen)
    table = screen.query_one("#entries", DataTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


async def test_today_shows_an_entry_written_by_another_process(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert "Your journal is empty" in _text(screen, "#today-status")
        Journal.open(isolated_home, clock=fixed_clock).create({"challenge": "late", "mood": 4})
        assert await shown_within(
            pilot, lambda: "reflection is saved (mood 4/5)" in _text(screen, "#today-status")
        )
        assert _text(screen, "#streak") == "Streak: 1 day in a row"


async def test_the_journal_screen_shows_others_writes_and_keeps_its_cursor(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j")
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("down")  # Fri 20 Nov
        other = Journal.open(isolated_home, clock=fixed_clock)
        other.create({"challenge": "written in a terminal"})  # Tue 24 Nov, the newest
        assert await shown_within(pilot, lambda: len(_days(screen)) == 5)
        table = screen.query_one("#entries", DataTable)
        assert _days(screen)[0] == "Tue 24 Nov 2026"
        assert _days(screen)[table.cursor_row] == "Fri 20 Nov 2026"  # still where it was
        assert "5 entries" in _text(screen, "#journal-status")
        other.delete(other.entries()[-1].id)  # Mon 09 Nov, from the other side
        assert await shown_within(pilot, lambda: len(_days(screen)) == 4)
        assert _days(screen)[table.cursor_row] == "Fri 20 Nov 2026"


async def test_the_entry_being_read_follows_an_edit_made_elsewhere(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j")
        await settle(app, pilot)
        await pilot.press("enter")  # the newest: Mon 23 Nov
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EntryScreen)
        other = Journal.open(isolated_home, clock=fixed_clock)
        other.update(screen.entry.id, lesson="Breathe, then name the feeling.")
        assert await shown_within(
            pilot, lambda: "Breathe, then name the feeling." in _text(screen, "#entry-text")
        )
        other.delete(screen.entry.id)
        assert await shown_within(pilot, lambda: isinstance(app.screen, JournalScreen))
        assert await shown_within(pilot, lambda: len(_days(app.screen)) == 3)


async def test_a_bundle_dropped_in_the_inbox_shows_on_the_mentor_screen(
    isolated_home: Path, tmp_path: Path
) -> None:
    pair = sharing_pair(isolated_home, tmp_path)
    reader = ReflectApp(
        Journal.open(pair.mentor_home, clock=fixed_clock),
        clock=fixed_clock,
        prompts=FIXED_PROMPTS,
        blink=False,
        config=Config(welcomed=True, inbox=(str(pair.folder),)),
    )
    async with reader.run_test(size=(100, 30)) as pilot:
        await settle(reader, pilot)
        await pilot.press("m")
        await settle(reader, pilot)
        screen = reader.screen
        assert isinstance(screen, MentorScreen)
        assert "Nobody has shared with you yet" in _text(screen, "#mentor-status")
        agent = Journal.open(isolated_home, clock=fixed_clock)
        agent.add_contact(Contact.create("dana", pair.dana.public_key_text, pair.folder))
        entry = agent.create({"challenge": "A caller cried about her late mother's bills."})
        agent.share(entry.id, "dana")
        publish(agent, pair.sam)  # the bundle lands in dana's inbox folder
        rows = screen.query_one("#mentor-entries", DataTable)
        assert await shown_within(pilot, lambda: rows.row_count == 1)
        assert str(rows.get_row_at(0)[1]) == "sam"
        assert "sam 1 (1 new)" in _text(screen, "#mentor-status")
