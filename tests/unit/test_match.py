"""The match index: ranking, reasons, threshold, incremental updates, authors, quality."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.match_set import (
    HOLDOUT_PATH,
    REALISTIC_PATH,
    SET_PATH,
    bm25_ranker,
    engine_ranker,
    evaluate,
    keyword_ranker,
    load_match_set,
    meaning_ranker,
)
from reflect.contacts import Contact, ReceivedBundle
from reflect.journal import Journal
from reflect.match import ME, Match, MatchIndex, Tuning, matches_to_json
from reflect.model import Entry, make_entry
from reflect.themes import ThemeLexicon
from tests.unit.test_themes import LOOSE

NOW = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)
TODAY = date(2026, 11, 24)


def entry(challenge: str, lesson: str = "", day: date = date(2026, 3, 2), **more: str) -> Entry:
    return make_entry({"challenge": challenge, "lesson": lesson, **more}, shift_date=day, now=NOW)


ROSTER = entry(
    "The roster changed overnight, again, and I had to cancel my plans",
    "Ask the planners early instead of stewing about it",
)
REFUND = entry(
    "A caller wanted a refund for a parcel and asked for my supervisor",
    "Say what I can do before what I cannot",
)
OUTAGE = entry(
    "The CRM crashed for an hour and we took notes on paper",
    "Keep a paper template in the drawer",
    day=date(2025, 6, 1),
)
GRIEF = entry(
    "A widow called to close her late husband's account",
    "Slow down; the process can wait for the person",
    day=date(2024, 2, 1),
)


@pytest.fixture
def index() -> MatchIndex:
    return MatchIndex.build([ROSTER, REFUND, OUTAGE, GRIEF])


def test_different_words_for_the_same_struggle_meet(index: MatchIndex) -> None:
    found = index.search("they moved my shift again with a day's notice", today=TODAY)
    assert [match.entry.id for match in found] == [ROSTER.id]
    assert found[0].author == ME
    assert "both about: roster change" in found[0].reasons


def test_shared_words_are_shown_as_the_query_wrote_them(index: MatchIndex) -> None:
    (best,) = index.search("Refunds again, and a supervisor call", today=TODAY)
    assert best.entry.id == REFUND.id
    assert best.reasons == (
        "both about: refunds and delays, escalation to a supervisor",
        "shared words: refunds, supervisor",  # as typed ("refunds"), not the entry's "refund"
    )


@pytest.mark.parametrize(
    "text",
    [
        "We had pizza and watched a film about dragons",
        "The weather was lovely and I planted tulips in the garden",
    ],
)
def test_unrelated_text_finds_nothing(index: MatchIndex, text: str) -> None:
    assert index.search(text, today=TODAY) == []


@pytest.mark.parametrize("text", ["", "   ", "and the it was so", "I was there, and so were they"])
def test_empty_or_stop_word_only_text_finds_nothing(index: MatchIndex, text: str) -> None:
    assert index.search(text) == []


def test_only_good_matches_not_always_the_limit(index: MatchIndex) -> None:
    found = index.search("the system crashed and the CRM was down", limit=3, today=TODAY)
    assert [match.entry.id for match in found] == [OUTAGE.id]


def test_results_are_best_first_and_limited() -> None:
    entries = [entry(f"A caller shouted and swore about the refund, call {n}") for n in range(6)]
    index = MatchIndex.build(entries)
    found = index.search("a caller shouted at me about a refund", limit=4)
    assert len(found) == 4
    assert [match.score for match in found] == sorted((m.score for m in found), reverse=True)
    assert index.search("a caller shouted at me about a refund", limit=0) == []


def test_exclude_id_leaves_out_the_entry_being_edited(index: MatchIndex) -> None:
    assert index.search("roster changed overnight", exclude_id=ROSTER.id) == []


def test_an_entry_with_a_lesson_ranks_above_the_same_without() -> None:
    with_lesson = entry("The queue was red all day", "Breathe between calls")
    without = entry("The queue was red all day")
    index = MatchIndex.build([without, with_lesson])
    found = index.search("queue red all day long")
    assert [match.entry.id for match in found] == [with_lesson.id, without.id]


def test_recency_is_a_small_tie_breaker_and_needs_today() -> None:
    old = entry("The queue was red all day", "Breathe", day=date(2020, 1, 1))
    new = entry("The queue was red all day", "Breathe", day=date(2026, 11, 1))
    index = MatchIndex.build([old, new])
    found = index.search("queue red all day", today=TODAY)
    assert [match.entry.id for match in found] == [new.id, old.id]
    assert found[0].score / found[1].score <= 1 + Tuning().recency_boost
    undated = index.search("queue red all day")
    assert undated[0].score == pytest.approx(undated[1].score)


def test_mentor_entries_carry_their_author(index: MatchIndex) -> None:
    mentor = entry("A caller screamed at me and called me names", "Name the line, calmly")
    index.add(mentor, author="dana")
    (best,) = index.search("a customer yelled abuse at me", today=TODAY)
    assert best.entry.id == mentor.id and best.author == "dana"
    assert index.remove(mentor.id, author="dana")
    assert not index.remove(mentor.id, author="dana")
    assert index.search("a customer yelled abuse at me") == []


def test_json_shape_of_reflect_similar(index: MatchIndex) -> None:
    found = index.search("they moved my shift again with a day's notice", today=TODAY)
    (item,) = matches_to_json(found)
    assert set(item) == {"id", "shift_date", "author", "score", "reasons"}
    assert item["id"] == ROSTER.id and item["shift_date"] == "2026-03-02"
    assert item["author"] == "me"
    assert item["score"] == round(found[0].score, 3) and isinstance(item["score"], float)
    assert item["reasons"] == list(found[0].reasons)
    assert found[0].to_json() == item


def test_match_is_a_plain_value() -> None:
    match = Match(ROSTER, "me", 0.5, ("both about: roster change",))
    assert match.to_json()["reasons"] == ["both about: roster change"]


def test_incremental_updates_score_like_a_fresh_build() -> None:
    entries = [ROSTER, REFUND, OUTAGE, GRIEF]
    extra = entry("Another refund request, and the caller wanted my supervisor right away")
    grown = MatchIndex.build(entries)
    grown.search("refund")  # computes the length norms, which later writes then adjust
    grown.search("refund", today=TODAY)  # and the boosts, which later writes must redo
    grown.add(extra)
    grown.remove(GRIEF.id)
    fresh = MatchIndex.build([ROSTER, REFUND, OUTAGE, extra])
    query = "a refund and my supervisor"
    expected = [(m.entry.id, m.score) for m in fresh.search(query, limit=5, today=TODAY)]
    found = [(m.entry.id, m.score) for m in grown.search(query, limit=5, today=TODAY)]
    assert [item[0] for item in found] == [item[0] for item in expected]
    for (_, score), (_, wanted) in zip(found, expected, strict=True):
        assert score == pytest.approx(wanted, rel=0.03)


def test_equal_scores_put_the_newer_entry_first_and_exclusion_keeps_the_limit() -> None:
    days = [date(2026, 1, day) for day in (5, 20, 10, 15)]
    same = [entry("The queue was red all day", "Breathe", day=day) for day in days]
    index = MatchIndex.build(same)
    found = index.search("queue red all day", limit=2)
    assert [match.entry.shift_date for match in found] == [date(2026, 1, 20), date(2026, 1, 15)]
    newest = found[0].entry.id
    found = index.search("queue red all day", limit=2, exclude_id=newest)
    assert [match.entry.shift_date for match in found] == [date(2026, 1, 15), date(2026, 1, 10)]


def test_adding_an_entry_again_replaces_it() -> None:
    index = MatchIndex.build([ROSTER])
    index.add(ROSTER)
    assert len(index) == 1 and ROSTER.id in index


# -- query expansion ---------------------------------------------------------------------

LEXICON = ThemeLexicon.from_toml(LOOSE)  # queue, rota and metrics, a few terms each


def test_a_query_that_leans_towards_a_theme_finds_it_and_says_maybe() -> None:
    backlog = entry("Calls stacked up all morning, nobody got a break", "Breathe between them")
    rota = entry("The rota changed again", "Ask early")
    index = MatchIndex.build([backlog, rota], lexicon=LEXICON)
    # no whole term of the queue theme, but "stuck" and "hold" are words of its phrases
    (best,) = index.search("people were stuck for ages, all of them on hold", today=TODAY)
    assert best.entry.id == backlog.id
    assert best.reasons == ("maybe both about: queue",)
    off = MatchIndex.build([backlog, rota], lexicon=LEXICON, tuning=Tuning(theme_affinity=0))
    assert off.search("people were stuck for ages, all of them on hold", today=TODAY) == []


def test_a_theme_the_query_only_leans_towards_never_dilutes_one_it_names() -> None:
    # every entry is about the rota, so its idf is tiny, while the queue theme (leaned
    # towards through "hold") is in none and weighs a lot: the rota entries still match
    entries = [entry(f"The rota changed again, week {n}") for n in range(6)]
    index = MatchIndex.build(entries, lexicon=LEXICON)
    found = index.search("they moved my shift and put my break on hold", limit=6)
    assert len(found) == 6
    assert all(match.reasons[0] == "both about: rota" for match in found)


# -- following a journal ---------------------------------------------------------------


def test_the_index_follows_adds_updates_and_deletes(journal: Journal) -> None:
    journal.create({"challenge": "The CRM crashed twice before lunch"})
    index = MatchIndex()
    index.attach(journal)
    assert len(index) == 1

    added = journal.create({"challenge": "A widow called to close her late husband's account"})
    assert [m.entry.id for m in index.search("a grieving customer whose wife died")] == [added.id]

    journal.update(added.id, challenge="My shift was moved to nights without notice")
    assert index.search("a grieving customer whose wife died") == []
    assert [m.entry.id for m in index.search("the rota changed again")] == [added.id]

    journal.delete(added.id)
    assert index.search("the rota changed again") == []
    assert len(index) == 1


def test_the_index_follows_a_journal_rewritten_by_another_process(journal: Journal) -> None:
    index = MatchIndex()
    index.attach(journal)
    other = Journal.open(journal.paths.home, lock_timeout=2)
    written = other.create({"challenge": "A scam victim lost her life savings"})
    other.close()
    len(journal)  # the journal notices the new file and tells its listeners: a "reload"
    assert [m.entry.id for m in index.search("fraudster emptied her account")] == [written.id]


def test_the_index_follows_what_mentors_share(journal: Journal) -> None:
    key = bytes(range(32))
    journal.add_contact(Contact("dana", key, None))
    index = MatchIndex()
    index.attach(journal)
    shared = entry("A caller screamed at me and called me names", "Name the line, calmly")
    bundle = ReceivedBundle(
        author="dana",
        sender_handle="dana",
        public_key=key,
        bundle_id="b1",
        published_at=NOW,
        received_at=NOW,
        source="reflect",
        entries=(shared,),
    )
    journal.store_received([bundle])
    (best,) = index.search("a customer yelled abuse at me")
    assert best.author == "dana" and best.entry.id == shared.id
    assert MatchIndex.from_journal(journal).search("yelled abuse")[0].author == "dana"

    journal.remove_contact("dana")
    assert index.search("a customer yelled abuse at me") == []


def test_replace_received_drops_an_author_whose_bundle_is_gone(index: MatchIndex) -> None:
    mentor = entry("A caller screamed at me and called me names", "Name the line, calmly")
    index.add(mentor, author="marcus")
    index.replace_received([])
    assert index.search("a customer yelled abuse at me") == []
    assert len(index) == 4  # my own entries stay


# -- never failing, quality, layering ----------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_search_never_raises(text: str) -> None:
    found = _PROPERTY_INDEX.search(text, limit=3, today=TODAY)
    assert len(found) <= 3
    assert all(match.score >= Tuning().threshold for match in found)


_PROPERTY_INDEX = MatchIndex.build([ROSTER, REFUND, OUTAGE, GRIEF])


@pytest.mark.parametrize(
    ("path", "floor_all", "floor_paraphrase"),
    [
        (SET_PATH, 0.85, 0.75),  # the goals of issue 4, on the set the numbers were chosen on
        (HOLDOUT_PATH, 0.8, 0.7),  # a guard only: this set is for measuring, not for tuning
    ],
    ids=["labelled", "held-out"],
)
def test_engine_beats_bm25_alone(path: Path, floor_all: float, floor_paraphrase: float) -> None:
    """The themes must earn their place: better MRR than BM25 alone, overall and on
    paraphrases, and at least 1.5x plain keyword overlap's on paraphrases.
    ``benchmarks/match_quality.py`` prints the whole table."""
    match_set = load_match_set(path)
    paraphrases = [query for query in match_set.queries if query.kind == "paraphrase"]
    assert len(match_set.entries) >= 50 and len(match_set.queries) >= 25
    assert len(paraphrases) * 2 >= len(match_set.queries)
    engine, bm25 = engine_ranker(match_set), bm25_ranker(match_set)
    overall, paraphrased = evaluate(engine, match_set.queries), evaluate(engine, paraphrases)
    assert overall["mrr"] > evaluate(bm25, match_set.queries)["mrr"]
    assert paraphrased["mrr"] > evaluate(bm25, paraphrases)["mrr"]
    assert paraphrased["mrr"] >= 1.5 * evaluate(keyword_ranker(match_set), paraphrases)["mrr"]
    assert overall["mrr"] >= floor_all
    assert paraphrased["mrr"] >= floor_paraphrase


def test_matching_modules_do_not_import_textual_or_click() -> None:
    code = (
        "import sys\nimport reflect.match, reflect.themes, reflect.words\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'click')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("path", "floor_all", "floor_paraphrase"),
    [
        (SET_PATH, 0.95, 0.92),  # reached: 0.968 / 0.943 (goal 0.90 / 0.85)
        (HOLDOUT_PATH, 0.97, 0.97),  # reached: 1.000 / 1.000 (goal 0.90 / 0.85)
        (REALISTIC_PATH, 0.79, 0.71),  # reached: 0.802 / 0.722 (goal 0.80 / 0.70)
    ],
    ids=["labelled", "held-out", "realistic"],
)
def test_the_full_engine_holds_what_it_reached(
    path: Path, floor_all: float, floor_paraphrase: float
) -> None:
    """Words, themes and the meaning model that ships, fused as From your past fuses them:
    the figures ``benchmarks/match_quality.py`` prints, held as floors; and meaning must
    earn its place over words and themes alone."""
    match_set = load_match_set(path)
    paraphrases = [query for query in match_set.queries if query.kind == "paraphrase"]
    full = meaning_ranker(match_set)
    overall, paraphrased = evaluate(full, match_set.queries), evaluate(full, paraphrases)
    assert overall["mrr"] >= floor_all
    assert paraphrased["mrr"] >= floor_paraphrase
    assert overall["mrr"] > evaluate(engine_ranker(match_set), match_set.queries)["mrr"]


def test_a_past_shift_s_jots_are_found_like_its_challenge() -> None:
    from dataclasses import replace

    from reflect.jots import make_jot

    moment = datetime(2026, 3, 2, 21, 40, tzinfo=UTC)
    jotted = replace(
        entry("A long evening on the phones", "Breathe before the next call"),
        jots=(
            make_jot(
                "cx threatened to sue over the roaming bill",
                shift_date=date(2026, 3, 2),
                now=moment,
            ),
        ),
    )
    others = [
        entry(text, day=date(2026, 3, day))
        for day, text in enumerate(
            ("Quiet shift, mostly email", "The rota changed again", "Training on the new CRM",
             "A long queue before lunch", "Helped a new starter with refunds"),
            start=3,
        )
    ]  # fmt: skip
    query = "customer threatened to sue about the roaming bill"
    found = MatchIndex.build([jotted, *others]).search(query)
    assert found and found[0].entry.id == jotted.id
    without = MatchIndex.build([replace(jotted, jots=()), *others]).search(query)
    assert jotted.id not in [match.entry.id for match in without]
    index = MatchIndex.build([jotted])
    # what meaning reads is the challenge alone
    assert [texts[3] for texts in index.plain_texts() if texts[1].id == jotted.id] == [
        "A long evening on the phones"
    ]
