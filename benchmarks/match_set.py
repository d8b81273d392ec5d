"""The labelled matching set (``tests/data/match_set.json``) and the rankers compared on it.

The set's ids ("e01") are shorter than an entry id may be, so entries get padded ids
("match-e01") here, and rankings are mapped back before scoring: nothing outside this
module sees the padded form.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal

from benchmarks.metrics import summarise
from reflect.match import MatchIndex, Tuning
from reflect.model import Entry
from reflect.shorthand import normalise as shorthand_normalise
from reflect.words import STOP_WORDS, words

SET_PATH = Path(__file__).resolve().parent.parent / "tests" / "data" / "match_set.json"
REALISTIC_PATH = SET_PATH.with_name("match_realistic.json")
"""Written blind before any tuning, the way tired agents write (typos, shorthand, vents)."""
HOLDOUT_PATH = SET_PATH.with_name("match_holdout.json")
"""Written blind after the engine existed, by someone who saw neither it nor the lexicon;
only its totals are ever looked at, so it says how well the engine generalises."""
_PREFIX = "match-"

_normalising: list[Callable[[str], str]] = [shorthand_normalise]
"""How build_index normalises texts (see :func:`normalising`)."""

Ranker = Callable[[str], list[str]]
"""Query text -> set ids ("e01"), best first."""


@dataclass(frozen=True)
class Query:
    id: str
    text: str
    kind: str
    grades: dict[str, int]


@dataclass(frozen=True)
class MatchSet:
    entries: tuple[tuple[Entry, str], ...]  # (entry, author)
    queries: tuple[Query, ...]

    @property
    def today(self) -> date:
        """The day after the newest entry: the set is read as if written up to yesterday."""
        return max(entry.shift_date for entry, _ in self.entries) + timedelta(days=1)


def set_id(entry: Entry) -> str:
    return entry.id.removeprefix(_PREFIX)


def load_match_set(path: Path = SET_PATH) -> MatchSet:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    entries = []
    for item in data["entries"]:
        moment = datetime.combine(date.fromisoformat(item["shift_date"]), time(18), UTC)
        fields = {key: value for key, value in item.items() if key not in ("id", "author")}
        entry = Entry.from_dict(
            {**fields, "id": _PREFIX + item["id"], "created_at": moment, "updated_at": moment}
        )
        entries.append((entry, str(item.get("author") or "me")))
    queries = tuple(
        Query(item["id"], item["text"], item["kind"], dict(item["relevant"]))
        for item in data["queries"]
    )
    return MatchSet(tuple(entries), queries)


def build_index(
    match_set: MatchSet, tuning: Tuning | None = None, *, normalised: bool = True
) -> MatchIndex:
    chosen = _normalising[0] if normalised else None
    index = MatchIndex(tuning=tuning, normalise=chosen)
    for entry, author in match_set.entries:
        index.add(entry, author=author)
    return index


def engine_ranker(
    match_set: MatchSet, tuning: Tuning | None = None, *, normalised: bool = True
) -> Ranker:
    """Words and themes as the app uses them: boosts, recency and threshold; texts
    normalised (shorthand, spelling) unless ``normalised=False``."""
    index = build_index(match_set, tuning, normalised=normalised)
    size = len(match_set.entries)

    def rank(text: str) -> list[str]:
        found = index.search(text, limit=size, today=match_set.today)
        return [set_id(match.entry) for match in found]

    return rank


def meaning_ranker(match_set: MatchSet, **settings: float) -> Ranker:
    """The full engine: words and themes fused with meaning (``reflect.meaning``)."""
    from reflect.meaning import MeaningSearch, OnnxEmbedder, open_cache

    index = build_index(match_set)
    embedder = _shared_embedder(OnnxEmbedder)
    search = MeaningSearch(embedder, open_cache(embedder, None), **settings)  # type: ignore[arg-type]
    search.embed_missing(index)
    size = len(match_set.entries)

    def rank(text: str) -> list[str]:
        found = search.search(index, text, limit=size, today=match_set.today)
        return [set_id(match.entry) for match in found]

    return rank


def cosine_ranker(match_set: MatchSet) -> Ranker:
    """Meaning alone: entries by the cosine of their closest unit, nothing else."""
    from reflect.meaning import MeaningSearch, OnnxEmbedder, open_cache

    index = build_index(match_set)
    embedder = _shared_embedder(OnnxEmbedder)
    search = MeaningSearch(embedder, open_cache(embedder, None))
    search.embed_missing(index)

    def rank(text: str) -> list[str]:
        close = search.closeness(index, text)
        ordered = sorted(close.items(), key=lambda item: -item[1])
        return [key[1].removeprefix(_PREFIX) for key, _ in ordered]

    return rank


_EMBEDDERS: dict[type, Any] = {}


def _shared_embedder(kind: type) -> Any:
    """One loaded model for every ranker of a run."""
    if kind not in _EMBEDDERS:
        _EMBEDDERS[kind] = kind()
    return _EMBEDDERS[kind]


def bm25_ranker(match_set: MatchSet) -> Ranker:
    """BM25F over the same fields and tokens as written, nothing else."""
    return engine_ranker(match_set, Tuning.bm25_only(), normalised=False)


def keyword_ranker(match_set: MatchSet) -> Ranker:
    """The baseline: how many distinct lowercase non-stop words the query and entry share.

    No stemming, no weights; ties keep the set's order (stable sort)."""
    vocabularies = [
        (set_id(entry), _plain_words(" ".join([*entry.texts.values(), *entry.tags])))
        for entry, _ in match_set.entries
    ]

    def rank(text: str) -> list[str]:
        query = _plain_words(text)
        counted = [(len(query & vocabulary), name) for name, vocabulary in vocabularies]
        ordered = sorted((item for item in counted if item[0] > 0), key=lambda item: -item[0])
        return [name for _, name in ordered]

    return rank


def _plain_words(text: str) -> set[str]:
    return {word for word in words(text) if word not in STOP_WORDS}


def evaluate(ranker: Ranker, queries: Sequence[Query]) -> dict[str, float]:
    return summarise([(ranker(query.text), query.grades) for query in queries])


Normalising = Literal["as written", "shorthand only", "shorthand and spelling"]


@contextmanager
def normalising(how: Normalising) -> Iterator[None]:
    """Every index built and every query embedded inside normalises texts ``how``: to
    measure what the glossary and the speller each add to the engine that ships. The app
    always uses "shorthand and spelling"."""
    from reflect import meaning, shorthand

    glossary = shorthand.Glossary.bundled()
    ways: dict[str, Callable[[str], str]] = {
        "as written": str,
        "shorthand only": glossary.expand,
        "shorthand and spelling": shorthand.normalise,
    }
    embedding: Any = meaning  # its module-level normalise is swapped for the measurement
    kept = embedding.normalise, _normalising[0]
    embedding.normalise = ways[how]  # what queries and units are embedded as
    _normalising[0] = ways[how]  # what build_index gives the match index
    try:
        yield
    finally:
        embedding.normalise = kept[0]
        _normalising[0] = kept[1]
