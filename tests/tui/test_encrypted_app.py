"""An encrypted journal in the app: asked for first, nothing read before, a quiet retry, and
a lock after time away that saves the draft and hides every word."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest
from textual.widgets import Input, Static, TextArea

from reflect.config import Config
from reflect.encryption import encrypt_home
from reflect.journal import Journal
from reflect.tui.app import ReflectApp
from reflect.tui.screens.reflect import ReflectScreen
from reflect.tui.screens.today import TodayScreen
from reflect.tui.screens.unlock import WRONG, UnlockScreen
from reflect.vault import KEYRING, Vault, read_header
from tests.conftest import fixed_clock
from tests.tui.conftest import FIXED_PROMPTS, fill, settle

pytestmark = pytest.mark.usefixtures("cheap_kdf")

PASS = "quiet harbour"
TYPED = "A caller mocked my accent and I kept my voice level."

SnapCompare = Callable[..., bool]


def _encrypted_app(home: Path, **settings: object) -> ReflectApp:
    """The app as ``build_app`` makes it for an encrypted home: the journal opened unread."""
    fill(home).close()
    encrypt_home(home, PASS)
    KEYRING.forget()
    journal = Journal.open(home, clock=fixed_clock, check_now=False)
    config = Config(welcomed=True, closing_moment=False, **settings)  # type: ignore[arg-type]
    return ReflectApp(journal, clock=fixed_clock, prompts=FIXED_PROMPTS, blink=False, config=config)


def _stored_drafts(home: Path) -> list[str]:
    """The drafts on disk, read with the key apart from the app's keyring."""
    vault = Vault.unlock(read_header(home), PASS)
    tables = orjson.loads(vault.open((home / "journal.json").read_bytes(), "journal.json"))
    return [str(draft.get("fields", {}).get("challenge")) for draft in tables["drafts"].values()]


async def test_the_passphrase_is_asked_before_anything_is_read(isolated_home: Path) -> None:
    app = _encrypted_app(isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert not any(isinstance(screen, TodayScreen) for screen in app.screen_stack)
        assert app.journal.read_stamp() is None  # not a byte of the journal read
        app.screen.query_one("#passphrase", Input).value = PASS
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen)
        assert len(app.journal) == 4


async def test_a_wrong_passphrase_is_said_quietly_and_another_try_works(
    isolated_home: Path,
) -> None:
    app = _encrypted_app(isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        field = app.screen.query_one("#passphrase", Input)
        await pilot.press(*"not the one", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, UnlockScreen)
        assert str(app.screen.query_one("#unlock-message", Static).content) == WRONG
        assert field.value == "" and app.focused is field
        await pilot.press(*PASS, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen)


async def test_time_away_saves_the_draft_then_hides_the_text_and_asks_again(
    isolated_home: Path,
) -> None:
    app = _encrypted_app(isolated_home, lock_after_minutes=10)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#passphrase", Input).value = PASS
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("escape")  # the draft offer of the fixture journal, if any
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
        area = app.screen.query_one("#challenge", TextArea)
        area.insert(TYPED)
        await pilot.pause()  # the screen hears of the change, as of any typing
        app._lock_if_idle()  # minutes of quiet are not up yet: nothing happens
        assert isinstance(app.screen, ReflectScreen)

        app._last_activity = time.monotonic() - 11 * 60
        app._lock_if_idle()
        await pilot.pause()
        assert isinstance(app.screen, UnlockScreen) and app.locked
        assert KEYRING.get(isolated_home) is None  # the key is gone from memory
        assert TYPED in _stored_drafts(isolated_home)  # written before locking
        assert "accent" not in app.export_screenshot()  # and not drawn anywhere

        await pilot.press(*PASS, "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReflectScreen)
        assert app.screen.query_one("#challenge", TextArea).text == TYPED


async def test_never_locks_when_lock_after_minutes_is_0(isolated_home: Path) -> None:
    app = _encrypted_app(isolated_home, lock_after_minutes=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*PASS, "enter")
        await settle(app, pilot)
        app._last_activity = time.monotonic() - 24 * 3600
        app._lock_if_idle()
        await pilot.pause()
        assert not isinstance(app.screen, UnlockScreen)


async def test_a_plain_journal_is_never_asked_for(isolated_home: Path) -> None:
    fill(isolated_home).close()
    journal = Journal.open(isolated_home, clock=fixed_clock, check_now=False)
    app = ReflectApp(journal, clock=fixed_clock, prompts=FIXED_PROMPTS, blink=False,
                     config=Config(welcomed=True))  # fmt: skip
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, TodayScreen) and not app.encrypted
        app.action_lock()
        assert not isinstance(app.screen, UnlockScreen)


def test_unlock_screen_at_80x24(snap_compare: SnapCompare, isolated_home: Path) -> None:
    assert snap_compare(_encrypted_app(isolated_home), terminal_size=(80, 24))
