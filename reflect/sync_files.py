"""What sync tools leave in a shared folder, and how to read a file that may still be arriving.

Syncthing, cloud drives (Dropbox, OneDrive, Google Drive, iCloud, Nextcloud) and network
shares do not hand a file over in one step. While a bundle travels, the folder may hold:

- **temporary names** the tool writes to before renaming (``.syncthing.NAME.tmp``,
  ``~syncthing~NAME.tmp``, ``~$NAME``, ``NAME.part``, ``NAME.partial``, ``NAME.crdownload``,
  dot-files): :func:`is_temporary`. They are never read.
- **conflict copies**, when two versions of one file met (``NAME.sync-conflict-20261202-
  101500-ABCDEF.reflect-bundle``, ``NAME (1).reflect-bundle``, ``NAME (conflicted copy
  2026-12-02).reflect-bundle``): :func:`conflict_base` names the file a copy was made of.
- **placeholders**: a file of size 0, or one a cloud drive lists whose content is not on
  this computer yet (macOS "dataless" files, Windows "recall on access"):
  :func:`is_placeholder`.
- a file **being written in place** (a network copy growing), or **replaced** while it is
  read: :func:`read_settled` reads a file only when it stayed the same file, of the same
  size and time, from before it was opened until after it was read.

This module knows nothing of bundles (that is :mod:`reflect.bundle`) and reads nothing
but the bytes of a file: the rules for what a reader does with them are in
:mod:`reflect.sharing` and ``docs/sync-folders.md``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

TEMP_PREFIX = ".syncthing."
"""How reflect's own temporary files start in a shared folder (then the final name, a
random part and :data:`TEMP_SUFFIX`). Syncthing never scans a name with this prefix (its
own temporary files), it is a dot-file that file managers hide, and reflect's reader
never reads it."""
TEMP_SUFFIX = ".tmp"

_TEMP_PREFIXES = (".", "~")
"""Dot-files (Syncthing's ``.syncthing.``, rsync's ``.NAME.XXXXXX``, ``.~tmp~``, ``._NAME``
of macOS) and names starting with ``~`` (``~$NAME`` of Office and OneDrive,
``~syncthing~NAME.tmp`` of Syncthing on Windows)."""
_TEMP_SUFFIXES = (
    ".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".filepart",
    ".!sync", ".~tmp~", "~",
)  # fmt: skip

_CONFLICT_MARKS = (
    # Syncthing: NAME.sync-conflict-20261202-101500-ABCDEF7.EXT (older ones: no device id)
    re.compile(r"\.sync-conflict-\d{8}-\d{6}(?:-[A-Za-z0-9]+)?$"),
    # Dropbox "NAME (Sam's conflicted copy 2026-12-02)", Nextcloud "(conflicted copy 2026-12-02
    # 101500)", Google Drive "(Conflict 2026-12-02)"
    re.compile(r" \((?:[^()]*'s )?(?:conflicted copy|conflict)\b[^()]*\)$", re.IGNORECASE),
    re.compile(r"_conflict-\d{8}-\d{6}$"),  # ownCloud
    re.compile(r" \(\d+\)$"),  # Google Drive, OneDrive, browsers: NAME (1).EXT
    re.compile(r" - Copy(?: \(\d+\))?$"),  # Windows Explorer
    re.compile(r" copy(?: \d+)?$"),  # macOS Finder
)

_DATALESS = 0x40000000
"""macOS ``SF_DATALESS``: the file's content lives in the cloud (``stat.SF_DATALESS``, 3.13+)."""
_NOT_HERE = 0x1000 | 0x40000 | 0x400000
"""Windows FILE_ATTRIBUTE_OFFLINE, _RECALL_ON_OPEN and _RECALL_ON_DATA_ACCESS: a cloud
file whose content would be downloaded when it is opened or read."""


def is_temporary(name: str) -> bool:
    """Whether ``name`` is a file a sync tool (or reflect) is still writing: never read."""
    return name.startswith(_TEMP_PREFIXES) or name.lower().endswith(_TEMP_SUFFIXES)


def conflict_base(name: str, suffix: str) -> str | None:
    """The name a conflict copy was made of, for a name ending in ``suffix``
    (``NAME (1).reflect-bundle`` -> ``NAME.reflect-bundle``); None for a name that is not
    a conflict copy. A copy of a copy gives the first name."""
    if not name.endswith(suffix):
        return None
    stem = name[: -len(suffix)]
    found = False
    changed = True
    while changed:
        changed = False
        for mark in _CONFLICT_MARKS:
            shorter = mark.sub("", stem, count=1)
            if shorter != stem and shorter:
                stem, found, changed = shorter, True, True
    return stem + suffix if found else None


def is_placeholder(info: os.stat_result) -> bool:
    """A cloud drive's stand-in whose content is not on this computer yet (reading it
    would start a download, or wait for one). A file of size 0 is told apart by its size."""
    if getattr(info, "st_flags", 0) & _DATALESS:
        return True
    return bool(getattr(info, "st_file_attributes", 0) & _NOT_HERE)


@dataclass(frozen=True)
class Unsettled:
    """A file that could not be read whole now: it is still arriving, or changed or went
    while it was read. ``reason`` says which, for a person."""

    reason: str


def _stamp(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def read_settled(path: Path, limit: int, *, tries: int = 2) -> bytes | Unsettled:
    """The bytes of ``path``, read only if it stayed the same file while it was read.

    The file is looked at before it is opened, through the open handle, and by name after
    the read: if anything differs (another size or time, another file put in its place)
    it is read again, ``tries`` times in all, then reported :class:`Unsettled`. A file
    of size 0 or a placeholder is :class:`Unsettled` without being opened. At most
    ``limit + 1`` bytes are read, so a caller can tell a file that is too large.
    ``OSError`` (permission denied, a folder gone) is the caller's to report; a file that
    went away is not an error (a sync tool renamed it), only :class:`Unsettled`.
    """
    last = Unsettled("changed while it was read; read again later")
    for _ in range(max(1, tries)):
        try:
            before = path.stat()
            if is_placeholder(before):
                return Unsettled(
                    "a cloud drive's placeholder: its content is not on this computer yet "
                    "(keep this folder downloaded)"
                )
            if before.st_size == 0:
                return Unsettled("empty so far: not arrived yet")
            with open(path, "rb") as handle:  # the module's ``open``: tests swap it
                during = os.fstat(handle.fileno())
                raw = handle.read(limit + 1)
            after = path.stat()
        except FileNotFoundError:
            return Unsettled("gone while it was read (moved or replaced); read again later")
        if _stamp(before) == _stamp(during) == _stamp(after) and (
            len(raw) == during.st_size or len(raw) > limit
        ):
            return raw
    return last
