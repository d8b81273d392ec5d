"""``reflect similar``: the issue's paraphrases, the JSON contract, mentors, bad input."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from reflect.contacts import Contact, ReceivedBundle
from reflect.journal import Journal
from reflect.model import make_entry
from tests.cli.conftest import Invoke, json_of

PAST = (
    ("The roster changed overnight, again", "Ask the planners early", "2025-11-02"),
    ("My lead wanted me to pitch the upgrade to a pensioner", "A sale that hurts is no win",
     "2025-08-14"),
    ("A caller wanted a refund for a late parcel", "Say what I can do first", "2026-02-03"),
)  # fmt: skip


@pytest.fixture
def filled(reflect_cli: Invoke) -> dict[str, str]:
    """Challenge -> id of the entries added through the command line."""
    ids = {}
    for challenge, lesson, day in PAST:
        result = reflect_cli("add", "--challenge", challenge, "--lesson", lesson, "--date", day)
        assert result.exit_code == 0, result.stderr
        ids[challenge] = result.stdout.strip()
    return ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("they moved my shift again with a day's notice", "The roster changed overnight, again"),
        (
            "I was pushed to sell the premium plan to someone who clearly couldn't afford it",
            "My lead wanted me to pitch the upgrade to a pensioner",
        ),
    ],
)
def test_the_issues_paraphrases_find_their_entry_first(
    reflect_cli: Invoke, filled: dict[str, str], text: str, expected: str
) -> None:
    found = json_of(reflect_cli("similar", text, "--json"))
    assert found and found[0]["id"] == filled[expected]
    assert set(found[0]) == {"id", "shift_date", "author", "score", "reasons"}
    assert found[0]["author"] == "me"
    assert any(reason.startswith("both about: ") for reason in found[0]["reasons"])
    assert [item["score"] for item in found] == sorted((i["score"] for i in found), reverse=True)


def test_text_output_shows_the_lesson_and_why(reflect_cli: Invoke, filled: dict[str, str]) -> None:
    result = reflect_cli("similar", "the rota changed again")
    assert result.exit_code == 0, result.stderr
    assert "The roster changed overnight, again" in result.stdout
    assert "Lesson: Ask the planners early" in result.stdout
    assert "Why: both about: roster change" in result.stdout


@pytest.mark.parametrize("text", ["", "   ", "and the it was so", "I was there, and so were they"])
def test_empty_or_stop_words_only_is_an_empty_list(
    reflect_cli: Invoke, filled: dict[str, str], text: str
) -> None:
    assert json_of(reflect_cli("similar", text, "--json")) == []
    result = reflect_cli("similar", text)
    assert result.exit_code == 0 and result.stdout == ""
    assert "Nothing in your journal matches that closely yet." in result.stderr


def test_limit_is_kept_and_checked(reflect_cli: Invoke, filled: dict[str, str]) -> None:
    assert (
        len(json_of(reflect_cli("similar", "roster refund pensioner", "--limit", "1", "--json")))
        <= 1
    )
    for bad in ("0", "51", "many"):
        result = reflect_cli("similar", "roster", "--limit", bad)
        assert result.exit_code == 2
        assert "--limit" in result.stderr and "Traceback" not in result.output


def test_a_mentors_shared_lesson_carries_their_handle(
    reflect_cli: Invoke, isolated_home: Path
) -> None:
    now = datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
    shared = make_entry(
        {"challenge": "A caller screamed abuse at me for ten minutes", "lesson": "Name the line"},
        shift_date=now.date(),
        now=now,
    )
    journal = Journal.open(isolated_home)
    journal.add_contact(Contact("dana", bytes(range(32)), None))
    journal.store_received(
        [ReceivedBundle("dana", "dana", bytes(range(32)), "b1", now, now, "reflect", (shared,))]
    )
    journal.close()
    (item,) = json_of(reflect_cli("similar", "a customer yelled and swore at me", "--json"))
    assert (item["id"], item["author"]) == (shared.id, "dana")


def test_a_corrupt_journal_is_one_line_and_left_alone(
    reflect_cli: Invoke, isolated_home: Path
) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "journal.json").write_text('{"entries": {', encoding="utf-8")
    result = reflect_cli("similar", "roster")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert (isolated_home / "journal.json").read_text(encoding="utf-8") == '{"entries": {'


@pytest.mark.usefixtures("real_meaning")
def test_similar_with_the_real_model_and_a_damaged_one(
    reflect_cli: Invoke, monkeypatch: pytest.MonkeyPatch, isolated_home: Path, tmp_path: Path
) -> None:
    import shutil

    import reflect.meaning

    reflect_cli("add", "--challenge", "the rota changed overnight and nobody asked me")
    reflect_cli("add", "--challenge", "a parcel refund went missing for weeks")
    found = json_of(reflect_cli("similar", "they moved my shift again", "--json"))
    assert found and "rota" in reflect_cli("show", found[0]["id"]).stdout
    assert any(path.name.startswith("vectors-") for path in (isolated_home / "cache").iterdir())

    damaged = tmp_path / "minilm"
    shutil.copytree(reflect.meaning.model_folder(), damaged)
    data = bytearray((damaged / "model.onnx").read_bytes())
    data[1000] ^= 0x01
    (damaged / "model.onnx").write_bytes(bytes(data))
    monkeypatch.setattr(reflect.meaning, "model_folder", lambda: damaged)
    result = reflect_cli("similar", "they moved my shift again", "--json")
    assert result.exit_code == 0 and "Traceback" not in result.stderr
    (notice,) = result.stderr.strip().splitlines()
    assert "SHA-256 differs" in notice and "words and themes only" in notice


def test_a_second_run_reads_the_kept_analysis_and_answers_the_same(
    reflect_cli: Invoke, filled: dict[str, str], isolated_home: Path
) -> None:
    first = json_of(reflect_cli("similar", "they moved my shift again", "--json"))
    kept = isolated_home / "cache" / "match-analysis.json"
    assert kept.exists()
    written = kept.stat().st_mtime_ns
    assert json_of(reflect_cli("similar", "they moved my shift again", "--json")) == first
    assert kept.stat().st_mtime_ns == written  # nothing new to analyse: not rewritten
    reflect_cli("add", "--challenge", "The rota moved my shift again", "--date", "2026-11-20")
    after = json_of(reflect_cli("similar", "they moved my shift again", "--json"))
    assert after[0]["shift_date"] == "2026-11-20"  # the new entry was analysed, not missed


def test_a_second_run_uses_the_kept_index_and_a_new_entry_joins_it(
    reflect_cli: Invoke, filled: dict[str, str], isolated_home: Path
) -> None:
    kept = isolated_home / "cache" / "match-index.bin"
    text = "they moved my shift again with a day's notice"
    first = json_of(reflect_cli("similar", text, "--json"))
    assert kept.is_file()
    written = kept.stat().st_mtime_ns
    assert json_of(reflect_cli("similar", text, "--json")) == first
    added = reflect_cli("add", "--challenge", "The rota moved my shift with no notice at all")
    new_id = added.stdout.strip()
    again = json_of(reflect_cli("similar", text, "--json"))
    assert new_id in {found["id"] for found in again}  # analysed on top of the kept rows
    assert kept.stat().st_mtime_ns == written  # one new entry: not worth writing it again
