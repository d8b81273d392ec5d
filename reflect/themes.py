"""The theme lexicon: many phrasings of a customer-service struggle mapped to one theme.

Themes let two texts meet when their words differ ("the roster changed overnight" and
"they moved my shift again" are both a *roster change*). Matching ranks with them and
the monthly summary counts them, so this module knows nothing of either: it turns text
into theme hits and nothing more.

Terms are cut exactly like the text they are looked for in (``reflect.words``). A
one-word term matches its stem anywhere; a multi-word term matches the same stems next
to each other, stop words included. Terms are stemmed once, when the lexicon loads, and
indexed (one-word terms by their stem, phrases by their first two stems), so finding
themes costs about one set lookup per word.

A theme about colleagues (``about_colleagues = true``) does not count a hit that stands
near someone from home: "argued with my partner before shift" is no conflict with a
colleague. Near means within :data:`NEAR_WORDS` content words either side of the term
(or inside it); a word for someone at work close by keeps the hit all the same ("argued
with my lead about my kids' pickup"). The two lists of words are ``[people]`` in
``themes.toml``.
"""

from __future__ import annotations

import tomllib
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress, count, filterfalse, pairwise
from operator import not_
from typing import Any, NamedTuple

from reflect.errors import FormatError
from reflect.seed_files import read_seed
from reflect.words import STOP_STEMS, STOP_WORDS, stem, stems, words


@dataclass(frozen=True)
class Theme:
    """One recurring situation: ``key`` is stable (snake_case), ``label`` is for people."""

    key: str
    label: str
    description: str
    terms: tuple[str, ...]
    about_colleagues: bool = False
    """Hits near a word for someone from home do not count (see the module's docstring)."""


@dataclass(frozen=True)
class People:
    """Words for the people in a text: ``home`` (partner, mum, kids) and ``work``
    (colleague, lead). Themes about colleagues read them; see the module's docstring."""

    home: tuple[str, ...] = ()
    work: tuple[str, ...] = ()


class ThemeHit(NamedTuple):
    """A term of ``theme`` found at word positions ``start`` to ``end`` (exclusive)."""

    theme: str
    term: str
    start: int
    end: int


class ThemeLexicon:
    """Themes with their terms pre-stemmed and indexed for a single pass over a text."""

    def __init__(self, themes: Sequence[Theme], people: People | None = None) -> None:
        self._themes: dict[str, Theme] = {}
        # One-word terms by their stem. Longer ones by a pair of their stems, longest
        # first: by their content stems where they have two or more and no negation
        # ("loose", keyed by the first two), else stem by stem, stop words included
        # ("exact": "hung up on me"), keyed by the pair at their first content word, since
        # pairs of stop words ("could not", "i was") are in almost every text.
        singles: dict[str, list[tuple[str, str]]] = {}
        exact: _Phrases = {}
        loose: _Phrases = {}
        for theme in themes:
            if theme.key in self._themes:
                raise FormatError(f"theme {theme.key!r} is defined twice")
            self._themes[theme.key] = theme
            seen: set[tuple[str, ...]] = set()
            for term in theme.terms:
                key = tuple(stems(term))
                if not key:
                    raise FormatError(f"theme {theme.key!r}: term {term!r} has no words")
                content = tuple(part for part in key if part not in STOP_STEMS)
                loosely = len(content) >= 2 and _NEGATIONS.isdisjoint(key)
                if loosely:
                    key = content
                if key in seen:
                    continue  # two spellings with the same stems: one is enough
                seen.add(key)
                if len(key) == 1:
                    singles.setdefault(key[0], []).append((theme.key, term))
                elif loosely:
                    loose.setdefault(key[:2], []).append((key, theme.key, term, 0))
                else:
                    at = _anchor(key)
                    exact.setdefault(key[at : at + 2], []).append((key, theme.key, term, at))
        for table in (exact, loose):
            for candidates in table.values():
                candidates.sort(key=lambda candidate: -len(candidate[0]))
        self._singles = singles
        self._single_keys = frozenset(singles)
        self._exact = exact
        self._exact_keys = frozenset(exact)
        self._loose = loose
        self._loose_keys = frozenset(loose)
        self._affinity = _affinity(singles, [*exact.values(), *loose.values()])
        people = people or People()
        self._home = frozenset(_people_stems(people.home))
        self._work = frozenset(_people_stems(people.work))
        self._about_colleagues = frozenset(
            theme.key for theme in themes if theme.about_colleagues and self._home
        )

    @classmethod
    def from_toml(cls, text: str, name: str = "themes.toml") -> ThemeLexicon:
        """Read ``[themes.<key>]`` tables with ``label``, ``description`` and ``terms``."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise FormatError(f"{name} is not valid TOML: {error}") from None
        tables = data.get("themes")
        if not isinstance(tables, dict) or not tables:
            raise FormatError(f"{name} needs [themes.<key>] tables")
        return cls(
            [_theme(key, table, name) for key, table in tables.items()],
            _people(data.get("people", {}), name),
        )

    @classmethod
    def bundled(cls) -> ThemeLexicon:
        """The lexicon shipped in ``seeds/themes.toml``, loaded once per process."""
        global _bundled
        if _bundled is None:
            _bundled = cls.from_toml(read_seed("themes.toml").decode("utf-8"))
        return _bundled

    # -- looking up ---------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._themes)

    def __iter__(self) -> Iterator[Theme]:
        return iter(self._themes.values())

    def __contains__(self, key: object) -> bool:
        return key in self._themes

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(self._themes)

    def theme(self, key: str) -> Theme:
        return self._themes[key]

    def label(self, key: str) -> str:
        """The readable label of a theme ("abusive caller"); an unknown key is shown as is."""
        theme = self._themes.get(key)
        return theme.label if theme is not None else key.replace("_", " ")

    # -- finding themes in text ---------------------------------------------------------

    def hits_in_stems(self, stemmed: Sequence[str]) -> list[ThemeHit]:
        """Every term found in a stemmed text (stop words kept), in order of position.

        At one position a theme counts once, with its longest term; a term that belongs
        to two themes counts for both. A hit of a theme about colleagues near someone from
        home is left out.
        """
        found = self._raw_hits(stemmed)
        if self._about_colleagues and not self._home.isdisjoint(stemmed):
            content = _content_places(stemmed)
            found = [hit for hit in found if not self._from_home(hit, stemmed, content)]
        return found

    def _raw_hits(self, stemmed: Sequence[str]) -> list[ThemeHit]:
        """Every term found, before any is left out for standing near someone from home."""
        found = self._phrase_hits(stemmed)
        taken = {(hit.theme, hit.start) for hit in found}
        singles = self._singles
        for key in self._single_keys.intersection(stemmed):
            for start in _positions(stemmed, key):
                for theme, term in singles[key]:
                    if (theme, start) not in taken:
                        found.append(ThemeHit(theme, term, start, start + 1))
        found.sort(key=lambda hit: (hit.start, -hit.end))
        return found

    def themes_in_stems(
        self, stemmed: Sequence[str], counts: Mapping[str, int] | None = None
    ) -> dict[str, int]:
        """Theme key -> number of term hits, for an already stemmed text.

        The same figures as counting :meth:`hits_in_stems`, but faster: one-word terms
        are counted from ``counts`` (the text's stem counts, computed if not given), and
        only the places where a phrase may start are walked. A caller that already has
        the text's stems without stop words may pass them, each with count 1, to count
        distinct one-word terms instead (as the match index does).
        """
        return self.themes_in_parts([(stemmed, Counter(stemmed) if counts is None else counts)])[0]

    def themes_in_parts(
        self, parts: Sequence[tuple[Sequence[str], Mapping[str, int]]]
    ) -> list[dict[str, int]]:
        """:meth:`themes_in_stems` for each of several texts, ``(stems, counts)``.

        The same figures, but phrases are looked for in one pass over all the texts (a
        break between them, so no term spans two): the match index cuts every entry into
        a few fields, and one pass per entry costs far less than one per field.
        """
        joined: list[str] = []
        starts: list[int] = []
        for stemmed, _ in parts:
            starts.append(len(joined))
            joined.extend(stemmed)
            joined.append(_BREAK)
        results = [self._single_counts(counts) for _, counts in parts]
        singles = self._singles
        for hit in self._phrase_hits(joined):
            part = bisect_right(starts, hit.start) - 1
            result = results[part]
            result[hit.theme] = result.get(hit.theme, 0) + 1
            if any(theme == hit.theme for theme, _ in singles.get(joined[hit.start], ())):
                result[hit.theme] -= 1  # a phrase and a word of one theme at one place
        if self._about_colleagues:
            for (stemmed, counts), result in zip(parts, results, strict=True):
                if not self._about_colleagues.isdisjoint(result) and not self._home.isdisjoint(
                    counts
                ):
                    self._recount_near_home(stemmed, counts, result)
        return results

    def _recount_near_home(
        self, stemmed: Sequence[str], counts: Mapping[str, int], result: dict[str, int]
    ) -> None:
        """Count again, hit by hit, the themes about colleagues of a text that names
        someone from home, leaving out the hits near them. Rare (few texts name both), so
        the slow way is fine. One-word terms count as ``counts`` says (each occurrence, or
        once when the caller counts distinct words), but never more than are kept."""
        content = _content_places(stemmed)
        for theme in self._about_colleagues.intersection(result):
            raw = [hit for hit in self._raw_hits(stemmed) if hit.theme == theme]
            kept = [hit for hit in raw if not self._from_home(hit, stemmed, content)]
            if len(kept) == len(raw):
                continue
            words_kept = Counter(stemmed[hit.start] for hit in kept if hit.end - hit.start == 1)
            total = len(kept) - sum(words_kept.values())
            total += sum(min(counts.get(key, 0), number) for key, number in words_kept.items())
            if total > 0:
                result[theme] = total
            else:
                del result[theme]

    def _from_home(self, hit: ThemeHit, stemmed: Sequence[str], content: Sequence[int]) -> bool:
        """Whether ``hit``, of a theme about colleagues, stands near someone from home and
        near no one from work (``content``: the places of the text's content words)."""
        if hit.theme not in self._about_colleagues:
            return False
        first = bisect_left(content, hit.start)
        last = bisect_left(content, hit.end)
        near = {stemmed[place] for place in content[max(first - NEAR_WORDS, 0) : last + NEAR_WORDS]}
        return not self._home.isdisjoint(near) and self._work.isdisjoint(near)

    def _single_counts(self, counts: Mapping[str, int]) -> dict[str, int]:
        result: dict[str, int] = {}
        singles = self._singles
        for key in self._single_keys.intersection(counts):
            for theme, _ in singles[key]:
                result[theme] = result.get(theme, 0) + counts[key]
        return result

    def _phrase_hits(self, stemmed: Sequence[str]) -> list[ThemeHit]:
        """Multi-word terms, the longest first at each place (a theme once per place).

        Terms with two content words or more are looked for in the text's content words,
        any stop words between them skipped, so "calls are too long" meets "calls too
        long" and "moved the shift" meets "moved my shift". A term that needs its stop
        words ("hung up on me") or holds a negation ("not enough staff") must be there
        word for word.
        """
        found = _walk(stemmed, self._exact, _starts(stemmed, self._exact_keys))
        content = list(filterfalse(STOP_STEMS.__contains__, stemmed))
        starts = _starts(content, self._loose_keys)
        if not starts:
            return found
        places = list(
            compress(range(len(stemmed)), map(not_, map(STOP_STEMS.__contains__, stemmed)))
        )
        loose = _walk(content, self._loose, starts, places)
        if not found:
            return loose
        best: dict[tuple[str, int], ThemeHit] = {}
        for hit in (*found, *loose):
            other = best.get((hit.theme, hit.start))
            if other is None or hit.end > other.end:
                best[hit.theme, hit.start] = hit
        return list(best.values())

    def affinity(self, content: Iterable[str]) -> dict[str, float]:
        """Theme key -> weak evidence from words that only the theme's phrases use.

        A text that says "stuck on hold" matches no whole term, but "hold" belongs to
        the phrases of one theme (*queue overload*): that is worth something, less than a
        term. Each distinct content stem adds ``1 / n`` to each of the ``n`` themes (at
        most :data:`AFFINITY_MAX_THEMES`) whose phrases use it; the theme's own one-word
        terms add nothing here, as they are counted as hits.
        """
        result: dict[str, float] = {}
        table = self._affinity
        present = set(content)
        for key in table.keys() & present:
            for theme, weight in table[key]:
                result[theme] = result.get(theme, 0.0) + weight
        # a query is short: all of it counts as near
        if not self._home.isdisjoint(present) and self._work.isdisjoint(present):
            for theme in self._about_colleagues:
                result.pop(theme, None)
        return result

    def themes_of_tag(self, tag: str) -> frozenset[str]:
        """The themes a tag stands for: those whose terms it holds, read as words
        (``system-outage`` holds "outage", ``angry-caller`` is "angry caller"), and the
        theme it names by key or label (``colleague-conflict``, ``roster_change``)."""
        found = set(self.themes_in(tag))
        named = tuple(words(tag))
        if named:
            for theme in self._themes.values():
                if named in (tuple(words(theme.key)), tuple(words(theme.label))):
                    found.add(theme.key)
        return frozenset(found)

    def themes_in(self, text: str) -> dict[str, int]:
        """Theme key -> number of term hits in ``text`` (empty when it touches no theme)."""
        return self.themes_in_stems(stems(text))

    def hits(self, text: str) -> list[ThemeHit]:
        """The terms found in ``text``, to show why a theme was seen."""
        return self.hits_in_stems(stems(text))


_bundled: ThemeLexicon | None = None


AFFINITY_MAX_THEMES = 3
"""A word used in the phrases of more themes than this tells nothing about any of them."""

NEAR_WORDS = 3
"""Content words either side of a term that count as near it, for themes about colleagues."""

_Phrase = tuple[tuple[str, ...], str, str, int]
"""A multi-word term: its stems, theme key, the term as written, and where in the stems
the pair it is filed under begins."""
_Phrases = dict[tuple[str, ...], list[_Phrase]]


def _anchor(key: tuple[str, ...]) -> int:
    """Where the pair to file a word-for-word term under begins: at its first content
    word (or just before it, when that is the last word)."""
    for place, part in enumerate(key):
        if part not in STOP_STEMS:
            return min(place, len(key) - 2)
    return 0


_BREAK = "\x00"
"""Put between texts cut as one: no word is ever this, so no term matches across it."""

_NEGATIONS = frozenset(stem(word) for word in ("no", "not", "nor"))
"""A term that holds one of these is matched word for word: "not enough staff" must
never meet "enough staff"."""


def _affinity(
    singles: Mapping[str, list[tuple[str, str]]], phrases: Iterable[list[_Phrase]]
) -> dict[str, tuple[tuple[str, float], ...]]:
    """Content stem -> (theme, weight) for the words of multi-word terms (see ``affinity``)."""
    owners: dict[str, set[str]] = {}
    for candidates in phrases:
        for key, theme, _, _ in candidates:
            for part in key:
                if part in STOP_STEMS:
                    continue
                if not any(owner == theme for owner, _ in singles.get(part, ())):
                    owners.setdefault(part, set()).add(theme)
    return {
        part: tuple((theme, 1.0 / len(themes)) for theme in sorted(themes))
        for part, themes in owners.items()
        if len(themes) <= AFFINITY_MAX_THEMES
    }


def _starts(stemmed: Sequence[str], keys: frozenset[tuple[str, ...]]) -> list[int]:
    """Where a word pair that begins a term of ``keys`` stands (one pass, all in C)."""
    return list(compress(count(), map(keys.__contains__, pairwise(stemmed))))


def _walk(
    stemmed: Sequence[str],
    phrases: _Phrases,
    starts: Iterable[int],
    places: Sequence[int] | None = None,
) -> list[ThemeHit]:
    """The terms of ``phrases`` filed under the word pairs at ``starts`` (see
    :func:`_starts`); at one place a theme counts once, with its longest term.
    ``places`` maps positions back to the text's own when ``stemmed`` is its content
    words only."""
    best: dict[tuple[str, int], tuple[int, ThemeHit]] = {}  # (theme, start) -> length, hit
    size = len(stemmed)
    for at in starts:
        for key, theme, term, offset in phrases[stemmed[at], stemmed[at + 1]]:
            start = at - offset
            end = start + len(key)
            if start < 0 or end > size:
                continue
            if end - start > 2 and tuple(stemmed[start:end]) != key:
                continue  # (a two-word term is its pair: nothing more to compare)
            other = best.get((theme, start))
            if other is not None and other[0] >= end - start:
                continue
            if places is None:
                best[theme, start] = (end - start, ThemeHit(theme, term, start, end))
            else:
                hit = ThemeHit(theme, term, places[start], places[end - 1] + 1)
                best[theme, start] = (end - start, hit)
    return [hit for _, hit in best.values()]


def _positions(stemmed: Sequence[str], key: str) -> Iterator[int]:
    """Where ``key`` occurs (``list.index`` jumps in C between occurrences)."""
    if not isinstance(stemmed, list):
        stemmed = list(stemmed)
    start = -1
    try:
        while True:
            start = stemmed.index(key, start + 1)
            yield start
    except ValueError:
        return


def _content_places(stemmed: Sequence[str]) -> list[int]:
    """Where the content words (not stop words) of a stemmed text stand."""
    return [place for place, part in enumerate(stemmed) if part not in STOP_STEMS]


def _people_stems(names: Iterable[str]) -> Iterator[str]:
    for name in names:
        yield from stems(name)


def _people(table: Any, name: str) -> People:
    if not isinstance(table, Mapping):
        raise FormatError(f"{name}: people must be a table")
    lists = []
    for kind in ("home", "work"):
        found = table.get(kind, [])
        if not isinstance(found, list) or not all(isinstance(word, str) for word in found):
            raise FormatError(f"{name}: people.{kind} must be a list of text")
        for word in found:
            if len(words(word)) != 1 or stem(words(word)[0]) in STOP_STEMS:
                raise FormatError(
                    f"{name}: people.{kind}: {word!r} must be one word, not a stop word"
                )
        lists.append(tuple(word.strip().lower() for word in found))
    return People(*lists)


def _theme(key: str, table: Any, name: str) -> Theme:
    if not isinstance(table, Mapping):
        raise FormatError(f"{name}: themes.{key} must be a table")
    label, description, terms = table.get("label"), table.get("description", ""), table.get("terms")
    if not isinstance(label, str) or not label.strip():
        raise FormatError(f"{name}: themes.{key} needs a label")
    if not isinstance(description, str):
        raise FormatError(f"{name}: themes.{key}.description must be text")
    if not isinstance(terms, list) or not all(isinstance(term, str) for term in terms):
        raise FormatError(f"{name}: themes.{key}.terms must be a list of text")
    cleaned = tuple(term.strip().lower() for term in terms if term.strip())
    if not cleaned:
        raise FormatError(f"{name}: themes.{key} has no terms")
    for term in cleaned:
        found = words(term)
        if len(found) == 1 and (found[0] in STOP_WORDS or stem(found[0]) in STOP_STEMS):
            raise FormatError(
                f"{name}: themes.{key}: the one-word term {term!r} is a stop word and would "
                "match almost any text"
            )
    about_colleagues = table.get("about_colleagues", False)
    if not isinstance(about_colleagues, bool):
        raise FormatError(f"{name}: themes.{key}.about_colleagues must be true or false")
    return Theme(key, label.strip(), description.strip(), cleaned, about_colleagues)
