from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Static

from reflect.journal import Journal
from reflect.tui.app import build_app
from tests.conftest import fixed_clock


async def test_the_journal_screen_lists_entries_newest_first(isolated_home: Path) -> None:
    journal = Journal.open(isolated_home, clock=fixed_clock)
    journal.create({"challenge": "Older shift"}, shift_date=date(2026, 11, 2))
    journal.create({"challenge": "Newer shift", "tags": ["outage"]}, shift_date=date(2026, 11, 20))
    app = build_app(isolated_home, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one("#entries", DataTable)
        assert table.row_count == 2
        assert table.get_row_at(0)[2] == "Newer shift"
        assert "2 entries" in str(app.screen.query_one("#journal-status", Static).render())
