"""Drafts: reflections in progress, kept in the journal file until they become entries.

They live in their own table, never among entries: a half-written reflection is not an
entry yet (:mod:`reflect.drafts` says how lenient a draft may be). Committing one writes
the entry and drops the draft in the same write, so a crash leaves one or the other.
"""

from __future__ import annotations

from reflect.drafts import Draft
from reflect.journal.entries import ChangeKind, Entries, JournalChange
from reflect.journal.file import serialised
from reflect.model import Entry, make_entry


class Drafts(Entries):
    """Saving, listing, discarding and committing drafts."""

    @serialised
    def drafts(self) -> list[Draft]:
        """Unfinished reflections, the most recently touched first."""
        found = [Draft.from_dict(document) for document in self._tables.drafts.documents().values()]
        drafts = [draft for draft in found if draft is not None]
        return sorted(drafts, key=lambda draft: draft.updated_at, reverse=True)

    @serialised
    def save_draft(self, draft: Draft) -> None:
        with self._writing():
            self._tables.drafts.put(draft.id, draft.to_dict())
        self._settle_others()

    @serialised
    def discard_draft(self, draft_id: str) -> None:
        with self._writing():
            self._tables.drafts.remove(draft_id)
        self._settle_others()

    @serialised
    def commit_draft(self, draft: Draft) -> Entry:
        """Turn a draft into an entry (new, or the one it edits) and drop it: one write."""
        with self._writing() as current:
            if draft.entry_id is not None and draft.entry_id in current:
                edited = self._build(draft.entry_id, current[draft.entry_id])
                entry = edited.edited(
                    self.clock(), shift_date=draft.shift_date.isoformat(), **draft.entry_fields()
                )
                kind: ChangeKind = "update"
                self._tables.entries.put(entry.id, entry.to_dict())
            else:
                now = self.clock()
                entry = make_entry(draft.entry_fields(), shift_date=draft.shift_date, now=now)
                entry = self._keeping_jots(entry)
                kind = "add"
                self._tables.entries.insert(entry.id, entry.to_dict())
            if self._tables.drafts.contains(draft.id):
                self._tables.drafts.remove(draft.id)
        self._settle(JournalChange(kind, (entry,)))
        return entry
