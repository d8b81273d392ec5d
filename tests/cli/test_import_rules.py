"""What an import may bring in: no sharing unless asked, no future days, bounded work."""

from __future__ import annotations

import errno
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from reflect.formats.imported import MAX_IMPORT_ITEMS
from tests.cli.conftest import Invoke, json_of


def _export(path: Path, entries: list[dict[str, Any]]) -> Path:
    path.write_text(json.dumps({"format": "reflect", "version": 1, "entries": entries}))
    return path


def _entry(entry_id: str, day: str = "2026-11-20", **fields: Any) -> dict[str, Any]:
    moment = f"{day}T18:00:00+00:00"
    return {"id": entry_id, "shift_date": day, "created_at": moment, "updated_at": moment,
            "challenge": f"challenge {entry_id}", **fields}  # fmt: skip


SHARED = [
    _entry("a" * 32, shared_with=["dana"], share_details=True),
    _entry("b" * 32, shared_with=["dana", "lee"]),
    _entry("c" * 32),
]


def test_an_import_arrives_private_and_says_what_sharing_it_dropped(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    path = _export(tmp_path / "backup.json", SHARED)
    dry = reflect_cli("import", str(path), "--dry-run")
    assert dry.exit_code == 0
    assert "Sharing dropped" in dry.stdout and "dana (2), lee (1)" in dry.stdout
    done = reflect_cli("import", str(path))
    assert done.exit_code == 0 and "Sharing dropped" in done.stdout
    entries = json_of(reflect_cli("list", "--json"))
    assert [entry["shared_with"] for entry in entries] == [[], [], []]
    assert all("share_details" not in entry for entry in entries)


def test_keep_sharing_restores_ones_own_backup_and_says_so(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    path = _export(tmp_path / "backup.json", SHARED)
    dry = reflect_cli("import", str(path), "--dry-run", "--keep-sharing")
    assert "Sharing kept" in dry.stdout and "dana (2)" in dry.stdout
    assert reflect_cli("list", "--json").stdout.strip() == "[]"  # a dry run writes nothing
    assert reflect_cli("import", str(path), "--keep-sharing").exit_code == 0
    shared = {
        entry["id"][0]: entry["shared_with"] for entry in json_of(reflect_cli("list", "--json"))
    }
    assert shared == {"a": ["dana"], "b": ["dana", "lee"], "c": []}


def test_an_import_of_a_day_far_in_the_future_is_refused(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    path = _export(tmp_path / "odd.json", [_entry("d" * 32, day="9999-12-31"), _entry("e" * 32)])
    result = reflect_cli("import", str(path))
    assert result.exit_code == 1 and "9999-12-31, in the future" in result.stderr
    assert reflect_cli("list", "--json").stdout.strip() == "[]"
    tomorrow = _export(tmp_path / "tz.json", [_entry("f" * 32, day="2026-11-25")])  # a day's grace
    assert reflect_cli("import", str(tomorrow)).exit_code == 0


def test_upper_case_ids_are_stored_so_that_they_can_be_addressed(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    path = _export(tmp_path / "upper.json", [_entry("ABCDEF0123456789ABCDEF0123456789")])
    assert reflect_cli("import", str(path)).exit_code == 0
    for typed in ("ABCDEF0123456789ABCDEF0123456789", "abcdef01"):
        shown = reflect_cli("show", typed)
        assert shown.exit_code == 0, shown.stderr
    assert reflect_cli("import", str(path)).stdout.startswith("Added 0 new entries")


def _zip_of(document: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("Journal.json", document)
    return buffer.getvalue()


def test_a_small_zip_of_millions_of_objects_is_refused_quickly(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    bomb = b'{"metadata": {}, "entries": [' + b"{}," * 5_000_000 + b"{}]}"
    path = tmp_path / "tiny.zip"
    path.write_bytes(_zip_of(bomb))
    assert path.stat().st_size < 100_000
    for args in ((), ("--dry-run",)):
        result = reflect_cli("import", str(path), *args)
        assert result.exit_code == 1 and "JSON objects and lists" in result.stderr
        assert len(result.output.splitlines()) <= 2


def test_too_many_items_are_refused_and_a_dry_run_lists_only_some(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    many = json.dumps({"format": "reflect", "version": 1, "entries": [5] * (MAX_IMPORT_ITEMS + 1)})
    (tmp_path / "many.json").write_text(many)
    result = reflect_cli("import", str(tmp_path / "many.json"), "--dry-run")
    assert result.exit_code == 1 and f"{MAX_IMPORT_ITEMS:,} one import reads" in result.stderr
    bad = json.dumps({"format": "reflect", "version": 1, "entries": [5] * 500})
    (tmp_path / "bad.json").write_text(bad)
    dry = reflect_cli("import", str(tmp_path / "bad.json"), "--dry-run")
    assert dry.exit_code == 0 and "500 rejected" in dry.stdout
    assert len(dry.stdout.splitlines()) < 30 and "… and 480 more" in dry.stdout


@pytest.mark.parametrize("document", [5, None, [1, 2], "text"])
def test_a_stored_document_that_is_not_an_object_is_reported_not_fatal(
    reflect_cli: Invoke, isolated_home: Path, document: object
) -> None:
    kept = reflect_cli("add", "--challenge", "still here").stdout.strip()
    tables = json.loads((isolated_home / "journal.json").read_text())
    tables["entries"]["odd"] = document
    for table in ("drafts", "contacts", "received"):
        tables.setdefault(table, {})["odd"] = document
    (isolated_home / "journal.json").write_text(json.dumps(tables))
    listed = reflect_cli("list", "--json")
    assert [entry["id"] for entry in json_of(listed)] == [kept]
    assert reflect_cli("contact", "list").exit_code == 0
    assert reflect_cli("add", "--challenge", "and another").exit_code == 0
    doctor = reflect_cli("doctor")
    assert (
        doctor.exit_code == 1 and "entry odd: an entry must be a JSON object, not" in doctor.stdout
    )
    assert json.loads((isolated_home / "journal.json").read_text())["entries"]["odd"] == document


def test_a_v0_journal_with_a_document_that_is_not_an_object_migrates(
    reflect_cli: Invoke, isolated_home: Path
) -> None:
    isolated_home.mkdir()
    old = {"_default": {"1": {"challenge": "old days", "date": "2026-01-02"}, "2": 5}}
    (isolated_home / "journal.json").write_text(json.dumps(old))
    assert [entry["challenge"] for entry in json_of(reflect_cli("list", "--json"))] == ["old days"]
    assert "entry v0-2" in reflect_cli("doctor").stdout


def test_summaries_at_the_end_of_time_are_figures_not_crashes(
    reflect_cli: Invoke, isolated_home: Path
) -> None:
    reflect_cli("add", "--challenge", "x")
    tables = json.loads((isolated_home / "journal.json").read_text())
    tables["entries"]["f" * 32] = _entry("f" * 32, day="9999-12-31")  # as older imports let in
    (isolated_home / "journal.json").write_text(json.dumps(tables))
    for month in ("9999-12", "0001-01", "this month"):
        for fmt in ("text", "md", "json", "html"):
            result = reflect_cli("summary", month, "--format", fmt)
            assert result.exit_code == 0, (month, fmt, result.stderr)
    assert json.loads(reflect_cli("summary", "9999-12", "--format", "json").stdout)["entries"] == 1


def test_a_deeply_nested_config_is_one_line(reflect_cli: Invoke, isolated_home: Path) -> None:
    isolated_home.mkdir()
    (isolated_home / "config.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n")
    result = reflect_cli("list")
    assert result.exit_code == 1 and "nests lists or tables too deeply" in result.stderr


@pytest.mark.parametrize("module", ["reflect.backups", "reflect.storage"])
def test_a_full_disk_during_import_says_so(
    reflect_cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, module: str
) -> None:
    import importlib

    reflect_cli("add", "--challenge", "before")
    reflect_cli("add", "--challenge", "after the day's backup")  # the import backs this up

    def full(path: Path, data: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(importlib.import_module(module), "atomic_write", full)
    result = reflect_cli("import", str(_export(tmp_path / "x.json", [_entry("a" * 32)])))
    assert result.exit_code == 1 and "the disk is full" in result.stderr
    assert "is a folder" not in result.stderr
    monkeypatch.undo()
    assert len(json_of(reflect_cli("list", "--json"))) == 2
