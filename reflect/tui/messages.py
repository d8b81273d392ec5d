"""Requests that more than one screen posts up to the app, which alone navigates.

Screens never push screens (see :mod:`reflect.tui.app`): they post one of these, carrying
what they hold, and the app decides. A message that only one sender posts is nested in
that sender instead (``TodayScreen.FirstRun``, ``JournalScreen.ShareEntry``,
``MonthCalendar.DayChosen``, ...), as Textual's own widgets do.
"""

from __future__ import annotations

from textual.message import Message

from reflect.model import Entry


class OpenEntry(Message):
    """Show one entry in full: mine (``author="me"``, which may be edited and deleted) or
    a mentor's, read-only."""

    def __init__(self, entry: Entry, author: str = "me") -> None:
        super().__init__()
        self.entry = entry
        self.author = author


class EditEntry(Message):
    """Open the reflection flow on an existing entry."""

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry


class DeleteEntry(Message):
    """Delete an entry of mine, once the person has confirmed it."""

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry


class ReplyTo(Message):
    """Answer an entry someone shared with me (the app asks for the words, then sends)."""

    def __init__(self, entry: Entry, author: str) -> None:
        super().__init__()
        self.entry = entry
        self.author = author
