"""A whole reflection, typed with the keyboard only, and a draft that survives closing."""

from pathlib import Path

from textual.widgets import TextArea

from reflect.journal import Journal
from reflect.tui.modals.resume import ResumeDraftModal
from reflect.tui.screens.reflect import ReflectScreen
from reflect.tui.screens.today import TodayScreen
from tests.tui.conftest import AppFactory, settle

STEP_TEXTS = {  # short: each key is a Pilot round trip, and the flow is what is tested
    "challenge": "Caller shouted, late refund.",
    "grateful": "I stayed steady.",
    "kindness": "Stayed past my shift.",
    "lesson": "Name the feeling.",
}


async def test_a_full_reflection_is_saved_and_the_engine_finds_it(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, ReflectScreen)
        for text in STEP_TEXTS.values():
            await pilot.press(*text, "tab")
        await pilot.press("down", "down", "enter")  # mood: the third choice
        await pilot.press("tab", *"refunds, phones", "tab")
        assert app.screen.step == 5  # review
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    (entry,) = Journal.open(isolated_home).entries()
    assert {name: getattr(entry, name) for name in STEP_TEXTS} == STEP_TEXTS
    assert (entry.mood, entry.tags, entry.shared_with) == (3, ("refunds", "phones"), ())
    assert Journal.open(isolated_home).drafts() == []


async def test_a_draft_closed_at_step_3_is_offered_and_resumed(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r", *STEP_TEXTS["challenge"], "tab", *STEP_TEXTS["grateful"], "tab")
        await pilot.press(*"Covered a break")
        assert isinstance(app.screen, ReflectScreen) and app.screen.step == 2
    # the app is closed mid-step: nothing written so far may be lost
    (draft,) = Journal.open(isolated_home).drafts()
    assert draft.step == 2 and draft.text("kindness") == "Covered a break"

    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ResumeDraftModal)
        await pilot.press("r")
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, ReflectScreen) and screen.step == 2
        assert screen.query_one("#challenge", TextArea).text == STEP_TEXTS["challenge"]
        assert screen.query_one("#kindness", TextArea).text == "Covered a break"
        await pilot.press("tab", *STEP_TEXTS["lesson"], "ctrl+s")
        await again.workers.wait_for_complete()
        await pilot.pause()
    journal = Journal.open(isolated_home)
    (entry,) = journal.entries()
    assert entry.kindness == "Covered a break" and entry.lesson == STEP_TEXTS["lesson"]
    assert journal.drafts() == []


async def test_escape_keeps_the_draft_and_saving_nothing_is_refused(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r", "ctrl+s")
        await app.workers.wait_for_complete()
        assert isinstance(app.screen, ReflectScreen)  # nothing to save: still here
        await pilot.press(*"Half a thought", "escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("r")  # carries on with the kept draft
        await pilot.pause()
        assert app.screen.query_one("#challenge", TextArea).text == "Half a thought"
    assert Journal.open(isolated_home).entries() == []
    assert Journal.open(isolated_home).drafts()[0].text("challenge") == "Half a thought"


async def test_typing_is_saved_as_a_draft_within_about_a_second(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r", *"Queue was red all day")
        assert Journal.open(isolated_home).drafts() == []  # debounced, not per key
        await pilot.pause(1.3)
        await app.workers.wait_for_complete()
        drafts = Journal.open(isolated_home).drafts()
        assert [draft.text("challenge") for draft in drafts] == ["Queue was red all day"]


async def test_a_resumed_draft_carries_on_after_what_was_typed(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r", *"I stayed late to call back three cust")
    again = make_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, ResumeDraftModal)
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"omers")
        area = again.screen.query_one("#challenge", TextArea)
        assert area.text == "I stayed late to call back three customers"


async def test_editing_an_entry_types_after_its_text(
    make_app: AppFactory, isolated_home: Path
) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j")
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, ReflectScreen)
        await pilot.press(*" Again.", "ctrl+s")
        await settle(app, pilot)
    newest = Journal.open(isolated_home).entries()[0]
    assert newest.challenge == "A caller shouted about a refund that was three weeks late. Again."
