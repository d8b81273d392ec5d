"""The reflect app: screens over one journal, built with its dependencies passed in."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from reflect.clock import Clock, system_clock
from reflect.journal import Journal
from reflect.tui.screens.journal import JournalScreen


class ReflectApp(App[None]):
    """End-of-shift reflections. Tests build it with a temporary journal and a fixed clock."""

    TITLE = "reflect"
    BINDINGS = [Binding("q", "quit", "Quit")]

    def __init__(self, journal: Journal, *, clock: Clock = system_clock) -> None:
        super().__init__()
        self.journal = journal
        self.clock = clock

    def on_mount(self) -> None:
        self.push_screen(JournalScreen(self.journal))


def build_app(home: Path, *, clock: Clock = system_clock) -> ReflectApp:
    """The app for a home folder (the CLI and tests use this)."""
    return ReflectApp(Journal.open(home, clock=clock), clock=clock)
