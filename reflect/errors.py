"""Typed errors of the core.

The core never prints: it raises one of these, and each face (CLI, TUI) turns it into
a one-line message. Every message is written to stand on its own in a terminal.
"""


class ReflectError(Exception):
    """Base of every error the core raises on purpose."""


class InvalidEntry(ReflectError):
    """An entry (or its input) breaks a rule of the data model."""


class DateParseError(ReflectError, ValueError):
    """A date or period that cannot be read."""


class EntryNotFound(ReflectError):
    """No entry has the id that was asked for."""


class AmbiguousId(EntryNotFound):
    """The start of an id that several entries share: it names no one of them.

    ``matches`` is how many entries start with it, ``needed`` how many characters of an
    id tell each of those apart (more than the longest has, when some differ only in
    case: then only the whole id, as written, does)."""

    def __init__(self, message: str, *, matches: int, needed: int) -> None:
        super().__init__(message)
        self.matches = matches
        self.needed = needed


class JournalError(ReflectError):
    """The journal cannot be read or written (permissions, a directory in the way, ...)."""


class JournalCorrupt(JournalError):
    """The journal file exists but does not parse; it is kept untouched."""


class JournalBusy(JournalError):
    """Another running copy of reflect holds the journal's write lock for too long."""


class FormatError(ReflectError):
    """A file given to import (or a bundle) is not in the expected format."""


class IdentityError(ReflectError):
    """My sharing identity (handle and key pair in ``keys/``) cannot be made or read."""


class NoIdentity(IdentityError):
    """Sharing needs an identity and this home has none yet."""


class IdentityExists(IdentityError):
    """An identity exists already; replacing it would orphan every contact's copy of my key."""


class ContactError(ReflectError):
    """A contact cannot be added, found or used."""


class InvalidKey(ContactError):
    """A public key that is not 32 bytes written as 64 hex characters."""


class ContactNotFound(ContactError):
    """No contact has the handle that was asked for."""


class ContactExists(ContactError):
    """A contact with that handle (or that key) is known already."""


class BundleError(FormatError):
    """A share bundle cannot be read: damaged, altered, not for me, or from an unknown key."""


class OutputError(ReflectError):
    """A file cannot be written where it was asked for (inside reflect's home, a folder,
    a folder that does not exist, no permission)."""


class InvalidInvite(ContactError):
    """An invite code that cannot be read: damaged on the way, from a newer reflect, or
    not an invite code at all. Nothing is written."""


class EncryptionError(ReflectError):
    """An encrypted home cannot be unlocked, converted or read (see ``reflect.vault``)."""


class WrongPassphrase(EncryptionError):
    """The passphrase does not open the home's data key. Nothing was changed."""


class Locked(EncryptionError, JournalError):
    """A private file of an encrypted home was asked for before its passphrase was given.

    A :class:`JournalError` too, so every place that reports an unreadable journal reports
    this one the same way."""


class TamperedFile(EncryptionError, JournalCorrupt):
    """A sealed file whose authentication fails: changed by someone, damaged, or sealed with
    another key. It is refused whole, never read in part, and left untouched."""
