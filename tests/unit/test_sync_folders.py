"""Bundles in real sync folders: what Syncthing, cloud drives and network shares leave there.

Temporary names are never read; a file that has not fully arrived waits quietly and never
replaces what was read; among conflict copies the valid bundle with the highest number
wins and an older one never rolls anything back; a damaged file is refused without
stopping the others. Publishing writes through a name Syncthing never scans.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any, cast

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect import sync_files
from reflect.bundle import BUNDLE_SUFFIX, MAX_BUNDLE_BYTES, bundle_name, is_incomplete, seal
from reflect.config import ConfigError, load_config
from reflect.contacts import Contact
from reflect.journal import Journal
from reflect.model import make_entry
from reflect.sharing import InboxReport, bundle_files, bundle_stamps, publish, receive
from reflect.sync_files import Unsettled, conflict_base, is_placeholder, is_temporary
from tests.conftest import FIXED_NOW
from tests.unit.test_sharing import Homes, bundle_path, received_ids, three_homes

CANONICAL = "sam-abcd2345-to-ana.reflect-bundle"


@pytest.fixture
def homes(tmp_path: Path) -> Iterator[Homes]:
    with three_homes(tmp_path) as made:
        yield made


def sealed(homes: Homes, sequence: int, *lessons: str) -> bytes:
    """A bundle from the agent to mentor A numbered ``sequence``, carrying ``lessons``."""
    contact = homes.agent.journal.contact("ana")
    entries = [
        make_entry({"lesson": text}, shift_date=date(2026, 11, 1), now=FIXED_NOW).to_dict()
        for text in lessons or (f"number {sequence}",)
    ]
    when = FIXED_NOW + timedelta(minutes=sequence)
    return seal(homes.agent.identity, contact, entries, published_at=when, sequence=sequence)


def lessons(homes: Homes) -> list[str]:
    return sorted(e.lesson for bundle in homes.a.journal.received() for e in bundle.entries)


def statuses(report: InboxReport) -> dict[str, str]:
    return {result.path.name: result.status for result in report.bundles}


def canonical(homes: Homes) -> Path:
    return bundle_path(homes.agent, homes.a)


def with_base(path: Path, mark: str) -> Path:
    """``path`` renamed as a sync tool names a copy: ``NAME<mark>.reflect-bundle``."""
    return path.with_name(path.name.removesuffix(BUNDLE_SUFFIX) + mark + BUNDLE_SUFFIX)


# -- names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        f".syncthing.{CANONICAL}.tmp",
        f"~syncthing~{CANONICAL}.tmp",
        f"~${CANONICAL}",
        f"{CANONICAL}.partial",
        f"{CANONICAL}.part",
        f"{CANONICAL}.crdownload",
        f"{CANONICAL}.tmp",
        ".~tmp~",
        f".{CANONICAL}",
        f"._{CANONICAL}",
        f".syncthing.{CANONICAL}.x7k2p9qa.tmp",  # reflect's own
    ],
)
def test_temporary_names_are_told(name: str) -> None:
    assert is_temporary(name)


@pytest.mark.parametrize(
    ("name", "base"),
    [
        (CANONICAL, None),
        ("sam-abcd2345-to-ana.sync-conflict-20261202-101500-ABCDEF.reflect-bundle", CANONICAL),
        ("sam-abcd2345-to-ana.sync-conflict-20261202-101500-ABCDEF7.reflect-bundle", CANONICAL),
        ("sam-abcd2345-to-ana.sync-conflict-20261202-101500.reflect-bundle", CANONICAL),
        ("sam-abcd2345-to-ana (1).reflect-bundle", CANONICAL),
        ("sam-abcd2345-to-ana (conflicted copy 2026-12-02).reflect-bundle", CANONICAL),
        ("sam-abcd2345-to-ana (Sam's conflicted copy 2026-12-02).reflect-bundle", CANONICAL),
        ("sam-abcd2345-to-ana (conflicted copy 2026-12-02 101500).reflect-bundle", CANONICAL),
        ("sam-abcd2345-to-ana (1) (2).reflect-bundle", CANONICAL),
        ("sam-abcd2345-to-ana - Copy.reflect-bundle", CANONICAL),
        ("sam-abcd2345-to-ana copy 2.reflect-bundle", CANONICAL),
        ("sam-abcd2345-to-ana_conflict-20261202-101500.reflect-bundle", CANONICAL),
        ("sam-abcd2345-to-ana.sync-conflict-20261202-101500-ABC (1).reflect-bundle", CANONICAL),
        ("notes (1).txt", None),
    ],
)
def test_conflict_copies_name_the_file_they_copy(name: str, base: str | None) -> None:
    assert conflict_base(name, BUNDLE_SUFFIX) == base
    assert not is_temporary(name)


def test_bundle_files_skip_temporary_names_and_keep_conflict_copies(tmp_path: Path) -> None:
    names = [
        CANONICAL,
        f"sam-abcd2345-to-ana (1){BUNDLE_SUFFIX}",
        f".syncthing.{CANONICAL}.tmp",
        f"~${CANONICAL}",
        f".{CANONICAL}",
        f"{CANONICAL}.part",
        "notes.txt",
    ]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / f"folder{BUNDLE_SUFFIX}").mkdir()
    files, _ = bundle_files([tmp_path])
    assert sorted(path.name for path in files) == sorted(names[:2])
    assert {Path(stamp[0]).name for stamp in bundle_stamps([tmp_path])} == set(names[:2])


# -- what is never read, and what is not arrived yet --------------------------------------


def test_a_newer_bundle_under_a_temporary_name_is_never_read(homes: Homes) -> None:
    canonical(homes).write_bytes(sealed(homes, 1, "the one read"))
    assert homes.a.read().loaded
    newer = sealed(homes, 9, "a temporary file")
    for name in (
        f".syncthing.{canonical(homes).name}.tmp",
        f"~syncthing~{canonical(homes).name}.tmp",
        f"~${canonical(homes).name}",
        f"{canonical(homes).name}.partial",
        f"{canonical(homes).name}.part",
        f"{canonical(homes).name}.crdownload",
        f".{canonical(homes).name}",
    ):
        (homes.a.drop / name).write_bytes(newer)
    report = homes.a.read()
    assert statuses(report) == {canonical(homes).name: "unchanged"}
    assert lessons(homes) == ["the one read"]


@pytest.mark.parametrize(
    "arriving",
    [
        pytest.param(lambda whole: b"", id="zero bytes"),
        pytest.param(lambda whole: b"\x00" * len(whole), id="room set aside"),
        pytest.param(lambda whole: whole[:1], id="first byte"),
        pytest.param(lambda whole: whole[: len(whole) // 2], id="half"),
        pytest.param(lambda whole: whole[:-1], id="all but the last byte"),
        pytest.param(
            lambda whole: whole[: len(whole) // 3] + b"\x00" * (len(whole) - len(whole) // 3),
            id="a third, then room",
        ),
    ],
)
def test_a_bundle_not_arrived_yet_waits_quietly_and_keeps_what_was_read(
    homes: Homes, arriving: Callable[[bytes], bytes]
) -> None:
    path = canonical(homes)
    path.write_bytes(sealed(homes, 1, "read before"))
    assert homes.a.read().loaded
    whole = sealed(homes, 2, "arriving now")
    path.write_bytes(arriving(whole))
    report = homes.a.read()
    (result,) = report.bundles
    assert (result.status, result.problem) == ("waiting", False), result
    assert report.problems == () and report.waiting == (result,)
    assert "tamper" not in result.reason and "altered" not in result.reason
    assert lessons(homes) == ["read before"]
    path.write_bytes(whole)  # arrived
    assert statuses(homes.a.read()) == {path.name: "loaded"}
    assert lessons(homes) == ["arriving now"]


def test_every_cut_of_a_bundle_waits_and_no_single_byte_change_does(homes: Homes) -> None:
    whole = sealed(homes, 3)
    assert not is_incomplete(whole)
    assert all(is_incomplete(whole[:size]) for size in range(len(whole)))
    for position in range(len(whole)):
        for mask in (0x01, 0x20, 0x7D, 0xFF):
            changed = bytearray(whole)
            changed[position] ^= mask
            assert not is_incomplete(bytes(changed)), (position, mask)
    for junk in (b"[1,2", b"{}", b"not a bundle", b'{"format":"reflect-bundle","version":x'):
        assert not is_incomplete(junk)


def test_a_cut_short_bundle_from_nobody_known_waits_too(homes: Homes, tmp_path: Path) -> None:
    """Nothing in a cut-short file can be checked yet, so nothing is said about it: the
    whole file is judged when it is there."""
    whole = sealed(homes, 1)
    (homes.a.drop / f"stranger{BUNDLE_SUFFIX}").write_bytes(whole[:100])
    (result,) = homes.a.read().bundles
    assert result.status == "waiting" and not result.problem


def test_a_cloud_placeholder_is_not_opened(homes: Homes, monkeypatch: pytest.MonkeyPatch) -> None:
    path = canonical(homes)
    path.write_bytes(sealed(homes, 1))
    monkeypatch.setattr(sync_files, "is_placeholder", lambda info: True)
    opened: list[object] = []
    monkeypatch.setattr(sync_files, "open", lambda *a: opened.append(a), raising=False)
    (result,) = homes.a.read().bundles
    assert result.status == "waiting" and "placeholder" in result.reason
    assert opened == [] and homes.a.journal.received() == []


def test_placeholders_are_told_by_their_flags() -> None:
    def info(**fields: int) -> os.stat_result:
        return cast(os.stat_result, SimpleNamespace(**fields))

    assert is_placeholder(info(st_flags=0x40000000))  # macOS: dataless
    assert is_placeholder(info(st_file_attributes=0x400000))  # Windows: recall on access
    assert is_placeholder(info(st_file_attributes=0x1000))  # Windows: offline
    assert not is_placeholder(info(st_flags=0, st_file_attributes=0x20))  # archive bit
    assert not is_placeholder(info())


# -- conflict copies and the order things arrive in ---------------------------------------


def test_among_conflict_copies_the_highest_number_wins(homes: Homes) -> None:
    path = canonical(homes)
    path.write_bytes(sealed(homes, 2, "two"))
    with_base(path, " (1)").write_bytes(sealed(homes, 5, "five"))
    with_base(path, ".sync-conflict-20261202-101500-ABCDEF").write_bytes(sealed(homes, 1, "one"))
    with_base(path, " (conflicted copy 2026-12-02)").write_bytes(sealed(homes, 4, "four"))
    report = homes.a.read()
    assert report.problems == ()
    assert sorted(statuses(report).values()) == ["loaded", "outdated", "outdated", "outdated"]
    assert lessons(homes) == ["five"]
    assert sum(result.conflict_copy for result in report.bundles) == 3

    path.write_bytes(sealed(homes, 6, "six"))  # the sender published again
    assert statuses(homes.a.read())[path.name] == "loaded"
    assert lessons(homes) == ["six"]
    with_base(path, " (1)").write_bytes(sealed(homes, 3, "three"))  # an old copy turns up
    report = homes.a.read()
    assert report.problems == () and lessons(homes) == ["six"]


def test_an_old_conflict_copy_alone_never_rolls_back_and_is_not_alarming(homes: Homes) -> None:
    path = canonical(homes)
    path.write_bytes(sealed(homes, 7, "seven"))
    homes.a.read()
    path.unlink()
    with_base(path, ".sync-conflict-20261202-101500-ABCDEF").write_bytes(sealed(homes, 2))
    report = homes.a.read()
    assert [r.status for r in report.bundles] == ["outdated"] and report.problems == ()
    assert lessons(homes) == ["seven"]


def test_out_of_order_arrival_never_rolls_back(homes: Homes) -> None:
    """Bundle 5 arrives, then bundle 3 takes its place (a second path to the same folder,
    or a restored backup): the newer entries stay, and the older file is reported."""
    path = canonical(homes)
    path.write_bytes(sealed(homes, 5, "five"))
    homes.a.read()
    path.write_bytes(sealed(homes, 3, "three"))
    report = homes.a.read()
    (result,) = report.bundles
    assert result.status == "stale" and "number 3, read 5" in result.reason
    assert lessons(homes) == ["five"]
    # with the newer one arriving beside it, the old one is only outdated
    with_base(path, " (1)").write_bytes(sealed(homes, 6)[:50])
    assert homes.a.read().problems == ()
    assert lessons(homes) == ["five"]


def test_a_damaged_copy_is_refused_and_the_others_still_load(homes: Homes) -> None:
    path = canonical(homes)
    good = sealed(homes, 2, "good")
    damaged = bytearray(sealed(homes, 9, "damaged"))
    damaged[len(damaged) // 2] ^= 0x01
    path.write_bytes(good)
    with_base(path, " (1)").write_bytes(bytes(damaged))
    (homes.a.drop / f"junk{BUNDLE_SUFFIX}").write_bytes(b"\x00\xffnot a bundle")
    report = homes.a.read()
    assert sorted(r.path.name for r in report.problems) == sorted(
        [with_base(path, " (1)").name, f"junk{BUNDLE_SUFFIX}"]
    )
    assert "damaged" in str([r.reason for r in report.problems])
    assert lessons(homes) == ["good"]


# -- a file that changes while it is read -------------------------------------------------


def test_a_bundle_replaced_mid_read_is_read_again(
    homes: Homes, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = canonical(homes)
    path.write_bytes(sealed(homes, 1, "old"))
    newer = sealed(homes, 2, "new")
    real_open = open
    calls: list[str] = []

    def open_then_replace(file: Path, mode: str) -> IO[Any]:
        handle = real_open(file, mode)
        if not calls:  # the sync tool renames the new version in once we hold the old one
            temp = file.with_name(f".syncthing.{file.name}.tmp")
            temp.write_bytes(newer)
            os.replace(temp, file)
        calls.append(str(file))
        return handle

    monkeypatch.setattr(sync_files, "open", open_then_replace, raising=False)
    report = homes.a.read()
    assert statuses(report) == {path.name: "loaded"} and len(calls) == 2
    assert lessons(homes) == ["new"]


def test_a_file_growing_on_every_read_waits(homes: Homes, monkeypatch: pytest.MonkeyPatch) -> None:
    path = canonical(homes)
    path.write_bytes(sealed(homes, 1, "read before"))
    homes.a.read()
    whole = sealed(homes, 2)
    path.write_bytes(whole[:10])
    real_open = open

    def open_and_grow(file: Path, mode: str) -> IO[Any]:
        handle = real_open(file, mode)
        with real_open(file, "ab") as writer:  # a network copy writing in place
            writer.write(whole[file.stat().st_size : file.stat().st_size + 10])
        return handle

    monkeypatch.setattr(sync_files, "open", open_and_grow, raising=False)
    (result,) = homes.a.read().bundles
    assert result.status == "waiting" and "changed while it was read" in result.reason
    assert lessons(homes) == ["read before"]


def test_a_file_too_large_for_a_bundle_is_refused_unopened(
    homes: Homes, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open(canonical(homes), "wb") as handle:  # sparse: nothing written
        handle.truncate(MAX_BUNDLE_BYTES + 1)
    monkeypatch.setattr(sync_files, "open", lambda *a: pytest.fail("opened"), raising=False)
    (result,) = homes.a.read().bundles
    assert result.status == "rejected" and "too large" in result.reason


def test_a_bundle_gone_between_listing_and_reading_is_not_an_error(tmp_path: Path) -> None:
    assert isinstance(sync_files.read_settled(tmp_path / "gone", 100), Unsettled)


def test_reading_while_bundles_are_rewritten_never_rejects_nor_rolls_back(homes: Homes) -> None:
    """A writer replaces the bundle (as sync tools do) and rewrites it in place (as a
    network copy does) while the reader reads as fast as it can."""
    path = canonical(homes)
    padding = [f"{index} " + "x" * 5_000 for index in range(4)]
    versions = [sealed(homes, number, f"v{number}", *padding) for number in range(1, 41)]
    path.write_bytes(versions[0])
    stop = threading.Event()

    def writer() -> None:
        for number, raw in enumerate(versions[1:], start=2):
            if number % 2:
                temp = path.with_name(f".syncthing.{path.name}.tmp")
                temp.write_bytes(raw)
                os.replace(temp, path)
            else:
                with open(path, "wb") as handle:  # truncate, then write in pieces
                    for start in range(0, len(raw), 4096):
                        handle.write(raw[start : start + 4096])
                        handle.flush()
            time.sleep(0.002)
        stop.set()

    thread = threading.Thread(target=writer)
    thread.start()
    seen = 0
    try:
        while not stop.is_set():
            report = homes.a.read()
            assert report.problems == (), report.problems
            (bundle,) = homes.a.journal.received() or (None,)
            if bundle is not None:
                assert bundle.sequence >= seen
                seen = bundle.sequence
    finally:
        thread.join()
    homes.a.read()
    assert homes.a.journal.received()[0].sequence == len(versions)


# -- any mixture ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mixing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Homes, list[bytes]]]:
    """An agent and a mentor, and the agent's bundles 1 to 6 for the mentor."""
    with three_homes(tmp_path_factory.mktemp("mixing")) as homes:
        yield homes, [sealed(homes, number) for number in range(1, 7)]


MARKS = ["", " (1)", " (2)", ".sync-conflict-20261202-101500-ABCDEF", " (conflicted copy x)"]
TEMPS = [".syncthing.{}.tmp", "~${}", "{}.partial", "{}.part", "{}.crdownload", ".{}"]
file_kinds = st.one_of(
    st.tuples(st.just("whole"), st.integers(0, 5), st.sampled_from(MARKS)),
    st.tuples(st.just("cut"), st.integers(0, 5), st.sampled_from(MARKS), st.floats(0, 0.999)),
    st.tuples(st.just("temp"), st.integers(0, 5), st.sampled_from(TEMPS)),
    st.tuples(st.just("flipped"), st.integers(0, 5), st.sampled_from(MARKS), st.floats(0, 0.999)),
    st.tuples(st.just("junk"), st.binary(max_size=64), st.sampled_from(MARKS)),
    st.tuples(st.just("empty"), st.sampled_from(MARKS)),
)


def _mixture_file(kind: tuple[Any, ...], bundles: list[bytes]) -> tuple[str, bytes, int]:
    """The name and bytes of one file of a mixture, and the bundle number it holds whole
    under a name that is read (0: none)."""
    base = "sam-abcd2345-to-ana"
    what = kind[0]
    if what == "temp":
        return kind[2].format(base + BUNDLE_SUFFIX), bundles[kind[1]], 0
    if what == "empty":
        return base + kind[1] + BUNDLE_SUFFIX, b"", 0
    if what == "junk":
        return base + kind[2] + BUNDLE_SUFFIX, kind[1], 0
    raw, name = bundles[kind[1]], base + kind[2] + BUNDLE_SUFFIX
    if what == "whole":
        return name, raw, kind[1] + 1
    if what == "cut":
        return name, raw[: int(kind[3] * len(raw))], 0
    changed = bytearray(raw)
    changed[int(kind[3] * len(changed))] ^= 0x01
    return name, bytes(changed), 0


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.lists(file_kinds, max_size=6), min_size=1, max_size=4))
def test_any_mixture_never_raises_never_rolls_back_and_the_newest_wins(
    mixing: tuple[Homes, list[bytes]], steps: list[list[tuple[Any, ...]]]
) -> None:
    """Each step leaves a new mixture in the inbox and reads it: whatever it holds, the
    mentor ends up with the highest number ever found whole, and only damaged files (or an
    older file where the newest was) are problems."""
    homes, bundles = mixing
    contact = Contact.create("sam", homes.agent.identity.public_key_text)
    with tempfile.TemporaryDirectory() as base:
        inbox = Path(base) / "inbox"
        with Journal.open(Path(base) / "mentor", clock=lambda: FIXED_NOW) as journal:
            journal.add_contact(contact)
            read = 0
            for files in steps:
                shutil.rmtree(inbox, ignore_errors=True)
                inbox.mkdir()
                mixture: dict[str, tuple[bytes, int]] = {}
                for kind in files:  # two files of one name: the later one stands
                    name, data, number = _mixture_file(kind, bundles)
                    mixture[name] = (data, number)
                for name, (data, _) in mixture.items():
                    (inbox / name).write_bytes(data)
                newest_whole = max((number for _, number in mixture.values()), default=0)
                report = receive(journal, homes.a.identity, [inbox])
                for result in report.problems:
                    assert result.status in ("rejected", "not_for_me", "stale"), result
                    assert result.status != "stale" or newest_whole <= read
                got = journal.received()
                now_read = got[0].sequence if got else 0
                assert now_read == max(read, newest_whole)  # the newest wins, never back
                read = now_read


# -- publishing ----------------------------------------------------------------------------


def test_publishing_writes_through_a_name_syncthing_never_scans(
    homes: Homes, monkeypatch: pytest.MonkeyPatch
) -> None:
    renames: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(source: Any, target: Any) -> None:
        renames.append((os.path.basename(source), os.path.basename(target)))
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    agent = homes.agent.journal
    agent.share(agent.create({"lesson": "breathe"}).id, "ana")
    publish(agent, homes.agent.identity)
    ((temp, final),) = [pair for pair in renames if pair[1].endswith(BUNDLE_SUFFIX)]
    assert final == canonical(homes).name
    # what Syncthing's scanner skips: fs.IsTemporary, the ".syncthing." prefix
    assert temp.startswith(f".syncthing.{final}.") and temp.endswith(".tmp")
    assert is_temporary(temp) and len(temp.encode()) < 255
    assert sorted(p.name for p in homes.a.drop.iterdir()) == [final]


def test_publishing_removes_my_old_conflict_copies_and_leftovers_only(homes: Homes) -> None:
    agent = homes.agent.journal
    entry = agent.create({"lesson": "shared, then taken back"})
    agent.share(entry.id, "ana")
    publish(agent, homes.agent.identity)
    path = canonical(homes)
    mine = with_base(path, ".sync-conflict-20261202-101500-ABCDEF")
    shutil.copy(path, mine)  # an old version of mine, holding the entry
    cut = with_base(path, " (1)")
    cut.write_bytes(path.read_bytes()[:40])  # still arriving: cannot be checked, kept
    other = with_base(path, " (2)")
    other.write_bytes(sealed(homes, 1)[:-2] + b"x}")  # not a bundle of mine, kept
    to_bo = homes.a.drop / f"{bundle_name(homes.agent.identity, agent.contact('bo'))}"
    shutil.copy(path, with_base(to_bo, " (1)"))  # a copy of another name, kept
    old_temp = homes.a.drop / f".syncthing.{path.name}.abc123.tmp"
    new_temp = homes.a.drop / f".syncthing.{path.name}.def456.tmp"
    syncthing_own = homes.a.drop / f".syncthing.{path.name}.tmp"
    for temp in (old_temp, new_temp, syncthing_own):
        temp.write_bytes(b"half")
    hours_ago = time.time() - 2 * 3600
    os.utime(old_temp, (hours_ago, hours_ago))
    os.utime(syncthing_own, (hours_ago, hours_ago))

    agent.clock = lambda: FIXED_NOW + timedelta(minutes=5)
    agent.unshare(entry.id, "ana")
    (result,) = publish(agent, homes.agent.identity, to="ana").results
    assert result.tidied == 2 and "2 old copies removed" in result.message
    left = {p.name for p in homes.a.drop.iterdir()}
    assert mine.name not in left and old_temp.name not in left
    assert {cut.name, other.name, new_temp.name, syncthing_own.name} <= left
    assert [r.path.name for r in homes.a.read().problems] == [other.name]
    assert received_ids(homes.a) == {"sam": set()}


# -- who may read a bundle -----------------------------------------------------------------


def _can_chmod(folder: Path) -> bool:
    probe = folder / "probe"
    probe.write_bytes(b"")
    probe.chmod(0o640)
    able = stat.S_IMODE(probe.stat().st_mode) == 0o640
    probe.unlink()
    return able and os.name == "posix"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_bundles_are_owner_only_unless_the_group_may_read_them(homes: Homes) -> None:
    if not _can_chmod(homes.a.drop):
        pytest.skip("this system cannot set file modes")
    agent = homes.agent.journal
    agent.share(agent.create({"lesson": "for the group"}).id, "ana")
    publish(agent, homes.agent.identity)
    assert _mode(canonical(homes)) == 0o600

    agent.paths.config.write_text('bundle_mode = "group"\n')
    old_umask = os.umask(0o077)  # the account's umask does not decide
    try:
        publish(agent, homes.agent.identity)
        agent.create({"lesson": "the journal is written again"})
    finally:
        os.umask(old_umask)
    assert _mode(canonical(homes)) == 0o640
    home = agent.paths
    for private in (home.journal, home.keys / "identity.json", home.keys / "published.json"):
        assert _mode(private) == 0o600, private
    assert all(_mode(backup) == 0o600 for backup in home.backups.iterdir())
    assert homes.a.read().loaded  # still read as before: only who may open the file changed

    agent.paths.config.write_text('bundle_mode = "owner"\n')
    publish(agent, homes.agent.identity)
    assert _mode(canonical(homes)) == 0o600


def test_a_bundle_mode_that_is_not_known_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('bundle_mode = "world"\n')
    with pytest.raises(ConfigError, match=r'"owner" .* or "group"'):
        load_config(config)
    config.write_text("")
    assert load_config(config).bundle_mode == "owner"


def test_a_bundle_another_account_kept_to_itself_says_what_to_change(
    homes: Homes, monkeypatch: pytest.MonkeyPatch
) -> None:
    canonical(homes).write_bytes(sealed(homes, 1))

    def denied(path: Path, limit: int) -> bytes:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("reflect.sharing.read_settled", denied)
    (result,) = homes.a.read().bundles
    assert result.problem and 'bundle_mode = "group"' in result.reason
    assert "\n" not in result.message
