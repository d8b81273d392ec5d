"""Closeness in meaning, from a small sentence-embedding model in the default install.

The words and themes of :mod:`reflect.match` find entries that say the same thing; this
finds entries that *mean* it in other words ("they moved my shift again" and "the rota
changed overnight"). The model is all-MiniLM-L6-v2 tuned on support-floor writing and
exported to ONNX with int8 weights, shipped inside reflect (``reflect/models/minilm``,
where its origin, training, licence and SHA-256 are written down) and run by
onnxruntime with the Hugging Face ``tokenizers``: no torch, nothing downloaded. Both
files are checked against their SHA-256 before loading; a file that is missing or
different leaves matching to words and themes, with one notice.

How the three signals become one score (measured against the alternatives in
docs/matching.md): ``blend`` of the cosine between the query and the entry's closer
*unit* (its challenge, or challenge with lesson), plus the rest of the engine's own score
(words and themes, with its lesson and recency factors). Only entries scoring
``min_score`` are offered, so a text that fits nothing still gets nothing.

Texts are normalised (:mod:`reflect.shorthand`) before they are embedded, as for words.
Vectors of entries are kept in ``<home>/cache`` (:mod:`reflect.vector_cache`); a query's
is computed afresh and never stored.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from reflect.errors import ReflectError
from reflect.match import Match, MatchIndex
from reflect.model import Entry
from reflect.shorthand import normalise
from reflect.vector_cache import VectorCache, model_fingerprint

if TYPE_CHECKING:
    from reflect.config import Config

MODEL_NAME = "minilm-l6-support-floor-int8"
MODEL_SHA256 = "d99878b4d2aa0f8c3038cb693a1ae5a9b34e2fac5f8819d203080e64d6af4a52"
TOKENIZER_SHA256 = "6b26f2fee07b0274613a16b7b98270d03ed2aa1d7fc9822ee48f3cb3dc80d145"
DIMENSIONS = 384
MAX_TOKENS = 256
BATCH = 32
THREADS = 2
CLOSE_IN_MEANING = 0.4
"""From this cosine on, "close in meaning" is given as a reason, with the old sentence
(an unrelated sentence reaches about 0.27 with the tuned model)."""
MAX_SENTENCES = 8
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")


class MeaningUnavailable(ReflectError):
    """The meaning model cannot be used (missing, damaged, or its runtime failed)."""


class Embedder(Protocol):
    """Texts in, unit vectors out (one row each); ``name`` and ``sha256`` tell cached
    vectors of different models apart, so a better model can be swapped in later."""

    name: str
    sha256: str
    dimensions: int

    def load(self) -> None:
        """Get ready (a fraction of a second); raise :class:`MeaningUnavailable`."""

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def model_folder() -> Path:
    return Path(str(resources.files("reflect") / "models" / "minilm"))


def _verified(path: Path, sha256: str) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as error:
        message = f"the meaning model is missing ({path.name}: {error.strerror})"
        raise MeaningUnavailable(message) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise MeaningUnavailable(
            f"the meaning model's {path.name} is not the file reflect ships (its SHA-256 "
            "differs); reinstall reflect"
        )
    return data


class OnnxEmbedder:
    """all-MiniLM-L6-v2 through onnxruntime: mean of the token vectors, then unit length."""

    name = MODEL_NAME
    sha256 = MODEL_SHA256
    dimensions = DIMENSIONS

    def __init__(self, folder: Path | None = None, threads: int = THREADS) -> None:
        self.folder = folder if folder is not None else model_folder()
        self.threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            model = _verified(self.folder / "model.onnx", MODEL_SHA256)
            tokens = _verified(self.folder / "tokenizer.json", TOKENIZER_SHA256)
            try:
                import onnxruntime
                from tokenizers import Tokenizer

                options = onnxruntime.SessionOptions()
                options.intra_op_num_threads = self.threads
                options.inter_op_num_threads = 1
                options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
                level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
                options.graph_optimization_level = level
                # no busy-waiting between queries: the app is idle most of the time
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                options.log_severity_level = 3
                session = onnxruntime.InferenceSession(
                    model, sess_options=options, providers=["CPUExecutionProvider"]
                )
                tokenizer = Tokenizer.from_str(tokens.decode("utf-8"))
                tokenizer.enable_truncation(max_length=MAX_TOKENS)
                tokenizer.enable_padding(pad_id=0, pad_type_id=0, pad_token="[PAD]")
            except Exception as error:  # the runtime raises its own kinds of error
                raise MeaningUnavailable(f"the meaning model cannot be loaded: {error}") from None
            self._inputs = {item.name for item in session.get_inputs()}
            self._session, self._tokenizer = session, tokenizer

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.load()
        rows = [self._embed_batch(texts[start : start + BATCH])
                for start in range(0, len(texts), BATCH)]  # fmt: skip
        return np.vstack(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)

    def _embed_batch(self, texts: Sequence[str]) -> np.ndarray:
        try:
            encoded = self._tokenizer.encode_batch([text or " " for text in texts])
            ids = np.array([item.ids for item in encoded], dtype=np.int64)
            mask = np.array([item.attention_mask for item in encoded], dtype=np.int64)
            feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = self._session.run(
                None, {name: value for name, value in feed.items() if name in self._inputs}
            )[0]
        except Exception as error:  # a model failing mid-run must not take the app down
            raise MeaningUnavailable(f"the meaning model failed: {error}") from None
        weights = mask[:, :, None].astype(np.float32)
        summed = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return _unit_rows(summed.astype(np.float32))


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit: np.ndarray = matrix / np.maximum(norms, 1e-12)
    return unit


def units(entry: Entry) -> list[str]:
    """What of an entry is compared with a query, normalised as the query is: its
    challenge, and its challenge with the lesson (the closer one counts). Sentence by
    sentence was measured too, and ranked worse (docs/matching.md)."""
    challenge = entry.challenge.strip() or entry.title
    found = [challenge]
    if entry.lesson.strip():
        found.append(f"{challenge}\n{entry.lesson.strip()}")
    return list(dict.fromkeys(normalise(text) for text in found))


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE.split(text) if part.strip()][:MAX_SENTENCES]


@dataclass
class _Layout:
    """Every indexed entry's units as rows of one matrix, rebuilt when the index changes."""

    changes: int
    keys: list[tuple[str, str]]  # (author, entry id) per entry
    entries: list[tuple[Entry, str]]
    starts: np.ndarray  # first unit row of each entry
    texts: list[str]  # every unit, entry after entry


@dataclass
class MeaningSearch:
    """The engine's ranking and meaning's, fused (see the module's docstring)."""

    embedder: Embedder
    cache: VectorCache
    blend: float | None = 0.7
    """Share of the score given to meaning (the cosine of the closest unit); the rest is
    the word-and-theme engine's score. ``None`` fuses the two rankings by reciprocal rank
    instead (``meaning_weight``, ``k``, ``min_cosine``): measured, and worse."""
    min_score: float = 0.2
    """Only entries scoring this much are offered: a text that fits nothing gets nothing
    (an unrelated sentence reaches a cosine of about 0.27, so 0.19 by meaning alone)."""
    meaning_weight: float = 1.0
    k: float = 60.0
    min_cosine: float = 0.3
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _layout: _Layout | None = field(default=None, repr=False)

    def prepare(self) -> None:
        """Load the model (in a worker, or before a command's search)."""
        self.embedder.load()

    def _units_of(self, index: MatchIndex) -> _Layout:
        layout = self._layout
        if layout is not None and layout.changes == index.changes:
            return layout
        documents = index.documents()
        texts: list[str] = []
        starts = []
        for entry, _ in documents:
            starts.append(len(texts))
            texts.extend(units(entry))
        self._layout = _Layout(
            index.changes, [(author, entry.id) for entry, author in documents], documents,
            np.array(starts, dtype=np.int64), texts,
        )  # fmt: skip
        return self._layout

    def missing(self, index: MatchIndex) -> list[str]:
        """Units of indexed entries that have no vector yet."""
        with self._lock:
            return self.cache.missing(self._units_of(index).texts)

    def embed_missing(
        self,
        index: MatchIndex,
        progress: Callable[[int, int], None] | None = None,
        stop: Callable[[], bool] = lambda: False,
        batch: int = 64,
    ) -> int:
        """Embed what has no vector yet, a batch at a time, newest entries first; each
        batch is kept at once, so an interrupted warm-up carries on next time."""
        todo = self.missing(index)
        todo.reverse()  # documents() runs oldest slot first; the newest matter most
        done = 0
        for start in range(0, len(todo), batch):
            if stop():
                break
            chunk = todo[start : start + batch]
            vectors = self.embedder.embed(chunk)
            with self._lock:
                self.cache.put_many(chunk, vectors)
            done += len(chunk)
            if progress is not None:
                progress(done, len(todo))
        return done

    def closeness(
        self, index: MatchIndex, text: str, query: np.ndarray | None = None
    ) -> dict[tuple[str, str], float]:
        """(author, entry id) -> the cosine of the entry's closest unit to ``text``."""
        if query is None:
            query = self.embed_query(text)
        with self._lock:
            layout = self._units_of(index)
            rows, matrix = self.cache.get_many(layout.texts)
        if not layout.texts:
            return {}
        known = np.array([row is not None for row in rows])
        gathered = matrix[[row if row is not None else 0 for row in rows]] if len(matrix) else None
        if gathered is None:
            return {}
        cosines = np.where(known, gathered @ query, -1.0)
        best_rows = _argmax_by_group(cosines, layout.starts)
        return {
            key: float(cosines[row])
            for key, row in zip(layout.keys, best_rows, strict=True)
            if cosines[row] > -1.0
        }

    def embed_query(self, text: str) -> np.ndarray:
        """A query's vector: computed afresh, never stored (it changes as one types)."""
        vector: np.ndarray = self.embedder.embed([normalise(text)])[0]
        return vector

    def closest_sentence(self, entry: Entry, query: np.ndarray) -> str:
        """The sentence of an entry's challenge nearest the query (for a reason to quote);
        its vectors are cached like the entry's."""
        found = sentences(entry.challenge.strip() or entry.title)
        if len(found) <= 1:
            return found[0] if found else entry.title
        texts = [normalise(sentence) for sentence in found]
        with self._lock:
            todo = self.cache.missing(texts)
        if todo:
            vectors = self.embedder.embed(todo)
            with self._lock:
                self.cache.put_many(todo, vectors)
        with self._lock:
            rows, matrix = self.cache.get_many(texts)
        scores = [float(matrix[row] @ query) if row is not None else -1.0 for row in rows]
        return found[int(np.argmax(scores))]

    def search(
        self,
        index: MatchIndex,
        text: str,
        limit: int = 3,
        exclude_id: str | None = None,
        *,
        today: date | None = None,
    ) -> list[Match]:
        """Like :meth:`MatchIndex.search`, with meaning in the ranking."""
        if limit <= 0 or not text.strip():
            return []
        size = len(index)
        engine = index.search(text, limit=size, exclude_id=exclude_id, today=today,
                              threshold=0.0)  # fmt: skip
        query = self.embed_query(text)
        close = self.closeness(index, text, query)
        if exclude_id is not None:
            close.pop(("me", exclude_id), None)
        threshold = index.tuning.threshold
        fused: dict[tuple[str, str], float] = {}
        by_key: dict[tuple[str, str], Match] = {}
        for rank, found in enumerate(engine, start=1):
            key = (found.author, found.entry.id)
            fused[key] = 1.0 / (self.k + rank)
            by_key[key] = found
        ordered = sorted(close.items(), key=lambda item: -item[1])
        for rank, (key, _) in enumerate(ordered, start=1):
            fused[key] = fused.get(key, 0.0) + self.meaning_weight / (self.k + rank)
        entries = {(author, entry.id): (entry, author) for entry, author in index.documents()}
        best = (1.0 + self.meaning_weight) / (self.k + 1.0)  # first in both lists: 1.0
        if self.blend is not None:
            # an entry whose meaning is not read yet (a first warm-up under way) is scored
            # by words and themes alone, as before the model was there
            fused = {
                key: (by_key[key].score if key in by_key else 0.0)
                if key not in close
                else (1 - self.blend) * (by_key[key].score if key in by_key else 0.0)
                + self.blend * max(close[key], 0.0)
                for key in fused
            }
            best = 1.0
        kept = []
        for key, score in fused.items():
            score = min(score / best, 1.0)
            match = by_key.get(key)
            if self.blend is not None:
                worth = score >= self.min_score
            else:
                worth = (match is not None and match.score >= threshold) or (
                    close.get(key, 0.0) >= self.min_cosine
                )
            if worth and key in entries:
                kept.append((score, entries[key][0].shift_date, key))
        kept.sort(reverse=True)
        results = []
        for score, _, key in kept[:limit]:
            entry, author = entries[key]
            match = by_key.get(key)
            reasons = match.reasons if match is not None and match.score >= threshold else ()
            if close.get(key, 0.0) >= CLOSE_IN_MEANING:
                quoted = _quoted(self.closest_sentence(entry, query))
                reasons = (f"close in meaning: '{quoted}'", *reasons)
            results.append(Match(entry, author, score, reasons or ("close in meaning",)))
        return results


def _quoted(sentence: str, width: int = 80) -> str:
    line = " ".join(sentence.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def _argmax_by_group(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """For each group (rows ``starts[i]`` up to the next start), the row of its maximum."""
    if len(starts) == 0:
        return np.zeros(0, dtype=np.int64)
    maxima = np.maximum.reduceat(values, starts)
    group = np.repeat(np.arange(len(starts)), np.diff(np.append(starts, len(values))))
    hits = np.flatnonzero(values == maxima[group])
    first = np.full(len(starts), -1, dtype=np.int64)
    first_rows = hits[np.unique(group[hits], return_index=True)[1]]
    first[np.unique(group[hits])] = first_rows
    return first


def load_meaning(config: Config, cache_folder: Path | None) -> MeaningSearch | None:
    """Meaning for From your past and ``reflect similar``, unless ``semantic = false`` in
    config.toml. The model itself loads with :meth:`MeaningSearch.prepare`."""
    if not config.semantic:
        return None
    embedder = OnnxEmbedder()
    path = cache_folder / f"vectors-{MODEL_NAME}.bin" if cache_folder is not None else None
    return MeaningSearch(embedder, open_cache(embedder, path))


def open_cache(embedder: Embedder, path: Path | None) -> VectorCache:
    return VectorCache(path, embedder.dimensions, model_fingerprint(embedder.name, embedder.sha256))
