"""The summary as one self-contained, printable HTML page (``--format html``).

Everything is inline: CSS with A4 print rules, an SVG calendar and an SVG mood chart.
No scripts, no fonts or images from elsewhere, no URLs at all, so the page opens the
same offline, in a mail client, or years from now. Colour is never the only signal:
every mood is also written as a number, every reflection without one as a dot, and
days off are hatched and labelled. Every text a person wrote goes through
:func:`html.escape`.
"""

from __future__ import annotations

from datetime import date
from html import escape

from reflect.summary.palette import MOOD_COLOURS, MOOD_INK
from reflect.summary.period import (
    HARD_DAY_MOOD,
    MOOD_WORDS,
    DayCell,
    Excerpt,
    MonthGrid,
    Summary,
    month_grids,
)
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
    mood_level,
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

_CSS = """
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: #1d232b; background: #ffffff;
  font: 11pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", sans-serif; }
main { max-width: 182mm; margin: 0 auto; padding: 10mm 4mm; }
h1 { font-size: 21pt; margin: 0 0 1mm; font-weight: 650; }
h2 { font-size: 13pt; margin: 8mm 0 3mm; padding-bottom: 1mm; border-bottom: 1px solid #c9ced6; }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
.period { margin: 0; color: #4a5360; }
.empty { margin: 5mm 0; padding: 4mm 5mm; background: #f3f5f8; border-radius: 2mm; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 1mm 3mm; text-align: right; border-bottom: 1px solid #e4e7ec; }
th:first-child, td:first-child { text-align: left; padding-left: 0; }
thead th { font-weight: 600; color: #4a5360; }
.calendars { display: grid; grid-template-columns: repeat(auto-fill, minmax(54mm, 1fr)); gap: 4mm; }
.calendars.one { display: block; max-width: 120mm; }
svg { display: block; width: 100%; height: auto; }
svg text { font-family: inherit; }
.legend { font-size: 9pt; color: #4a5360; display: flex; flex-wrap: wrap; gap: 1mm 4mm;
  margin: 2mm 0 0; padding: 0; list-style: none; }
.swatch { display: inline-block; width: 3.2mm; height: 3.2mm; border: 1px solid #8a93a0;
  vertical-align: -0.4mm; margin-right: 1mm; }
.bars { list-style: none; padding: 0; margin: 0; }
.bars li { display: grid; grid-template-columns: 58mm 1fr 10mm; gap: 3mm; align-items: center;
  margin: 0 0 1mm; }
.bar { height: 3.2mm; background: #2c7bb6; border-radius: 0.6mm; }
.bars .count { text-align: right; font-variant-numeric: tabular-nums; }
.words { padding-left: 0; list-style: none; margin: 0; }
.words li { margin: 0 0 1.6mm; padding-left: 16mm; text-indent: -16mm; }
.date { display: inline-block; width: 16mm; text-indent: 0; color: #4a5360; font-size: 9.5pt; }
.weeks { columns: 4; padding: 0; margin: 0; list-style: none; font-size: 9.5pt; }
.hard { border-left: 1.2mm solid #d7191c; padding: 0 0 0 4mm; margin: 0 0 4mm; }
.hard.bright { border-left-color: #2c7bb6; }
.keep-list { padding-left: 0; list-style: none; margin: 0 0 2mm; }
.keep-list li { margin: 0 0 1.6mm; }
.why { color: #4a5360; font-size: 9.5pt; }
.months .barcell { width: 45%; }
.themes th, .themes td { padding: 1mm 1.4mm; }
.hard dl { margin: 0; display: grid; grid-template-columns: 22mm 1fr; gap: 0.5mm 3mm; }
.hard dt { color: #4a5360; }
.hard dd { margin: 0; }
.none { color: #4a5360; font-style: italic; }
footer { margin-top: 10mm; font-size: 8.5pt; color: #6b7480; }
@media print {
  main { max-width: none; padding: 0; }
  h2, h3 { break-after: avoid; }
  .keep, .hard, .words li, .bars li { break-inside: avoid; }
}
"""


def render(summary: Summary) -> str:
    """The whole page as text (UTF-8 when written)."""
    parts = _page_head(summary)
    if summary.is_empty:
        parts.append(f'<p class="empty">{escape(empty_message(summary))}</p>')
    parts += _figures(summary)
    parts += _calendars(summary)
    if not summary.is_empty:
        parts += _mood(summary)
        parts += _bars("Themes", [(t.label, t.entries) for t in summary.themes], "No known themes.")
        parts += _bars("Tags", [(f"#{t.tag}", t.entries) for t in summary.tags], "No tags used.")
        parts += _keep(summary)
        for heading, excerpts in (
            ("Gratitude", summary.gratitude),
            ("Kindness", summary.kindness),
            ("Lessons", summary.lessons),
        ):
            parts += _excerpts(heading, excerpts)
        parts += _bright(summary)
        parts += _hardest(summary)
    return _page_end(parts, summary.today)


def render_year(year: YearSummary) -> str:
    """The year in review as one page (UTF-8 when written)."""
    parts = _page_head(year)
    if year.is_empty:
        parts.append(f'<p class="empty">{escape(empty_message(year))}</p>')
    parts += _figures(year)
    if not year.is_empty:
        parts += _year_months(year)
        parts += _year_themes(year)
        parts += _bars("Tags", [(f"#{t.tag}", t.entries) for t in year.tags], "No tags used.")
        parts += _year_lessons(year)
    return _page_end(parts, year.today)


def _page_head(summary: Summary | YearSummary) -> list[str]:
    title = f"Reflections: {summary.title}"
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="period">{escape(period_line(summary))}</p>',
        "</header>",
    ]


def _page_end(parts: list[str], today: date) -> str:
    parts += [
        f"<footer>Made with reflect on {escape(long_date(today))}. "
        "Private unless you share it.</footer>",
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def text_block(text: str) -> str:
    """A person's text, escaped, with its line breaks kept."""
    return "<br>".join(escape(line) for line in text.splitlines())


def _figures(summary: Summary | YearSummary) -> list[str]:
    rows = figure_rows(summary)
    compare = isinstance(summary, Summary) and summary.previous is not None
    head = "<tr><th></th><th>" + escape(summary.title if compare else "This period") + "</th>"
    if compare:
        head += f"<th>{escape(getattr(summary, 'previous_title', None) or '')}</th><th>change</th>"
    body = []
    for row in rows:
        cells = f"<td>{escape(row.name)}</td><td>{escape(row.now)}</td>"
        if compare:
            cells += f"<td>{escape(row.before or '')}</td><td>{escape(row.change or '')}</td>"
        body.append(f"<tr>{cells}</tr>")
    return [
        '<section class="keep" id="figures">',
        "<h2>Figures</h2>",
        f"<table><thead>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>",
        "</section>",
    ]


# -- the calendar -----------------------------------------------------------------------

_CELL, _GAP, _HEAD = 60, 4, 22


def _calendars(summary: Summary) -> list[str]:
    cells = {cell.day: cell for cell in summary.days}
    grids = month_grids(summary.start, summary.end)
    several = len(grids) > 1
    svgs = [_month_svg(grid, cells, titled=several) for grid in grids]
    legend = [
        f'<li><span class="swatch" style="background:{colour}"></span>{number} {word}</li>'
        for number, (colour, word) in enumerate(zip(MOOD_COLOURS, MOOD_WORDS, strict=True), 1)
    ]
    legend += [
        "<li>• reflected, no mood</li>",
        '<li><span class="swatch" style="background:repeating-linear-gradient('
        '45deg,#ffffff 0 1px,#9aa3af 1px 2.5px)"></span>off: day off</li>',
    ]
    if summary.in_progress:
        legend.append("<li>heavy outline: today</li>")
    return [
        '<section class="keep" id="calendar">',
        "<h2>Calendar</h2>",
        f'<div class="calendars{"" if several else " one"}">{"".join(svgs)}</div>',
        f'<ul class="legend">{"".join(legend)}</ul>',
        "</section>",
    ]


def _month_svg(grid: MonthGrid, cells: dict[date, DayCell], *, titled: bool) -> str:
    top = _HEAD + (_HEAD if titled else 0)
    width = 7 * _CELL + 6 * _GAP
    height = top + len(grid.weeks) * (_CELL + _GAP)
    name = month_title(grid.year, grid.month)
    hatch = f"off-{grid.year}-{grid.month:02d}"
    parts = [
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="Calendar of {name}">',
        f"<title>Calendar of {name}</title>",
        f'<defs><pattern id="{hatch}" width="8" height="8" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#9aa3af" stroke-width="3"/></pattern></defs>',
    ]
    if titled:
        parts.append(f'<text x="0" y="16" font-size="16" font-weight="600">{name}</text>')
    for column, heading in enumerate(WEEKDAY_HEADINGS):
        x = column * (_CELL + _GAP) + _CELL / 2
        parts.append(
            f'<text x="{x:g}" y="{top - 7}" font-size="12" text-anchor="middle" '
            f'fill="#4a5360">{heading}</text>'
        )
    for row, week in enumerate(grid.weeks):
        for column, day in enumerate(week):
            if day is not None:
                x, y = column * (_CELL + _GAP), top + row * (_CELL + _GAP)
                parts.append(_day_cell(cells[day], x, y, hatch))
    parts.append("</svg>")
    return "".join(parts)


def _day_cell(cell: DayCell, x: int, y: int, hatch: str) -> str:
    described = [long_date(cell.day)]
    fill, ink = "#ffffff", "#1d232b"
    if cell.mood_average is not None:
        level = mood_level(cell.mood_average)
        fill, ink = MOOD_COLOURS[level - 1], MOOD_INK[level - 1]
    elif cell.is_day_off and not cell.reflected:
        fill = f"url(#{hatch})"
    if cell.reflected:
        described.append(f"{cell.entries} {'entry' if cell.entries == 1 else 'entries'}")
    if cell.mood_average is not None:
        described.append(f"mood {mood_text(cell.mood_average)}")
    if cell.is_day_off:
        described.append("day off")
    if cell.is_today:
        described.append("today")
    stroke, width = ("#1d232b", 3.5) if cell.is_today else ("#b8bfc9", 1)
    parts = [
        f"<g><title>{escape(', '.join(described))}</title>",
        f'<rect x="{x}" y="{y}" width="{_CELL}" height="{_CELL}" rx="5" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{width}"/>',
        f'<text x="{x + 6}" y="{y + 15}" font-size="12" fill="{ink}">{cell.day.day}</text>',
    ]
    middle_x, middle_y = x + _CELL / 2, y + _CELL / 2 + 10
    if cell.mood_average is not None:
        parts.append(
            f'<text x="{middle_x:g}" y="{middle_y:g}" font-size="24" font-weight="700" '
            f'text-anchor="middle" fill="{ink}">{mood_text(cell.mood_average)}</text>'
        )
    elif cell.reflected:
        parts.append(f'<circle cx="{middle_x:g}" cy="{middle_y - 7:g}" r="6" fill="{ink}"/>')
    if cell.is_day_off:
        parts.append(
            f'<text x="{x + _CELL - 6}" y="{y + 15}" font-size="10" text-anchor="end" '
            f'fill="{ink}">off</text>'
        )
    parts.append("</g>")
    return "".join(parts)


# -- mood -------------------------------------------------------------------------------

_TABLE_WEEKS = 10
_LONG_DAYS = 62
_CHART_W, _CHART_H = 640, 210
_LEFT, _RIGHT, _TOP, _BOTTOM = 34, 12, 12, 30


def _mood(summary: Summary) -> list[str]:
    weeks = []
    for week in summary.mood_by_week:
        mood = mood_text(week.mood_average) if week.mood_average is not None else "n/a"
        weeks.append((escape(short_date(week.week_start)), week.entries, mood))
    if len(weeks) <= _TABLE_WEEKS:
        rows = "".join(f"<tr><td>{w}</td><td>{n}</td><td>{m}</td></tr>" for w, n, m in weeks)
        table = (
            "<table><thead><tr><th>week of</th><th>entries</th><th>mood</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    else:  # a long period: a compact list in columns instead of a page-long table
        items = "".join(f"<li>{w}: {n}, mood {m}</li>" for w, n, m in weeks)
        table = f'<p>Week of: entries, mood</p><ul class="weeks">{items}</ul>'
    return [
        '<section class="keep" id="mood">',
        "<h2>Mood</h2>",
        _mood_chart(summary),
        f"<p>{escape(trend_sentence(summary))}</p>",
        table,
        "</section>",
    ]


def _mood_chart(summary: Summary) -> str:
    """Daily mood as points over a grid of the five levels.

    A month joins its points with a line; a longer period draws small points and the
    weekly averages as the line, which a year of daily zigzags would hide.
    """
    days = summary.days
    plot_w, plot_h = _CHART_W - _LEFT - _RIGHT, _CHART_H - _TOP - _BOTTOM
    step = plot_w / max(len(days) - 1, 1)

    def x_of(index: int) -> float:
        return _LEFT + (index * step if len(days) > 1 else plot_w / 2)

    def y_of(mood: float) -> float:
        return _TOP + (5 - mood) / 4 * plot_h

    parts = [
        f'<svg viewBox="0 0 {_CHART_W} {_CHART_H}" role="img" '
        f'aria-label="Mood by day, {escape(summary.title)}">',
        f"<title>Mood by day, {escape(summary.title)}</title>",
    ]
    for level in range(1, 6):
        y = y_of(level)
        parts.append(
            f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{_CHART_W - _RIGHT}" y2="{y:.1f}" '
            'stroke="#e4e7ec" stroke-width="1"/>'
            f'<text x="{_LEFT - 8}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="#4a5360">{level}</text>'
        )
    for index, cell in enumerate(days):
        if _is_tick(cell.day, len(days)):
            label = short_date(cell.day) if len(days) > _LONG_DAYS else str(cell.day.day)
            parts.append(
                f'<text x="{x_of(index):.1f}" y="{_CHART_H - 10}" font-size="11" '
                f'text-anchor="middle" fill="#4a5360">{label}</text>'
            )
    points = [
        (x_of(index), cell, cell.mood_average)
        for index, cell in enumerate(days)
        if cell.mood_average is not None
    ]
    long = len(days) > _LONG_DAYS
    if long:  # the weekly averages, each drawn at the middle of its week
        line = [
            (x_of(min(max((week.week_start - summary.start).days + 3, 0), len(days) - 1)), mood)
            for week in summary.mood_by_week
            if (mood := week.mood_average) is not None
        ]
    else:
        line = [(x, mood) for x, _, mood in points]
    if not points:
        parts.append(
            f'<text x="{_CHART_W / 2:g}" y="{_CHART_H / 2:g}" font-size="14" '
            'text-anchor="middle" fill="#4a5360">No moods recorded</text>'
        )
    if len(line) > 1:
        joined = " ".join(f"{x:.1f},{y_of(mood):.1f}" for x, mood in line)
        parts.append(
            f'<polyline points="{joined}" fill="none" stroke="#1d232b" '
            f'stroke-width="{2 if long else 1.5}"/>'
        )
    radius = 2.5 if long else 5
    for x, cell, mood in points:
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y_of(mood):.1f}" r="{radius}" '
            f'fill="{MOOD_COLOURS[mood_level(mood) - 1]}" stroke="#1d232b" stroke-width="1">'
            f"<title>{escape(long_date(cell.day))}: mood {mood_text(mood)}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _is_tick(day: date, length: int) -> bool:
    return day.day == 1 if length > _LONG_DAYS else day.day in (1, 8, 15, 22, 29)


# -- lists ------------------------------------------------------------------------------


def _bars(heading: str, items: list[tuple[str, int]], nothing: str) -> list[str]:
    top = max((count for _, count in items), default=1)
    rows = [
        f'<li><span>{escape(label)}</span><div class="bar" style="width:{100 * count / top:.0f}%">'
        f'</div><span class="count">{count}</span></li>'
        for label, count in items
    ]
    body = f'<ul class="bars">{"".join(rows)}</ul>' if rows else f'<p class="none">{nothing}</p>'
    return [f'<section id="{heading.lower()}">', f"<h2>{heading}</h2>", body, "</section>"]


def _excerpts(heading: str, excerpts: tuple[Excerpt, ...]) -> list[str]:
    rows = [
        f'<li><span class="date">{escape(short_date(excerpt.shift_date))}</span>'
        f"{text_block(excerpt.text)}</li>"
        for excerpt in excerpts
    ]
    body = (
        f'<ul class="words">{"".join(rows)}</ul>'
        if rows
        else '<p class="none">Nothing written here in this period.</p>'
    )
    return [f'<section id="{heading.lower()}">', f"<h2>{heading}</h2>", body, "</section>"]


def _keep(summary: Summary) -> list[str]:
    rows = []
    for keep in summary.keep:
        why = keep_why(keep)
        rows.append(
            f"<li><strong>{KEEP_TITLES[keep.kind]}, "
            f"{escape(short_date(keep.excerpt.shift_date))}:</strong> "
            f"{text_block(keep.excerpt.text)}"
            + (f' <span class="why">({escape(why)})</span>' if why else "")
            + "</li>"
        )
    body = (
        f'<ul class="keep-list">{"".join(rows)}</ul><p class="why">{escape(KEEP_NOTE)}</p>'
        if rows
        else '<p class="none">Nothing written to keep yet.</p>'
    )
    return ['<section id="keep">', "<h2>Three to keep</h2>", body, "</section>"]


def _bright(summary: Summary) -> list[str]:
    parts = ['<section id="bright">', "<h2>Bright spots</h2>"]
    if not summary.bright_spots:
        parts.append(f'<p class="none">{escape(NO_BRIGHT_SPOTS)}</p>')
    for day in summary.bright_spots:
        rows = "".join(
            f"<dt>{name}</dt><dd>{text_block(text)}</dd>" for name, text in bright_lines(day)
        )
        parts.append(
            '<article class="hard bright">'
            f"<h3>{escape(long_date(day.shift_date))}: mood {day.mood} "
            f"({mood_word(day.mood)})</h3><dl>{rows}</dl></article>"
        )
    return [*parts, "</section>"]


# -- the year ---------------------------------------------------------------------------


def _year_months(year: YearSummary) -> list[str]:
    top = max(month.figures.entries for month in year.months) or 1
    rows = []
    for month in year.months:
        figures = month.figures
        mood = escape(mood_cell(figures.mood_average))
        if figures.mood_average is not None:
            level = mood_level(figures.mood_average)
            mood = (
                f'<span class="swatch" style="background:{MOOD_COLOURS[level - 1]}"></span>{mood}'
            )
        streak = days_text(figures.longest_streak) if figures.days_reflected else ""
        bar = (
            f'<div class="bar" style="width:{100 * figures.entries / top:.0f}%"></div>'
            if figures.entries
            else ""
        )
        rows.append(
            f"<tr><td>{escape(month_name(month.label))}</td><td>{figures.entries}</td>"
            f"<td>{figures.days_reflected}</td><td>{escape(streak)}</td><td>{mood}</td>"
            f'<td class="barcell">{bar}</td></tr>'
        )
    head = (
        "<tr><th>month</th><th>entries</th><th>days</th><th>longest streak</th>"
        "<th>mood</th><th></th></tr>"
    )
    return [
        '<section class="keep" id="months">',
        "<h2>Month by month</h2>",
        f'<table class="months"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>',
        "</section>",
    ]


def _year_themes(year: YearSummary) -> list[str]:
    parts = ['<section id="themes">', "<h2>Themes through the year</h2>"]
    if not year.themes:
        return [*parts, '<p class="none">No known themes this year.</p>', "</section>"]
    head = "".join(f"<th>{escape(month_short(month.label))}</th>" for month in year.months)
    rows = "".join(
        f"<tr><td>{escape(theme.label)}</td>"
        + "".join(f"<td>{count or ''}</td>" for count in theme.by_month)
        + f"<td><strong>{theme.entries}</strong></td></tr>"
        for theme in year.themes
    )
    return [
        *parts,
        f'<table class="themes"><thead><tr><th>theme</th>{head}<th>all</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>",
        "</section>",
    ]


def _year_lessons(year: YearSummary) -> list[str]:
    parts = ['<section id="returning">', "<h2>Lessons that came back most</h2>"]
    if not year.lessons:
        return [*parts, f'<p class="none">{escape(NO_RETURNING)}</p>', "</section>"]
    for item in year.lessons:
        said = "".join(
            f'<li><span class="date">{escape(short_date(excerpt.shift_date))}</span>'
            f"{text_block(excerpt.text)}</li>"
            for excerpt in returning_wordings(item)
        )
        parts.append(
            '<article class="hard bright">'
            f"<h3>{text_block(item.lesson.text)}</h3>"
            f'<p class="why">In {escape(returning_months(item))}; '
            f"{escape(returning_why(item))}.</p>"
            f'<ul class="words">{said}</ul></article>'
        )
    return [*parts, f'<p class="why">{escape(YEAR_LESSONS_NOTE)}</p>', "</section>"]


def _hardest(summary: Summary) -> list[str]:
    parts = ['<section id="hardest">', "<h2>Hardest days</h2>"]
    if not summary.highlights:
        parts.append(
            f'<p class="none">No day in this period had a mood of {HARD_DAY_MOOD} or lower.</p>'
        )
    for day in summary.highlights:
        rows = "".join(
            f"<dt>{name}</dt><dd>{text_block(text)}</dd>"
            for name, text in (
                ("Challenge", day.challenge),
                ("Grateful", day.grateful),
                ("Lesson", day.lesson),
            )
            if text
        )
        parts.append(
            '<article class="hard">'
            f"<h3>{escape(long_date(day.shift_date))}: mood {day.mood} "
            f"({mood_word(day.mood)})</h3><dl>{rows}</dl></article>"
        )
    return [*parts, "</section>"]
