"""The demo journal: three months of an agent's reflections, on a throwaway copy.

The person's own journal is never touched: the demo lives in a temporary home that is
deleted when the app closes.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from reflect.formats import native
from reflect.journal import Journal
from reflect.seed_files import read_seed


def fill_demo(home: Path) -> int:
    """Import the demo entries into ``home``; returns how many."""
    parsed = native.load(read_seed("demo-journal.json"), "demo-journal.json")
    journal = Journal.open(home)
    journal.import_entries(parsed.entries, reason="demo")
    journal.close()
    return len(parsed.entries)


@contextmanager
def demo_home() -> Iterator[Path]:
    """A temporary home holding the demo journal, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="reflect-demo-"))
    try:
        fill_demo(folder)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
