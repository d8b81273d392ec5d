"""The labelled matching set (``tests/data/match_set.json``) and the rankers compared on it.

The set's ids ("e01") are shorter than an entry id may be, so entries get padded ids
("match-e01") here, and rankings are mapped back before scoring: nothing outside this
module sees the padded form.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from benchmarks.metrics import summarise
from reflect.match import MatchIndex, Tuning
from reflect.model import Entry
from reflect.text import STOP_WORDS, words

SET_PATH = Path(__file__).resolve().parent.parent / "tests" / "data" / "match_set.json"
HOLDOUT_PATH = SET_PATH.with_name("match_holdout.json")
"""Written blind after the engine existed, by someone who saw neither it nor the lexicon;
only its totals are ever looked at, so it says how well the engine generalises."""
_PREFIX = "match-"

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


def build_index(match_set: MatchSet, tuning: Tuning | None = None) -> MatchIndex:
    index = MatchIndex(tuning=tuning)
    for entry, author in match_set.entries:
        index.add(entry, author=author)
    return index


def engine_ranker(match_set: MatchSet, tuning: Tuning | None = None) -> Ranker:
    """The full engine as the app uses it: themes, boosts, recency and threshold."""
    index = build_index(match_set, tuning)
    size = len(match_set.entries)

    def rank(text: str) -> list[str]:
        found = index.search(text, limit=size, today=match_set.today)
        return [set_id(match.entry) for match in found]

    return rank


def semantic_ranker(match_set: MatchSet) -> Ranker | None:
    """The full engine reranked by meaning, when the ``semantic`` extra is installed."""
    from reflect.semantic import EmbeddingCache, MiniLMEmbedder, SemanticReranker, available

    if not available():
        return None
    index = build_index(match_set)
    embedder = MiniLMEmbedder()
    reranker = SemanticReranker(embedder, EmbeddingCache(None, embedder.name))
    size = len(match_set.entries)

    def rank(text: str) -> list[str]:
        found = reranker.search(index, text, limit=size, today=match_set.today)
        return [set_id(match.entry) for match in found]

    return rank


def bm25_ranker(match_set: MatchSet) -> Ranker:
    """BM25F over the same fields and tokens, nothing else."""
    return engine_ranker(match_set, Tuning.bm25_only())


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
