"""Messages that more than one screen sends to the app."""

from __future__ import annotations

from textual.message import Message

from reflect.model import Entry


class EditEntry(Message):
    """Open the reflection flow on an existing entry."""

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry
