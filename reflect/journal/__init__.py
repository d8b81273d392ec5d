"""The journal: the one way to read and write entries, whatever face is asking.

:class:`Journal` is the only door; behind it each concern has a module of its own, and
the class is composed of them, so every face keeps one object to hold and one lock to
share:

- :mod:`~reflect.journal.tables`: TinyDB tables keyed by our string ids, typed;
- :mod:`~reflect.journal.file`: the file opened, migrated, backed up, one write at a time;
- :mod:`~reflect.journal.entries`: my entries, their parsed cache and the listeners;
- :mod:`~reflect.journal.drafts`: reflections in progress;
- :mod:`~reflect.journal.jots`: lines jotted during a shift, until its reflection keeps them;
- :mod:`~reflect.journal.contacts`: contacts, and which entries each may read;
- :mod:`~reflect.journal.received`: the bundles contacts sent me;
- :mod:`~reflect.journal.replies`: my replies to what they shared, and theirs to mine.
"""

from __future__ import annotations

from reflect.journal.contacts import SHARE_DETAILS, Contacts
from reflect.journal.drafts import Drafts
from reflect.journal.entries import ChangeKind, ImportReport, JournalChange, resolve_id
from reflect.journal.jots import Jots
from reflect.journal.received import SEEN_SEQUENCES, is_newer
from reflect.journal.replies import MyReply, Replies

__all__ = [
    "SEEN_SEQUENCES",
    "SHARE_DETAILS",
    "ChangeKind",
    "ImportReport",
    "Journal",
    "JournalChange",
    "MyReply",
    "is_newer",
    "resolve_id",
]


class Journal(Contacts, Replies, Drafts, Jots):
    """Entries of one home. Open with :meth:`open`; close (or use ``with``) when done."""
