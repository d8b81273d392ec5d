"""The shift's own day, jots kept during it, and the closing moment after the reflection."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from textual.widgets import OptionList, RadioSet, Static, TextArea

import reflect.tui.screens.goodnight as goodnight
from reflect.journal import Journal
from reflect.tui.modals.jot import JotModal
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.goodnight import GoodnightScreen
from reflect.tui.screens.reflect import ReflectScreen
from reflect.tui.screens.today import TodayScreen
from tests.tui.conftest import AppFactory, settle

NIGHT = datetime(2026, 11, 25, 1, 30, tzinfo=UTC)  # still the shift of Tuesday 24 November


def night() -> datetime:
    return NIGHT


def text_of(widget: Static) -> str:
    return str(widget.render())


async def test_after_midnight_the_app_files_under_the_evening_the_shift_began(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app(clock=night)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert text_of(app.screen.query_one("#date", Static)) == "Tuesday 24 November"
        await pilot.press("r", *"long night queue")
        screen = app.screen
        assert isinstance(screen, ReflectScreen)
        assert "for Tue 24 Nov" in text_of(screen.step_title)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen)
        assert "reflection is saved" in text_of(app.screen.query_one("#today-status", Static))
    (entry,) = Journal.open(isolated_home).entries()
    assert entry.shift_date == date(2026, 11, 24)


async def test_the_day_can_be_changed_in_words_and_a_wrong_one_saves_nothing(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r", *"the outage", "ctrl+t")
        screen = app.screen
        assert isinstance(screen, ReflectScreen) and screen.step == 4
        assert app.focused is screen.day
        await pilot.press("ctrl+u", *"blursday")
        assert "blursday" in text_of(screen.day_note)
        await pilot.press("ctrl+u", *"2027-01-05")
        assert text_of(screen.day_note) == "That day has not come yet: a reflection looks back."
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ReflectScreen) and app.focused is screen.day
        assert Journal.open(isolated_home).entries() == []
        await pilot.press("ctrl+u", *"yesterday")
        assert text_of(screen.day_note) == "Files under Monday 23 November 2026."
        assert "for Mon 23 Nov" in text_of(screen.step_title)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    (entry,) = Journal.open(isolated_home).entries()
    assert entry.shift_date == date(2026, 11, 23)


async def test_an_edit_moves_an_entry_to_another_day(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        entry = app.journal.entries()[0]
        app.open_reflect(entry=entry)
        await pilot.pause()
        await pilot.press("ctrl+t", "ctrl+u", *"2026-11-21", "ctrl+s")
        await settle(app, pilot)
    assert Journal.open(isolated_home).get(entry.id).shift_date == date(2026, 11, 21)


async def test_digits_choose_the_mood_and_spaces_in_a_tag_become_dashes(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r", *"a hard call", "tab", "tab", "tab", "tab")
        screen = app.screen
        assert isinstance(screen, ReflectScreen) and screen.step == 4
        await pilot.press("4")
        assert screen.query_one("#mood", RadioSet).pressed_index == 3
        await pilot.press("tab", *"angry caller, refunds", "tab")
        assert "#angry-caller #refunds" in text_of(screen.review_text)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    (entry,) = Journal.open(isolated_home).entries()
    assert (entry.mood, entry.tags) == (4, ("angry-caller", "refunds"))


async def test_a_jot_from_the_start_screen_becomes_the_challenge_and_stays_with_it(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("n")
        assert isinstance(app.screen, JotModal)
        await pilot.press(*"irate cx threatened to sue", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen)
        assert "1 jot is waiting" in text_of(app.screen.query_one("#today-status", Static))
        await pilot.press("r")
        screen = app.screen
        assert isinstance(screen, ReflectScreen)
        jots = screen.query_one("#jots", OptionList)
        assert jots.display and jots.option_count == 1
        await pilot.press("tab", "enter")
        area = screen.query_one("#challenge", TextArea)
        assert area.text == "irate cx threatened to sue" and app.focused is area
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    journal = Journal.open(isolated_home)
    (entry,) = journal.entries()
    assert entry.challenge == "irate cx threatened to sue"
    assert [jot.text for jot in entry.jots] == ["irate cx threatened to sue"]
    assert journal.waiting_jots() == []


async def test_escape_lets_a_jot_go(make_app: AppFactory, isolated_home: Path) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("n", *"never mind", "escape")
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen)
    assert Journal.open(isolated_home).waiting_jots() == []


@pytest.fixture
def quick_goodnight(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(goodnight, "GOODNIGHT_SECONDS", 0.8)
    monkeypatch.setattr(goodnight, "BREATHS", ((2, "Breathe in"), (1, "And out")))


@pytest.mark.usefixtures("quick_goodnight")
async def test_after_saving_a_line_is_left_behind_and_the_app_closes(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app(closing_moment=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r", *"a long shift", "ctrl+s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, GoodnightScreen)
        await pilot.press("l", *"the shouting caller", "enter")
        assert "Left here" in text_of(screen.body)
        await pilot.pause(1.2)
        assert app.return_code == 0 and not app.is_running
    assert b"shouting" not in (isolated_home / "journal.json").read_bytes()


@pytest.mark.usefixtures("quick_goodnight")
async def test_breathing_counts_down_then_goodnight_stays_open_if_preferred(
    make_app: AppFactory,
) -> None:
    app = make_app(closing_moment=True, close_after_saving=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r", *"a long shift", "ctrl+s")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, GoodnightScreen)
        await pilot.press("b")
        assert text_of(screen.body) == "Breathe in…  2"
        await pilot.pause(1.2)
        assert text_of(screen.body) == "Breathe in…  1"
        await pilot.pause(2.0)
        assert "Goodnight" in text_of(screen.heading)
        await pilot.pause(1.0)
        assert isinstance(app.screen, TodayScreen) and app.is_running


async def test_escape_skips_the_moment_and_the_setting_turns_it_off(
    make_app: AppFactory,
) -> None:
    app = make_app(closing_moment=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r", *"a long shift", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, GoodnightScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen) and app.is_running
    off = make_app()  # closing_moment=False
    async with off.run_test(size=(80, 24)) as pilot:
        await pilot.press("r", *"another", "ctrl+s")
        await settle(off, pilot)
        assert isinstance(off.screen, TodayScreen)


async def test_a_year_ago_tonight_is_offered_and_opens(
    make_app: AppFactory, isolated_home: Path
) -> None:
    with Journal.open(isolated_home) as journal:
        journal.create({"challenge": "first week on the phones"}, shift_date=date(2025, 11, 24))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        line = app.screen.query_one("#on-this-day", Static)
        assert line.display
        assert text_of(line).startswith("A year ago tonight: first week on the phones")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        assert app.screen.entry.shift_date == date(2025, 11, 24)


async def test_nothing_to_look_back_on_shows_no_line_and_o_does_nothing(
    make_app: AppFactory,
) -> None:
    app = make_app(filled=True)  # entries of this month only, none on the 24th of October
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert not app.screen.query_one("#on-this-day", Static).display
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


async def test_a_draft_waiting_is_still_offered_once_tonight_is_saved(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r", *"first", "ctrl+s")
        await settle(app, pilot)
        await pilot.press("r", *"half a thought", "escape")
        await settle(app, pilot)
        status = text_of(app.screen.query_one("#today-status", Static))
        assert "saved" in status and "unfinished one is waiting" in status


def test_the_shift_day_setting_reaches_the_app(make_app: AppFactory) -> None:
    app = make_app(clock=night, day_starts_at=time(0))
    assert app.services.today == date(2026, 11, 25)
