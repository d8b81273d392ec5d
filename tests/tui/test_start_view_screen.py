"""The Today screen says how the evening stands from the view kept by the last run, before
the journal is read, and only if the journal file is the one that view was made from."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Static

from reflect import start_view
from reflect.journal import Journal
from reflect.start_view import StartView, keep
from tests.tui.conftest import AppFactory, fill, settle

WEEK = {f"2026-11-{day}": 1 for day in range(18, 25)}  # seven days up to FIXED_NOW's


def _streak(app: object) -> str:
    return str(app.screen.query_one("#streak", Static).render())  # type: ignore[attr-defined]


@pytest.fixture
def slow_read(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Reading the journal for the start screen waits until the test lets it go."""
    go = threading.Event()
    real = StartView.of.__func__  # type: ignore[attr-defined]

    def waiting(cls: type[StartView], journal: Journal, *rest: object) -> StartView:
        go.wait(10)
        return real(cls, journal, *rest)  # type: ignore[no-any-return]

    monkeypatch.setattr(start_view.StartView, "of", classmethod(waiting))
    return go


async def test_the_kept_view_shows_before_the_journal_is_read(
    make_app: AppFactory, isolated_home: Path, slow_read: threading.Event
) -> None:
    journal = fill(isolated_home)
    keep(isolated_home / "cache", journal.file_stamp(), StartView(days=WEEK))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        assert "7 days in a row" in _streak(app)  # from the kept view: the read waits
        slow_read.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "7 days" not in _streak(app)  # the journal itself says otherwise


async def test_a_stale_view_is_never_shown(
    make_app: AppFactory, isolated_home: Path, slow_read: threading.Event
) -> None:
    journal = fill(isolated_home)
    keep(isolated_home / "cache", journal.file_stamp(), StartView(days=WEEK))
    fill(isolated_home)  # written since: the view is of another file
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.3)
        assert "Streak" not in _streak(app)
        slow_read.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Streak" in _streak(app)


async def test_coming_back_to_the_start_screen_rewrites_nothing(
    make_app: AppFactory, isolated_home: Path
) -> None:
    kept = isolated_home / "cache" / start_view.FILE_NAME
    app = make_app(filled=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        written = kept.stat().st_mtime_ns
        await pilot.press("j")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert "Streak" in _streak(app)
    assert kept.stat().st_mtime_ns == written
