"""Naming an entry by the start of its id: a unique start names it, a shared one never does,
and the length the error asks for really tells the entries apart."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.errors import AmbiguousId, EntryNotFound
from reflect.journal import Journal, resolve_id
from reflect.model import make_entry
from tests.conftest import fixed_clock

# Few letters, so that ids share long starts, and one id can be the start of another.
_IDS = st.lists(st.text("0a1b", min_size=8, max_size=12), min_size=1, max_size=12, unique=True)


def _starting(ids: list[str], typed: str) -> list[str]:
    """The ids ``typed`` starts, in any case (the rule written the obvious way)."""
    return [known for known in ids if known.lower().startswith(typed.lower())]


@given(ids=_IDS, data=st.data())
def test_a_start_no_other_id_shares_names_its_id(ids: list[str], data: st.DataObject) -> None:
    chosen = data.draw(st.sampled_from(ids))
    shortest = next(  # the whole id, if it starts a longer one
        length
        for length in range(1, len(chosen) + 1)
        if _starting(ids, chosen[:length]) == [chosen] or length == len(chosen)
    )
    typed = chosen[: data.draw(st.integers(shortest, len(chosen)))]
    shout = data.draw(st.booleans())
    assert resolve_id(typed.upper() if shout else typed, ids) == chosen


@st.composite
def _shared_start(draw: st.DrawFn) -> tuple[list[str], str]:
    """Ids of which two or more start with one stem (and maybe others), and a start of it."""
    stem = draw(st.text("0a1b", min_size=1, max_size=6))
    tails = st.text("0a1b", min_size=8 - len(stem), max_size=12 - len(stem))
    sharing = [stem + tail for tail in draw(st.lists(tails, min_size=2, max_size=6, unique=True))]
    others = draw(_IDS)
    ids = list(dict.fromkeys([*sharing, *others]))
    return draw(st.permutations(ids)), stem[: draw(st.integers(1, len(stem)))]


@given(case=_shared_start())
def test_a_shared_start_never_names_an_id(case: tuple[list[str], str]) -> None:
    ids, typed = case
    sharing = _starting(ids, typed)
    with pytest.raises(AmbiguousId) as raised:
        resolve_id(typed, ids)
    assert raised.value.matches == len(sharing)
    assert f"{len(sharing)} entries" in str(raised.value)
    assert f"at least {raised.value.needed} characters" in str(raised.value)


@given(case=_shared_start())
def test_the_length_asked_for_tells_them_apart_and_no_less_would(
    case: tuple[list[str], str],
) -> None:
    ids, typed = case
    sharing = _starting(ids, typed)
    with pytest.raises(AmbiguousId) as raised:
        resolve_id(typed, ids)
    needed = raised.value.needed
    assert needed > len(typed)
    for known in sharing:  # enough for every one of them
        assert resolve_id(known[:needed], ids) == known
    one_less = []  # and one character fewer leaves at least one of them unnamed
    for known in sharing:
        try:
            one_less.append(resolve_id(known[: needed - 1], ids) == known)
        except AmbiguousId:
            one_less.append(False)
    assert not all(one_less)


@given(ids=_IDS, typed=st.text(max_size=12))
def test_any_text_names_at_most_the_ids_it_starts(ids: list[str], typed: str) -> None:
    try:
        found = resolve_id(typed, ids)
    except AmbiguousId:
        assert len(_starting(ids, typed.strip())) > 1
        return
    if found is None:
        assert not typed.strip() or _starting(ids, typed.strip()) == []
    else:
        assert found.lower().startswith(typed.strip().lower())


def test_a_whole_id_wins_over_longer_ids_it_starts() -> None:
    ids = ["3f2a9c1e", "3f2a9c1e77", "3f2a9c1e88"]
    assert resolve_id("3F2A9C1E", ids) == "3f2a9c1e"
    with pytest.raises(AmbiguousId, match=r"'3f2a' starts the id of 3 entries; .* 9 char"):
        resolve_id("3f2a", ids)
    assert resolve_id("3f2a9c1e7", ids) == "3f2a9c1e77"


def test_nothing_typed_names_nothing() -> None:
    assert resolve_id("", ["3f2a9c1e"]) is None
    assert resolve_id("   ", ["3f2a9c1e"]) is None
    assert resolve_id("zz", ["3f2a9c1e"]) is None


def test_ids_that_differ_only_in_case_ask_for_the_whole_id() -> None:
    ids = ["ABCDEFGH", "abcdefgh"]
    with pytest.raises(AmbiguousId, match="whole id"):
        resolve_id("abcd", ids)
    assert resolve_id("ABCDEFGH", ids) == "ABCDEFGH"


def test_the_journal_finds_an_entry_by_a_short_start(journal: Journal) -> None:
    made = [journal.create({"lesson": f"lesson {n}"}, shift_date=date(2026, 11, n)) for n in (1, 2)]
    for entry in made:
        unique = next(
            length
            for length in range(1, 33)
            if _starting([e.id for e in made], entry.id[:length]) == [entry.id]
        )
        assert journal.get(entry.id[:unique].upper()) == entry
    with pytest.raises(EntryNotFound, match="no entry with id"):
        journal.get("")


def test_the_journal_deletes_and_shares_nothing_on_a_shared_start(
    journal: Journal, isolated_home: Path
) -> None:
    now = fixed_clock()
    made = [
        make_entry({"lesson": f"lesson {n}"}, shift_date=date(2026, 11, n), now=now, entry_id=i)
        for n, i in ((1, "3f2a9c1e" * 4), (2, "3f2a9d00" * 4))
    ]
    journal.import_entries(made)
    before = (isolated_home / "journal.json").read_bytes()
    for write in (journal.delete, lambda typed: journal.update(typed, lesson="changed")):
        with pytest.raises(AmbiguousId, match="type at least 6 characters"):
            write("3F2A")
    assert (isolated_home / "journal.json").read_bytes() == before
    assert journal.delete("3f2a9d").id == made[1].id
    assert [entry.id for entry in journal.entries()] == [made[0].id]
