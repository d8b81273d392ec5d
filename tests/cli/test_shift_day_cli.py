"""``reflect add`` after midnight files under the night shift's day (``day_starts_at``)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner, Result

from reflect.cli import Runtime, cli


def run_at(moment: datetime, home: Path, *args: str) -> Result:
    runtime = Runtime(clock=lambda: moment, run_app=lambda home, demo: None)
    return CliRunner().invoke(cli, ["--home", str(home), *args], obj=runtime)


NIGHT = datetime(2026, 12, 3, 1, 30, tzinfo=UTC)


def days(home: Path) -> list[str]:
    result = run_at(NIGHT, home, "list", "--json")
    assert result.exit_code == 0, result.output
    return [entry["shift_date"] for entry in json.loads(result.stdout)]


def test_a_reflection_at_half_past_one_belongs_to_the_evening_before(isolated_home: Path) -> None:
    assert run_at(NIGHT, isolated_home, "add", "--challenge", "late queue").exit_code == 0
    assert days(isolated_home) == ["2026-12-02"]


def test_yesterday_counts_back_from_the_shift_day(isolated_home: Path) -> None:
    added = run_at(NIGHT, isolated_home, "add", "--challenge", "x", "--date", "yesterday")
    assert added.exit_code == 0, added.output
    assert days(isolated_home) == ["2026-12-01"]


def test_the_setting_moves_the_start_of_the_day(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text('day_starts_at = "00:00"\n')
    assert run_at(NIGHT, isolated_home, "add", "--challenge", "early start").exit_code == 0
    assert days(isolated_home) == ["2026-12-03"]


def test_a_bad_setting_is_one_line_and_writes_nothing(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    (isolated_home / "config.toml").write_text('day_starts_at = "25:00"\n')
    result = run_at(NIGHT, isolated_home, "add", "--challenge", "x")
    assert result.exit_code == 1
    assert "day_starts_at" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert (
        not (isolated_home / "journal.json").exists()
        or "x" not in (isolated_home / "journal.json").read_text()
    )
