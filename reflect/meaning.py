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
MODEL_SHA256 = "abac1701f2d6e2c599bf35c3317ee7249c48cf604011f057468a8c5a609a5579"
TOKENIZER_SHA256 = "6b26f2fee07b0274613a16b7b98270d03ed2aa1d7fc9822ee48f3cb3dc80d145"
DIMENSIONS = 384
MAX_TOKENS = 256
BATCH = 32
THREADS = 2
CLOSE_IN_MEANING = 0.4
"""From this cosine on, "close in meaning" is given as a reason, with the old sentence
(sentences about anything but work reach about 0.28 with the tuned model)."""
MAX_SENTENCES = 8
MAX_SENTENCES_KEPT = 5_000
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
    return _units(normalise(entry.challenge.strip()), normalise(entry.lesson.strip()), entry)


def _units(challenge: str, lesson: str, entry: Entry) -> list[str]:
    """The units from texts normalised already (the match index keeps them)."""
    if not challenge:
        challenge = normalise(entry.title)
    found = [challenge, f"{challenge}\n{lesson}"] if lesson else [challenge]
    return list(dict.fromkeys(found))


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE.split(text) if part.strip()][:MAX_SENTENCES]


@dataclass
class _Layout:
    """Every indexed entry's units, their vectors gathered into one matrix: rebuilt when
    the index changes or new vectors arrive, so a query is one product and a maximum."""

    version: tuple[int, int]  # (index changes, batches of entries' vectors added)
    keys: list[tuple[str, str]]  # (author, entry id) per entry
    place: dict[tuple[str, str], int]  # the inverse of keys
    entries: list[Entry]
    position: dict[int, int]  # index slot -> entry position
    days: np.ndarray  # shift days as ordinals, for ties
    starts: np.ndarray  # first unit row of each entry
    texts: list[str]  # every unit, entry after entry
    known: np.ndarray  # whether each unit has a vector
    matrix: np.ndarray  # the unit vectors (zeros where unknown)


@dataclass
class MeaningSearch:
    """Meaning and the word-and-theme engine, as one score (see the module's docstring)."""

    embedder: Embedder
    cache: VectorCache
    blend: float | None = 0.7
    """Share of the score given to meaning (the cosine of the closer unit); the rest is
    the word-and-theme engine's score. ``None`` fuses the two rankings by reciprocal rank
    instead (``meaning_weight``, ``k``, ``min_cosine``): measured, and worse."""
    min_score: float = 0.2
    """Only entries scoring this much are offered, so a text that fits nothing gets
    nothing: a sentence about anything but work reaches a cosine of about 0.28, which is
    0.2 of score by meaning alone (docs/matching.md: why not higher)."""
    meaning_weight: float = 1.0
    k: float = 60.0
    min_cosine: float = 0.3
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _layout: _Layout | None = field(default=None, repr=False)
    _units_memo: dict[tuple[str, str, str], list[str]] = field(default_factory=dict, repr=False)
    _added: int = field(default=0, repr=False)
    _sentences: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def prepare(self) -> None:
        """Load the model (in a worker, or before a command's search)."""
        self.embedder.load()

    def _layout_of(self, index: MatchIndex) -> _Layout:
        """Call with the lock held."""
        version = (index.changes, self._added)
        layout = self._layout
        if layout is not None and layout.version == version:
            return layout
        memo, fresh = self._units_memo, {}
        texts: list[str] = []
        starts: list[int] = []
        keys: list[tuple[str, str]] = []
        entries: list[Entry] = []
        position: dict[int, int] = {}
        for slot, entry, author, challenge, lesson in index.plain_texts():
            memo_key = (author, entry.id, entry.updated_at.isoformat())
            found = memo.get(memo_key)
            if found is None:
                found = _units(challenge, lesson, entry)
            fresh[memo_key] = found
            position[slot] = len(keys)
            starts.append(len(texts))
            texts.extend(found)
            keys.append((author, entry.id))
            entries.append(entry)
        self._units_memo = fresh  # entries gone from the index leave the memo too
        rows, vectors = self.cache.get_many(texts)
        known = np.array([row is not None for row in rows], dtype=bool)
        matrix = np.zeros((len(texts), self.embedder.dimensions), dtype=np.float32)
        if known.any():
            matrix[known] = vectors[[row for row in rows if row is not None]]
        days = np.array([entry.shift_date.toordinal() for entry in entries], dtype=np.int64)
        self._layout = _Layout(
            version, keys, {key: at for at, key in enumerate(keys)}, entries, position, days,
            np.array(starts, dtype=np.int64), texts, known, matrix,
        )  # fmt: skip
        return self._layout

    def missing(self, index: MatchIndex) -> list[str]:
        """Units of indexed entries that have no vector yet."""
        with self._lock:
            layout = self._layout_of(index)
            return list(dict.fromkeys(
                text for text, known in zip(layout.texts, layout.known, strict=True)
                if not known
            ))  # fmt: skip

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
        todo.reverse()  # the index runs oldest first; the newest matter most
        done = 0
        for start in range(0, len(todo), batch):
            if stop():
                break
            chunk = todo[start : start + batch]
            vectors = self.embedder.embed(chunk)
            with self._lock:
                self.cache.put_many(chunk, vectors)
                self._added += 1
            done += len(chunk)
            if progress is not None:
                progress(done, len(todo))
        return done

    def closeness(
        self, index: MatchIndex, text: str, query: np.ndarray | None = None
    ) -> dict[tuple[str, str], float]:
        """(author, entry id) -> the cosine of the entry's closer unit to ``text``, for
        every entry whose meaning has been read."""
        with self._lock:
            layout = self._layout_of(index)
        best = self._best_cosines(layout, self.embed_query(text) if query is None else query)
        return {
            key: float(value) for key, value in zip(layout.keys, best, strict=True) if value > -2
        }

    @staticmethod
    def _best_cosines(layout: _Layout, query: np.ndarray) -> np.ndarray:
        """Per entry, the cosine of its closer unit; -2 where no unit has a vector."""
        if not layout.texts:
            return np.zeros(0, dtype=np.float32)
        cosines = np.where(layout.known, layout.matrix @ query, -2.0)
        best: np.ndarray = np.maximum.reduceat(cosines, layout.starts)
        return best

    def embed_query(self, text: str) -> np.ndarray:
        """A query's vector: computed afresh, never stored (it changes as one types)."""
        vector: np.ndarray = self.embedder.embed([normalise(text)])[0]
        return vector

    def closest_sentence(self, entry: Entry, query: np.ndarray) -> str:
        """The sentence of an entry's challenge nearest the query (for a reason to quote).
        Its vectors are kept in memory for this run only: a quote is cheap to redo, and a
        file write per query is not."""
        found = sentences(entry.challenge.strip() or entry.title)
        if len(found) <= 1:
            return found[0] if found else entry.title
        texts = [normalise(sentence) for sentence in found]
        todo = [text for text in dict.fromkeys(texts) if text not in self._sentences]
        if todo:
            if len(self._sentences) > MAX_SENTENCES_KEPT:
                self._sentences.clear()
            self._sentences.update(zip(todo, self.embedder.embed(todo), strict=True))
        scores = [float(self._sentences[text] @ query) for text in texts]
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
        """Like :meth:`MatchIndex.search`, with meaning in the score."""
        if limit <= 0 or not text.strip():
            return []
        scored = index.slot_scores(text, exclude_id=exclude_id, today=today)
        query = self.embed_query(text)
        with self._lock:
            layout = self._layout_of(index)
        count = len(layout.keys)
        if count == 0:
            return []
        engine = np.zeros(count, dtype=np.float64)
        for slot, score in scored.items():
            found = layout.position.get(slot)
            if found is not None:
                engine[found] = score
        close = self._best_cosines(layout, query).astype(np.float64)
        edited = layout.place.get(("me", exclude_id)) if exclude_id is not None else None
        if edited is not None:
            close[edited], engine[edited] = -2.0, 0.0
        fused = self._fused(engine, close)
        candidates = np.flatnonzero(fused > 0)
        if len(candidates) > limit * 4:
            candidates = candidates[np.argpartition(-fused[candidates], limit * 4)[: limit * 4]]
        chosen: list[int] = sorted(
            (int(place) for place in candidates),
            key=lambda place: (fused[place], layout.days[place]),
            reverse=True,
        )[:limit]
        threshold = index.tuning.threshold
        results = []
        for place in chosen:
            entry, (author, _) = layout.entries[place], layout.keys[place]
            reasons: tuple[str, ...] = ()
            if engine[place] >= threshold:
                reasons = index.reasons_for(text, author, entry.id)
            if close[place] >= CLOSE_IN_MEANING:
                quoted = _quoted(self.closest_sentence(entry, query))
                reasons = (f"close in meaning: '{quoted}'", *reasons)
            results.append(
                Match(entry, author, float(fused[place]), reasons or ("close in meaning",))
            )
        return results

    def _fused(self, engine: np.ndarray, close: np.ndarray) -> np.ndarray:
        """Every entry's score in [0, 1]; 0 for those not worth showing."""
        read = close > -2.0
        if self.blend is not None:
            share = self.blend
            # an entry whose meaning is not read yet (a first warm-up under way) is scored
            # by words and themes alone, as before the model was there
            fused = np.where(read, (1 - share) * engine + share * np.maximum(close, 0.0), engine)
            return np.where(fused >= self.min_score, np.minimum(fused, 1.0), 0.0)
        ranks = np.zeros(len(engine), dtype=np.float64)
        touched = engine > 0
        order = np.argsort(-engine, kind="stable")
        ranks[order] = 1.0 / (self.k + np.arange(1, len(engine) + 1))
        ranks = np.where(touched, ranks, 0.0)
        order = np.argsort(-close, kind="stable")
        meaning = np.zeros(len(close), dtype=np.float64)
        meaning[order] = self.meaning_weight / (self.k + np.arange(1, len(close) + 1))
        ranks += np.where(read, meaning, 0.0)
        best = (1.0 + self.meaning_weight) / (self.k + 1.0)  # first in both lists: 1.0
        worth = (engine >= 0.15) | (close >= self.min_cosine)
        return np.where(worth, np.minimum(ranks / best, 1.0), 0.0)


def _quoted(sentence: str, width: int = 80) -> str:
    line = " ".join(sentence.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


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
