"""Rolling copies of the journal, made before anything that rewrites much of it.

A backup is the journal file's bytes, copied as they are (even when they do not parse,
so that restoring never destroys the only copy of someone's words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reflect.errors import JournalError
from reflect.paths import DIR_MODE, HomePaths
from reflect.storage import atomic_write, decode_tables, describe_os_error

DEFAULT_KEEP = 10
_NAME = re.compile(r"^journal-(\d{8}T\d{12})Z-([a-z0-9-]+)\.json$")


@dataclass(frozen=True)
class Backup:
    path: Path
    made_at: datetime
    reason: str
    size: int

    @property
    def name(self) -> str:
        return self.path.name

    def is_readable(self) -> bool:
        """Whether the copy parses as a journal (a restore needs one that does)."""
        try:
            decode_tables(self.path.read_bytes(), self.name)
        except (OSError, JournalError):
            return False
        return True


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


def make_backup(paths: HomePaths, reason: str, keep: int = DEFAULT_KEEP) -> Backup | None:
    """Copy the journal file into ``backups/``; keep the newest ``keep``. None if no journal."""
    if not paths.journal.is_file():
        return None
    slug = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "manual"
    try:
        paths.backups.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        data = paths.journal.read_bytes()
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        target = paths.backups / f"journal-{stamp}Z-{slug}.json"
        atomic_write(target, data)
    except OSError as error:
        raise JournalError(
            f"could not back up the journal: {describe_os_error(error, paths.backups)}"
        ) from None
    for old in list_backups(paths)[max(keep, 1) :]:
        old.path.unlink(missing_ok=True)
    return Backup(target, datetime.now(UTC), slug, len(data))


def find_backup(paths: HomePaths, name: str) -> Backup:
    """A backup by file name, or by its number in :func:`list_backups` (1 = newest)."""
    backups = list_backups(paths)
    if name.isdigit() and 1 <= int(name) <= len(backups):
        return backups[int(name) - 1]
    for backup in backups:
        if backup.name == name or backup.name == f"{name}.json":
            return backup
    raise JournalError(f"no backup named {name!r}: `reflect doctor` lists them")
