"""Text from a journal, a draft or a bundle is shown as text on every screen: never markup.

Each screen is visited with entries, a draft and a mentor's bundle holding the same text,
first the strings that crashed or steered the app before, then whatever hypothesis makes.
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from nacl.public import PrivateKey
from textual.pilot import Pilot
from textual.widgets import DataTable, Static, TextArea

from reflect.config import Config
from reflect.contacts import Contact, ReceivedBundle
from reflect.drafts import Draft
from reflect.journal import Journal
from reflect.model import clean_text, make_entry
from reflect.render import one_line
from reflect.safe_text import without_controls
from reflect.tui.app import ReflectApp
from reflect.tui.modals.resume import ResumeDraftModal
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.journal import JournalScreen
from reflect.tui.screens.mentor import MentorScreen
from reflect.tui.screens.reflect import ReflectScreen
from reflect.tui.screens.summary import SummaryScreen
from reflect.tui.screens.today import TodayScreen
from tests.conftest import fixed_clock
from tests.tui.conftest import FIXED_PROMPTS

CRASHERS = (
    "[/]",
    "[@click=app.quit]leave[/]",
    "they said [card number] twice",
    "a \\[/] backslash before a bracket",
    "[b]not bold[/b] and [red]not red",
)
AT = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


def _home_with(text: str, home: Path) -> Journal:
    """One entry of mine, a draft and a mentor's shared entry, all holding ``text``."""
    journal = Journal.open(home, clock=fixed_clock)
    fields = {"challenge": text, "lesson": text, "grateful": "steady"}
    journal.add(make_entry(fields, shift_date=date(2026, 11, 20), now=AT))
    key = bytes(PrivateKey.generate().public_key)
    journal.add_contact(Contact("dana", key))
    shared = make_entry({"challenge": text, "lesson": text}, shift_date=date(2026, 11, 18), now=AT)
    bundle = ReceivedBundle("dana", "dana", key, "0" * 32, AT, AT, "test", (shared,))
    journal.store_received([bundle])
    draft = Draft.start(date(2026, 11, 24), AT, challenge=text, lesson=text)
    journal.save_draft(draft)
    return journal


async def settle(app: ReflectApp, pilot: Pilot[None]) -> None:
    """Workers done and their messages shown (no timers to wait for on this tour)."""
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _shown(widget: Static) -> str:
    return str(widget.render())


async def _tour(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        journal = _home_with(text, Path(folder) / "home")
        app = ReflectApp(
            journal, clock=fixed_clock, prompts=FIXED_PROMPTS, blink=False,
            config=Config(welcomed=True),
        )  # fmt: skip
        stored = clean_text(text, "challenge")
        drafted = without_controls(text)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(app, pilot)
            assert isinstance(app.screen, ResumeDraftModal)
            assert one_line(stored, 60)[:20] in _shown(app.screen.query_one(".question", Static))
            await pilot.press("escape")
            await pilot.press("j")
            await settle(app, pilot)
            assert isinstance(app.screen, JournalScreen)
            table = app.screen.query_one("#entries", DataTable)
            shown = str(table.get_row_at(0)[2])  # cut to the room the column has
            assert shown == one_line(stored, max(len(shown), 17))
            await pilot.click(DataTable, offset=(30, 1))  # a cell with @click markup
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, EntryScreen)
            await pilot.press("escape", "escape")
            await pilot.press("m")
            await settle(app, pilot)
            assert isinstance(app.screen, MentorScreen)
            rows = app.screen.query_one("#mentor-entries", DataTable)
            assert str(rows.get_row_at(0)[2]) == one_line(stored, 40)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, EntryScreen)
            await pilot.press("escape", "escape", "s")
            await settle(app, pilot)
            assert isinstance(app.screen, SummaryScreen)
            await pilot.press("escape", "r")
            await settle(app, pilot)
            assert isinstance(app.screen, ReflectScreen)
            assert app.screen.query_one("#challenge", TextArea).text == drafted
            for _ in range(5):
                await pilot.press("ctrl+n")
            await pilot.pause()
            review = _shown(app.screen.query_one("#review-text", Static))
            assert drafted.strip() in review
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, TodayScreen)
            assert app.is_running


@pytest.mark.parametrize("text", [CRASHERS[0], " ".join(CRASHERS)])
async def test_markup_in_entries_drafts_and_bundles_is_shown_as_typed(text: str) -> None:
    await _tour(text)


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1
).filter(lambda text: clean_text(text, "challenge") != "")


@settings(
    max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.one_of(_TEXT, st.sampled_from(CRASHERS).map(lambda s: f"x {s} y")))
@example(text="[/][/][@click=app.bell]")
def test_any_text_on_every_screen(text: str) -> None:
    asyncio.run(_tour(text))
