"""The match index kept whole on disk: a process that loads it ranks exactly as one that
built everything itself, takes in what changed since, follows later writes, and ignores a
file that is damaged, cut short or made another way, whatever its bytes."""

from __future__ import annotations

import itertools
import stat
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reflect import kept_index
from reflect.journal import Journal
from reflect.kept_index import FILE_NAME, KeptRow
from reflect.match import MatchIndex, _made_with, analysis_cache_for, keep, load_kept
from reflect.model import Entry
from tests.conftest import FIXED_NOW
from tests.unit.test_analysis_cache import CHALLENGES as ANALYSED

TODAY = FIXED_NOW.date()
CHALLENGES = [*ANALYSED, "a caller cried about a payment she never made, a scam"]
QUERIES = [
    "angry customer about a late refund",
    "quality review marked me down",
    "rota changed",
    "the queue was red all afternoon",
    "someone scammed an older caller",
]


@pytest.fixture
def filled(isolated_home: Path) -> Iterator[Journal]:
    """Five entries, in a journal whose clock moves a second at every write (an edit moves
    ``updated_at``, as it does for a person)."""
    moments = itertools.count()

    def ticking() -> datetime:
        return FIXED_NOW + timedelta(seconds=next(moments))

    journal = Journal.open(isolated_home, clock=ticking, lock_timeout=2)
    for number, challenge in enumerate(CHALLENGES):
        journal.create(
            {"challenge": challenge, "lesson": f"lesson {number}" if number % 2 else "",
             "tags": ["floor", f"t{number}"]},
            shift_date=date(2026, 11, 1 + number),
        )  # fmt: skip
    yield journal
    journal.close()


def _ranked(index: MatchIndex, text: str) -> list[tuple[str, float, tuple[str, ...]]]:
    return [
        (match.entry.id, round(match.score, 9), match.reasons)
        for match in index.search(text, limit=5, today=TODAY)
    ]


def _kept_in(journal: Journal, folder: Path) -> None:
    index = MatchIndex.from_journal(journal)
    assert keep(index, folder)


def test_a_loaded_index_ranks_exactly_as_a_built_one(filled: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _kept_in(filled, folder)
    kept = load_kept(folder)
    assert kept is not None and len(kept) == len(CHALLENGES)
    loaded = MatchIndex.from_journal(filled, kept=kept)
    assert loaded.outdated == 0
    built = MatchIndex.from_journal(filled)
    for query in QUERIES:
        assert _ranked(loaded, query) == _ranked(built, query)
    assert [text[3:] for text in loaded.plain_texts()] == [text[3:] for text in built.plain_texts()]
    assert stat.S_IMODE((folder / FILE_NAME).stat().st_mode) == 0o600
    assert not keep(loaded, folder)  # nothing out of date: not written again


def test_what_changed_since_is_taken_in(filled: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _kept_in(filled, folder)
    entries = filled.entries()
    edited, gone = entries[0], entries[1]
    filled.update(edited.id, challenge="the roster changed overnight, no warning")
    filled.delete(gone.id)
    added = filled.create({"challenge": "a customer yelled about the refund again"})
    loaded = MatchIndex.from_journal(filled, kept=load_kept(folder))
    # rows dropped (the edited and the deleted entry) plus entries analysed (edited, new)
    assert loaded.outdated == 4
    built = MatchIndex.from_journal(filled)
    for query in [*QUERIES, "roster changed overnight", "outage"]:
        assert _ranked(loaded, query) == _ranked(built, query)
    assert edited.id in {found[0] for found in _ranked(loaded, "roster changed overnight")}
    assert gone.id not in {entry.id for entry, _ in loaded.documents()}
    assert added.id in {found[0] for found in _ranked(loaded, "yelled about the refund")}


def test_a_loaded_index_follows_later_writes(filled: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _kept_in(filled, folder)
    index = MatchIndex(analysis=analysis_cache_for(folder))
    index.attach(filled, kept=load_kept(folder))
    target = filled.entries()[-1]  # the refund one, a kept row
    assert target.id in {found[0] for found in _ranked(index, QUERIES[0])}
    filled.delete(target.id)
    assert target.id not in {found[0] for found in _ranked(index, QUERIES[0])}
    new = filled.create({"challenge": "a refund three weeks late made a caller shout"})
    assert _ranked(index, QUERIES[0])[0][0] == new.id
    for query in QUERIES:
        assert _ranked(index, query) == _ranked(MatchIndex.from_journal(filled), query)


def test_the_analyses_of_kept_rows_stay_in_the_analysis_file(
    filled: Journal, tmp_path: Path
) -> None:
    """A process that could not use the index (a reload, another version) still finds them."""
    folder = tmp_path / "cache"
    analysis = analysis_cache_for(folder)
    keep(MatchIndex.from_journal(filled, analysis=analysis), folder)
    analysis.save()
    filled.create({"challenge": "one more, analysed afresh"})
    again = analysis_cache_for(folder)
    MatchIndex.from_journal(filled, analysis=again, kept=load_kept(folder))
    again.save()
    assert len(analysis_cache_for(folder)) == len(CHALLENGES) + 1


def test_a_moment_stored_another_way_still_matches(filled: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _kept_in(filled, folder)
    kept = load_kept(folder)
    assert kept is not None
    versions = {key: value.replace("+00:00", "Z") for key, value in filled.versions().items()}
    from reflect.match import _out_of_date

    assert _out_of_date(kept, versions) == ([], [])


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut short
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),  # one bit of the last number
        lambda raw: raw.replace(b'"version":1', b'"version":9'),
        lambda raw: b"",
        lambda raw: b"\x00" * 64,
    ],
    ids=["cut-short", "bit-flipped", "other-version", "empty", "zeros"],
)
def test_a_damaged_file_is_ignored(filled: Journal, tmp_path: Path, damage: object) -> None:
    folder = tmp_path / "cache"
    _kept_in(filled, folder)
    path = folder / FILE_NAME
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]
    assert load_kept(folder) is None
    index = MatchIndex.from_journal(filled, kept=load_kept(folder))
    assert index.outdated == -1
    assert _ranked(index, QUERIES[0]) == _ranked(MatchIndex.from_journal(filled), QUERIES[0])


def test_another_lexicon_or_version_is_not_used(filled: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    _kept_in(filled, folder)
    assert kept_index.load(folder, "another fingerprint") is None
    assert kept_index.load(folder, _made_with()) is not None


def test_an_unwritable_cache_folder_is_not_an_error(filled: Journal, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    keep(MatchIndex.from_journal(filled), blocker)  # nothing raised
    assert load_kept(blocker) is None


_names = st.text(st.characters(codec="utf-8", exclude_characters="\n"), min_size=1, max_size=12)
_weights = st.dictionaries(_names, st.floats(0.01, 50, allow_nan=False), max_size=6)
_rows = st.lists(
    st.builds(
        KeptRow,
        entry_id=st.text("0123456789abcdef", min_size=1, max_size=12),
        version=st.just("2026-11-24T18:00:00+00:00"),
        length=st.floats(0, 100),
        day=st.integers(1, 800_000),
        has_lesson=st.booleans(),
        terms=_weights,
        themes=_weights,
        plain=st.tuples(st.text(max_size=20), st.text(max_size=20)),
    ),
    max_size=8,
    unique_by=lambda row: row.entry_id,
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(_rows)
def test_what_is_written_reads_back_the_same(rows: list[KeptRow]) -> None:
    kept = kept_index.decode(kept_index.encode("fp", rows), "fp")
    assert kept is not None
    assert kept.entry_ids == [row.entry_id for row in rows]
    for at, row in enumerate(rows):
        assert kept.terms.of_row(at) == row.terms
        assert kept.themes.of_row(at) == row.themes
        assert kept.plain(at) == row.plain
        assert (kept.lengths[at], kept.days[at], bool(kept.lessons[at])) == (
            row.length, row.day, row.has_lesson,
        )  # fmt: skip
    for name in {name for row in rows for name in row.terms}:
        expected = {at: row.terms[name] for at, row in enumerate(rows) if name in row.terms}
        assert kept.terms.of_name(name) == expected
        assert kept.terms.count(name) == len(expected)


@settings(max_examples=200)
@given(st.binary(max_size=400), st.integers(0, 399), st.binary(min_size=1, max_size=8))
def test_no_bytes_make_reading_fail(noise: bytes, at: int, patch: bytes) -> None:
    """Random bytes, or a real file with a few bytes changed anywhere: None or an index."""
    real = kept_index.encode("fp", [KeptRow("a1", "v", 3.0, 5, True, {"x": 1.0}, {}, ("a", ""))])
    patched = real[:at] + patch + real[at + len(patch) :]
    for raw in (noise, kept_index.MAGIC + noise, patched):
        found = kept_index.decode(raw, "fp")
        assert found is None or len(found) == 1


class _Counting(MatchIndex):
    """An index that counts the entries it cuts into words."""

    cut = 0

    def _analysed(self, entry: Entry, author: str) -> Any:
        self.cut += 1
        return super()._analysed(entry, author)


def test_a_journal_reread_after_another_process_wrote_costs_only_what_changed(
    filled: Journal, isolated_home: Path
) -> None:
    index = _Counting()
    index.attach(filled)
    assert index.cut == len(CHALLENGES)
    other = Journal.open(isolated_home, clock=lambda: FIXED_NOW + timedelta(hours=1))
    added = other.create({"challenge": "a caller yelled that his refund was late again"})
    edited = other.update(filled.entries()[-1].id, challenge="the roster changed overnight")
    other.close()
    assert filled.reload_if_changed()  # the app's one-second look, as another's write shows
    assert index.cut == len(CHALLENGES) + 2  # the new entry and the edited one, no more
    assert _ranked(index, "yelled refund late")[0][0] == added.id
    assert edited.id in {found[0] for found in _ranked(index, "roster changed overnight")}
    for query in QUERIES:
        assert _ranked(index, query) == _ranked(MatchIndex.from_journal(filled), query)
