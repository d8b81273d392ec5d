"""Summary speed in a 10k-entry journal: one month, a whole year as a span of days, and
the year in review (month by month, with the lessons that came back).

Entries are read once (as the CLI does) and the theme lexicon is loaded before timing,
since both are paid once per process, not per summary. Prints milliseconds and the ratio
to the one-month figure. Run: .venv/bin/python benchmarks/summary_speed.py
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import synthetic_entries
from benchmarks.timing import median_ms
from reflect.summary import DaysOff, Summary, html, markdown, summarize_month, summarize_range
from reflect.summary.year import summarize_year
from reflect.themes import ThemeLexicon

SIZE = 10_000
REPEATS = 15
GOAL_MS = 100.0
TODAY = date(2026, 11, 24)  # the synthetic journal's last entry is the day before


def measure() -> dict[str, float]:
    entries = synthetic_entries(SIZE)
    lexicon = ThemeLexicon.bundled()
    weekends = DaysOff(["saturday", "sunday"])
    year = (date(2025, 11, 1), date(2026, 10, 31))

    def month() -> Summary:
        return summarize_month(entries, 2026, 10, today=TODAY, lexicon=lexicon)

    def whole_year() -> Summary:
        return summarize_range(entries, *year, today=TODAY, lexicon=lexicon)

    october = month()
    return {
        "one month": median_ms(month),
        "one month, weekends off": median_ms(
            lambda: summarize_month(
                entries, 2026, 10, today=TODAY, lexicon=lexicon, days_off=weekends
            )
        ),
        "a whole year": median_ms(whole_year),
        "year in review": median_ms(
            lambda: summarize_year(entries, 2026, today=TODAY, lexicon=lexicon)
        ),
        "month as Markdown": median_ms(lambda: markdown.render(october)),
        "month as HTML": median_ms(lambda: html.render(october)),
    }


def main() -> None:
    results = measure()
    base = results["one month"]
    print(f"summary of a {SIZE:,}-entry journal (median of {REPEATS})")
    print(f"{'operation':<26}{'ms':>10}{'ratio':>9}")
    for name, value in results.items():
        print(f"{name:<26}{value:>10.2f}{value / base:>8.1f}x")
    worst = max(results["one month"], results["a whole year"], results["year in review"])
    verdict = "meets" if worst < GOAL_MS else "MISSES"
    print(f"\nslowest summary: {worst:.1f} ms, {verdict} the {GOAL_MS:.0f} ms goal")


if __name__ == "__main__":
    main()
