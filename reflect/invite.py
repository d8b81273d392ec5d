"""Invite codes: one line that tells the person I pair with who I am.

``reflect contact invite`` prints it; the other person pastes it into
``reflect contact add --code LINE`` (or the app's Contacts screen). It reads::

    reflect/1/<handle>/<public key>[/<folder>]/<check>

- ``reflect/1``: what the line is, and the version of this layout.
- ``handle``: mine, as ``reflect id`` shows it (1-32 of a-z, 0-9, ``.``, ``_``, ``-``).
- ``public key``: my 32-byte Curve25519 public key in base32 (RFC 4648), lowercase,
  without padding: 52 characters of a-z and 2-7.
- ``folder`` (optional): the name of the folder I share with them, percent-encoded with
  ``/`` kept. Only a hint: on their computer the same folder may live elsewhere.
- ``check``: CRC-32 (as :func:`zlib.crc32` computes it) of the text before the last ``/``,
  as 8 lowercase hex digits. A CRC-32 notices every change of one character for sure
  (a burst of up to 32 changed bits), which a short slice of a hash would only notice
  nearly always; a key damaged by a deleted or added character has the wrong length.

Why this shape: it survives chat apps. ``/`` means nothing to them, while ``:`` around a
word (``:sam:``) turns into an emoji in several, and ``_ * ~`` into emphasis. The letters
of everything but the folder are read in any case. Whitespace anywhere is dropped (a
chat or a mail may wrap the line), with invisible characters, and quotes, brackets or a
full stop around the line.

The check is not a signature: anyone can write a valid code. What proves a key is the
people themselves, reading their check words (:mod:`reflect.check_words`) to each other.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

from reflect.contacts import KEY_BYTES, Contact, check_usable_key, parse_public_key
from reflect.errors import InvalidEntry, InvalidInvite, InvalidKey
from reflect.model import clean_handle
from reflect.safe_text import without_controls

PREFIX = "reflect"
VERSION = 1
MAX_CODE_LENGTH = 1000
"""Characters of a pasted code, once whitespace is dropped; anything longer is refused
before it is read."""
MAX_FOLDER_LENGTH = 300
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
"""Zero-width spaces and joiners, the word joiner, a byte-order mark, soft hyphens: chat
apps and editors slip them into long lines."""
_EDGES = re.compile(r"^[^0-9A-Za-z]+|[^0-9A-Za-z]+$")
_KEY = re.compile(r"^[a-z2-7]{52}$")
_CHECK = re.compile(r"^[0-9a-f]{8}$")
_FOLDER = re.compile(r"^(?:[A-Za-z0-9_.~/-]|%[0-9A-F]{2})+$")

_COPY_AGAIN = "copy the whole line again, or ask them to send it again"


@dataclass(frozen=True)
class Invite:
    """What an invite code says: whose it is, their key, and the folder they named."""

    handle: str
    public_key: bytes
    folder: str | None = None
    """The folder's name on their side, a hint (None: they named none)."""

    @property
    def code(self) -> str:
        return invite_code(self.handle, self.public_key, self.folder)

    def contact(self, folder: Path | None = None) -> Contact:
        """The contact this code makes, with ``folder`` (mine, on this computer)."""
        where = folder.expanduser().absolute() if folder is not None else None
        return Contact(self.handle, self.public_key, where)


def _key_text(key: bytes) -> str:
    return base64.b32encode(key).decode("ascii").rstrip("=").lower()


def _check(body: str) -> str:
    return f"{zlib.crc32(body.encode('ascii')):08x}"


def folder_hint(folder: str, home: Path) -> str:
    """How a folder is named in a code: a folder inside ``home`` (the person's own home
    folder) as ``~/...``, which has the best chance of meaning something on the other
    computer too; anything else (``~/Sync`` included) as it was written."""
    text = folder.strip()
    if not text:
        raise InvalidInvite("the folder to name in the invite code is empty")
    path = Path(text)
    if path.is_absolute():
        try:
            inside = path.relative_to(home)
        except ValueError:
            text = path.as_posix()
        else:
            text = "~/" + inside.as_posix() if inside.parts else "~"
    text = text.rstrip("/") or "/"
    if len(text) > MAX_FOLDER_LENGTH:
        raise InvalidInvite(
            f"that folder name is too long for an invite code (at most {MAX_FOLDER_LENGTH} "
            "characters)"
        )
    if without_controls(text) != text or "\n" in text or "\t" in text:
        raise InvalidInvite("that folder name holds control characters")
    return text


def invite_code(handle: str, public_key: bytes, folder: str | None = None) -> str:
    """The invite code for ``handle`` and ``public_key``, naming ``folder`` if given."""
    if len(public_key) != KEY_BYTES:
        raise InvalidInvite("an invite code carries a 32-byte public key")
    body = f"{PREFIX}/{VERSION}/{clean_handle(handle)}/{_key_text(public_key)}"
    if folder:
        body += "/" + quote(folder, safe="/")
    return f"{body}/{_check(body)}"


def _compact(text: str) -> str:
    """The code as pasted, without whitespace, invisible characters and what surrounds it."""
    return _EDGES.sub("", "".join(text.translate(_INVISIBLE).split()))


def _not_a_code(text: str) -> InvalidInvite:
    try:
        parse_public_key(text)
    except InvalidKey:
        return InvalidInvite(
            "that is not an invite code: one starts with reflect/ (it is the line "
            "`reflect contact invite` prints on their side)"
        )
    return InvalidInvite(
        "that is a public key, not an invite code: ask them for the line "
        "`reflect contact invite` prints, or add the key with their handle"
    )


def parse_invite(text: object) -> Invite:
    """Read an invite code as pasted; :class:`InvalidInvite` says, in one line, why not.

    Strict about what counts (a code whose check does not match is refused whole, and
    so is one that this version does not know), lenient only about what pasting adds:
    whitespace, invisible characters, quotes or punctuation around it, letter case.
    """
    if not isinstance(text, str):
        raise InvalidInvite("an invite code is a line of text")
    if len(text) > 4 * MAX_CODE_LENGTH:
        raise InvalidInvite("that is far too long for an invite code")
    compact = _compact(text)
    if not compact:
        raise InvalidInvite(
            "the invite code is empty: paste the line `reflect contact invite` printed "
            "on their side"
        )
    if len(compact) > MAX_CODE_LENGTH:
        raise InvalidInvite("that is too long for an invite code")
    if not compact[: len(PREFIX) + 1].lower() == f"{PREFIX}/":
        raise _not_a_code(compact)
    strange = next((char for char in compact if not char.isascii()), None)
    if strange is not None:
        raise InvalidInvite(
            f"the invite code holds {strange!r}, which no invite code has (a chat app may "
            f"have changed it); {_COPY_AGAIN}"
        )
    parts = compact.split("/")
    version = parts[1]
    if version != str(VERSION):
        if version.isdigit() and len(version) < 6 and int(version) > VERSION:
            raise InvalidInvite(
                f"this invite code has version {int(version)}, newer than this reflect "
                "reads: update reflect, then add it again"
            )
        raise InvalidInvite(f"this invite code is damaged at its start; {_COPY_AGAIN}")
    if len(parts) < 5 or not _CHECK.match(parts[-1].lower()):
        raise InvalidInvite(f"this invite code is cut short or damaged; {_COPY_AGAIN}")
    handle_text, key_text = parts[2].lower(), parts[3].lower()
    folder_text = "/".join(parts[4:-1]) if len(parts) > 5 else None
    body = f"{PREFIX}/{VERSION}/{handle_text}/{key_text}"
    if folder_text is not None:
        body += f"/{folder_text}"
    if _check(body) != parts[-1].lower():
        raise InvalidInvite(
            f"this invite code changed on the way (its check does not match); {_COPY_AGAIN}"
        )
    try:
        handle = clean_handle(handle_text)
    except InvalidEntry:
        raise InvalidInvite(
            "the handle in this invite code is not usable here: 1-32 of a-z, 0-9, '.', '_' or '-'"
        ) from None
    key = _key(key_text)
    folder = _folder(folder_text) if folder_text is not None else None
    try:
        check_usable_key(key)
    except InvalidKey:
        raise InvalidInvite(
            "the key in this invite code cannot be used (all zeros, or another weak key "
            "anyone could read bundles for); ask them for a new code"
        ) from None
    return Invite(handle, key, folder)


def _key(text: str) -> bytes:
    problem = InvalidInvite(f"the key in this invite code is damaged; {_COPY_AGAIN}")
    if not _KEY.match(text):
        raise problem
    try:
        key = base64.b32decode(text.upper() + "====")
    except binascii.Error:
        raise problem from None
    if len(key) != KEY_BYTES or _key_text(key) != text:
        raise problem
    return key


def _folder(text: str) -> str:
    problem = InvalidInvite(
        "the folder named in this invite code cannot be read; add the code with a folder "
        "of your own"
    )
    if not text or not _FOLDER.match(text):
        raise problem
    try:
        folder = unquote(text, errors="strict")
    except UnicodeDecodeError:
        raise problem from None
    if (
        quote(folder, safe="/") != text
        or len(folder) > MAX_FOLDER_LENGTH
        or without_controls(folder) != folder
        or "\n" in folder
        or "\t" in folder
    ):
        raise problem
    return folder
