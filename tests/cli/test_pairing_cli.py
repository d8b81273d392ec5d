"""Pairing from the command line: two homes swap one line each, and see the same words.

Every way a pasted line can be wrong ends the same way: one line on stderr, exit 1, and
the home exactly as it was.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import Invoke, json_of


def _files(home: Path) -> dict[str, bytes]:
    """Everything in a home (the lock file aside), to show that nothing was written."""
    return {
        str(path.relative_to(home)): path.read_bytes()
        for path in sorted(home.rglob("*"))
        if path.is_file() and path.name != "journal.lock"
    }


def _pair(reflect_cli: Invoke, tmp_path: Path) -> tuple[Path, Path]:
    sam, dana = tmp_path / "sam", tmp_path / "dana"
    for home in (sam, dana):
        assert reflect_cli("id", "init", "--handle", home.name, home=home).exit_code == 0
    return sam, dana


def _code(reflect_cli: Invoke, home: Path, *args: str) -> str:
    invited = reflect_cli("contact", "invite", *args, home=home)
    assert invited.exit_code == 0, invited.stderr
    assert len(invited.stdout.splitlines()) == 1  # one line, to paste or to pipe
    return invited.stdout.strip()


def _words_line(output: str) -> str:
    (line,) = [line for line in output.splitlines() if line.startswith("Check words: ")]
    return line


def test_invite_and_add_pair_two_homes_with_the_same_words(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    sam, dana = _pair(reflect_cli, tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    sam_code, dana_code = _code(reflect_cli, sam), _code(reflect_cli, dana)
    assert sam_code.startswith("reflect/1/sam/") and dana_code.startswith("reflect/1/dana/")

    on_sam = reflect_cli("contact", "add", "--code", dana_code, "--folder", str(shared), home=sam)
    on_dana = reflect_cli("contact", "add", "--code", f"\n  {sam_code}\n", home=dana)
    assert on_sam.exit_code == 0 and on_dana.exit_code == 0, on_sam.stderr + on_dana.stderr
    assert on_sam.stdout.startswith("Added dana.") and on_dana.stdout.startswith("Added sam.")
    words = _words_line(on_sam.stdout)
    assert words == _words_line(on_dana.stdout)
    assert len(words.removeprefix("Check words: ").split()) == 6

    listed = reflect_cli("contact", "list", home=sam).stdout
    assert words.removeprefix("Check words: ") in listed and str(shared) in listed
    (item,) = json_of(reflect_cli("contact", "list", "--json", home=dana))
    assert item["handle"] == "sam" and item["words"] == words.removeprefix("Check words: ")
    me = json_of(reflect_cli("id", "--json", home=sam))
    assert me["contacts"] == [{"handle": "dana", "words": item["words"]}]
    assert item["words"] in reflect_cli("id", home=dana).stdout


def test_a_wrapped_paste_reads_as_the_same_line(reflect_cli: Invoke, tmp_path: Path) -> None:
    sam, dana = _pair(reflect_cli, tmp_path)
    code = _code(reflect_cli, dana)
    wrapped = f"  “{code[:40]}\n{code[40:]}”.\n"
    added = reflect_cli("contact", "add", "--code", wrapped, home=sam)
    assert added.exit_code == 0, added.stderr
    assert json_of(reflect_cli("contact", "list", "--json", home=sam))[0]["handle"] == "dana"


def test_the_folder_named_in_a_code_is_a_hint(reflect_cli: Invoke, tmp_path: Path) -> None:
    sam, dana = _pair(reflect_cli, tmp_path)
    code = _code(reflect_cli, sam, "--folder", "~/Sync/reflect dana")
    assert "/~/Sync/reflect%20dana/" in code
    added = reflect_cli("contact", "add", "--code", code, home=dana)
    assert "sam named the folder you share: ~/Sync/reflect dana" in added.stdout
    assert "reflect contact folder sam DIR" in added.stdout
    assert json_of(reflect_cli("contact", "list", "--json", home=dana))[0]["folder"] is None

    here = tmp_path / "here"
    here.mkdir()
    moved = reflect_cli("contact", "folder", "sam", str(here), home=dana)
    assert "theirs for you are read from there" in moved.stdout
    again = reflect_cli("contact", "add", "--code", code, "--folder", str(here), home=dana)
    assert again.exit_code == 0 and "named the folder" not in again.stdout


def test_the_folder_given_to_a_contact_is_the_mentor_s_inbox(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    """No config.toml: the folder each side gives the other carries bundles both ways."""
    sam, dana = _pair(reflect_cli, tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    reflect_cli("contact", "add", "--code", _code(reflect_cli, dana), "--folder", str(shared),
                home=sam)  # fmt: skip
    reflect_cli("contact", "add", "--code", _code(reflect_cli, sam), "--folder", str(shared),
                home=dana)  # fmt: skip
    added = reflect_cli("add", "--lesson", "Slow down", "--share-with", "dana", home=sam)
    assert added.exit_code == 0
    read = reflect_cli("inbox", "--json", home=dana)
    assert read.stderr == "" and not (dana / "config.toml").exists()
    assert [item["author"] for item in json_of(read)] == ["sam"]
    assert json_of(reflect_cli("inbox", "--json", home=sam)) == []  # his own, skipped


def test_an_invite_needs_an_identity(reflect_cli: Invoke, isolated_home: Path) -> None:
    result = reflect_cli("contact", "invite")
    assert result.exit_code == 1 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert "reflect id init --handle NAME" in line
    assert not isolated_home.exists()  # nothing made on the way to saying so


def _with_check(body: str) -> str:
    return f"{body}/{zlib.crc32(body.encode()):08x}"


@pytest.mark.parametrize(
    ("spoil", "says"),
    [
        (lambda code: code[:-1] + ("1" if code[-1] == "0" else "0"), "changed on the way"),
        (lambda code: code.replace("/1/", "/2/", 1), "version 2, newer than this reflect"),
        (lambda code: _with_check(code.rsplit("/", 1)[0][:-2]), "key in this invite code"),
        (
            lambda code: _with_check("reflect/1/" + "a" * 40 + code[13:].rsplit("/", 1)[0]),
            "handle in this invite code",
        ),
        (lambda code: "hello", "not an invite code"),
        (lambda code: "", "empty"),
        (lambda code: code[: len(code) // 2], "cut short"),
    ],
)
def test_a_bad_code_is_one_line_exit_1_and_nothing_written(
    reflect_cli: Invoke, tmp_path: Path, spoil: Callable[[str], str], says: str
) -> None:
    sam, dana = _pair(reflect_cli, tmp_path)
    reflect_cli("contact", "list", home=sam)  # the journal exists before the attempt
    before = _files(sam)
    bad = spoil(_code(reflect_cli, dana))
    result = reflect_cli("contact", "add", "--code", bad, "--folder", str(tmp_path), home=sam)
    assert result.exit_code == 1 and result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert says in line and "Traceback" not in line
    assert _files(sam) == before


def test_my_own_code_a_pasted_key_and_a_new_key_are_refused(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    sam, dana = _pair(reflect_cli, tmp_path)
    dana_code = _code(reflect_cli, dana)
    reflect_cli("contact", "add", "--code", dana_code, home=sam)
    before = _files(sam)
    own = reflect_cli("contact", "add", "--code", _code(reflect_cli, sam), home=sam)
    assert own.exit_code == 1 and "your own invite code" in own.stderr
    key = json_of(reflect_cli("id", "--json", home=dana))["public_key"]
    as_code = reflect_cli("contact", "add", "--code", key, home=sam)
    assert as_code.exit_code == 1 and "is a public key, not an invite code" in as_code.stderr

    new_dana = tmp_path / "new-dana"
    reflect_cli("id", "init", "--handle", "dana", home=new_dana)
    new_code = _code(reflect_cli, new_dana)
    refused = reflect_cli("contact", "add", "--code", new_code, home=sam)
    assert refused.exit_code == 1 and "dana is a contact already" in refused.stderr
    for result in (own, as_code, refused):
        assert len(result.stderr.strip().splitlines()) == 1
    assert _files(sam) == before

    old_words = json_of(reflect_cli("contact", "list", "--json", home=sam))[0]["words"]
    replaced = reflect_cli("contact", "add", "--code", new_code, "--replace", home=sam)
    assert replaced.exit_code == 0 and replaced.stdout.startswith("Replaced dana's key.")
    assert old_words not in replaced.stdout and "Check words: " in replaced.stdout


def test_the_code_and_the_key_are_two_ways_to_add_not_both(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    sam, dana = _pair(reflect_cli, tmp_path)
    code = _code(reflect_cli, dana)
    key = json_of(reflect_cli("id", "--json", home=dana))["public_key"]
    both = reflect_cli("contact", "add", "dana", key, "--code", code, home=sam)
    neither = reflect_cli("contact", "add", "dana", home=sam)
    assert both.exit_code == neither.exit_code == 2
    by_key = reflect_cli("contact", "add", "dana", key, home=sam)  # the form kept from before
    assert by_key.exit_code == 0 and by_key.stdout.startswith("Added dana.")
    on_dana = reflect_cli("contact", "add", "--code", _code(reflect_cli, sam), home=dana)
    assert _words_line(by_key.stdout) == _words_line(on_dana.stdout)


def test_without_an_identity_a_contact_is_checked_by_its_fingerprint(
    reflect_cli: Invoke, tmp_path: Path
) -> None:
    sam, dana = tmp_path / "sam", tmp_path / "dana"
    reflect_cli("id", "init", "--handle", "dana", home=dana)
    added = reflect_cli("contact", "add", "--code", _code(reflect_cli, dana), home=sam)
    fingerprint = json_of(reflect_cli("id", "--json", home=dana))["fingerprint"]
    assert added.exit_code == 0 and f"Fingerprint {fingerprint}" in added.stdout
    assert "Check words" not in added.stdout
    assert json_of(reflect_cli("contact", "list", "--json", home=sam))[0]["words"] is None


def test_the_real_program_refuses_any_bytes_in_one_line(tmp_path: Path) -> None:
    """A terminal's escape codes, or bytes that are no text, in a pasted line."""
    from tests.cli.conftest import run_reflect

    home = tmp_path / "home"
    for code in (b"reflect/1/sam/\x1b[31mred", b"reflect/1/\xff\xfe/x", b"\x1b]52;c;AAAA\x07"):
        result = run_reflect("contact", "add", "--code", code, home=home)
        assert result.returncode == 1 and result.stdout == b""
        (line,) = result.stderr.strip().splitlines()
        assert b"Traceback" not in line and b"\x1b" not in line and b"\x07" not in line


def test_a_bad_code_on_a_new_home_makes_nothing(reflect_cli: Invoke, isolated_home: Path) -> None:
    result = reflect_cli("contact", "add", "--code", "reflect/1/sam/nope/00000000")
    assert result.exit_code == 1 and not isolated_home.exists()
