"""Requests that more than one screen sends up to the app.

A message that only one sender posts is nested in that sender (``TodayScreen.FirstRun``,
``MonthCalendar.DayChosen``, ...), as Textual's own widgets do.
"""

from __future__ import annotations

from textual.message import Message

from reflect.model import Entry


class EditEntry(Message):
    """Open the reflection flow on an existing entry."""

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry
