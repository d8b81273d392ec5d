"""What the match index worked out about each entry, kept on disk so that a fresh process
does not cut a large journal into words again.

Analysing an entry (shorthand and misspellings normalised, words cut and stemmed, themes
found) costs about a hundred microseconds, most of ``reflect similar``'s time in a journal
of thousands of entries; reading it back costs a few. The file is derived data, never a
second source of truth:

- Each entry's analysis is stored under its author and id together with a digest of the
  texts it was made from, so an entry edited since (here or by another process) is
  analysed again, whatever the file says.
- The whole file carries a fingerprint of everything else the analysis depends on (the
  theme lexicon, the glossary, the tuning, reflect's version): when any of them changes,
  the file is ignored and written afresh.
- It is written atomically and owner-only, in ``<home>/cache/``; one that cannot be read
  (damaged, another version) is ignored, never reported as a journal problem.
- Entries that left the journal are dropped when it is next written.

Format (compact JSON)::

    {"format": "reflect-match-analysis", "version": 1, "fingerprint": "<hex>",
     "entries": {"<author>/<entry id>": ["<digest>", {stem: weight}, length,
                                          {theme: strength}, "<challenge>", "<lesson>"]}}
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from reflect.errors import ReflectError
from reflect.storage import atomic_write
from reflect.vault import read_private

FILE_NAME = "match-analysis.json"
FORMAT = "reflect-match-analysis"
VERSION = 1


@dataclass(frozen=True)
class Analysis:
    """One entry as the match index sees it (see ``reflect.match``)."""

    terms: dict[str, float]
    length: float
    themes: dict[str, float]
    plain: tuple[str, str]


def digest(texts: Iterable[str]) -> str:
    """A short digest of the texts an analysis was made from."""
    hasher = hashlib.blake2b(digest_size=12)
    for text in texts:
        hasher.update(text.encode("utf-8", "surrogatepass"))
        hasher.update(b"\x00")
    return hasher.hexdigest()


def fingerprint(*parts: bytes | str) -> str:
    """What the whole file's analyses depend on, as one digest."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(part.encode("utf-8") if isinstance(part, str) else part)
        hasher.update(b"\x00")
    return hasher.hexdigest()


class AnalysisCache:
    """Analyses by author and entry id; thread-safe. ``folder=None`` keeps them in memory."""

    def __init__(self, folder: Path | None, fingerprint: str) -> None:
        self.path = folder / FILE_NAME if folder is not None else None
        self.fingerprint = fingerprint
        self._lock = threading.Lock()
        self._stored: dict[str, list[Any]] = {}
        self._used: set[str] = set()
        self._dirty = False
        self._read_yet = False  # read on first use: a kept index may need none of it

    def _read(self) -> None:
        """Call with the lock held."""
        if self._read_yet:
            return
        self._read_yet = True
        if self.path is None:
            return
        try:
            document = orjson.loads(read_private(self.path))
        except (OSError, orjson.JSONDecodeError, ReflectError):
            return  # none yet, or unreadable: it is made again
        if (
            isinstance(document, dict)
            and document.get("format") == FORMAT
            and document.get("version") == VERSION
            and document.get("fingerprint") == self.fingerprint
            and isinstance(document.get("entries"), dict)
        ):
            self._stored = document["entries"]

    @property
    def is_read(self) -> bool:
        """Whether the file was read yet (it is, on the first lookup)."""
        return self._read_yet

    def __len__(self) -> int:
        with self._lock:
            self._read()
            return len(self._stored)

    def get(self, author: str, entry_id: str, made_from: str) -> Analysis | None:
        """The analysis of an entry, if one made from the same texts is kept."""
        key = f"{author}/{entry_id}"
        with self._lock:
            self._read()
            found = self._stored.get(key)
            self._used.add(key)
        if not isinstance(found, list) or len(found) != 6 or found[0] != made_from:
            return None
        _, terms, length, themes, challenge, lesson = found
        if not (
            isinstance(terms, dict)
            and isinstance(themes, dict)
            and isinstance(length, int | float)
            and isinstance(challenge, str)
            and isinstance(lesson, str)
        ):
            return None
        return Analysis(terms, float(length), themes, (challenge, lesson))

    def still_used(self, author: str, entry_ids: Iterable[str]) -> None:
        """Count these entries as asked for (a kept index held them this time), so that
        :meth:`save` keeps their analyses for a process that cannot use the index."""
        with self._lock:
            self._used.update(f"{author}/{entry_id}" for entry_id in entry_ids)

    def put(self, author: str, entry_id: str, made_from: str, analysis: Analysis) -> None:
        key = f"{author}/{entry_id}"
        with self._lock:
            self._read()
            self._stored[key] = [
                made_from, analysis.terms, analysis.length, analysis.themes, *analysis.plain,
            ]  # fmt: skip
            self._used.add(key)
            self._dirty = True

    def save(self) -> None:
        """Write the file if anything was analysed afresh, keeping only the entries asked
        for in this process (the others left the journal). Failing to write is not an
        error: the cache is only there to save time."""
        with self._lock:
            if self.path is None or not (self._dirty or len(self._used) < len(self._stored)):
                return
            entries = {key: value for key, value in self._stored.items() if key in self._used}
            data = orjson.dumps(
                {"format": FORMAT, "version": VERSION, "fingerprint": self.fingerprint,
                 "entries": entries}
            )  # fmt: skip
            self._stored, self._dirty = entries, False
        with contextlib.suppress(OSError, ReflectError):  # ReflectError: locked meanwhile
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            atomic_write(self.path, data)
