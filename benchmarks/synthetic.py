"""Synthetic journals for benchmarks: realistic sizes, deterministic content."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from reflect.model import Entry, make_entry

_CHALLENGES = [
    "A caller shouted about a refund that was three weeks late",
    "The billing system went down for an hour and the queue went red",
    "My shift was moved again with a day's notice",
    "A widow needed to close her late husband's account",
    "I gave a customer the wrong date for the engineer visit",
    "Handle time targets made me rush a confused older customer",
    "A new starter shadowed me and asked great questions",
    "A scam victim called in tears about a payment she did not make",
]
_LESSONS = [
    "Name the feeling before the fix",
    "Write the notes as if I will never see the case again",
    "Ask for help early instead of late",
    "Slow is smooth when someone is grieving",
    "Own the mistake in the first sentence",
]


def synthetic_entries(count: int, seed: int = 7) -> list[Entry]:
    rng = random.Random(seed)
    start = date(2026, 11, 24) - timedelta(days=count)
    now = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
    return [
        make_entry(
            {
                "challenge": rng.choice(_CHALLENGES) + f" (shift {n})",
                "grateful": "It showed me where our process is weak.",
                "kindness": "Stayed on the line until she felt calmer.",
                "lesson": rng.choice(_LESSONS),
                "mood": rng.randint(1, 5),
                "tags": rng.sample(["billing", "outage", "roster", "training", "fraud"], 2),
            },
            shift_date=start + timedelta(days=n),
            now=now,
        )
        for n in range(count)
    ]
