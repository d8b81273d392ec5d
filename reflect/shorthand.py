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

import os
import re
import string
import threading
import tomllib
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from reflect.errors import ReflectError
from reflect.paths import DIR_MODE, FILE_MODE
from reflect.seed_files import read_seed
from reflect.vault import append_private, read_private

MIN_CORRECTED_LENGTH = 5
"""Shorter unknown words are left alone: they are shorthand, names or codes more often
than misspellings, and one edit away from too many real words."""
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
_TOKEN = re.compile(r"[\w&/']+")
"""A word as the glossary sees one: "a/l", "w/" and "id&v" are single words there."""
_MAX_CACHED = 100_000


class Glossary:
    """Shorthand and what it means, matched as whole words in any case, longest first.

    Matched token by token (a set lookup per text, a walk only where a key's first word is
    present), not with one regular expression of every key: a journal of 10k entries is
    normalised field by field when its index is built."""

    def __init__(self, terms: Mapping[str, str]) -> None:
        self.terms = {" ".join(key.lower().split()): value for key, value in terms.items()}
        self._first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for key, value in self.terms.items():
            words = tuple(key.split())
            self._first.setdefault(words[0], []).append((words, value))
        for options in self._first.values():
            options.sort(key=lambda option: -len(option[0]))

    @classmethod
    def bundled(cls) -> Glossary:
        return _bundled_glossary()

    def expand(self, text: str) -> str:
        lowered = text.lower()
        if self._first.keys().isdisjoint(_TOKEN.findall(lowered)):
            return text  # most texts: no shorthand at all (decided in C)
        found = list(_TOKEN.finditer(lowered))
        words = [match.group() for match in found]
        parts: list[str] = []
        position = index = 0
        while index < len(words):
            for key, value in self._first.get(words[index], ()):
                if tuple(words[index : index + len(key)]) == key:
                    parts += [text[position : found[index].start()], value]
                    position = found[index + len(key) - 1].end()
                    index += len(key)
                    break
            else:
                index += 1
        parts.append(text[position:])
        return "".join(parts)

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
        self._known: Any = None
        self._lock = threading.Lock()
        self._cache: dict[str, str] = {}
        self._saved: set[str] = set()

    def _load(self) -> Any:
        if self._checker is not None:
            return self._checker
        with self._lock:
            if self._checker is None:
                from spellchecker import SpellChecker

                checker = SpellChecker(distance=1)
                if hasattr(checker.word_frequency, "_letters"):
                    # candidates from English letters only: 2.5x faster, the same fixes
                    checker.word_frequency._letters = set(string.ascii_lowercase)
                self._known = checker.word_frequency.dictionary
                self._checker = checker
        return self._checker

    def read(self, path: Path) -> None:
        """Corrections worked out before (a few ms to read, against 0.4 ms a word to redo)."""
        try:
            lines = read_private(path).decode("utf-8").splitlines()
        except (OSError, UnicodeDecodeError, ReflectError):
            return
        with self._lock:
            for line in lines:
                word, tab, fixed = line.partition("\t")
                if tab and word.isalpha() and fixed.isalpha():
                    self._cache.setdefault(word, fixed)
                    self._saved.add(word)

    def save(self, path: Path) -> None:
        """Append the corrections worked out since :meth:`read` (owner-only; a cache)."""
        with self._lock:
            new = [(word, fixed) for word, fixed in self._cache.items() if word not in self._saved]
            self._saved.update(word for word, _ in new)
        if not new:
            return
        lines = "".join(f"{word}\t{fixed}\n" for word, fixed in new).encode("utf-8")
        try:
            path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            if append_private(path, lines):
                return  # an encrypted home: the misspelt words are entry text, kept sealed
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
            with os.fdopen(fd, "ab") as handle:
                handle.write(lines)
        except (OSError, ReflectError):
            return

    def unknown(self, words: Iterable[str]) -> list[str]:
        """Those of ``words`` (lowercase) worth correcting: long enough, letters only, not
        known (each distinct word looked up once)."""
        self._load()
        known = self._known
        return [
            word
            for word in set(words)
            if word not in known and len(word) >= MIN_CORRECTED_LENGTH and word.isalpha()
        ]

    def correct(self, word: str) -> str:
        """``word`` itself when it is known (or too short to guess), else the likeliest
        known word one edit away, keeping a capital first letter; the word if none."""
        lowered = word.lower()
        cached = self._cache.get(lowered)
        if cached is None and not self.unknown([lowered]):
            return word
        if cached is None:
            checker = self._load()
            with self._lock:
                cached = checker.correction(lowered) or lowered
                if len(self._cache) >= _MAX_CACHED:
                    self._cache.clear()
                self._cache[lowered] = cached
        if cached == lowered:
            return word
        return cached.capitalize() if word[:1].isupper() else cached


_speller = Speller()


def normalise(text: str, glossary: Glossary | None = None) -> str:
    """``text`` with shorthand expanded and misspellings corrected (for comparison only)."""
    expanded = (glossary or Glossary.bundled()).expand(text)
    unknown = _speller.unknown(_WORD.findall(expanded.lower()))
    if not unknown:
        return expanded  # most texts: every word is known
    changed = {word: _speller.correct(word) for word in unknown}
    changed = {word: fixed for word, fixed in changed.items() if fixed != word}
    if not changed:
        return expanded

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        fixed = changed.get(word.lower())
        if fixed is None:
            return word
        return fixed.capitalize() if word[:1].isupper() else fixed

    return _WORD.sub(fix, expanded)


CORRECTIONS_FILE = "spelling.tsv"


def remember_corrections(cache_folder: Path | None) -> Callable[[], None]:
    """Read the corrections kept in ``cache_folder`` and return what saves the new ones:
    a journal's misspellings are worked out once, not in every process."""
    if cache_folder is None:
        return lambda: None
    path = cache_folder / CORRECTIONS_FILE
    _speller.read(path)
    return lambda: _speller.save(path)
