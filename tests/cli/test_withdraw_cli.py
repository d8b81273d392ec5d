"""Deleting and unsharing withdraw at once; contacts can be removed, re-keyed and moved."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Invoke, json_of, paired_homes, public_key


def _key(reflect_cli: Invoke, home: Path) -> str:
    return public_key(reflect_cli, home)


def _pair(reflect_cli: Invoke, tmp_path: Path) -> tuple[Path, Path, Path]:
    return paired_homes(reflect_cli, tmp_path, "to-dana")


def _mentor_reads(reflect_cli: Invoke, mentor: Path) -> list[str]:
    read = json_of(reflect_cli("inbox", "--json", home=mentor))
    return [entry["lesson"] for item in read for entry in item["entries"]]


def test_deleting_a_shared_entry_withdraws_it_from_the_mentor_at_once(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    agent, mentor, _ = _pair(reflect_cli, tmp_path)
    entry = reflect_cli("add", "--lesson", "shared then regretted", "--share-with", "dana",
                        home=agent).stdout.strip()  # fmt: skip
    reflect_cli("add", "--lesson", "shared and kept", "--share-with", "dana", home=agent)
    assert sorted(_mentor_reads(reflect_cli, mentor)) == [
        "shared and kept",
        "shared then regretted",
    ]
    refused = reflect_cli("delete", entry, home=agent)
    assert refused.exit_code == 1 and "--yes" in refused.stderr
    deleted = reflect_cli("delete", entry[:6], "--yes", home=agent)
    assert deleted.exit_code == 0 and "Withdrawn from dana" in deleted.stderr
    assert _mentor_reads(reflect_cli, mentor) == ["shared and kept"]
    assert reflect_cli("show", entry, home=agent).exit_code == 1


def test_delete_asks_on_a_terminal(reflect_cli: Invoke) -> None:
    entry = reflect_cli("add", "--challenge", "a hard call").stdout.strip()
    kept = reflect_cli("delete", entry, stdin="n\n", interactive=True)
    assert "a hard call" in kept.stdout and "Nothing deleted." in kept.stdout
    assert reflect_cli("show", entry).exit_code == 0
    assert reflect_cli("delete", entry, stdin="y\n", interactive=True).exit_code == 0
    assert reflect_cli("show", entry).exit_code == 1


def test_a_deleted_entry_whose_readers_folder_is_gone_says_so(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    agent, _, folder = _pair(reflect_cli, tmp_path)
    entry = reflect_cli("add", "--lesson", "x", "--share-with", "dana", home=agent).stdout.strip()
    folder.rename(tmp_path / "unmounted")
    result = reflect_cli("delete", entry, "--yes", home=agent)
    assert result.exit_code == 0 and "dana can still read it" in result.stderr


def test_weak_public_keys_are_refused(reflect_cli: Invoke) -> None:
    for weak in ("00" * 32, "01" + "00" * 31,
                 "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"):  # fmt: skip
        result = reflect_cli("contact", "add", "eve", weak)
        assert result.exit_code == 1 and "cannot be used" in result.stderr
    assert json_of(reflect_cli("contact", "list", "--json")) == []


def test_contacts_can_be_removed_rekeyed_and_moved(reflect_cli: Invoke, tmp_path: Path) -> None:
    agent, mentor, folder = _pair(reflect_cli, tmp_path)
    reflect_cli("add", "--lesson", "for dana", "--share-with", "dana", home=agent)
    assert _mentor_reads(reflect_cli, mentor) == ["for dana"]

    elsewhere = tmp_path / "new-folder"
    elsewhere.mkdir()
    moved = reflect_cli("contact", "folder", "dana", str(elsewhere), home=agent)
    assert moved.exit_code == 0 and str(elsewhere) in moved.stdout
    assert json_of(reflect_cli("contact", "list", "--json", home=agent))[0]["folder"] == str(
        elsewhere
    )
    assert reflect_cli("contact", "folder", "dana", home=agent).exit_code == 2
    reflect_cli("contact", "folder", "dana", str(folder), home=agent)

    new_home = tmp_path / "dana-new-laptop"
    reflect_cli("id", "init", "--handle", "dana", home=new_home)
    new_key = _key(reflect_cli, new_home)
    exists = reflect_cli("contact", "add", "dana", new_key, home=agent)
    assert exists.exit_code == 1 and "already" in exists.stderr
    replaced = reflect_cli("contact", "add", "dana", new_key, "--replace", home=agent)
    assert replaced.exit_code == 0 and "Replaced dana's key" in replaced.stdout
    assert json_of(reflect_cli("contact", "list", "--json", home=agent))[0]["folder"] == str(folder)
    # the bundle in the folder was sealed again for the new key: the old key reads nothing
    old = reflect_cli("inbox", "--json", home=mentor)
    assert old.exit_code == 0 and "someone else" in old.stderr
    reflect_cli("contact", "add", "sam", _key(reflect_cli, agent), home=new_home)
    (new_home / "config.toml").write_text(f'inbox = ["{folder}"]\n')
    assert _mentor_reads(reflect_cli, new_home) == ["for dana"]

    removed = reflect_cli("contact", "remove", "dana", home=agent)
    assert removed.exit_code == 0 and "1 entry is no longer shared" in removed.stdout
    assert json_of(reflect_cli("contact", "list", "--json", home=agent)) == []
    assert _mentor_reads(reflect_cli, new_home) == []
    assert reflect_cli("contact", "remove", "dana", home=agent).exit_code == 1
