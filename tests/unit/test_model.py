from datetime import UTC, date, datetime
from typing import Any

import orjson
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reflect.errors import InvalidEntry
from reflect.model import MAX_TEXT_LENGTH, Entry, make_entry
from reflect.safe_text import UNSAFE
from tests.unit.test_export_formats import entries

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)


def entry(**fields: Any) -> Entry:
    return make_entry(
        {"challenge": "A caller shouted", **fields}, shift_date=date(2026, 11, 23), now=NOW
    )


def test_a_round_trip_keeps_every_field_and_unknown_ones() -> None:
    original = entry(
        lesson="Breathe", mood=2, tags=["#Refunds", "late refund"], shared_with=["Dana"]
    )
    data = original.to_dict()
    data["from_the_future"] = {"kept": True}
    again = Entry.from_dict(data)
    assert again.to_dict() == data
    assert again.tags == ("refunds", "late-refund")
    assert again.shared_with == ("dana",)


@pytest.mark.parametrize("mood", [0, 6, -1, True, "3", 2.5])
def test_mood_outside_one_to_five_is_refused(mood: object) -> None:
    with pytest.raises(InvalidEntry, match="mood"):
        entry(mood=mood)


def test_an_entry_needs_some_text() -> None:
    with pytest.raises(InvalidEntry, match="at least one text"):
        make_entry({"challenge": "  ", "lesson": "\n"}, shift_date=date(2026, 1, 1), now=NOW)


def test_texts_are_trimmed_and_control_characters_dropped() -> None:
    made = entry(challenge="  one\r\ntwo\x00\x1b  ")
    assert made.challenge == "one\ntwo"


def test_non_utf8_text_and_huge_fields_are_refused() -> None:
    with pytest.raises(InvalidEntry, match="UTF-8"):
        entry(challenge="bad \udcff byte")
    with pytest.raises(InvalidEntry, match="too long"):
        entry(lesson="x" * (MAX_TEXT_LENGTH + 1))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("shift_date", "yesterday"),
        ("created_at", "2026-11-24T10:00:00"),  # no UTC offset
        ("id", "short"),
        ("source", "diary"),
        ("tags", "one,two"),
    ],
)
def test_stored_fields_are_checked(field: str, value: object) -> None:
    data = entry().to_dict()
    data[field] = value
    with pytest.raises(InvalidEntry):
        Entry.from_dict(data)
    with pytest.raises(InvalidEntry):
        Entry.from_stored(data)  # the quick path for stored entries checks just as well


@settings(max_examples=300, deadline=None)
@given(entries())
def test_a_stored_entry_reads_back_the_same_by_the_quick_path(written: Entry) -> None:
    stored = orjson.loads(orjson.dumps(written.to_dict()))  # as the journal file holds it
    assert Entry.from_stored(stored) == written == Entry.from_dict(stored)


_ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            name: _ANY_JSON | st.text()
            for name in ("challenge", "lesson", "note", "mood", "tags", "shared_with",
                         "source", "shift_date", "created_at", "extra_field")
        },
    )
)  # fmt: skip
@example({"tags": [""]})
@example({"challenge": "\n"})
@example({"challenge": "  padded  "})
@example({"tags": ["x", "x"], "shared_with": ["dana", "dana"]})
def test_a_hand_edited_document_reads_as_strictly_by_the_quick_path(
    changes: dict[str, Any],
) -> None:
    data = {**entry().to_dict(), **changes}
    try:
        strict = Entry.from_dict(data)
    except InvalidEntry:
        with pytest.raises(InvalidEntry):
            Entry.from_stored(data)
        return
    quick = Entry.from_stored(data)
    assert quick.id == strict.id and quick.extra == strict.extra
    assert (quick.tags, quick.shared_with) == (strict.tags, strict.shared_with)
    for name in ("challenge", "lesson", "note"):
        assert UNSAFE.search(getattr(quick, name)) is None  # never a control character
        assert getattr(quick, name).strip() == getattr(strict, name)


def test_editing_keeps_id_and_created_at_and_moves_updated_at() -> None:
    original = entry()
    later = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    edited = original.edited(later, lesson="Name the feeling first", mood=4)
    assert (edited.id, edited.created_at) == (original.id, original.created_at)
    assert edited.updated_at == later and edited.lesson == "Name the feeling first"
    with pytest.raises(InvalidEntry):
        original.edited(later, id="0123456789abcdef")


@pytest.mark.parametrize(
    "fields",
    [{}, {"tags": ["billing", "late-shift"], "mood": 2}, {"shared_with": ["dana"], "mood": None}],
)
def test_a_clean_stored_entry_takes_the_quick_path(
    fields: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    stored = orjson.loads(orjson.dumps(entry(**fields).to_dict()))

    def slow(cls: type[Entry], data: object) -> Entry:
        raise AssertionError("a clean stored entry went through from_dict")

    monkeypatch.setattr(Entry, "from_dict", classmethod(slow))
    assert Entry.from_stored(stored).to_dict() == stored
