"""Sharing between three homes: an agent, mentor A and mentor B.

The agent shares entries one by one; a mentor reads exactly those, nothing private, and
nothing addressed to someone else. Bundles that were altered, come from the wrong key or
are meant for another reader are rejected, one by one, without stopping the others.
"""

from __future__ import annotations

import base64
import contextlib
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.public import Box, PrivateKey, PublicKey

from reflect.bundle import BUNDLE_SUFFIX, TRAVELLING_FIELDS, bundle_name, open_bundle, seal
from reflect.contacts import Contact
from reflect.errors import BundleError, ContactExists, ContactNotFound, InvalidEntry, InvalidKey
from reflect.identity import Identity, create_identity
from reflect.journal import Journal, JournalChange
from reflect.model import make_entry
from reflect.sharing import bundle_stamps, inbox_json, publish, receive
from reflect.usecases import remove_contact
from tests.conftest import FIXED_NOW

CARD = "4111 1111 1111 1111"


class Ticker:
    """A clock that moves one second per reading, so each publish is newer than the last."""

    def __init__(self) -> None:
        self.now = FIXED_NOW

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@dataclass
class Home:
    journal: Journal
    identity: Identity
    drop: Path
    """The folder others write this person's bundles to (they read it as an inbox)."""

    def read(self) -> Any:
        return receive(self.journal, self.identity, [self.drop])


@dataclass
class Homes:
    agent: Home
    a: Home
    b: Home


@contextlib.contextmanager
def three_homes(base: Path) -> Iterator[Homes]:
    """The agent ("sam") knows mentors "ana" and "bo"; each mentor knows the agent."""
    with contextlib.ExitStack() as stack:
        made = {}
        for name, handle in (("agent", "sam"), ("a", "ana"), ("b", "bo")):
            journal = Journal.open(base / name, clock=Ticker(), lock_timeout=2)
            stack.callback(journal.close)
            drop = base / f"to-{handle}"
            drop.mkdir()
            made[name] = Home(journal, create_identity(journal.paths, handle), drop)
        agent, a, b = made["agent"], made["a"], made["b"]
        for mentor in (a, b):
            agent.journal.add_contact(
                Contact.create(mentor.identity.handle, mentor.identity.public_key_text, mentor.drop)
            )
            mentor.journal.add_contact(
                Contact.create("sam", agent.identity.public_key_text, agent.drop)
            )
        yield Homes(agent, a, b)


@pytest.fixture
def homes(tmp_path: Path) -> Iterator[Homes]:
    with three_homes(tmp_path) as made:
        yield made


def bundle_path(sender: Home, recipient: Home) -> Path:
    contact = sender.journal.contact(recipient.identity.handle)
    return recipient.drop / bundle_name(sender.identity, contact)


def decrypt(path: Path, reader: Home, sender: Home) -> bytes:
    """The plain payload of a bundle, opened by hand with PyNaCl."""
    outer = orjson.loads(path.read_bytes())
    box = Box(reader.identity.private_key, PublicKey(sender.identity.public_key_bytes))
    return box.decrypt(base64.b64decode(outer["box"]))


def copy_of_bundle(sender: Home, recipient: Home, folder: Path) -> Path:
    """A copy of what ``sender`` last published for ``recipient``, kept in ``folder``
    (an older copy a synced folder might bring back later)."""
    folder.mkdir()
    shutil.copy(bundle_path(sender, recipient), folder)
    return folder


def received_ids(home: Home) -> dict[str, set[str]]:
    return {bundle.author: {e.id for e in bundle.entries} for bundle in home.journal.received()}


# -- what travels to whom -----------------------------------------------------------------


def test_entries_shared_with_a_are_exactly_what_a_reads(homes: Homes) -> None:
    agent = homes.agent.journal
    only_a = agent.create({"challenge": "Caller cried about a bill", "lesson": "Slow down"})
    both = agent.create({"lesson": "Ask before assuming", "tags": ["listening"], "mood": 4})
    only_b = agent.create({"challenge": "Outage all day"})
    private = agent.create({"challenge": "My own bad day", "note": "not for anyone"})
    agent.share(only_a.id, "ana")
    agent.share(both.id, "ana")
    agent.share(both.id, "bo")
    agent.share(only_b.id, "bo")

    report = publish(agent, homes.agent.identity)
    assert {r.contact: (r.status, r.entries) for r in report.results} == {
        "ana": ("written", 2),
        "bo": ("written", 2),
    }
    assert homes.a.read().loaded and homes.b.read().loaded

    assert received_ids(homes.a) == {"sam": {only_a.id, both.id}}
    assert received_ids(homes.b) == {"sam": {only_b.id, both.id}}
    (shown,) = inbox_json(homes.a.journal.received())
    assert shown["author"] == "sam"
    assert shown["fingerprint"] == homes.agent.identity.fingerprint
    assert [e["id"] for e in shown["entries"]] == [both.id, only_a.id]  # newest first
    got = {e["id"]: e for e in shown["entries"]}
    for mine in (only_a, both):
        for name in TRAVELLING_FIELDS:
            if name != "updated_at":
                assert got[mine.id][name] == mine.to_dict()[name]
        assert got[mine.id]["shared_with"] == []  # who else reads it does not travel
    assert private.id not in str(inbox_json(homes.b.journal.received()))
    # received entries are kept apart from the mentor's own
    assert homes.a.journal.entries() == [] and len(agent) == 4


def test_notes_other_readers_and_extra_fields_never_travel(homes: Homes) -> None:
    agent = homes.agent.journal
    entry = agent.create({"lesson": "Breathe", "note": "my private note"})
    agent.share(entry.id, "ana")
    agent.share(entry.id, "bo")
    agent.update(entry.id, future_field="from a newer reflect")
    publish(agent, homes.agent.identity)
    payload = decrypt(bundle_path(homes.agent, homes.a), homes.a, homes.agent)
    assert b"my private note" not in payload
    assert b'"bo"' not in payload and b"future_field" not in payload
    (sent,) = orjson.loads(payload)["entries"]
    assert set(sent) == set(TRAVELLING_FIELDS)


def test_customer_details_are_redacted_unless_allowed_for_that_entry(homes: Homes) -> None:
    agent = homes.agent.journal
    entry = agent.create(
        {"challenge": f"She read {CARD} and jo@example.com aloud", "tags": ["99887766"]}
    )
    agent.share(entry.id, "ana")
    report = publish(agent, homes.agent.identity, to="ana")
    assert report.results[0].redacted == 1
    assert "1 redacted" in report.results[0].message
    payload = decrypt(bundle_path(homes.agent, homes.a), homes.a, homes.agent)
    assert CARD.encode() not in payload and b"jo@example.com" not in payload
    assert b"99887766" not in payload
    (sent,) = orjson.loads(payload)["entries"]
    assert sent["challenge"] == "She read [card number] and [email] aloud"

    allowed = agent.share(entry.id, "ana", allow_details=True)
    assert allowed.extra["share_details"] is True
    publish(agent, homes.agent.identity, to="ana")
    assert CARD.encode() in decrypt(bundle_path(homes.agent, homes.a), homes.a, homes.agent)

    # once private again, a new share starts redacted, in this process and the next
    agent.unshare(entry.id, "ana")
    assert "share_details" not in agent.get(entry.id).extra
    with Journal.open(agent.paths.home) as reopened:
        assert "share_details" not in reopened.get(entry.id).extra
        reopened.share(entry.id, "bo")
        publish(reopened, homes.agent.identity, to="bo")
    assert CARD.encode() not in decrypt(bundle_path(homes.agent, homes.b), homes.b, homes.agent)


def test_a_stale_permission_on_a_private_entry_never_lets_details_travel(
    homes: Homes,
) -> None:
    """Journals written before unsharing cleared the file kept the permission on private
    entries; sharing such an entry again still starts redacted."""
    agent = homes.agent.journal
    entry = agent.create({"challenge": f"She read {CARD} aloud"})
    path = agent.paths.journal
    stored = orjson.loads(path.read_bytes())
    stored["entries"][entry.id]["share_details"] = True
    path.write_bytes(orjson.dumps(stored))
    with Journal.open(agent.paths.home) as reopened:
        assert reopened.get(entry.id).extra["share_details"] is True
        shared = reopened.share(entry.id, "ana")
        assert "share_details" not in shared.extra
        publish(reopened, homes.agent.identity, to="ana")
    assert CARD.encode() not in decrypt(bundle_path(homes.agent, homes.a), homes.a, homes.agent)


def test_unshare_and_publish_takes_an_entry_back(homes: Homes) -> None:
    agent = homes.agent.journal
    kept = agent.create({"lesson": "keep this one"})
    taken = agent.create({"lesson": "take this back"})
    for entry in (kept, taken):
        agent.share(entry.id, "ana")
    publish(agent, homes.agent.identity)
    homes.a.read()
    assert received_ids(homes.a) == {"sam": {kept.id, taken.id}}

    agent.unshare(taken.id, "ana")
    publish(agent, homes.agent.identity)
    assert b"take this back" not in decrypt(bundle_path(homes.agent, homes.a), homes.a, homes.agent)
    assert [r.status for r in homes.a.read().bundles] == ["loaded"]
    assert received_ids(homes.a) == {"sam": {kept.id}}

    agent.unshare(kept.id, "ana")  # nothing shared any more: an empty bundle replaces it
    report = publish(agent, homes.agent.identity)
    assert {r.contact: r.status for r in report.results} == {
        "ana": "written",
        "bo": "nothing_shared",
    }
    homes.a.read()
    assert received_ids(homes.a) == {"sam": set()}


def test_received_entries_are_never_passed_on(homes: Homes) -> None:
    agent, mentor = homes.agent.journal, homes.a.journal
    agent.share(agent.create({"lesson": "from the agent"}).id, "ana")
    publish(agent, homes.agent.identity)
    homes.a.read()
    own = mentor.create({"lesson": "what I learned as an agent"})
    mentor.share(own.id, "sam")
    publish(mentor, homes.a.identity)
    homes.agent.read()
    assert received_ids(homes.agent) == {"ana": {own.id}}
    payload = decrypt(bundle_path(homes.a, homes.agent), homes.agent, homes.a)
    assert b"from the agent" not in payload


# -- property: private text never leaves --------------------------------------------------

journals = st.lists(
    st.tuples(
        st.text(min_size=1, max_size=30),
        st.frozensets(st.sampled_from(["ana", "bo"])),
        st.booleans(),
    ),
    min_size=1,
    max_size=8,
)


@settings(max_examples=25, deadline=None)
@given(journals)
def test_private_text_never_appears_in_any_bundle(
    plan: list[tuple[str, frozenset[str], bool]],
) -> None:
    with tempfile.TemporaryDirectory() as folder, three_homes(Path(folder)) as homes:
        entries = []
        for number, (text, readers, details) in enumerate(plan):
            fields: dict[str, Any] = {
                "challenge": f"{text} marker-{number}-challenge",
                "lesson": f"marker-{number}-lesson",
                "note": f"marker-{number}-note",
                "shared_with": sorted(readers),
            }
            entry = make_entry(fields, shift_date=date(2026, 11, 1 + number), now=FIXED_NOW)
            if details and readers:
                entry = entry.edited(FIXED_NOW, share_details=True)
            entries.append(entry)
        homes.agent.journal.import_entries(entries)
        publish(homes.agent.journal, homes.agent.identity)
        for mentor in (homes.a, homes.b):
            handle = mentor.identity.handle
            path = bundle_path(homes.agent, mentor)
            if not any(handle in e.shared_with for e in entries):
                assert not path.exists()
                continue
            raw = path.read_bytes()
            payload = decrypt(path, mentor, homes.agent)
            for number, entry in enumerate(entries):
                for marker in (f"marker-{number}-challenge", f"marker-{number}-note"):
                    if handle not in entry.shared_with or marker.endswith("note"):
                        assert marker.encode() not in payload
                        assert marker.encode() not in raw
            mentor.read()
            wanted = {e.id for e in entries if handle in e.shared_with}
            assert received_ids(mentor) == {"sam": wanted}


# -- bundles that must be refused ---------------------------------------------------------


def test_b_cannot_read_a_bundle_meant_for_a(homes: Homes) -> None:
    agent = homes.agent.journal
    agent.share(agent.create({"lesson": "for ana only"}).id, "ana")
    publish(agent, homes.agent.identity)
    report = receive(homes.b.journal, homes.b.identity, [homes.a.drop])
    (result,) = report.bundles
    assert result.status == "not_for_me" and result.problem
    assert "addressed to someone else" in result.message
    assert "\n" not in result.message
    assert homes.b.journal.received() == []


def test_a_bundle_readdressed_to_someone_else_cannot_be_opened(homes: Homes) -> None:
    agent = homes.agent.journal
    agent.share(agent.create({"lesson": "for ana only"}).id, "ana")
    publish(agent, homes.agent.identity)
    outer = orjson.loads(bundle_path(homes.agent, homes.a).read_bytes())
    outer["recipient"] = homes.b.identity.public_key_text
    (homes.b.drop / f"forged{BUNDLE_SUFFIX}").write_bytes(orjson.dumps(outer))
    (result,) = homes.b.read().bundles
    assert result.status == "rejected" and "cannot be opened" in result.reason
    assert homes.b.journal.received() == []


def test_a_bundle_from_a_key_that_is_not_the_contacts_is_rejected(homes: Homes) -> None:
    impostor = Identity("sam", PrivateKey.generate())
    stranger = Identity("zed", PrivateKey.generate())
    ana = homes.agent.journal.contact("ana")
    entry = make_entry({"lesson": "trust me"}, shift_date=date(2026, 11, 2), now=FIXED_NOW)
    for who in (impostor, stranger):
        raw = seal(who, ana, [entry.to_dict()], published_at=FIXED_NOW)
        (homes.a.drop / f"{who.handle}{BUNDLE_SUFFIX}").write_bytes(raw)
    results = {r.path.name: r for r in homes.a.read().bundles}
    assert results[f"sam{BUNDLE_SUFFIX}"].status == "rejected"
    assert "claims to come from sam" in results[f"sam{BUNDLE_SUFFIX}"].reason
    assert results[f"zed{BUNDLE_SUFFIX}"].status == "rejected"
    assert "unknown key" in results[f"zed{BUNDLE_SUFFIX}"].reason
    assert homes.a.journal.received() == []


def test_one_bad_bundle_does_not_stop_the_others(homes: Homes) -> None:
    agent = homes.agent.journal
    agent.share(agent.create({"lesson": "good one"}).id, "ana")
    publish(agent, homes.agent.identity)
    (homes.a.drop / f"junk{BUNDLE_SUFFIX}").write_bytes(b"\x00\xffnot a bundle")
    report = homes.a.read()
    assert sorted(r.status for r in report.bundles) == ["loaded", "rejected"]
    assert [p.path.name for p in report.problems] == [f"junk{BUNDLE_SUFFIX}"]
    assert received_ids(homes.a)["sam"]


def a_published_bundle(homes: Homes) -> bytes:
    agent = homes.agent.journal
    agent.share(agent.create({"challenge": "hard call", "lesson": "pause", "mood": 2}).id, "ana")
    publish(agent, homes.agent.identity)
    return bundle_path(homes.agent, homes.a).read_bytes()


def test_every_single_byte_change_is_detected(homes: Homes) -> None:
    raw = a_published_bundle(homes)
    contacts = homes.a.journal.contacts()
    open_bundle(raw, homes.a.identity, contacts, source="x", now=FIXED_NOW)  # the original reads
    for position in range(len(raw)):
        for mask in (0x01, 0x20):
            changed = bytearray(raw)
            changed[position] ^= mask
            with pytest.raises(BundleError):
                open_bundle(bytes(changed), homes.a.identity, contacts, source="x", now=FIXED_NOW)


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Homes, bytes]]:
    """One bundle from the agent to mentor A, made once for the many tampering examples."""
    with three_homes(tmp_path_factory.mktemp("tampering")) as homes:
        yield homes, a_published_bundle(homes)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.floats(0, 1, exclude_max=True), mask=st.integers(1, 255))
def test_flipping_any_byte_of_a_bundle_gets_it_rejected(
    published: tuple[Homes, bytes], position: float, mask: int
) -> None:
    homes, raw = published
    changed = bytearray(raw)
    changed[int(position * len(raw))] ^= mask
    bundle_path(homes.agent, homes.a).write_bytes(bytes(changed))
    (result,) = homes.a.read().bundles
    assert result.problem, result
    assert homes.a.journal.received() == []


# -- publishing, receiving, contacts ------------------------------------------------------


def test_publish_reports_contacts_it_could_not_reach(homes: Homes, tmp_path: Path) -> None:
    agent = homes.agent.journal
    entry = agent.create({"lesson": "x"})
    agent.add_contact(Contact.create("cy", PrivateKey.generate().public_key.encode().hex()))
    agent.set_contact_folder("bo", tmp_path / "unmounted")
    for handle in ("ana", "bo", "cy"):
        agent.share(entry.id, handle)
    report = publish(agent, homes.agent.identity)
    assert {r.contact: r.status for r in report.results} == {
        "ana": "written",
        "bo": "folder_missing",
        "cy": "no_folder",
    }
    assert [r.contact for r in report.problems] == ["bo", "cy"]
    assert "not found" in report.results[1].message
    assert not (tmp_path / "unmounted").exists()  # never created


def test_an_older_copy_never_replaces_a_newer_bundle(homes: Homes, tmp_path: Path) -> None:
    agent = homes.agent.journal
    first = agent.create({"lesson": "first"})
    agent.share(first.id, "ana")
    publish(agent, homes.agent.identity)
    stale = copy_of_bundle(homes.agent, homes.a, tmp_path / "stale")
    agent.unshare(first.id, "ana")
    agent.share(agent.create({"lesson": "second"}).id, "ana")
    publish(agent, homes.agent.identity)
    report = receive(homes.a.journal, homes.a.identity, [stale, homes.a.drop])
    assert sorted(r.status for r in report.bundles) == ["loaded", "outdated"]
    assert homes.a.read().bundles[0].status == "unchanged"
    alone = receive(homes.a.journal, homes.a.identity, [stale]).bundles[0]
    assert alone.status == "stale" and alone.problem  # only an older copy there: say so
    (bundle,) = homes.a.journal.received()
    assert [e.lesson for e in bundle.entries] == ["second"]


def test_missing_inbox_folders_are_reported_and_my_own_bundles_skipped(homes: Homes) -> None:
    agent = homes.agent.journal
    agent.share(agent.create({"lesson": "x"}).id, "ana")
    publish(agent, homes.agent.identity)
    report = receive(agent, homes.agent.identity, [homes.a.drop, homes.a.drop / "nope"])
    assert [r.status for r in report.bundles] == ["mine"]
    assert report.problems == () and report.missing_folders == (homes.a.drop / "nope",)


def test_listeners_hear_when_received_entries_change(homes: Homes) -> None:
    heard: list[JournalChange] = []
    homes.a.journal.subscribe(heard.append)
    agent = homes.agent.journal
    agent.share(agent.create({"lesson": "x"}).id, "ana")
    publish(agent, homes.agent.identity)
    homes.a.read()
    homes.a.read()  # unchanged: no write, nothing heard
    assert [(c.kind, c.authors, c.entries) for c in heard] == [("received", ("sam",), ())]


def test_sharing_needs_a_known_contact_and_a_text_that_travels(homes: Homes) -> None:
    agent = homes.agent.journal
    entry = agent.create({"lesson": "x"})
    with pytest.raises(ContactNotFound, match="contact add"):
        agent.share(entry.id, "nobody")
    with pytest.raises(ContactNotFound):
        agent.unshare(entry.id, "nobody")
    assert agent.unshare(entry.id, "ana") == entry  # not shared: nothing changes
    only_note = agent.create({"note": "imported from jrnl"})
    with pytest.raises(InvalidEntry, match="notes are never shared"):
        agent.share(only_note.id, "ana")
    shared = agent.share(entry.id, "ANA")
    assert shared.shared_with == ("ana",)
    assert agent.share(entry.id, "ana") == shared  # twice: one write only


def test_contacts_are_checked_and_not_silently_replaced(homes: Homes) -> None:
    agent = homes.agent.journal
    new_key = PrivateKey.generate().public_key.encode().hex()
    with pytest.raises(ContactExists, match="already"):
        agent.add_contact(Contact.create("ana", new_key))
    with pytest.raises(ContactExists, match="already the contact ana"):
        agent.add_contact(Contact.create("ana2", homes.a.identity.public_key_text))
    with pytest.raises(InvalidKey):
        agent.add_contact(Contact.create("cy", "abc"))
    mentor = homes.a.journal
    mentor.share(mentor.create({"lesson": "from ana's old key"}).id, "sam")
    publish(mentor, homes.a.identity)
    homes.agent.read()
    assert agent.received() != []
    same_key = Contact.create("ana", homes.a.identity.public_key_text, "/elsewhere")
    agent.add_contact(same_key, replace=True)  # a new folder keeps what was received
    assert agent.received() != []
    replaced = agent.add_contact(Contact.create("ana", new_key, "/x"), replace=True)
    assert agent.contact("ana") == replaced and replaced.folder == Path("/x")
    assert agent.received() == []  # a new key: what the old one brought is dropped
    assert [c.handle for c in agent.contacts()] == ["ana", "bo"]
    assert agent.contacts()[0].to_dict()["fingerprint"] == replaced.fingerprint


def test_removing_a_contact_empties_their_bundle_and_forgets_what_they_sent(
    homes: Homes,
) -> None:
    agent, mentor = homes.agent.journal, homes.a.journal
    entry = agent.create({"lesson": "shared then withdrawn"})
    agent.share(entry.id, "ana")
    publish(agent, homes.agent.identity)
    homes.a.read()
    mentor.share(mentor.create({"lesson": "mentor's"}).id, "sam")
    publish(mentor, homes.a.identity)
    homes.agent.read()

    removed = remove_contact(agent, "ana")
    result = removed.emptied
    assert removed.unshared == 1
    assert result is not None and (result.status, result.entries) == ("written", 0)
    assert agent.get(entry.id).shared_with == ()
    assert agent.received() == []
    with pytest.raises(ContactNotFound):
        agent.contact("ana")
    homes.a.read()
    assert received_ids(homes.a) == {"sam": set()}


def test_sharing_loads_no_cryptography_until_it_is_used() -> None:
    code = (
        "import sys, reflect.journal, reflect.bundle, reflect.sharing, reflect.identity, "
        "reflect.privacy\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('nacl', 'textual', 'click')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_bundle_from_a_clock_a_month_ahead_never_defeats_a_later_unshare(
    homes: Homes,
) -> None:
    agent = homes.agent.journal
    first, second = agent.create({"lesson": "one"}), agent.create({"lesson": "two"})
    agent.share(first.id, "ana")
    agent.share(second.id, "ana")
    real_clock = agent.clock
    agent.clock = lambda: FIXED_NOW + timedelta(days=30)  # the sender's clock runs ahead once
    publish(agent, homes.agent.identity)
    agent.clock = real_clock
    assert received_ids(homes.a) == {} and homes.a.read().loaded
    agent.unshare(first.id, "ana")
    agent.unshare(second.id, "ana")
    publish(agent, homes.agent.identity)  # correct clock, so "older" by the clock
    report = homes.a.read()
    assert [result.status for result in report.bundles] == ["loaded"]
    assert received_ids(homes.a) == {"sam": set()}


def test_a_contact_removed_and_added_again_never_takes_an_older_bundle(
    homes: Homes, tmp_path: Path
) -> None:
    agent = homes.agent.journal
    entry = agent.create({"lesson": "shared once"})
    agent.share(entry.id, "ana")
    publish(agent, homes.agent.identity)
    old_copy = copy_of_bundle(homes.agent, homes.a, tmp_path / "old-copy")
    agent.unshare(entry.id, "ana")
    publish(agent, homes.agent.identity)
    assert homes.a.read().loaded and received_ids(homes.a) == {"sam": set()}
    mentor = homes.a.journal
    mentor.remove_contact("sam")
    mentor.add_contact(Contact.create("sam", homes.agent.identity.public_key_text))
    report = receive(mentor, homes.a.identity, [old_copy])
    assert [result.status for result in report.bundles] == ["stale"]
    assert received_ids(homes.a) == {}


def test_bundle_numbers_only_grow_and_live_beside_the_key(homes: Homes) -> None:
    from reflect.identity import next_sequence

    paths = homes.agent.journal.paths
    numbers = [next_sequence(paths) for _ in range(3)]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3
    assert (paths.keys / "published.json").exists()
    assert stat.S_IMODE((paths.keys / "published.json").stat().st_mode) == 0o600


def test_unknown_fields_of_a_received_entry_are_not_kept(homes: Homes) -> None:
    contact = homes.agent.journal.contact("ana")
    entry = homes.agent.journal.create({"lesson": "kept"}).to_dict()
    entry["padding"] = "x" * 100_000
    raw = seal(homes.agent.identity, contact, [entry], published_at=FIXED_NOW, sequence=7)
    bundle_path(homes.agent, homes.a).write_bytes(raw)
    assert homes.a.read().loaded
    (received,) = homes.a.journal.received()
    assert received.sequence == 7 and received.entries[0].extra == {}
    assert b"xxxxxxxx" not in homes.a.journal.paths.journal.read_bytes()


def test_bundle_stamps_change_when_a_bundle_arrives_changes_or_goes(homes: Homes) -> None:
    agent, ana = homes.agent, homes.a
    empty = bundle_stamps([ana.drop, ana.drop / "missing"])
    assert empty == frozenset()
    agent.journal.share(agent.journal.create({"lesson": "breathe"}).id, "ana")
    publish(agent.journal, agent.identity)
    arrived = bundle_stamps([ana.drop])
    assert len(arrived) == 1 and arrived != empty
    assert bundle_stamps([ana.drop]) == arrived  # looking twice reads nothing new
    agent.journal.share(agent.journal.create({"lesson": "and rest"}).id, "ana")
    publish(agent.journal, agent.identity)
    assert bundle_stamps([ana.drop]) not in (arrived, empty)
    bundle_path(agent, ana).unlink()
    assert bundle_stamps([ana.drop]) == empty
