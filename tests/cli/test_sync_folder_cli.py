"""`reflect inbox` on a synced folder: files still arriving are quiet unless asked for."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Invoke, json_of, paired_homes, public_key


def _key(reflect_cli: Invoke, home: Path) -> str:
    return public_key(reflect_cli, home)


def _pair(reflect_cli: Invoke, tmp_path: Path) -> tuple[Path, Path, Path]:
    return paired_homes(reflect_cli, tmp_path, "synced")


def test_a_bundle_still_arriving_is_quiet_and_listed_when_asked(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    agent, mentor, folder = _pair(reflect_cli, tmp_path)
    reflect_cli("add", "--lesson", "first", "--share-with", "dana", home=agent)
    (bundle,) = folder.iterdir()
    assert [e["lesson"] for e in json_of(reflect_cli("inbox", "--json", home=mentor))[0][
        "entries"]] == ["first"]  # fmt: skip
    reflect_cli("add", "--lesson", "second", "--share-with", "dana", home=agent)
    whole = bundle.read_bytes()
    bundle.write_bytes(whole[: len(whole) // 2])  # the sync tool is half way
    (folder / f"sam-x-to-dana (1){bundle.suffix}").write_bytes(b"")  # a placeholder
    (folder / f".syncthing.{bundle.name}.tmp").write_bytes(whole)  # never read

    quiet = reflect_cli("inbox", "--json", home=mentor)
    assert quiet.exit_code == 0 and quiet.stderr == ""
    (kept,) = json.loads(quiet.stdout)
    assert [e["lesson"] for e in kept["entries"]] == ["first"]  # what was read stays

    verbose = json_of(reflect_cli("inbox", "--json", "--verbose", home=mentor))
    assert verbose["received"] == json.loads(quiet.stdout)
    files = {Path(item["path"]).name: item for item in verbose["files"]}
    assert set(files) == {bundle.name, f"sam-x-to-dana (1){bundle.suffix}"}
    assert {item["status"] for item in files.values()} == {"waiting"}
    assert not any(item["problem"] for item in files.values())
    assert files[f"sam-x-to-dana (1){bundle.suffix}"]["conflict_copy"] is True

    text = reflect_cli("inbox", "-v", home=mentor)
    assert text.exit_code == 0 and "2 bundle files:" in text.stdout
    assert "waiting    " in text.stdout and "not arrived yet" in text.stdout

    bundle.write_bytes(whole)  # arrived
    lessons = [e["lesson"] for e in json_of(reflect_cli("inbox", "--json", home=mentor))[0][
        "entries"]]  # fmt: skip
    assert sorted(lessons) == ["first", "second"]


def test_a_file_name_with_control_characters_is_shown_escaped(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    _, mentor, folder = _pair(reflect_cli, tmp_path)
    (folder / "evil\x1b[2J\nname.reflect-bundle").write_bytes(b"not a bundle")
    result = reflect_cli("inbox", "-v", home=mentor)
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout + result.stderr
    problem, nothing = result.stderr.strip().splitlines()
    assert "evil\\x1b[2J\\x0aname.reflect-bundle: not a reflect bundle" in problem
    assert nothing == "Nothing shared with you yet."
    assert "evil\\x1b[2J\\x0aname.reflect-bundle" in result.stdout


def test_a_bundle_mode_that_is_not_known_is_one_line(reflect_cli: Invoke, tmp_path: Path) -> None:
    agent, _, _ = _pair(reflect_cli, tmp_path)
    (agent / "config.toml").write_text('bundle_mode = "everyone"\n')
    result = reflect_cli("publish", home=agent)
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "bundle_mode" in result.stderr and "Traceback" not in result.output
