"""Sharing with mentors: what travels, to whom, and the encrypted bundles that carry it.

Entries are private by default; the author shares one entry with one contact at a time
(:meth:`Journal.share`). :func:`publish` writes, for each contact, one bundle holding
exactly the entries shared with them; :func:`receive` reads the bundles addressed to me.

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
UTF-8 JSON: ``{"format": "reflect-share", "version": 1, "bundle_id", "published_at",
"sender": {"handle", "public_key"}, "recipient": {"handle", "public_key"}, "entries"}``.
The clear fields only route the file; each is repeated inside the box and must match.
Reading is strict (canonical base64, lowercase hex, exact handle), so changing any byte
of a bundle makes it unreadable rather than different.

Received entries go to the journal's ``received`` table, never to my own entries, and
publishing only reads my own entries: nothing received is ever passed on.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import orjson

from reflect.contacts import Contact, ReceivedBundle, fingerprint, strict_key
from reflect.errors import BundleError, InvalidEntry
from reflect.journal import SHARE_DETAILS, Journal, is_newer
from reflect.model import TEXT_FIELDS, Entry, clean_handle
from reflect.privacy import Finding, find_details, has_details, redact
from reflect.storage import atomic_write, describe_os_error

if TYPE_CHECKING:
    from reflect.identity import Identity

BUNDLE_SUFFIX = ".reflect-bundle"
BUNDLE_FORMAT = "reflect-bundle"
BUNDLE_VERSION = 1
PAYLOAD_FORMAT = "reflect-share"
PAYLOAD_VERSION = 2
"""2 added ``sequence``; a version 1 bundle reads as number 0, older than any other."""
MAX_BUNDLE_BYTES = 16 * 1024 * 1024
"""Years of shared reflections fit in a few MB: a larger bundle is refused unread."""
MAX_BUNDLE_ENTRIES = 20_000
TRAVELLING_FIELDS = (
    "id", "shift_date", "created_at", "updated_at", *TEXT_FIELDS, "mood", "tags", "source",
)  # fmt: skip
_OUTER_KEYS = frozenset(("format", "version", "sender_handle", "sender", "recipient", "box"))
_BUNDLE_ID = re.compile(r"^[0-9a-f]{32}$")


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
) -> bytes:
    """The bytes of a bundle carrying ``entries`` (already in their travelling form).

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


class _NotForMe(BundleError):
    pass


class _Mine(BundleError):
    pass


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
        raise _Mine("a bundle I published")
    if recipient != me:
        raise _NotForMe(
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
    if version not in (1, PAYLOAD_VERSION) or isinstance(version, bool):
        raise bad(f"content version {version!r}; this reflect reads up to {PAYLOAD_VERSION}")
    sequence = payload.get("sequence", 0) if version == PAYLOAD_VERSION else 0
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
    )


def _travelling(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    return {name: item[name] for name in TRAVELLING_FIELDS if name in item}


# -- publishing ---------------------------------------------------------------------------

PublishStatus = Literal["written", "nothing_shared", "no_folder", "folder_missing", "failed"]


@dataclass(frozen=True)
class PublishResult:
    """What publishing did for one contact. ``redacted``: entries sent with customer
    details replaced by labels; ``withheld``: shared entries with nothing that travels."""

    contact: str
    status: PublishStatus
    path: Path | None = None
    entries: int = 0
    redacted: int = 0
    withheld: int = 0
    reason: str = ""

    @property
    def message(self) -> str:
        """One line for a person, e.g. ``ana: 3 entries (1 redacted) -> /shared/x``."""
        if self.status != "written":
            return f"{self.contact}: {self.reason}"
        notes = [f"{self.redacted} redacted"] if self.redacted else []
        notes += [f"{self.withheld} with only a note, not sent"] if self.withheld else []
        extra = f" ({', '.join(notes)})" if notes else ""
        count = "1 entry" if self.entries == 1 else f"{self.entries} entries"
        return f"{self.contact}: {count}{extra} -> {self.path}"


@dataclass(frozen=True)
class PublishReport:
    results: tuple[PublishResult, ...]

    @property
    def written(self) -> tuple[PublishResult, ...]:
        return tuple(result for result in self.results if result.status == "written")

    @property
    def problems(self) -> tuple[PublishResult, ...]:
        """Contacts with shared entries that could not be sent (no folder, missing, failed)."""
        return tuple(
            result
            for result in self.results
            if result.status in ("no_folder", "folder_missing", "failed")
        )


def publish(journal: Journal, identity: Identity, *, to: str | None = None) -> PublishReport:
    """Write one bundle per contact with shared entries (or only for contact ``to``).

    A contact whose folder already holds a bundle from me gets a new one even when
    nothing is shared with them any more: that is how an unshare reaches them. Folders
    are never created (a missing one is usually an unmounted drive). Each write is atomic
    and replaces the previous bundle; one contact's failure does not stop the others.
    """
    contacts = [journal.contact(to)] if to is not None else journal.contacts()
    now = journal.clock()
    results = []
    for contact in contacts:
        shared = journal.entries_shared_with(contact.handle)
        results.append(_publish_one(journal, identity, contact, shared, now, forced=to is not None))
    return PublishReport(tuple(results))


def publish_on_save(journal: Journal, handles: Iterable[str]) -> PublishReport | None:
    """After saving an entry shared with ``handles``: publish to those whose folder exists.

    None when there is no identity yet (sharing is set up later). A missing folder is
    not an error here: the next ``reflect publish`` reports it.
    """
    from reflect.identity import has_identity, load_identity

    wanted = sorted(set(handles))
    if not wanted or not has_identity(journal.paths):
        return None
    identity = load_identity(journal.paths)
    results: list[PublishResult] = []
    for handle in wanted:
        contact = journal.contact(handle)
        if contact.folder is not None and contact.folder.is_dir():
            results.extend(publish(journal, identity, to=handle).results)
    return PublishReport(tuple(results))


def _publish_one(
    journal: Journal,
    identity: Identity,
    contact: Contact,
    shared: list[Entry],
    now: datetime,
    *,
    forced: bool,
) -> PublishResult:
    sending = [entry for entry in shared if can_travel(entry)]
    withheld = len(shared) - len(sending)
    wanted = bool(shared) or forced
    if contact.folder is None:
        if not wanted:
            return PublishResult(contact.handle, "nothing_shared", reason="nothing shared")
        why = "no folder set for them; nothing written"
        return PublishResult(contact.handle, "no_folder", reason=why, withheld=withheld)
    path = contact.folder / bundle_name(identity, contact)
    if not contact.folder.is_dir():
        if not wanted:
            return PublishResult(contact.handle, "nothing_shared", reason="nothing shared")
        why = f"folder {contact.folder} not found (not mounted?); nothing written"
        return PublishResult(contact.handle, "folder_missing", path, reason=why)
    if not wanted and not path.exists():
        return PublishResult(contact.handle, "nothing_shared", reason="nothing shared")
    outgoing = [outgoing_entry(entry) for entry in sending]
    redacted = sum(
        1
        for entry, data in zip(sending, outgoing, strict=True)
        if any(data[name] != getattr(entry, name) for name in TEXT_FIELDS)
    )
    from reflect.identity import next_sequence

    try:
        number = next_sequence(journal.paths)
        atomic_write(path, seal(identity, contact, outgoing, published_at=now, sequence=number))
    except OSError as error:
        return PublishResult(contact.handle, "failed", path, reason=describe_os_error(error, path))
    except BundleError as error:
        return PublishResult(contact.handle, "failed", path, reason=str(error))
    return PublishResult(contact.handle, "written", path, len(outgoing), redacted, withheld)


def remove_contact(journal: Journal, identity: Identity, handle: str) -> PublishResult | None:
    """Forget a contact, first emptying the bundle of mine they can still read, if any.

    Returns what was written to their folder (``None`` when there was no bundle there).
    """
    contact = journal.contact(handle)
    result = None
    if contact.folder is not None:
        path = contact.folder / bundle_name(identity, contact)
        if path.exists():
            result = _publish_one(journal, identity, contact, [], journal.clock(), forced=True)
    journal.remove_contact(contact.handle)
    return result


def replace_contact(journal: Journal, contact: Contact) -> tuple[Contact, PublishReport | None]:
    """Give a known contact a new key or folder, then publish to them at once when I have
    an identity: a bundle in their folder sealed for an old key must not outlive it."""
    from reflect.identity import has_identity, load_identity

    old = journal.contact(contact.handle)
    new = journal.add_contact(contact, replace=True)
    if old.public_key == new.public_key or not has_identity(journal.paths):
        return new, None
    return new, publish(journal, load_identity(journal.paths), to=new.handle)


@dataclass(frozen=True)
class Deleted:
    """An entry deleted, and the bundles rewritten so that nobody can read it any more."""

    entry: Entry
    published: PublishReport | None
    """Written to the contacts it was shared with (None: it was private, or no identity)."""

    @property
    def not_withdrawn(self) -> tuple[str, ...]:
        """Contacts whose folder holds a bundle with the entry still (folder not reachable)."""
        reached = {result.contact for result in self.published.written} if self.published else ()
        return tuple(handle for handle in self.entry.shared_with if handle not in reached)


def delete_entry(journal: Journal, entry_id: str) -> Deleted:
    """Delete an entry and withdraw it at once from every contact it was shared with."""
    entry = journal.delete(entry_id)
    if not entry.shared_with:
        return Deleted(entry, None)
    known = {contact.handle for contact in journal.contacts()}
    return Deleted(entry, publish_on_save(journal, [h for h in entry.shared_with if h in known]))


# -- receiving ----------------------------------------------------------------------------

BundleStatus = Literal["loaded", "unchanged", "outdated", "stale", "mine", "not_for_me", "rejected"]


@dataclass(frozen=True)
class BundleResult:
    """What became of one bundle file. ``problem`` ones could not be read (``reason`` says
    why), or are ``stale``: the author's newest file there is older than what was read,
    which a replayed or rolled-back copy would be. ``mine`` (my own, in a folder I also
    read) and ``outdated`` (an older copy beside a newer one) are skipped quietly."""

    path: Path
    status: BundleStatus
    reason: str = ""
    author: str | None = None
    entries: int = 0

    @property
    def problem(self) -> bool:
        return self.status in ("not_for_me", "rejected", "stale")

    @property
    def message(self) -> str:
        return f"{self.path}: {self.reason}" if self.reason else str(self.path)


@dataclass(frozen=True)
class InboxReport:
    bundles: tuple[BundleResult, ...]
    missing_folders: tuple[Path, ...] = ()

    @property
    def problems(self) -> tuple[BundleResult, ...]:
        return tuple(result for result in self.bundles if result.problem)

    @property
    def loaded(self) -> tuple[BundleResult, ...]:
        return tuple(result for result in self.bundles if result.status == "loaded")


def bundle_files(folders: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Bundle files in ``folders`` (not in sub-folders), and the folders that are missing."""
    files: list[Path] = []
    missing: list[Path] = []
    seen: set[Path] = set()
    for folder in folders:
        key = folder.expanduser().resolve()
        if key in seen:
            continue
        seen.add(key)
        if not key.is_dir():
            missing.append(folder)
            continue
        files.extend(sorted(path for path in key.glob(f"*{BUNDLE_SUFFIX}") if path.is_file()))
    return files, missing


def receive(journal: Journal, identity: Identity, folders: Iterable[Path] = ()) -> InboxReport:
    """Read the bundles addressed to me in ``<home>/inbox/`` and ``folders``.

    Each author's newest bundle replaces what they shared before (so their unshares
    reach me), in one journal write. An unreadable bundle is reported and skipped; the
    others still load. A missing ``<home>/inbox/`` is not a problem; a missing extra
    folder is reported in ``missing_folders``.
    """
    inbox = journal.paths.inbox
    files, missing = bundle_files([inbox, *folders])
    missing = [folder for folder in missing if folder != inbox]
    contacts = journal.contacts()
    now = journal.clock()
    stored = {bundle.author: bundle for bundle in journal.received()}
    results: dict[Path, BundleResult] = {}
    newest: dict[str, tuple[Path, ReceivedBundle]] = {}
    for path in files:
        try:
            size = path.stat().st_size
            if size > MAX_BUNDLE_BYTES:
                raise BundleError(f"too large for a bundle ({size:,} bytes); not read")
            raw = path.read_bytes()
            bundle = open_bundle(raw, identity, contacts, source=str(path), now=now)
        except OSError as error:
            results[path] = BundleResult(path, "rejected", describe_os_error(error, path))
            continue
        except _Mine:
            results[path] = BundleResult(path, "mine")
            continue
        except _NotForMe as error:
            results[path] = BundleResult(path, "not_for_me", str(error))
            continue
        except BundleError as error:
            results[path] = BundleResult(path, "rejected", str(error))
            continue
        results[path] = BundleResult(path, "outdated", "", bundle.author, len(bundle.entries))
        best = newest.get(bundle.author)
        if best is None or is_newer(bundle, best[1], -1):
            newest[bundle.author] = (path, bundle)
    fresh = []
    for author, (path, bundle) in newest.items():
        old = stored.get(author)
        highest = journal.highest_sequence(bundle.public_key)
        if old is not None and old.bundle_id == bundle.bundle_id:
            results[path] = BundleResult(path, "unchanged", "", author, len(bundle.entries))
        elif is_newer(bundle, old, highest):
            fresh.append(bundle)
        else:  # the newest bundle there is older than one already read: say so
            read = max(highest, old.sequence if old is not None else 0)
            results[path] = BundleResult(
                path, "stale",
                f"older than the bundle from {author} already read (number {bundle.sequence}, "
                f"read {read}); not read. If {author} set reflect up again, ask them to "
                "publish once more",
                author, len(bundle.entries),
            )  # fmt: skip
    replaced = set(journal.store_received(fresh)) if fresh else set()
    for bundle in fresh:
        path = Path(bundle.source)
        status: BundleStatus = "loaded" if bundle.author in replaced else "unchanged"
        results[path] = BundleResult(path, status, "", bundle.author, len(bundle.entries))
    return InboxReport(tuple(results[path] for path in files), tuple(missing))


def inbox_json(journal: Journal) -> list[dict[str, Any]]:
    """What ``reflect inbox --json`` prints: each author's shared entries, newest first."""
    return [
        {
            "author": bundle.author,
            "fingerprint": bundle.fingerprint,
            "published_at": bundle.published_at.isoformat(),
            "entries": [entry.to_dict() for entry in bundle.entries],
        }
        for bundle in journal.received()
    ]
