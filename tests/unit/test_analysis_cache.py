"""The match index's analyses kept on disk: a fresh process ranks exactly as one that
analysed everything itself, an entry edited since is analysed again, and a file that is
damaged, stale or from another lexicon is ignored, never trusted."""

from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import orjson
import pytest

from reflect.analysis_cache import FILE_NAME, AnalysisCache
from reflect.journal import Journal
from reflect.match import MatchIndex, analysis_cache_for
from tests.conftest import FIXED_NOW

TODAY = FIXED_NOW.date()
CHALLENGES = [
    "irate cx shouted about a refund that was three weeks late",
    "QA dinged me for not reading the disclosure",
    "the sup moved my shift again with a day's notice",
    "a widow needed to close her late husband's account",
    "system outage, the queue went red for an hour",
]


@pytest.fixture
def filled(journal: Journal) -> Journal:
    for number, challenge in enumerate(CHALLENGES):
        journal.create(
            {"challenge": challenge, "lesson": f"lesson {number}", "tags": ["floor"]},
            shift_date=date(2026, 11, 1 + number),
        )
    return journal


def _ranked(index: MatchIndex, text: str) -> list[tuple[str, float, tuple[str, ...]]]:
    return [
        (match.entry.id, round(match.score, 9), match.reasons)
        for match in index.search(text, limit=5, today=TODAY)
    ]


QUERIES = ["angry customer about a late refund", "quality review marked me down", "rota"]


def test_a_fresh_process_ranks_exactly_as_a_full_analysis(filled: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    first = analysis_cache_for(folder)
    built = MatchIndex.from_journal(filled, analysis=first)
    first.save()
    assert (folder / FILE_NAME).exists()
    kept = analysis_cache_for(folder)
    assert len(kept) == len(CHALLENGES)
    reread = MatchIndex.from_journal(filled, analysis=kept)
    plain = MatchIndex.from_journal(filled)
    for query in QUERIES:
        assert _ranked(reread, query) == _ranked(plain, query) == _ranked(built, query)
    assert stat.S_IMODE((folder / FILE_NAME).stat().st_mode) == 0o600


def test_an_entry_edited_since_is_analysed_again(filled: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = analysis_cache_for(folder)
    MatchIndex.from_journal(filled, analysis=cache)
    cache.save()
    target = filled.entries()[-1]  # the refund one, the oldest
    filled.update(target.id, challenge="the roster changed overnight, no warning")
    index = MatchIndex.from_journal(filled, analysis=analysis_cache_for(folder))
    assert _ranked(index, "rota changed") == _ranked(
        MatchIndex.from_journal(filled), "rota changed"
    )
    assert target.id in {found[0] for found in _ranked(index, "roster changed overnight")}


@pytest.mark.parametrize(
    "damage",
    [
        b"not json",
        b'{"format": "reflect-match-analysis", "version": 1, "fingerprint": "other", '
        b'"entries": {}}',
        b"[]",
    ],
)
def test_a_damaged_or_foreign_file_is_ignored(
    filled: Journal, tmp_path: Path, damage: bytes
) -> None:
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / FILE_NAME).write_bytes(damage)
    cache = analysis_cache_for(folder)
    assert len(cache) == 0
    index = MatchIndex.from_journal(filled, analysis=cache)
    assert _ranked(index, QUERIES[0]) == _ranked(MatchIndex.from_journal(filled), QUERIES[0])
    cache.save()
    assert len(analysis_cache_for(folder)) == len(CHALLENGES)


def test_a_kept_analysis_with_other_texts_is_not_used(filled: Journal, tmp_path: Path) -> None:
    """Hand-edited or out of date: a record whose digest does not match is analysed again."""
    folder = tmp_path / "cache"
    cache = analysis_cache_for(folder)
    MatchIndex.from_journal(filled, analysis=cache)
    cache.save()
    document = orjson.loads((folder / FILE_NAME).read_bytes())
    for record in document["entries"].values():
        record[1] = {"nonsense": 9.0}  # terms that no text of the entry holds
        record[0] = "0" * 24
    (folder / FILE_NAME).write_bytes(orjson.dumps(document))
    index = MatchIndex.from_journal(filled, analysis=analysis_cache_for(folder))
    assert _ranked(index, QUERIES[1]) == _ranked(MatchIndex.from_journal(filled), QUERIES[1])


def test_entries_that_left_the_journal_leave_the_file(filled: Journal, tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    cache = analysis_cache_for(folder)
    MatchIndex.from_journal(filled, analysis=cache)
    cache.save()
    gone = filled.entries()[0]
    filled.delete(gone.id)
    again = analysis_cache_for(folder)
    MatchIndex.from_journal(filled, analysis=again)
    again.save()
    kept = orjson.loads((folder / FILE_NAME).read_bytes())["entries"]
    assert len(kept) == len(CHALLENGES) - 1 and not any(gone.id in key for key in kept)


def test_an_unwritable_cache_folder_is_not_an_error(filled: Journal, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    cache = AnalysisCache(blocker, "x")
    MatchIndex.from_journal(filled, analysis=cache)
    cache.save()  # nothing raised; the next process analyses again
