"""Meaning in From your past: fusion, reasons, the vector cache, and the real model.

A concept embedder stands in for the model where a test is about reflect's own logic; the
real model, which ships with reflect, is loaded where a test is about the model.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import reflect.meaning
from reflect.config import Config
from reflect.match import MatchIndex
from reflect.meaning import (
    MODEL_NAME,
    MeaningSearch,
    MeaningUnavailable,
    OnnxEmbedder,
    load_meaning,
    model_folder,
    open_cache,
    units,
)
from reflect.model import Entry, make_entry
from reflect.vector_cache import VectorCache, model_fingerprint

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)

# Each concept is one axis: a text's vector counts the concept words it uses.
CONCEPTS = (
    ("hold", "waiting", "queue", "wait", "stuck"),
    ("rota", "shift", "roster", "moved"),
    ("refund", "money", "parcel"),
)


class ConceptEmbedder:
    """Unit vectors from concept words; remembers what it was asked to embed."""

    name = "concepts"
    sha256 = "0" * 64
    dimensions = len(CONCEPTS) + 1  # and one axis for "none of these"

    def __init__(self) -> None:
        self.embedded: list[str] = []
        self.loaded = False

    def load(self) -> None:
        self.loaded = True

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        rows = []
        for text in texts:
            lowered = text.lower()
            row = [float(sum(word in lowered for word in words)) for words in CONCEPTS]
            rows.append([*row, 0.0 if any(row) else 1.0])
        matrix = np.array(rows, dtype=np.float32).reshape(len(texts), self.dimensions)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        unit: np.ndarray = matrix / np.maximum(norms, 1e-12)
        return unit


class BrokenEmbedder(ConceptEmbedder):
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        raise MeaningUnavailable("the meaning model failed: out of memory")


def entry(challenge: str, lesson: str = "", day: int = 1) -> Entry:
    return make_entry(
        {"challenge": challenge, "lesson": lesson}, shift_date=date(2026, 3, day), now=NOW
    )


QUEUE = entry("The queue was red and people kept waiting on hold", "Breathe", day=2)
ROSTER = entry("They moved my shift again with a day's notice", "Ask early", day=3)
REFUND = entry("A refund for a parcel went missing", "Check the ledger", day=4)


def search(embedder: ConceptEmbedder, path: Path | None = None) -> MeaningSearch:
    return MeaningSearch(embedder, open_cache(embedder, path))


def test_meaning_finds_what_the_words_miss_and_says_so() -> None:
    index = MatchIndex.build([QUEUE, ROSTER, REFUND])
    text = "left stuck for ages"
    assert index.search(text) == []  # too little for words and themes alone
    meaning = search(ConceptEmbedder())
    meaning.embed_missing(index)
    found = meaning.search(index, text, limit=3)
    assert [match.entry.id for match in found] == [QUEUE.id]
    assert found[0].reasons[0] == f"close in meaning: '{QUEUE.challenge}'"
    assert 0 < found[0].score <= 1


def test_nothing_close_in_words_or_meaning_gives_nothing() -> None:
    index = MatchIndex.build([QUEUE, ROSTER, REFUND])
    meaning = search(ConceptEmbedder())
    meaning.embed_missing(index)
    assert meaning.search(index, "lovely sunny walk to the bus stop", limit=3) == []


def test_the_excluded_entry_and_the_limit_hold() -> None:
    index = MatchIndex.build([QUEUE, ROSTER, REFUND])
    meaning = search(ConceptEmbedder())
    meaning.embed_missing(index)
    text = "stuck waiting on hold while they moved my shift"
    assert QUEUE.id not in [m.entry.id for m in meaning.search(index, text, exclude_id=QUEUE.id)]
    assert len(meaning.search(index, text, limit=1)) == 1
    assert meaning.search(index, text, limit=0) == []
    assert meaning.search(index, "  ", limit=3) == []


def test_the_closest_sentence_is_quoted_in_the_reason() -> None:
    long = entry("It was a long day. Then the queue went red and everyone was on hold. Tea.")
    index = MatchIndex.build([long, REFUND])
    meaning = search(ConceptEmbedder())
    meaning.embed_missing(index)
    (found, *_) = meaning.search(index, "people stuck waiting", limit=1)
    assert (
        found.reasons[0] == "close in meaning: 'Then the queue went red and everyone was on hold.'"
    )


def test_each_entry_is_embedded_once_and_kept_on_disk_but_never_the_query(
    tmp_path: Path,
) -> None:
    path = tmp_path / "cache" / "vectors.bin"
    index = MatchIndex.build([QUEUE, ROSTER, REFUND])
    embedder = ConceptEmbedder()
    meaning = search(embedder, path)
    assert meaning.embed_missing(index) == 6  # two units an entry
    query = "people waiting on hold"
    meaning.search(index, query, limit=3)
    meaning.search(index, query, limit=3)
    assert meaning.embed_missing(index) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = ConceptEmbedder()
    reopened = search(again, path)
    assert reopened.missing(index) == []  # the entries' vectors came from the file
    reopened.search(index, query, limit=3)
    assert again.embedded == [query]  # only the query: the entries came from the file
    assert len(open_cache(again, path)) == 6  # and no query was ever written


def test_vectors_of_another_model_are_never_used(tmp_path: Path) -> None:
    path = tmp_path / "vectors.bin"
    index = MatchIndex.build([QUEUE])
    search(ConceptEmbedder(), path).embed_missing(index)
    other = ConceptEmbedder()
    other.sha256 = "1" * 64
    assert len(search(other, path).missing(index)) == 2


def test_a_warm_up_stops_when_asked_and_carries_on_next_time(tmp_path: Path) -> None:
    entries = [entry(f"The queue was red again, day {day}", day=day) for day in range(1, 11)]
    index = MatchIndex.build(entries)
    path = tmp_path / "v.bin"
    asked: list[bool] = []
    seen: list[tuple[int, int]] = []

    def stop() -> bool:
        asked.append(True)
        return len(asked) > 2  # two batches, then the worker is cancelled

    done = search(ConceptEmbedder(), path).embed_missing(
        index, progress=lambda d, t: seen.append((d, t)), stop=stop, batch=4
    )
    assert done == 8 and seen == [(4, 10), (8, 10)]
    later = ConceptEmbedder()
    assert search(later, path).embed_missing(index) == 2
    assert len(later.embedded) == 2


def test_a_failing_model_is_a_typed_error() -> None:
    meaning = search(BrokenEmbedder())
    with pytest.raises(MeaningUnavailable, match="out of memory"):
        meaning.embed_missing(MatchIndex.build([QUEUE]))


def test_an_entry_is_compared_by_its_challenge_and_by_challenge_with_lesson() -> None:
    assert units(QUEUE) == [QUEUE.challenge, f"{QUEUE.challenge}\n{QUEUE.lesson}"]
    only_kindness = make_entry({"kindness": "Made tea"}, shift_date=date(2026, 3, 1), now=NOW)
    assert units(only_kindness) == ["Made tea"]
    assert units(entry("cx was irate")) == ["customer was irate angry"]  # normalised


def test_meaning_is_made_unless_switched_off(tmp_path: Path) -> None:
    made = load_meaning(Config(), tmp_path)
    assert made is not None and isinstance(made.embedder, OnnxEmbedder)
    assert made.cache.path == tmp_path / f"vectors-{MODEL_NAME}.bin"
    assert load_meaning(Config(semantic=False), tmp_path) is None


# -- the vector cache ---------------------------------------------------------------------


def _cache(path: Path) -> VectorCache:
    return VectorCache(path, 3, model_fingerprint("concepts", "0" * 64))


def test_one_save_appends_one_record_and_never_rewrites_the_file(tmp_path: Path) -> None:
    path = tmp_path / "v.bin"
    cache = _cache(path)
    cache.put_many(["a", "b"], np.eye(3, dtype=np.float32)[:2])
    inode, size = path.stat().st_ino, path.stat().st_size
    cache.put_many(["c"], np.eye(3, dtype=np.float32)[2:])
    assert path.stat().st_ino == inode and path.stat().st_size > size
    assert len(_cache(path)) == 3


def test_a_record_cut_short_by_a_kill_is_dropped_and_the_rest_kept(tmp_path: Path) -> None:
    path = tmp_path / "v.bin"
    cache = _cache(path)
    cache.put_many(["a", "b"], np.eye(3, dtype=np.float32)[:2])
    whole = path.read_bytes()
    path.write_bytes(whole + whole[-20:-7])  # half a record, as a kill mid-write leaves
    survivor = _cache(path)
    assert len(survivor) == 2
    survivor.put_many(["c"], np.eye(3, dtype=np.float32)[2:])
    assert len(_cache(path)) == 3


def test_the_cache_survives_a_real_kill_in_the_middle_of_writing(tmp_path: Path) -> None:
    path = tmp_path / "v.bin"
    code = (
        "import sys, numpy as np\n"
        "from reflect.vector_cache import VectorCache, model_fingerprint\n"
        f"cache = VectorCache(__import__('pathlib').Path({str(path)!r}), 384,"
        " model_fingerprint('m', 'x'))\n"
        "print('ready', flush=True)\n"
        "for n in range(100000):\n"
        "    cache.put_many([f'text {n}'], np.ones((1, 384), dtype=np.float32) / 19.6)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert child.stdout is not None and child.stdout.readline().strip() == b"ready"
    import time

    time.sleep(0.5)
    child.send_signal(signal.SIGKILL)
    child.wait()
    cache = VectorCache(path, 384, model_fingerprint("m", "x"))
    assert len(cache) > 10
    rows, matrix = cache.get_many(["text 0"])
    assert rows[0] is not None and abs(float(np.linalg.norm(matrix[rows[0]])) - 1.0) < 0.01


@pytest.mark.parametrize("content", [b"", b"not a cache", b"RFLVEC01" + b"\0" * 40, b"\xff" * 99])
def test_an_unreadable_cache_is_replaced_quietly(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "v.bin"
    path.write_bytes(content)
    cache = _cache(path)
    assert len(cache) == 0
    cache.put_many(["a"], np.eye(3, dtype=np.float32)[:1])
    assert len(_cache(path)) == 1


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.integers(0, 120))
def test_any_bytes_in_the_cache_file_are_read_or_ignored_never_raised(
    content: bytes, keep: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "v.bin"
        good = _cache(path)
        good.put_many(["a", "b"], np.eye(3, dtype=np.float32)[:2])
        path.write_bytes(path.read_bytes()[:keep] + content)
        cache = _cache(path)
        cache.put_many(["c"], np.eye(3, dtype=np.float32)[2:])
        assert _cache(path).missing(["c"]) == []


def test_stale_vectors_drop_out_when_they_are_most_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "v.bin"
    cache = _cache(path)
    texts = [f"t{n}" for n in range(2500)]
    cache.put_many(texts, np.tile(np.eye(3, dtype=np.float32)[:1], (2500, 1)))
    cache.compact(texts[:100])
    assert len(_cache(path)) == 100
    assert _cache(path).missing(texts[:100]) == []


# -- the real model, as it ships ----------------------------------------------------------


@pytest.fixture(scope="module")
def model() -> OnnxEmbedder:
    embedder = OnnxEmbedder()
    embedder.load()
    return embedder


def test_the_real_model_puts_a_paraphrase_first(model: OnnxEmbedder) -> None:
    entries = [
        entry("the roster changed overnight, again, nobody asked me", day=3),
        entry("a refund for a parcel went missing and the customer was upset", day=4),
        entry("the billing system crashed during the morning peak", day=5),
    ]
    index = MatchIndex.build(entries)
    meaning = MeaningSearch(model, open_cache(model, None))
    meaning.embed_missing(index)
    closeness = meaning.closeness(index, "they moved my shift again with a day's notice")
    ranked = sorted(closeness, key=lambda key: -closeness[key])
    assert ranked[0][1] == entries[0].id
    assert closeness[ranked[0]] > closeness[ranked[1]] + 0.1


def test_the_real_model_gives_unit_vectors_for_any_text(model: OnnxEmbedder) -> None:
    vectors = model.embed(["", " ", "cx", "word " * 400, "emoji 🙂 and ünïcödé"])
    assert vectors.shape == (5, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)


def _damaged_copy(tmp_path: Path, file: str) -> Path:
    folder = tmp_path / "minilm"
    shutil.copytree(model_folder(), folder)
    data = bytearray((folder / file).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (folder / file).write_bytes(bytes(data))
    return folder


@pytest.mark.parametrize("file", ["model.onnx", "tokenizer.json"])
def test_a_damaged_model_file_is_refused_before_loading(tmp_path: Path, file: str) -> None:
    with pytest.raises(MeaningUnavailable, match="SHA-256 differs"):
        OnnxEmbedder(_damaged_copy(tmp_path, file)).load()


def test_a_missing_model_file_is_one_clear_error(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    with pytest.raises(MeaningUnavailable, match="missing"):
        OnnxEmbedder(folder).load()


def test_the_shipped_model_is_what_its_readme_says() -> None:
    readme = (model_folder() / "README.md").read_text(encoding="utf-8")
    assert reflect.meaning.MODEL_SHA256 in readme and reflect.meaning.TOKENIZER_SHA256 in readme
    assert "Apache License" in (model_folder() / "LICENSE").read_text(encoding="utf-8")


def test_reflect_version_loads_no_model_library() -> None:
    code = (
        "import sys\nfrom reflect.cli import cli\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('onnxruntime', 'tokenizers', 'numpy', 'spellchecker', 'textual')))"
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
