"""Match index speed at 1k and 10k entries: build, query latency, one incremental write.

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
from reflect.text import clear_stem_cache
from reflect.themes import ThemeLexicon

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


def measure_meaning(queries: list[str], size: int = 1_000, count: int = 50) -> None:
    """With the semantic extra: what reranking by meaning adds to a query, on 1k entries.

    "first sight" embeds the query and the candidates never seen before; "entries known"
    repeats the queries, so only the query is embedded again (entries come from the
    cache, as they do once a journal has been searched a while)."""
    from reflect.semantic import EmbeddingCache, MiniLMEmbedder, SemanticReranker, available

    if not available():
        print("\n(the semantic extra is not installed: no reranking figures)")
        return
    index = MatchIndex.build(varied_entries(size))
    embedder = MiniLMEmbedder()
    started = time.perf_counter()
    embedder.load()
    loading = _ms(started)
    reranker = SemanticReranker(embedder, EmbeddingCache(None, embedder.name))
    chosen = queries[:count]
    rows = {}
    for label in ("engine alone", "first sight", "entries known"):
        latencies = []
        for text in chosen:
            started = time.perf_counter()
            if label == "engine alone":
                index.search(text, today=TODAY)
            else:
                reranker.search(index, text, today=TODAY)
            latencies.append(_ms(started))
        rows[label] = (statistics.median(latencies), _p95(latencies))
    base = rows["engine alone"][0]
    print(
        f"\nreranking by meaning, {size:,} entries, {count} queries (model load {loading:.0f} ms)"
    )
    print(f"{'query':<16}{'median':>10}{'p95':>10}{'ratio':>8}")
    for label, (median, p95) in rows.items():
        print(f"{label:<16}{median:>8.1f}ms{p95:>8.1f}ms{median / base:>7.0f}x")


def _verdict(met: bool) -> str:
    return "meets" if met else "MISSES"


if __name__ == "__main__":
    main()
