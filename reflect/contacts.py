"""People I share with or receive from, and what they shared with me: the sharing tables.

These records are plain values stored in the journal's ``contacts`` and ``received``
tables. They need no cryptography: a public key is 32 bytes, written as 64 lowercase hex
characters, and its fingerprint is a BLAKE2b hash (:mod:`hashlib`, the same function as
libsodium's generic hash), so the journal can list contacts without loading PyNaCl.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from reflect.errors import InvalidEntry, InvalidKey, JournalError
from reflect.model import Entry, clean_handle
from reflect.replies import Reply

KEY_BYTES = 32
"""A Curve25519 public key (``nacl.public.PublicKey.SIZE``)."""
FINGERPRINT_BYTES = 10
"""80 bits: 16 base32 characters, read aloud in four groups of four."""
_FINGERPRINT_PERSON = b"reflect-key-fp"
_STRICT_HEX = re.compile(r"^[0-9a-f]{64}$")
_HEX_NOISE = re.compile(r"[\s:]")


def key_to_text(key: bytes) -> str:
    """A public key as text: 64 lowercase hex characters (what `reflect id` shows)."""
    return key.hex()


def parse_public_key(text: object) -> bytes:
    """A public key typed or pasted by a person: hex, any case, spaces and colons ignored."""
    if not isinstance(text, str):
        raise InvalidKey("a public key must be text")
    cleaned = _HEX_NOISE.sub("", text).lower()
    if not re.fullmatch(r"[0-9a-f]*", cleaned):
        raise InvalidKey(
            "a public key is 64 hex characters (0-9, a-f), as `reflect id` shows it; "
            "this one has other characters"
        )
    if len(cleaned) != KEY_BYTES * 2:
        raise InvalidKey(
            f"a public key is 64 hex characters, as `reflect id` shows it; "
            f"this one has {len(cleaned)}"
        )
    return bytes.fromhex(cleaned)


def check_usable_key(key: bytes) -> None:
    """Refuse a public key nobody can hold a secret for: all zeros and the other points of
    small order, which would make every bundle for that "contact" readable by anyone.

    libsodium refuses to multiply by such a point; asking it is the check (PyNaCl is
    loaded only here, when a contact is added).
    """
    from nacl.bindings import crypto_scalarmult
    from nacl.exceptions import RuntimeError as SodiumError
    from nacl.public import PrivateKey

    try:
        crypto_scalarmult(bytes(PrivateKey.generate()), key)
    except SodiumError:
        raise InvalidKey(
            "that public key cannot be used (all zeros, or another weak key that anyone could "
            "read bundles for); ask them for the key `reflect id` shows"
        ) from None


def strict_key(text: object) -> bytes | None:
    """A key as written in a bundle (exactly :func:`key_to_text`'s form), else ``None``.

    Strict on purpose: a bundle whose bytes changed must not read as the same bundle.
    """
    if not isinstance(text, str) or not _STRICT_HEX.match(text):
        return None
    return bytes.fromhex(text)


def fingerprint(key: bytes) -> str:
    """A short, speakable digest of a public key, like ``K7QW 3MZP XR4T 2ABC``.

    Two people compare it by voice or chat to be sure a pasted key is the right one.
    """
    digest = hashlib.blake2b(key, digest_size=FINGERPRINT_BYTES, person=_FINGERPRINT_PERSON)
    text = base64.b32encode(digest.digest()).decode("ascii")
    return " ".join(text[index : index + 4] for index in range(0, len(text), 4))


@dataclass(frozen=True)
class Contact:
    """Someone I share with or receive from; ``folder`` is where my bundles for them go."""

    handle: str
    public_key: bytes
    folder: Path | None = None

    @classmethod
    def create(cls, handle: str, public_key: str, folder: str | Path | None = None) -> Contact:
        """A contact from what a person typed; the handle and key are checked here."""
        where = Path(folder).expanduser().absolute() if folder not in (None, "") else None
        key = parse_public_key(public_key)
        check_usable_key(key)
        return cls(clean_handle(handle), key, where)

    @property
    def public_key_text(self) -> str:
        return key_to_text(self.public_key)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def to_dict(self) -> dict[str, Any]:
        """The stored form (also ``reflect contact list --json``)."""
        return {
            "handle": self.handle,
            "public_key": self.public_key_text,
            "fingerprint": self.fingerprint,
            "folder": str(self.folder) if self.folder is not None else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Contact:
        if not isinstance(data, Mapping):
            raise JournalError("a stored contact is unreadable: not an object")
        try:
            folder = data.get("folder")
            return cls(
                clean_handle(data.get("handle")),
                parse_public_key(data.get("public_key")),
                Path(folder) if isinstance(folder, str) and folder else None,
            )
        except (InvalidEntry, InvalidKey) as error:
            raise JournalError(f"a stored contact is unreadable: {error}") from None


@dataclass(frozen=True)
class ReceivedBundle:
    """The entries one contact shared with me, as their latest bundle carried them.

    ``author`` is my handle for them (from my contacts), ``sender_handle`` the one they
    chose; ``entries`` are newest first and never carry ``shared_with``.
    """

    author: str
    sender_handle: str
    public_key: bytes
    bundle_id: str
    published_at: datetime
    received_at: datetime
    source: str
    entries: tuple[Entry, ...]
    sequence: int = 0
    """The sender's number for this bundle: a later bundle has a higher one (0: a
    bundle from a reflect that did not number them yet)."""
    replies: tuple[Reply, ...] = ()
    """Their replies to entries of mine (:mod:`reflect.replies`), oldest first."""

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def to_dict(self) -> dict[str, Any]:
        return {
            "author": self.author,
            "sender_handle": self.sender_handle,
            "public_key": key_to_text(self.public_key),
            "bundle_id": self.bundle_id,
            "published_at": self.published_at.isoformat(),
            "received_at": self.received_at.isoformat(),
            "source": self.source,
            "sequence": self.sequence,
            "entries": [entry.to_dict() for entry in self.entries],
            "replies": [reply.to_dict() for reply in self.replies],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ReceivedBundle:
        if not isinstance(data, Mapping):
            raise JournalError("stored entries received from others are unreadable")
        try:
            entries = tuple(Entry.from_dict(item) for item in data.get("entries") or ())
            return cls(
                author=clean_handle(data.get("author")),
                sender_handle=str(data.get("sender_handle") or ""),
                public_key=parse_public_key(data.get("public_key")),
                bundle_id=str(data.get("bundle_id") or ""),
                published_at=datetime.fromisoformat(str(data.get("published_at"))),
                received_at=datetime.fromisoformat(str(data.get("received_at"))),
                source=str(data.get("source") or ""),
                entries=newest_first(entries),
                sequence=_sequence(data.get("sequence")),
                replies=tuple(Reply.from_dict(item) for item in data.get("replies") or ()),
            )
        except (InvalidEntry, InvalidKey, ValueError, TypeError) as error:
            raise JournalError(
                f"stored entries received from others are unreadable: {error}"
            ) from None


def _sequence(value: object) -> int:
    if value is None:
        return 0
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ValueError("bundle number is not a whole number")
    return value


def newest_first(entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    return tuple(sorted(entries, key=Entry.sort_key, reverse=True))
