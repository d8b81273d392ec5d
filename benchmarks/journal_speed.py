"""Journal speed at 1k and 10k entries: open, add one entry, list a month.

Prints milliseconds and the ratio to the 1k figure, so growth shows. Run: make bench
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import synthetic_entries
from benchmarks.timing import median_ms, print_growth
from reflect.journal import Journal

SIZES = (1_000, 10_000)
REPEATS = 15


def measure(size: int, root: Path) -> dict[str, float]:
    home = root / f"home-{size}"
    Journal.open(home).import_entries(synthetic_entries(size))
    journal = Journal.open(home)

    def open_journal() -> None:
        opened = Journal.open(home)
        len(opened)  # parse every entry, as the first screen or command does
        opened.close()

    counter = iter(range(10**6))
    last_month = (date(2026, 10, 1), date(2026, 10, 31))
    return {
        "open journal": median_ms(open_journal, 7),
        "add one entry": median_ms(lambda: journal.create({"challenge": f"bench {next(counter)}"})),
        "list a month": median_ms(lambda: journal.entries(start=last_month[0], end=last_month[1])),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        results = {size: measure(size, Path(folder)) for size in SIZES}
    print_growth(results, SIZES)
    add_10k = results[10_000]["add one entry"]
    verdict = "meets" if add_10k < 50 else "MISSES"
    print(f"\nadd one entry at 10k: {add_10k:.1f} ms, {verdict} the 50 ms goal")


if __name__ == "__main__":
    main()
