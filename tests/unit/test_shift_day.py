"""The day a shift belongs to: a night shift's reflection after midnight files under the
evening the shift began, whatever the calendar says."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.clock import DEFAULT_DAY_STARTS_AT, shift_day
from reflect.config import ConfigError, day_start, load_config
from reflect.journal import Journal


def at(hour: int, minute: int = 0, day: int = 3) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC)


def test_before_four_in_the_morning_is_still_the_evening_before() -> None:
    assert shift_day(at(1, 30)) == date(2026, 12, 2)
    assert shift_day(at(3, 59)) == date(2026, 12, 2)
    assert shift_day(at(4, 0)) == date(2026, 12, 3)
    assert shift_day(at(23, 59)) == date(2026, 12, 3)


def test_a_day_that_starts_at_midnight_is_the_calendar_day() -> None:
    assert shift_day(at(0, 1), time(0, 0)) == date(2026, 12, 3)


@given(st.datetimes(timezones=st.just(UTC)), st.times())
def test_the_shift_day_is_the_calendar_day_or_the_one_before(moment: datetime, start: time) -> None:
    day = shift_day(moment, start)
    if moment.time() < start:
        assert day == moment.date() - timedelta(days=1) or moment.date() == date.min
    else:
        assert day == moment.date()


@pytest.mark.parametrize(
    ("written", "expected"),
    [("04:00", time(4)), ("4:30", time(4, 30)), (" 00:00 ", time(0)), ("23:59", time(23, 59))],
)
def test_day_starts_at_reads_times_as_people_write_them(written: str, expected: time) -> None:
    assert day_start(written) == expected


@given(st.one_of(st.text(max_size=12), st.from_regex(r"\A\d{1,3}:\d{1,3}\Z")))
def test_day_starts_at_takes_only_times_of_day(text: str) -> None:
    """What parses is exactly H:MM or HH:MM within the day; the rest gets one clear error."""
    shape = re.fullmatch(r"(\d{1,2}):(\d{2})", text.strip(), flags=re.ASCII)
    valid = shape is not None and int(shape[1]) < 24 and int(shape[2]) < 60
    try:
        found = day_start(text)
    except ConfigError as error:
        assert not valid
        assert str(error).startswith("day_starts_at: ")
    else:
        assert valid and shape is not None
        assert (found.hour, found.minute) == (int(shape[1]), int(shape[2]))


def test_config_reads_the_setting_and_explains_a_bad_one(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    assert load_config(path).day_starts_at == DEFAULT_DAY_STARTS_AT
    path.write_text('day_starts_at = "05:15"\n')
    assert load_config(path).day_starts_at == time(5, 15)
    path.write_text("day_starts_at = 03:00:00\n")
    assert load_config(path).day_starts_at == time(3)
    path.write_text('day_starts_at = "late"\n')
    with pytest.raises(ConfigError, match=r"config.toml: day_starts_at: .late. is not a time"):
        load_config(path)


def test_a_journal_files_a_new_entry_under_the_shift_day(isolated_home: Path) -> None:
    with Journal.open(isolated_home, clock=lambda: at(1, 30)) as journal:
        assert journal.today() == date(2026, 12, 2)
        entry = journal.create({"challenge": "a long night queue"})
    assert entry.shift_date == date(2026, 12, 2)
    with Journal.open(isolated_home, clock=lambda: at(1, 30), day_starts_at=time(0)) as journal:
        assert journal.create({"challenge": "another"}).shift_date == date(2026, 12, 3)
