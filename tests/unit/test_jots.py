"""Jots: a line kept during the shift, then kept by the shift's reflection."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.bundle import outgoing_entry
from reflect.drafts import Draft
from reflect.errors import InvalidEntry
from reflect.jots import MAX_JOT_LENGTH, Jot, clean_jot_text, make_jot
from reflect.journal import Journal
from reflect.model import Entry
from reflect.safe_text import UNSAFE
from reflect.usecases import commit_reflection

NIGHT = datetime(2026, 12, 3, 1, 30, tzinfo=UTC)  # the shift of 2 December


def open_at(home: Path, moment: datetime = NIGHT) -> Journal:
    return Journal.open(home, clock=lambda: moment)


def test_a_jot_waits_for_its_shift_and_the_reflection_keeps_it(isolated_home: Path) -> None:
    with open_at(isolated_home, NIGHT - timedelta(hours=4)) as journal:
        first = journal.jot("irate cx threatened to sue over the roaming bill")
    with open_at(isolated_home) as journal:
        second = journal.jot("QA dinged me\non the greeting")
        assert second.text == "QA dinged me on the greeting"  # one line
        assert {jot.shift_date for jot in (first, second)} == {date(2026, 12, 2)}
        assert journal.waiting_jots(date(2026, 12, 2)) == [first, second]
        draft = Draft.start(journal.today(), NIGHT, challenge=first.text)
        saved = commit_reflection(journal, draft).entry
    assert [jot.text for jot in saved.jots] == [first.text, second.text]
    with open_at(isolated_home) as journal:
        assert journal.waiting_jots() == []  # moved, not copied
        assert journal.get(saved.id).jots == saved.jots
        assert [entry_id for _, entry_id in journal.shift_jots(date(2026, 12, 2))] == [
            saved.id,
            saved.id,
        ]


def test_jots_of_another_day_wait_for_their_own_shift(isolated_home: Path) -> None:
    with open_at(isolated_home, NIGHT - timedelta(days=1)) as journal:
        journal.jot("yesterday's line")
    with open_at(isolated_home) as journal:
        entry = journal.create({"challenge": "tonight"})
        assert entry.jots == ()
        assert [jot.text for jot in journal.waiting_jots()] == ["yesterday's line"]


def test_an_edit_keeps_the_entry_s_jots_and_takes_no_new_ones(isolated_home: Path) -> None:
    with open_at(isolated_home) as journal:
        journal.jot("kept")
        entry = journal.create({"challenge": "first"})
        journal.jot("a later line")
        draft = Draft.for_entry(entry, NIGHT).changed(NIGHT, challenge="first, edited")
        edited = commit_reflection(journal, draft).entry
        assert [jot.text for jot in edited.jots] == ["kept"]
        assert [jot.text for jot in journal.waiting_jots()] == ["a later line"]


def test_a_damaged_jot_never_stops_a_save(isolated_home: Path) -> None:
    with open_at(isolated_home) as journal:
        journal.jot("fine")
    data = orjson.loads((isolated_home / "journal.json").read_bytes())
    data["jots"]["broken"] = {"id": "broken", "shift_date": "2026-12-02", "at": 5}
    (isolated_home / "journal.json").write_bytes(orjson.dumps(data))
    with open_at(isolated_home) as journal:
        entry = journal.create({"challenge": "saved anyway"})
        assert [jot.text for jot in entry.jots] == ["fine"]
        assert journal.waiting_jots() == []


def test_jots_never_travel_and_go_with_their_entry(isolated_home: Path) -> None:
    with open_at(isolated_home) as journal:
        journal.jot("the customer's account 4111 1111 1111 1111")
        entry = journal.create({"challenge": "hard call"})
        assert "jots" not in outgoing_entry(entry)
        journal.delete(entry.id)
        assert journal.shift_jots(date(2026, 12, 2)) == []
    assert b"4111" not in (isolated_home / "journal.json").read_bytes()


def test_an_entry_reads_back_its_jots_from_an_export() -> None:
    jot = make_jot("line", shift_date=date(2026, 12, 2), now=NIGHT)
    data = {
        "id": "a" * 32, "shift_date": "2026-12-02", "created_at": NIGHT.isoformat(),
        "updated_at": NIGHT.isoformat(), "challenge": "x", "jots": [jot.to_dict()],
    }  # fmt: skip
    entry = Entry.from_stored(data)
    assert entry.jots == (jot,)
    assert Entry.from_dict(entry.to_dict()) == entry
    assert "jots" not in Entry.from_dict({**data, "jots": []}).to_dict()


@given(st.text(max_size=MAX_JOT_LENGTH + 20))
def test_a_jot_is_one_clean_line_or_refused(text: str) -> None:
    try:
        cleaned = clean_jot_text(text)
    except InvalidEntry as error:
        assert str(error).startswith("a jot")
    else:
        assert cleaned and cleaned == cleaned.strip()
        assert "\n" not in cleaned and "  " not in cleaned
        assert not UNSAFE.search(cleaned)
        assert len(cleaned) <= MAX_JOT_LENGTH


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=8,
)


@given(
    st.one_of(
        json_values,
        st.fixed_dictionaries(
            {"id": json_values, "shift_date": json_values, "at": json_values, "text": json_values}
        ),
        st.fixed_dictionaries(
            {
                "id": st.text(min_size=1, max_size=8),
                "shift_date": st.dates().map(date.isoformat),
                "at": st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat),
                "text": st.text(max_size=40),
            }
        ),
    )
)
def test_a_stored_jot_is_read_or_refused_saying_why(data: object) -> None:
    try:
        jot = Jot.from_dict(data)
    except InvalidEntry:
        return
    assert Jot.from_dict(jot.to_dict()) == jot


def test_nothing_at_all_is_not_a_jot(isolated_home: Path) -> None:
    with open_at(isolated_home) as journal, pytest.raises(InvalidEntry, match="some words"):
        journal.jot("  \n ")
