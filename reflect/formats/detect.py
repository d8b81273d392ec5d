"""Which kind of file is being imported, and one entry point that reads any of them.

Detection looks at the content, not at the name (which only shapes error messages): a
Day One export renamed ``backup.json`` is still a Day One export.
- a zip (``PK\\x03\\x04``) is a Day One export;
- JSON with ``"format": "reflect"`` is reflect's own; with ``metadata`` (or entries with a
  ``creationDate``) Day One's; with ``tags`` and entries that have a ``title`` and ``date``
  jrnl's;
- text whose first line starts like ``[2026-11-03 18:30] `` is a jrnl journal file.

Those kinds, the order they are asked in and their loaders are the file kinds of
:mod:`reflect.formats.registry`; this module runs the stages (first bytes, then text,
then JSON) and words what goes wrong.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import tzinfo
from pathlib import Path

import orjson

from reflect.errors import FormatError
from reflect.formats import jrnl, native
from reflect.formats.imported import (
    MAX_FILE_BYTES,
    LoadedImport,
    parse_json,
    read_capped,
    too_many_containers,
)
from reflect.formats.registry import FileKind, ImportFile, Stage, file_kinds, importer

_HEAD = 4096
"""How much of a text file is enough to tell a jrnl journal by its first line."""
_MAGIC = 16
"""How much of a file on disk is read to tell a kind by its first bytes (a zip needs 4)."""


def detect(raw: bytes, *, time_format: str | None = None) -> str | None:
    """Which of the registry's file kinds ``raw`` is ("jrnl-text", ...), or ``None`` when
    it is none of the kinds reflect reads.

    Never raises: broken JSON, say, is simply not detected (``load_import`` says why).
    """
    kind, _ = _detect(ImportFile(raw, time_format=time_format))
    return None if kind is None else kind.name


def _detect(file: ImportFile) -> tuple[FileKind | None, ImportFile]:
    """The kind, and the file as far as it was read: with its JSON decoded when it is JSON
    (so it is parsed once)."""
    kind = _first(file, "bytes")
    if kind is not None:
        return kind, file
    try:
        text = file.raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, file
    file = replace(file, head=text[:_HEAD].replace("\r\n", "\n"))
    kind = _first(file, "text")
    if kind is not None:
        return kind, file
    if too_many_containers(file.raw):
        return None, file  # load_import's parse_json says why, without parsing it
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None, file
    file = replace(file, document=document)
    return _first(file, "json"), file


def _first(file: ImportFile, stage: Stage) -> FileKind | None:
    """The first kind of ``stage`` that ``file`` matches, in the registry's order."""
    return next((kind for kind in file_kinds(stage) if kind.matches(file)), None)


def load_import(
    path_or_bytes: Path | bytes,
    name: str | None = None,
    source: str | None = None,
    *,
    time_format: str | None = None,
    tz: tzinfo | None = None,
) -> LoadedImport:
    """Read an import file of any supported kind: entries, rejections, what was skipped.

    ``source`` (an importer's name, as given to ``--from``: "reflect", "jrnl" or
    "dayone") insists on that importer's kinds: another kind of file raises
    ``FormatError`` ("backup.json is not a jrnl export: it looks like a reflect export").
    ``None`` detects it. ``time_format`` is the timeformat of a jrnl journal file (guessed
    among common ones when ``None``); ``tz`` the zone of jrnl's times and of Day One
    entries that name none (default: this machine's). A path is read here (a Day One zip
    lazily, so its photos are never loaded); ``OSError`` from reading it is left to the
    caller, who knows how to word it.
    """
    if source is not None:
        importer(source)  # an unknown name raises, naming the ones there are
    if isinstance(path_or_bytes, Path):
        path = path_or_bytes
        label = name or path.name
        with path.open("rb") as handle:
            head = ImportFile(handle.read(_MAGIC), label, path=path, tz=tz)
        kind = _first(head, "bytes")
        if kind is not None:
            _insist(source, kind, label)
            return kind.load(head)
        raw = read_capped(path, label)
    else:
        raw, label = path_or_bytes, name or "the file"
        if len(raw) > MAX_FILE_BYTES and _first(ImportFile(raw), "bytes") is None:
            raise FormatError(f"{label} is too large to be a journal")
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark some editors add
    if not raw.strip():
        raise FormatError(f"{label} is empty")
    if time_format is not None:
        jrnl.check_time_format(time_format)
    kind, file = _detect(ImportFile(raw, label, time_format=time_format, tz=tz))
    if kind is None:
        raise _not_recognised(raw, label, source, time_format)
    _insist(source, kind, label)
    return kind.load(file)


def _insist(source: str | None, found: FileKind, name: str) -> None:
    if source is not None and found.importer != source:
        raise FormatError(
            f"{name} is not a {importer(source).title} export: it looks like {found.description}"
        )


def _not_recognised(
    raw: bytes, name: str, source: str | None, time_format: str | None
) -> FormatError:
    """The most useful thing to say about a file of no known kind (raised, or returned)."""
    wanted = "a file reflect can import" if source is None else f"a {importer(source).title} export"
    if source == "reflect":
        native.load(raw, name)  # raises its own precise message (bad JSON, no "format", ...)
    start = raw.lstrip()[:1]
    if start == b"{" or (start == b"[" and _is_json(raw)):
        parse_json(raw, name)  # raises "not valid JSON (line, column)" when it is broken
        return FormatError(f"{name} is not {wanted}: its JSON is not a known export")
    if source == "jrnl" or time_format is not None or start == b"[":
        jrnl.load_text(raw, name, time_format=time_format)  # raises what is wrong
    if name.lower().endswith(".zip"):
        return FormatError(f"{name} is not a zip file (nor any file reflect can import)")
    if source == "dayone":
        return FormatError(f"{name} is not a Day One export: it is neither a zip nor JSON")
    return FormatError(
        f"{name} is not {wanted}: not a reflect, jrnl or Day One export, nor a jrnl journal file"
    )


def _is_json(raw: bytes) -> bool:
    try:
        orjson.loads(raw)
    except orjson.JSONDecodeError:
        return False
    return True
