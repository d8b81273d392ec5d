"""The themes of whole entries, and how many entries of a period touch each.

An entry touches a theme when any of its texts (challenge, gratitude, kindness, lesson,
note) holds one of the theme's terms, or one of its tags stands for it
(:meth:`reflect.themes.ThemeLexicon.themes_of_tag`: ``#outage``, ``#angry-caller``). It
counts once per theme, however often it says so: six entries tagged ``#outage`` are six
for *system outage*, whatever their challenges say.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from reflect.model import ALL_TEXT_FIELDS, Entry
from reflect.themes import ThemeLexicon


class ThemeCount(NamedTuple):
    """A theme's readable label and how many of the period's entries touch it (their
    texts or tags; once per entry)."""

    label: str
    entries: int


class EntryThemes:
    """The themes of whole entries: every text and every tag, read once each (the same
    words in many entries, such as a tag used all month, are looked through once)."""

    def __init__(self, lexicon: ThemeLexicon) -> None:
        self.lexicon = lexicon
        self._texts: dict[str, tuple[str, ...]] = {}
        self._tags: dict[str, frozenset[str]] = {}

    def of(self, entry: Entry) -> frozenset[str]:
        """The keys of the themes ``entry`` touches, in any text or tag."""
        found: set[str] = set()
        for name in ALL_TEXT_FIELDS:
            text: str = getattr(entry, name)
            if text:
                keys = self._texts.get(text)
                if keys is None:
                    keys = self._texts[text] = tuple(self.lexicon.themes_in(text))
                found.update(keys)
        for tag in entry.tags:
            tagged = self._tags.get(tag)
            if tagged is None:
                tagged = self._tags[tag] = self.lexicon.themes_of_tag(tag)
            found.update(tagged)
        return frozenset(found)


def count_themes(touched: Iterable[Iterable[str]], lexicon: ThemeLexicon) -> tuple[ThemeCount, ...]:
    """Themes by the number of entries touching them (``touched``: each entry's theme
    keys), most first, then by label."""
    counts: Counter[str] = Counter()
    for keys in touched:
        counts.update(keys)
    labelled = [ThemeCount(lexicon.label(key), count) for key, count in counts.items()]
    return tuple(sorted(labelled, key=lambda theme: (-theme.entries, theme.label)))
