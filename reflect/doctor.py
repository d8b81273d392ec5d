"""Checking a journal, and restoring it from a backup, even when it will not open."""

from __future__ import annotations

import stat
from dataclasses import dataclass, field
from typing import Literal

from reflect.backups import DEFAULT_KEEP, Backup, find_backup, list_backups, make_backup
from reflect.errors import InvalidEntry, JournalError
from reflect.migrations import SCHEMA_VERSION, schema_version
from reflect.model import Entry
from reflect.paths import HomePaths
from reflect.render import plural
from reflect.storage import atomic_write, decode_tables, describe_os_error, journal_lock

Level = Literal["ok", "warning", "problem"]


@dataclass(frozen=True)
class Finding:
    level: Level
    message: str


@dataclass
class DoctorReport:
    findings: list[Finding] = field(default_factory=list)
    backups: list[Backup] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return all(finding.level != "problem" for finding in self.findings)

    def add(self, level: Level, message: str) -> None:
        self.findings.append(Finding(level, message))


def _check_modes(paths: HomePaths, report: DoctorReport) -> None:
    for path, wanted in ((paths.home, 0o700), (paths.journal, 0o600)):
        if (path.is_dir() if wanted == 0o700 else path.is_file()) and stat.S_IMODE(
            path.stat().st_mode
        ) & 0o077:
            report.add(
                "warning",
                f"{path} can be read by other users (mode {stat.S_IMODE(path.stat().st_mode):o}); "
                f"`chmod {wanted:o} {path}` fixes it",
            )


def _check_journal(paths: HomePaths, report: DoctorReport) -> None:
    journal = paths.journal
    if not journal.exists():
        report.add("ok", f"no journal yet at {journal}; one is made with the first entry")
        return
    try:
        tables = decode_tables(journal.read_bytes(), str(journal))
    except OSError as error:
        report.add("problem", describe_os_error(error, journal))
        return
    except JournalError as error:
        report.add("problem", str(error))
        return
    try:
        version = schema_version(tables)
    except JournalError as error:
        report.add("problem", str(error))
        return
    if version > SCHEMA_VERSION:
        report.add(
            "problem", f"schema {version} is newer than this reflect reads ({SCHEMA_VERSION})"
        )
    elif version < SCHEMA_VERSION:
        report.add("warning", f"schema {version}: it is migrated (after a backup) when next opened")
    invalid = []
    entries = tables.get("entries", {})
    for key, document in entries.items():
        try:
            Entry.from_dict(document)
        except (InvalidEntry, TypeError, ValueError) as error:
            invalid.append(f"entry {key}: {error}")
    good = len(entries) - len(invalid)
    drafts = len(tables.get("drafts", {}))
    report.add(
        "ok",
        f"{journal} reads fine: {plural(good, 'entry', 'entries')}, "
        f"{plural(drafts, 'draft', 'drafts')}",
    )
    for message in invalid:
        report.add("problem", message)
    leftovers = list(journal.parent.glob(f".{journal.name}.*.tmp"))
    if leftovers:
        report.add(
            "warning",
            f"{len(leftovers)} unfinished temporary file(s) from an interrupted write; "
            "the journal itself is whole and they can be deleted",
        )


def examine(paths: HomePaths) -> DoctorReport:
    """Everything doctor can say about a home, without changing it."""
    report = DoctorReport()
    if paths.journal.is_dir():
        report.add("problem", describe_os_error(IsADirectoryError(), paths.journal))
    else:
        _check_journal(paths, report)
    _check_modes(paths, report)
    report.backups = list_backups(paths)
    return report


def restore(paths: HomePaths, name: str, keep: int = DEFAULT_KEEP) -> Backup:
    """Put a backup back in place. The current file, whatever state it is in, is backed up first."""
    backup = find_backup(paths, name)
    try:
        data = backup.path.read_bytes()
    except OSError as error:
        raise JournalError(describe_os_error(error, backup.path)) from None
    decode_tables(data, backup.name)  # never restore a copy that does not parse
    if paths.journal.is_dir():
        raise JournalError(describe_os_error(IsADirectoryError(), paths.journal))
    with journal_lock(paths.lock):
        make_backup(paths, "before-restore", keep)
        try:
            atomic_write(paths.journal, data)
        except OSError as error:
            raise JournalError(describe_os_error(error, paths.journal)) from None
    return backup
