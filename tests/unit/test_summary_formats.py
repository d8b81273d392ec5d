"""The summary's three renderings: HTML parsed for real, Markdown by section, rich text."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rich.console import Console

from reflect.formats import native
from reflect.model import Entry, make_entry
from reflect.summary import DaysOff, Summary, summarize_month, summarize_range
from reflect.summary import html as summary_html
from reflect.summary import markdown as summary_md
from reflect.summary import terminal as summary_text
from reflect.themes import ThemeLexicon

FIXTURE = Path(__file__).parent.parent / "data" / "summary_fixture.json"
TODAY = date(2026, 11, 24)
LEXICON = ThemeLexicon.from_toml(
    '[themes.refunds]\nlabel = "refunds and delays"\nterms = ["refund", "late"]\n'
    '[themes.outage]\nlabel = "system outage"\nterms = ["crashed", "was down"]\n'
)
GRATEFUL_WITH_MARKUP = "My <b>team lead</b> & I talked it through"
VOID = {"meta", "br", "rect", "line", "circle", "path", "stop"}  # rect & co. self-close in SVG


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return native.load(FIXTURE.read_bytes(), FIXTURE.name).entries


@pytest.fixture(scope="module")
def november(entries: list[Entry]) -> Summary:
    weekends = DaysOff(["saturday", "sunday"])
    return summarize_month(entries, 2026, 11, today=TODAY, lexicon=LEXICON, days_off=weekends)


@pytest.fixture(scope="module")
def march_2024(entries: list[Entry]) -> Summary:
    return summarize_month(entries, 2024, 3, today=TODAY, lexicon=LEXICON)


# -- HTML -------------------------------------------------------------------------------


@dataclass
class Page(HTMLParser):
    """What a browser would see: elements, attributes, text, and whether tags balance."""

    tags: list[str] = field(default_factory=list)
    attributes: list[tuple[str, str]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    style: str = ""
    open: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    sections: dict[str, list[str]] = field(default_factory=dict)
    svg_texts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]
        if tag not in VOID:
            self.open.append(tag)
        if tag == "section":
            self.sections[dict(attrs).get("id") or ""] = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.open[-1:]}")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and self.open[-1] == "style":
            self.style += data
            return
        self.text.append(data)
        if "svg" in self.open and self.open[-1] == "text":
            self.svg_texts.append(data)
        if "section" in self.open and self.sections:
            list(self.sections.values())[-1].append(data)


def parse(page: str) -> Page:
    parsed = Page()
    parsed.feed(page)
    parsed.close()
    return parsed


def test_html_is_one_balanced_page_without_scripts_or_urls(november: Summary) -> None:
    page = summary_html.render(november)
    parsed = parse(page)
    assert parsed.problems == [] and parsed.open == []
    assert page.startswith("<!DOCTYPE html>")
    assert "script" not in parsed.tags
    assert not {"link", "img", "iframe", "object", "embed", "base"} & set(parsed.tags)
    assert not [
        name for name, _ in parsed.attributes if name in ("src", "href") or name[:2] == "on"
    ]
    assert not re.search(r"https?:|//[a-z]", page, re.IGNORECASE)
    assert re.findall(r"url\((.)", page) == ["#"] * len(re.findall(r"url\(", page))
    assert "@page { size: A4" in parsed.style and "@media print" in parsed.style


def test_html_shows_the_figures_with_last_month(november: Summary) -> None:
    parsed = parse(summary_html.render(november))
    figures = [text.strip() for text in parsed.sections["figures"] if text.strip()]
    assert figures[:5] == ["Figures", "November 2026", "October 2026", "change", "Entries"]
    row = figures.index("Entries")
    assert figures[row : row + 4] == ["Entries", "4", "3", "+1"]
    row = figures.index("Current streak")
    assert figures[row : row + 4] == ["Current streak", "2 days", "2 days", "0"]
    row = figures.index("Mood average (1-5)")
    assert figures[row : row + 4] == ["Mood average (1-5)", "4.0", "3.0", "+1.0"]


def test_html_calendar_and_chart_read_without_colour(november: Summary) -> None:
    page = summary_html.render(november)
    parsed = parse(page)
    assert parsed.tags.count("svg") == 2  # the month and the mood chart
    calendar = page[page.index('id="calendar"') : page.index('id="mood"')]
    assert calendar.count("<rect x=") == 30  # one cell per day
    # moods are written in the cells: Nov 1 (4), 2 (5), 20 (3), 23 (4)
    moods = re.findall(r'font-size="24"[^>]*>(\d)<', calendar)
    assert moods == ["4", "5", "3", "4"]
    # nine weekend days, each labelled; the empty ones hatched as well
    assert len(re.findall(r">off<", calendar)) == 9
    assert calendar.count('fill="url(#off-2026-11)"') == 8  # Sunday 1st has a reflection
    assert 'stroke-width="3.5"' in calendar  # today outlined
    titles = [text for text in parsed.text if text.startswith("Tuesday 24 November 2026")]
    assert titles == ["Tuesday 24 November 2026, today"]
    chart = page[page.index('id="mood"') :]
    assert chart.count("<circle ") == 4 and "<polyline " in chart


def test_html_escapes_what_people_wrote(november: Summary) -> None:
    page = summary_html.render(november)
    parsed = parse(page)
    assert GRATEFUL_WITH_MARKUP in parsed.text  # read back as text...
    assert "b" not in parsed.tags and "i" not in parsed.tags  # ...never as elements
    assert "&lt;b&gt;team lead&lt;/b&gt; &amp; I" in page
    assert "&lt;script&gt;" in page


def test_html_lists_the_months_words(november: Summary) -> None:
    parsed = parse(summary_html.render(november))
    assert "Give dates, not hopes" in parsed.sections["lessons"]
    assert "Walked a new hire through the fallback" in parsed.sections["kindness"]
    assert "refunds and delays" in parsed.sections["themes"]
    assert "#outage" in parsed.sections["tags"]
    hardest = "".join(parsed.sections["hardest"])
    assert "Friday 20 November 2026: mood 3 (so-so)" in hardest
    bright = "".join(parsed.sections["bright"])
    assert bright.index("Monday 2 November 2026: mood 5") < bright.index("Sunday 1 November")
    assert GRATEFUL_WITH_MARKUP in bright
    keep = "".join(parsed.sections["keep"])
    # gratitude, lesson, gratitude: Nov 23 and Nov 20 each bring a theme (23 the better
    # mood), then none is left to bring one and Nov 2's mood of 5 decides
    assert keep.strip().startswith("Three to keep")
    assert keep.index("Grateful, 23 Nov:") < keep.index("Lesson, 20 Nov:")
    assert "(about refunds and delays)" in keep and "(a very good day)" in keep
    assert GRATEFUL_WITH_MARKUP in keep


def test_html_for_an_empty_month_is_friendly(march_2024: Summary) -> None:
    page = summary_html.render(march_2024)
    parsed = parse(page)
    assert parsed.problems == []
    assert "No reflections in March 2024. Nothing is missing: some months are like that." in (
        parsed.text
    )
    assert "February 2024" in parsed.sections["figures"]
    assert parsed.tags.count("svg") == 1  # the calendar, empty; no chart of nothing
    assert "mood" not in parsed.sections and "lessons" not in parsed.sections


def test_html_of_a_year_draws_every_month(entries: list[Entry]) -> None:
    summary = summarize_range(
        entries, date(2024, 1, 1), date(2024, 12, 31), today=TODAY, lexicon=LEXICON
    )
    page = summary_html.render(summary)
    assert parse(page).problems == []
    assert page.count("<svg ") == 13  # twelve calendars and the chart
    assert page.count("<rect x=") == 366  # a leap year, one cell a day


# -- Markdown ---------------------------------------------------------------------------

SECTIONS = [
    "## Figures",
    "## Calendar",
    "## Mood by week",
    "## Themes",
    "## Tags",
    "## Three to keep",
    "## Gratitude",
    "## Kindness",
    "## Lessons",
    "## Bright spots",
    "## Hardest days",
]


def test_markdown_has_every_section_in_order(november: Summary) -> None:
    document = summary_md.render(november)
    assert document.startswith("# Reflections: November 2026\n")
    headings = [line for line in document.splitlines() if line.startswith("## ")]
    assert headings == SECTIONS
    assert "| Entries | 4 | 3 | +1 |" in document
    assert "| Longest streak | 4 days | 2 days | +2 |" in document
    assert "| Mon | Tue | Wed | Thu | Fri | Sat | Sun |" in document
    assert "| 23 (4) | **24** | 25 | 26 | 27 | 28 *off* | 29 *off* |" in document
    assert "Mood was falling (-0.31 a week)." in document
    assert "- refunds and delays: 1" in document
    assert "- **20 Nov**: Give dates, not hopes" in document
    assert "### Friday 20 November 2026: mood 3 (so-so)" in document
    assert "### Monday 2 November 2026: mood 5 (very good)" in document
    assert "- **Lesson, 20 Nov**: Give dates, not hopes _(about refunds and delays)_" in document


def test_markdown_keeps_peoples_words_as_words(november: Summary) -> None:
    document = summary_md.render(november)
    assert r"My \<b\>team lead\</b\> & I talked it through" in document
    assert "<b>" not in document
    assert summary_md.escape("*bold* [link](x) &amp;") == r"\*bold\* \[link\](x) \&amp;"
    assert summary_md.escape("one\n# two\n- three", "  ") == "one  \n  \\# two  \n  \\- three"


def test_markdown_for_an_empty_month(march_2024: Summary) -> None:
    document = summary_md.render(march_2024)
    assert "No reflections in March 2024." in document
    headings = [line for line in document.splitlines() if line.startswith("## ")]
    assert headings == ["## Figures", "## Calendar"]
    assert "| Entries | 0 | 8 | -8 |" in document
    assert "| Mood average (1-5) | n/a | 3.0 | n/a |" in document


# -- the terminal -----------------------------------------------------------------------


def as_text(summary: Summary, width: int = 100) -> str:
    console = Console(record=True, width=width, color_system=None, file=io.StringIO())
    console.print(summary_text.render(summary))
    return console.export_text()


def test_text_shows_figures_calendar_and_lists(november: Summary) -> None:
    text = as_text(november)
    assert text.startswith("Reflections: November 2026\n")
    assert re.search(r"Entries\s+4\s+3\s+\+1", text)
    assert re.search(r"Current streak\s+2 days\s+2 days\s+0", text)
    assert re.search(r"23 4\s+▸24\s+25\s+26\s+27\s+28 off\s+29 off", text)  # marks, not colour
    headings = ("Mood", "Themes", "Tags", "Three to keep", "Gratitude", "Kindness", "Lessons")
    for heading in (*headings, "Bright spots", "Hardest days"):
        assert re.search(rf"^{heading} ─", text, re.MULTILINE), heading
    assert GRATEFUL_WITH_MARKUP in text
    assert "Friday 20 November 2026   3  so-so" in text
    assert "Monday 2 November 2026   5  very good" in text
    assert re.search(r"Lesson, 20 Nov\s+Give dates, not hopes  \(about refunds and delays\)", text)


def test_text_mood_chart_names_every_day_and_mood() -> None:
    """Each day has a column under its date; a bar's top is its mood, rows are named."""
    now = datetime(2026, 11, 24, 18, tzinfo=UTC)
    moods = {1: 4, 2: 5, 3: None, 20: 1, 30: 3}
    entries = [
        make_entry({"challenge": "x", "mood": mood}, shift_date=date(2026, 11, day), now=now)
        for day, mood in moods.items()
    ]
    summary = summarize_month(entries, 2026, 11, today=TODAY, lexicon=LEXICON)
    for width, blocks in ((100, 1), (70, 2), (40, 3)):
        console = Console(record=True, width=width, color_system=None, file=io.StringIO())
        console.print(summary_text.mood_chart(summary))
        lines = console.export_text().splitlines()
        assert all(len(line.rstrip()) <= width for line in lines)
        numbers = [line for line in lines if re.fullmatch(r"\s*(\d+\s+)*\d+\s*", line)]
        assert len(numbers) == blocks
        days = [int(number) for line in numbers for number in line.split()]
        assert days == list(range(1, 31))  # every day, in order
        for day, mood in moods.items():
            line = next(line for line in numbers if f" {day:>2} " in f"{line} ")
            column = f"{line} ".index(f" {day:>2} ") + 1
            block = lines[lines.index(line) - 5 : lines.index(line)]
            column_marks = [row[column : column + 2] for row in block]
            if mood is None:
                assert column_marks[-1].strip() == "•"
            else:
                top = 5 - mood
                assert column_marks[top].strip() == str(mood), (day, column_marks)
                assert all(mark == "██" for mark in column_marks[top + 1 :])
                assert all(not mark.strip() for mark in column_marks[:top])
        assert [row.split()[0] for row in lines[:5]] == ["very", "good", "so-so", "hard", "very"]


def test_text_never_reads_markup_in_peoples_words() -> None:
    now = datetime(2026, 11, 24, 18, tzinfo=UTC)
    entry = make_entry(
        {"challenge": "[bold red]not markup[/]", "lesson": "[link=x]y[/link]", "mood": 2},
        shift_date=date(2026, 11, 3),
        now=now,
    )
    text = as_text(summarize_month([entry], 2026, 11, today=TODAY, lexicon=LEXICON))
    assert "[bold red]not markup[/]" in text and "[link=x]y[/link]" in text


def test_text_for_an_empty_month_and_a_long_range(
    march_2024: Summary, entries: list[Entry]
) -> None:
    text = as_text(march_2024)
    assert "No reflections in March 2024." in text
    assert "Gratitude" not in text
    long = summarize_range(
        entries, date(2024, 1, 15), date(2024, 3, 5), today=TODAY, lexicon=LEXICON
    )
    text = as_text(long, width=120)
    assert all(month in text for month in ("January 2024", "February 2024", "March 2024"))


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.mark.parametrize("width", [60, 100, 120])
def test_no_line_of_the_text_ends_in_blanks(
    november: Summary, march_2024: Summary, entries: list[Entry], width: int
) -> None:
    """Plain (a file, a pipe) and coloured (a terminal) alike, and the colours change no
    character of the layout."""
    long = summarize_range(
        entries, date(2024, 1, 15), date(2024, 3, 5), today=TODAY, lexicon=LEXICON
    )
    for summary in (november, march_2024, long):
        plain = summary_text.as_text(summary, width=width)
        coloured = summary_text.as_text(summary, width=width, color=True)
        assert "\x1b[" in coloured and "\x1b[" not in plain
        assert plain.endswith("\n")
        lines = plain.splitlines()
        assert [line for line in lines if line != line.rstrip()] == []
        assert _ANSI.sub("", coloured).splitlines() == lines
        assert "Reflections:" in lines[0] and any("Mo" in line for line in lines)


def test_the_summary_core_loads_neither_textual_nor_click() -> None:
    modules = ["reflect.summary", "reflect.summary.markdown", "reflect.summary.html"]
    modules.append("reflect.summary.terminal")
    code = (
        f"import sys\nfor name in {modules!r}: __import__(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'click')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
