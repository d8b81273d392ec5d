"""Jots waiting for their shift's reflection (see :mod:`reflect.jots`).

A jot is one write of its own, fast enough between two calls. When the shift's reflection
is committed (:meth:`~reflect.journal.drafts.Drafts.commit_draft`), the jots of its day
move into the new entry in the same write, so a crash leaves them in one place or the
other, never in both and never in neither.
"""

from __future__ import annotations

import contextlib
from datetime import date

from reflect.errors import InvalidEntry
from reflect.jots import Jot, make_jot
from reflect.journal.entries import Entries
from reflect.journal.file import serialised


class Jots(Entries):
    """Keeping a jot, and reading the jots of a shift."""

    @serialised
    def jot(self, text: str) -> Jot:
        """Keep one line on the current shift (:meth:`today`)."""
        now = self.clock()
        jot = make_jot(text, shift_date=self.today(), now=now)
        with self._writing():
            self._tables.jots.insert(jot.id, jot.to_dict())
        self._settle_others()
        return jot

    @serialised
    def waiting_jots(self, day: date | None = None) -> list[Jot]:
        """Jots not yet kept by a reflection (of ``day`` only, if given), oldest first.
        A damaged document is left out, never a reason to fail a read."""
        found: list[Jot] = []
        for document in self._tables.jots.documents().values():
            with contextlib.suppress(InvalidEntry):
                jot = Jot.from_dict(document)
                if day is None or jot.shift_date == day:
                    found.append(jot)
        return sorted(found, key=lambda jot: jot.at)

    def shift_jots(self, day: date) -> list[tuple[Jot, str | None]]:
        """Every jot of a shift's day with the id of the entry that keeps it (None while
        it waits), oldest first."""
        kept = [(jot, entry.id) for entry in self.entries(start=day, end=day) for jot in entry.jots]
        waiting = [(jot, None) for jot in self.waiting_jots(day)]
        return sorted([*kept, *waiting], key=lambda pair: pair[0].at)
