"""Importing a file into the journal: the rules an import obeys, whichever face asks.

The format readers (``reflect.formats``) say what a file holds. This decides what of it
may enter the journal: nothing dated after tomorrow (``reflect add`` refuses the future
too; a day's grace covers the time zones of an export), and no sharing unless asked.

Sharing in an import file is someone's earlier decision about who may read an entry. A
backup of one's own journal should bring it back (``keep_sharing``); anything else must
not make an entry readable by a contact on the next save without the person deciding so.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from reflect.formats import Rejected
from reflect.journal import SHARE_DETAILS
from reflect.model import Entry

FUTURE_GRACE = timedelta(days=1)


@dataclass(frozen=True)
class ImportPlan:
    """What an import would add, what it refuses, and the sharing the file carried.

    ``sharing`` counts, per handle, the entries the file shares with them; ``kept`` says
    whether that sharing comes along (else every entry arrives private).
    """

    entries: tuple[Entry, ...]
    rejected: tuple[Rejected, ...]
    sharing: tuple[tuple[str, int], ...]
    kept: bool

    @property
    def shared_entries(self) -> int:
        return sum(1 for entry in self.entries if entry.shared_with)


def plan_import(
    entries: Sequence[Entry],
    rejected: Sequence[Rejected],
    *,
    today: date,
    keep_sharing: bool,
) -> ImportPlan:
    """Apply the import rules to what a file holds (see the module's docstring)."""
    latest = today + FUTURE_GRACE
    accepted: list[Entry] = []
    refused = list(rejected)
    handles: Counter[str] = Counter()
    for entry in entries:
        if entry.shift_date > latest:
            refused.append(
                Rejected(0, f"entry {entry.id[:8]} is dated {entry.shift_date}, in the future")
            )
            continue
        handles.update(entry.shared_with)
        accepted.append(entry if keep_sharing else private(entry))
    sharing = tuple(sorted(handles.items()))
    return ImportPlan(tuple(accepted), tuple(refused), sharing, keep_sharing)


def private(entry: Entry) -> Entry:
    """``entry`` shared with nobody, and without any permission to share its details."""
    if not entry.shared_with and SHARE_DETAILS not in entry.extra:
        return entry
    extra = {key: value for key, value in entry.extra.items() if key != SHARE_DETAILS}
    return dataclasses.replace(entry, shared_with=(), extra=extra)
