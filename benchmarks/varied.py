"""Varied synthetic entries and queries for the matching speed benchmark.

``benchmarks.synthetic`` repeats eight challenges, so its vocabulary is a few dozen words:
fine for the journal's speed, unfair for an index (every posting list would hold every
entry). Here each text is drawn word by word: stop words at their usual rate, content
words from the theme lexicon's own words plus made-up long-tail words (names, products),
chosen with a Zipf-like skew, and now and then a whole theme term so themes fire as they
would in real entries, with the odd contraction and possessive. Deterministic for a given seed.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from reflect.model import Entry, make_entry
from reflect.themes import ThemeLexicon
from reflect.words import STOP_WORDS, words

_SYLLABLES = ("ka", "lo", "mi", "ren", "to", "sa", "vel", "dor", "pi", "an", "qu", "ex", "ul", "zo")
_CONTRACTIONS = ("didn't", "couldn't", "wasn't", "I'm", "it's", "they'd", "can't", "won't")
_TAGS = ("billing", "outage", "roster", "training", "fraud", "refund", "chat", "nights", "qa")


class TextMaker:
    """Makes plausible-looking support texts with a realistic vocabulary spread."""

    def __init__(self, seed: int = 11, long_tail: int = 4_000) -> None:
        self.rng = random.Random(seed)
        lexicon = ThemeLexicon.bundled()
        self.terms = [term for theme in lexicon for term in theme.terms]
        common = sorted({word for term in self.terms for word in words(term)} - STOP_WORDS)
        common += [
            "customer", "call", "caller", "account", "manager", "team", "shift", "today",
            "phone", "chat", "email", "order", "payment", "system", "policy", "help",
        ]  # fmt: skip
        tail = {self._made_up() for _ in range(long_tail)}
        self.content = common + sorted(tail)
        self.rng.shuffle(self.content)
        self.weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(self.content))]
        self.stops = sorted(STOP_WORDS)

    def _made_up(self) -> str:
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(2, 4)))

    def text(self, low: int, high: int) -> str:
        rng = self.rng
        size = rng.randint(low, high)
        chosen = rng.choices(self.content, self.weights, k=size)
        out: list[str] = []
        for word in chosen:
            if rng.random() < 0.45:
                out.append(rng.choice(self.stops))
            elif rng.random() < 0.05:
                out.append(rng.choice(_CONTRACTIONS))
            out.append(f"{word}'s" if rng.random() < 0.03 else word)
            if rng.random() < 0.08:
                out.append(rng.choice(self.terms))
        return " ".join(out).capitalize() + "."


def varied_entries(count: int, seed: int = 11) -> list[Entry]:
    maker = TextMaker(seed)
    rng = maker.rng
    start = date(2026, 11, 24) - timedelta(days=count)
    now = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
    return [
        make_entry(
            {
                "challenge": maker.text(8, 30),
                "grateful": maker.text(4, 14),
                "kindness": maker.text(4, 14),
                "lesson": maker.text(4, 18) if rng.random() < 0.85 else "",
                "mood": rng.randint(1, 5),
                "tags": rng.sample(_TAGS, rng.randint(0, 2)),
            },
            shift_date=start + timedelta(days=n // 2),
            now=now,
        )
        for n in range(count)
    ]


def varied_queries(count: int, seed: int = 29) -> list[str]:
    """Today's challenge as an agent might type it: 4 to 30 words."""
    maker = TextMaker(seed)
    return [maker.text(3, 25) for _ in range(count)]
