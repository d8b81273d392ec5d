"""``reflect jot``: one line between calls, a short confirmation, and the shift's list."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Invoke, json_of, run_reflect


def test_a_jot_prints_one_short_line(reflect_cli: Invoke) -> None:
    result = reflect_cli("jot", "irate", "cx", "threatened", "to", "sue")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Jotted for Tue 24 Nov (1 waiting for tonight's reflection).\n"
    second = reflect_cli("jot", "QA dinged me")
    assert "(2 waiting" in second.stdout


def test_the_list_shows_the_shift_s_jots_and_where_they_went(reflect_cli: Invoke) -> None:
    assert reflect_cli("jot", "--list").stdout == "No jots for the shift of Tue 24 Nov yet.\n"
    reflect_cli("jot", "irate cx threatened to sue")
    waiting = json_of(reflect_cli("jot", "--list", "--json"))
    assert [(item["text"], item["entry_id"]) for item in waiting] == [
        ("irate cx threatened to sue", None)
    ]
    entry_id = reflect_cli("add", "--challenge", "the legal threat").stdout.strip()
    listed = reflect_cli("jot", "--list")
    assert listed.stdout.endswith(f"irate cx threatened to sue  (kept with entry {entry_id[:8]})\n")
    shown = reflect_cli("show", entry_id)
    assert "Jotted during the shift" in shown.stdout and "irate cx" in shown.stdout


def test_mistakes_are_one_line_and_keep_nothing(reflect_cli: Invoke, isolated_home: Path) -> None:
    nothing = reflect_cli("jot")
    assert nothing.exit_code == 2 and "write the line to keep" in nothing.stderr
    both = reflect_cli("jot", "text", "--list")
    assert both.exit_code == 2 and "takes no TEXT" in both.stderr
    blank = reflect_cli("jot", "   ")
    assert blank.exit_code == 2
    long = reflect_cli("jot", "x" * 501)
    assert long.exit_code == 1 and long.stderr.count("\n") == 1 and "500" in long.stderr
    assert json_of(reflect_cli("jot", "--list", "--json")) == []


def test_a_control_sequence_in_a_jot_never_reaches_the_terminal(isolated_home: Path) -> None:
    run_reflect("jot", "before \x1b[2J after", home=isolated_home, check=True)
    listed = run_reflect("jot", "--list", home=isolated_home, check=True)
    assert b"\x1b" not in listed.stdout and b"before" in listed.stdout
    as_json = run_reflect("jot", "--list", "--json", home=isolated_home, check=True)
    assert "\x1b" not in json.loads(as_json.stdout)[0]["text"]
