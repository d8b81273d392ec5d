"""Sharing from the command line: three homes, one shared folder."""

import json
from pathlib import Path

from tests.cli.conftest import Invoke, json_of


def _key(reflect_cli: Invoke, home: Path) -> str:
    return str(json_of(reflect_cli("id", "--json", home=home))["public_key"])


def test_share_publish_read_unshare(reflect_cli: Invoke, tmp_path: Path) -> None:
    agent, mentor, other, folder = (tmp_path / name for name in ("agent", "mentor", "other", "x"))
    folder.mkdir()
    for home, handle in ((agent, "sam"), (mentor, "dana"), (other, "lee")):
        assert reflect_cli("id", "init", "--handle", handle, home=home).exit_code == 0
    assert (
        reflect_cli("id", "init", "--handle", "again", home=agent).exit_code == 1
    )  # never replaced
    assert reflect_cli("contact", "add", "dana", _key(reflect_cli, mentor), "--folder", str(folder),
                       home=agent).exit_code == 0  # fmt: skip
    reflect_cli("contact", "add", "sam", _key(reflect_cli, agent), home=mentor)
    contacts = json_of(reflect_cli("contact", "list", "--json", home=agent))
    assert [item["handle"] for item in contacts] == ["dana"]

    shared = reflect_cli(
        "add", "--challenge", "Mail me at sam@example.com", "--lesson", "Slow down",
        "--share-with", "dana", home=agent,
    ).stdout.strip()  # fmt: skip
    private = reflect_cli("add", "--challenge", "PRIVATE-TEXT-7731", home=agent).stdout.strip()
    assert reflect_cli("add", "--lesson", "x", "--share-with", "nobody", home=agent).exit_code == 1
    bundles = list(folder.iterdir())  # published on save: dana's folder exists
    assert len(bundles) == 1 and b"PRIVATE-TEXT" not in bundles[0].read_bytes()

    for home in (mentor, other):
        (home / "inbox").mkdir(parents=True, exist_ok=True)
        (home / "inbox" / bundles[0].name).write_bytes(bundles[0].read_bytes())
    read = json_of(reflect_cli("inbox", "--json", home=mentor))
    assert [item["author"] for item in read] == ["sam"]
    (entry,) = read[0]["entries"]
    assert (
        entry["id"] == shared and "[email]" in entry["challenge"] and entry["lesson"] == "Slow down"
    )
    assert private not in json.dumps(read)
    stranger = reflect_cli("inbox", "--json", home=other)
    assert stranger.exit_code == 0 and json.loads(stranger.stdout) == []
    assert "someone else" in stranger.stderr and len(stranger.stderr.strip().splitlines()) == 1

    assert reflect_cli("unshare", shared, "--with", "dana", home=agent).exit_code == 0
    assert "dana: 0 entries" in reflect_cli("publish", home=agent).stdout
    (mentor / "inbox" / bundles[0].name).write_bytes(bundles[0].read_bytes())
    assert json_of(reflect_cli("inbox", "--json", home=mentor))[0]["entries"] == []


def test_sharing_needs_an_identity_and_a_contact(reflect_cli: Invoke) -> None:
    entry_id = reflect_cli("add", "--lesson", "x").stdout.strip()
    assert "reflect id init" in reflect_cli("publish").stderr
    result = reflect_cli("share", entry_id, "--with", "dana")
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    bad_key = reflect_cli("contact", "add", "dana", "not-a-key")
    assert bad_key.exit_code == 1 and len(bad_key.stderr.strip().splitlines()) == 1


def test_id_init_speaks_to_either_side(reflect_cli: Invoke, tmp_path: Path) -> None:
    """A mentor runs `id init` too: nothing it says may assume the reader is the agent."""
    for handle in ("sam", "dana"):  # an agent, then a mentor
        home = tmp_path / handle
        created = reflect_cli("id", "init", "--handle", handle, home=home)
        assert created.exit_code == 0, created.stderr
        code = reflect_cli("contact", "invite", home=home).stdout.strip()
        assert created.stdout.splitlines() == [
            f"Created identity {handle}. Send this line to the person you will exchange "
            "entries with:",
            code,
            "They add you with `reflect contact add --code LINE`, and you add theirs the same way.",
        ]
        shown = reflect_cli("id", home=home)
        assert "mentor" not in created.stdout + shown.stdout
        assert "reflect contact invite" in shown.stderr  # no contacts yet: how to pair
