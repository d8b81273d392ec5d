"""Day One's JSON export: the ``.zip`` it writes (journal JSON plus media folders) or the JSON.

``{"metadata": {...}, "entries": [{"uuid", "creationDate", "modifiedDate", "timeZone",
"text", "tags", "starred", ...}]}``. Times are UTC; an entry's day is taken in the zone it
was written in (``timeZone``), because a reflection written at 21:30 in Los Angeles belongs
to that evening, not to the next UTC day. Photos, videos and the like are not kept: their
links are taken out of the text and the files in the zip are only counted.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO
from zoneinfo import ZoneInfo

from reflect.errors import FormatError, InvalidEntry
from reflect.formats import Rejected
from reflect.formats.imported import (
    MAX_FILE_BYTES,
    STARRED_TAG,
    LoadedImport,
    check_item_count,
    normalise_id,
    parse_json,
    read_capped,
)
from reflect.formats.sections import split_sections
from reflect.model import Entry, clean_tags

SOURCE = "dayone"
ZIP_MAGIC = b"PK\x03\x04"
MAX_JOURNAL_BYTES = MAX_FILE_BYTES
"""The most one journal JSON inside a zip may unpack to; more is refused, not read."""

MEDIA_FOLDERS = frozenset(("photos", "videos", "audios", "pdfs", "sketches", "attachments"))

_MOMENT_LINK = re.compile(r"!?\[[^\]\n]*\]\([ \t]*dayone-moment:[^)\s]*[ \t]*\)")
_BARE_MOMENT = re.compile(r"dayone-moment:[^\s)\]]*")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")  # a backslash before ASCII punctuation
_GMT_OFFSET = re.compile(r"^(?:GMT|UTC)(?:([+-])(\d{1,2})(?::?(\d{2}))?)?$")
_BLANK_LINES = re.compile(r"\n{3,}")


def looks_like_export(document: object) -> bool:
    """Day One's JSON: a ``metadata`` object, or entries with a ``creationDate``."""
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        return False
    if isinstance(document.get("metadata"), dict):
        return True
    entries = document["entries"]
    return bool(entries) and isinstance(entries[0], dict) and "creationDate" in entries[0]


def is_zip(head: bytes) -> bool:
    return head.startswith(ZIP_MAGIC)


def load(data: bytes | Path, name: str, *, tz: tzinfo | None = None) -> LoadedImport:
    """Read a Day One export, zip or JSON (told apart by content, not by name).

    A path is opened lazily, so a zip with gigabytes of photos is never read whole.
    ``tz`` is used only for entries that carry no time zone (default: this machine's).
    """
    if isinstance(data, Path):
        with data.open("rb") as handle:
            if is_zip(handle.read(len(ZIP_MAGIC))):
                handle.seek(0)
                return _load_zip(handle, name, tz)
        data = read_capped(data, name)
    if is_zip(data):
        return _load_zip(io.BytesIO(data), name, tz)
    return load_json(data, name, tz=tz)


def load_json(raw: bytes, name: str, *, tz: tzinfo | None = None) -> LoadedImport:
    return from_document(parse_json(raw, name), name, tz=tz)


def from_document(document: object, name: str, *, tz: tzinfo | None = None) -> LoadedImport:
    """Entries of an already decoded Day One JSON document."""
    result = LoadedImport(format="dayone-json")
    _add_document(result, document, name, tz, set(), prefix="")
    return result


def _load_zip(handle: BinaryIO, name: str, tz: tzinfo | None) -> LoadedImport:
    """Every journal JSON in the zip (Day One writes one per journal); media only counted."""
    try:
        with zipfile.ZipFile(handle) as archive:
            members = [info for info in archive.infolist() if not info.is_dir()]
            journals = [info for info in members if _is_journal_json(info.filename)]
            if not journals:
                raise FormatError(f"{name} holds no Day One journal (no .json file in it)")
            result = LoadedImport(format="dayone-zip", skipped_media=len(members) - len(journals))
            seen: set[str] = set()
            for info in journals:
                raw = _read_member(archive, info, name)
                member = f"{name}/{info.filename}"
                prefix = f"{info.filename}: " if len(journals) > 1 else ""
                document = parse_json(raw, member)
                _add_document(result, document, member, tz, seen, prefix=prefix)
            return result
    except FormatError:
        raise
    except RuntimeError as error:  # zipfile's word for an encrypted member
        if "encrypted" in str(error).lower() or "password" in str(error).lower():
            raise FormatError(f"{name} is password-protected; export it again without") from None
        raise FormatError(f"{name} is not a readable zip file ({error})") from None
    except (zipfile.BadZipFile, zlib.error, struct.error, EOFError, OSError, ValueError) as error:
        raise FormatError(f"{name} is not a readable zip file ({error})") from None
    except NotImplementedError as error:  # a compression method zipfile cannot read
        raise FormatError(f"{name} uses a compression reflect cannot read ({error})") from None


def _is_journal_json(member: str) -> bool:
    """A ``.json`` at the top, or one folder down (a zip of the unpacked export)."""
    path = PurePosixPath(member)
    return (
        path.suffix.lower() == ".json"
        and len(path.parts) <= 2
        and path.parts[0].lower() not in MEDIA_FOLDERS
        and not any(part.startswith((".", "__MACOSX")) for part in path.parts)
    )


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """At most ``MAX_JOURNAL_BYTES``: the size in the header may lie, so the read is capped."""
    too_big = FormatError(
        f"{name}: {info.filename} unpacks to more than {MAX_JOURNAL_BYTES // (1024 * 1024)} MB; "
        "that is not a journal reflect can read"
    )
    if info.file_size > MAX_JOURNAL_BYTES:
        raise too_big
    with archive.open(info) as member:
        raw = member.read(MAX_JOURNAL_BYTES + 1)
    if len(raw) > MAX_JOURNAL_BYTES:
        raise too_big
    return raw


def _add_document(
    result: LoadedImport,
    document: object,
    name: str,
    tz: tzinfo | None,
    seen: set[str],
    *,
    prefix: str,
) -> None:
    if not looks_like_export(document):
        raise FormatError(f'{name} is not a Day One export (no "metadata" and "entries")')
    assert isinstance(document, dict)
    items: list[Any] = document["entries"]
    start = len(result.entries) + len(result.rejected) + len(result.empty)
    check_item_count(start + len(items), name)
    for position, item in enumerate(items, start=start + 1):
        try:
            entry = _entry(item, tz)
        except InvalidEntry as error:
            result.rejected.append(Rejected(position, f"{prefix}{error}"))
            continue
        if entry is None:
            result.empty.append(position)
        elif entry.id in seen:
            reason = f"{prefix}uuid {entry.id} appears twice in the file"
            result.rejected.append(Rejected(position, reason))
        else:
            seen.add(entry.id)
            result.entries.append(entry)


def _entry(item: object, tz: tzinfo | None) -> Entry | None:
    """One entry, or ``None`` when nothing but photos (or nothing at all) was written."""
    if not isinstance(item, Mapping):
        raise InvalidEntry("an entry must be a JSON object")
    entry_id = normalise_id(item.get("uuid"))
    if entry_id is None:
        raise InvalidEntry("the entry has no uuid")
    text = item.get("text")
    if text is not None and not isinstance(text, str):
        raise InvalidEntry("text must be text")
    without_media = strip_media(text or "")
    if not without_media:
        return None
    zone = _zone(item.get("timeZone"), tz)
    created = _moment(item.get("creationDate"), "creationDate", zone)
    modified = item.get("modifiedDate")
    updated = created if modified is None else _moment(modified, "modifiedDate", zone)
    tags = item.get("tags")
    if tags is not None and (isinstance(tags, str) or not isinstance(tags, list)):
        raise InvalidEntry("tags must be a list of text")
    tag_list = list(clean_tags(tags or ()))
    if item.get("starred") is True and STARRED_TAG not in tag_list:
        tag_list.append(STARRED_TAG)
    return Entry.from_dict(
        {
            "id": entry_id,
            "shift_date": created.date().isoformat(),
            "created_at": created,
            "updated_at": max(created, updated),  # an entry moved to a later date stays sane
            **{field: unescape(value) for field, value in split_sections(without_media).items()},
            "tags": tag_list,
            "source": SOURCE,
        }
    )


def strip_media(text: str) -> str:
    """Day One's Markdown without its photo (video, audio) links, and the gaps they leave."""
    text = _BARE_MOMENT.sub("", _MOMENT_LINK.sub("", text.replace("\r\n", "\n")))
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", text).strip()


def unescape(text: str) -> str:
    """Without the backslashes Day One puts before ``.-!()#`` and other punctuation.

    Applied after the sections are found, so an escaped ``\\# Lesson`` stays a line of text.
    """
    return _ESCAPE.sub(r"\1", text)


def _zone(value: object, fallback: tzinfo | None) -> tzinfo | None:
    """The entry's zone; ``None`` means "this machine's", for entries that carry none."""
    if value is None or value == "":
        return fallback
    if not isinstance(value, str):
        raise InvalidEntry("timeZone must be text")
    zone = _named_zone(value.strip())
    if zone is None:
        raise InvalidEntry(f"time zone {value!r} is not known on this computer")
    return zone


@functools.lru_cache(maxsize=256)
def _named_zone(name: str) -> tzinfo | None:
    offset = _GMT_OFFSET.match(name)
    if offset is not None:
        sign, hours, minutes = offset.groups()
        delta = timedelta(hours=int(hours or 0), minutes=int(minutes or 0))
        if delta >= timedelta(hours=24):
            return None
        return timezone(-delta if sign == "-" else delta)
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):  # unknown name, bad path, missing tzdata
        return None


def _moment(value: object, key: str, zone: tzinfo | None) -> datetime:
    """A UTC time (``Z``) as the local time of ``zone``."""
    if not isinstance(value, str):
        raise InvalidEntry(f"{key} is missing")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise InvalidEntry(f"{key} {value!r} is not a date and time") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(zone)
    except (ValueError, OverflowError, OSError):
        raise InvalidEntry(f"{key} {value!r} is out of range") from None
