"""Snapshots of the main screens: fixed clock, fixed prompts, fixture journal, no blink.

Regenerate with `pytest tests/tui/test_snapshots.py --snapshot-update`, in a commit of
its own, after looking at every changed SVG.
"""

from collections.abc import Awaitable, Callable
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

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


def _reflect_until(step: int) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """Write the first ``step`` steps and land on step ``step`` (0-based).

    Text goes in through the text area (as a paste would): pressing each key of four
    sentences made these snapshots the slowest tests of the suite.
    """

    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled("r")(pilot)
        for name in list(TYPED)[: min(step, 4)]:
            area = pilot.app.screen.query_one(f"#{name}", TextArea)
            area.insert(TYPED[name])
            await pilot.press("tab")
        if step >= 5:
            await pilot.press("down", "enter", "tab")
            pilot.app.screen.query_one("#tags", Input).insert_text_at_cursor("refunds, phones")
            await pilot.press("tab")
        await _settled()(pilot)

    return run_before


def test_today(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(filled=True), terminal_size=(100, 30), run_before=_settled())


def test_today_empty_journal(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_settled())


def test_reflect_step_1_challenge(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    keys = ["r", *TYPED["challenge"]]
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_settled(*keys))


def test_reflect_step_2_grateful(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_reflect_until(1))


def test_reflect_step_3_kindness(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_reflect_until(2))


def test_reflect_step_4_lesson(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_reflect_until(3))


def test_reflect_step_5_details(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_reflect_until(4))


def test_reflect_step_6_review(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_reflect_until(5))


def test_reflect_at_80x24(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    keys = ["r", *TYPED["challenge"]]
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_settled(*keys))


def test_journal(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(filled=True), terminal_size=(100, 30), run_before=_settled("j"))


def test_help(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(), terminal_size=(100, 30), run_before=_settled("question_mark"))


def test_reflect_with_matches_from_the_past(
    snap_compare: SnapCompare, make_app: AppFactory
) -> None:
    keys = ["r", *"A customer swore at me about a refund that never arrived"]

    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled()(pilot)
        await pilot.press(*keys)
        await pilot.pause(0.6)
        await _settled()(pilot)

    assert snap_compare(make_app(filled=True), terminal_size=(100, 30), run_before=run_before)


def test_summary_full_month(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(filled=True), terminal_size=(100, 30), run_before=_settled("s"))


def test_summary_empty_month(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    keys = ("s", "left")
    assert snap_compare(make_app(filled=True), terminal_size=(100, 30), run_before=_settled(*keys))


def _jotted_and_a_year_back(make_app: AppFactory, **settings: Any) -> Any:
    """The fixture journal, two jots of tonight's shift and an entry from a year ago."""
    from datetime import date

    app = make_app(filled=True, **settings)
    journal = app.journal
    journal.create({"challenge": "First week on the phones"}, shift_date=date(2025, 11, 24))
    journal.jot("irate cx threatened to sue over the roaming bill")
    journal.jot("QA dinged me on the greeting again")
    return app


def test_today_with_jots_and_a_year_ago_at_80x24(
    snap_compare: SnapCompare, make_app: AppFactory
) -> None:
    app = _jotted_and_a_year_back(make_app)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled())


def test_reflect_offers_tonight_s_jots_at_80x24(
    snap_compare: SnapCompare, make_app: AppFactory
) -> None:
    app = _jotted_and_a_year_back(make_app)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled("r"))


def test_goodnight_after_saving(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    app = make_app(closing_moment=True)
    keys = ("r", *"a long shift", "ctrl+s")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled(*keys))


def test_jot_dialog(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    app = make_app(filled=True)
    keys = ("n", *"QA dinged me")
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled(*keys))


def test_summary_at_80x24(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(filled=True), terminal_size=(80, 24), run_before=_settled("s"))


def test_summary_at_80x24_scrolled_to_the_end(
    snap_compare: SnapCompare, make_app: AppFactory
) -> None:
    keys = ("s", "end")
    assert snap_compare(make_app(filled=True), terminal_size=(80, 24), run_before=_settled(*keys))


def test_summary_wide(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    assert snap_compare(make_app(filled=True), terminal_size=(160, 45), run_before=_settled("s"))


def test_summary_year(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    keys = ("s", "y")
    assert snap_compare(make_app(filled=True), terminal_size=(80, 24), run_before=_settled(*keys))


def test_summary_year_wide(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    keys = ("s", "y")
    assert snap_compare(make_app(filled=True), terminal_size=(160, 45), run_before=_settled(*keys))


def test_summary_write_dialog(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    keys = ("s", "w")
    assert snap_compare(make_app(filled=True), terminal_size=(100, 30), run_before=_settled(*keys))


def _paired(make_app: AppFactory) -> Any:
    """sam, paired with dana (a shared folder, three entries from her) and lee (nothing yet)."""
    from datetime import UTC, date, datetime
    from pathlib import Path

    from nacl.public import PrivateKey

    from reflect.contacts import Contact, ReceivedBundle
    from reflect.model import make_entry
    from tests.tui.conftest import fixed_identity

    app = make_app(filled=True)
    journal = app.journal
    fixed_identity(journal.paths.home, "sam", 1)
    dana, lee = (bytes(PrivateKey(bytes([seed]) * 32).public_key) for seed in (2, 3))
    journal.add_contact(Contact("dana", dana, Path("/srv/shared/reflect-sam-dana")))
    journal.add_contact(Contact("lee", lee))
    at = datetime(2026, 11, 22, 19, 0, tzinfo=UTC)
    shared = tuple(
        make_entry({"lesson": f"Lesson {n}"}, shift_date=date(2026, 11, 20 - n), now=at)
        for n in range(3)
    )
    journal.store_received([ReceivedBundle("dana", "dana", dana, "1" * 32, at, at, "t", shared)])
    return app


def test_contacts_at_80x24(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    app = _paired(make_app)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled("c"))


def test_contacts_wide(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    app = _paired(make_app)
    assert snap_compare(app, terminal_size=(120, 30), run_before=_settled("c"))


def test_add_from_a_code_at_80x24(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    from nacl.public import PrivateKey

    from reflect.invite import invite_code

    app = _paired(make_app)
    key = bytes(PrivateKey(bytes([4]) * 32).public_key)
    code = invite_code("ines", key, "~/Sync/reflect-ines")

    async def run_before(pilot: Pilot[Any]) -> None:
        await _settled("c", "a")(pilot)
        pilot.app.screen.query_one("#code-text", Input).insert_text_at_cursor(code)
        await _settled()(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_my_invite_code_at_80x24(snap_compare: SnapCompare, make_app: AppFactory) -> None:
    app = _paired(make_app)
    assert snap_compare(app, terminal_size=(80, 24), run_before=_settled("c", "i"))
