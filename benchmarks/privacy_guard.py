"""How much the privacy guard redacts of the blind corpus, per kind, and how often it
changes a sentence that holds nothing private. Run:
``.venv/bin/python benchmarks/privacy_guard.py``. ``--misses`` lists what it missed in the
first corpus; of the held-out corpus only the totals are ever printed, so that it keeps
saying how the guard does on unseen writing.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.privacy_corpus import CORPUS_PATH, HOLDOUT_PATH, Scores, score

STRICT_KINDS = ("card", "email", "phone", "iban", "ssn", "ni")
GOAL_STRICT = 0.99
GOAL_ALL = 0.90
GOAL_FALSE_POSITIVES = 0.03


def main() -> None:
    for title, path in (("corpus (looked at while fixing kinds of misses)", CORPUS_PATH),
                        ("held-out corpus (never tuned on)", HOLDOUT_PATH)):  # fmt: skip
        print(f"== {title}: {path.name}")
        report(score(path), misses="--misses" in sys.argv and path == CORPUS_PATH)
        print()


def report(scores: Scores, *, misses: bool) -> None:
    print(f"{'kind':<10} {'redacted':>9} {'of':>4} {'recall':>7}")
    for kind in sorted(scores.total):
        print(
            f"{kind:<10} {scores.found[kind]:>9} {scores.total[kind]:>4} "
            f"{scores.recall(kind):>7.1%}"
        )
    print(f"{'all':<10} {sum(scores.found.values()):>9} {sum(scores.total.values()):>4} "
          f"{scores.recall():>7.1%}")  # fmt: skip
    print(
        f"harmless sentences changed: {scores.harmless_changed} of {scores.harmless_total} "
        f"({scores.false_positive_rate:.1%})"
    )
    strict = all(scores.recall(kind) >= GOAL_STRICT for kind in STRICT_KINDS)
    print(
        f"goals: strict kinds >= {GOAL_STRICT:.0%}: {'met' if strict else 'MISSED'}; "
        f"all >= {GOAL_ALL:.0%}: {'met' if scores.recall() >= GOAL_ALL else 'MISSED'}; "
        f"harmless <= {GOAL_FALSE_POSITIVES:.0%}: "
        f"{'met' if scores.false_positive_rate <= GOAL_FALSE_POSITIVES else 'MISSED'}"
    )
    if misses:
        for detail, findings in scores.misses:
            print(f"MISS {detail.kind}: {detail.value!r} in {detail.sentence!r} -> "
                  f"{[(f.kind, f.text) for f in findings]}")  # fmt: skip
        for text, findings in scores.false_alarms:
            print(f"ALARM {text!r} -> {[(f.kind, f.text) for f in findings]}")


if __name__ == "__main__":
    main()
