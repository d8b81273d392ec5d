"""The privacy guard on the corpus written blind: the figures it reaches are held here.

``benchmarks/privacy_guard.py`` prints the same figures per kind, with what was missed.
"""

from benchmarks.privacy_corpus import score
from benchmarks.privacy_guard import GOAL_FALSE_POSITIVES, GOAL_STRICT, STRICT_KINDS

FLOOR_ALL = 0.95
"""Reached: 98.4% (184 of 187); the goal of the issue is 90%."""


def test_the_guard_redacts_what_the_blind_corpus_holds() -> None:
    scores = score()
    assert sum(scores.total.values()) >= 150 and scores.harmless_total >= 60
    for kind in STRICT_KINDS:
        assert scores.recall(kind) >= GOAL_STRICT, kind
    assert scores.recall() >= FLOOR_ALL
    assert scores.false_positive_rate <= GOAL_FALSE_POSITIVES
