"""reflect summary: every format, month words, an empty month, and bad input."""

import json
from html.parser import HTMLParser
from pathlib import Path

from tests.cli.conftest import Invoke, json_of


def _add(reflect_cli: Invoke, day: str, mood: str, challenge: str) -> None:
    result = reflect_cli("add", "--challenge", challenge, "--date", day, "--mood", mood,
                         "--grateful", f"grateful {day}", "--lesson", f"lesson {day}")  # fmt: skip
    assert result.exit_code == 0, result.stderr


def test_json_has_the_contract_keys(reflect_cli: Invoke) -> None:
    _add(reflect_cli, "2026-11-22", "2", "A caller shouted about a refund")
    _add(reflect_cli, "2026-11-23", "4", "The roster changed overnight")
    _add(reflect_cli, "2026-10-30", "3", "Queue was red all day")
    data = json_of(reflect_cli("summary", "--format", "json"))
    assert data["month"] == "2026-11"
    assert (data["entries"], data["days_reflected"], data["mood_average"]) == (2, 2, 3.0)
    assert data["current_streak"] == 2  # 22nd and 23rd; today (24th) not written yet
    assert data["gratitude"] == ["grateful 2026-11-22", "grateful 2026-11-23"]
    assert data["previous_month"]["entries"] == 1
    assert {"theme", "count"} <= set(data["themes"][0])
    october = json_of(reflect_cli("summary", "last month", "--format", "json"))
    assert october["month"] == "2026-10" and october["lessons"] == ["lesson 2026-10-30"]
    assert json_of(reflect_cli("summary", "october", "--format", "json")) == october


def test_text_md_and_html(reflect_cli: Invoke, tmp_path: Path) -> None:
    _add(reflect_cli, "2026-11-20", "3", "A <b>bold</b> & risky claim")
    text = reflect_cli("summary").stdout
    assert "November 2026" in text and "grateful 2026-11-20" in text
    markdown = reflect_cli("summary", "2026-11", "--format", "md").stdout
    assert markdown.startswith("#") and "lesson 2026-11-20" in markdown
    out = tmp_path / "november.html"
    assert reflect_cli("summary", "--format", "html", "--output", str(out)).exit_code == 0
    html = out.read_text()
    assert "<script" not in html and "<b>bold</b>" not in html and "&lt;b&gt;" in html
    HTMLParser().feed(html)  # parses


def test_an_empty_month_is_friendly(reflect_cli: Invoke) -> None:
    result = reflect_cli("summary", "2025-02", "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["entries"] == 0
    assert "No" in reflect_cli("summary", "2025-02").stdout


def test_a_month_that_cannot_be_read(reflect_cli: Invoke) -> None:
    result = reflect_cli("summary", "smarch")
    assert result.exit_code == 1 and "MONTH" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_month_that_cannot_be_read_suggests_months_and_years_not_days(
    reflect_cli: Invoke,
) -> None:
    for typed in ("foo", "the third quarter"):
        result = reflect_cli("summary", typed)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.strip() == (
            f"Error: MONTH|YEAR: cannot read {typed!r} as a month or a year: "
            "try '2026-11', 'november', 'last month' or '2026'"
        )
    for suggested in ("2026-11", "november", "last month"):  # and each suggestion works
        assert reflect_cli("summary", suggested, "--format", "json").exit_code == 0


def test_the_text_summary_has_no_trailing_blanks(reflect_cli: Invoke, tmp_path: Path) -> None:
    _add(reflect_cli, "2026-11-22", "2", "A caller shouted about a refund")
    _add(reflect_cli, "2026-11-01", "5", "A quiet Sunday")
    out = tmp_path / "november.txt"
    assert reflect_cli("summary", "--format", "text", "--output", str(out)).exit_code == 0
    for text in (reflect_cli("summary", "--format", "text").stdout, out.read_text()):
        lines = text.splitlines()
        assert "Reflections: November 2026" in lines[0] and len(lines) > 20
        assert [line for line in lines if line != line.rstrip()] == []
    empty = reflect_cli("summary", "2025-02").stdout.splitlines()
    assert empty and [line for line in empty if line != line.rstrip()] == []


def test_a_year_in_every_format(reflect_cli: Invoke, tmp_path: Path) -> None:
    _add(reflect_cli, "2026-02-03", "2", "A caller shouted about a refund")
    _add(reflect_cli, "2026-02-04", "4", "The roster changed overnight")
    _add(reflect_cli, "2026-06-10", "3", "Queue was red all day")
    _add(reflect_cli, "2026-11-23", "5", "A <b>bold</b> & quiet day")
    _add(reflect_cli, "2025-12-31", "1", "Last year's last shift")
    data = json_of(reflect_cli("summary", "2026", "--format", "json"))
    assert data["year"] == 2026 and (data["start"], data["end"]) == ("2026-01-01", "2026-12-31")
    assert len(data["months"]) == 12
    assert [month["month"] for month in data["months"]] == [f"2026-{n:02d}" for n in range(1, 13)]
    assert (data["entries"], data["days_reflected"], data["mood_average"]) == (4, 4, 3.5)
    for key in ("current_streak", "longest_streak", "themes", "tags", "lessons_that_came_back"):
        assert key in data, key
    figures = ("entries", "days_reflected", "current_streak", "longest_streak", "mood_average")
    for month in data["months"]:
        own = json_of(reflect_cli("summary", month["month"], "--format", "json"))
        assert {key: month[key] for key in figures} == {key: own[key] for key in figures}
        assert month["themes"] == own["themes"] and month["tags"] == own["tags"]
    assert sum(month["entries"] for month in data["months"]) == data["entries"]

    text = reflect_cli("summary", "2026").stdout
    assert "Reflections: 2026" in text and "Month by month" in text
    markdown = reflect_cli("summary", "2026", "--format", "md").stdout
    assert markdown.startswith("# Reflections: 2026\n") and "| February | 2 | 2 |" in markdown
    out = tmp_path / "year.html"
    result = reflect_cli("summary", "2026", "--format", "html", "--output", str(out))
    assert result.exit_code == 0 and "2026" in result.stderr
    page = out.read_text()
    assert "<b>bold</b>" not in page and "Month by month" in page
    HTMLParser().feed(page)
    assert json_of(reflect_cli("summary", "this year", "--format", "json")) == data


def test_an_unreadable_period_names_the_forms(reflect_cli: Invoke) -> None:
    for text in ("smarch", "0000", "twenty26"):
        result = reflect_cli("summary", text)
        assert result.exit_code == 1, text
        (line,) = result.stderr.strip().splitlines()
        for form in ("2026-11", "november", "last month", "'2026'"):
            assert form in line, (text, form)
