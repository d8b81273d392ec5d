"""Every command of the contract, end to end on a temporary home, JSON parsed."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reflect.config import Config
from reflect.journal import Journal
from tests.cli.conftest import Invoke, json_of

ADD = [
    "add",
    *("--challenge", "Caller shouted about a late refund"),
    *("--grateful", "Practised staying calm"),
    *("--kindness", "Stayed on past my shift to finish his case"),
    *("--lesson", "Name the feeling first"),
    *("--date", "yesterday", "--mood", "3", "--tag", "refunds"),
]


def test_add_prints_the_id_and_the_engine_finds_the_entry(
    reflect_cli: Invoke, isolated_home: Path
) -> None:
    result = reflect_cli(*ADD)
    assert result.exit_code == 0, result.stderr
    entry_id = result.stdout.strip()
    entry = Journal.open(isolated_home).get(entry_id)
    assert entry.challenge == "Caller shouted about a late refund"
    assert entry.shift_date.isoformat() == "2026-11-23"
    assert (entry.mood, entry.tags, entry.shared_with, entry.source) == (
        3,
        ("refunds",),
        (),
        "reflect",
    )


def test_list_with_from_and_json(reflect_cli: Invoke) -> None:
    reflect_cli(*ADD)
    reflect_cli("add", "--lesson", "Old lesson", "--date", "2026-10-01")
    recent = json_of(reflect_cli("list", "--from", "last monday", "--json"))
    assert [item["challenge"] for item in recent] == ["Caller shouted about a late refund"]
    everything = json_of(reflect_cli("list", "--json"))
    assert [item["shift_date"] for item in everything] == ["2026-11-23", "2026-10-01"]
    assert json_of(reflect_cli("list", "--tag", "refunds", "--to", "2026-11-01", "--json")) == []
    text = reflect_cli("list")
    assert "2026-11-23" in text.stdout and "#refunds" in text.stdout


def test_show_in_text_and_json(reflect_cli: Invoke) -> None:
    entry_id = reflect_cli(*ADD).stdout.strip()
    shown = reflect_cli("show", entry_id[:8])
    assert "Name the feeling first" in shown.stdout and "Monday 23 November 2026" in shown.stdout
    data = json_of(reflect_cli("show", entry_id, "--json"))
    assert data["id"] == entry_id and data["mood"] == 3


def test_export_then_import_twice(reflect_cli: Invoke, tmp_path: Path) -> None:
    reflect_cli(*ADD)
    backup = tmp_path / "backup.json"
    assert reflect_cli("export", "--format", "json", "--output", str(backup)).exit_code == 0
    exported = backup.read_text()
    assert '"format": "reflect"' in exported
    other_home = tmp_path / "other"
    first = reflect_cli("import", str(backup), home=other_home)
    assert first.stdout.startswith("Added 1 new entry, 0 already in the journal")
    second = reflect_cli("import", str(backup), home=other_home)
    assert second.stdout.startswith("Added 0 new entries, 1 already in the journal")
    assert json_of(reflect_cli("list", "--json", home=other_home)) == json_of(
        reflect_cli("list", "--json")
    )


def test_import_dry_run_writes_nothing(reflect_cli: Invoke, tmp_path: Path) -> None:
    reflect_cli(*ADD)
    backup = tmp_path / "backup.json"
    reflect_cli("export", "--output", str(backup))
    other = tmp_path / "other"
    dry = reflect_cli("import", str(backup), "--dry-run", home=other)
    assert dry.exit_code == 0
    assert dry.stdout.startswith("Would add 1 new entry, 0 already in the journal")
    assert "Caller shouted" in dry.stdout
    assert json_of(reflect_cli("list", "--json", home=other)) == []


def test_export_to_stdout_is_the_native_format(reflect_cli: Invoke) -> None:
    reflect_cli(*ADD)
    document = json_of(reflect_cli("export"))
    assert document["format"] == "reflect" and document["version"] == 1
    assert len(document["entries"]) == 1


def test_doctor_lists_backups_and_restores(
    reflect_cli: Invoke, tmp_path: Path, isolated_home: Path
) -> None:
    reflect_cli(*ADD)
    backup = tmp_path / "b.json"
    reflect_cli("export", "--output", str(backup))
    other = tmp_path / "second"
    reflect_cli("add", "--challenge", "second journal", home=other)
    reflect_cli("import", str(backup), home=other)
    healthy = reflect_cli("doctor", home=other)
    assert healthy.exit_code == 0
    assert "reads fine: 2 entries" in healthy.stdout
    assert "daily" in healthy.stdout and "1 entry, newest 2026-11-24" in healthy.stdout
    (other / "journal.json").write_text("{ broken")
    sick = reflect_cli("doctor", home=other)
    assert sick.exit_code == 1 and "not valid JSON" in sick.stdout
    restored = reflect_cli("doctor", "--restore", "1", home=other)
    assert restored.exit_code == 0, restored.stderr
    assert [item["challenge"] for item in json_of(reflect_cli("list", "--json", home=other))] == [
        "second journal"
    ]


def test_no_command_opens_the_app_on_the_home(
    reflect_cli: Invoke, opened_apps: list[tuple[Path, bool, int]], isolated_home: Path
) -> None:
    assert reflect_cli().exit_code == 0
    assert opened_apps == [(isolated_home, False, 0)]


def test_demo_opens_a_throwaway_copy_and_leaves_my_journal_alone(
    reflect_cli: Invoke, opened_apps: list[tuple[Path, bool, int]], isolated_home: Path
) -> None:
    reflect_cli("add", "--challenge", "mine")
    before = (isolated_home / "journal.json").read_bytes()
    assert reflect_cli("--demo").exit_code == 0
    ((home, demo, count),) = opened_apps
    assert demo and home != isolated_home and count >= 55
    assert not home.exists()  # thrown away when the app closed
    assert (isolated_home / "journal.json").read_bytes() == before
    assert reflect_cli("--demo", "list").exit_code == 2


def test_home_comes_from_the_environment(isolated_home: Path) -> None:
    from click.testing import CliRunner

    from reflect.cli import cli

    result = CliRunner().invoke(cli, ["add", "--lesson", "env home"])
    assert result.exit_code == 0
    assert Journal.open(isolated_home).get(result.stdout.strip()).lesson == "env home"


def test_similar_adds_meaning_and_falls_back_to_words_when_the_model_fails(
    reflect_cli: Invoke, monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    import reflect.meaning
    from reflect.meaning import MeaningSearch, open_cache
    from tests.unit.test_meaning import BrokenEmbedder, ConceptEmbedder

    reflect_cli("add", "--challenge", "The queue was red and people kept waiting on hold")
    reflect_cli("add", "--challenge", "A refund for a parcel went missing")
    assert json_of(reflect_cli("similar", "left stuck for ages", "--json")) == []

    def fake(config: Config, folder: Path | None) -> MeaningSearch:
        embedder = ConceptEmbedder()
        return MeaningSearch(embedder, open_cache(embedder, folder / "v.bin" if folder else None))

    monkeypatch.setattr(reflect.meaning, "load_meaning", fake)
    (item,) = json_of(reflect_cli("similar", "left stuck for ages", "--json"))
    assert item["reasons"][0].startswith("close in meaning: 'The queue was red")
    assert (isolated_home / "cache" / "v.bin").is_file()

    def broken(config: Config, folder: Path | None) -> MeaningSearch:
        embedder = BrokenEmbedder()
        return MeaningSearch(embedder, open_cache(embedder, None))

    monkeypatch.setattr(reflect.meaning, "load_meaning", broken)
    result = reflect_cli("similar", "the queue was red", "--json")
    assert result.exit_code == 0
    assert "out of memory; matching by words and themes only" in result.stderr
    assert len(json.loads(result.stdout)) == 1


def test_the_version_is_told_without_loading_click(reflect_cli: Invoke) -> None:
    code = (
        "import sys\nsys.argv = ['reflect', '--version']\nfrom reflect.cli import main\n"
        "main()\nprint(sorted({m.split('.')[0] for m in sys.modules} & {'click', 'tinydb'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    fast, loaded = result.stdout.splitlines()
    assert loaded == "[]"
    assert fast == reflect_cli("--version").stdout.strip()  # what click itself prints
