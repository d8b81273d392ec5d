"""Crash-safe TinyDB storage: atomic writes, a write lock, and a file that is never clobbered.

Concurrency policy (documented in docs/architecture.md): **a write re-reads under the
lock**. Every change to the journal happens inside :meth:`JournalStorage.transaction`,
which takes an exclusive lock on ``journal.lock``, re-reads ``journal.json`` if another
process replaced it since we last looked, applies the change, and writes the whole file
once, atomically. Two running copies therefore never lose each other's writes; a copy
that cannot get the lock within ``lock_timeout`` seconds gets :class:`JournalBusy`.
Reads take no lock: ``os.replace`` guarantees they see either the old or the new file.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
from tinydb.storages import Storage

from reflect.errors import JournalBusy, JournalCorrupt, JournalError
from reflect.paths import FILE_MODE
from reflect.vault import read_private

Tables = dict[str, dict[str, Any]]
_Signature = tuple[int, int, int]

DEFAULT_LOCK_TIMEOUT = 10.0


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable. Some platforms cannot open folders: skip there."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(
    path: Path,
    data: bytes,
    *,
    mode: int = FILE_MODE,
    temp_prefix: str = ".",
    private: bool = True,
) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file, whole.

    Temp file in the same folder (``<temp_prefix><name>.<random>.tmp``), flush, fsync,
    ``os.replace``, fsync of the folder. The new file is readable by its owner only
    unless ``mode`` says otherwise (share bundles only, see ``GROUP_FILE_MODE``).

    A ``private`` file (the default: anything of a home but its settings) is sealed first
    when its home is encrypted, so the temporary file is ciphertext already, and refused
    (:class:`~reflect.errors.Locked`) when that home was not unlocked (see
    :mod:`reflect.vault`). ``private=False`` is for files that leave the home's
    protection on purpose: settings, share bundles (sealed to their reader), exports.
    """
    if private:
        from reflect.vault import seal_for

        data = seal_for(path, data)
    fd, temp_name = tempfile.mkstemp(
        dir=path.parent, prefix=f"{temp_prefix}{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_folder(path.parent)


def encode_tables(tables: Tables) -> bytes:
    """Compact UTF-8 JSON. orjson because a 10k-entry journal is rewritten on every save."""
    return orjson.dumps(tables)


def decode_tables(raw: bytes, name: str) -> Tables:
    """Parse a journal file's bytes, or say exactly what is wrong with it."""
    hint = "it was left untouched; `reflect doctor` lists backups and can restore one"
    try:
        data = orjson.loads(raw)  # orjson checks the UTF-8 itself, faster than a decode
    except orjson.JSONDecodeError:
        data = _undecodable(raw, name, hint)
    if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
        raise JournalCorrupt(f"{name} is JSON but not a reflect journal; {hint}")
    return data


def _undecodable(raw: bytes, name: str, hint: str) -> Any:
    """Say exactly where a journal file that does not parse goes wrong (the byte that is not
    UTF-8, or the line and column of the JSON error): decoded the slow way, once."""
    try:
        return orjson.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise JournalCorrupt(f"{name} is not UTF-8 text (byte {error.start}); {hint}") from None
    except orjson.JSONDecodeError as error:
        raise JournalCorrupt(
            f"{name} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg}); {hint}"
        ) from None


def _decoded(raw: bytes, name: str) -> Tables:
    """:func:`decode_tables` with the cycle collector kept off the documents.

    Parsing a large journal makes hundreds of thousands of objects at once, none of them
    garbage: the collector is paused while they are made, and then they are moved to the
    permanent generation (``gc.freeze``) so that it does not walk them on the next
    allocations either (7 ms at 10k entries, 34 ms at 50k). Frozen objects are still freed
    as soon as nothing holds them (JSON makes no cycles), so a journal read again after
    another process wrote it does not keep the old one alive.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        tables = decode_tables(raw, name)
        gc.freeze()
        return tables
    finally:
        if collecting:
            gc.enable()


def describe_os_error(error: OSError, path: Path) -> str:
    """One line for a person; the cause is told by the error's number before any guess."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"cannot write {path}: the disk is full (or the quota used up); nothing was changed"
    if isinstance(error, IsADirectoryError):
        return f"{path} is a folder, not a journal file: move it away and try again"
    if isinstance(error, PermissionError):
        if path.is_dir():  # Windows says "permission denied" when a folder is in the way
            return f"{path} is a folder, not a journal file: move it away and try again"
        return f"cannot use {path}: permission denied"
    if error.errno is not None and error.strerror:
        return f"cannot use {path}: {error.strerror.lower()}"
    return f"cannot use {path}: {error}"


@contextlib.contextmanager
def journal_lock(lock_path: Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the journal's write lock, or say clearly that another copy is using it."""
    from filelock import FileLock, Timeout  # only writers need it; reading starts faster

    lock = FileLock(str(lock_path), timeout=timeout, mode=FILE_MODE)
    try:
        lock.acquire()
    except Timeout:
        raise JournalBusy(
            f"the journal is in use by another reflect (still busy after {timeout:g} s); "
            "try again in a moment"
        ) from None
    except OSError as error:
        raise JournalError(describe_os_error(error, lock_path)) from None
    try:
        yield
    finally:
        lock.release()


class JournalStorage(Storage):
    """A TinyDB storage over one JSON file, safe against crashes and concurrent writers.

    Reads are cached and refreshed when the file on disk changes (another process
    replaced it). Writes are only allowed inside :meth:`transaction`.
    """

    def __init__(
        self, path: str | os.PathLike[str], lock_path: str | os.PathLike[str],
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
    ) -> None:  # fmt: skip
        self.path = Path(path)
        self._lock_path = Path(lock_path)
        self._lock_timeout = lock_timeout
        self._cache: Tables | None = None
        self._signature: _Signature | None = None
        self._in_transaction = False
        self._dirty = False
        self._loaded = False
        self.generation = 0
        """Bumps whenever the data seen through this storage changes (ours or another's)."""
        self.on_lock: Callable[[], None] | None = None
        """Called once the write lock is held, before anything is read (leftover clean-up)."""
        self.on_flush: Callable[[], None] | None = None
        """Called after a write reached the disk, the lock still held (the daily backup)."""

    def _stat(self) -> _Signature | None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise JournalError(describe_os_error(error, self.path)) from None
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns)

    def _load(self) -> Tables | None:
        signature = self._stat()
        if self._loaded and signature == self._signature:
            return self._cache  # unchanged on disk (or still absent): no new generation
        if signature is None:
            tables: Tables | None = None
        else:
            try:
                raw = read_private(self.path)  # opened here if the home is encrypted
            except OSError as error:
                raise JournalError(describe_os_error(error, self.path)) from None
            tables = _decoded(raw, str(self.path)) if raw.strip() else None
        self._cache, self._signature, self._loaded = tables, signature, True
        self.generation += 1
        return tables

    def stamp_now(self) -> _Signature | None:
        """The file's (inode, size, mtime_ns) now: one ``stat``."""
        return self._stat()

    def stamp_read(self) -> _Signature | None:
        """The file's (inode, size, mtime_ns) when last read or written here."""
        return self._signature if self._loaded else None

    def changed_on_disk(self) -> bool:
        """Whether the file is no longer the one last read or written here (another process
        replaced it). One ``stat``, nothing read, no lock: a hint any thread may ask for.
        Before the first read there is nothing to be out of date: False."""
        if not self._loaded or self._in_transaction:
            return False
        return self._stat() != self._signature

    def read(self) -> Tables | None:
        if self._in_transaction:
            return self._cache
        return self._load()

    def write(self, data: Tables) -> None:
        if not self._in_transaction:
            raise RuntimeError("journal writes must happen inside JournalStorage.transaction()")
        self._cache = data
        self._dirty = True

    def close(self) -> None:
        self._cache = None
        self._signature = None
        self._loaded = False

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Lock, re-read if needed, let the caller change tables, then write once.

        If the body raises, nothing is written and the cache is dropped.
        """
        if self._in_transaction:
            yield  # nested: the outer transaction writes
            return
        with journal_lock(self._lock_path, self._lock_timeout):
            if self.on_lock is not None:
                self.on_lock()
            self._load()
            self._in_transaction, self._dirty = True, False
            try:
                yield
                if self._dirty:
                    self._flush()
                    if self.on_flush is not None:
                        self.on_flush()
            except BaseException:
                self._cache, self._signature, self._loaded = None, None, False
                raise
            finally:
                self._in_transaction = False

    def _flush(self) -> None:
        assert self._cache is not None
        try:
            atomic_write(self.path, encode_tables(self._cache))
        except OSError as error:
            raise JournalError(describe_os_error(error, self.path)) from None
        self._signature = self._stat()
        self.generation += 1

    def raw_tables(self) -> Tables:
        """The whole database as stored (for migrations and doctor); empty if new."""
        return self.read() or {}

    def replace_tables(self, tables: Tables) -> None:
        """Swap in a whole database; only inside a transaction."""
        self.write(tables)
