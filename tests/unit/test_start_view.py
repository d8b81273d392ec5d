"""The start screen's view kept beside the journal: used only for the very file it was made
from, ignored when stale or damaged, and holding no entry text."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reflect.journal import Journal
from reflect.model import make_entry
from reflect.start_view import FILE_NAME, StartView, keep, read_kept

AT = datetime(2026, 11, 20, 22, 0, tzinfo=UTC)


def add(journal: Journal, day: str, mood: int | None, hour: int, words: str = "x") -> None:
    at = AT.replace(hour=hour)
    journal.add(
        make_entry({"challenge": words, "mood": mood}, shift_date=date.fromisoformat(day), now=at)
    )


def test_the_view_counts_days_and_takes_each_days_newest_mood(journal: Journal) -> None:
    add(journal, "2026-11-19", 2, 20)
    add(journal, "2026-11-20", 2, 20)
    add(journal, "2026-11-20", 5, 23)
    view = StartView.of(journal)
    assert dict(view.days) == {"2026-11-19": 1, "2026-11-20": 2}
    assert view.mood_on(date(2026, 11, 20)) == 5 and view.entries == 3
    assert view.streak(date(2026, 11, 20)) == 2 and not view.draft_waiting


def test_kept_for_its_file_only(journal: Journal, tmp_path: Path) -> None:
    add(journal, "2026-11-20", 4, 20, words="a caller named Priya")
    view = StartView.of(journal)
    keep(tmp_path, journal.read_stamp(), view)
    assert read_kept(tmp_path, journal.file_stamp()) == view
    assert b"Priya" not in (tmp_path / FILE_NAME).read_bytes()
    add(journal, "2026-11-21", 3, 20)  # any write makes it stale
    assert read_kept(tmp_path, journal.file_stamp()) is None


def test_nothing_kept_or_read_without_a_file(tmp_path: Path) -> None:
    keep(tmp_path, None, StartView())
    assert not (tmp_path / FILE_NAME).exists()
    assert read_kept(tmp_path, None) is None


@given(st.binary(max_size=200))
def test_a_damaged_file_is_ignored(tmp_path_factory: object, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("kept")  # type: ignore[attr-defined]
    (folder / FILE_NAME).write_bytes(data)
    assert read_kept(folder, (1, 2, 3)) is None


@given(
    st.dictionaries(
        st.text(max_size=12), st.one_of(st.integers(), st.text(), st.none()), max_size=5
    )
)
def test_wrong_shapes_are_ignored(tmp_path_factory: object, days: dict[str, object]) -> None:
    import json

    folder = tmp_path_factory.mktemp("kept")  # type: ignore[attr-defined]
    data = {"format": "reflect-start-view", "version": 1, "stamp": [1, 2, 3], "days": days,
            "moods": {"2026-11-20": "five"}, "draft_waiting": False}  # fmt: skip
    (folder / FILE_NAME).write_text(json.dumps(data))
    assert read_kept(folder, (1, 2, 3)) is None
