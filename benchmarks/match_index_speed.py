"""How long the match index (From your past, ``reflect similar``) takes to be ready, in
process, on journals of 1k and 10k entries (``--sizes 1000,10000,50000`` for more).

Four ways a process meets its journal, each the median of a few runs:

- ``built cold``: no cache at all; every entry analysed (the first run ever);
- ``kept analyses``: ``cache/match-analysis.json`` only (the index rebuilt from the kept
  analyses of each entry, as before ``reflect.kept_index``);
- ``kept index``: ``cache/match-index.bin`` as the last run left it (the usual start);
- ``re-read``: the index attached, another process adds one entry, the journal notices
  and re-reads the file (the app's one-second look): the read, and the index taking it in.

Words and themes only: the meaning model is not loaded (``benchmarks/match_speed.py`` and
``command_speed.py`` cover it). Prints milliseconds and the ratio to the first size. Run:
``.venv/bin/python benchmarks/match_index_speed.py [--sizes 1000,10000] [--repeats 5]``
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import synthetic_entries
from benchmarks.timing import median_ms, print_growth
from reflect.journal import Journal
from reflect.kept_index import FILE_NAME as KEPT_FILE
from reflect.match import MatchIndex, analysis_cache_for, keep, load_kept
from reflect.paths import HomePaths


def _attach(home: Path) -> tuple[Journal, MatchIndex]:
    cache = HomePaths(home).cache
    journal = Journal.open(home)
    len(journal)  # read as the start screen has by then
    index = MatchIndex(analysis=analysis_cache_for(cache))
    index.attach(journal, kept=load_kept(cache))
    return journal, index


def _timed(home: Path, prepare: Callable[[], None], repeats: int) -> float:
    """Median milliseconds of opening the journal and attaching the index, ``prepare``
    (a cache removed or put back) run before each time and not counted."""
    timings = []
    for _ in range(repeats):
        prepare()
        started = time.perf_counter()
        journal, _ = _attach(home)
        timings.append((time.perf_counter() - started) * 1000)
        journal.close()
    return statistics.median(timings)


def measure(size: int, root: Path, repeats: int) -> dict[str, float]:
    home = root / f"home-{size}"
    Journal.open(home).import_entries(synthetic_entries(size))
    cache = HomePaths(home).cache
    journal, index = _attach(home)  # analyses and index kept for the next process
    assert index.analysis is not None
    index.analysis.save()
    keep(index, cache)
    journal.close()
    kept_copy = root / f"kept-{size}.bin"
    shutil.copyfile(cache / KEPT_FILE, kept_copy)
    analyses = root / f"analyses-{size}"
    shutil.copytree(cache, analyses)

    def no_cache() -> None:
        shutil.rmtree(cache, ignore_errors=True)

    def analyses_only() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.copytree(analyses, cache)
        (cache / KEPT_FILE).unlink()

    def kept_index() -> None:
        shutil.copyfile(kept_copy, cache / KEPT_FILE)

    results = {
        "built cold": _timed(home, no_cache, max(1, repeats // 2)),
        "kept analyses": _timed(home, analyses_only, repeats),
        "kept index": _timed(home, kept_index, repeats),
    }
    shutil.rmtree(cache, ignore_errors=True)
    shutil.copytree(analyses, cache)
    journal, index = _attach(home)
    other = Journal.open(home)
    counter = iter(range(10**6))

    def reread() -> None:
        other.create({"challenge": f"a caller yelled about refund {next(counter)}"})
        journal.reload_if_changed()

    results["re-read"] = median_ms(reread, repeats)
    journal.close()
    other.close()
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--repeats", type=int, default=5)
    options = parser.parse_args(argv)
    sizes = tuple(int(part) for part in options.sizes.split(","))
    with tempfile.TemporaryDirectory() as folder:
        results = {size: measure(size, Path(folder), options.repeats) for size in sizes}
    print_growth(results, sizes)


if __name__ == "__main__":
    main()
