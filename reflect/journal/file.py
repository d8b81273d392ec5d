"""The journal file in use: opened, checked and migrated once, written one locked write at a time.

Every part of the journal (entries, drafts, contacts, received bundles) stands on
:class:`JournalFile`: it owns the TinyDB over :class:`~reflect.storage.JournalStorage`,
the tables, and what happens around each write, so that no part repeats it. Every change
is one locked, atomic write (see ``storage.py`` for the concurrency policy); the first
write of a day leaves a daily backup, and a write killed half way leaves temporary files
that the next write removes. :func:`serialised` lets one thread in at a time and checks
(and migrates) the file before its first use.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections.abc import Callable, Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, ParamSpec, Self, TypeVar

from reflect.backups import (
    DAILY,
    DEFAULT_KEEP,
    backed_up,
    make_backup,
    needs_daily_backup,
    remove_leftovers,
)
from reflect.clock import DEFAULT_DAY_STARTS_AT, Clock, shift_day, system_clock
from reflect.errors import JournalError
from reflect.journal.tables import JournalDB, JournalTables
from reflect.migrations import META_KEY, META_TABLE, SCHEMA_VERSION, migrate, schema_version
from reflect.paths import HomePaths, ensure_home
from reflect.storage import DEFAULT_LOCK_TIMEOUT, JournalStorage, describe_os_error

_P = ParamSpec("_P")
_R = TypeVar("_R")


def serialised(method: Callable[_P, _R]) -> Callable[_P, _R]:
    """One thread at a time: the app reads on the UI thread and writes from workers."""

    @functools.wraps(method)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        journal = args[0]
        assert isinstance(journal, JournalFile)
        with journal._thread_lock:
            if not journal._ready:
                journal._migrate_if_needed()
            return method(*args, **kwargs)

    return wrapper


class JournalFile:
    """One home's journal file: storage, tables, schema, backups and the thread lock."""

    def __init__(
        self,
        paths: HomePaths,
        *,
        clock: Clock = system_clock,
        keep_backups: int = DEFAULT_KEEP,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        day_starts_at: time = DEFAULT_DAY_STARTS_AT,
    ) -> None:
        self.paths = paths
        self.clock = clock
        self.keep_backups = keep_backups
        self.day_starts_at = day_starts_at
        """Before this hour a new reflection still belongs to the previous day's shift."""
        self._storage: JournalStorage | None = None
        self._db = JournalDB(
            str(paths.journal),
            lock_path=str(paths.lock),
            lock_timeout=lock_timeout,
            storage=self._remember_storage,
        )
        self._tables = JournalTables(self._db)
        self._thread_lock = threading.RLock()
        self._ready = False
        """Whether the file was checked (and migrated); done at open, or at first use."""
        self._daily_checked: date | None = None

    def _remember_storage(self, *args: Any, **kwargs: Any) -> JournalStorage:
        self._storage = JournalStorage(*args, **kwargs)
        self._storage.on_lock = self._remove_leftovers
        self._storage.on_flush = self._daily_backup
        return self._storage

    def today(self) -> date:
        """The shift's day now: the calendar's, or the day before while it is earlier
        than ``day_starts_at``."""
        return shift_day(self.clock(), self.day_starts_at)

    def _remove_leftovers(self) -> None:
        """Temporary files of a write that was killed half way go with the next write."""
        remove_leftovers(self.paths)

    def _daily_backup(self) -> None:
        """After the first write of each day, keep a copy of the journal as it now stands
        (checked once a day per process: the app may stay open past midnight)."""
        today = datetime.now().astimezone().date()
        if self._daily_checked == today:
            return
        self._daily_checked = today
        if needs_daily_backup(self.paths, today):
            make_backup(self.paths, DAILY, self.keep_backups, readable=True)

    def file_stamp(self) -> tuple[int, int, int] | None:
        """The journal file's identity now (inode, size, modification time), from one
        ``stat``; None if there is no file yet. A cache of something derived from the
        journal keys itself with :meth:`read_stamp` and is valid while the two are equal."""
        return self.storage.stamp_now()

    def read_stamp(self) -> tuple[int, int, int] | None:
        """The identity of the file as this journal last read or wrote it (None before)."""
        return self.storage.stamp_read()

    @property
    def storage(self) -> JournalStorage:
        assert self._storage is not None
        return self._storage

    @classmethod
    def open(
        cls,
        home: Path,
        *,
        clock: Clock = system_clock,
        keep_backups: int = DEFAULT_KEEP,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        check_now: bool = True,
        day_starts_at: time = DEFAULT_DAY_STARTS_AT,
    ) -> Self:
        """Open (creating the home if needed) and migrate an older journal after a backup.

        ``check_now=False`` leaves reading the file to the first use: the app opens its
        window first and reads a large journal in a worker.
        """
        paths = HomePaths(home)
        try:
            ensure_home(paths)
        except OSError as error:
            raise JournalError(describe_os_error(error, paths.home)) from None
        if paths.journal.is_dir():
            raise JournalError(describe_os_error(IsADirectoryError(), paths.journal))
        journal = cls(
            paths,
            clock=clock,
            keep_backups=keep_backups,
            lock_timeout=lock_timeout,
            day_starts_at=day_starts_at,
        )
        if check_now:
            with journal._thread_lock:
                journal._migrate_if_needed()
        return journal

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------

    def _migrate_if_needed(self) -> None:
        version = schema_version(self.storage.read())
        if version > SCHEMA_VERSION:
            migrate(self.storage.raw_tables())  # raises the "newer reflect" error
        if version < SCHEMA_VERSION:
            with self.storage.transaction():
                tables = self.storage.raw_tables()
                old = schema_version(tables)
                if old < SCHEMA_VERSION:
                    reason = f"before-migration-from-v{old}"
                    with backed_up(self.paths, reason, self.keep_backups):
                        self.storage.replace_tables(migrate(tables)[0])
        self._ready = True

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One locked, atomic write to a file that says its schema: one that does not (a
        new journal) is stamped, and migrated if it has to be, in that same write."""
        with self.storage.transaction():
            tables = self.storage.raw_tables()
            if tables.get(META_TABLE, {}).get(META_KEY) is None:
                self.storage.replace_tables(migrate(tables)[0])
            yield
