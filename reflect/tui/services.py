"""What every screen needs, passed in once: the journal, the clock, the prompts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.clock import Clock
from reflect.config import Config
from reflect.journal import Journal
from reflect.prompts import PromptLibrary

if TYPE_CHECKING:
    from reflect.match import MatchIndex
    from reflect.meaning import MeaningSearch


@dataclass
class Services:
    journal: Journal
    clock: Clock
    prompts: PromptLibrary
    config_path: Path
    config: Config
    """config.toml as read when the app was built (the app writes what it changes back)."""
    blink: bool = True
    """Cursor blink; off for snapshots, so that they do not depend on timing."""
    match_index: MatchIndex | None = None
    """Built once per run, in a worker, then kept in step with every write."""
    meaning: MeaningSearch | None = None
    """Set once the meaning model has loaded (unless ``semantic = false``); until then,
    and if it fails, From your past matches by words and themes."""
    journal_error: str | None = None
    """Set when the journal could not be read (corrupt, newer schema): writing is refused."""

    @property
    def today(self) -> date:
        return self.clock().date()
