"""Apps for Pilot tests and snapshots: temporary journal, fixed clock, fixed prompts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot

from reflect.config import Config
from reflect.contacts import Contact
from reflect.identity import Identity, create_identity
from reflect.journal import Journal
from reflect.model import make_entry
from reflect.paths import HomePaths
from reflect.prompts import KINDS, PromptLibrary
from reflect.tui.app import ReflectApp
from tests.conftest import FIXED_NOW, fixed_clock

FIXED_PROMPTS = PromptLibrary({kind: (f"The fixed {kind} prompt for tests.",) for kind in KINDS})


class TickingClock:
    """A fixed start that moves a second per call, so updated_at visibly moves."""

    def __init__(self, start: datetime = FIXED_NOW) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


SAMPLE = [
    (date(2026, 11, 23), "A caller shouted about a refund that was three weeks late.",
     "It showed me I can stay steady.", "Stayed on past my shift to finish his case.",
     "Name the feeling first, then the fix.", 2, ["refunds", "phones"]),
    (date(2026, 11, 20), "The billing system was down for an hour and the queue went red.",
     "The team covered each other's breaks.", "Brought tea for the night shift.",
     "Say what you know and when you'll know more.", 3, ["outage", "billing"]),
    (date(2026, 11, 17), "My shift was moved again with a day's notice.",
     "It pushed me to ask for the rota earlier.", "Swapped a Saturday so Ines could see her son.",
     "Ask, calmly and early.", 2, ["roster"]),
    (date(2026, 11, 9), "A widow needed to close her late husband's account.",
     "I was trusted with something tender.", "Did the paperwork for her while she waited.",
     "Slow is kind when someone is grieving.", 4, ["billing", "grief"]),
]  # fmt: skip


def fill(home: Path) -> Journal:
    journal = Journal.open(home, clock=fixed_clock)
    at = datetime(2026, 11, 1, 18, 0, tzinfo=UTC)
    for day, challenge, grateful, kindness, lesson, mood, tags in SAMPLE:
        fields = {"challenge": challenge, "grateful": grateful, "kindness": kindness,
                  "lesson": lesson, "mood": mood, "tags": tags}  # fmt: skip
        journal.add(make_entry(fields, shift_date=day, now=at))
    return journal


AppFactory = Callable[..., ReflectApp]


@pytest.fixture
def make_app(isolated_home: Path) -> AppFactory:
    def build(
        *,
        filled: bool = False,
        clock: Callable[[], datetime] = fixed_clock,
        welcomed: bool = True,
        closing_moment: bool = False,
        **settings: Any,
    ) -> ReflectApp:
        journal = fill(isolated_home) if filled else Journal.open(isolated_home, clock=clock)
        journal.clock = clock
        # the first-start welcome and the closing moment after a save have their own tests
        config = Config(welcomed=welcomed, closing_moment=closing_moment, **settings)
        if "day_starts_at" in settings:
            journal.day_starts_at = settings["day_starts_at"]
        return ReflectApp(journal, clock=clock, prompts=FIXED_PROMPTS, blink=False, config=config)

    return build


async def settle(app: App[None], pilot: Pilot[None]) -> None:
    """Let workers finish, debounce timers fire, and what they post be shown."""
    await app.workers.wait_for_complete()
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    await pilot.pause()


@dataclass
class Pair:
    """The agent sam (the app's home) and the mentor dana, who reads ``folder``."""

    folder: Path
    mentor_home: Path
    sam: Identity
    dana: Identity
    mentor: Journal


def sharing_pair(agent_home: Path, tmp_path: Path) -> Pair:
    """Two people who know each other's keys; sam has not added dana as a contact yet."""
    folder, mentor_home = tmp_path / "shared", tmp_path / "mentor"
    folder.mkdir()
    sam = create_identity(HomePaths(agent_home), "sam")
    dana = create_identity(HomePaths(mentor_home), "dana")
    mentor = Journal.open(mentor_home, clock=fixed_clock)
    mentor.add_contact(Contact.create("sam", sam.public_key_text))
    return Pair(folder, mentor_home, sam, dana, mentor)


def fixed_identity(home: Path, handle: str, seed: int) -> Identity:
    """An identity whose key is the same on every run (snapshots show its check words)."""
    from unittest import mock

    from nacl.public import PrivateKey

    key = PrivateKey(bytes([seed]) * 32)
    with mock.patch.object(PrivateKey, "generate", return_value=key):
        return create_identity(HomePaths(home), handle)


def app_reading(home: Path, inbox: Path) -> ReflectApp:
    """The app of another home (a mentor's, or the author's again) that reads ``inbox``."""
    return ReflectApp(
        Journal.open(home, clock=fixed_clock),
        clock=fixed_clock,
        prompts=FIXED_PROMPTS,
        blink=False,
        config=Config(welcomed=True, inbox=(str(inbox),)),
    )
