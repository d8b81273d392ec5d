"""The optional meaning reranker: blending, threshold, reasons, the on-disk cache.

A fake embedder stands in for the model (CI installs no torch); one test loads the
real model, and runs only where the ``semantic`` extra is installed.
"""

from __future__ import annotations

import importlib.util
import os
import stat
import subprocess
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reflect import semantic
from reflect.config import Config
from reflect.match import MatchIndex
from reflect.model import Entry, make_entry
from reflect.semantic import (
    EmbeddingCache,
    MiniLMEmbedder,
    SemanticReranker,
    SemanticUnavailable,
    entry_text,
    load_reranker,
)

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)

# Each concept is one axis: a text's vector counts the concept words it uses.
CONCEPTS = (
    ("hold", "waiting", "queue", "wait", "stuck"),
    ("rota", "shift", "roster", "moved"),
    ("refund", "money", "parcel"),
)


class ConceptEmbedder:
    """Vectors from concept words; counts what it was asked to embed."""

    name = "concepts"

    def __init__(self) -> None:
        self.embedded: list[str] = []
        self.loaded = False

    def load(self) -> None:
        self.loaded = True

    def embed(self, texts: Sequence[str]) -> list[Sequence[float]]:
        self.embedded.extend(texts)
        vectors: list[Sequence[float]] = []
        for text in texts:
            lowered = text.lower()
            vectors.append([float(sum(word in lowered for word in words)) for words in CONCEPTS])
        return vectors


class BrokenEmbedder(ConceptEmbedder):
    def embed(self, texts: Sequence[str]) -> list[Sequence[float]]:
        raise SemanticUnavailable("the meaning model failed: out of memory")


def entry(challenge: str, lesson: str = "", day: int = 1) -> Entry:
    return make_entry(
        {"challenge": challenge, "lesson": lesson}, shift_date=date(2026, 3, day), now=NOW
    )


QUEUE = entry("The queue was red and people kept waiting on hold", "Breathe", day=2)
ROSTER = entry("They moved my shift again with a day's notice", "Ask early", day=3)
REFUND = entry("A refund for a parcel went missing", "Check the ledger", day=4)


def reranker(embedder: ConceptEmbedder, path: Path | None = None) -> SemanticReranker:
    return SemanticReranker(embedder, EmbeddingCache(path, embedder.name))


def test_meaning_brings_a_candidate_the_threshold_hid_and_says_so() -> None:
    index = MatchIndex.build([QUEUE, ROSTER, REFUND])
    text = "left stuck for ages"
    assert [m.entry.id for m in index.search(text)] == []  # too little for the engine alone
    assert [m.entry.id for m in index.search(text, threshold=0.0)] == [QUEUE.id]
    found = reranker(ConceptEmbedder()).search(index, text, limit=3)
    assert [m.entry.id for m in found] == [QUEUE.id]
    assert found[0].reasons[0] == "close in meaning"


def test_a_blend_below_the_threshold_is_dropped() -> None:
    index = MatchIndex.build([QUEUE, ROSTER, REFUND])
    embedder = ConceptEmbedder()
    found = reranker(embedder).search(index, "the queue was red all day", limit=3)
    assert [m.entry.id for m in found] == [QUEUE.id]
    assert all(m.score >= index.tuning.threshold for m in found)


def test_weight_zero_keeps_the_engines_order_and_scores() -> None:
    index = MatchIndex.build([QUEUE, ROSTER, REFUND])
    text = "they moved my shift and a refund went missing"
    plain = index.search(text, limit=3)
    blended = SemanticReranker(ConceptEmbedder(), EmbeddingCache(None, "concepts"), weight=0.0)
    found = blended.search(index, text, limit=3)
    assert [(m.entry.id, round(m.score, 9)) for m in found] == [
        (m.entry.id, round(m.score, 9)) for m in plain
    ]


def test_the_excluded_entry_and_the_limit_hold() -> None:
    index = MatchIndex.build([QUEUE, ROSTER, REFUND])
    rerank = reranker(ConceptEmbedder())
    text = "stuck waiting on hold while they moved my shift"
    assert QUEUE.id not in [m.entry.id for m in rerank.search(index, text, exclude_id=QUEUE.id)]
    assert len(rerank.search(index, text, limit=1)) == 1
    assert rerank.search(index, text, limit=0) == []
    assert rerank.search(index, "", limit=3) == []


def test_each_entry_is_embedded_once_and_kept_on_disk_but_never_the_query(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache" / "vectors.bin"
    index = MatchIndex.build([QUEUE, ROSTER, REFUND])
    query = "people waiting on hold"
    embedder = ConceptEmbedder()
    rerank = reranker(embedder, path)
    rerank.search(index, query, limit=3)
    entries_seen = [text for text in embedder.embedded if text != query]
    assert entries_seen
    rerank.search(index, query, limit=3)
    assert [text for text in embedder.embedded if text != query] == entries_seen
    assert embedder.embedded.count(query) == 2  # a query changes as one types: never kept
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    on_disk = EmbeddingCache(path, "concepts")
    assert on_disk.get(query) is None
    assert all(on_disk.get(text) is not None for text in entries_seen)

    again = ConceptEmbedder()
    reranker(again, path).search(index, query, limit=3)
    assert again.embedded == [query]  # the entries came from the file

    other = ConceptEmbedder()
    other.name = "another model"
    reranker(other, path).search(index, query, limit=3)
    assert len(other.embedded) > 1  # vectors of another model are never used


@pytest.mark.parametrize(
    "content",
    [b"", b"not json\n", b'{"model": "concepts", "dim": 3, "keys": ["a"]}\nshort', b"\xff\xfe"],
)
def test_an_unreadable_cache_is_replaced(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "vectors.bin"
    path.write_bytes(content)
    embedder = ConceptEmbedder()
    reranker(embedder, path).search(MatchIndex.build([QUEUE]), "waiting on hold", limit=1)
    assert embedder.embedded == ["waiting on hold", entry_text(QUEUE)]
    assert EmbeddingCache(path, "concepts").get(entry_text(QUEUE)) is not None


def test_the_reranker_is_made_only_when_installed_and_wanted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    assert load_reranker(Config(), tmp_path) is None  # the extra is "not installed" in tests
    monkeypatch.setattr(semantic, "available", lambda: True)
    assert load_reranker(Config(semantic=False), tmp_path) is None
    made = load_reranker(Config(), tmp_path)
    assert made is not None and isinstance(made.embedder, MiniLMEmbedder)
    assert not made.ready  # the model loads on prepare(), never on construction


def test_a_missing_extra_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(SemanticUnavailable, match=r"pip install 'reflect\[semantic\]'"):
        MiniLMEmbedder().load()


def test_a_failing_model_is_a_typed_error() -> None:
    rerank = reranker(BrokenEmbedder())
    with pytest.raises(SemanticUnavailable, match="out of memory"):
        rerank.search(MatchIndex.build([QUEUE]), "waiting on hold", limit=1)


def test_an_entry_is_embedded_by_its_challenge_and_lesson() -> None:
    assert entry_text(QUEUE) == f"{QUEUE.challenge}\n{QUEUE.lesson}"
    only_kindness = make_entry({"kindness": "Made tea"}, shift_date=date(2026, 3, 1), now=NOW)
    assert entry_text(only_kindness) == only_kindness.title


def test_importing_it_loads_no_model_library() -> None:
    code = (
        "import sys, reflect.semantic\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('torch', 'sentence_transformers', 'textual', 'click', 'numpy')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


REAL = all(
    importlib.util.find_spec(name) is not None
    for name in ("sentence_transformers", semantic.MODEL_PACKAGE)
)


@pytest.mark.skipif(not REAL, reason="the semantic extra (torch and the model) is not installed")
def test_the_real_model_puts_a_paraphrase_closest(tmp_path: Path) -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    embedder = MiniLMEmbedder()
    rerank = SemanticReranker(embedder, EmbeddingCache(tmp_path / "v.bin", embedder.name))
    rerank.prepare()
    query, roster, refund = embedder.embed(
        [
            "they moved my shift again with a day's notice",
            "the roster changed overnight, again",
            "a refund for a parcel went missing",
        ]
    )
    closeness = [
        sum(a * b for a, b in zip(query, other, strict=True)) for other in (roster, refund)
    ]
    assert closeness[0] > closeness[1] + 0.1


def test_warming_embeds_entries_in_batches_and_stops_when_asked(tmp_path: Path) -> None:
    entries = [entry(f"The queue was red again, day {day}", day=day) for day in range(1, 11)]
    embedder = ConceptEmbedder()
    rerank = reranker(embedder, tmp_path / "v.bin")
    asked = []

    def stop() -> bool:
        asked.append(True)
        return len(asked) > 2  # two batches, then the worker is cancelled

    rerank.warm(entries, batch=4, stop=stop)
    assert embedder.embedded == [entry_text(item) for item in entries[:8]]
    assert len(EmbeddingCache(tmp_path / "v.bin", "concepts")) == 8


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_in_the_cache_file_are_ignored_not_raised(content: bytes) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "v.bin"
        path.write_bytes(content)
        cache = EmbeddingCache(path, "concepts")  # reads it, or ignores it: never raises
        cache.put("a", [1.0, 0.0])
        cache.save()
        assert EmbeddingCache(path, "concepts").get("a") is not None
