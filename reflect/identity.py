"""My identity for sharing: a handle and a PyNaCl (Curve25519) key pair.

The key pair lives in one file, ``<home>/keys/identity.json`` (folder 0700, file 0600,
written atomically), so an identity is either whole or absent. The private key never
leaves that file: nothing in reflect exports, prints or shares it. Others know me by my
public key (64 hex characters) and check it by its fingerprint (see
:func:`reflect.contacts.fingerprint`).

PyNaCl is imported when an identity is made or loaded, not when reflect starts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import orjson

from reflect.clock import Clock, system_clock
from reflect.contacts import fingerprint, key_to_text, strict_key
from reflect.errors import IdentityError, IdentityExists, InvalidEntry, NoIdentity
from reflect.model import clean_handle
from reflect.paths import DIR_MODE, HomePaths, ensure_home
from reflect.storage import atomic_write, describe_os_error, journal_lock
from reflect.vault import read_private

if TYPE_CHECKING:
    from nacl.public import PrivateKey, PublicKey

IDENTITY_FILE = "identity.json"
FORMAT_NAME = "reflect-identity"
FORMAT_VERSION = 1
SEQUENCE_FILE = "published.json"
SEQUENCE_FORMAT = "reflect-published"


@dataclass(frozen=True)
class Identity:
    """Who I am when sharing. ``private_key`` is kept out of ``repr`` so it never lands in logs."""

    handle: str
    private_key: PrivateKey = field(repr=False)

    @property
    def public_key(self) -> PublicKey:
        return self.private_key.public_key

    @property
    def public_key_bytes(self) -> bytes:
        return bytes(self.private_key.public_key)

    @property
    def public_key_text(self) -> str:
        return key_to_text(self.public_key_bytes)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key_bytes)

    def to_json(self) -> dict[str, str]:
        """What ``reflect id --json`` prints: public parts only."""
        return {
            "handle": self.handle,
            "public_key": self.public_key_text,
            "fingerprint": self.fingerprint,
        }


def identity_path(paths: HomePaths) -> Path:
    return paths.keys / IDENTITY_FILE


def has_identity(paths: HomePaths) -> bool:
    return identity_path(paths).exists()


def create_identity(paths: HomePaths, handle: str, *, clock: Clock = system_clock) -> Identity:
    """Make a new key pair for ``handle``; refuses if this home has an identity already.

    Holds the journal's write lock meanwhile, so two ``reflect id init`` never race.
    """
    from nacl.public import PrivateKey

    clean = clean_handle(handle)
    path = identity_path(paths)
    try:
        ensure_home(paths)
        with journal_lock(paths.lock):
            if path.exists():
                raise IdentityExists(
                    f"this journal already has an identity ({path}); it is kept, because "
                    "replacing it would break every contact's copy of your key"
                )
            paths.keys.mkdir(mode=DIR_MODE, exist_ok=True)
            os.chmod(paths.keys, DIR_MODE)
            identity = Identity(clean, PrivateKey.generate())
            document = {
                "format": FORMAT_NAME,
                "version": FORMAT_VERSION,
                "handle": clean,
                "public_key": identity.public_key_text,
                "private_key": bytes(identity.private_key).hex(),
                "created_at": clock().isoformat(),
            }
            atomic_write(path, orjson.dumps(document, option=orjson.OPT_INDENT_2))
    except OSError as error:
        raise IdentityError(describe_os_error(error, path)) from None
    return identity


def load_identity(paths: HomePaths) -> Identity:
    """My identity, or :class:`NoIdentity` saying how to make one."""
    from nacl.public import PrivateKey

    path = identity_path(paths)
    try:
        raw = read_private(path)
    except FileNotFoundError:
        raise NoIdentity(
            "this journal has no identity for sharing yet; "
            "`reflect id init --handle NAME` creates one"
        ) from None
    except OSError as error:
        raise IdentityError(describe_os_error(error, path)) from None
    problem = f"{path} is not a readable reflect identity; it was left untouched"
    try:
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise IdentityError(problem) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_NAME:
        raise IdentityError(problem)
    version = document.get("version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise IdentityError(f"{path} was written by a newer reflect; upgrade reflect to use it")
    secret = strict_key(document.get("private_key"))
    public = strict_key(document.get("public_key"))
    if secret is None or public is None:
        raise IdentityError(problem)
    try:
        handle = clean_handle(document.get("handle"))
    except InvalidEntry:
        raise IdentityError(problem) from None
    identity = Identity(handle, PrivateKey(secret))
    if identity.public_key_bytes != public:
        raise IdentityError(f"{path}: its public key does not belong to its private key")
    return identity


def next_sequence(paths: HomePaths) -> int:
    """The number of the next bundle I publish: one more than the last, never reused.

    Receivers order a sender's bundles by this number, never by clocks (a sender whose
    clock ran a month ahead once must not make every later bundle look old). It lives
    beside the key in ``keys/``, not in the journal, so restoring a journal backup never
    turns it back. Taken under the journal's lock, so two publishing processes never get
    the same number.
    """
    path = paths.keys / SEQUENCE_FILE
    try:
        with journal_lock(paths.lock):
            last = 0
            if path.exists():
                try:
                    document = orjson.loads(read_private(path))
                except orjson.JSONDecodeError:
                    document = None
                value = document.get("sequence") if isinstance(document, dict) else None
                if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                    raise IdentityError(
                        f"{path} is damaged; it counts the bundles you published. Delete it "
                        "only if you also ask your contacts to remove and add you again"
                    )
                last = value
            number = last + 1
            atomic_write(path, orjson.dumps({"format": SEQUENCE_FORMAT, "sequence": number}))
    except OSError as error:
        raise IdentityError(describe_os_error(error, path)) from None
    return number
