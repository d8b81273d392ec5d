"""Rolling copies of the journal: one a day, and one before anything that rewrites much of it.

A backup is the journal file's bytes, copied as they are (even when they do not parse,
so that restoring never destroys the only copy of someone's words). What reflect promises
(docs/backups.md):

- **Daily.** After the first write of each day a copy of the journal as it then stands
  is kept, so the newest backup is never more than a day behind what was written.
- **Before big changes.** Imports, migrations, restores and salvage copy the file first.
- **Good copies are never pushed out by bad ones.** A copy identical to one already kept
  is not made again (a journal that fails to open twelve times leaves one copy, not
  twelve), and when the folder is full the oldest unreadable copies go first; the newest
  readable copy is never removed.

Backups are written while the journal's lock is held, so no other reflect is half way
through writing one when leftovers of a killed write are cleaned up (:func:`remove_leftovers`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from reflect.errors import JournalError
from reflect.paths import DIR_MODE, HomePaths
from reflect.storage import Tables, atomic_write, decode_tables, describe_os_error
from reflect.vault import read_private, reveal

DEFAULT_KEEP = 10
DAILY = "daily"
UNREADABLE_MARK = "unreadable"
"""The last word of the name of a copy whose bytes did not parse when it was made."""
_NAME = re.compile(r"^journal-(\d{8}T\d{12})Z-([a-z0-9-]+)\.json$")
_TEMPORARY = ".journal-*.json.*.tmp"

Now = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    reason: str
    size: int
    fresh: bool = field(default=False, compare=False)
    """Made just now by :func:`make_backup` (not an identical copy found already kept)."""

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def marked_unreadable(self) -> bool:
        """Whether the copy was already known not to parse when it was made."""
        return self.reason.endswith(UNREADABLE_MARK)

    def tables(self) -> Tables:
        """The copy's tables; :class:`JournalError` when it does not parse."""
        try:
            raw = read_private(self.path)
        except OSError as error:
            raise JournalError(describe_os_error(error, self.path)) from None
        return decode_tables(raw, self.name)

    def is_readable(self) -> bool:
        """Whether the copy parses as a journal (a restore needs one that does)."""
        try:
            self.tables()
        except JournalError:
            return False
        return True


@dataclass(frozen=True)
class Contents:
    """What a journal file (or a backup of one) holds, for a person deciding what to keep."""

    entries: int
    newest_entry: date | None
    entry_ids: frozenset[str]


def contents(tables: Tables) -> Contents:
    """Entry count, ids and newest day of a journal's tables (entries that do not read
    as entries are not counted). v0 journals keep entries in ``_default``."""
    found = tables.get("entries") or tables.get("_default") or {}
    ids, newest = set(), None
    for key, document in found.items():
        if not isinstance(document, dict):
            continue
        ids.add(str(document.get("id") or key))
        day = document.get("shift_date") or document.get("date")
        try:
            parsed = date.fromisoformat(day) if isinstance(day, str) else None
        except ValueError:
            parsed = None
        if parsed is not None and (newest is None or parsed > newest):
            newest = parsed
    return Contents(len(ids), newest, frozenset(ids))


def list_backups(paths: HomePaths) -> list[Backup]:
    """Backups newest first."""
    if not paths.backups.is_dir():
        return []
    found = []
    for path in paths.backups.iterdir():
        match = _NAME.match(path.name)
        if not match or not path.is_file():
            continue
        made_at = datetime.strptime(match.group(1), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
        found.append(Backup(path, made_at, match.group(2), path.stat().st_size))
    return sorted(found, key=lambda backup: backup.name, reverse=True)


def make_backup(
    paths: HomePaths,
    reason: str,
    keep: int = DEFAULT_KEEP,
    *,
    readable: bool | None = None,
    now: Now = _utc_now,
    prune: bool = True,
) -> Backup | None:
    """Copy the journal file into ``backups/`` unless the same bytes are kept already.

    ``readable`` says whether the journal parses, when the caller knows (else it is
    checked here); an unreadable copy is named so and is the first to go when the
    folder is full. ``prune=False`` leaves the folder over ``keep`` until
    :func:`prune_backups` (see :func:`backed_up`). Returns the copy (new or identical old
    one), None if there is no journal.
    """
    if not paths.journal.is_file():
        return None
    slug = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "manual"
    try:
        paths.backups.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        data = paths.journal.read_bytes()
        existing = list_backups(paths)
        same = next((old for old in existing if old.size == len(data) and _same(old, data)), None)
        if same is not None:
            return same
        if readable is None:
            readable = _parses(paths.journal, data)
        if not readable:
            slug = f"{slug}-{UNREADABLE_MARK}"
        stamp = now().astimezone(UTC)
        newest = existing[0].made_at if existing else None
        if newest is not None and stamp <= newest:  # names order the copies: keep them apart
            stamp = newest + datetime.resolution
        target = paths.backups / f"journal-{stamp.strftime('%Y%m%dT%H%M%S%f')}Z-{slug}.json"
        atomic_write(target, data)
    except OSError as error:
        raise JournalError(
            f"could not back up the journal: {describe_os_error(error, paths.backups)}"
        ) from None
    made = Backup(target, stamp, slug, len(data), fresh=True)
    if prune:
        prune_backups(paths, keep, made)
    return made


@contextmanager
def backed_up(paths: HomePaths, reason: str, keep: int) -> Iterator[Backup | None]:
    """A copy of the journal for the change made inside the block: kept if the change
    happens, taken back if it fails (the journal is then unchanged, and a failed change
    must never push a good backup out of the folder)."""
    made = make_backup(paths, reason, keep, readable=True, prune=False)
    try:
        yield made
    except BaseException:
        if made is not None and made.fresh:
            made.path.unlink(missing_ok=True)
        raise
    if made is not None and made.fresh:
        prune_backups(paths, keep, made)


def _same(backup: Backup, data: bytes) -> bool:
    try:
        return backup.path.read_bytes() == data
    except OSError:
        return False


def _parses(path: Path, data: bytes) -> bool:
    try:
        decode_tables(reveal(path, data), "journal")
    except JournalError:
        return False
    return True


def prune_backups(paths: HomePaths, keep: int, made: Backup) -> None:
    """Keep ``keep`` copies: the oldest unreadable ones go first, then the oldest readable
    ones; the copy just made and the newest readable copy are never removed."""
    keep = max(keep, 1)
    backups = list_backups(paths)
    excess = len(backups) - keep
    if excess <= 0:
        return
    newest_good = next((backup for backup in backups if not backup.marked_unreadable), None)
    protected = {made.path, newest_good.path if newest_good else made.path}
    oldest_first = [backup for backup in reversed(backups) if backup.path not in protected]
    doomed = [backup for backup in oldest_first if backup.marked_unreadable]
    doomed += [backup for backup in oldest_first if not backup.marked_unreadable]
    for backup in doomed[:excess]:
        backup.path.unlink(missing_ok=True)


def needs_daily_backup(paths: HomePaths, today: date) -> bool:
    """Whether no daily copy was made yet on ``today`` (a local day)."""
    daily = next((backup for backup in list_backups(paths) if backup.reason == DAILY), None)
    return daily is None or daily.made_at.astimezone().date() != today


def find_backup(paths: HomePaths, name: str) -> Backup:
    """A backup by file name, or by its number in :func:`list_backups` (1 = newest)."""
    backups = list_backups(paths)
    if name.isdigit() and 1 <= int(name) <= len(backups):
        return backups[int(name) - 1]
    for backup in backups:
        if backup.name == name or backup.name == f"{name}.json":
            return backup
    raise JournalError(f"no backup named {name!r}: `reflect doctor` lists them")


@dataclass(frozen=True)
class Leftovers:
    """Temporary files of writes that were killed half way, and their size in bytes."""

    files: int
    size: int


def remove_leftovers(paths: HomePaths) -> Leftovers:
    """Delete what interrupted writes left behind. Call only while holding the journal's
    lock: every write of the journal and its backups happens under it, so no temporary
    file of a write still running can be among these."""
    files = size = 0
    for folder, pattern in ((paths.home, f".{paths.journal.name}.*.tmp"),
                            (paths.backups, _TEMPORARY)):  # fmt: skip
        if not folder.is_dir():
            continue
        for path in folder.glob(pattern):
            try:
                length = path.stat().st_size
                path.unlink()
            except OSError:
                continue
            files, size = files + 1, size + length
    return Leftovers(files, size)
