"""Snapshots of the main screens: fixed clock, fixed prompts, fixture journal, no blink.

Regenerate with `pytest tests/tui/test_snapshots.py --snapshot-update`, in a commit of
its own, after looking at every changed SVG.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot

from tests.tui.conftest import AppFactory

SnapCompare = Callable[..., bool]

TYPED = {
    "challenge": "A caller shouted about a refund that was three weeks late.",
    "grateful": "It showed me I can stay steady when someone is loud.",
    "kindness": "Stayed on past my shift to finish his case.",
    "lesson": "Name the feeling first, then the fix.",
}


def _settled(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)

    return run_before


def _reflect_keys(step: int) -> list[str]:
    """Type the first ``step`` steps' texts and land on step ``step`` (0-based)."""
    keys = ["r"]
    for name in list(TYPED)[:step]:
        keys += [*TYPED[name], "tab"]
    if step >= 5:
        keys = ["r"]
        for text in TYPED.values():
            keys += [*text, "tab"]
        keys += ["down", "enter", "tab", *"refunds, phones", "tab"]
    return keys


def test_today(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(filled=True), terminal_size=(100, 30), run_before=_settled())


def test_today_empty_journal(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_settled())


def test_reflect_step_1_challenge(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    keys = ["r", *TYPED["challenge"]]
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_settled(*keys))


def test_reflect_step_2_grateful(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_settled(*_reflect_keys(1)))


def test_reflect_step_3_kindness(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_settled(*_reflect_keys(2)))


def test_reflect_step_4_lesson(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_settled(*_reflect_keys(3)))


def test_reflect_step_5_details(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_settled(*_reflect_keys(4)))


def test_reflect_step_6_review(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_settled(*_reflect_keys(5)))


def test_reflect_at_80x24(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    keys = ["r", *TYPED["challenge"]]
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_settled(*keys))


def test_journal(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(filled=True), terminal_size=(100, 30), run_before=_settled("j"))


def test_help(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_settled("question_mark"))
