"""My identity: a key pair kept in keys/, never overwritten, known by a stable fingerprint."""

import os
import re
import stat
from pathlib import Path

import pytest

from reflect.contacts import Contact, fingerprint, parse_public_key
from reflect.errors import IdentityError, IdentityExists, InvalidEntry, InvalidKey, NoIdentity
from reflect.identity import create_identity, identity_path, load_identity
from reflect.paths import HomePaths

FINGERPRINT = re.compile(r"^[A-Z2-7]{4}( [A-Z2-7]{4}){3}$")


def test_an_identity_is_made_once_and_loads_the_same(isolated_home: Path) -> None:
    paths = HomePaths(isolated_home)
    made = create_identity(paths, " Sam ")
    loaded = load_identity(paths)
    assert loaded.handle == made.handle == "sam"
    assert loaded.public_key_bytes == made.public_key_bytes
    assert loaded.to_json() == {
        "handle": "sam",
        "public_key": made.public_key_text,
        "fingerprint": made.fingerprint,
    }
    assert re.fullmatch(r"[0-9a-f]{64}", made.public_key_text)
    assert FINGERPRINT.match(made.fingerprint)


def test_an_existing_identity_is_never_overwritten(isolated_home: Path) -> None:
    paths = HomePaths(isolated_home)
    create_identity(paths, "sam")
    before = identity_path(paths).read_bytes()
    with pytest.raises(IdentityExists, match="already has an identity") as caught:
        create_identity(paths, "someone-else")
    assert "\n" not in str(caught.value)
    assert identity_path(paths).read_bytes() == before


def test_keys_are_readable_by_their_owner_only(isolated_home: Path) -> None:
    paths = HomePaths(isolated_home)
    isolated_home.mkdir()
    paths.keys.mkdir(mode=0o755)  # a folder someone made by hand is tightened
    old_umask = os.umask(0)
    try:
        create_identity(paths, "sam")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(paths.keys.stat().st_mode) == 0o700
    assert stat.S_IMODE(identity_path(paths).stat().st_mode) == 0o600
    assert [path.name for path in paths.keys.iterdir()] == ["identity.json"]  # no temp left


def test_the_private_key_shows_nowhere_but_in_its_file(isolated_home: Path) -> None:
    paths = HomePaths(isolated_home)
    made = create_identity(paths, "sam")
    secret = bytes(made.private_key).hex()
    assert secret in identity_path(paths).read_text()
    assert secret not in repr(made) and secret not in str(made.to_json())


def test_the_fingerprint_is_stable_and_speakable() -> None:
    key = bytes(range(32))
    assert fingerprint(key) == fingerprint(bytes(range(32)))
    assert fingerprint(key) == "ZRCL EWRT UCPQ RZET"  # pinned: changing it breaks every check
    assert fingerprint(key) != fingerprint(bytes(range(1, 33)))
    assert FINGERPRINT.match(fingerprint(key))


def test_without_an_identity_the_message_says_how_to_make_one(isolated_home: Path) -> None:
    with pytest.raises(NoIdentity, match="reflect id init --handle"):
        load_identity(HomePaths(isolated_home))


def test_a_damaged_identity_file_is_reported_and_kept(isolated_home: Path) -> None:
    paths = HomePaths(isolated_home)
    create_identity(paths, "sam")
    identity_path(paths).write_bytes(b"{not json")
    with pytest.raises(IdentityError, match="left untouched"):
        load_identity(paths)
    assert identity_path(paths).read_bytes() == b"{not json"


def test_a_bad_handle_is_refused_before_anything_is_written(isolated_home: Path) -> None:
    paths = HomePaths(isolated_home)
    with pytest.raises(InvalidEntry, match="handle"):
        create_identity(paths, "no spaces please")
    assert not identity_path(paths).exists()


def test_public_keys_typed_by_people_are_checked() -> None:
    key = bytes(range(32))
    assert parse_public_key(key.hex().upper()) == key
    assert parse_public_key(" ".join(key.hex()[i : i + 8] for i in range(0, 64, 8))) == key
    with pytest.raises(InvalidKey, match=r"64 hex characters.*has 62"):
        parse_public_key(key.hex()[:-2])
    with pytest.raises(InvalidKey, match="other characters"):
        parse_public_key("z" * 64)
    with pytest.raises(InvalidKey):
        Contact.create("ana", "not a key")
