"""Which kind of file is being imported, and one entry point that reads any of them.

Detection looks at the content, not at the name (which only shapes error messages): a
Day One export renamed ``backup.json`` is still a Day One export.
- a zip (``PK\\x03\\x04``) is a Day One export;
- JSON with ``"format": "reflect"`` is reflect's own; with ``metadata`` (or entries with a
  ``creationDate``) Day One's; with ``tags`` and entries that have a ``title`` and ``date``
  jrnl's;
- text whose first line starts like ``[2026-11-03 18:30] `` is a jrnl journal file.
"""

from __future__ import annotations

from datetime import tzinfo
from pathlib import Path
from typing import Any, Final, Literal

import orjson

from reflect.errors import FormatError
from reflect.formats import dayone, jrnl, native
from reflect.formats.imported import (
    MAX_FILE_BYTES,
    LoadedImport,
    parse_json,
    read_capped,
    too_many_containers,
)

Format = Literal["reflect", "jrnl-json", "jrnl-text", "dayone-json", "dayone-zip"]
FORMATS: Final[tuple[Format, ...]] = (
    "reflect",
    "jrnl-json",
    "jrnl-text",
    "dayone-json",
    "dayone-zip",
)
SOURCES: Final = ("reflect", "jrnl", "dayone")
"""What ``--from`` accepts; each covers the formats that start with its name."""

DESCRIPTIONS: Final[dict[str, str]] = {
    "reflect": "a reflect export",
    "jrnl-json": "a jrnl JSON export",
    "jrnl-text": "a jrnl journal file",
    "dayone-json": "a Day One JSON export",
    "dayone-zip": "a Day One export (zip)",
}
_HEAD = 4096
"""How much of a text file is enough to tell a jrnl journal by its first line."""
_SOURCE_NAMES: Final = {"reflect": "reflect", "jrnl": "jrnl", "dayone": "Day One"}


def detect(raw: bytes, *, time_format: str | None = None) -> Format | None:
    """What ``raw`` is, or ``None`` when it is none of the formats reflect reads.

    Never raises: broken JSON, say, is simply not detected (``load_import`` says why).
    """
    return _detect(raw, time_format)[0]


def _detect(raw: bytes, time_format: str | None) -> tuple[Format | None, Any]:
    """The format, and the decoded JSON document when it is JSON (so it is parsed once)."""
    if dayone.is_zip(raw):
        return "dayone-zip", None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, None
    head = text[:_HEAD].replace("\r\n", "\n")
    if jrnl.guess_time_format(head, time_format) is not None:
        return "jrnl-text", None
    if too_many_containers(raw):
        return None, None  # load_import's parse_json says why, without parsing it
    try:
        document = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None, None
    return _json_format(document), document


def _json_format(document: Any) -> Format | None:
    if isinstance(document, dict) and document.get("format") == native.FORMAT_NAME:
        return "reflect"
    if dayone.looks_like_export(document):
        return "dayone-json"
    if jrnl.looks_like_json_export(document):
        return "jrnl-json"
    return None


def load_import(
    path_or_bytes: Path | bytes,
    name: str | None = None,
    source: str | None = None,
    *,
    time_format: str | None = None,
    tz: tzinfo | None = None,
) -> LoadedImport:
    """Read an import file of any supported kind: entries, rejections, what was skipped.

    ``source`` ("reflect", "jrnl" or "dayone", as given to ``--from``) insists on that
    format: another kind of file raises ``FormatError`` ("backup.json is not a jrnl export:
    it looks like a reflect export"). ``None`` detects it. ``time_format`` is the
    timeformat of a jrnl journal file (guessed among common ones when ``None``); ``tz`` the
    zone of jrnl's times and of Day One entries that name none (default: this machine's).
    A path is read here (a Day One zip lazily, so its photos are never loaded); ``OSError``
    from reading it is left to the caller, who knows how to word it.
    """
    if source is not None and source not in SOURCES:
        raise FormatError(f"unknown import format {source!r}: use one of {', '.join(SOURCES)}")
    if isinstance(path_or_bytes, Path):
        path = path_or_bytes
        label = name or path.name
        with path.open("rb") as handle:
            head = handle.read(len(dayone.ZIP_MAGIC))
        if dayone.is_zip(head):
            _insist(source, "dayone-zip", label)
            return dayone.load(path, label, tz=tz)
        raw = read_capped(path, label)
    else:
        raw, label = path_or_bytes, name or "the file"
        if len(raw) > MAX_FILE_BYTES and not dayone.is_zip(raw):
            raise FormatError(f"{label} is too large to be a journal")
    raw = raw.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark some editors add
    if not raw.strip():
        raise FormatError(f"{label} is empty")
    if time_format is not None:
        jrnl.check_time_format(time_format)
    found, document = _detect(raw, time_format)
    if found is None:
        raise _not_recognised(raw, label, source, time_format)
    _insist(source, found, label)
    if found == "dayone-zip":
        return dayone.load(raw, label, tz=tz)
    if found == "jrnl-text":
        return jrnl.load_text(raw, label, time_format=time_format, tz=tz)
    if found == "reflect":
        parsed = native.load(raw, label)
        return LoadedImport(parsed.entries, parsed.rejected, format="reflect")
    if found == "jrnl-json":
        return jrnl.from_document(document, label, tz=tz)
    return dayone.from_document(document, label, tz=tz)


def _insist(source: str | None, found: Format, name: str) -> None:
    if source is not None and not found.startswith(source):
        raise FormatError(
            f"{name} is not a {_SOURCE_NAMES[source]} export: it looks like {DESCRIPTIONS[found]}"
        )


def _not_recognised(
    raw: bytes, name: str, source: str | None, time_format: str | None
) -> FormatError:
    """The most useful thing to say about a file of no known kind (raised, or returned)."""
    wanted = "a file reflect can import" if source is None else f"a {_SOURCE_NAMES[source]} export"
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
