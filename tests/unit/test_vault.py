"""The vault: sealing and opening files, the header, passphrases, and the keyring's refusals."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reflect.errors import EncryptionError, Locked, TamperedFile, WrongPassphrase
from reflect.storage import atomic_write
from reflect.vault import (
    FRAMES_MAGIC,
    HEADER_FILE,
    KEYRING,
    MAGIC,
    MIN_COST,
    Header,
    Vault,
    append_private,
    is_sealed,
    read_private,
)

TEXT = b"A caller shouted about a refund that was three weeks late."


def test_a_sealed_file_opens_to_what_was_sealed_and_shows_none_of_it() -> None:
    vault = Vault.create()
    sealed = vault.seal(TEXT)
    assert sealed.startswith(MAGIC) and is_sealed(sealed)
    assert b"refund" not in sealed
    assert vault.open(sealed, "journal.json") == TEXT
    assert vault.seal(TEXT) != sealed  # a fresh nonce every time


def test_every_changed_byte_is_refused_whole_with_one_clear_line() -> None:
    vault = Vault.create()
    sealed = vault.seal(TEXT)
    for position in range(len(MAGIC), len(sealed)):
        changed = bytearray(sealed)
        changed[position] ^= 0x01
        with pytest.raises(TamperedFile, match="changed outside reflect or damaged"):
            vault.open(bytes(changed), "journal.json")
    for length in (len(MAGIC), len(MAGIC) + 5, len(MAGIC) + 30, len(sealed) - 1):
        with pytest.raises(TamperedFile):
            vault.open(sealed[:length], "journal.json")  # cut short anywhere


def test_another_key_cannot_open_it() -> None:
    with pytest.raises(TamperedFile):
        Vault.create().open(Vault.create().seal(TEXT), "journal.json")


def test_appended_boxes_read_as_one_file_and_a_box_cut_short_is_dropped() -> None:
    vault = Vault.create()
    data = FRAMES_MAGIC + vault.frame(b"one ") + vault.frame(b"two ")
    assert vault.open(data, "cache") == b"one two "
    cut = data + vault.frame(b"three")[:-5]  # a kill while appending
    assert vault.open_frames(cut, "cache") == (b"one two ", len(data))


def test_the_header_round_trips_and_the_passphrase_opens_the_same_key() -> None:
    vault = Vault.create()
    header = vault.header("correct horse", MIN_COST)
    again = Header.from_bytes(header.to_bytes(), HEADER_FILE)
    assert again == header
    assert Vault.unlock(again, "correct horse").same_key(vault)
    with pytest.raises(WrongPassphrase, match="wrong passphrase"):
        Vault.unlock(again, "correct horse ")


@pytest.mark.parametrize(
    "raw",
    [b"", b"{}", b"[1]", b'{"format":"reflect-encryption","version":1}', b"\xff"],
)
def test_a_header_that_is_not_one_is_one_clear_error(raw: bytes) -> None:
    with pytest.raises(EncryptionError, match="not a readable reflect encryption header"):
        Header.from_bytes(raw, HEADER_FILE)


def test_a_header_from_a_newer_reflect_says_so() -> None:
    raw = Vault.create().header("x", MIN_COST).to_bytes().replace(b'"version": 1', b'"version": 9')
    with pytest.raises(EncryptionError, match="newer reflect"):
        Header.from_bytes(raw, HEADER_FILE)


def test_the_cost_is_read_from_the_header_so_it_can_rise() -> None:
    vault = Vault.create()
    stronger = type(MIN_COST)(opslimit=2, memlimit=MIN_COST.memlimit * 4)
    header = Header.from_bytes(vault.header("p", stronger).to_bytes(), HEADER_FILE)
    assert header.cost == stronger
    assert Vault.unlock(header, "p").same_key(vault)


passphrases = st.text(min_size=1, max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(passphrase=passphrases, other=passphrases)
def test_any_passphrase_opens_its_own_header_and_no_other_does(passphrase: str, other: str) -> None:
    vault = Vault.create()
    header = Header.from_bytes(vault.header(passphrase, MIN_COST).to_bytes(), HEADER_FILE)
    assert Vault.unlock(header, passphrase).same_key(vault)
    if unicodedata.normalize("NFC", other) != unicodedata.normalize("NFC", passphrase):
        with pytest.raises(WrongPassphrase):
            Vault.unlock(header, other)


@settings(max_examples=25, deadline=None)
@given(passphrase=st.text(alphabet=st.characters(min_codepoint=0x80), min_size=1, max_size=20))
@example(passphrase="\ud800")  # a lone surrogate no codec escape covers (found in CI's order)
def test_non_ascii_passphrases_unlock_however_the_accents_were_typed(passphrase: str) -> None:
    header = Vault.create().header(unicodedata.normalize("NFD", passphrase), MIN_COST)
    Vault.unlock(header, unicodedata.normalize("NFC", passphrase))


def test_a_passphrase_from_an_environment_that_is_not_utf8_keeps_its_bytes() -> None:
    odd = b"caf\xe9".decode("utf-8", "surrogateescape")  # what os.environ gives for Latin-1
    header = Vault.create().header(odd, MIN_COST)
    Vault.unlock(header, odd)
    with pytest.raises(WrongPassphrase):
        Vault.unlock(header, "café")


def _encrypted(home: Path) -> Vault:
    home.mkdir(parents=True, exist_ok=True)
    vault = Vault.create()
    (home / HEADER_FILE).write_bytes(vault.header("p", MIN_COST).to_bytes())
    return vault


def test_a_write_into_an_encrypted_home_that_was_not_unlocked_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _encrypted(home)
    for path in (home / "journal.json", home / "cache" / "start-view.json"):
        path.parent.mkdir(exist_ok=True)
        with pytest.raises(Locked, match="this journal is encrypted"):
            atomic_write(path, TEXT)
        assert not path.exists()
        assert not list(path.parent.glob(".*.tmp"))  # not even a temporary file
    with pytest.raises(Locked):
        append_private(home / "cache" / "spelling.tsv", TEXT)


def test_an_unlocked_home_seals_what_is_written_and_opens_what_is_read(tmp_path: Path) -> None:
    home = tmp_path / "home"
    vault = _encrypted(home)
    KEYRING.add(home, vault)
    atomic_write(home / "journal.json", TEXT)
    assert (home / "journal.json").read_bytes().startswith(MAGIC)
    assert read_private(home / "journal.json") == TEXT
    atomic_write(home / "config.toml", b"theme = 'nord'\n", private=False)
    assert (home / "config.toml").read_bytes() == b"theme = 'nord'\n"
    KEYRING.forget(home)
    with pytest.raises(Locked):
        read_private(home / "journal.json")


def test_appending_in_an_encrypted_home_keeps_earlier_contents(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "cache").mkdir(parents=True)
    path = home / "cache" / "spelling.tsv"
    path.write_bytes(b"custmer\tcustomer\n")  # written before the home was encrypted
    vault = _encrypted(home)
    KEYRING.add(home, vault)
    assert append_private(path, b"recieved\treceived\n")
    assert append_private(path, b"refnud\trefund\n")
    raw = path.read_bytes()
    assert raw.startswith(FRAMES_MAGIC) and b"custmer" not in raw
    with path.open("ab") as handle:
        handle.write(vault.frame(b"cut\tshort\n")[:-3])  # a kill mid-append
    assert append_private(path, b"thier\ttheir\n")
    assert read_private(path) == (
        b"custmer\tcustomer\nrecieved\treceived\nrefnud\trefund\nthier\ttheir\n"
    )


def test_a_plain_home_is_written_as_it_always_was(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    atomic_write(home / "journal.json", TEXT)
    assert (home / "journal.json").read_bytes() == TEXT
    assert not append_private(home / "spelling.tsv", b"x")
