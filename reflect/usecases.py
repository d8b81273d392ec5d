"""What a person can do with a journal, written once for both faces.

The command line and the app each turn a keystroke or an option into one call here, and
turn what comes back into words. The rules that must hold whoever asks live here: a
reflection has something in it and is not dated in the future, an entry is shared only with
known contacts, an import with an invalid item writes nothing, a save or a delete that
changes what a contact may read reaches their copy at once. Nothing here prints or
prompts: each use case takes what it needs and returns values, or raises a typed error
from :mod:`reflect.errors`.

Heavy modules (sharing's cryptography, matching, the meaning model, the summary) are
imported inside the use cases that need them, so importing this module stays cheap.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reflect.errors import FormatError, InvalidEntry
from reflect.journal import Journal, MyReply
from reflect.model import TEXT_FIELDS, Entry
from reflect.storage import describe_os_error

if TYPE_CHECKING:
    from reflect.config import Config
    from reflect.contacts import Contact, ReceivedBundle
    from reflect.drafts import Draft
    from reflect.formats.imported import LoadedImport
    from reflect.importing import ImportPlan
    from reflect.invite import Invite
    from reflect.journal import ImportReport
    from reflect.match import Match, MatchIndex
    from reflect.meaning import MeaningSearch
    from reflect.paths import HomePaths
    from reflect.sharing import BundleStamp, InboxReport, PublishReport, PublishResult
    from reflect.summary import Summary
    from reflect.summary.year import YearSummary


class NothingToSave(InvalidEntry):
    """A reflection with no text in it: there is nothing to keep."""


class FutureDay(InvalidEntry):
    """A reflection dated after today: a shift cannot be reflected on before it happens."""


class ImportRefused(FormatError):
    """A file holds items that are not valid entries: nothing of it is written."""

    def __init__(self, message: str, plan: ImportPlan) -> None:
        super().__init__(message)
        self.plan = plan


# -- saving -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Saved:
    """An entry written, and what was published because of it.

    ``published`` is None when nothing needed publishing (a private entry, or no identity
    yet); ``publish_error`` says why publishing failed after the entry itself was kept.
    """

    entry: Entry
    published: PublishReport | None = None
    publish_error: str | None = None


def save_entry(
    journal: Journal,
    fields: Mapping[str, Any],
    *,
    day: date,
    share_with: Sequence[str] = (),
) -> Saved:
    """Write a new reflection for ``day`` and publish it to the contacts it is shared with.

    Refused before anything is written: no text at all (:class:`NothingToSave`), a day after
    today (:class:`FutureDay`), a reader who is not a contact (a typo must not pass).
    """
    texts = [str(fields.get(name) or "") for name in (*TEXT_FIELDS, "note")]
    if not any(text.strip() for text in texts):
        raise NothingToSave("nothing to save: write at least one of the four steps")
    # the calendar's day, not the shift's: an early shift may begin before day_starts_at
    if day > journal.clock().date():
        raise FutureDay(f"{day.isoformat()} is in the future")
    for handle in share_with:
        journal.contact(handle)  # raises ContactNotFound
    entry = journal.create({**fields, "shared_with": list(share_with)}, shift_date=day)
    return _published(journal, entry, entry.shared_with)


def commit_reflection(journal: Journal, draft: Draft) -> Saved:
    """Turn the reflection being written (or the edit of an entry) into an entry, drop the
    draft, and publish to its readers: the end of the app's Reflect flow."""
    if draft.is_empty:
        raise NothingToSave("nothing to save yet: write at least one of the four steps")
    if draft.shift_date > journal.clock().date():
        raise FutureDay(f"{draft.shift_date.isoformat()} is in the future")
    entry = journal.commit_draft(draft)
    return _published(journal, entry, entry.shared_with)


def _published(journal: Journal, entry: Entry, handles: Iterable[str]) -> Saved:
    """Publish after a write to the known contacts among ``handles``, whose folder can be
    reached now; the write stands whatever publishing does."""
    readers = list(handles)
    if not readers:
        return Saved(entry)  # private: nothing to publish, and sharing is not even loaded
    from reflect.errors import ReflectError
    from reflect.sharing import publish_on_save

    known = {contact.handle for contact in journal.contacts()}
    wanted = [handle for handle in readers if handle in known]
    if not wanted:
        return Saved(entry)
    try:
        return Saved(entry, publish_on_save(journal, wanted))
    except ReflectError as error:
        return Saved(entry, None, str(error))


# -- deleting and sharing -----------------------------------------------------------------


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
    from reflect.sharing import publish_on_save

    entry = journal.delete(entry_id)
    known = {contact.handle for contact in journal.contacts()}
    readers = [handle for handle in entry.shared_with if handle in known]
    return Deleted(entry, publish_on_save(journal, readers) if readers else None)


@dataclass(frozen=True)
class Readers:
    """Who may read an entry after a change, and what was published to those it changed for."""

    entry: Entry
    published: PublishReport | None = None

    @property
    def reached(self) -> tuple[str, ...]:
        """Contacts whose copy already shows the change."""
        return tuple(result.contact for result in self.published.written) if self.published else ()


def change_readers(
    journal: Journal,
    entry_id: str,
    *,
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
    allow_details: bool | None = None,
    publish: bool = True,
) -> Readers:
    """Share an entry with ``add`` and stop sharing it with ``remove``; then, unless
    ``publish`` is false, rewrite the copies of the contacts it changed for whose folder
    can be reached now (the others hear of it at the next ``reflect publish``).

    ``allow_details`` is :meth:`Journal.share`'s: let customer details travel with it.
    """
    from reflect.sharing import publish_on_save

    entry = journal.get(entry_id)
    changed: list[str] = []
    for handle in sorted(set(add)):
        entry = journal.share(entry.id, handle, allow_details=allow_details)
        changed.append(handle.strip().lower())
    for handle in sorted(set(remove)):
        entry = journal.unshare(entry.id, handle)
        changed.append(handle.strip().lower())
    if not publish:
        return Readers(entry)
    known = {contact.handle for contact in journal.contacts()}
    wanted = [handle for handle in changed if handle in known]
    return Readers(entry, publish_on_save(journal, wanted) if wanted else None)


# -- replies ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Replied:
    """A reply written (or withdrawn), and the bundle rewritten for its author."""

    reply: MyReply
    published: PublishReport | None
    """None: no identity yet, or the author's folder cannot be reached now."""
    redacted: tuple[str, ...] = ()
    """The kinds of customer detail replaced with labels ("card number", ...)."""

    @property
    def reached(self) -> bool:
        return bool(self.published and self.published.written)


def reply_to(journal: Journal, entry_id: str, text: str) -> Replied:
    """Answer an entry someone shared with me; it goes back in my next bundle to them,
    written now if their folder can be reached. Customer details are replaced first."""
    from reflect.privacy import find_details
    from reflect.sharing import publish_on_save

    found = sorted({finding.label.strip("[]") for finding in find_details(text)})
    mine = journal.reply(entry_id, text)
    return Replied(mine, publish_on_save(journal, [mine.to]), tuple(found))


def withdraw_reply(journal: Journal, reply_id: str) -> Replied:
    """Delete a reply of mine and rewrite the bundle to its author without it."""
    from reflect.sharing import publish_on_save

    mine = journal.delete_reply(reply_id)
    return Replied(mine, publish_on_save(journal, [mine.to]))


# -- contacts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Removed:
    """A contact forgotten: how many of my entries they could read, and what was written
    to their folder to empty their copy (None: no bundle of mine was there, or no identity)."""

    contact: Contact
    unshared: int
    emptied: PublishResult | None


def remove_contact(journal: Journal, handle: str) -> Removed:
    """Forget a contact: my entries stop being shared with them (their copy is emptied
    first, when I have an identity) and what they shared with me is dropped."""
    from reflect.identity import has_identity, load_identity
    from reflect.sharing import empty_copy

    contact = journal.contact(handle)
    unshared = len(journal.entries_shared_with(contact.handle))
    emptied = None
    if has_identity(journal.paths):
        emptied = empty_copy(journal, load_identity(journal.paths), contact)
    journal.remove_contact(contact.handle)
    return Removed(contact, unshared, emptied)


@dataclass(frozen=True)
class Added:
    """A contact added, or given a new key or folder, and the check words to read to them.

    ``previous`` is the contact as it was before (None: a new one); ``words`` are None
    while this home has no identity (check words need both keys); ``published`` is the
    bundle sealed again for a new key; ``invite`` the code the contact came from."""

    contact: Contact
    previous: Contact | None = None
    words: tuple[str, ...] | None = None
    published: PublishReport | None = None
    invite: Invite | None = None

    @property
    def new_key(self) -> bool:
        return self.previous is not None and self.previous.public_key != self.contact.public_key

    @property
    def same_key(self) -> bool:
        """The contact was known already, with this very key."""
        return self.previous is not None and self.previous.public_key == self.contact.public_key


def my_key(journal: Journal) -> bytes | None:
    """My public key, or None without a readable identity (``reflect id`` says what is wrong)."""
    from reflect.errors import IdentityError
    from reflect.identity import has_identity, load_identity

    if not has_identity(journal.paths):
        return None
    try:
        return load_identity(journal.paths).public_key_bytes
    except IdentityError:
        return None


def words_with(
    journal: Journal, contact: Contact, mine: bytes | None = None
) -> tuple[str, ...] | None:
    """The check words for me and ``contact`` (None without an identity)."""
    from reflect.check_words import check_words

    key = mine if mine is not None else my_key(journal)
    return check_words(key, contact.public_key) if key is not None else None


def add_contact(journal: Journal, contact: Contact, *, replace: bool = False) -> Added:
    """Add someone to share with or receive from. With ``replace``, give a known contact a
    new key or folder (``contact.folder`` None keeps the folder they had), sealing my
    bundle for them again when the key changed."""
    if not replace:
        added = journal.add_contact(contact)
        return Added(added, None, words_with(journal, added))
    old = journal.contact(contact.handle)
    if contact.folder is None:
        contact = dataclasses.replace(contact, folder=old.folder)
    new, report = replace_contact(journal, contact)
    return Added(new, old, words_with(journal, new), report)


def add_from_invite(
    journal: Journal, code: str, *, folder: Path | None = None, replace: bool = False
) -> Added:
    """Add the person whose invite code this is (:mod:`reflect.invite`), with ``folder``
    (mine, for them). Nothing is written for a code that cannot be read, for my own code,
    or for a known contact's new key without ``replace``. The same code twice changes
    nothing (but a ``folder`` given)."""
    from reflect.errors import InvalidInvite
    from reflect.invite import parse_invite

    invite = parse_invite(code)
    mine = my_key(journal)
    if mine is not None and mine == invite.public_key:
        raise InvalidInvite(
            "that is your own invite code: send it to the person you pair with, and add "
            "the one they send you"
        )
    known = {contact.handle: contact for contact in journal.contacts()}
    before = known.get(invite.handle)
    if before is not None and before.public_key == invite.public_key:
        after = before if folder is None else journal.set_contact_folder(before.handle, folder)
        return Added(after, before, words_with(journal, after, mine), None, invite)
    # replace only what is there: the handle comes from the code, not from a typo
    added = add_contact(journal, invite.contact(folder), replace=replace and before is not None)
    return dataclasses.replace(added, invite=invite)


def invite_for(paths: HomePaths, folder: str | None = None, *, home_folder: Path) -> str:
    """My invite code, naming ``folder`` (shortened to ``~/...`` inside ``home_folder``,
    the person's own home folder); :class:`~reflect.errors.NoIdentity` says how to make
    an identity first."""
    from reflect.identity import load_identity
    from reflect.invite import folder_hint, invite_code

    me = load_identity(paths)
    hint = folder_hint(folder, home_folder) if folder is not None else None
    return invite_code(me.handle, me.public_key_bytes, hint)


@dataclass(frozen=True)
class ContactView:
    """A contact as the Contacts screen and ``reflect contact list`` show it."""

    contact: Contact
    words: tuple[str, ...] | None
    """None while this home has no identity."""
    received: ReceivedBundle | None
    """Their latest bundle read (None: nothing from them yet)."""


def contacts_overview(journal: Journal) -> list[ContactView]:
    """Every contact with our check words and what they sent, by handle."""
    mine = my_key(journal)
    received = {bundle.author: bundle for bundle in journal.received()}
    return [
        ContactView(contact, words_with(journal, contact, mine) if mine else None,
                    received.get(contact.handle))
        for contact in journal.contacts()
    ]  # fmt: skip


def replace_contact(journal: Journal, contact: Contact) -> tuple[Contact, PublishReport | None]:
    """Give a known contact a new key or folder. With a new key, my bundle for them is
    sealed again at once when I have an identity: a bundle sealed for an old key must not
    outlive it."""
    from reflect.identity import has_identity, load_identity
    from reflect.sharing import publish

    old = journal.contact(contact.handle)
    new = journal.add_contact(contact, replace=True)
    if old.public_key == new.public_key or not has_identity(journal.paths):
        return new, None
    return new, publish(journal, load_identity(journal.paths), to=new.handle)


# -- the inbox ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Inbox:
    """What mentors shared with me, after reading the bundles waiting in my folders.

    ``report`` says what became of each bundle file; None when this home has no identity
    yet (nothing can be addressed to it, so nothing was read)."""

    report: InboxReport | None
    received: list[ReceivedBundle]


def shared_folders(journal: Journal) -> list[Path]:
    """The folders I share with my contacts. Each works both ways: my bundles for a
    contact are written to theirs, and theirs for me are read from it."""
    return [contact.folder for contact in journal.contacts() if contact.folder is not None]


def check_inbox(journal: Journal, config: Config, *, need_identity: bool = False) -> Inbox:
    """Read new bundles from ``<home>/inbox``, the folders shared with contacts and the
    config's inbox folders, then list everything received. Without an identity,
    ``need_identity`` raises :class:`~reflect.errors.NoIdentity`; otherwise what was
    received before is listed."""
    from reflect.identity import has_identity, load_identity
    from reflect.sharing import receive

    report = None
    if need_identity or has_identity(journal.paths):
        report = receive(
            journal,
            load_identity(journal.paths),
            config.inbox_folders,
            shared=shared_folders(journal),
        )
    return Inbox(report, journal.received())


def inbox_stamps(journal: Journal, config: Config) -> frozenset[BundleStamp]:
    """The bundle files of the folders :func:`check_inbox` reads, as they look now (see
    :func:`reflect.sharing.bundle_stamps`): compare two looks to know whether to read."""
    from reflect.sharing import bundle_stamps

    return bundle_stamps([journal.paths.inbox, *config.inbox_folders, *shared_folders(journal)])


# -- finding similar entries --------------------------------------------------------------


@dataclass(frozen=True)
class Similar:
    """Past entries that fit a struggle, best first. ``meaning_problem`` says why meaning
    could not be used (the matches then come from words and themes alone)."""

    matches: list[Match]
    meaning_problem: str | None = None


def find_similar(
    index: MatchIndex,
    text: str,
    *,
    limit: int = 3,
    today: date,
    meaning: MeaningSearch | None = None,
    editing: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    read_missing: bool = False,
) -> Similar:
    """Rank ``index`` for ``text`` by words, themes and, with ``meaning``, closeness in
    meaning; by words and themes when the model cannot be used. ``editing`` is left out
    (the entry being written). ``read_missing`` first reads what entries that have no
    vector yet mean (a fresh process), telling ``progress`` how far it has come."""
    from reflect.meaning import MeaningUnavailable

    problem = None
    if meaning is not None:
        try:
            meaning.prepare()
            if read_missing:
                meaning.embed_missing(index, progress=progress)
            return Similar(meaning.search(index, text, limit, editing, today=today))
        except MeaningUnavailable as error:
            problem = str(error)
    return Similar(index.search(text, limit, editing, today=today), problem)


# -- the month ----------------------------------------------------------------------------


def year_summary(journal: Journal, config: Config, year: int) -> YearSummary:
    """A year in review: month by month, its themes, tags and the lessons that came back,
    counted like each month's own summary. Only the year's entries are built; streaks are
    counted on the days every entry is filed under."""
    from reflect.summary import DaysOff
    from reflect.summary.year import summarize_year

    today, days_off = journal.clock().date(), DaysOff.from_config(config)
    if not 1 <= year <= 9999:  # summarize_year says what is wrong
        return summarize_year([], year, today=today, days_off=days_off)
    return summarize_year(
        journal.entries(start=date(year, 1, 1), end=date(year, 12, 31)),
        year,
        today=today,
        days_off=days_off,
        reflected_days=_days(journal.days()),
    )


@dataclass(frozen=True)
class WrittenFile:
    """Where a file was written, and whether it replaced one that was there."""

    path: Path
    replaced: bool


def write_summary(
    homes: Iterable[Path], target: str | Path, summary: Summary | YearSummary, fmt: str
) -> WrittenFile:
    """Write ``summary`` in the summary format ``fmt`` ("html", "md", ...) to ``target``
    (``~`` is the user's home folder), atomically and readable by its owner only.

    Never inside one of ``homes`` (reflect's homes: the journal, keys and settings live
    there), never over a folder, never into a folder that does not exist. Every refusal
    and failure is an :class:`~reflect.errors.OutputError` with one line to show."""
    from reflect.errors import OutputError
    from reflect.formats import registry
    from reflect.storage import atomic_write

    text = str(target).strip()
    if not text:
        raise OutputError("no file name given: type where the summary should go")
    try:
        path = Path(text).expanduser().resolve()
    except (OSError, RuntimeError, ValueError) as error:
        raise OutputError(f"cannot use {text!r} as a file name: {error}") from None
    for home in homes:
        home = home.expanduser().resolve()
        if path == home or home in path.parents:
            raise OutputError(
                f"{path} is inside reflect's home ({home}), where the journal, keys and "
                "settings live; choose a file outside it"
            )
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name")
    if not path.parent.is_dir():
        raise OutputError(f"the folder {path.parent} does not exist")
    data = registry.summary_format(fmt).render(summary).encode("utf-8")
    replaced = path.exists()
    try:
        atomic_write(path, data, private=False)  # a summary leaves the home on purpose
    except OSError as error:
        raise OutputError(describe_os_error(error, path)) from None
    return WrittenFile(path, replaced)


def month_summary(journal: Journal, config: Config, year: int, month: int) -> Summary:
    """A month's gratitude, kindness, lessons, mood and streaks, with the days off the
    person set counted as such. Only the entries of this month and the one before are
    built; streaks are counted on the days every entry is filed under."""
    from reflect.dates import month_bounds
    from reflect.summary import DaysOff, summarize_month

    today, days_off = journal.today(), DaysOff.from_config(config)
    if not (1 <= month <= 12 and 1 <= year <= 9999):  # summarize_month says what is wrong
        return summarize_month([], year, month, today=today, days_off=days_off)
    start, end = month_bounds(year, month)
    if start > date.min:
        before = start - timedelta(days=1)
        start = month_bounds(before.year, before.month)[0]
    return summarize_month(
        journal.entries(start=start, end=end),
        year,
        month,
        today=today,
        days_off=days_off,
        reflected_days=_days(journal.days()),
    )


def _days(names: Iterable[str]) -> Iterator[date]:
    """The days among ``names`` that are ISO days (a damaged document may hold anything)."""
    for name in names:
        try:
            yield date.fromisoformat(name)
        except ValueError:
            continue


# -- importing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedImport:
    """A file read and judged by the import rules, before anything is written."""

    loaded: LoadedImport
    plan: ImportPlan


def plan_file_import(
    path: Path,
    *,
    today: date,
    source: str | None = None,
    time_format: str | None = None,
    keep_sharing: bool = False,
    dry_run: bool = False,
) -> PlannedImport:
    """Read ``path`` (its format recognised, or ``source``) and apply the import rules.

    Unless ``dry_run``, a file with any invalid item is refused whole
    (:class:`ImportRefused`): an import adds everything or nothing.
    """
    from reflect.formats.detect import load_import
    from reflect.importing import plan_import

    if not path.exists():
        raise FormatError(f"cannot use {path}: no such file")
    try:
        loaded = load_import(path, path.name, source, time_format=time_format)
    except OSError as error:
        raise FormatError(describe_os_error(error, path)) from None
    plan = plan_import(loaded.entries, loaded.rejected, today=today, keep_sharing=keep_sharing)
    if plan.rejected and not dry_run:
        raise ImportRefused(
            f"import refused, nothing written: {len(plan.rejected)} item(s) in {path.name} "
            f"are not valid entries ({plan.rejected[0].describe()})",
            plan,
        )
    return PlannedImport(loaded, plan)


def import_planned(
    journal: Journal,
    planned: PlannedImport,
    *,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Add the entries of a planned import whose ids are new (one backup, one write)."""
    return journal.import_entries(planned.plan.entries, dry_run=dry_run, progress=progress)
