"""Encrypting a home, changing its passphrase, decrypting it, and finishing each after a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from reflect.encryption import (
    State,
    change_passphrase,
    decrypt_home,
    encrypt_home,
    private_files,
    state,
    unlock_home,
)
from reflect.errors import EncryptionError, TamperedFile, WrongPassphrase
from reflect.journal import Journal
from reflect.paths import HomePaths
from reflect.storage import atomic_write
from reflect.vault import DEFAULT_COST as SHIPPED_COST
from reflect.vault import HEADER_FILE, KEYRING, MAGIC, PENDING_FILE, Vault, is_sealed, read_header
from tests.conftest import fixed_clock

pytestmark = pytest.mark.usefixtures("cheap_kdf")

WORDS = "zanzibar refund supervisor"


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    journal = Journal.open(home, clock=fixed_clock)
    for n in range(3):
        journal.create({"challenge": f"{WORDS} {n}", "tags": ["escalation"]})
    journal.close()
    (home / "cache").mkdir()
    (home / "cache" / "spelling.tsv").write_bytes(b"custmer\tcustomer\n")
    (home / "config.toml").write_text('theme = "nord"\n')
    return home


def _bytes(home: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(home.rglob("*")) if path.is_file()}


def test_encrypt_seals_every_private_file_and_leaves_settings_plain(tmp_path: Path) -> None:
    home = _home(tmp_path)
    done = encrypt_home(home, "pass phrase")
    assert state(home) is State.ENCRYPTED and not done.resumed
    files = private_files(home)
    assert {path.name for path in files} >= {"journal.json", "spelling.tsv"}
    assert all(path.read_bytes().startswith(MAGIC) for path in files)
    assert (home / "config.toml").read_text() == 'theme = "nord"\n'
    KEYRING.forget()
    unlock_home(home, "pass phrase")
    assert len(Journal.open(home)) == 3


def test_a_kill_during_encrypt_leaves_a_home_that_reads_and_encrypt_finishes(
    tmp_path: Path,
) -> None:
    home = _home(tmp_path)
    vault = Vault.create()  # what encrypt_home does first, then one file, then the kill
    (home / PENDING_FILE).write_bytes(vault.header("pp").to_bytes())
    journal_file = HomePaths(home).journal
    journal_file.write_bytes(vault.seal(journal_file.read_bytes()))
    assert state(home) is State.ENCRYPTING
    unlock_home(home, "pp")
    assert len(Journal.open(home)) == 3  # sealed and plain files read alike
    KEYRING.forget()
    before = _bytes(home)
    with pytest.raises(WrongPassphrase):
        encrypt_home(home, "another")
    assert _bytes(home) == before
    assert encrypt_home(home, "pp").resumed
    assert state(home) is State.ENCRYPTED and not (home / PENDING_FILE).exists()


def test_changing_the_passphrase_rewrites_the_header_alone(tmp_path: Path) -> None:
    home = _home(tmp_path)
    encrypt_home(home, "old one")
    before = {path: data for path, data in _bytes(home).items() if path.name != HEADER_FILE}
    change_passphrase(home, "old one", "nouvelle clé")
    after = {path: data for path, data in _bytes(home).items() if path.name != HEADER_FILE}
    assert after == before
    with pytest.raises(WrongPassphrase):
        unlock_home(home, "old one")
    unlock_home(home, "nouvelle clé")


def test_a_wrong_old_passphrase_changes_nothing(tmp_path: Path) -> None:
    home = _home(tmp_path)
    encrypt_home(home, "right")
    before = _bytes(home)
    with pytest.raises(WrongPassphrase):
        change_passphrase(home, "wrong", "new")
    assert _bytes(home) == before


def test_decrypt_brings_back_the_same_plain_journal(tmp_path: Path) -> None:
    home = _home(tmp_path)
    plain = (home / "journal.json").read_bytes()
    encrypt_home(home, "p")
    decrypt_home(home, "p")
    assert state(home) is State.PLAIN
    assert (home / "journal.json").read_bytes() == plain
    assert not any(is_sealed(path.read_bytes()) for path in private_files(home))


def test_decrypt_refuses_a_tampered_journal_and_changes_nothing(tmp_path: Path) -> None:
    home = _home(tmp_path)
    encrypt_home(home, "p")
    journal_file = home / "journal.json"
    damaged = bytearray(journal_file.read_bytes())
    damaged[-10] ^= 0xFF
    journal_file.write_bytes(bytes(damaged))
    before = _bytes(home)
    with pytest.raises(TamperedFile, match=r"journal\.json was changed outside reflect"):
        decrypt_home(home, "p")
    assert _bytes(home) == before


def test_a_cache_that_does_not_open_is_dropped_by_decrypt(tmp_path: Path) -> None:
    home = _home(tmp_path)
    encrypt_home(home, "p")
    cache = home / "cache" / "spelling.tsv"
    cache.write_bytes(Vault.create().seal(b"other key"))
    decrypt_home(home, "p")
    assert not cache.exists() and state(home) is State.PLAIN


def test_plain_leftovers_of_killed_writes_are_removed_before_sealing(tmp_path: Path) -> None:
    home = _home(tmp_path)
    leftover = home / f".journal.json.{'x' * 8}.tmp"
    leftover.write_text(WORDS)
    (home / "cache" / ".match-analysis.json.abc.tmp").write_text(WORDS)
    encrypt_home(home, "p")
    assert not leftover.exists()
    assert not list((home / "cache").glob(".*.tmp"))


@pytest.mark.parametrize("passphrase", ["", " padded "])
def test_a_passphrase_easy_to_get_wrong_is_refused_before_anything(
    tmp_path: Path, passphrase: str
) -> None:
    home = _home(tmp_path)
    before = _bytes(home)
    with pytest.raises(EncryptionError):
        encrypt_home(home, passphrase)
    assert _bytes(home) == before and state(home) is State.PLAIN


def test_each_step_says_when_it_does_not_apply(tmp_path: Path) -> None:
    home = _home(tmp_path)
    with pytest.raises(EncryptionError, match="not encrypted"):
        decrypt_home(home, "p")
    with pytest.raises(EncryptionError, match="not encrypted"):
        change_passphrase(home, "p", "q")
    encrypt_home(home, "p")
    with pytest.raises(EncryptionError, match="encrypted already"):
        encrypt_home(home, "p")


def test_a_plain_file_left_by_an_interrupted_decrypt_is_sealed_again(tmp_path: Path) -> None:
    home = _home(tmp_path)
    encrypt_home(home, "p")
    KEYRING.forget()
    unlock_home(home, "p")
    atomic_write(home / "cache" / "spelling.tsv", b"plain\tagain\n", private=False)
    assert state(home) is State.MIXED
    KEYRING.forget()
    assert encrypt_home(home, "p").resumed
    assert state(home) is State.ENCRYPTED


def test_a_home_a_person_encrypts_gets_the_default_cost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reflect.vault

    monkeypatch.setattr(reflect.vault, "DEFAULT_COST", SHIPPED_COST)  # as `reflect encrypt`
    home = _home(tmp_path)
    encrypt_home(home, "p")
    assert read_header(home).cost == SHIPPED_COST
    assert SHIPPED_COST.memlimit >= 64 * 1024 * 1024
