"""The Summary screen: month navigation, and a day opened from the calendar."""

from textual.widgets import DataTable, Input, Static

from reflect.tui.screens.journal import JournalScreen
from reflect.tui.screens.summary import SummaryScreen
from reflect.tui.widgets.month_calendar import MonthCalendar
from tests.tui.conftest import AppFactory, settle


async def test_month_navigation_and_opening_a_day(make_app: AppFactory) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, SummaryScreen) and screen.summary is not None
        assert screen.summary.label == "2026-11"
        assert screen.summary.figures.entries == 4
        title = str(screen.query_one("#summary-title", Static).render())
        assert "November 2026" in title
        await pilot.press("left")
        await settle(app, pilot)
        assert screen.summary.label == "2026-10" and screen.summary.is_empty
        assert "No reflections in October 2026" in str(
            screen.query_one("#summary-body", Static).render()
        )
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        assert screen.summary.label == "2026-11"
        calendar = screen.query_one("#calendar", MonthCalendar)
        assert str(calendar.selected) == "2026-11-23"  # the latest reflected day
        await pilot.press("up", "up", "enter")  # 20th, then 17th
        await settle(app, pilot)
        journal = app.screen
        assert isinstance(journal, JournalScreen)
        assert journal.query_one("#filter-when", Input).value == "2026-11-17"
        table = journal.query_one("#entries", DataTable)
        assert table.row_count == 1 and str(table.get_row_at(0)[0]) == "Tue 17 Nov 2026"
