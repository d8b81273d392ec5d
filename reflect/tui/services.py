"""What every screen needs and nothing changes during a run: passed in once, at construction.

Frozen, so any thread may read it and no screen can swap a piece of it for the others.
What does change during a run (the journal, which the welcome screen's demo replaces; the
match index and the meaning model, ready some seconds after the start; a journal found
unreadable) belongs to :class:`~reflect.tui.app.ReflectApp`, which sets it on the UI
thread only; screens read it through the app.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reflect.clock import Clock, shift_day
from reflect.config import Config
from reflect.prompts import PromptLibrary


@dataclass(frozen=True)
class Services:
    clock: Clock
    prompts: PromptLibrary
    config_path: Path
    """The person's own config.toml (settings are written there even while the demo is open)."""
    config: Config
    """config.toml as read when the app was built (the app writes what it changes back)."""
    blink: bool = True
    """Cursor blink; off for snapshots, so that they do not depend on timing."""

    @property
    def today(self) -> date:
        """The shift's day now (before ``day_starts_at`` it is still yesterday's)."""
        return shift_day(self.clock(), self.config.day_starts_at)
