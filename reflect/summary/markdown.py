"""The summary as a Markdown document a person keeps or sends (``--format md``).

Readable as plain text and rendered alike. The person's own words are escaped just
enough that a ``*`` or a ``<b>`` in them stays a character instead of becoming markup.
"""

from __future__ import annotations

import re

from reflect.summary.period import HARD_DAY_MOOD, DayCell, Excerpt, Summary, month_grids
from reflect.summary.words import (
    KEEP_NOTE,
    KEEP_TITLES,
    NO_BRIGHT_SPOTS,
    NO_RETURNING,
    WEEKDAY_HEADINGS,
    YEAR_LESSONS_NOTE,
    bright_lines,
    days_text,
    empty_message,
    figure_rows,
    keep_why,
    long_date,
    month_name,
    month_short,
    month_title,
    mood_cell,
    mood_text,
    mood_word,
    period_line,
    returning_months,
    returning_why,
    returning_wordings,
    short_date,
    trend_sentence,
)
from reflect.summary.year import YearSummary

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(\s*)([-+=>#]|\d+[.)])")
_LISTS = (("Gratitude", "gratitude"), ("Kindness", "kindness"), ("Lessons", "lessons"))


def render(summary: Summary) -> str:
    """The whole document, ending in a newline."""
    lines = [f"# Reflections: {summary.title}", "", f"_{period_line(summary)}_", ""]
    if summary.is_empty:
        lines += [empty_message(summary), ""]
    lines += _figures(summary)
    lines += _calendar(summary)
    if not summary.is_empty:
        lines += _mood(summary)
        lines += _counted(
            "Themes",
            [(theme.label, theme.entries) for theme in summary.themes],
            "No known themes in this period's challenges.",
        )
        lines += _counted(
            "Tags", [(f"#{tag.tag}", tag.entries) for tag in summary.tags], "No tags used."
        )
        lines += _keep(summary)
        for title, name in _LISTS:
            lines += _excerpts(title, getattr(summary, name))
        lines += _bright(summary)
        lines += _hardest(summary)
    return "\n".join(lines).rstrip("\n") + "\n"


def render_year(year: YearSummary) -> str:
    """The year in review as one document, ending in a newline."""
    lines = [f"# Reflections: {year.title}", "", f"_{period_line(year)}_", ""]
    if year.is_empty:
        lines += [empty_message(year), ""]
    lines += _figures(year)
    if not year.is_empty:
        lines += ["## Month by month", ""]
        lines += ["| month | entries | days | longest streak | mood |"]
        lines += ["| --- | ---: | ---: | ---: | ---: |"]
        for month in year.months:
            figures = month.figures
            streak = days_text(figures.longest_streak) if figures.days_reflected else ""
            cells = [month_name(month.label), str(figures.entries), str(figures.days_reflected)]
            cells += [streak, mood_cell(figures.mood_average)]
            lines.append("| " + " | ".join(cells) + " |")
        lines += ["", "## Themes through the year", ""]
        if year.themes:
            names = [month_short(month.label) for month in year.months]
            lines += ["| theme | " + " | ".join(names) + " | all |"]
            lines += ["| --- |" + " ---: |" * 13]
            for theme in year.themes:
                counts = " | ".join(str(count) if count else "" for count in theme.by_month)
                lines.append(f"| {escape(theme.label)} | {counts} | {theme.entries} |")
        else:
            lines.append("_No known themes this year._")
        lines.append("")
        lines += _counted(
            "Tags", [(f"#{tag.tag}", tag.entries) for tag in year.tags], "No tags used."
        )
        lines += ["## Lessons that came back most", ""]
        for item in year.lessons:
            lines.append(f"### {escape(item.lesson.text)}")
            lines += ["", f"_In {returning_months(item)}; {escape(returning_why(item))}._", ""]
            for excerpt in returning_wordings(item):
                lines.append(
                    f"- **{short_date(excerpt.shift_date)}**: {escape(excerpt.text, '  ')}"
                )
            lines.append("")
        lines += [f"_{NO_RETURNING if not year.lessons else YEAR_LESSONS_NOTE}_", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def escape(text: str, indent: str = "") -> str:
    """User text made inert; extra lines are indented to stay inside a list item."""
    out = []
    for number, line in enumerate(text.splitlines() or [""]):
        line = _ENTITY.sub(r"\\&", _SPECIAL.sub(r"\\\1", line))
        out.append(_BLOCK_START.sub(r"\1\\\2", line) if number else line)
    return ("  \n" + indent).join(out)


def _figures(summary: Summary | YearSummary) -> list[str]:
    rows = figure_rows(summary)
    if isinstance(summary, YearSummary) or summary.previous is None:
        table = ["| | |", "| --- | ---: |", *(f"| {row.name} | {row.now} |" for row in rows)]
    else:
        table = [
            f"| | {summary.title} | {summary.previous_title} | change |",
            "| --- | ---: | ---: | ---: |",
            *(f"| {row.name} | {row.now} | {row.before} | {row.change} |" for row in rows),
        ]
    return ["## Figures", "", *table, ""]


def _calendar(summary: Summary) -> list[str]:
    cells = {cell.day: cell for cell in summary.days}
    grids = month_grids(summary.start, summary.end)
    lines = ["## Calendar", ""]
    for grid in grids:
        if len(grids) > 1:
            lines += [f"### {month_title(grid.year, grid.month)}", ""]
        lines += [
            "| " + " | ".join(WEEKDAY_HEADINGS) + " |",
            "|" + " :-: |" * 7,
        ]
        for week in grid.weeks:
            marks = [_mark(cells[day]) if day is not None else "" for day in week]
            lines.append("| " + " | ".join(marks) + " |")
        lines.append("")
    legend = (
        "Each day shows its date, then its mood in brackets (1 very hard to 5 very good), "
        "• for a reflection without a mood, and *off* for a day off."
    )
    if summary.in_progress:
        legend += " Today is in bold."
    return [*lines, legend, ""]


def _mark(cell: DayCell) -> str:
    text = f"**{cell.day.day}**" if cell.is_today else str(cell.day.day)
    if cell.mood_average is not None:
        text += f" ({mood_text(cell.mood_average)})"
    elif cell.reflected:
        text += " •"
    if cell.is_day_off:
        text += " *off*"
    return text


def _mood(summary: Summary) -> list[str]:
    lines = ["## Mood by week", "", "| week of | entries | mood |", "| --- | ---: | ---: |"]
    for week in summary.mood_by_week:
        mood = mood_text(week.mood_average) if week.mood_average is not None else "-"
        lines.append(f"| {short_date(week.week_start)} | {week.entries} | {mood} |")
    return [*lines, "", trend_sentence(summary), ""]


def _counted(title: str, items: list[tuple[str, int]], nothing: str) -> list[str]:
    lines = [f"## {title}", ""]
    lines += [f"- {escape(label)}: {count}" for label, count in items] or [f"_{nothing}_"]
    return [*lines, ""]


def _excerpts(title: str, excerpts: tuple[Excerpt, ...]) -> list[str]:
    lines = [f"## {title}", ""]
    lines += [
        f"- **{short_date(excerpt.shift_date)}**: {escape(excerpt.text, '  ')}"
        for excerpt in excerpts
    ] or ["_Nothing written here in this period._"]
    return [*lines, ""]


def _keep(summary: Summary) -> list[str]:
    lines = ["## Three to keep", ""]
    for keep in summary.keep:
        why = keep_why(keep)
        lines.append(
            f"- **{KEEP_TITLES[keep.kind]}, {short_date(keep.excerpt.shift_date)}**: "
            f"{escape(keep.excerpt.text, '  ')}" + (f" _({escape(why)})_" if why else "")
        )
    if not summary.keep:
        lines.append("_Nothing written to keep yet._")
    return [*lines, "", f"_{KEEP_NOTE}_", ""]


def _bright(summary: Summary) -> list[str]:
    lines = ["## Bright spots", ""]
    if not summary.bright_spots:
        return [*lines, f"_{NO_BRIGHT_SPOTS}_", ""]
    for day in summary.bright_spots:
        lines += [f"### {long_date(day.shift_date)}: mood {day.mood} ({mood_word(day.mood)})", ""]
        lines += [f"- **{name}:** {escape(text, '  ')}" for name, text in bright_lines(day)]
        lines.append("")
    return lines


def _hardest(summary: Summary) -> list[str]:
    lines = ["## Hardest days", ""]
    if not summary.highlights:
        return [*lines, f"_No day in this period had a mood of {HARD_DAY_MOOD} or lower._", ""]
    for day in summary.highlights:
        lines += [f"### {long_date(day.shift_date)}: mood {day.mood} ({mood_word(day.mood)})", ""]
        for name, text in (
            ("Challenge", day.challenge),
            ("Grateful", day.grateful),
            ("Lesson", day.lesson),
        ):
            if text:
                lines.append(f"- **{name}:** {escape(text, '  ')}")
        lines.append("")
    return lines
