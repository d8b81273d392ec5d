"""Nothing the command line prints from outside data can act on a terminal."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from reflect.bundle import seal
from reflect.contacts import Contact
from reflect.identity import create_identity
from reflect.journal import Journal
from reflect.paths import HomePaths
from reflect.safe_text import UNSAFE, json_text, printable, without_controls
from tests.cli.conftest import Invoke, json_of
from tests.conftest import FIXED_NOW


def _no_controls(text: str) -> None:
    assert not UNSAFE.search(text), repr(text)


def test_a_tag_of_control_characters_never_reaches_the_terminal(reflect_cli: Invoke) -> None:
    entry_id = reflect_cli("add", "--challenge", "x", "--tag", "\x1bc", "--tag", "ok").stdout
    listed = reflect_cli("list")
    _no_controls(listed.stdout)
    assert "#c #ok" in listed.stdout
    shown = json_of(reflect_cli("show", entry_id.strip(), "--json"))
    assert shown["tags"] == ["c", "ok"]


def test_c1_controls_and_bidi_overrides_are_not_kept_in_entries(reflect_cli: Invoke) -> None:
    text = "refund \u009b2J late \u202edias ti\u202c, \u2066isolated\u2069 and\tTabbed"
    entry_id = reflect_cli("add", "--challenge", text).stdout.strip()
    stored = json_of(reflect_cli("show", entry_id, "--json"))["challenge"]
    assert stored == "refund 2J late dias ti, isolated and\tTabbed"


def test_a_bundle_carrying_control_characters_is_read_clean(
    reflect_cli: Invoke, isolated_home: Path, tmp_path: Path
) -> None:
    sender_home = tmp_path / "sender"
    sender = create_identity(HomePaths(sender_home), "sam")
    me = create_identity(HomePaths(isolated_home), "dana")
    Journal.open(isolated_home).add_contact(Contact.create("sam", sender.public_key_text))
    entry = {
        "id": "a" * 32, "shift_date": "2026-11-20", "created_at": FIXED_NOW.isoformat(),
        "updated_at": FIXED_NOW.isoformat(), "challenge": "hostile \x1b]0;title\x07 text",
        "grateful": "", "kindness": "", "lesson": "\u009bok", "mood": 3,
        "tags": ["\x1bc", "fine"], "source": "reflect",
    }  # fmt: skip
    contact = Contact.create("dana", me.public_key_text)
    inbox = isolated_home / "inbox"
    inbox.mkdir()
    raw = seal(sender, contact, [entry], published_at=FIXED_NOW)
    (inbox / "sam-to-dana.reflect-bundle").write_bytes(raw)
    planted = inbox / "\x1b]0;owned\x07\x1bc.reflect-bundle"
    planted.write_bytes(b"not a bundle")
    result = reflect_cli("inbox")
    assert result.exit_code == 0
    _no_controls(result.stdout + result.stderr)
    assert "\\x1b]0;owned" in result.stderr  # the odd name is shown, escaped
    assert "hostile ]0;title text" in result.stdout and "#c #fine" in result.stdout
    as_json = reflect_cli("inbox", "--json").stdout
    _no_controls(as_json)
    assert json.loads(as_json)[0]["entries"][0]["lesson"] == "ok"


def test_zip_member_names_are_escaped_in_errors(reflect_cli: Invoke, tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("\x1b[2Jjournal.json", b"{ not json")
    path = tmp_path / "export.zip"
    path.write_bytes(buffer.getvalue())
    result = reflect_cli("import", str(path))
    assert result.exit_code == 1
    _no_controls(result.stderr)
    assert "\\x1b[2Jjournal.json" in result.stderr


@settings(max_examples=200)
@given(st.text())
def test_printable_and_json_text_never_let_a_control_through(text: str) -> None:
    _no_controls(printable(text))
    assert "\n" not in printable(text, keep_lines=False)
    _no_controls(json_text({"text": text}).replace("\n", ""))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return  # json.loads cannot give back a lone surrogate as it was
    assert json.loads(json_text({"text": text})) == {"text": text}
    _no_controls(without_controls(text))
