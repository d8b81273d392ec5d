"""Time from process start to the first painted screen, headless.

reflect on an empty journal and on a 10k-entry journal, each beside a one-widget
Textual app started the same way in the same run. Goal: 10k entries within 1.5x of the
one-widget app. Run: make bench
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import synthetic_entries  # noqa: E402
from reflect.journal import Journal  # noqa: E402

# Each child prints the wall-clock time as soon as run_test hands over (the app is mounted
# and its first screen painted), then leaves at once (os._exit): neither shutdown nor the
# journal loading that reflect starts after the first paint is counted.
ONE_WIDGET = """
import asyncio, os, time
from textual.app import App
from textual.widgets import Static
class One(App[None]):
    def compose(self):
        yield Static("hello")
async def main():
    async with One().run_test(size=(100, 30)) as pilot:
        print(time.time(), flush=True)
        os._exit(0)
asyncio.run(main())
"""

REFLECT = """
import asyncio, os, sys, time
from pathlib import Path
from reflect.tui.app import build_app
async def main():
    app = build_app(Path(sys.argv[1]))
    async with app.run_test(size=(100, 30)) as pilot:
        print(time.time(), flush=True)
        os._exit(0)
asyncio.run(main())
"""
RUNS = 7


def _median_seconds(code: str, *args: str) -> float:
    timings = []
    for _ in range(RUNS):
        started = time.time()
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            check=True,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        timings.append(float(done.stdout.split()[-1]) - started)
    return statistics.median(timings)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        empty, full = Path(folder) / "empty", Path(folder) / "full"
        Journal.open(empty).close()
        Journal.open(full).import_entries(synthetic_entries(10_000))
        baseline = _median_seconds(ONE_WIDGET)
        rows = [
            ("one-widget Textual app", baseline),
            ("reflect, empty journal", _median_seconds(REFLECT, str(empty))),
            ("reflect, 10k entries", _median_seconds(REFLECT, str(full))),
        ]
    print(f"{'process start to first paint':<30}{'median':>10}{'ratio':>8}   ({RUNS} runs each)")
    for name, seconds in rows:
        print(f"{name:<30}{seconds * 1000:>7.0f} ms{seconds / baseline:>7.2f}x")
    ratio = rows[2][1] / baseline
    verdict = "meets" if ratio <= 1.5 else "MISSES"
    print(f"\n10k entries: {ratio:.2f}x the one-widget app, {verdict} the 1.5x goal")


if __name__ == "__main__":
    main()
