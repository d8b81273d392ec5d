"""Import from jrnl and Day One, export md and csv, through the command line."""

import csv
import io
from pathlib import Path

from tests.cli.conftest import Invoke, json_of

DATA = Path(__file__).parent.parent / "data"


def test_jrnl_export_is_recognised_and_imported_once(reflect_cli: Invoke) -> None:
    path = DATA / "jrnl" / "jrnl-export.json"
    dry = reflect_cli("import", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert "10 new entries would add" in dry.stdout
    assert json_of(reflect_cli("list", "--json")) == []
    first = reflect_cli("import", str(path))
    assert first.stdout.startswith("10 new entries added")
    again = reflect_cli("import", str(DATA / "jrnl" / "journal.txt"), "--from", "jrnl")
    assert again.stdout.startswith("0 new entries added, 10 already")  # same ids from text
    entries = json_of(reflect_cli("list", "--json"))
    assert {entry["source"] for entry in entries} == {"jrnl"}


def test_dayone_zip_counts_skipped_media(reflect_cli: Invoke) -> None:
    result = reflect_cli("import", str(DATA / "dayone" / "Export-Journal.zip"))
    assert result.exit_code == 0, result.stderr
    assert "media files skipped" in result.stdout
    entries = json_of(reflect_cli("list", "--json"))
    assert entries and {entry["source"] for entry in entries} == {"dayone"}


def test_a_file_that_is_not_what_from_says(reflect_cli: Invoke) -> None:
    result = reflect_cli("import", str(DATA / "jrnl" / "jrnl-export.json"), "--from", "dayone")
    assert result.exit_code == 1
    assert "is not a Day One export" in result.stderr or "not a dayone" in result.stderr.lower()
    assert len(result.stderr.strip().splitlines()) == 1


def test_export_md_and_csv(reflect_cli: Invoke) -> None:
    reflect_cli(
        "add",
        "--challenge",
        'Caller, upset; about "fees"',
        "--lesson",
        "Breathe",
        "--tag",
        "billing",
    )
    reflect_cli("add", "--kindness", "Covered a break", "--date", "2026-10-02", "--tag", "team")
    markdown = reflect_cli("export", "--format", "md").stdout
    assert markdown.index("November 2026") < markdown.index("October 2026")  # newest month first
    assert "Breathe" in markdown and "Covered a break" in markdown
    rows = list(csv.DictReader(io.StringIO(reflect_cli("export", "--format", "csv").stdout)))
    assert [row["challenge"] for row in rows].count('Caller, upset; about "fees"') == 1
    only_team = list(
        csv.DictReader(
            io.StringIO(reflect_cli("export", "--format", "csv", "--tag", "team").stdout)
        )
    )
    assert [row["kindness"] for row in only_team] == ["Covered a break"]


def test_a_long_import_shows_progress_and_writes_once(reflect_cli: Invoke, tmp_path: Path) -> None:
    from benchmarks.synthetic import synthetic_entries
    from reflect.formats import native

    path = tmp_path / "many.json"
    path.write_bytes(native.dump(synthetic_entries(600)))
    result = reflect_cli("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "Importing" in result.stderr and result.stdout.startswith("600 new entries added")
    assert len(json_of(reflect_cli("list", "--json"))) == 600
