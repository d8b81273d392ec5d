"""Checking a journal, restoring a backup, and salvaging a damaged file, even when it will
not open. Every step that replaces the journal keeps the file it replaces in ``backups/``.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from reflect.backups import (
    DEFAULT_KEEP,
    Backup,
    Contents,
    Leftovers,
    contents,
    find_backup,
    list_backups,
    make_backup,
    remove_leftovers,
)
from reflect.contacts import Contact, ReceivedBundle
from reflect.drafts import Draft
from reflect.errors import EncryptionError, InvalidEntry, JournalError
from reflect.jots import Jot
from reflect.migrations import META_KEY, META_TABLE, SCHEMA_VERSION, schema_version
from reflect.model import Entry
from reflect.paths import HomePaths
from reflect.render import plural
from reflect.salvage import salvage
from reflect.storage import (
    Tables,
    atomic_write,
    decode_tables,
    describe_os_error,
    encode_tables,
    journal_lock,
)
from reflect.vault import read_private, reveal

Level = Literal["ok", "warning", "problem"]


@dataclass(frozen=True)
class Finding:
    level: Level
    message: str


@dataclass(frozen=True)
class BackupInfo:
    """One backup as doctor lists it: its number for ``--restore``, and what it holds."""

    number: int
    backup: Backup
    contents: Contents | None
    """None when the copy does not parse."""

    def to_json(self) -> dict[str, Any]:
        held = self.contents
        return {
            "number": self.number,
            "name": self.backup.name,
            "made_at": self.backup.made_at.isoformat(),
            "reason": self.backup.reason,
            "size": self.backup.size,
            "readable": held is not None,
            "entries": held.entries if held is not None else None,
            "newest_entry": _day(held.newest_entry) if held is not None else None,
        }


@dataclass(frozen=True)
class JournalState:
    """The journal file itself: whether it reads, and what it holds."""

    path: Path
    exists: bool
    readable: bool
    entries: int
    """Entries that read as entries (from a damaged file: those salvage would keep)."""
    invalid_entries: int
    drafts: int
    newest_entry: date | None
    size: int

    def to_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "exists": self.exists,
            "readable": self.readable,
            "entries": self.entries,
            "invalid_entries": self.invalid_entries,
            "drafts": self.drafts,
            "newest_entry": _day(self.newest_entry),
            "size": self.size,
        }


@dataclass
class DoctorReport:
    journal: JournalState
    findings: list[Finding] = field(default_factory=list)
    backups: list[BackupInfo] = field(default_factory=list)
    leftovers: Leftovers = field(default_factory=lambda: Leftovers(0, 0))
    """Temporary files of interrupted writes that this check removed."""

    @property
    def healthy(self) -> bool:
        return all(finding.level != "problem" for finding in self.findings)

    def add(self, level: Level, message: str) -> None:
        self.findings.append(Finding(level, message))

    def to_json(self) -> dict[str, Any]:
        """What ``reflect doctor --json`` prints (keys documented in docs/backups.md)."""
        return {
            "healthy": self.healthy,
            "journal": self.journal.to_json(),
            "findings": [{"level": f.level, "message": f.message} for f in self.findings],
            "backups": [info.to_json() for info in self.backups],
            "temporary_files_removed": self.leftovers.files,
            "temporary_bytes_removed": self.leftovers.size,
        }


def _day(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


# -- reading a journal file, whole or damaged ------------------------------------------


@dataclass(frozen=True)
class _Read:
    """A journal file's tables: as written, or what salvage finds when it does not parse."""

    tables: Tables
    problem: str | None
    """Why the file does not read (then ``tables`` are salvaged), else None."""


def _read(path: Path) -> _Read:
    raw = read_private(path)  # a sealed file that does not open is refused, not salvaged
    try:
        return _Read(decode_tables(raw, str(path)), None)
    except JournalError as error:
        return _Read(rebuilt_tables(salvage(raw).tables), str(error))


def _entries_of(tables: Tables) -> tuple[list[Entry], list[str]]:
    """The documents of ``entries`` that are entries, and what is wrong with the others."""
    good, bad = [], []
    for key, document in (tables.get("entries") or {}).items():
        try:
            good.append(Entry.from_dict(document))
        except InvalidEntry as error:
            bad.append(f"entry {key}: {error}")
    return good, bad


# -- examining --------------------------------------------------------------------------


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


def _journal_state(paths: HomePaths, findings: list[Finding]) -> JournalState:
    journal = paths.journal
    if paths.journal.is_dir():
        findings.append(Finding("problem", describe_os_error(IsADirectoryError(), journal)))
        return JournalState(journal, True, False, 0, 0, 0, None, 0)
    if not journal.exists():
        message = f"no journal yet at {journal}; one is made with the first entry"
        findings.append(Finding("ok", message))
        return JournalState(journal, False, True, 0, 0, 0, None, 0)
    try:
        read = _read(journal)
        size = journal.stat().st_size
    except OSError as error:
        findings.append(Finding("problem", describe_os_error(error, journal)))
        return JournalState(journal, True, False, 0, 0, 0, None, 0)
    except EncryptionError as error:  # sealed and tampered with: nothing to salvage in it
        findings.append(Finding("problem", str(error)))
        return JournalState(journal, True, False, 0, 0, 0, None, 0)
    entries, invalid = _entries_of(read.tables)
    newest = max((entry.shift_date for entry in entries), default=None)
    drafts = len(read.tables.get("drafts") or {})
    state = JournalState(journal, True, read.problem is None, len(entries), len(invalid),
                         drafts, newest, size)  # fmt: skip
    if read.problem is not None:
        findings.append(Finding("problem", read.problem))
        findings.append(
            Finding(
                "warning",
                f"{plural(len(entries), 'entry', 'entries')} can still be read in it: "
                "`reflect doctor --salvage` rebuilds the journal from them (the damaged file "
                "is kept in backups/), or restore a backup listed below",
            )
        )
        return state
    try:
        version = schema_version(read.tables)
    except JournalError as error:
        findings.append(Finding("problem", str(error)))
        return state
    if version > SCHEMA_VERSION:
        findings.append(
            Finding(
                "problem",
                f"schema {version} is newer than this reflect reads ({SCHEMA_VERSION})",
            )
        )
    elif version < SCHEMA_VERSION:
        findings.append(
            Finding(
                "warning", f"schema {version}: it is migrated (after a backup) when next opened"
            )
        )
    newest_text = f", the newest of {newest.isoformat()}" if newest else ""
    findings.append(
        Finding(
            "ok",
            f"{journal} reads fine: {plural(len(entries), 'entry', 'entries')}{newest_text}, "
            f"{plural(drafts, 'draft', 'drafts')}",
        )
    )
    findings.extend(Finding("problem", message) for message in invalid)
    findings.extend(Finding("problem", message) for message in _damaged_jots(read.tables))
    return state


def _damaged_jots(tables: Tables) -> list[str]:
    """Jots that do not read: they stay in the file (nothing drops what a person wrote)
    but no reflection takes them, so doctor says where they are."""
    found = []
    for key, document in (tables.get("jots") or {}).items():
        try:
            Jot.from_dict(document)
        except InvalidEntry as error:
            said = str(error).removeprefix(f"jot {key}: ")
            found.append(f"jot {key}: {said}; it stays in the file, but no reflection will take it")
    return found


def backup_infos(paths: HomePaths) -> list[BackupInfo]:
    """Every backup, newest first, with what it holds (None for a copy that does not parse)."""
    infos = []
    for number, backup in enumerate(list_backups(paths), start=1):
        try:
            held: Contents | None = contents(backup.tables())
        except JournalError:
            held = None
        infos.append(BackupInfo(number, backup, held))
    return infos


def _check_encryption(paths: HomePaths, report: DoctorReport) -> None:
    """Whether the home is encrypted, and whether an encrypt or decrypt was interrupted."""
    from reflect.encryption import State, plain_files, state
    from reflect.vault import read_header

    current = state(paths.home)
    if current is State.PLAIN:
        return
    if current is State.ENCRYPTING:
        report.add(
            "warning",
            "encrypting this journal was interrupted; every file still reads with the "
            "passphrase it was started with, and `reflect encrypt` with it finishes the job",
        )
        return
    if current is State.MIXED:
        count = len(plain_files(paths.home))
        report.add(
            "warning",
            f"this journal is encrypted but {plural(count, 'file is', 'files are')} still "
            "plain (an encrypt or decrypt was interrupted): `reflect encrypt` seals them, "
            "`reflect decrypt` finishes decrypting",
        )
        return
    cost = read_header(paths.home).cost
    report.add(
        "ok",
        f"encrypted: every private file is sealed (Argon2id, {cost.opslimit} passes over "
        f"{cost.memlimit // (1024 * 1024)} MiB)",
    )


def examine(paths: HomePaths) -> DoctorReport:
    """Everything doctor can say about a home. Its one change: temporary files left by
    writes that were killed half way are removed (under the journal's lock)."""
    findings: list[Finding] = []
    state = _journal_state(paths, findings)
    report = DoctorReport(state, findings)
    if paths.home.is_dir():
        try:
            with journal_lock(paths.lock, timeout=2):
                report.leftovers = remove_leftovers(paths)
        except JournalError:
            pass  # another reflect is writing: its next write cleans up
    if report.leftovers.files:
        report.add(
            "ok",
            f"removed {plural(report.leftovers.files, 'temporary file', 'temporary files')} "
            f"({report.leftovers.size:,} bytes) left by interrupted writes",
        )
    _check_modes(paths, report)
    _check_encryption(paths, report)
    report.backups = backup_infos(paths)
    return report


# -- restoring --------------------------------------------------------------------------


@dataclass(frozen=True)
class RestorePlan:
    """What putting a backup back would do, so a person can decide before anything changes."""

    backup: Backup
    number: int
    brings: int
    """Entries the backup holds."""
    current: int
    """Entries that can be read in the journal now (salvaged, if it is damaged)."""
    lost: int
    """Entries in the journal now that the backup does not hold: restoring loses them."""
    regained: int
    """Entries the backup holds that the journal now lacks."""
    newest_entry: date | None


def plan_restore(paths: HomePaths, name: str) -> RestorePlan:
    backup = find_backup(paths, name)
    number = list_backups(paths).index(backup) + 1
    held = contents(backup.tables())  # a copy that does not parse is never restored
    now = frozenset[str]()
    if paths.journal.is_file():
        try:
            now = contents(_read(paths.journal).tables).entry_ids
        except OSError as error:
            raise JournalError(describe_os_error(error, paths.journal)) from None
    return RestorePlan(
        backup, number, held.entries, len(now), len(now - held.entry_ids),
        len(held.entry_ids - now), held.newest_entry,
    )  # fmt: skip


def restore(paths: HomePaths, name: str, keep: int = DEFAULT_KEEP) -> Backup:
    """Put a backup back in place. The current file, whatever state it is in, is backed up
    first (that copy is never the one to push a good backup out)."""
    backup = find_backup(paths, name)
    try:
        data = backup.path.read_bytes()
    except OSError as error:
        raise JournalError(describe_os_error(error, backup.path)) from None
    # never restore a copy that does not parse (nor one whose encryption does not check out)
    decode_tables(reveal(backup.path, data), backup.name)
    if paths.journal.is_dir():
        raise JournalError(describe_os_error(IsADirectoryError(), paths.journal))
    with journal_lock(paths.lock):
        make_backup(paths, "before-restore", keep)
        try:
            atomic_write(paths.journal, data)
        except OSError as error:
            raise JournalError(describe_os_error(error, paths.journal)) from None
    return backup


# -- salvaging --------------------------------------------------------------------------


@dataclass(frozen=True)
class SalvageReport:
    """What a salvage kept. ``needed`` is False when the journal read fine already."""

    needed: bool
    entries: int = 0
    drafts: int = 0
    contacts: int = 0
    received: int = 0
    dropped: int = 0
    """Documents that decoded but are not valid entries, drafts, contacts or bundles."""
    damaged: int = 0
    """Places in the file that could not be decoded at all."""
    kept_as: Backup | None = None
    """The copy of the damaged file in ``backups/``."""


def rebuilt_tables(found: dict[str, dict[str, Any]]) -> Tables:
    """A journal of the documents in ``found`` that read as what their table holds."""
    tables, _ = _rebuild(found)
    return tables


def _rebuild(found: dict[str, dict[str, Any]]) -> tuple[Tables, int]:
    tables: Tables = {}
    dropped = 0
    checks: dict[str, Callable[[Any], object]] = {  # each raises (or, drafts, gives None)
        "entries": Entry.from_dict,
        "drafts": Draft.from_dict,
        "contacts": Contact.from_dict,
        "received": ReceivedBundle.from_dict,
    }
    for name, documents in found.items():
        check = checks.get(name)
        kept: dict[str, Any] = {}
        for key, document in documents.items():
            if check is None:  # a table of another name, maybe entries under a damaged one
                if _is_entry(document):
                    tables.setdefault("entries", {})[str(document["id"])] = document
                else:
                    kept[key] = document
                continue
            try:
                good = isinstance(document, dict) and check(document) is not None
            except (InvalidEntry, JournalError, TypeError, ValueError, AttributeError):
                good = False
            if good:
                kept[str(document.get("id") or key) if name == "entries" else key] = document
            else:
                dropped += 1
        tables.setdefault(name, {}).update(kept)
    meta = tables.get(META_TABLE, {}).get(META_KEY)
    versioned = isinstance(meta, dict) and isinstance(meta.get("version"), int)
    if not versioned and ("entries" in tables or "_default" not in tables):
        tables.setdefault(META_TABLE, {})[META_KEY] = {"version": SCHEMA_VERSION}
    return tables, dropped


def _is_entry(document: object) -> bool:
    try:
        return isinstance(document, dict) and Entry.from_dict(document) is not None
    except InvalidEntry:
        return False


def salvage_journal(paths: HomePaths, keep: int = DEFAULT_KEEP) -> SalvageReport:
    """Rebuild the journal from every document that can still be read in it, keeping the
    damaged file in ``backups/``. A journal that reads fine is left alone."""
    journal = paths.journal
    if journal.is_dir():
        raise JournalError(describe_os_error(IsADirectoryError(), journal))
    if not journal.is_file():
        raise JournalError(f"there is no journal at {journal} to salvage")
    with journal_lock(paths.lock):
        try:
            raw = read_private(journal)
        except OSError as error:
            raise JournalError(describe_os_error(error, journal)) from None
        try:
            whole = decode_tables(raw, str(journal))
        except JournalError:
            whole = None
        if whole is not None and not _entries_of(whole)[1]:  # nothing to rebuild
            return SalvageReport(needed=False)
        found = salvage(raw)
        tables, dropped = _rebuild(found.tables)
        kept_as = make_backup(paths, "damaged-before-salvage", keep, readable=whole is not None)
        try:
            atomic_write(journal, encode_tables(tables))
        except OSError as error:
            raise JournalError(describe_os_error(error, journal)) from None
    return SalvageReport(
        needed=True,
        entries=len(tables.get("entries", {})) + len(tables.get("_default", {})),
        drafts=len(tables.get("drafts", {})),
        contacts=len(tables.get("contacts", {})),
        received=len(tables.get("received", {})),
        dropped=dropped,
        damaged=found.damaged,
        kept_as=kept_as,
    )
