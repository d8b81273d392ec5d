"""An encrypted home's key, and the one place every private file is sealed and opened.

When a home is encrypted (``reflect encrypt``, see :mod:`reflect.encryption` and
docs/encryption.md), ``encryption.json`` beside the journal holds::

    {"format": "reflect-encryption", "version": 1, "kdf": "argon2id",
     "salt": "<base64>", "opslimit": int, "memlimit": int, "sealed_key": "<base64>"}

A random 32-byte *data key* encrypts every private file; the passphrase only unlocks it:
Argon2id (PyNaCl's ``pwhash.argon2id``) turns the passphrase and the salt into a key that
opens ``sealed_key`` (a ``SecretBox``). So changing the passphrase rewrites this header
alone, never the journal, and the cost of the derivation is read from the header, so a
later reflect can raise it (the next ``reflect passphrase`` writes the current default).

Nothing here is cryptography of our own: a file is sealed whole with libsodium's
XChaCha20-Poly1305 AEAD as PyNaCl binds it (``crypto_aead_xchacha20poly1305_ietf_*``: a
random 192-bit nonce each time, so nonces never need counting; the magic line as
associated data, so the format cannot be swapped). The binding rather than the
``SecretBox`` class because it makes fewer copies: sealing a 10k-entry journal costs half
as much. A file that grows by appending (the vector cache, spelling corrections) is a run
of such boxes, each prefixed with its length. Either kind starts with a magic line, so a
reader tells a sealed file from a plain one by its first bytes, and a home half way
through ``encrypt`` or ``decrypt`` still reads whole, file by file.

**Why one process-wide keyring.** Private files are written from many places (the journal,
backups, three caches, the identity), several of them deep inside code that only knows a
folder. Rather than hand a key to each, every private write goes through
:func:`seal_for` (``atomic_write`` calls it) and every private read through
:func:`read_private`; they look the file's home up in :data:`KEYRING`, which holds the
unlocked homes of this process. That makes the safe outcome the default one: a write
into an encrypted home whose key this process does not hold is refused
(:class:`~reflect.errors.Locked`), never written in plain text, whichever code path
forgot about encryption. The key lives in this process's memory only, and
:meth:`Keyring.forget` drops it (the app does when it locks itself).
"""

from __future__ import annotations

import base64
import binascii
import os
import struct
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reflect.errors import EncryptionError, Locked, TamperedFile, WrongPassphrase

HEADER_FILE = "encryption.json"
PENDING_FILE = "encryption.json.pending"
"""The header of an ``encrypt`` under way: the home counts as encrypted from the moment it
exists, so no other process writes plain text into it meanwhile."""
FORMAT = "reflect-encryption"
VERSION = 1
MAGIC = b"\x89reflect sealed 1\n"
"""First bytes of a file sealed whole. 0x89 is never the start of UTF-8 text or JSON."""
FRAMES_MAGIC = b"\x89reflect frames 1\n"
"""First bytes of a file of appended boxes (each: 4-byte big-endian length, then the box)."""
_LENGTH = struct.Struct(">I")
KEY_BYTES = 32


@dataclass(frozen=True)
class KdfCost:
    """Argon2id's work for one unlock: passes over memory, and bytes of memory."""

    opslimit: int
    memlimit: int


DEFAULT_COST = KdfCost(opslimit=3, memlimit=128 * 1024 * 1024)
"""About 0.15 s on a laptop of 2025 (``benchmarks/encryption_speed.py`` measures it): a
fraction of a second to unlock, and 128 MiB per guess for anyone trying passphrases."""
MIN_COST = KdfCost(opslimit=1, memlimit=8 * 1024)
"""libsodium's floor. Tests pass it to keep hundreds of unlocks fast; nothing a user runs
chooses it (the CLI always writes :data:`DEFAULT_COST`)."""


def passphrase_bytes(passphrase: str) -> bytes:
    """The bytes a passphrase stands for, the same however it was typed.

    NFC first, so an "é" typed as one character and one typed as "e" plus an accent
    (macOS terminals do the latter) unlock alike; then UTF-8, with ``surrogateescape`` so a
    passphrase in an environment variable that is not UTF-8 keeps its own bytes. A lone
    surrogate outside that escape range (no terminal types one, but a string can hold it)
    is kept as its code point's bytes rather than failing (hypothesis found it).
    """
    text = unicodedata.normalize("NFC", passphrase)
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def derive_key(passphrase: str, salt: bytes, cost: KdfCost) -> bytes:
    """The key-encrypting key: Argon2id of the passphrase, as PyNaCl computes it."""
    from nacl.pwhash import argon2id

    return bytes(
        argon2id.kdf(
            KEY_BYTES,
            passphrase_bytes(passphrase),
            salt,
            opslimit=cost.opslimit,
            memlimit=cost.memlimit,
        )
    )


@dataclass(frozen=True)
class Header:
    """What ``encryption.json`` holds: how to turn the passphrase into the data key."""

    salt: bytes
    cost: KdfCost
    sealed_key: bytes = field(repr=False)

    def to_bytes(self) -> bytes:
        import orjson

        return orjson.dumps(
            {
                "format": FORMAT,
                "version": VERSION,
                "kdf": "argon2id",
                "salt": base64.b64encode(self.salt).decode("ascii"),
                "opslimit": self.cost.opslimit,
                "memlimit": self.cost.memlimit,
                "sealed_key": base64.b64encode(self.sealed_key).decode("ascii"),
            },
            option=orjson.OPT_INDENT_2,
        )

    @classmethod
    def from_bytes(cls, raw: bytes, name: str) -> Header:
        """Read a header strictly; anything else is one clear error, never a guess."""
        import orjson

        problem = f"{name} is not a readable reflect encryption header; it was left untouched"
        try:
            document: Any = orjson.loads(raw)
        except orjson.JSONDecodeError:
            raise EncryptionError(problem) from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise EncryptionError(problem)
        version = document.get("version")
        if not isinstance(version, int) or isinstance(version, bool):
            raise EncryptionError(problem)
        if version > VERSION:
            raise EncryptionError(f"{name} was written by a newer reflect; upgrade to unlock it")
        ops, mem = document.get("opslimit"), document.get("memlimit")
        if document.get("kdf") != "argon2id" or not all(
            isinstance(value, int) and not isinstance(value, bool) and value > 0
            for value in (ops, mem)
        ):
            raise EncryptionError(problem)
        try:
            salt = base64.b64decode(str(document.get("salt")), validate=True)
            sealed = base64.b64decode(str(document.get("sealed_key")), validate=True)
        except (binascii.Error, ValueError):
            raise EncryptionError(problem) from None
        from nacl.pwhash import argon2id

        if len(salt) != argon2id.SALTBYTES or not sealed:
            raise EncryptionError(problem)
        return cls(salt, KdfCost(int(str(ops)), int(str(mem))), sealed)


NONCE_BYTES = 24
TAG_BYTES = 16


class Vault:
    """The unlocked data key of one home: seals and opens its files."""

    def __init__(self, key: bytes) -> None:
        if len(key) != KEY_BYTES:
            raise ValueError("a data key is 32 bytes")
        self._key = key

    def _encrypt(self, data: bytes, aad: bytes) -> bytes:
        from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_encrypt
        from nacl.utils import random

        nonce = random(NONCE_BYTES)
        return nonce + crypto_aead_xchacha20poly1305_ietf_encrypt(data, aad, nonce, self._key)

    def _decrypt(self, data: bytes, start: int, end: int, aad: bytes) -> bytes:
        """The box at ``data[start:end]`` opened (sliced once: a journal is megabytes);
        ``nacl.exceptions.CryptoError`` when it does not check out."""
        from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_decrypt
        from nacl.exceptions import CryptoError

        if end - start < NONCE_BYTES + TAG_BYTES:  # cut short: not even a nonce and a tag
            raise CryptoError("too short")
        nonce, ciphertext = data[start : start + NONCE_BYTES], data[start + NONCE_BYTES : end]
        return crypto_aead_xchacha20poly1305_ietf_decrypt(ciphertext, aad, nonce, self._key)

    def __repr__(self) -> str:
        return "Vault(<key hidden>)"

    @classmethod
    def create(cls) -> Vault:
        """A vault with a new random data key (``nacl.utils.random``)."""
        from nacl.utils import random

        return cls(random(KEY_BYTES))

    def header(self, passphrase: str, cost: KdfCost = DEFAULT_COST) -> Header:
        """A header that opens this vault with ``passphrase`` (a fresh salt each time)."""
        from nacl.pwhash import argon2id
        from nacl.secret import SecretBox
        from nacl.utils import random

        salt = random(argon2id.SALTBYTES)
        wrapping = SecretBox(derive_key(passphrase, salt, cost))
        return Header(salt, cost, bytes(wrapping.encrypt(self._key)))

    @classmethod
    def unlock(cls, header: Header, passphrase: str) -> Vault:
        """The vault a header seals, or :class:`WrongPassphrase` (the authenticated box
        around the data key is what tells a wrong passphrase: nothing else is stored)."""
        from nacl.exceptions import CryptoError
        from nacl.secret import SecretBox

        wrapping = SecretBox(derive_key(passphrase, header.salt, header.cost))
        try:
            key = wrapping.decrypt(header.sealed_key)
        except CryptoError:
            raise WrongPassphrase("wrong passphrase; nothing was changed") from None
        if len(key) != KEY_BYTES:
            raise WrongPassphrase("wrong passphrase; nothing was changed")
        return cls(key)

    def same_key(self, other: Vault) -> bool:
        import hmac

        return hmac.compare_digest(self._key, other._key)

    # -- whole files ------------------------------------------------------------------

    def seal(self, data: bytes) -> bytes:
        """``data`` as a sealed file: the magic line, then nonce and authenticated box."""
        return MAGIC + self._encrypt(data, MAGIC)

    def open(self, sealed: bytes, name: str) -> bytes:
        """What :meth:`seal` sealed (whole, or appended boxes); :class:`TamperedFile` if a
        byte changed or another key sealed it."""
        if sealed.startswith(FRAMES_MAGIC):
            return self.open_frames(sealed, name)[0]
        if not sealed.startswith(MAGIC):
            raise TamperedFile(f"{name} is not a sealed reflect file")
        from nacl.exceptions import CryptoError

        try:
            return self._decrypt(sealed, len(MAGIC), len(sealed), MAGIC)
        except CryptoError:
            raise _tampered(name) from None

    # -- appended boxes ---------------------------------------------------------------

    def frame(self, data: bytes) -> bytes:
        """One box to append to a file of boxes."""
        box = self._encrypt(data, FRAMES_MAGIC)
        return _LENGTH.pack(len(box)) + box

    def open_frames(self, sealed: bytes, name: str) -> tuple[bytes, int]:
        """The joined contents of a file of boxes, and where its last whole box ends. A box
        cut short (a kill while appending) ends the file; a box that does not open is
        :class:`TamperedFile`."""
        from nacl.exceptions import CryptoError

        parts: list[bytes] = []
        for start, end in _frames(sealed):
            try:
                parts.append(self._decrypt(sealed, start, end, FRAMES_MAGIC))
            except CryptoError:
                raise _tampered(name) from None
        whole = end if parts else len(FRAMES_MAGIC)
        return b"".join(parts), whole


def _frames(data: bytes) -> Iterator[tuple[int, int]]:
    position = len(FRAMES_MAGIC)
    while position + _LENGTH.size <= len(data):
        (length,) = _LENGTH.unpack_from(data, position)
        start, end = position + _LENGTH.size, position + _LENGTH.size + length
        if end > len(data):
            return
        yield start, end
        position = end


def frames_end(data: bytes) -> int:
    """Where the last whole box of a file of boxes ends (lengths walked, nothing opened)."""
    ends = [end for _, end in _frames(data)]
    return ends[-1] if ends else len(FRAMES_MAGIC)


def _tampered(name: str) -> TamperedFile:
    return TamperedFile(
        f"{name} was changed outside reflect or damaged (its encryption does not check out); "
        "it was left untouched: `reflect doctor` lists backups"
    )


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC) or data.startswith(FRAMES_MAGIC)


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


def is_encrypted(home: Path) -> bool:
    """Whether ``home`` is encrypted, or being encrypted (then its files may be either)."""
    return (home / HEADER_FILE).exists() or (home / PENDING_FILE).exists()


def header_path(home: Path) -> Path | None:
    """The header in force: the installed one, else that of an ``encrypt`` under way."""
    for name in (HEADER_FILE, PENDING_FILE):
        if (home / name).is_file():
            return home / name
    return None


def read_header(home: Path) -> Header:
    path = header_path(home)
    if path is None:
        raise EncryptionError(f"{home} is not encrypted")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise EncryptionError(f"cannot read {path}: {error.strerror or error}") from None
    return Header.from_bytes(raw, str(path))


class Keyring:
    """The homes this process has unlocked, each with its vault; thread-safe."""

    def __init__(self) -> None:
        self._vaults: dict[Path, Vault] = {}
        self._lock = threading.Lock()

    def add(self, home: Path, vault: Vault) -> None:
        with self._lock:
            self._vaults[_absolute(home)] = vault

    def forget(self, home: Path | None = None) -> None:
        """Drop one home's key (None: every key) from this process's memory."""
        with self._lock:
            if home is None:
                self._vaults.clear()
            else:
                self._vaults.pop(_absolute(home), None)

    def get(self, home: Path) -> Vault | None:
        with self._lock:
            return self._vaults.get(_absolute(home))

    def holding(self, path: Path) -> tuple[Path, Vault] | None:
        """The unlocked home ``path`` lies in (the deepest one), with its vault."""
        absolute = _absolute(path)
        with self._lock:
            if not self._vaults:
                return None
            for folder in absolute.parents:
                vault = self._vaults.get(folder)
                if vault is not None:
                    return folder, vault
        return None


KEYRING = Keyring()


def _encrypted_home_of(path: Path) -> Path | None:
    """The encrypted home a private file lies in, if any: private files are at most one
    folder deep (``journal.json``, ``backups/…``, ``keys/…``, ``cache/…``)."""
    absolute = _absolute(path)
    for folder in (absolute.parent, absolute.parent.parent):
        if is_encrypted(folder):
            return folder
    return None


def _locked(path: Path) -> Locked:
    return Locked(
        f"{path.name}: this journal is encrypted; unlock it with its passphrase first "
        "(the app asks for it; commands ask, or read $REFLECT_PASSPHRASE)"
    )


def vault_for(path: Path) -> Vault | None:
    """The vault to seal a private file with: None for a plain home, :class:`Locked` for an
    encrypted home this process has not unlocked (plain text is never the fallback)."""
    found = KEYRING.holding(path)
    if found is not None:
        home, vault = found
        return vault if is_encrypted(home) else None  # decrypted meanwhile: plain again
    if _encrypted_home_of(path) is not None:
        raise _locked(path)
    return None


def seal_for(path: Path, data: bytes) -> bytes:
    """The bytes to store at ``path``: sealed in an encrypted home, as they are in a plain one.

    Bytes sealed already (a backup copied from a sealed journal, or back) are stored as they
    are in an encrypted home, and opened for a plain one."""
    vault = vault_for(path)
    if is_sealed(data):
        return data if vault is not None else reveal(path, data)
    return vault.seal(data) if vault is not None else data


def reveal(path: Path, data: bytes) -> bytes:
    """The plain contents of a private file's bytes: opened if sealed, as they are if not."""
    if not is_sealed(data):
        return data
    found = KEYRING.holding(path)
    if found is None:
        raise _locked(path)
    return found[1].open(data, path.name)


def read_private(path: Path) -> bytes:
    """A private file's contents, opened if it is sealed (``OSError`` as ``read_bytes``)."""
    return reveal(path, path.read_bytes())


def append_private(path: Path, data: bytes) -> bool:
    """Append to a private file that grows (a cache), sealed when the home is encrypted.

    Returns False for a plain home: the caller appends as it always did. In an encrypted
    home the file is a run of boxes: a box cut short by a kill is dropped by the next
    append, and a file that is not yet one (plain, or sealed whole) becomes one, with its
    contents kept, in one atomic rewrite.
    """
    vault = vault_for(path)
    if vault is None:
        return False
    from reflect.storage import atomic_write

    try:
        existing = path.read_bytes()
    except FileNotFoundError:
        existing = b""
    if not existing.startswith(FRAMES_MAGIC):
        earlier = reveal(path, existing) if existing else b""
        frames = FRAMES_MAGIC + (vault.frame(earlier) if earlier else b"") + vault.frame(data)
        atomic_write(path, frames, private=False)  # sealed already
        return True
    whole = frames_end(existing)
    fd = os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    try:
        if whole != len(existing):
            os.ftruncate(fd, whole)
        os.lseek(fd, whole, os.SEEK_SET)
        os.write(fd, vault.frame(data))
        os.fsync(fd)
    finally:
        os.close(fd)
    return True
