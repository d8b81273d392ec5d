"""Turning a home's private files into ciphertext and back, and changing the passphrase.

What is private (:func:`private_files`): the journal (entries, drafts, jots, contacts,
received bundles and replies all live in it), every backup, everything in ``keys/`` (the
private key, the bundle counter) and in ``cache/`` (vectors, the match analysis, spelling
corrections, the start view). What stays plain: ``config.toml`` (settings, no entry text),
``journal.lock`` (empty), ``inbox/`` (bundles as their senders wrote them, sealed to me
already) and the header itself (see docs/encryption.md).

**Crash safety.** Each step holds the journal's lock (so no reflect writes the journal or
a backup meanwhile) and changes one file at a time with ``atomic_write``, so every file is
always whole, plain or sealed, and readers tell which by its first bytes:

- ``encrypt`` first writes the header as ``encryption.json.pending``: from then on the home
  counts as encrypted (no process writes plain text into it) and the passphrase opens it.
  Then each file is sealed, then the header is renamed into place. Killed at any moment,
  the home is whole with the passphrase given; running ``reflect encrypt`` again with it
  finishes the job (``reflect doctor`` says so).
- ``passphrase`` seals the same data key under the new passphrase and replaces the header
  in one rename: the old passphrase or the new one works, never neither.
- ``decrypt`` opens each file while the header is still in place, and removes the header
  last. Killed half way, the home is still encrypted (some files already plain) and the
  passphrase still opens it; ``reflect decrypt`` again finishes.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from reflect import vault as vault_module
from reflect.backups import remove_leftovers
from reflect.errors import EncryptionError, JournalError
from reflect.paths import HomePaths, ensure_home
from reflect.storage import atomic_write, describe_os_error, journal_lock
from reflect.vault import (
    HEADER_FILE,
    KEYRING,
    PENDING_FILE,
    KdfCost,
    Vault,
    is_sealed,
    read_header,
)

PLAIN_AT_TOP = frozenset(("config.toml", "journal.lock", HEADER_FILE, PENDING_FILE))
"""Files at the top of a home that stay plain: settings, the empty lock, the header."""
PRIVATE_FOLDERS = ("backups", "keys", "cache")

Progress = Callable[[int, int], None]
"""(files done, files in all): a long conversion can say how far it is."""


class State(Enum):
    PLAIN = "plain"
    ENCRYPTED = "encrypted"
    ENCRYPTING = "encrypting"
    """``encrypt`` was interrupted: its header is pending, files may be either."""
    MIXED = "mixed"
    """Encrypted, but some private files are plain (``encrypt`` or ``decrypt`` was
    interrupted); the passphrase reads them all."""


def _is_leftover(path: Path) -> bool:
    """A temporary file of a write killed half way (``atomic_write``'s names)."""
    return path.name.startswith(".") and path.name.endswith(".tmp")


def _walk(home: Path) -> Iterator[Path]:
    if not home.is_dir():
        return
    for path in sorted(home.iterdir()):
        if path.is_file() and path.name not in PLAIN_AT_TOP:
            yield path
    for name in PRIVATE_FOLDERS:
        folder = home / name
        if folder.is_dir():
            yield from sorted(path for path in folder.rglob("*") if path.is_file())


def private_files(home: Path) -> list[Path]:
    """Every file of ``home`` that encryption covers (leftovers of killed writes aside)."""
    return [path for path in _walk(home) if not _is_leftover(path)]


def _first_bytes(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(32)


def plain_files(home: Path) -> list[Path]:
    """The private files of ``home`` that are not sealed (in an encrypted home: none, once
    every conversion has finished). Reads a few bytes of each."""
    found = []
    for path in private_files(home):
        with contextlib.suppress(OSError):
            head = _first_bytes(path)
            if head and not is_sealed(head):
                found.append(path)
    return found


def state(home: Path) -> State:
    """Where ``home`` stands (for ``doctor`` and for each command below)."""
    if (home / PENDING_FILE).exists():
        return State.ENCRYPTING
    if not (home / HEADER_FILE).exists():
        return State.PLAIN
    return State.MIXED if plain_files(home) else State.ENCRYPTED


ALREADY_ENCRYPTED = "this journal is encrypted already; `reflect passphrase` changes its passphrase"
NOT_ENCRYPTED = "this journal is not encrypted; `reflect encrypt` encrypts it"
INTERRUPTED = (
    "encrypting this journal was interrupted; `reflect encrypt` with the same passphrase "
    "finishes it first"
)


def refuse_unless(home: Path, *allowed: State) -> State:
    """The home's state if it is one of ``allowed``, else the one line that says why not
    (asked before any passphrase is, so nobody types one for nothing)."""
    current = state(home)
    if current not in allowed:
        message = {State.ENCRYPTED: ALREADY_ENCRYPTED, State.PLAIN: NOT_ENCRYPTED}
        raise EncryptionError(message.get(current, INTERRUPTED))
    return current


def unlock_home(home: Path, passphrase: str) -> Vault:
    """Check ``passphrase`` against the home's header and keep its key in this process
    (:data:`~reflect.vault.KEYRING`) until it ends or :func:`lock_home` is called."""
    vault = Vault.unlock(read_header(home), passphrase)
    KEYRING.add(home, vault)
    return vault


def lock_home(home: Path) -> None:
    """Forget the home's key: its files cannot be read or written again until unlocked."""
    KEYRING.forget(home)


def check_new_passphrase(passphrase: str) -> None:
    if not passphrase:
        raise EncryptionError("the passphrase is empty; choose one you can remember")
    if passphrase != passphrase.strip():
        raise EncryptionError(
            "the passphrase starts or ends with a space, which is easy to miss when typing "
            "it again; choose one without"
        )


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _convert(home: Path, files: list[Path], change: Callable[[bytes], bytes | None],
             progress: Progress | None) -> int:  # fmt: skip
    """Rewrite each file whose bytes ``change`` maps to new bytes (None: leave it)."""
    done = 0
    for number, path in enumerate(files, start=1):
        try:
            data = path.read_bytes()
            new = change(data)
            if new is not None:
                atomic_write(path, new, private=False)  # ``change`` sealed or opened it
                done += 1
        except FileNotFoundError:
            pass  # a cache file replaced meanwhile: it is made again as it should be
        except OSError as error:
            raise JournalError(describe_os_error(error, path)) from None
        if progress is not None:
            progress(number, len(files))
    return done


def _remove_all_leftovers(paths: HomePaths) -> None:
    """Temporary files of killed writes may hold plain text: they go before sealing."""
    remove_leftovers(paths)
    for path in _walk(paths.home):
        if _is_leftover(path):
            with contextlib.suppress(OSError):
                path.unlink()


@dataclass(frozen=True)
class Conversion:
    """What a step did: files rewritten, and whether it finished one started before."""

    files: int
    resumed: bool


def encrypt_home(
    home: Path, passphrase: str, *, cost: KdfCost | None = None,
    progress: Progress | None = None,
) -> Conversion:  # fmt: skip
    """Seal every private file of ``home`` under a new data key that ``passphrase`` unlocks.

    Finishes an interrupted ``encrypt`` (or ``decrypt``) when given its passphrase;
    refuses a home that is encrypted already (``change_passphrase`` is for that).
    ``cost`` is the Argon2id work recorded in the header (default: the current
    :data:`~reflect.vault.DEFAULT_COST`)."""
    paths = HomePaths(home)
    try:
        ensure_home(paths)
    except OSError as error:
        raise JournalError(describe_os_error(error, home)) from None
    with journal_lock(paths.lock):
        current = refuse_unless(home, State.PLAIN, State.ENCRYPTING, State.MIXED)
        resumed = current is not State.PLAIN
        if resumed:
            vault = unlock_home(home, passphrase)
        else:
            check_new_passphrase(passphrase)
            vault = Vault.create()
            header = vault.header(passphrase, cost or vault_module.DEFAULT_COST)
            atomic_write(home / PENDING_FILE, header.to_bytes(),
                         private=False)  # fmt: skip
            KEYRING.add(home, vault)
        _remove_all_leftovers(paths)

        def seal(data: bytes) -> bytes | None:
            return None if is_sealed(data) else vault.seal(data)

        done = _convert(home, private_files(home), seal, progress)
        if (home / PENDING_FILE).exists():
            os.replace(home / PENDING_FILE, home / HEADER_FILE)
            _fsync_folder(home)
    return Conversion(done, resumed)


def change_passphrase(home: Path, old: str, new: str, *, cost: KdfCost | None = None) -> None:
    """Seal the same data key under ``new``: one atomic rewrite of the header, no file
    touched. ``cost`` is the Argon2id work to record (the current default, so a home
    encrypted by an older reflect gets the stronger setting)."""
    paths = HomePaths(home)
    with journal_lock(paths.lock):
        refuse_unless(home, State.ENCRYPTED, State.MIXED)
        vault = unlock_home(home, old)
        check_new_passphrase(new)
        header = vault.header(new, cost or vault_module.DEFAULT_COST)
        atomic_write(home / HEADER_FILE, header.to_bytes(), private=False)


def _checked(home: Path, vault: Vault, files: list[Path]) -> list[Path]:
    """Every sealed file opened once before any is written, so that a tampered one stops a
    decrypt with the home as it was, not half way. A cache that does not open is derived
    data: it is removed (made again later) rather than stopping anything."""
    cache = HomePaths(home).cache
    kept = []
    for path in files:
        try:
            data = path.read_bytes()
            if is_sealed(data):
                vault.open(data, str(path.relative_to(home)))
        except FileNotFoundError:
            continue
        except OSError as error:
            raise JournalError(describe_os_error(error, path)) from None
        except EncryptionError:
            if cache not in path.parents:
                raise
            path.unlink(missing_ok=True)
            continue
        kept.append(path)
    return kept


def decrypt_home(home: Path, passphrase: str, *, progress: Progress | None = None) -> Conversion:
    """Open every sealed file of ``home`` back into plain text, then remove the header."""
    paths = HomePaths(home)
    with journal_lock(paths.lock):
        current = refuse_unless(home, State.ENCRYPTED, State.ENCRYPTING, State.MIXED)
        vault = unlock_home(home, passphrase)
        files = _checked(home, vault, private_files(home))
        done = _convert(home, files,
                        lambda data: vault.open(data, "file") if is_sealed(data) else None,
                        progress)  # fmt: skip
        for name in (HEADER_FILE, PENDING_FILE):
            (home / name).unlink(missing_ok=True)
        _fsync_folder(home)
        lock_home(home)
    return Conversion(done, current is State.MIXED)
