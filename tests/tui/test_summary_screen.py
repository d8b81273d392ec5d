"""The Summary screen: month navigation, a day opened from the calendar, the page that
scrolls as one, the year view, and writing what is shown to a file."""

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, RadioButton, Static

from reflect.tui.app import ReflectApp
from reflect.tui.modals.write_summary import WriteSummaryModal
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


# -- the whole page, its new sections, the year, and writing it to a file ---------------


def _text(screen: SummaryScreen, selector: str) -> str:
    """What a section shows, as plain text at the width it has on screen."""
    static = screen.query_one(selector, Static)
    content = static.content
    if isinstance(content, str):
        return content
    console = Console(width=static.content_size.width or 80, record=True, file=io.StringIO())
    console.print(content)
    return console.export_text()


async def _open_summary(app: ReflectApp, pilot: Pilot[None]) -> SummaryScreen:
    await pilot.press("s")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, SummaryScreen) and screen.summary is not None
    return screen


def _in_view(screen: SummaryScreen, selector: str) -> bool:
    page = screen.query_one("#summary-scroll", VerticalScroll)
    region = screen.query_one(selector).region
    return bool(region.height) and page.region.contains_region(region)


def _end_in_view(screen: SummaryScreen, selector: str) -> bool:
    """Whether the last line of a widget (maybe taller than the page) is on screen."""
    page = screen.query_one("#summary-scroll", VerticalScroll).region
    region = screen.query_one(selector).region
    return bool(region.height) and page.y < region.bottom <= page.bottom


async def test_new_sections_show_the_months_data(make_app: AppFactory) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await _open_summary(app, pilot)
        body = _text(screen, "#summary-body")
        # tags: billing on the 20th and the 9th; the #outage tag makes a theme with the text
        assert re.search(r"#billing\s+█+\s+2", body) and "#outage" in body
        assert re.search(r"system outage\s+█+\s+1", body)
        bright = _text(screen, "#summary-bright")
        assert "Bright spots" in bright and "Monday 9 November 2026" in bright
        assert "I was trusted with something tender." in bright  # its gratitude
        assert "Tuesday 17 November" not in bright  # a mood of 2 is no bright spot
        hardest = _text(screen, "#summary-hardest")
        assert hardest.index("Tuesday 17 November") < hardest.index("Monday 23 November")
        assert hardest.index("Monday 23 November") < hardest.index("Friday 20 November")
        keep = _text(screen, "#summary-keep")
        assert "Three to keep" in keep and keep.count("Grateful, ") + keep.count("Lesson, ") == 3
        chart = _text(screen, "#mood-chart")
        assert "Mood by day" in chart and "very good" in chart and "very hard" in chart
        numbers = [
            line for line in chart.splitlines() if re.fullmatch(r"[\s\d]+", line) and line.strip()
        ]
        assert [int(n) for line in numbers for n in line.split()] == list(range(1, 31))
        assert "▸ today" in _text(screen, "#calendar-legend")


async def test_the_legend_fits_beside_the_calendar_at_80_columns(make_app: AppFactory) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_summary(app, pilot)
        legend = screen.query_one("#calendar-legend", Static)
        assert legend.size.height == 1 and "▸ today" in _text(screen, "#calendar-legend")


async def test_the_whole_page_scrolls_at_80x24(make_app: AppFactory) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_summary(app, pilot)
        page = screen.query_one("#summary-scroll", VerticalScroll)
        calendar = screen.query_one("#calendar", MonthCalendar)
        assert page.max_scroll_y > 0 and not _in_view(screen, "#summary-hardest")
        await pilot.press("end")
        await pilot.pause(0.3)
        assert page.scroll_y == page.max_scroll_y
        assert _end_in_view(screen, "#summary-hardest")
        await pilot.press("home")
        await pilot.pause(0.3)
        assert page.scroll_y == 0 and _in_view(screen, "#calendar")
        await pilot.press("pagedown")
        await pilot.pause(0.3)
        assert page.scroll_y > 0
        await pilot.press("home")
        await pilot.pause(0.3)
        # the latest day is selected: down has no later day to go to, so the page scrolls
        assert str(calendar.selected) == "2026-11-23"
        await pilot.press("down", "down", "down")
        await pilot.pause(0.3)
        assert page.scroll_y > 0 and str(calendar.selected) == "2026-11-23"
        # away from the top, up scrolls back instead of picking a day
        await pilot.press("up", "up", "up")
        await pilot.pause(0.3)
        assert page.scroll_y == 0 and str(calendar.selected) == "2026-11-23"
        await pilot.press("up")  # at the top again: up picks the day before
        await pilot.pause(0.3)
        assert str(calendar.selected) == "2026-11-20"


async def test_the_year_view_and_back(make_app: AppFactory) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_summary(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        assert screen.year is not None and screen.year.year == 2026
        assert "2026 in review" in _text(screen, "#summary-title")
        year = _text(screen, "#summary-year")
        assert "Month by month" in year and "Lessons that came back most" in year
        assert re.search(r"Nov\s+4\s+4", year)
        assert not screen.query_one("#summary-top").display
        assert screen.query_one("#summary-year").display
        page = screen.query_one("#summary-scroll", VerticalScroll)
        await pilot.press("end")
        await pilot.pause(0.3)
        assert page.scroll_y == page.max_scroll_y > 0 and _end_in_view(screen, "#summary-year")
        await pilot.press("left")  # a year earlier
        await settle(app, pilot)
        assert screen.year.year == 2025 and screen.year.is_empty
        await pilot.press("y")  # back to the month, in the year shown
        await settle(app, pilot)
        assert screen.summary is not None and screen.summary.label == "2025-11"
        assert "November 2025" in _text(screen, "#summary-title")
        assert not screen.query_one("#summary-year").display


async def test_w_writes_the_month_to_the_file_it_names(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(filled=True)
    said: list[tuple[str, str]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(app, "notify", _recorder(said, app.notify))
        screen = await _open_summary(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, WriteSummaryModal)
        path = modal.query_one("#write-path", Input)
        assert path.value == "~/reflect-2026-11.html"
        modal.query_one("#write-md", RadioButton).value = True  # Markdown instead
        await pilot.pause()
        assert path.value == "~/reflect-2026-11.md"
        target = tmp_path / "out" / "november.md"
        target.parent.mkdir()
        path.value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen is screen
        document = target.read_text(encoding="utf-8")
        assert document.startswith("# Reflections: November 2026\n")
        assert "Slow is kind when someone is grieving." in document
        assert said[-1] == (f"Wrote {target.resolve()}", "information")


async def test_the_default_file_is_in_the_home_folder_and_html(
    make_app: AppFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    app = make_app(filled=True)
    said: list[tuple[str, str]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(app, "notify", _recorder(said, app.notify))
        await _open_summary(app, pilot)
        await pilot.press("y")
        await settle(app, pilot)
        await pilot.press("w", "enter")
        await settle(app, pilot)
        page = tmp_path / "reflect-2026.html"
        assert "<h2>Month by month</h2>" in page.read_text(encoding="utf-8")
        assert said[-1] == (f"Wrote {page.resolve()}", "information")
        await pilot.press("w", "enter")  # again: the file is replaced, and it says so
        await settle(app, pilot)
        assert said[-1] == (f"Replaced {page.resolve()}", "information")


@pytest.mark.parametrize("where", ["inside-home", "no-folder", "a-folder"])
async def test_a_file_that_cannot_be_written_is_a_notification(
    make_app: AppFactory,
    tmp_path: Path,
    isolated_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    target = {
        "inside-home": isolated_home / "summary.html",
        "no-folder": tmp_path / "missing" / "summary.html",
        "a-folder": tmp_path,
    }[where]
    app = make_app(filled=True)
    said: list[tuple[str, str]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        monkeypatch.setattr(app, "notify", _recorder(said, app.notify))
        screen = await _open_summary(app, pilot)
        await pilot.press("w")
        await pilot.pause()
        app.screen.query_one("#write-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running and app.screen is screen
        message, severity = said[-1]
        assert severity == "error" and message.startswith("Nothing written: ")
        assert "\n" not in message
        if where != "a-folder":
            assert not target.exists()
        await pilot.press("w", "escape")  # cancelled: nothing written, nothing said
        await pilot.pause()
        assert app.screen is screen and len(said) == 1


def _recorder(said: list[tuple[str, str]], notify: Callable[..., None]) -> Callable[..., None]:
    def record(message: str, **options: Any) -> None:
        said.append((message, options.get("severity", "information")))
        notify(message, **options)

    return record
