"""What agents type, in plain words: support-floor shorthand expanded, misspellings mended.

"cx was irate, QA dinged me on the wrap" and "the customer was angry and quality
assurance marked me down on after-call work" are the same shift. Before From your past
compares a text with past entries (by words, by themes and by meaning), :func:`normalise`
rewrites it: terms of ``seeds/glossary.toml`` become what they stand for, then words no
English dictionary knows are corrected to the likeliest known word one edit away
("custmer" -> "customer", "recieved" -> "received"), using pyspellchecker's own
word-frequency list rather than a hand-written edit distance.

Only comparison sees the rewritten text: entries are stored, shown and exported exactly as
written. Corrections are cached per word: a journal's vocabulary is small.
"""

from __future__ import annotations

import re
import threading
import tomllib
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from reflect.seed_files import read_seed

MIN_CORRECTED_LENGTH = 5
"""Shorter unknown words are left alone: they are shorthand, names or codes more often
than misspellings, and one edit away from too many real words."""
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_MAX_CACHED = 100_000


class Glossary:
    """Shorthand and what it means, matched as whole words in any case, longest first."""

    def __init__(self, terms: Mapping[str, str]) -> None:
        self.terms = {key.lower(): value for key, value in terms.items()}
        keys = sorted(self.terms, key=len, reverse=True)
        self._pattern = (
            re.compile(
                r"(?<![\w'])(?:" + "|".join(re.escape(key) for key in keys) + r")(?![\w'])",
                re.IGNORECASE,
            )
            if keys
            else None
        )

    @classmethod
    def bundled(cls) -> Glossary:
        return _bundled_glossary()

    def expand(self, text: str) -> str:
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda match: self.terms[match.group().lower()], text)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and word.lower() in self.terms


@lru_cache(maxsize=1)
def _bundled_glossary() -> Glossary:
    data: dict[str, Any] = tomllib.loads(read_seed("glossary.toml").decode("utf-8"))
    terms = data.get("shorthand", {})
    return Glossary({str(key): str(value) for key, value in terms.items()})


class Speller:
    """Corrects words no dictionary knows, one edit away, from pyspellchecker's English
    word frequencies (loaded on first use: 0.15 s)."""

    def __init__(self) -> None:
        self._checker: Any = None
        self._lock = threading.Lock()
        self._cache: dict[str, str] = {}

    def _load(self) -> Any:
        if self._checker is None:
            from spellchecker import SpellChecker

            self._checker = SpellChecker(distance=1)
        return self._checker

    def correct(self, word: str) -> str:
        """``word`` itself when it is known (or too short to guess), else the likeliest
        known word one edit away, keeping a capital first letter; the word if none."""
        if len(word) < MIN_CORRECTED_LENGTH or not word.isalpha():
            return word
        lowered = word.lower()
        cached = self._cache.get(lowered)
        if cached is None:
            with self._lock:
                checker = self._load()
                known = lowered in checker
                cached = lowered if known else checker.correction(lowered) or lowered
                if len(self._cache) >= _MAX_CACHED:
                    self._cache.clear()
                self._cache[lowered] = cached
        if cached == lowered:
            return word
        return cached.capitalize() if word[:1].isupper() else cached


_speller = Speller()


def normalise(text: str, glossary: Glossary | None = None) -> str:
    """``text`` with shorthand expanded and misspellings corrected (for comparison only)."""
    glossary = glossary or Glossary.bundled()
    expanded = glossary.expand(text)
    return _WORD.sub(lambda match: _speller.correct(match.group()), expanded)
