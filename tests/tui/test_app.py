"""App-wide behaviour: help from the palette, theme remembered, NO_COLOR respected."""

from pathlib import Path

import pytest
from textual.binding import Binding
from textual.content import Content

from reflect.config import load_config
from reflect.journal import Journal
from reflect.tui.app import ReflectApp, build_app
from reflect.tui.screens.help import HelpScreen, help_text
from reflect.tui.screens.journal import JournalScreen
from reflect.tui.screens.reflect import ReflectScreen
from tests.conftest import fixed_clock
from tests.tui.conftest import AppFactory


async def test_help_is_reachable_from_the_command_palette(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Help")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.press("f1")  # also from the keyboard, on any screen
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_ctrl_p_moves_back_a_step_while_reflecting(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r", "ctrl+n", "ctrl+n")
        assert isinstance(app.screen, ReflectScreen) and app.screen.step == 2
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, ReflectScreen) and app.screen.step == 1


def test_help_lists_every_binding_of_the_screens() -> None:
    text = help_text()
    for screen in (ReflectScreen, JournalScreen):
        for binding in screen.BINDINGS:
            assert isinstance(binding, Binding)
            assert (binding.tooltip or binding.description) in text  # the fuller one is shown
    assert "ctrl+s" in text and "ctrl+t" in text and "Leave" in text


def test_help_shows_labels_as_text_never_as_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    import reflect.tui.screens.help as help_screen

    sections = (("A [b]title", [Binding("x", "", "[red]not red[/red]")]),)
    monkeypatch.setattr(help_screen, "SECTIONS", sections)
    shown = Content.from_markup(help_text()).plain
    assert "A [b]title" in shown and "[red]not red[/red]" in shown


async def test_the_chosen_theme_is_remembered(isolated_home: Path) -> None:
    app = build_app(isolated_home, clock=fixed_clock)
    async with app.run_test() as pilot:
        app.theme = "nord"
        await pilot.pause()
        await app.workers.wait_for_complete()
    assert load_config(isolated_home / "config.toml").theme == "nord"
    again = build_app(isolated_home, clock=fixed_clock)
    async with again.run_test() as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_user_comments_in_config_survive(isolated_home: Path) -> None:
    isolated_home.mkdir()
    (isolated_home / "config.toml").write_text("# my settings\nkeep_backups = 5\n")
    app = build_app(isolated_home, clock=fixed_clock)
    async with app.run_test() as pilot:
        app.theme = "gruvbox"
        await pilot.pause()
        await app.workers.wait_for_complete()
    text = (isolated_home / "config.toml").read_text()
    assert "# my settings" in text and "keep_backups = 5" in text and 'theme = "gruvbox"' in text


def test_no_color_is_respected(monkeypatch: pytest.MonkeyPatch, isolated_home: Path) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert ReflectApp(Journal.open(isolated_home)).no_color


async def test_an_unreadable_journal_is_reported_and_never_written(isolated_home: Path) -> None:
    isolated_home.mkdir()
    (isolated_home / "journal.json").write_bytes(b'{"entries": ')
    app = build_app(isolated_home, clock=fixed_clock)  # opens: reading waits for the worker
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#today-status").render())
        assert "cannot be read" in status and "reflect doctor" in status
        await pilot.press("r")
        await pilot.pause()
        assert type(app.screen).__name__ == "TodayScreen"  # no flow on a journal we cannot keep
    assert (isolated_home / "journal.json").read_bytes() == b'{"entries": '
