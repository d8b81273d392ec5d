"""The privacy guard on the corpus written blind: the figures it reaches are held here.

``benchmarks/privacy_guard.py`` prints the same figures per kind, with what was missed.
"""

from benchmarks.privacy_corpus import HOLDOUT_PATH, score
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


HOLDOUT_FLOOR_ALL = 0.90
"""Reached on the held-out corpus, never tuned on: 90.5% (153 of 169), 1 of 70 harmless
sentences changed."""


def test_the_guard_on_the_held_out_corpus_it_was_never_tuned_on() -> None:
    scores = score(HOLDOUT_PATH)
    assert sum(scores.total.values()) >= 130 and scores.harmless_total >= 60
    for kind in ("card", "phone", "iban", "ssn", "ni"):
        assert scores.recall(kind) >= GOAL_STRICT, kind
    assert scores.recall() >= HOLDOUT_FLOOR_ALL
    assert scores.false_positive_rate <= GOAL_FALSE_POSITIVES
