"""Import from jrnl and Day One, export md and csv, and the registry's names, through the
command line."""

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from reflect.formats import registry
from tests.cli.conftest import Invoke, json_of

DATA = Path(__file__).parent.parent / "data"


def test_jrnl_export_is_recognised_and_imported_once(reflect_cli: Invoke) -> None:
    path = DATA / "jrnl" / "jrnl-export.json"
    dry = reflect_cli("import", str(path), "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert dry.stdout.startswith("Would add 10 new entries, 0 already")
    assert json_of(reflect_cli("list", "--json")) == []
    first = reflect_cli("import", str(path))
    assert first.stdout.startswith("Added 10 new entries, 0 already")
    again = reflect_cli("import", str(DATA / "jrnl" / "journal.txt"), "--from", "jrnl")
    assert again.stdout.startswith("Added 0 new entries, 10 already")  # same ids from text
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
    assert "Importing" in result.stderr and result.stdout.startswith("Added 600 new entries")
    assert len(json_of(reflect_cli("list", "--json"))) == 600


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (("summary", "--format"), registry.summary_format_names()),
        (("export", "--format"), registry.exporter_names()),
        (("import", "journal.json", "--from"), registry.importer_names()),
    ],
)
def test_the_choices_are_the_registrys_names(
    reflect_cli: Invoke, args: tuple[str, ...], names: tuple[str, ...]
) -> None:
    result = reflect_cli(*args, "nope")
    assert result.exit_code == 2
    listed = ", ".join(repr(name) for name in names)
    assert f"'nope' is not one of {listed}." in result.stderr


def test_the_format_help_is_built_from_the_registry_as_it_was_written(
    reflect_cli: Invoke,
) -> None:
    summary = " ".join(reflect_cli("summary", "--help").stdout.split())
    assert "[text|md|json|html]" in summary
    assert "text: for the terminal; md: to keep or send; json: for programs; html: to print." in (
        summary
    )
    export = " ".join(reflect_cli("export", "--help").stdout.split())
    assert "[json|md|csv]" in export
    assert "json: reflect's own (import reads it back); md: to read; csv: for spreadsheets." in (
        export
    )
    assert "[reflect|jrnl|dayone]" in " ".join(reflect_cli("import", "--help").stdout.split())


def test_every_format_the_registry_lists_works_from_the_command_line(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    assert reflect_cli("import", str(DATA / "jrnl" / "jrnl-export.json")).exit_code == 0
    for name in registry.summary_format_names():
        out = tmp_path / f"summary-{name}"
        result = reflect_cli("summary", "2026-11", "--format", name, "--output", str(out))
        assert result.exit_code == 0, result.stderr
        assert result.stderr == f"Wrote the summary of November 2026 to {out}\n"
        assert out.read_text().strip()
    for name in registry.exporter_names():
        out = tmp_path / f"entries{registry.exporter(name).suffix}"
        assert reflect_cli("export", "--format", name, "--output", str(out)).exit_code == 0
        assert out.read_bytes() == reflect_cli("export", "--format", name).stdout_bytes
    again = reflect_cli("import", str(tmp_path / "entries.json"), "--from", "reflect")
    assert again.stdout.startswith("Added 0 new entries, 10 already")


def test_reflect_version_loads_no_format_module() -> None:
    code = (
        "import sys\nfrom reflect.cli import cli\n"
        "try:\n    cli.main(['--version'], prog_name='reflect')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('reflect.formats.', "
        "'reflect.summary'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "['reflect.formats.registry']"
