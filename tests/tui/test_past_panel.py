"""The "From your past" panel: matches appear as the challenge is typed, with reasons."""

from pathlib import Path

from textual.widgets import OptionList, Static

from reflect.config import Config
from reflect.meaning import MeaningSearch, open_cache
from reflect.tui.app import ReflectApp
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.reflect import ReflectScreen
from reflect.tui.widgets.past_panel import NOTHING_YET
from tests.conftest import fixed_clock
from tests.tui.conftest import FIXED_PROMPTS, AppFactory, fill, settle
from tests.unit.test_meaning import BrokenEmbedder, ConceptEmbedder


async def _typed(app: object, pilot: object, text: str) -> None:
    await app.workers.wait_for_complete()  # type: ignore[attr-defined]
    await pilot.press("r", *text)  # type: ignore[attr-defined]
    await pilot.pause(0.6)  # type: ignore[attr-defined]
    await app.workers.wait_for_complete()  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_a_paraphrase_finds_the_roster_entry_and_says_why(make_app: AppFactory) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await _typed(app, pilot, "They changed my rota again at the last minute")
        panel_list = app.screen.query_one("#past-list", OptionList)
        assert panel_list.display and panel_list.option_count >= 1
        first = str(panel_list.get_option_at_index(0).prompt)
        assert "Tue 17 Nov 2026" in first  # the "shift was moved again" entry
        assert "Lesson: Ask, calmly and early." in first
        assert "both about: roster change" in first
        await pilot.press("ctrl+o", "enter")
        await pilot.pause()
        assert isinstance(app.screen, EntryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReflectScreen)


async def test_nothing_shows_when_nothing_fits(make_app: AppFactory) -> None:
    app = make_app(filled=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await _typed(app, pilot, "Lovely sunny walk to the bus stop this morning")
        assert not app.screen.query_one("#past-list", OptionList).display
        assert NOTHING_YET in str(app.screen.query_one("#past-body", Static).render())


def _app_with(embedder: ConceptEmbedder, home: Path) -> ReflectApp:
    config = Config(welcomed=True)
    meaning = MeaningSearch(embedder, open_cache(embedder, None))
    return ReflectApp(
        fill(home), clock=fixed_clock, prompts=FIXED_PROMPTS, blink=False, config=config,
        meaning=meaning,
    )  # fmt: skip


async def test_the_panel_adds_meaning_once_its_model_is_ready(isolated_home: Path) -> None:
    embedder = ConceptEmbedder()
    app = _app_with(embedder, isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await _typed(app, pilot, "left stuck for ages")
        assert embedder.loaded  # prepared in the indexing worker, not on the UI thread
        panel_list = app.screen.query_one("#past-list", OptionList)
        first = str(panel_list.get_option_at_index(0).prompt)
        assert "Fri 20 Nov 2026" in first  # "...and the queue went red"
        assert "Why: close in meaning" in first


async def test_a_failing_model_leaves_the_engine_alone(isolated_home: Path) -> None:
    app = _app_with(BrokenEmbedder(), isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await _typed(app, pilot, "They changed my rota again at the last minute")
        assert app.meaning is None
        first = str(app.screen.query_one("#past-list", OptionList).get_option_at_index(0).prompt)
        assert "both about: roster change" in first and "close in meaning" not in first


async def test_the_app_keeps_its_analysis_and_a_second_start_reads_it_back(
    make_app: AppFactory, isolated_home: Path
) -> None:
    kept = isolated_home / "cache" / "match-analysis.json"
    first = make_app(filled=True)
    async with first.run_test(size=(100, 30)) as pilot:
        await settle(first, pilot)
    assert kept.is_file()
    written = kept.stat().st_mtime_ns
    second = make_app()  # the same journal, not filled again
    async with second.run_test(size=(100, 30)) as pilot:
        await _typed(second, pilot, "They changed my rota again at the last minute")
        first_match = str(
            second.screen.query_one("#past-list", OptionList).get_option_at_index(0).prompt
        )
        assert "Tue 17 Nov 2026" in first_match
        assert second.match_index is not None
        assert second.match_index.outdated == 0  # the first run's whole index, taken as it is
    assert kept.stat().st_mtime_ns == written  # nothing analysed afresh: nothing rewritten
    assert (isolated_home / "cache" / "match-index.bin").stat().st_mode & 0o077 == 0
