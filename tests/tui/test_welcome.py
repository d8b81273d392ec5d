"""The first start on an empty journal: an introduction, and the demo on a throwaway copy."""

from pathlib import Path

from reflect.config import load_config
from reflect.journal import Journal
from reflect.tui.app import build_app
from reflect.tui.modals.welcome import WelcomeModal
from reflect.tui.screens.today import TodayScreen
from tests.conftest import fixed_clock


async def _started(app: object, pilot: object) -> None:
    await app.workers.wait_for_complete()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_welcome_once_then_never_again(isolated_home: Path) -> None:
    app = build_app(isolated_home, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await _started(app, pilot)
        assert isinstance(app.screen, WelcomeModal)
        await pilot.press("s")
        await _started(app, pilot)
        assert isinstance(app.screen, TodayScreen)
    assert load_config(isolated_home / "config.toml").welcomed
    again = build_app(isolated_home, clock=fixed_clock)
    async with again.run_test(size=(100, 30)) as pilot:
        await _started(again, pilot)
        assert isinstance(again.screen, TodayScreen)


async def test_the_demo_from_the_welcome_leaves_my_journal_empty(isolated_home: Path) -> None:
    app = build_app(isolated_home, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await _started(app, pilot)
        await pilot.press("d")
        await _started(app, pilot)
        assert app.demo and "demo" in app.sub_title
        assert len(app.journal) >= 55
        demo_folder = app.journal.paths.home
        assert demo_folder != isolated_home
        await pilot.press("r", *"Trying it out", "ctrl+s")
        await _started(app, pilot)
    assert Journal.open(isolated_home).entries() == []
    assert not demo_folder.exists()
