"""The use cases hold the rules for every face: a caller other than the CLI (the app, a
script) cannot save nothing, date a shift in the future, share with a stranger or import
half a file, and publishing follows every change of who may read an entry."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from reflect.config import Config
from reflect.drafts import Draft
from reflect.errors import ContactNotFound, EntryNotFound, OutputError
from reflect.journal import Journal
from reflect.match import MatchIndex
from reflect.usecases import (
    FutureDay,
    ImportRefused,
    NothingToSave,
    change_readers,
    check_inbox,
    commit_reflection,
    delete_entry,
    find_similar,
    import_planned,
    month_summary,
    plan_file_import,
    save_entry,
    write_summary,
    year_summary,
)
from tests.conftest import FIXED_NOW
from tests.unit.test_sharing import Homes, bundle_path, received_ids, three_homes

TODAY = FIXED_NOW.date()


@pytest.fixture
def homes(tmp_path: Path) -> Iterator[Homes]:
    with three_homes(tmp_path) as made:
        yield made


def _file_bytes(journal: Journal) -> bytes:
    return journal.paths.journal.read_bytes() if journal.paths.journal.exists() else b""


@pytest.mark.parametrize(
    ("fields", "day", "share_with", "error"),
    [
        ({"challenge": "  ", "note": ""}, TODAY, (), NothingToSave),
        ({"lesson": "breathe first"}, TODAY + timedelta(days=1), (), FutureDay),
        ({"lesson": "breathe first"}, TODAY, ("nobody",), ContactNotFound),
    ],
)
def test_save_refuses_before_writing_anything(
    journal: Journal, fields: dict[str, str], day: date, share_with: tuple[str, ...],
    error: type[Exception],
) -> None:  # fmt: skip
    save_entry(journal, {"lesson": "already here"}, day=TODAY)
    before = _file_bytes(journal)
    with pytest.raises(error):
        save_entry(journal, fields, day=day, share_with=share_with)
    assert _file_bytes(journal) == before and len(journal) == 1


def test_a_note_alone_is_something_to_save(journal: Journal) -> None:
    saved = save_entry(journal, {"note": "only a note"}, day=TODAY - timedelta(days=2))
    assert journal.get(saved.entry.id).note == "only a note" and saved.published is None


def test_an_empty_draft_is_not_committed(journal: Journal) -> None:
    draft = Draft.start(TODAY, FIXED_NOW)
    with pytest.raises(NothingToSave):
        commit_reflection(journal, draft)
    kept = commit_reflection(journal, draft.changed(FIXED_NOW, challenge="a long queue"))
    assert journal.get(kept.entry.id).challenge == "a long queue" and not journal.drafts()


def test_saving_a_shared_entry_publishes_it_at_once(homes: Homes) -> None:
    agent = homes.agent
    saved = save_entry(agent.journal, {"lesson": "ask early"}, day=TODAY, share_with=["ana"])
    assert saved.published is not None and [r.contact for r in saved.published.written] == ["ana"]
    homes.a.read()
    assert received_ids(homes.a) == {"sam": {saved.entry.id}}


def test_changing_readers_reaches_exactly_the_contacts_it_changed_for(homes: Homes) -> None:
    agent = homes.agent
    entry = save_entry(agent.journal, {"lesson": "ask early"}, day=TODAY).entry
    shared = change_readers(agent.journal, entry.id, add=["ana", "bo"])
    assert set(shared.reached) == {"ana", "bo"} and set(shared.entry.shared_with) == {"ana", "bo"}
    before_bo = bundle_path(agent, homes.b).read_bytes()
    withdrawn = change_readers(agent.journal, entry.id, remove=["ana"])
    assert withdrawn.reached == ("ana",) and withdrawn.entry.shared_with == ("bo",)
    assert bundle_path(agent, homes.b).read_bytes() == before_bo  # bo's copy untouched
    quiet = change_readers(agent.journal, entry.id, add=["ana"], publish=False)
    assert quiet.published is None and quiet.reached == ()


def test_deleting_withdraws_from_every_reader(homes: Homes) -> None:
    agent = homes.agent
    entry = save_entry(agent.journal, {"lesson": "x"}, day=TODAY, share_with=["ana"]).entry
    homes.a.read()
    deleted = delete_entry(agent.journal, entry.id[:6])
    assert deleted.not_withdrawn == () and deleted.entry.id == entry.id
    homes.a.read()
    assert received_ids(homes.a) == {"sam": set()}
    with pytest.raises(EntryNotFound):
        agent.journal.get(entry.id)


def test_the_inbox_reads_the_configured_folders_too(homes: Homes) -> None:
    save_entry(homes.agent.journal, {"lesson": "x"}, day=TODAY, share_with=["ana"])
    mentor = homes.a
    nothing = check_inbox(mentor.journal, Config())
    assert nothing.received == [] and nothing.report is not None
    found = check_inbox(mentor.journal, Config(inbox=(str(mentor.drop),)))
    assert [bundle.author for bundle in found.received] == ["sam"]
    assert found.report is not None and len(found.report.loaded) == 1


def test_without_an_identity_the_inbox_lists_what_was_received(journal: Journal) -> None:
    assert check_inbox(journal, Config()).report is None
    from reflect.errors import NoIdentity

    with pytest.raises(NoIdentity):
        check_inbox(journal, Config(), need_identity=True)


class BrokenMeaning:
    """A meaning search whose model cannot be loaded."""

    def prepare(self) -> None:
        from reflect.meaning import MeaningUnavailable

        raise MeaningUnavailable("the meaning model cannot be loaded: test")


def test_similar_falls_back_to_words_and_says_why(journal: Journal) -> None:
    save_entry(journal, {"challenge": "an abusive caller swore at me"}, day=TODAY)
    index = MatchIndex.from_journal(journal)
    found = find_similar(index, "caller swore", today=TODAY, meaning=BrokenMeaning())  # type: ignore[arg-type]
    assert found.meaning_problem and "cannot be loaded" in found.meaning_problem
    assert [match.entry.challenge for match in found.matches] == ["an abusive caller swore at me"]
    assert find_similar(index, "caller swore", today=TODAY).meaning_problem is None


def test_the_month_counts_days_off_from_the_config(journal: Journal) -> None:
    for day in (date(2026, 11, 20), date(2026, 11, 23)):  # a Friday and the Monday after
        save_entry(journal, {"lesson": "x"}, day=day)
    plain = month_summary(journal, Config(), 2026, 11)
    weekend_off = month_summary(journal, Config(days_off=("saturday", "sunday")), 2026, 11)
    assert plain.figures.longest_streak == 1 and weekend_off.figures.longest_streak == 2


def test_an_import_with_an_invalid_item_writes_nothing(journal: Journal, tmp_path: Path) -> None:
    good = {"id": "a" * 32, "shift_date": "2026-11-01", "created_at": "2026-11-01T18:00:00+00:00",
            "updated_at": "2026-11-01T18:00:00+00:00", "lesson": "kept"}  # fmt: skip
    file = tmp_path / "export.json"
    file.write_text(
        json.dumps({"format": "reflect", "version": 1, "entries": [good, {"id": 5}]}), "utf-8"
    )
    with pytest.raises(ImportRefused) as refused:
        plan_file_import(file, today=TODAY)
    assert len(refused.value.plan.rejected) == 1 and len(journal) == 0
    planned = plan_file_import(file, today=TODAY, dry_run=True)
    assert import_planned(journal, planned, dry_run=True).added and len(journal) == 0


def test_the_month_built_from_two_months_of_entries_equals_the_whole_journal(
    journal: Journal,
) -> None:
    from reflect.summary import DaysOff, summarize_month

    day = date(2025, 10, 1)
    for number in range(300):  # about every other day, from October 2025 on
        day += timedelta(days=1 + number % 3)
        if day > TODAY:
            break
        save_entry(
            journal, {"challenge": f"a queue on day {number}", "mood": 1 + number % 5,
                      "lesson": "breathe"}, day=day,
        )  # fmt: skip
    config = Config(days_off=("sunday",))
    for year, month in ((2025, 10), (2025, 12), (2026, 1), (2026, 3), (2026, 11), (2026, 12)):
        whole = summarize_month(
            journal.entries(), year, month, today=TODAY, days_off=DaysOff.from_config(config)
        )
        assert month_summary(journal, config, year, month) == whole


def test_the_year_built_from_its_entries_equals_the_whole_journal(journal: Journal) -> None:
    from reflect.summary import DaysOff
    from reflect.summary.year import summarize_year

    for day in (date(2025, 12, 30), date(2025, 12, 31), date(2026, 1, 1), date(2026, 11, 23)):
        save_entry(journal, {"lesson": f"lesson of {day}", "mood": 3}, day=day)
    config = Config(days_off=("sunday",))
    for year in (2025, 2026, 2027):
        whole = summarize_year(
            journal.entries(), year, today=TODAY, days_off=DaysOff.from_config(config)
        )
        assert year_summary(journal, config, year) == whole
    # the run from 30 December goes on into January: 3 days in 2026, as a month counts it
    assert year_summary(journal, config, 2026).figures.longest_streak == 3


def test_a_summary_is_written_only_outside_the_home(journal: Journal, tmp_path: Path) -> None:
    save_entry(journal, {"lesson": "keep <this> & that"}, day=TODAY)
    summary = month_summary(journal, Config(), 2026, 11)
    home = journal.paths.home
    written = write_summary([home], tmp_path / "november.html", summary, "html")
    assert written == type(written)((tmp_path / "november.html").resolve(), False)
    assert "keep &lt;this&gt; &amp; that" in written.path.read_text(encoding="utf-8")
    assert (written.path.stat().st_mode & 0o777) == 0o600
    assert write_summary([home], str(written.path), summary, "md").replaced
    for target, message in (
        (home / "summary.md", "inside reflect's home"),
        (home, "inside reflect's home"),
        (tmp_path, "is a folder"),
        (tmp_path / "nowhere" / "x.md", "does not exist"),
        ("   ", "no file name"),
    ):
        with pytest.raises(OutputError, match=message):
            write_summary([home], target, summary, "md")
    assert not (home / "summary.md").exists()


def test_a_summary_file_name_may_start_at_the_home_folder(
    journal: Journal, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    summary = year_summary(journal, Config(), 2026)
    written = write_summary([journal.paths.home], "~/reflect-2026.md", summary, "md")
    assert written.path == (tmp_path / "reflect-2026.md").resolve()
    assert written.path.read_text(encoding="utf-8").startswith("# Reflections: 2026\n")
