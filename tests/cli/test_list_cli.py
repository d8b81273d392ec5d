"""reflect list --contains and --limit: plain text in any case, in texts and tags; the newest N."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reflect.journal import Journal
from reflect.model import ALL_TEXT_FIELDS, Entry, make_entry
from tests.cli.conftest import Invoke, json_of
from tests.conftest import fixed_clock

# Letters whose case folds in interesting ways, and every regex metacharacter.
_ALPHABET = "abAB ßSsİi\u0131K\u212a.*+?^$|\\()[]{}-"  # \u0131: dotless i
_TEXT = st.text(_ALPHABET, max_size=12)
_TAG = st.text("abßs.*+?()[]|^$", min_size=1, max_size=6)
_NEEDLE = st.text(_ALPHABET, min_size=1, max_size=4).filter(lambda text: bool(text.strip()))


def _holds(entry: Entry, needle: str) -> bool:
    """The rule, written the obvious way: some text or tag holds the needle, casefolded."""
    haystacks = [*entry.texts.values(), *entry.tags]
    return any(needle.casefold() in haystack.casefold() for haystack in haystacks)


@st.composite
def _entries(draw: st.DrawFn) -> list[Entry]:
    """Entries of different days, each with some text (as the cleaners leave it)."""
    made = []
    for number in range(draw(st.integers(1, 6))):
        texts = {name: draw(_TEXT) for name in ALL_TEXT_FIELDS}
        if not any(text.strip() for text in texts.values()):
            texts["note"] = "x"
        tags = draw(st.lists(_TAG, max_size=3))
        day = date(2026, 11, 1) + timedelta(days=number)
        moment = datetime(2026, 11, 1, 18, tzinfo=UTC) + timedelta(days=number)
        made.append(make_entry({**texts, "tags": tags}, shift_date=day, now=moment))
    return made


@given(entries=_entries(), needle=_NEEDLE)
@example(
    entries=[
        make_entry({"lesson": "refund a.*b"}, shift_date=date(2026, 11, 1), now=fixed_clock()),
        make_entry({"lesson": "refund aXXb"}, shift_date=date(2026, 11, 2), now=fixed_clock()),
    ],
    needle=".*",
)
@settings(max_examples=60, deadline=None)
def test_an_entry_is_chosen_iff_a_text_or_tag_holds_the_needle(
    entries: list[Entry], needle: str
) -> None:
    with tempfile.TemporaryDirectory() as folder, Journal.open(Path(folder)) as journal:
        journal.import_entries(entries)
        chosen = {entry.id for entry in journal.entries(text=needle)}
    assert chosen == {entry.id for entry in entries if _holds(entry, needle)}


# -- the command, as a person runs it ------------------------------------------------------

SEED: list[tuple[str, dict[str, Any]]] = [
    ("2026-11-02", {"challenge": "Caller shouted about a late REFUND", "tags": ["billing"]}),
    ("2026-11-05", {"lesson": "Say what happens next (and when)", "tags": ["Callbacks"]}),
    ("2026-11-09", {"note": "Die Straße war gesperrt", "tags": ["late-shift"]}),
    ("2026-11-12", {"grateful": "A calm manager: 1+1=2 again", "kindness": "Covered a break"}),
    ("2026-11-20", {"kindness": "Refunded the fee myself", "tags": ["refunds"]}),
]


@pytest.fixture
def seeded(reflect_cli: Invoke, tmp_path: Path) -> list[dict[str, object]]:
    """The entries above, imported (newest first in the list, as `reflect list` prints)."""
    entries = [
        {
            "id": f"{number:08x}" * 4,
            "shift_date": day,
            "created_at": f"{day}T18:00:00+00:00",
            "updated_at": f"{day}T18:00:00+00:00",
            **fields,
        }
        for number, (day, fields) in enumerate(SEED)
    ]
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({"format": "reflect", "version": 1, "entries": entries}))
    assert reflect_cli("import", str(path)).exit_code == 0
    listed: list[dict[str, object]] = json_of(reflect_cli("list", "--json"))
    assert len(listed) == len(SEED)
    return listed


def _days(result: object) -> list[str]:
    return [item["shift_date"] for item in json.loads(getattr(result, "stdout", ""))]


@pytest.mark.parametrize(
    ("needle", "days"),
    [
        ("refund", ["2026-11-20", "2026-11-02"]),  # any case, and inside a longer word
        ("BILLING", ["2026-11-02"]),  # a tag
        ("callbacks", ["2026-11-05"]),  # a tag, stored lowercased
        ("STRASSE", ["2026-11-09"]),  # casefolded: ß is ss
        ("(and when)", ["2026-11-05"]),  # parentheses are only parentheses
        ("1+1", ["2026-11-12"]),
        (".", []),
        ("late", ["2026-11-09", "2026-11-02"]),  # a tag and a text
        ("nothing like it", []),
    ],
)
def test_contains_finds_text_and_tags_in_any_case_and_literally(
    reflect_cli: Invoke, seeded: list[dict[str, object]], needle: str, days: list[str]
) -> None:
    result = reflect_cli("list", "--contains", needle, "--json")
    assert result.exit_code == 0, result.stderr
    assert _days(result) == days


def test_contains_goes_with_from_to_and_tag(
    reflect_cli: Invoke, seeded: list[dict[str, object]]
) -> None:
    found = reflect_cli("list", "--contains", "refund", "--from", "2026-11-10", "--json")
    assert _days(found) == ["2026-11-20"]
    found = reflect_cli("list", "--contains", "refund", "--to", "2026-11-10", "--json")
    assert _days(found) == ["2026-11-02"]
    assert _days(reflect_cli("list", "--contains", "refund", "--tag", "billing", "--json")) == [
        "2026-11-02"
    ]


def test_contains_in_text_lists_rows_and_says_when_nothing_matches(
    reflect_cli: Invoke, seeded: list[dict[str, object]]
) -> None:
    shown = reflect_cli("list", "--contains", "straße")
    assert shown.exit_code == 0 and shown.stdout.splitlines() == [
        f"2026-11-09  {'00000002'}          Die Straße war gesperrt  #late-shift"
    ]
    nothing = reflect_cli("list", "--contains", "zebra")
    assert nothing.exit_code == 0 and nothing.stdout == ""
    assert nothing.stderr.strip() == "No entries match."


@pytest.mark.parametrize("needle", ["", " ", "\t \n"])
def test_contains_with_nothing_to_look_for_is_a_usage_error(
    reflect_cli: Invoke, seeded: list[dict[str, object]], needle: str
) -> None:
    result = reflect_cli("list", "--contains", needle)
    assert result.exit_code == 2 and result.stdout == ""
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == [
        "Error: Invalid value for '--contains': give it some text to look for, not only spaces"
    ]
    assert "Traceback" not in result.stderr


def test_limit_keeps_the_newest_in_the_usual_order(
    reflect_cli: Invoke, seeded: list[dict[str, object]]
) -> None:
    everything = _days(reflect_cli("list", "--json"))
    for limit in range(1, len(SEED) + 2):
        assert _days(reflect_cli("list", "--limit", str(limit), "--json")) == everything[:limit]
    rows = reflect_cli("list", "--limit", "2").stdout.splitlines()
    assert [row[:10] for row in rows] == ["2026-11-20", "2026-11-12"]
    assert _days(reflect_cli("list", "--contains", "e", "--limit", "2", "--json")) == [
        "2026-11-20",
        "2026-11-12",
    ]
    assert _days(reflect_cli("list", "--contains", "refund", "--limit", "1", "--json")) == [
        "2026-11-20"
    ]
    whole = json_of(reflect_cli("list", "--limit", "1", "--json"))
    assert whole == [json_of(reflect_cli("show", str(seeded[0]["id"]), "--json"))]


@pytest.mark.parametrize("limit", ["0", "-3", "many", "1.5"])
def test_a_limit_below_one_is_a_usage_error(
    reflect_cli: Invoke, seeded: list[dict[str, object]], limit: str
) -> None:
    result = reflect_cli("list", "--limit", limit)
    assert result.exit_code == 2 and result.stdout == ""
    assert [line for line in result.stderr.splitlines() if "'--limit'" in line]


def test_help_describes_both_options(reflect_cli: Invoke) -> None:
    text = " ".join(reflect_cli("list", "--help").stdout.split())
    assert "--contains TEXT Only entries with TEXT in a text or a tag, in any case" in text
    assert "--limit N At most N entries: the newest of those chosen." in text


@given(needle=_NEEDLE, limit=st.none() | st.integers(1, 6))
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_command_lists_what_the_rule_chooses(
    reflect_cli: Invoke, seeded: list[dict[str, object]], needle: str, limit: int | None
) -> None:
    """The same rule through the command line, on one journal read-only for every example."""
    entries = [Entry.from_dict(item) for item in seeded]  # newest first
    wanted = [entry.shift_date.isoformat() for entry in entries if _holds(entry, needle)]
    args = ["list", "--contains", needle, "--json"]
    result = reflect_cli(*args, *(["--limit", str(limit)] if limit else []))
    assert result.exit_code == 0, result.stderr
    assert _days(result) == (wanted if limit is None else wanted[:limit])
