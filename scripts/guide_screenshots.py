"""Export the SVG screenshots of docs/guide.md, made by the app itself on the demo journal.

Run: .venv/bin/python scripts/guide_screenshots.py   (rewrites docs/images/*.svg)
"""

from __future__ import annotations

import asyncio
import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from reflect.formats import native
from reflect.journal import Journal
from reflect.seed_files import read_seed
from reflect.tui.app import ReflectApp

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
EVENING = datetime(2026, 11, 23, 18, 40, tzinfo=timezone(timedelta(hours=0)))

TYPED = [
    "Two callers in a row blamed me for the price rise. The second one swore at me.",
    "It showed me I can keep my voice level now, even when my hands are shaking.",
    "Walked Mo through the new billing screen twice without a sigh.",
    "Their anger was about the letter, not about me. Say that to myself, then help.",
]


def clock() -> datetime:
    return EVENING


async def shoot() -> None:
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder)
        journal = Journal.open(home, clock=clock)
        journal.import_entries(native.load(read_seed("demo-journal.json"), "demo").entries)
        app = ReflectApp(journal, clock=clock, blink=False)
        async with app.run_test(size=(100, 30)) as pilot:

            async def save(name: str) -> None:
                await app.workers.wait_for_complete()
                await pilot.pause(0.3)
                app.save_screenshot(filename=f"{name}.svg", path=str(IMAGES))

            await save("today")
            await pilot.press("r")
            for number, text in enumerate(TYPED, start=1):
                await pilot.press(*text)
                await save(f"reflect-{number}")
                await pilot.press("tab")
            await pilot.press("down", "down", "enter", "tab", *"billing, angry-caller")
            await save("reflect-5")
            await pilot.press("tab")
            await save("reflect-6")
            await pilot.press("ctrl+s")
            await save("saved")
            await pilot.press("j")
            await save("journal")
            await pilot.press("enter")
            await save("entry")
            await pilot.press("escape", "escape", "s")
            await save("summary")
            await pilot.press("escape", "question_mark")
            await save("help")


if __name__ == "__main__":
    IMAGES.mkdir(parents=True, exist_ok=True)
    asyncio.run(shoot())
    print(f"wrote {len(list(IMAGES.glob('*.svg')))} screenshots to {IMAGES}")
