"""The journal screen: list, filter, read, edit and delete, driven by keys."""

from pathlib import Path

from textual.widgets import DataTable, Static, TextArea

from reflect.journal import Journal
from reflect.tui.modals.confirm import ConfirmModal
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.journal import JournalScreen
from reflect.tui.screens.reflect import ReflectScreen
from tests.tui.conftest import AppFactory, TickingClock, settle


def _rows(app_screen: object) -> list[str]:
    assert isinstance(app_screen, JournalScreen)
    table = app_screen.query_one("#entries", DataTable)
    return [str(table.get_row_at(index)[0]) for index in range(table.row_count)]


async def test_entries_newest_first(make_app: AppFactory) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j")
        await settle(app, pilot)
        assert _rows(app.screen) == [
            "Mon 23 Nov 2026", "Fri 20 Nov 2026", "Tue 17 Nov 2026", "Mon 09 Nov 2026",
        ]  # fmt: skip
        assert "4 entries" in str(app.screen.query_one("#journal-status", Static).render())


async def test_filter_by_tag_and_by_last_week(make_app: AppFactory) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j")
        await settle(app, pilot)
        await pilot.click("#filter-tag")
        await pilot.press(*"billing")
        await settle(app, pilot)
        assert _rows(app.screen) == ["Fri 20 Nov 2026", "Mon 09 Nov 2026"]
        await pilot.press(*["backspace"] * len("billing"))
        await pilot.click("#filter-when")
        await pilot.press(*"last week")  # Mon 16 to Sun 22 November, the clock says 24th
        await settle(app, pilot)
        assert _rows(app.screen) == ["Fri 20 Nov 2026", "Tue 17 Nov 2026"]
        status = str(app.screen.query_one("#journal-status", Static).render())
        assert "2 of 4 entries match" in status
        await pilot.press("ctrl+a", *"not a date at all")
        await settle(app, pilot)
        assert "When:" in str(app.screen.query_one("#journal-status", Static).render())


async def test_edit_from_the_journal_keeps_id_and_created_at(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app(filled=True, clock=TickingClock())
    original = Journal.open(isolated_home).entries()[0]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j")
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ReflectScreen)
        assert app.screen.query_one("#challenge", TextArea).text == original.challenge
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n")  # to the lesson
        await pilot.press("end", *" Breathe out first.", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, JournalScreen)
    edited = Journal.open(isolated_home).get(original.id)
    assert edited.lesson == original.lesson + " Breathe out first."
    assert (edited.id, edited.created_at, edited.challenge) == (
        original.id, original.created_at, original.challenge,
    )  # fmt: skip
    assert edited.updated_at > original.updated_at
    assert len(Journal.open(isolated_home).entries()) == 4


async def test_delete_asks_first_and_no_keeps_the_entry(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j")
        await settle(app, pilot)
        await pilot.press("down", "d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert len(Journal.open(isolated_home).entries()) == 4
        await pilot.press("d", "y")
        await settle(app, pilot)
        assert _rows(app.screen) == ["Mon 23 Nov 2026", "Tue 17 Nov 2026", "Mon 09 Nov 2026"]
    remaining = [entry.shift_date.day for entry in Journal.open(isolated_home).entries()]
    assert remaining == [23, 17, 9]


async def test_open_an_entry_to_read_and_delete_it_there(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j")
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        text = str(app.screen.query_one("#entry-text", Static).render())
        assert "Name the feeling first" in text
        await pilot.press("d", "y")
        await settle(app, pilot)
        assert isinstance(app.screen, JournalScreen)
        assert len(_rows(app.screen)) == 3
    assert len(Journal.open(isolated_home).entries()) == 3


async def test_slash_filters_escape_returns_and_the_cursor_keeps_its_entry(
    make_app: AppFactory,
) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, JournalScreen)
        table = screen.query_one("#entries", DataTable)
        await pilot.press("down", "down")  # Tue 17 Nov
        await pilot.press("slash", *"rota")  # only the 17th asks for the rota
        await settle(app, pilot)
        assert _rows(screen) == ["Tue 17 Nov 2026"] and table.cursor_row == 0
        await pilot.press("escape")
        assert screen.focused is table
        await pilot.press("slash", *["backspace"] * len("rota"), "enter")
        await settle(app, pilot)
        assert len(_rows(screen)) == 4 and table.cursor_row == 2  # the 17th again
        assert screen.focused is table  # enter in a filter goes back to the rows
        await pilot.press("escape")
        await pilot.pause()
        assert type(app.screen).__name__ == "TodayScreen"
