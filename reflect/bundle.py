"""The bundle file: what of an entry travels to a contact, and the sealed file it travels in.

This is the wire format: the sender's reflect and the reader's both follow it, so a
change here is a change of the file (``PAYLOAD_VERSION`` says which one a bundle holds).
Publishing bundles to contacts' folders and reading them in is :mod:`reflect.sharing`.

**What travels** (:data:`TRAVELLING_FIELDS`): id, shift_date, created_at, updated_at,
challenge, grateful, kindness, lesson, mood, tags and source. Never: ``note`` (free-form
and imported text the author did not write for anyone else), ``shared_with`` (who else
reads it is not the reader's business) and unknown extra fields (their meaning, and so
their privacy, is unknown). Customer details (:mod:`reflect.privacy`) are replaced by
labels in the texts, and tags holding one are dropped, unless the author allowed them
for that entry (``share_details: true`` on the entry).

**Bundle file** (``<contact folder>/<me>-<my fingerprint>-to-<them>.reflect-bundle``):
compact UTF-8 JSON, no whitespace, exactly these keys::

    {"format": "reflect-bundle", "version": 1, "sender_handle": "sam",
     "sender": "<my public key, 64 lowercase hex>", "recipient": "<theirs>",
     "box": "<base64 of nacl.public.Box(my private, their public).encrypt(payload)>"}

``box`` holds the 24-byte nonce followed by the authenticated ciphertext. The payload is
UTF-8 JSON: ``{"format": "reflect-share", "version": 3, "bundle_id", "sequence",
"published_at", "sender": {"handle", "public_key"}, "recipient": {"handle", "public_key"},
"entries", "replies"}``; each reply is ``{"id", "entry_id", "entry_day", "text",
"written_at"}`` (:mod:`reflect.replies`), its customer details replaced when it was written.
The clear fields only route the file; each is repeated inside the box and must match.
Reading is strict (canonical base64, lowercase hex, exact handle), so changing any byte
of a bundle makes it unreadable rather than different.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import orjson

from reflect.contacts import Contact, ReceivedBundle, fingerprint, strict_key
from reflect.errors import BundleError, InvalidEntry
from reflect.journal import SHARE_DETAILS
from reflect.model import TEXT_FIELDS, Entry, clean_handle
from reflect.privacy import Finding, find_details, has_details, redact
from reflect.replies import Reply

if TYPE_CHECKING:
    from reflect.identity import Identity

BUNDLE_SUFFIX = ".reflect-bundle"
BUNDLE_FORMAT = "reflect-bundle"
BUNDLE_VERSION = 1
PAYLOAD_FORMAT = "reflect-share"
PAYLOAD_VERSION = 3
"""2 added ``sequence``; a version 1 bundle reads as number 0, older than any other. 3
added ``replies``: the sender's replies to entries the recipient shared with them."""
MAX_BUNDLE_REPLIES = 20_000
MAX_BUNDLE_BYTES = 16 * 1024 * 1024
"""Years of shared reflections fit in a few MB: a larger bundle is refused unread."""
MAX_BUNDLE_ENTRIES = 20_000
TRAVELLING_FIELDS = (
    "id", "shift_date", "created_at", "updated_at", *TEXT_FIELDS, "mood", "tags", "source",
)  # fmt: skip
_OUTER_KEYS = frozenset(("format", "version", "sender_handle", "sender", "recipient", "box"))
_BUNDLE_ID = re.compile(r"^[0-9a-f]{32}$")
_HEX = re.compile(rb"[0-9a-f]*")
_BUNDLE_SHAPE: tuple[bytes | tuple[re.Pattern[bytes], int, int], ...] = (
    b'{"format":"reflect-bundle","version":',
    (re.compile(rb"[0-9]*"), 1, 9),
    b',"sender_handle":"',
    (re.compile(rb"[a-z0-9._-]*"), 1, 32),
    b'","sender":"',
    (_HEX, 64, 64),
    b'","recipient":"',
    (_HEX, 64, 64),
    b'","box":"',
    (re.compile(rb"[A-Za-z0-9+/=]*"), 1, 1 << 40),
    b'"}',
)
"""Every bundle's bytes, in order (what :func:`seal` writes): a literal, or the bytes a
run may hold with its least and most length."""


# -- what travels -------------------------------------------------------------------------


def details_allowed(entry: Entry) -> bool:
    """Whether the author let this entry's customer details travel as written."""
    return entry.extra.get(SHARE_DETAILS) is True


def details_in(entry: Entry) -> dict[str, list[Finding]]:
    """Customer details in the texts of ``entry`` that would travel, by field name."""
    found = {name: find_details(getattr(entry, name)) for name in TEXT_FIELDS}
    return {name: findings for name, findings in found.items() if findings}


def can_travel(entry: Entry) -> bool:
    """An entry whose only text is its note has nothing to share (notes stay home)."""
    return any(getattr(entry, name) for name in TEXT_FIELDS)


def outgoing_entry(entry: Entry) -> dict[str, Any]:
    """The form of ``entry`` a contact receives (see the module's docstring)."""
    whole = entry.to_dict()
    data = {name: whole[name] for name in TRAVELLING_FIELDS}
    if not details_allowed(entry):
        for name in TEXT_FIELDS:
            data[name] = redact(data[name])
        data["tags"] = [tag for tag in data["tags"] if not has_details(tag)]
    return data


# -- the bundle file ----------------------------------------------------------------------


def bundle_name(identity: Identity, contact: Contact) -> str:
    """Stable per sender and recipient, so a new bundle replaces the last one; the sender's
    fingerprint keeps two senders with the same handle apart in a shared folder."""
    mine = identity.fingerprint.replace(" ", "")[:8].lower()
    return f"{identity.handle}-{mine}-to-{contact.handle}{BUNDLE_SUFFIX}"


def seal(
    identity: Identity,
    contact: Contact,
    entries: Iterable[Mapping[str, Any]],
    *,
    published_at: datetime,
    sequence: int = 1,
    bundle_id: str | None = None,
    replies: Iterable[Reply] = (),
) -> bytes:
    """The bytes of a bundle carrying ``entries`` (already in their travelling form) and
    my ``replies`` to entries the recipient shared with me.

    ``sequence`` orders my bundles for their reader (:func:`reflect.identity.next_sequence`).
    """
    from nacl.exceptions import CryptoError
    from nacl.public import Box, PublicKey

    payload = {
        "format": PAYLOAD_FORMAT,
        "version": PAYLOAD_VERSION,
        "bundle_id": bundle_id or uuid.uuid4().hex,
        "sequence": sequence,
        "published_at": published_at.isoformat(),
        "sender": {"handle": identity.handle, "public_key": identity.public_key_text},
        "recipient": {"handle": contact.handle, "public_key": contact.public_key_text},
        "entries": list(entries),
        "replies": [reply.to_dict() for reply in replies],
    }
    try:
        box = Box(identity.private_key, PublicKey(contact.public_key))
    except CryptoError:
        raise BundleError(f"{contact.handle}'s public key cannot be used for encryption") from None
    sealed = bytes(box.encrypt(orjson.dumps(payload)))
    outer = {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "sender_handle": identity.handle,
        "sender": identity.public_key_text,
        "recipient": contact.public_key_text,
        "box": base64.b64encode(sealed).decode("ascii"),
    }
    return orjson.dumps(outer)


def is_incomplete(raw: bytes) -> bool:
    """Whether ``raw`` is a bundle that has not fully arrived, rather than a damaged one.

    True for nothing at all, for NUL bytes only (room a copy set aside before filling it),
    and for the start of a bundle cut short: every byte so far is where a bundle has it
    (:data:`_BUNDLE_SHAPE`) and the bytes run out before its end. A run of two or more
    NUL bytes at the end is room not filled yet and does not count. A bundle that is whole
    (even if altered), or anything with a byte out of place, is not incomplete.
    """
    data = raw.rstrip(b"\x00") if raw.endswith(b"\x00\x00") else raw
    position = 0
    for piece in _BUNDLE_SHAPE:
        if isinstance(piece, bytes):
            rest = data[position : position + len(piece)]
            if not piece.startswith(rest):
                return False
            if position + len(rest) == len(data) and len(rest) < len(piece):
                return True  # ran out inside this piece
            position += len(piece)
            continue
        allowed, least, most = piece
        found = allowed.match(data, position, min(len(data), position + most))
        run = found.end() - position if found else 0
        if position + run == len(data) and run < most:
            return True  # ran out inside this run (or right before it)
        if run < least:
            return False
        position += run
    return False


class BundleNotForMe(BundleError):
    """Addressed to another key: not damaged, only someone else's (a shared folder)."""


class OwnBundle(BundleError):
    """One I published myself, found in a folder I also read: skipped, not a problem."""


@dataclass(frozen=True)
class _Outer:
    sender_handle: str
    sender: bytes
    recipient: bytes
    box: bytes


def _read_outer(raw: bytes, me: bytes) -> _Outer:
    """The clear part of a bundle, checked strictly; says early if it is not for me."""
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise BundleError("not a reflect bundle (not JSON); it may be damaged") from None
    if not isinstance(document, dict) or document.get("format") != BUNDLE_FORMAT:
        raise BundleError("not a reflect bundle")
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > BUNDLE_VERSION:
        raise BundleError(f"bundle format {version} is newer than this reflect reads; upgrade")
    if version != BUNDLE_VERSION or isinstance(version, bool) or set(document) != _OUTER_KEYS:
        raise BundleError("a damaged or altered bundle (its fields are not as written)")
    sender, recipient = strict_key(document["sender"]), strict_key(document["recipient"])
    handle = document["sender_handle"]
    if sender is None or recipient is None or not _exact_handle(handle):
        raise BundleError("a damaged or altered bundle (sender or recipient unreadable)")
    if sender == me:
        raise OwnBundle("a bundle I published")
    if recipient != me:
        raise BundleNotForMe(
            f"addressed to someone else (key {fingerprint(recipient)}), not to you "
            f"({fingerprint(me)}); only its recipient can read it"
        )
    text = document["box"]
    try:
        box = base64.b64decode(text, validate=True) if isinstance(text, str) else b""
    except (binascii.Error, ValueError):
        box = b""
    if not box or base64.b64encode(box).decode("ascii") != text:
        raise BundleError("a damaged or altered bundle (its sealed part is unreadable)")
    return _Outer(handle, sender, recipient, box)


def sealed_by_me_for(raw: bytes, identity: Identity, contact: Contact) -> bool:
    """Whether ``raw`` is a whole bundle I sealed for ``contact`` (it opens with our two
    keys and names me as its sender), such as a sync tool's conflict copy of one I wrote."""
    from nacl.exceptions import CryptoError
    from nacl.public import Box, PublicKey

    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return False
    if not isinstance(document, dict) or set(document) != _OUTER_KEYS:
        return False
    if (
        strict_key(document["sender"]) != identity.public_key_bytes
        or strict_key(document["recipient"]) != contact.public_key
        or not isinstance(document["box"], str)
    ):
        return False
    try:
        sealed = base64.b64decode(document["box"], validate=True)
        Box(identity.private_key, PublicKey(contact.public_key)).decrypt(sealed)
    except (binascii.Error, ValueError, CryptoError):
        return False
    return True


def _exact_handle(value: object) -> bool:
    try:
        return clean_handle(value) == value
    except InvalidEntry:
        return False


def open_bundle(
    raw: bytes, identity: Identity, contacts: Sequence[Contact], *, source: str, now: datetime
) -> ReceivedBundle:
    """Check and decrypt one bundle addressed to me; :class:`BundleError` says why not."""
    from nacl.exceptions import CryptoError
    from nacl.public import Box, PublicKey

    if len(raw) > MAX_BUNDLE_BYTES:
        raise BundleError(f"too large for a bundle ({len(raw):,} bytes)")
    outer = _read_outer(raw, identity.public_key_bytes)
    contact = next((c for c in contacts if c.public_key == outer.sender), None)
    if contact is None:
        named = next((c for c in contacts if c.handle == outer.sender_handle), None)
        if named is not None:
            raise BundleError(
                f"claims to come from {named.handle}, but its key ({fingerprint(outer.sender)}) "
                f"is not the one you have for them ({named.fingerprint}); not read"
            )
        raise BundleError(
            f"from an unknown key ({fingerprint(outer.sender)}, calling itself "
            f"{outer.sender_handle!r}); not read. Compare fingerprints with the sender, then "
            "`reflect contact add`"
        )
    try:
        plain = Box(identity.private_key, PublicKey(outer.sender)).decrypt(outer.box)
    except (CryptoError, ValueError):
        raise BundleError(
            f"from {contact.handle}, but it cannot be opened: it was altered or damaged "
            "after it was written"
        ) from None
    return _read_payload(plain, outer, contact, source=source, now=now)


def _read_payload(
    plain: bytes, outer: _Outer, contact: Contact, *, source: str, now: datetime
) -> ReceivedBundle:
    def bad(why: str) -> BundleError:
        return BundleError(f"from {contact.handle}, but its content is not usable: {why}")

    try:
        payload = orjson.loads(plain)
    except orjson.JSONDecodeError:
        raise bad("not JSON") from None
    if not isinstance(payload, dict) or payload.get("format") != PAYLOAD_FORMAT:
        raise bad("not a reflect share")
    version = payload.get("version")
    if version not in (1, 2, PAYLOAD_VERSION) or isinstance(version, bool):
        raise bad(f"content version {version!r}; this reflect reads up to {PAYLOAD_VERSION}")
    sequence = payload.get("sequence", 0) if version >= 2 else 0
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 0:
        raise bad("no usable bundle number")
    sender, recipient = payload.get("sender"), payload.get("recipient")
    if (
        not isinstance(sender, dict)
        or not isinstance(recipient, dict)
        or strict_key(sender.get("public_key")) != outer.sender
        or strict_key(recipient.get("public_key")) != outer.recipient
        or sender.get("handle") != outer.sender_handle
    ):
        raise bad("its sender or recipient does not match its envelope")
    bundle_id = payload.get("bundle_id")
    if not isinstance(bundle_id, str) or not _BUNDLE_ID.match(bundle_id):
        raise bad("no usable bundle id")
    try:
        published_at = datetime.fromisoformat(str(payload.get("published_at")))
    except ValueError:
        raise bad("no usable publication time") from None
    if published_at.utcoffset() is None:
        raise bad("its publication time has no UTC offset")
    items = payload.get("entries")
    if not isinstance(items, list):
        raise bad("no entries list")
    if len(items) > MAX_BUNDLE_ENTRIES:
        raise bad(f"{len(items):,} entries, more than {MAX_BUNDLE_ENTRIES:,}")
    entries: dict[str, Entry] = {}
    for position, item in enumerate(items, start=1):
        try:  # only the fields that travel: anything else a sender adds is not kept
            entry = Entry.from_dict(_travelling(item))
        except InvalidEntry as error:
            raise bad(f"entry {position}: {error}") from None
        if entry.id in entries:
            raise bad(f"entry {position}: id {entry.id} appears twice")
        entries[entry.id] = dataclasses.replace(entry, shared_with=())
    replies = _read_replies(payload.get("replies", []) if version >= 3 else [], bad)
    return ReceivedBundle(
        author=contact.handle,
        sender_handle=outer.sender_handle,
        public_key=outer.sender,
        bundle_id=bundle_id,
        published_at=published_at,
        received_at=now,
        source=source,
        entries=tuple(entries.values()),
        sequence=sequence,
        replies=replies,
    )


def _read_replies(items: object, bad: Callable[[str], BundleError]) -> tuple[Reply, ...]:
    """The replies a bundle carries, checked like its entries: all usable, or none read."""
    if not isinstance(items, list):
        raise bad("no replies list")
    if len(items) > MAX_BUNDLE_REPLIES:
        raise bad(f"{len(items):,} replies, more than {MAX_BUNDLE_REPLIES:,}")
    replies: dict[str, Reply] = {}
    for position, item in enumerate(items, start=1):
        try:
            reply = Reply.from_dict(item)
        except InvalidEntry as error:
            raise bad(f"reply {position}: {error}") from None
        if reply.id in replies:
            raise bad(f"reply {position}: id {reply.id} appears twice")
        replies[reply.id] = reply
    return tuple(sorted(replies.values(), key=lambda reply: reply.written_at))


def _travelling(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    return {name: item[name] for name in TRAVELLING_FIELDS if name in item}
