"""The privacy corpus (``tests/data/privacy_corpus.json``) and how the guard is scored on it.

The corpus was written blind, without seeing the guard. A detail counts as *fully
redacted* when every character of it lies inside a finding (so ``PL-9938`` with ``PL-``
left standing is a miss); a harmless sentence counts as *changed* when the guard finds
anything in it at all.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reflect.privacy import Finding, find_details

CORPUS_PATH = Path(__file__).resolve().parent.parent / "tests" / "data" / "privacy_corpus.json"
HOLDOUT_PATH = CORPUS_PATH.with_name("privacy_holdout.json")
"""Written blind after the guard was finished, and never tuned on: only its totals are read."""


@dataclass(frozen=True)
class Detail:
    sentence: str
    kind: str
    value: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.value)


@dataclass(frozen=True)
class Scores:
    found: Counter[str]
    total: Counter[str]
    harmless_changed: int
    harmless_total: int
    misses: tuple[tuple[Detail, tuple[Finding, ...]], ...]
    false_alarms: tuple[tuple[str, tuple[Finding, ...]], ...]

    def recall(self, kind: str | None = None) -> float:
        if kind is None:
            return sum(self.found.values()) / max(sum(self.total.values()), 1)
        return self.found[kind] / max(self.total[kind], 1)

    @property
    def false_positive_rate(self) -> float:
        return self.harmless_changed / max(self.harmless_total, 1)


def load(path: Path = CORPUS_PATH) -> tuple[list[Detail], list[str]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    details = []
    for item in data["details"]:
        for found in item["found"]:
            start = item["text"].index(found["value"])
            details.append(Detail(item["text"], found["kind"], found["value"], start))
    return details, [item["text"] for item in data["harmless"]]


def covered(detail: Detail, findings: list[Finding]) -> bool:
    """Whether the findings cover every character of the detail."""
    return all(
        any(finding.start <= index < finding.end for finding in findings)
        for index in range(detail.start, detail.end)
        if not detail.sentence[index].isspace()
    )


def score(path: Path = CORPUS_PATH) -> Scores:
    details, harmless = load(path)
    found: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    cache: dict[str, list[Finding]] = {}
    for detail in details:
        findings = cache.setdefault(detail.sentence, find_details(detail.sentence))
        total[detail.kind] += 1
        if covered(detail, findings):
            found[detail.kind] += 1
        else:
            misses.append((detail, tuple(findings)))
    alarms = [(text, tuple(find_details(text))) for text in harmless]
    alarms = [(text, findings) for text, findings in alarms if findings]
    return Scores(found, total, len(alarms), len(harmless), tuple(misses), tuple(alarms))
