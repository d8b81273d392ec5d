"""Messages that more than one screen sends to the app."""

from __future__ import annotations

from textual.message import Message

from reflect.drafts import Draft
from reflect.model import Entry


class EditEntry(Message):
    """Open the reflection flow on an existing entry."""

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry


class DraftWaiting(Message):
    """An unfinished reflection was found when the journal was first read."""

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft


class FirstRun(Message):
    """The journal is empty and has never been opened in the app: welcome the person."""


class JournalLoaded(Message):
    """The start screen has read the journal once: background work may begin."""


class MeaningProgress(Message):
    """How far the first reading of the journal's meaning has come (``done == total``:
    finished). Sent from a worker; the Reflect screen shows it in From your past."""

    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total
