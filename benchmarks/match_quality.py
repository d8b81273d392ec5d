"""How well From your past ranks, on three labelled sets, for each piece of the engine.

For every set: MRR, strict MRR (grade 2 only), recall@3 and nDCG@5 of
- keyword overlap (the baseline), BM25 alone, the lexicon engine (words and themes, texts
  as written), the same with support-floor shorthand and spelling normalised, meaning
  alone (cosine), and the full engine (all three signals fused);
overall and per kind of query (paraphrase, lexical, terse, mixed); then what normalising
adds to the full engine (texts as written, shorthand only, shorthand and spelling); then
whether the goals
hold: MRR >= 0.90 overall and >= 0.85 on paraphrases on the two tidy sets, >= 0.80 and
>= 0.70 on the realistic one. Run: ``.venv/bin/python benchmarks/match_quality.py``
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.match_set import (
    HOLDOUT_PATH,
    REALISTIC_PATH,
    SET_PATH,
    MatchSet,
    Normalising,
    Ranker,
    bm25_ranker,
    cosine_ranker,
    engine_ranker,
    evaluate,
    keyword_ranker,
    load_match_set,
    meaning_ranker,
    normalising,
)

COLUMNS = (("mrr", "MRR"), ("strict_mrr", "MRR(2)"), ("recall@3", "R@3"), ("ndcg@5", "nDCG@5"))
SETS = (
    ("labelled", SET_PATH, "the set the lexicon's numbers were chosen on", (0.90, 0.85)),
    ("held-out", HOLDOUT_PATH, "written blind after the lexicon engine", (0.90, 0.85)),
    ("realistic", REALISTIC_PATH, "written blind before any tuning, as agents write",
     (0.80, 0.70)),
)  # fmt: skip
FULL = "full engine"


def rankers(match_set: MatchSet) -> dict[str, Ranker]:
    return {
        "keyword overlap": keyword_ranker(match_set),
        "BM25 alone": bm25_ranker(match_set),
        "words+themes": engine_ranker(match_set, normalised=False),
        "+shorthand": engine_ranker(match_set),
        "meaning alone": cosine_ranker(match_set),
        FULL: meaning_ranker(match_set),
    }


def report(match_set: MatchSet, title: str) -> dict[tuple[str, str], dict[str, float]]:
    """Print one set's table; return its figures by (ranker, subset)."""
    subsets = {"all": match_set.queries}
    for kind in ("paraphrase", "lexical", "terse", "mixed"):
        chosen = tuple(query for query in match_set.queries if query.kind == kind)
        if chosen:
            subsets[kind] = chosen
    made = rankers(match_set)
    results = {
        (name, subset): evaluate(ranker, queries)
        for name, ranker in made.items()
        for subset, queries in subsets.items()
    }
    print(f"{title}: {len(match_set.entries)} entries, {len(match_set.queries)} queries\n")
    print(f"{'ranker':<17}{'queries':<17}" + "".join(f"{label:>8}" for _, label in COLUMNS))
    for subset, queries in subsets.items():
        for name in made:
            row = f"{name:<17}{f'{subset} ({len(queries)})':<17}"
            row += "".join(f"{results[name, subset][key]:>8.3f}" for key, _ in COLUMNS)
            print(row)
        print()
    return results


def normalising_table() -> None:
    """The full engine's MRR (all / paraphrases) per set, for each way of normalising."""
    loaded = [(name, load_match_set(path)) for name, path, _, _ in SETS]
    print("what normalising adds to the full engine (MRR all / paraphrases):\n")
    print(f"{'texts':<24}" + "".join(f"{name:>16}" for name, _ in loaded))
    ways: tuple[Normalising, ...] = ("as written", "shorthand only", "shorthand and spelling")
    for how in ways:
        row = f"{how:<24}"
        with normalising(how):
            for _, match_set in loaded:
                ranker = meaning_ranker(match_set)
                paraphrases = [query for query in match_set.queries if query.kind == "paraphrase"]
                every = evaluate(ranker, match_set.queries)["mrr"]
                some = evaluate(ranker, paraphrases)["mrr"]
                row += f"{every:.3f} / {some:.3f}".rjust(16)
        print(row)
    print()


def main() -> None:
    goals = []
    for name, path, about, (goal_all, goal_paraphrase) in SETS:
        results = report(load_match_set(path), f"{name} set ({path.name}: {about})")
        goals.append((name, "all", results[FULL, "all"]["mrr"], goal_all))
        goals.append((name, "paraphrase", results[FULL, "paraphrase"]["mrr"], goal_paraphrase))
    normalising_table()
    print("goals (full engine, MRR):")
    for name, subset, value, goal in goals:
        print(f"{'meets ' if value >= goal else 'MISSES'} {name} {subset} >= {goal}: {value:.3f}")


if __name__ == "__main__":
    main()
