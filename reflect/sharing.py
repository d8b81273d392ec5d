"""Sharing with mentors: publishing my bundles to contacts and reading theirs.

Entries are private by default; the author shares one entry with one contact at a time
(:meth:`Journal.share`). :func:`publish` writes, for each contact, one bundle holding
exactly the entries shared with them; :func:`receive` reads the bundles addressed to me.
What of an entry travels, and the file that carries it, is :mod:`reflect.bundle`.

Received entries go to the journal's ``received`` table, never to my own entries, and
publishing only reads my own entries: nothing received is ever passed on.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from reflect.bundle import (
    BUNDLE_SUFFIX,
    MAX_BUNDLE_BYTES,
    BundleNotForMe,
    OwnBundle,
    bundle_name,
    can_travel,
    is_incomplete,
    open_bundle,
    outgoing_entry,
    seal,
    sealed_by_me_for,
)
from reflect.contacts import Contact, ReceivedBundle
from reflect.errors import BundleError
from reflect.journal import Journal, is_newer
from reflect.model import TEXT_FIELDS, Entry
from reflect.paths import FILE_MODE, GROUP_FILE_MODE
from reflect.replies import Reply
from reflect.storage import atomic_write, describe_os_error
from reflect.sync_files import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    Unsettled,
    conflict_base,
    is_temporary,
    read_settled,
)

if TYPE_CHECKING:
    from reflect.identity import Identity


# -- publishing ---------------------------------------------------------------------------

PublishStatus = Literal["written", "nothing_shared", "no_folder", "folder_missing", "failed"]


@dataclass(frozen=True)
class PublishResult:
    """What publishing did for one contact. ``redacted``: entries sent with customer
    details replaced by labels; ``withheld``: shared entries with nothing that travels;
    ``tidied``: my own older conflict copies (and leftover temporary files) removed."""

    contact: str
    status: PublishStatus
    path: Path | None = None
    entries: int = 0
    redacted: int = 0
    withheld: int = 0
    reason: str = ""
    replies: int = 0
    tidied: int = 0

    @property
    def message(self) -> str:
        """One line for a person, e.g. ``ana: 3 entries (1 redacted) -> /shared/x``."""
        if self.status != "written":
            return f"{self.contact}: {self.reason}"
        notes = [f"{self.redacted} redacted"] if self.redacted else []
        notes += [f"{self.withheld} with only a note, not sent"] if self.withheld else []
        copies = "1 old copy" if self.tidied == 1 else f"{self.tidied} old copies"
        notes += [f"{copies} removed"] if self.tidied else []
        extra = f" ({', '.join(notes)})" if notes else ""
        count = "1 entry" if self.entries == 1 else f"{self.entries} entries"
        if self.replies:
            count += ", 1 reply" if self.replies == 1 else f", {self.replies} replies"
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
    mode = bundle_file_mode(journal)
    results = []
    for contact in contacts:
        shared = journal.entries_shared_with(contact.handle)
        results.append(
            _publish_one(
                journal, identity, contact, shared, now, forced=to is not None, mode=mode,
                replies=replies_for(journal, contact.handle),
            )
        )  # fmt: skip
    return PublishReport(tuple(results))


def replies_for(journal: Journal, handle: str) -> list[Reply]:
    """My replies that go to ``handle``: those to entries they still share with me (an
    entry they withdrew takes my replies to it out of my bundle too)."""
    mine = journal.my_replies(to=handle)
    if not mine:
        return []
    bundle = next((item for item in journal.received() if item.author == handle), None)
    readable = {entry.id for entry in bundle.entries} if bundle is not None else set()
    return [item.reply for item in mine if item.reply.entry_id in readable]


def bundle_file_mode(journal: Journal) -> int:
    """The mode bundles are written with: owner-only, or group-readable when the home's
    config.toml says ``bundle_mode = "group"`` (read when publishing, so a change holds
    from the next publish on, in a running app too)."""
    from reflect.config import load_config

    group = load_config(journal.paths.config).bundle_mode == "group"
    return GROUP_FILE_MODE if group else FILE_MODE


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
    replies: Sequence[Reply] = (),
    mode: int = FILE_MODE,
) -> PublishResult:
    sending = [entry for entry in shared if can_travel(entry)]
    withheld = len(shared) - len(sending)
    wanted = bool(shared) or bool(replies) or forced
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
        sealed = seal(
            identity, contact, outgoing, published_at=now, sequence=number, replies=replies
        )
        atomic_write(path, sealed, mode=mode, temp_prefix=TEMP_PREFIX, private=False)
    except OSError as error:
        return PublishResult(contact.handle, "failed", path, reason=describe_os_error(error, path))
    except BundleError as error:
        return PublishResult(contact.handle, "failed", path, reason=str(error))
    tidied = _tidy(path, identity, contact)
    return PublishResult(
        contact.handle, "written", path, len(outgoing), redacted, withheld,
        replies=len(replies), tidied=tidied,
    )  # fmt: skip


TEMP_LEFT_AFTER = 3600
"""Seconds after which a temporary file of mine beside a bundle is a crash's leftover."""


def _tidy(path: Path, identity: Identity, contact: Contact) -> int:
    """Remove what publishing ``path`` before left beside it: sync tools' conflict copies
    of it that I sealed for this contact (older than the bundle just written, and maybe
    holding entries since unshared), and my temporary files older than an hour (a crash
    mid-write). Anything else, or anything that cannot be checked, is left alone."""
    removed = 0
    temp_start = f"{TEMP_PREFIX}{path.name}."
    try:
        neighbours = [item for item in path.parent.iterdir() if item != path]
    except OSError:
        return 0
    for item in neighbours:
        try:
            random_part = item.name[len(temp_start) :] if item.name.startswith(temp_start) else ""
            if random_part.endswith(TEMP_SUFFIX) and random_part != TEMP_SUFFIX:
                # mkstemp's ".<random>.tmp"; Syncthing's own ".syncthing.NAME.tmp" has none
                if time.time() - item.stat().st_mtime < TEMP_LEFT_AFTER:  # the files' clock
                    continue
            elif conflict_base(item.name, BUNDLE_SUFFIX) == path.name:
                raw = read_settled(item, MAX_BUNDLE_BYTES)
                if isinstance(raw, Unsettled) or not sealed_by_me_for(raw, identity, contact):
                    continue
            else:
                continue
            item.unlink()
            removed += 1
        except OSError:
            continue  # not ours to insist on: the next publish tries again
    return removed


def empty_copy(journal: Journal, identity: Identity, contact: Contact) -> PublishResult | None:
    """Replace the bundle of mine in ``contact``'s folder with one that holds nothing, so
    they can no longer read what it carried (None: there is no bundle of mine there)."""
    if contact.folder is None or not (contact.folder / bundle_name(identity, contact)).exists():
        return None
    mode = bundle_file_mode(journal)
    return _publish_one(journal, identity, contact, [], journal.clock(), forced=True, mode=mode)


# -- receiving ----------------------------------------------------------------------------

BundleStatus = Literal[
    "loaded", "unchanged", "outdated", "stale", "waiting", "mine", "not_for_me", "others",
    "rejected",
]  # fmt: skip


@dataclass(frozen=True)
class BundleResult:
    """What became of one bundle file. ``problem`` ones could not be read (``reason`` says
    why), or are ``stale``: the author's newest file there is older than what was read,
    which a replayed or rolled-back copy would be. Skipped quietly: ``mine`` (my own, in a
    folder I also read), ``others`` (addressed to someone else, in a folder I share with a
    contact, where they are expected), ``outdated`` (an older copy beside a newer one, or a
    sync tool's conflict copy older than what was read) and ``waiting`` (not arrived yet:
    empty, cut short, a cloud placeholder, or changing while it was read; see
    docs/sync-folders.md). ``conflict_copy``: the file's name is a sync tool's copy of
    another bundle's name."""

    path: Path
    status: BundleStatus
    reason: str = ""
    author: str | None = None
    entries: int = 0
    conflict_copy: bool = False

    @property
    def problem(self) -> bool:
        return self.status in ("not_for_me", "rejected", "stale")

    @property
    def message(self) -> str:
        return f"{self.path}: {self.reason}" if self.reason else str(self.path)

    def to_dict(self) -> dict[str, Any]:
        """This file in ``reflect inbox --verbose --json``."""
        return {
            "path": str(self.path),
            "status": self.status,
            "problem": self.problem,
            "author": self.author,
            "entries": self.entries,
            "conflict_copy": self.conflict_copy,
            "reason": self.reason,
        }


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

    @property
    def waiting(self) -> tuple[BundleResult, ...]:
        """Files not arrived yet (read again at the next look, never a problem)."""
        return tuple(result for result in self.bundles if result.status == "waiting")


def is_bundle_name(name: str) -> bool:
    """A file name a reader reads: ends in ``.reflect-bundle`` and is not a sync tool's (or
    reflect's) temporary name (:func:`reflect.sync_files.is_temporary`)."""
    return name.endswith(BUNDLE_SUFFIX) and not is_temporary(name)


def bundle_files(folders: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Bundle files in ``folders`` (not in sub-folders), and the folders that are missing.

    Temporary names (``.syncthing.NAME.tmp``, ``~$NAME``, dot-files...) are never listed;
    conflict copies are (the newest valid bundle wins, whatever its name)."""
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
        files.extend(
            sorted(
                path
                for path in key.glob(f"*{BUNDLE_SUFFIX}")
                if is_bundle_name(path.name) and path.is_file()
            )
        )
    return files, missing


BundleStamp = tuple[str, int, int]
"""A bundle file's path, size and modification time (nanoseconds)."""


def bundle_stamps(folders: Iterable[Path]) -> frozenset[BundleStamp]:
    """What the bundle files in ``folders`` look like now, without reading one.

    Equal from one look to the next unless a bundle arrived, changed or went: one listing
    per folder and one ``stat`` per bundle, nothing opened or decrypted, so a screen can
    look every second and read the bundles only when they changed.
    """
    files, _ = bundle_files(folders)
    stamps: set[BundleStamp] = set()
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue  # gone between the listing and the stat: the next look says so
        stamps.add((str(path), stat.st_size, stat.st_mtime_ns))
    return frozenset(stamps)


def receive(
    journal: Journal,
    identity: Identity,
    folders: Iterable[Path] = (),
    *,
    shared: Iterable[Path] = (),
) -> InboxReport:
    """Read the bundles addressed to me in ``<home>/inbox/``, ``folders`` and ``shared``.

    ``shared`` are the folders I share with my contacts, which others' bundles may pass
    through too: a bundle there addressed to someone else is skipped quietly, where in
    ``folders`` (asked for as inboxes) it is reported. Each author's newest bundle
    replaces what they shared before (so their unshares reach me), in one journal write.
    An unreadable bundle is reported and skipped; the others still load. A missing
    ``<home>/inbox/`` is not a problem; a missing extra folder is reported in
    ``missing_folders``.

    What sync tools do to a folder (docs/sync-folders.md): temporary names are never
    read; a file that is empty, cut short, a cloud placeholder or changing while read is
    ``waiting`` (quiet, and what was read before stays); among conflict copies and the
    file they copy, the valid one with the highest number wins, and an older one, whatever
    its name, never replaces what was read.
    """
    inbox = journal.paths.inbox
    asked = [inbox, *folders]
    passing = list(shared)
    files, missing = bundle_files([*asked, *passing])
    missing = [folder for folder in missing if folder != inbox]
    quiet = {folder.expanduser().resolve() for folder in passing} - {
        folder.expanduser().resolve() for folder in asked
    }
    contacts = journal.contacts()
    now = journal.clock()
    stored = {bundle.author: bundle for bundle in journal.received()}
    results: dict[Path, BundleResult] = {}
    newest: dict[str, tuple[Path, ReceivedBundle]] = {}
    for path in files:
        copy = conflict_base(path.name, BUNDLE_SUFFIX) is not None
        try:
            size = path.stat().st_size
            if size > MAX_BUNDLE_BYTES:  # refused unread, not even opened
                why = f"too large for a bundle ({size:,} bytes); not read"
                results[path] = BundleResult(path, "rejected", why, conflict_copy=copy)
                continue
            raw = read_settled(path, MAX_BUNDLE_BYTES)
        except FileNotFoundError:
            why = "gone while it was read (moved or replaced); read again later"
            results[path] = BundleResult(path, "waiting", why, conflict_copy=copy)
            continue
        except OSError as error:
            results[path] = BundleResult(
                path, "rejected", _unreadable(error, path), conflict_copy=copy
            )
            continue
        if isinstance(raw, Unsettled):
            results[path] = BundleResult(path, "waiting", raw.reason, conflict_copy=copy)
            continue
        try:
            if len(raw) > MAX_BUNDLE_BYTES:
                raise BundleError(
                    f"too large for a bundle (over {MAX_BUNDLE_BYTES:,} bytes); not read"
                )
            bundle = open_bundle(raw, identity, contacts, source=str(path), now=now)
        except OwnBundle:
            results[path] = BundleResult(path, "mine", conflict_copy=copy)
            continue
        except BundleNotForMe as error:
            passing_through = path.parent in quiet
            results[path] = BundleResult(
                path,
                "others" if passing_through else "not_for_me",
                str(error),
                conflict_copy=copy,
            )
            continue
        except BundleError as error:
            if is_incomplete(raw):  # cut short: arriving, not damaged; read at the next look
                why = f"not arrived yet ({len(raw):,} bytes so far); read when it is whole"
                results[path] = BundleResult(path, "waiting", why, conflict_copy=copy)
            else:
                results[path] = BundleResult(path, "rejected", str(error), conflict_copy=copy)
            continue
        results[path] = BundleResult(
            path, "outdated", "", bundle.author, len(bundle.entries), conflict_copy=copy
        )
        best = newest.get(bundle.author)
        if best is None or is_newer(bundle, best[1], -1):
            newest[bundle.author] = (path, bundle)
    arriving = {
        (path.parent, conflict_base(path.name, BUNDLE_SUFFIX) or path.name)
        for path, result in results.items()
        if result.status == "waiting"
    }
    fresh = []
    for author, (path, bundle) in newest.items():
        old = stored.get(author)
        highest = journal.highest_sequence(bundle.public_key)
        copy = results[path].conflict_copy
        if old is not None and old.bundle_id == bundle.bundle_id:
            results[path] = BundleResult(
                path, "unchanged", "", author, len(bundle.entries), conflict_copy=copy
            )
        elif is_newer(bundle, old, highest):
            fresh.append(bundle)
        elif copy or (path.parent, path.name) in arriving:
            # an old conflict copy, or the file a newer one is arriving in place of: quiet
            why = f"older than the bundle from {author} already read; not read"
            results[path] = BundleResult(
                path, "outdated", why, author, len(bundle.entries), conflict_copy=copy
            )
        else:  # the newest bundle there is older than one already read: say so
            read = max(highest, old.sequence if old is not None else 0)
            results[path] = BundleResult(
                path, "stale",
                f"older than the bundle from {author} already read (number {bundle.sequence}, "
                f"read {read}); not read. If {author} set reflect up again, ask them to "
                "publish once more",
                author, len(bundle.entries), conflict_copy=copy,
            )  # fmt: skip
    replaced = set(journal.store_received(fresh)) if fresh else set()
    for bundle in fresh:
        path = Path(bundle.source)
        status: BundleStatus = "loaded" if bundle.author in replaced else "unchanged"
        results[path] = BundleResult(
            path, status, "", bundle.author, len(bundle.entries),
            conflict_copy=results[path].conflict_copy,
        )  # fmt: skip
    return InboxReport(tuple(results[path] for path in files), tuple(missing))


def _unreadable(error: OSError, path: Path) -> str:
    """Why a bundle file cannot be opened; a bundle another account wrote for its owner
    only says how the sender can let the group read it."""
    if isinstance(error, PermissionError) and not path.is_dir():
        return (
            f"cannot read {path}: permission denied (another account wrote it readable by "
            'itself only; it can set bundle_mode = "group" in its config.toml)'
        )
    return describe_os_error(error, path)


def inbox_json(
    received: Iterable[ReceivedBundle], seen: dict[str, set[str]] | None = None
) -> list[dict[str, Any]]:
    """What ``reflect inbox --json`` prints: each author's shared entries, newest first,
    and their replies to my entries; each marked ``new`` unless ``seen`` holds its id."""
    seen = seen or {}

    def new(author: str, item_id: str) -> bool:
        return item_id not in seen.get(author, set())

    return [
        {
            "author": bundle.author,
            "fingerprint": bundle.fingerprint,
            "published_at": bundle.published_at.isoformat(),
            "entries": [
                {**entry.to_dict(), "new": new(bundle.author, entry.id)} for entry in bundle.entries
            ],
            "replies": [
                {**reply.to_dict(), "new": new(bundle.author, reply.id)} for reply in bundle.replies
            ],
        }
        for bundle in received
    ]
