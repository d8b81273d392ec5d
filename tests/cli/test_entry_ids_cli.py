"""Naming an entry on the command line by the start of its id: show, delete, share, unshare."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke, json_of

IDS = ("3f2a9c1e" + "0" * 24, "3f2a9d00" + "1" * 24, "3f7b0000" + "2" * 24, "a1" + "3" * 30)


@pytest.fixture
def seeded(reflect_cli: Invoke, tmp_path: Path) -> list[str]:
    """A journal holding entries with the ids above, imported as a person would."""
    entries = [
        {
            "id": entry_id,
            "shift_date": f"2026-11-{number + 10}",
            "created_at": f"2026-11-{number + 10}T18:00:00+00:00",
            "updated_at": f"2026-11-{number + 10}T18:00:00+00:00",
            "challenge": f"challenge number {number}",
            "lesson": f"lesson number {number}",
        }
        for number, entry_id in enumerate(IDS)
    ]
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({"format": "reflect", "version": 1, "entries": entries}))
    assert reflect_cli("import", str(path)).exit_code == 0
    return list(IDS)


def _one_line_error(result: object) -> str:
    stderr = getattr(result, "stderr", "")
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "Traceback" not in stderr
    return str(stderr)


@pytest.mark.parametrize(("typed", "wanted"), [("a", 3), ("A1", 3), ("3f7", 2), ("3F2A9C", 0)])
def test_show_takes_any_unique_start_of_an_id(
    reflect_cli: Invoke, seeded: list[str], typed: str, wanted: int
) -> None:
    shown = reflect_cli("show", typed)
    assert shown.exit_code == 0, shown.stderr
    assert f"lesson number {wanted}" in shown.stdout
    assert json_of(reflect_cli("show", typed, "--json"))["id"] == seeded[wanted]


def test_show_takes_the_whole_id(reflect_cli: Invoke, seeded: list[str]) -> None:
    assert json_of(reflect_cli("show", seeded[1], "--json"))["id"] == seeded[1]
    assert json_of(reflect_cli("show", seeded[1].upper(), "--json"))["id"] == seeded[1]


@pytest.mark.parametrize(("typed", "count", "needed"), [("3", 3, 6), ("3f", 3, 6), ("3f2a", 2, 6)])
def test_a_start_several_ids_share_is_refused_with_what_to_type(
    reflect_cli: Invoke, seeded: list[str], typed: str, count: int, needed: int
) -> None:
    result = reflect_cli("show", typed)
    assert result.exit_code == 1 and result.stdout == ""
    line = _one_line_error(result)
    assert f"'{typed}' starts the id of {count} entries" in line
    assert f"type at least {needed} characters" in line
    # and that many characters of any one of them is enough
    for entry_id in seeded:
        if entry_id.startswith(typed):
            assert json_of(reflect_cli("show", entry_id[:needed], "--json"))["id"] == entry_id


def test_a_start_no_id_has_is_not_found(reflect_cli: Invoke, seeded: list[str]) -> None:
    for typed in ("b", "3f2b", "zz"):
        result = reflect_cli("show", typed)
        assert result.exit_code == 1
        assert f"no entry with id '{typed}'" in _one_line_error(result)


def test_delete_never_deletes_on_a_shared_start(
    reflect_cli: Invoke, seeded: list[str], isolated_home: Path
) -> None:
    before = (isolated_home / "journal.json").read_bytes()
    result = reflect_cli("delete", "3f", "--yes")
    assert result.exit_code == 1 and "starts the id of 3 entries" in _one_line_error(result)
    asked = reflect_cli("delete", "3f2a", interactive=True, stdin="y\n")
    assert asked.exit_code == 1 and "Delete the entry" not in asked.stdout
    assert (isolated_home / "journal.json").read_bytes() == before
    assert len(json_of(reflect_cli("list", "--json"))) == len(seeded)


def test_delete_takes_a_unique_start(reflect_cli: Invoke, seeded: list[str]) -> None:
    result = reflect_cli("delete", "3f7", "--yes")
    assert result.exit_code == 0 and result.stdout.startswith(f"Deleted {seeded[2][:8]}")
    left = [entry["id"] for entry in json_of(reflect_cli("list", "--json"))]
    assert sorted(left) == sorted(set(seeded) - {seeded[2]})


def test_share_and_unshare_take_a_unique_start_and_refuse_a_shared_one(
    reflect_cli: Invoke, seeded: list[str], tmp_path: Path
) -> None:
    mentor = tmp_path / "mentor"
    assert reflect_cli("id", "init", "--handle", "dana", home=mentor).exit_code == 0
    key = json_of(reflect_cli("id", "--json", home=mentor))["public_key"]
    assert reflect_cli("contact", "add", "dana", key).exit_code == 0

    refused = reflect_cli("share", "3f2a", "--with", "dana")
    assert refused.exit_code == 1 and "type at least 6 characters" in _one_line_error(refused)
    assert all(entry["shared_with"] == [] for entry in json_of(reflect_cli("list", "--json")))

    shared = reflect_cli("share", "3F2A9D", "--with", "dana")
    assert shared.exit_code == 0, shared.stderr
    readers = {e["id"]: e["shared_with"] for e in json_of(reflect_cli("list", "--json"))}
    assert readers[seeded[1]] == ["dana"]
    assert [entry_id for entry_id, handles in readers.items() if handles] == [seeded[1]]

    assert reflect_cli("unshare", "3f", "--with", "dana").exit_code == 1
    assert reflect_cli("unshare", "3f2a9d", "--with", "dana").exit_code == 0
    assert all(entry["shared_with"] == [] for entry in json_of(reflect_cli("list", "--json")))
