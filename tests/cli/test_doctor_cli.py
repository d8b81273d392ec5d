"""reflect doctor: what the journal and each backup hold, restores that ask, salvage."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Invoke, json_of


def _fill(reflect_cli: Invoke, count: int) -> list[str]:
    return [
        reflect_cli("add", "--challenge", f"call {n}", "--date", f"{n} days ago").stdout.strip()
        for n in range(count)
    ]


def test_doctor_json_says_what_the_journal_and_each_backup_hold(
    reflect_cli: Invoke, isolated_home: Path
) -> None:
    _fill(reflect_cli, 3)
    report = json_of(reflect_cli("doctor", "--json"))
    assert report["healthy"] is True
    assert report["journal"] == {
        "path": str(isolated_home / "journal.json"), "exists": True, "readable": True,
        "entries": 3, "invalid_entries": 0, "drafts": 0, "newest_entry": "2026-11-24",
        "size": (isolated_home / "journal.json").stat().st_size,
    }  # fmt: skip
    (backup,) = report["backups"]
    assert backup["number"] == 1 and backup["reason"] == "daily" and backup["readable"] is True
    assert (backup["entries"], backup["newest_entry"]) == (1, "2026-11-24")
    assert report["temporary_files_removed"] == 0
    text = reflect_cli("doctor").stdout
    assert "reads fine: 3 entries, the newest of 2026-11-24" in text
    assert "daily" in text and "1 entry, newest 2026-11-24" in text


def test_a_restore_that_would_lose_entries_asks_first(
    reflect_cli: Invoke, isolated_home: Path
) -> None:
    _fill(reflect_cli, 3)  # the daily backup holds only the first
    before = (isolated_home / "journal.json").read_bytes()
    refused = reflect_cli("doctor", "--restore", "1")
    assert refused.exit_code == 1
    assert "holds 1 entry" in refused.stdout and "the journal now holds 3" in refused.stdout
    assert "would lose 2 entries" in refused.stderr
    assert (isolated_home / "journal.json").read_bytes() == before

    kept = reflect_cli("doctor", "--restore", "1", stdin="n\n", interactive=True)
    assert kept.exit_code == 0 and "Nothing changed." in kept.stdout
    assert (isolated_home / "journal.json").read_bytes() == before
    done = reflect_cli("doctor", "--restore", "1", stdin="y\n", interactive=True)
    assert done.exit_code == 0 and "Restored" in done.stdout
    assert len(json_of(reflect_cli("list", "--json"))) == 1


def test_restoring_over_a_damaged_journal_counts_what_it_brings_back(
    reflect_cli: Invoke, isolated_home: Path
) -> None:
    _fill(reflect_cli, 1)
    (isolated_home / "journal.json").write_text("{ broken")
    result = reflect_cli("doctor", "--restore", "1")
    assert result.exit_code == 0, result.stderr
    assert "the journal now holds 0 that can be read" in result.stdout
    assert "Restored" in result.stdout and "1 entry, 1 the journal had lost" in result.stdout
    assert len(json_of(reflect_cli("list", "--json"))) == 1
    reasons = [item["reason"] for item in json_of(reflect_cli("doctor", "--json"))["backups"]]
    assert reasons == ["before-restore-unreadable", "daily"]


def test_salvage_rebuilds_a_journal_cut_in_half(reflect_cli: Invoke, isolated_home: Path) -> None:
    ids = _fill(reflect_cli, 12)
    raw = (isolated_home / "journal.json").read_bytes()
    (isolated_home / "journal.json").write_bytes(raw[: len(raw) // 2])
    sick = reflect_cli("doctor")
    assert sick.exit_code == 1 and "can still be read in it" in sick.stdout
    result = reflect_cli("doctor", "--salvage")
    assert result.exit_code == 0, result.stderr
    assert "Rebuilt the journal" in result.stdout and "damaged file is kept" in result.stdout
    back = [entry["id"] for entry in json_of(reflect_cli("list", "--json"))]
    assert 4 <= len(back) < 12 and set(back) <= set(ids)
    assert reflect_cli("doctor").exit_code == 0
    again = reflect_cli("doctor", "--salvage")
    assert again.exit_code == 0 and "nothing to salvage" in again.stdout
    kept = [item for item in json_of(reflect_cli("doctor", "--json"))["backups"]]
    assert any(item["reason"].startswith("damaged-before-salvage") for item in kept)


def test_doctor_options_that_do_not_go_together(reflect_cli: Invoke) -> None:
    assert reflect_cli("doctor", "--restore", "1", "--salvage").exit_code == 2
    assert reflect_cli("doctor", "--json", "--salvage").exit_code == 2
    result = reflect_cli("doctor", "--salvage")
    assert result.exit_code == 1 and "no journal" in result.stderr
    assert json.loads(reflect_cli("doctor", "--json").stdout)["journal"]["exists"] is False
