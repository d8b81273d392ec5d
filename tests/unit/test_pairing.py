"""Pairing by invite codes: two homes swap one line each and see the same check words;
the folder a contact is given works both ways, so nobody edits config.toml."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from reflect.check_words import check_words
from reflect.config import Config
from reflect.contacts import Contact
from reflect.errors import ContactExists, InvalidInvite, NoIdentity
from reflect.identity import Identity, create_identity
from reflect.journal import Journal
from reflect.usecases import (
    add_from_invite,
    check_inbox,
    contacts_overview,
    inbox_stamps,
    invite_for,
    save_entry,
)
from tests.conftest import FIXED_NOW, fixed_clock


@dataclass
class Person:
    journal: Journal
    me: Identity

    @property
    def code(self) -> str:
        return invite_for(self.journal.paths, home_folder=Path("/home/nobody"))


@pytest.fixture
def sam_and_dana(tmp_path: Path) -> Iterator[tuple[Person, Person]]:
    people = []
    for handle in ("sam", "dana"):
        journal = Journal.open(tmp_path / handle, clock=fixed_clock, lock_timeout=2)
        people.append(Person(journal, create_identity(journal.paths, handle)))
    yield people[0], people[1]
    for person in people:
        person.journal.close()


def test_two_codes_pair_two_homes_with_the_same_words(
    sam_and_dana: tuple[Person, Person], tmp_path: Path
) -> None:
    sam, dana = sam_and_dana
    folder = tmp_path / "shared"
    on_sam = add_from_invite(sam.journal, dana.code, folder=folder)
    on_dana = add_from_invite(dana.journal, sam.code)
    assert on_sam.contact == Contact("dana", dana.me.public_key_bytes, folder)
    assert on_dana.contact == Contact("sam", sam.me.public_key_bytes, None)
    assert (
        on_sam.words
        == on_dana.words
        == check_words(sam.me.public_key_bytes, dana.me.public_key_bytes)
    )
    assert on_sam.previous is None and on_sam.invite is not None
    (view,) = contacts_overview(sam.journal)
    assert view.words == on_sam.words and view.received is None


def test_the_code_names_a_folder_as_a_hint_only(sam_and_dana: tuple[Person, Person]) -> None:
    sam, dana = sam_and_dana
    code = invite_for(dana.journal.paths, "/home/dana/Sync/reflect", home_folder=Path("/home/dana"))
    added = add_from_invite(sam.journal, code)
    assert added.invite is not None and added.invite.folder == "~/Sync/reflect"
    assert added.contact.folder is None  # where it is here, sam says


def test_my_own_code_is_refused_and_nothing_is_written(
    sam_and_dana: tuple[Person, Person],
) -> None:
    sam, _ = sam_and_dana
    with pytest.raises(InvalidInvite, match="your own invite code"):
        add_from_invite(sam.journal, sam.code)
    assert sam.journal.contacts() == []


def test_the_same_code_twice_changes_nothing_a_new_key_needs_replace(
    sam_and_dana: tuple[Person, Person], tmp_path: Path
) -> None:
    sam, dana = sam_and_dana
    add_from_invite(sam.journal, dana.code, folder=tmp_path)
    again = add_from_invite(sam.journal, dana.code)
    assert again.same_key and again.contact.folder == tmp_path
    moved = add_from_invite(sam.journal, dana.code, folder=tmp_path / "other")
    assert moved.same_key and sam.journal.contact("dana").folder == tmp_path / "other"

    other = Journal.open(tmp_path / "dana-again", clock=fixed_clock)
    create_identity(other.paths, "dana")
    new_code = invite_for(other.paths, home_folder=tmp_path)
    with pytest.raises(ContactExists):
        add_from_invite(sam.journal, new_code)
    assert sam.journal.contact("dana").public_key == dana.me.public_key_bytes
    replaced = add_from_invite(sam.journal, new_code, replace=True)
    assert replaced.new_key and replaced.contact.folder == tmp_path / "other"  # kept
    assert replaced.words != again.words


def test_an_invite_needs_an_identity(journal: Journal) -> None:
    with pytest.raises(NoIdentity, match="reflect id init --handle NAME"):
        invite_for(journal.paths, home_folder=Path("/home/x"))


def test_a_contact_s_folder_is_read_as_an_inbox_too(
    sam_and_dana: tuple[Person, Person], tmp_path: Path
) -> None:
    sam, dana = sam_and_dana
    folder = tmp_path / "shared"
    folder.mkdir()
    add_from_invite(sam.journal, dana.code, folder=folder)
    add_from_invite(dana.journal, sam.code, folder=folder)
    save_entry(sam.journal, {"lesson": "Slow down"}, day=FIXED_NOW.date(), share_with=["dana"])
    before = inbox_stamps(dana.journal, Config())
    assert len(before) == 1  # the shared folder is looked at, no config needed
    inbox = check_inbox(dana.journal, Config())
    assert [bundle.author for bundle in inbox.received] == ["sam"]
    assert inbox.report is not None and inbox.report.problems == ()
    (view,) = contacts_overview(dana.journal)
    assert view.received is not None and len(view.received.entries) == 1
    # sam reads the same folder: his own bundle there is skipped quietly
    mine = check_inbox(sam.journal, Config())
    assert mine.report is not None and mine.report.problems == () and mine.received == []


def test_someone_else_s_bundle_is_expected_in_a_shared_folder_not_in_an_inbox(
    sam_and_dana: tuple[Person, Person], tmp_path: Path
) -> None:
    sam, dana = sam_and_dana
    folder = tmp_path / "team"
    folder.mkdir()
    lee = Journal.open(tmp_path / "lee", clock=fixed_clock)
    create_identity(lee.paths, "lee")
    add_from_invite(sam.journal, invite_for(lee.paths, home_folder=tmp_path), folder=folder)
    save_entry(sam.journal, {"lesson": "for lee"}, day=FIXED_NOW.date(), share_with=["lee"])
    add_from_invite(dana.journal, sam.code, folder=folder)
    quiet = check_inbox(dana.journal, Config())
    assert quiet.report is not None and quiet.report.problems == ()
    assert [result.status for result in quiet.report.bundles] == ["others"]
    dana.journal.set_contact_folder("sam", None)
    asked = check_inbox(dana.journal, Config(inbox=(str(folder),)))
    assert asked.report is not None and [r.status for r in asked.report.problems] == ["not_for_me"]


def test_replace_with_a_code_of_someone_new_adds_them(sam_and_dana: tuple[Person, Person]) -> None:
    sam, dana = sam_and_dana
    added = add_from_invite(sam.journal, dana.code, replace=True)
    assert added.previous is None and sam.journal.contact("dana").public_key == (
        dana.me.public_key_bytes
    )
