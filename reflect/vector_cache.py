"""Embeddings kept on disk, so a journal is embedded once, not in every process.

One file per model in ``<home>/cache/`` (owner-only), compact and append-only::

    header  16 bytes  b"RFLVEC01", dimensions (u16), reserved (6 bytes)
            16 bytes  the model's fingerprint (a digest of its name and SHA-256)
    record  16 bytes  key: BLAKE2b of the text
            2*d bytes the unit vector, float16
            4 bytes   CRC-32 of key and vector

Saving an entry appends one record, never rewrites the file; a record cut short by a
kill is simply not read, and the next append starts after the last whole record. In an
encrypted home the same bytes are kept sealed (:mod:`reflect.vault`): each append is one
more sealed box of whole records, and a box cut short is dropped the same way. Texts
that no entry holds any more (deleted or edited entries) are skipped when read, and the
file is rewritten without them, atomically, once they are most of it. A file that cannot
be read (another model, damaged) is replaced quietly: it is derived data, never a
journal problem. float16 keeps 10k entries' vectors in about 8 MB, with cosines within
0.001 of float32.
"""

from __future__ import annotations

import hashlib
import os
import struct
import threading
import zlib
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from reflect.errors import ReflectError
from reflect.paths import DIR_MODE
from reflect.vault import append_private, read_private

MAGIC = b"RFLVEC01"
_HEADER = struct.Struct("<8sH6s16s")
_KEY_BYTES = 16
_CRC = struct.Struct("<I")
COMPACT_FROM = 1000
"""Stale records are dropped once there are this many and they outnumber the live ones."""


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=_KEY_BYTES).digest()


def model_fingerprint(name: str, sha256: str) -> bytes:
    return hashlib.blake2b(f"{name}\n{sha256}".encode(), digest_size=16).digest()


class VectorCache:
    """Unit vectors by text; thread-safe. ``path=None`` keeps them in memory only."""

    def __init__(self, path: Path | None, dimensions: int, fingerprint: bytes) -> None:
        self.path = path
        self.dimensions = dimensions
        self.fingerprint = fingerprint
        self._record = _KEY_BYTES + 2 * dimensions + _CRC.size
        self._rows: dict[bytes, int] = {}
        self._matrix = np.zeros((0, dimensions), dtype=np.float32)
        self._count = 0
        self._file_ok = False
        """Whether the file holds a right header and only whole, sound records (else the
        next write replaces it with what is in memory)."""
        self._lock = threading.Lock()
        self._read()

    def __len__(self) -> int:
        return len(self._rows)

    def _header(self) -> bytes:
        return _HEADER.pack(MAGIC, self.dimensions, b"\0" * 6, self.fingerprint)

    def _read(self) -> None:
        if self.path is None:
            return
        try:
            data = read_private(self.path)  # opened here when the home is encrypted
        except (OSError, ReflectError):
            return  # none yet, locked, or damaged: it is made again
        if len(data) < _HEADER.size or data[: _HEADER.size] != self._header():
            return  # another model, another layout, or damage: start again
        body = memoryview(data)[_HEADER.size :]
        whole = len(body) // self._record
        vectors: list[bytes] = []
        sound = True
        for index in range(whole):
            record = body[index * self._record : (index + 1) * self._record]
            payload, crc = record[: -_CRC.size], record[-_CRC.size :]
            if zlib.crc32(payload) != _CRC.unpack(crc)[0]:
                sound = False  # a damaged record is skipped, and the file replaced soon
                continue
            self._rows[bytes(payload[:_KEY_BYTES])] = len(vectors)
            vectors.append(bytes(payload[_KEY_BYTES:]))
        self._file_ok = sound
        self._count = len(vectors)
        if vectors:
            joined = np.frombuffer(b"".join(vectors), dtype="<f2")
            self._matrix = joined.reshape(len(vectors), self.dimensions).astype(np.float32)

    def get_many(self, texts: Iterable[str]) -> tuple[list[int | None], np.ndarray]:
        """For each text, its row in the returned matrix (None: not cached)."""
        with self._lock:
            return [self._rows.get(text_key(text)) for text in texts], self._matrix

    def missing(self, texts: Iterable[str]) -> list[str]:
        with self._lock:
            return list(dict.fromkeys(t for t in texts if text_key(t) not in self._rows))

    def put_many(self, texts: list[str], vectors: np.ndarray) -> None:
        """Keep vectors (rows of ``vectors``, unit length), appended to the file at once."""
        if not texts:
            return
        with self._lock:
            half = vectors.astype("<f2")
            records: list[bytes] = []
            new_rows: list[np.ndarray] = []
            for text, row in zip(texts, half, strict=True):
                key = text_key(text)
                if key in self._rows:
                    continue
                payload = key + row.tobytes()
                records.append(payload + _CRC.pack(zlib.crc32(payload)))
                self._rows[key] = self._count + len(new_rows)
                new_rows.append(row.astype(np.float32))
            if not records:
                return
            self._matrix = np.vstack([self._matrix, np.array(new_rows, dtype=np.float32)])
            self._count += len(new_rows)
            self._append(b"".join(records))

    def _append(self, data: bytes) -> None:
        if self.path is None:
            return
        try:
            if not self._file_ok:
                self._rewrite(self._records(list(self._rows.items())))
                return
            if append_private(self.path, data):
                return  # an encrypted home: the records went in as one more sealed box
            fd = os.open(self.path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
            try:
                size = os.fstat(fd).st_size
                whole = _HEADER.size + (size - _HEADER.size) // self._record * self._record
                if whole != size:
                    os.ftruncate(fd, whole)  # a record a kill cut short goes
                os.lseek(fd, whole, os.SEEK_SET)  # after every whole record, others' too
                os.write(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
        except (OSError, ReflectError):
            return  # a cache that cannot be written (or a locked home) costs time, never data

    def _records(self, rows: list[tuple[bytes, int]]) -> bytes:
        if not rows:
            return b""
        vectors = self._matrix[[row for _, row in rows]].astype("<f2")
        records: list[bytes] = []
        for (key, _), vector in zip(rows, vectors, strict=True):
            payload = key + vector.tobytes()
            records.append(payload + _CRC.pack(zlib.crc32(payload)))
        return b"".join(records)

    def _rewrite(self, records: bytes) -> None:
        from reflect.storage import atomic_write

        assert self.path is not None
        self.path.parent.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        atomic_write(self.path, self._header() + records)
        self._file_ok = True

    def compact(self, live: Iterable[str]) -> None:
        """Rewrite the file with only the vectors of ``live`` texts, when the others are
        most of it (deleted and edited entries leave theirs behind)."""
        wanted = {text_key(text) for text in live}
        with self._lock:
            stale = len(self._rows) - len(wanted & self._rows.keys())
            if self.path is None or stale < COMPACT_FROM or stale <= len(self._rows) - stale:
                return
            keep = [(key, row) for key, row in self._rows.items() if key in wanted]
            matrix = self._matrix[[row for _, row in keep]] if keep else self._matrix[:0]
            try:
                self._rewrite(self._records(keep))
            except (OSError, ReflectError):
                return
            self._rows = {key: index for index, (key, _) in enumerate(keep)}
            self._matrix = matrix.astype(np.float32)
            self._count = len(keep)
