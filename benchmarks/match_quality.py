"""Match quality on the labelled set: keyword overlap vs BM25 alone vs the full engine.

Prints MRR, strict MRR (grade 2 only), recall@3 and nDCG@5, overall and on the
paraphrase queries, for two sets: the labelled set the engine's numbers were chosen on,
and a held-out set written blind afterwards and never tuned on (how well it generalises).
Then whether the goals of issue 4 hold. With the ``semantic`` extra installed, a fourth
row shows the engine reranked by meaning (``reflect/semantic.py``). Run:
``.venv/bin/python benchmarks/match_quality.py``
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.match_set import (
    HOLDOUT_PATH,
    MatchSet,
    Ranker,
    bm25_ranker,
    engine_ranker,
    evaluate,
    keyword_ranker,
    load_match_set,
    semantic_ranker,
)

COLUMNS = (("mrr", "MRR"), ("strict_mrr", "MRR(2)"), ("recall@3", "R@3"), ("ndcg@5", "nDCG@5"))
GOAL_MRR_ALL = 0.85
GOAL_MRR_PARAPHRASE = 0.75
GOAL_BASELINE_FACTOR = 1.5


def report(match_set: MatchSet, title: str) -> dict[tuple[str, str], dict[str, float]]:
    """Print one set's table; return its figures by (ranker, subset)."""
    subsets = {
        "all": match_set.queries,
        "paraphrase": tuple(query for query in match_set.queries if query.kind == "paraphrase"),
    }
    rankers: dict[str, Ranker] = {
        "keyword overlap": keyword_ranker(match_set),
        "BM25 alone": bm25_ranker(match_set),
        "full engine": engine_ranker(match_set),
    }
    meaning = semantic_ranker(match_set)
    if meaning is not None:
        rankers["engine+meaning"] = meaning
    results = {
        (name, subset): evaluate(ranker, queries)
        for name, ranker in rankers.items()
        for subset, queries in subsets.items()
    }
    print(f"{title}: {len(match_set.entries)} entries, {len(match_set.queries)} queries\n")
    print(f"{'ranker':<17}{'queries':<17}" + "".join(f"{label:>8}" for _, label in COLUMNS))
    for subset, queries in subsets.items():
        for name in rankers:
            row = f"{name:<17}{f'{subset} ({len(queries)})':<17}"
            row += "".join(f"{results[name, subset][key]:>8.3f}" for key, _ in COLUMNS)
            print(row)
    print()
    return results


def main() -> None:
    results = report(load_match_set(), "labelled set (tests/data/match_set.json)")
    report(
        load_match_set(HOLDOUT_PATH),
        "held-out set, never tuned on (tests/data/match_holdout.json)",
    )
    engine_all = results["full engine", "all"]["mrr"]
    engine_para = results["full engine", "paraphrase"]["mrr"]
    baseline_para = results["keyword overlap", "paraphrase"]["mrr"]
    ratio = engine_para / baseline_para if baseline_para else float("inf")
    goals = (
        (f"full engine MRR >= {GOAL_MRR_ALL} overall", engine_all, engine_all >= GOAL_MRR_ALL),
        (
            f"full engine MRR >= {GOAL_MRR_PARAPHRASE} on paraphrases",
            engine_para,
            engine_para >= GOAL_MRR_PARAPHRASE,
        ),
        (
            f"paraphrase MRR >= {GOAL_BASELINE_FACTOR}x keyword overlap's",
            ratio,
            ratio >= GOAL_BASELINE_FACTOR,
        ),
    )
    print("goals of issue 4, on the labelled set:")
    for label, value, met in goals:
        print(f"{'meets ' if met else 'MISSES'} {label}: {value:.3f}{'x' if 'x ' in label else ''}")


if __name__ == "__main__":
    main()
