"""Ranking metrics over graded relevance (0 = not relevant, 1 = related, 2 = same struggle).

Shared by ``benchmarks/match_quality.py`` and ``tests/unit/test_match.py`` so the test
asserts exactly what the benchmark prints. Binary metrics (MRR, recall) count any grade
of 1 or more as relevant, the TREC convention; ``strict_mrr`` counts only grade 2.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from statistics import fmean


def reciprocal_rank(ranking: Sequence[str], grades: Mapping[str, int], min_grade: int = 1) -> float:
    """1 / rank of the first result graded ``min_grade`` or more; 0 when none was found."""
    for rank, item in enumerate(ranking, start=1):
        if grades.get(item, 0) >= min_grade:
            return 1.0 / rank
    return 0.0


def recall_at(ranking: Sequence[str], grades: Mapping[str, int], k: int) -> float:
    """Share of all relevant items (grade >= 1) that appear in the first ``k`` results."""
    relevant = {item for item, grade in grades.items() if grade >= 1}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranking[:k])) / len(relevant)


def ndcg_at(ranking: Sequence[str], grades: Mapping[str, int], k: int) -> float:
    """Normalised discounted cumulative gain, gain ``2**grade - 1`` (grades are small ints)."""

    def dcg(values: Sequence[int]) -> float:
        return sum(((1 << grade) - 1) / math.log2(rank + 1) for rank, grade in enumerate(values, 1))

    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    if ideal <= 0:
        return 0.0
    return dcg([grades.get(item, 0) for item in ranking[:k]]) / ideal


def summarise(rankings: Sequence[tuple[Sequence[str], Mapping[str, int]]]) -> dict[str, float]:
    """Mean MRR, strict MRR, recall@3 and nDCG@5 over (ranking, grades) pairs."""
    if not rankings:
        return {"mrr": 0.0, "strict_mrr": 0.0, "recall@3": 0.0, "ndcg@5": 0.0}
    return {
        "mrr": fmean(reciprocal_rank(ranking, grades) for ranking, grades in rankings),
        "strict_mrr": fmean(reciprocal_rank(ranking, grades, 2) for ranking, grades in rankings),
        "recall@3": fmean(recall_at(ranking, grades, 3) for ranking, grades in rankings),
        "ndcg@5": fmean(ndcg_at(ranking, grades, 5) for ranking, grades in rankings),
    }
