"""Match speed: the word-and-theme index at 1k and 10k entries, then meaning at 10k.

A write (add, remove) touches only that entry's postings, so it should not grow with the
journal (length norms are adjusted, not redone), and the search after it costs no more.

Build is timed as in a fresh process: no word of the journal stemmed yet, the theme
lexicon loaded (that load, once per process, is timed apart). Query latency is the
median and 95th percentile over 200 varied queries. Prints milliseconds and the ratio
to the 1k figure. Run:
``.venv/bin/python benchmarks/match_speed.py``
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.timing import print_growth
from benchmarks.varied import varied_entries, varied_queries
from reflect.match import MatchIndex
from reflect.seed_files import read_seed
from reflect.themes import ThemeLexicon
from reflect.words import clear_stem_cache

SIZES = (1_000, 10_000)
QUERIES = 200
BUILD_REPEATS = 3
TODAY = date(2026, 11, 24)
GOAL_P95_MS = 20.0
GOAL_BUILD_MS = 1_000.0


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def measure(size: int, queries: list[str]) -> dict[str, float]:
    entries = varied_entries(size + 1)
    extra, entries = entries[-1], entries[:-1]
    builds = []
    for _ in range(BUILD_REPEATS):
        # as in a fresh process: the lexicon is loaded (its words stemmed), the journal's not
        clear_stem_cache()
        lexicon = ThemeLexicon.from_toml(read_seed("themes.toml").decode("utf-8"))
        started = time.perf_counter()
        index = MatchIndex.build(entries, lexicon=lexicon)
        builds.append(_ms(started))
    for text in queries[:20]:  # warm up: the first search computes length norms
        index.search(text, today=TODAY)
    latencies = []
    for text in queries:
        started = time.perf_counter()
        index.search(text, today=TODAY)
        latencies.append(_ms(started))
    adds, removes = [], []
    for _ in range(15):
        started = time.perf_counter()
        index.add(extra)
        adds.append(_ms(started))
        started = time.perf_counter()
        index.remove(extra.id)
        removes.append(_ms(started))
    return {
        "build index": statistics.median(builds),
        "query median": statistics.median(latencies),
        "query p95": _p95(latencies),
        "add one entry": statistics.median(adds),
        "remove one": statistics.median(removes),
    }


def main() -> None:
    started = time.perf_counter()
    ThemeLexicon.bundled()
    print(f"load theme lexicon (once per process): {_ms(started):.1f} ms\n")
    queries = varied_queries(QUERIES)
    results = {size: measure(size, queries) for size in SIZES}
    print_growth(results, SIZES)
    big = results[SIZES[-1]]
    p95, build = big["query p95"], big["build index"]
    print()
    print(f"query p95 at 10k: {p95:.1f} ms, {_verdict(p95 < GOAL_P95_MS)} the 20 ms goal")
    print(f"build at 10k: {build:.0f} ms, {_verdict(build < GOAL_BUILD_MS)} the 1 s goal")
    measure_meaning(queries)


def measure_meaning(queries: list[str], size: int = 10_000, count: int = 100) -> None:
    """Meaning: loading the model, embedding a journal, a query at 10k entries with every
    vector cached, one save's cache update, and a whole ``reflect similar`` process."""
    import tempfile

    from reflect.meaning import MeaningSearch, OnnxEmbedder, open_cache

    started = time.perf_counter()
    embedder = OnnxEmbedder()
    embedder.load()
    loading = _ms(started)
    index = MatchIndex.build(varied_entries(size))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "vectors.bin"
        meaning = MeaningSearch(embedder, open_cache(embedder, path))
        todo = len(meaning.missing(index))
        started = time.perf_counter()
        meaning.embed_missing(index)
        embedding = _ms(started)
        warm = MeaningSearch(embedder, open_cache(embedder, path))  # a fresh process's cache
        started = time.perf_counter()
        warm.missing(index)
        cache_read = _ms(started)
        chosen = queries[:count]
        for text in chosen[:5]:
            warm.search(index, text, today=TODAY)
        words, fused = [], []
        for text in chosen:
            started = time.perf_counter()
            index.search(text, today=TODAY)
            words.append(_ms(started))
            started = time.perf_counter()
            warm.search(index, text, today=TODAY)
            fused.append(_ms(started))
        extra = varied_entries(size + 1)[-1]
        saves = []
        for number in range(10):
            changed = extra.edited(extra.updated_at, challenge=f"{extra.challenge} ({number})")
            index.add(changed)
            started = time.perf_counter()
            warm.embed_missing(index)
            saves.append(_ms(started))
    print(f"\nmeaning, {size:,} entries ({todo:,} texts to embed)")
    print(f"model load in process (SHA-256 checks included): {loading:.0f} ms")
    print(f"first embedding of the journal: {embedding / 1000:.1f} s, "
          f"{todo / (embedding / 1000):.0f} texts/s")  # fmt: skip
    print(f"reading the cache in a new process: {cache_read:.0f} ms")
    print(f"{'query':<22}{'median':>10}{'p95':>10}")
    for label, values in (("words and themes", words), ("all three signals", fused)):
        print(f"{label:<22}{statistics.median(values):>8.1f}ms{_p95(values):>8.1f}ms")
    p95 = _p95(fused)
    print(f"query p95 at 10k, cache warm: {p95:.1f} ms, {_verdict(p95 <= 30)} the 30 ms goal")
    print(f"one save's cache update at 10k: {statistics.median(saves):.1f} ms (median)")
    measure_similar_process()


def measure_similar_process(size: int = 1_000, runs: int = 5) -> None:
    """``reflect similar`` as a person waits for it: a whole process, cache warm, against
    ``reflect --version`` (the interpreter and the CLI alone) in the same run."""
    import subprocess
    import tempfile

    from benchmarks.timing import median_ms
    from reflect.journal import Journal

    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        journal = Journal.open(home)
        journal.import_entries(varied_entries(size))
        journal.close()
        command = [sys.executable, "-m", "reflect", "--home", str(home)]
        subprocess.run([*command, "similar", "warm the cache"], capture_output=True, check=True)
        similar = median_ms(
            lambda: subprocess.run(
                [*command, "similar", "cx yelled about a late refund"],
                capture_output=True, check=True,
            ),
            runs,
        )  # fmt: skip
        version = median_ms(
            lambda: subprocess.run([*command, "--version"], capture_output=True, check=True),
            runs,
        )
    print(
        f"\nreflect similar as a whole process, {size:,} entries, cache warm: {similar:.0f} ms "
        f"({similar / version:.1f}x reflect --version, {version:.0f} ms)"
    )


def _verdict(met: bool) -> str:
    return "meets" if met else "MISSES"


if __name__ == "__main__":
    main()
