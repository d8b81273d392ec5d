"""The theme lexicon: loading, word forms, phrases, counting, and the bundled themes."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.errors import FormatError
from reflect.themes import Theme, ThemeLexicon
from reflect.words import stems, words

SMALL = """
[themes.hang_up]
label = "hung up on"
description = "The caller ended the call on the agent."
terms = ["hung up on me", "roster", "queue was", "queue was red"]

[themes.waiting]
label = "waiting"
terms = ["queue was red", "still waiting"]
"""


@pytest.fixture(scope="module")
def bundled() -> ThemeLexicon:
    return ThemeLexicon.bundled()


@pytest.fixture(scope="module")
def small() -> ThemeLexicon:
    return ThemeLexicon.from_toml(SMALL)


def test_bundled_lexicon_has_the_themes_the_issue_asks_for(bundled: ThemeLexicon) -> None:
    assert len(bundled) >= 20
    for key in (
        "abusive_caller", "own_mistake", "grieving_customer", "queue_overload",
        "feeling_unseen", "colleague_conflict", "system_outage", "never_seen_problem",
        "language_barrier", "exhaustion", "policy_exception", "non_technical_customer",
        "fraud_victim", "billing_dispute", "handoff_notes", "metrics_pressure",
        "training_new_hire", "customer_thanks",
    ):  # fmt: skip
        assert key in bundled
    for theme in bundled:
        assert re.fullmatch(r"[a-z][a-z_]*", theme.key)
        assert theme.label and theme.label == theme.label.lower()
        assert len(theme.terms) >= 25
        assert all(1 <= len(words(term)) <= 4 for term in theme.terms), theme.key


def test_bundled_lexicon_is_loaded_once(bundled: ThemeLexicon) -> None:
    assert ThemeLexicon.bundled() is bundled


def test_different_words_for_a_roster_change_share_the_theme(bundled: ThemeLexicon) -> None:
    first = bundled.themes_in("the roster changed overnight, again")
    second = bundled.themes_in("they moved my shift again with a day's notice")
    assert "roster_change" in first.keys() & second.keys()


def test_the_issue_example_of_sales_pressure(bundled: ThemeLexicon) -> None:
    today = "I was pushed to sell the premium plan to someone who clearly couldn't afford it"
    last_year = "my lead wanting me to pitch the upgrade to a pensioner"
    assert "upsell_pressure" in bundled.themes_in(today)
    assert "upsell_pressure" in bundled.themes_in(last_year)


@pytest.mark.parametrize(
    "text",
    ["He shouted at me", "she was shouting", "they shout", "a caller who shouts"],
)
def test_word_forms_meet_through_stems(bundled: ThemeLexicon, text: str) -> None:
    assert "abusive_caller" in bundled.themes_in(text)


def test_contractions_meet_written_out_terms(bundled: ThemeLexicon) -> None:
    terms = {hit.term for hit in bundled.hits("she couldn't afford it")}
    assert "could not afford" in terms


@pytest.mark.parametrize(
    "text",
    [
        "We had pizza and watched a film about dragons",
        "The weather was lovely and I planted tulips in the garden",
        "",
        "   ",
    ],
)
def test_unrelated_text_touches_no_theme(bundled: ThemeLexicon, text: str) -> None:
    assert bundled.themes_in(text) == {}


def test_phrases_need_their_words_next_to_each_other(small: ThemeLexicon) -> None:
    assert small.themes_in("The caller hung up on me twice") == {"hang_up": 1}
    assert small.themes_in("I hung the coat up on me") == {}
    assert small.themes_in("me on up hung") == {}


def test_one_word_terms_match_their_stem_and_count_each_time(small: ThemeLexicon) -> None:
    assert small.themes_in("Rosters, and the roster again") == {"hang_up": 2}


def test_a_theme_counts_once_per_place_with_its_longest_term(small: ThemeLexicon) -> None:
    hits = small.hits("the queue was red all day")
    assert [(hit.theme, hit.term) for hit in hits] == [
        ("hang_up", "queue was red"),
        ("waiting", "queue was red"),
    ]
    assert hits[0].start == 1 and hits[0].end == 4
    assert small.themes_in("the queue was red all day") == {"hang_up": 1, "waiting": 1}


def test_label_and_lookup(bundled: ThemeLexicon) -> None:
    assert bundled.label("abusive_caller") == "abusive caller"
    assert bundled.label("no_such_theme") == "no such theme"
    assert isinstance(bundled.theme("exhaustion"), Theme)
    assert "exhaustion" in bundled.keys


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[themes.a", "not valid TOML"),
        ("title = 'no themes'", "needs [themes"),
        ("[themes.a]\nterms = ['x']", "needs a label"),
        ("[themes.a]\nlabel = 'a'\nterms = []", "has no terms"),
        ("[themes.a]\nlabel = 'a'\nterms = 'x'", "must be a list"),
        ("[themes.a]\nlabel = 'a'\nterms = ['the']", "stop word"),
        ("[themes.a]\nlabel = 'a'\nterms = ['...']", "has no words"),
    ],
)
def test_a_broken_lexicon_is_reported(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=re.escape(message)):
        ThemeLexicon.from_toml(text)


def test_a_theme_key_twice_is_refused() -> None:
    theme = Theme("a", "a", "", ("roster",))
    with pytest.raises(FormatError, match="defined twice"):
        ThemeLexicon([theme, theme])


@given(st.text())
def test_themes_in_never_raises(text: str) -> None:
    found = ThemeLexicon.bundled().themes_in(text)
    assert all(count > 0 for count in found.values())


_LEXICON_WORDS = sorted(
    {word for theme in ThemeLexicon.bundled() for term in theme.terms for word in words(term)}
)


@given(st.lists(st.sampled_from(_LEXICON_WORDS), max_size=40))
def test_fast_counts_agree_with_listed_hits(chosen: list[str]) -> None:
    """``themes_in_stems`` counts one-word terms from stem counts; it must agree with hits."""
    lexicon = ThemeLexicon.bundled()
    stemmed = stems(" ".join(chosen))
    listed = Counter(hit.theme for hit in lexicon.hits_in_stems(stemmed))
    assert lexicon.themes_in_stems(stemmed) == dict(listed)


LOOSE = """
[themes.metrics]
label = "metrics"
terms = ["calls too long", "not enough staff", "hung up on me", "still waiting"]

[themes.queue]
label = "queue"
terms = ["queue was red", "stuck on hold", "calls stacked"]

[themes.rota]
label = "rota"
terms = ["moved my shift", "rota"]
"""


@pytest.fixture(scope="module")
def loose() -> ThemeLexicon:
    return ThemeLexicon.from_toml(LOOSE)


@pytest.mark.parametrize(
    "text",
    ["my calls are too long", "Calls were too long", "calls, too long", "the calls too long"],
)
def test_stop_words_between_the_words_of_a_term_do_not_matter(
    loose: ThemeLexicon, text: str
) -> None:
    assert loose.themes_in(text) == {"metrics": 1}


def test_a_loose_hit_spans_the_words_as_written(loose: ThemeLexicon) -> None:
    (hit,) = loose.hits("They moved the whole shift? No: they moved the shift.")
    assert (hit.theme, hit.term) == ("rota", "moved my shift")
    assert (hit.start, hit.end) == (7, 10)  # "moved the shift", not "moved the whole shift"


def test_other_content_words_between_still_break_a_term(loose: ThemeLexicon) -> None:
    assert loose.themes_in("my calls were far too long") == {}
    assert loose.themes_in("too long calls") == {}


def test_a_term_with_a_negation_is_matched_word_for_word(loose: ThemeLexicon) -> None:
    assert loose.themes_in("there were not enough staff") == {"metrics": 1}
    assert loose.themes_in("we had enough staff for once") == {}


def test_a_term_that_needs_its_stop_words_is_matched_word_for_word(loose: ThemeLexicon) -> None:
    assert loose.themes_in("he hung up on me") == {"metrics": 1}
    assert loose.themes_in("he hung the phone up") == {}


def test_affinity_is_weak_evidence_from_the_words_of_phrases(loose: ThemeLexicon) -> None:
    # "stuck" and "hold" belong to the phrases of one theme; "calls" to two; "rota" is a
    # one-word term of its theme, counted as a hit, so it pulls nothing.
    assert loose.affinity(stems("stuck hold")) == {"queue": 2.0}
    assert loose.affinity(stems("calls")) == {"metrics": 0.5, "queue": 0.5}
    assert loose.affinity(stems("rota")) == {}
    assert loose.affinity(stems("the weather was lovely")) == {}


def test_affinity_ignores_words_shared_by_many_themes() -> None:
    tables = "\n".join(
        f'[themes.t{n}]\nlabel = "t{n}"\nterms = ["angry caller {n}"]' for n in range(5)
    )
    lexicon = ThemeLexicon.from_toml(tables)
    assert lexicon.affinity(stems("angry caller")) == {}  # in five themes: says nothing
    assert lexicon.affinity(stems("angry caller 3")) == {"t3": 1.0}


@given(
    st.lists(
        st.lists(
            st.sampled_from(
                ["calls", "are", "too", "long", "not", "enough", "staff", "queue", "was", "red",
                 "moved", "my", "shift", "rota", "hung", "up", "on", "me", "stuck", "hold"]
            ),
            max_size=12,
        ),
        max_size=4,
    )
)  # fmt: skip
def test_themes_in_parts_agrees_with_each_part_alone(parts: list[list[str]]) -> None:
    """One pass over several fields must count what listing each field's hits counts:
    no term may span two fields."""
    lexicon = ThemeLexicon.from_toml(LOOSE)
    cut = [(stems(" ".join(part)), Counter(stems(" ".join(part)))) for part in parts]
    expected = [
        dict(Counter(hit.theme for hit in lexicon.hits_in_stems(stemmed))) for stemmed, _ in cut
    ]
    assert lexicon.themes_in_parts(cut) == expected


# -- people from home are not colleagues ------------------------------------------------

HOME_PEOPLE = ["partner", "wife", "husband", "spouse", "boyfriend", "girlfriend", "mum", "kids"]
WORK_PEOPLE = ["colleague", "coworker", "teammate", "lead", "manager", "supervisor"]
ARGUMENTS = [
    "argued with my {} before shift",
    "had a row with my {} this morning",
    "my {} and I fell out",
    "tension with my {} all week",
    "had words with my {} on the phone",
]


@pytest.mark.parametrize("person", HOME_PEOPLE)
@pytest.mark.parametrize("argument", ARGUMENTS)
def test_an_argument_at_home_is_no_conflict_with_a_colleague(
    bundled: ThemeLexicon, argument: str, person: str
) -> None:
    text = argument.format(person)
    assert "colleague_conflict" not in bundled.themes_in(text)
    assert all(hit.theme != "colleague_conflict" for hit in bundled.hits(text))


@pytest.mark.parametrize("person", WORK_PEOPLE)
@pytest.mark.parametrize("argument", ARGUMENTS)
def test_an_argument_with_a_colleague_still_is_one(
    bundled: ThemeLexicon, argument: str, person: str
) -> None:
    assert "colleague_conflict" in bundled.themes_in(argument.format(person))


def test_someone_from_work_close_by_keeps_the_hit(bundled: ThemeLexicon) -> None:
    assert "colleague_conflict" in bundled.themes_in("argued with my lead about my kids pickup")
    assert "colleague_conflict" in bundled.themes_in("argued with a colleague")
    # far from the term, someone from home changes nothing
    far = "bickering about the break rota and overtime all morning; later I rang my mum"
    assert "colleague_conflict" in bundled.themes_in(far)


def test_support_from_home_is_not_support_from_the_team(bundled: ThemeLexicon) -> None:
    assert "team_support" not in bundled.themes_in("my partner made me laugh after shift")
    assert "team_support" in bundled.themes_in("my team lead made me laugh after that call")


def test_someone_from_home_pulls_no_affinity_to_a_theme_about_colleagues(
    bundled: ThemeLexicon,
) -> None:
    assert "colleague_conflict" not in bundled.affinity(stems("bickering argument partner"))


PEOPLE = """
[people]
home = ["partner", "kids"]
work = ["lead"]

[themes.conflict]
label = "conflict"
about_colleagues = true
terms = ["argued with my", "bickering"]

[themes.other]
label = "other"
terms = ["bickering"]
"""


def test_only_themes_about_colleagues_are_left_out_near_home() -> None:
    lexicon = ThemeLexicon.from_toml(PEOPLE)
    assert lexicon.themes_in("the kids were bickering") == {"other": 1}
    assert lexicon.themes_in("bickering with the lead") == {"conflict": 1, "other": 1}
    # each hit decides for itself: the second is far from the partner
    text = "argued with my partner. Then a long quiet morning of calls, and bickering again"
    assert lexicon.themes_in(text) == {"conflict": 1, "other": 1}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[people]\nhome = "partner"\n[themes.a]\nlabel = "a"\nterms = ["x"]', "list of text"),
        ('[people]\nhome = ["my partner"]\n[themes.a]\nlabel = "a"\nterms = ["x"]', "one word"),
        ('[people]\nwork = ["the"]\n[themes.a]\nlabel = "a"\nterms = ["x"]', "one word"),
        ('[themes.a]\nlabel = "a"\nabout_colleagues = "yes"\nterms = ["x"]', "true or false"),
    ],
)
def test_broken_people_are_reported(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        ThemeLexicon.from_toml(text)


_WITH_PEOPLE = [*_LEXICON_WORDS, *HOME_PEOPLE, *WORK_PEOPLE, "friend", "family"]


@given(st.lists(st.sampled_from(_WITH_PEOPLE), max_size=40))
def test_fast_counts_agree_with_listed_hits_when_people_are_named(chosen: list[str]) -> None:
    lexicon = ThemeLexicon.bundled()
    stemmed = stems(" ".join(chosen))
    listed = Counter(hit.theme for hit in lexicon.hits_in_stems(stemmed))
    assert lexicon.themes_in_stems(stemmed) == dict(listed)
    # counting distinct words (as the match index does) never finds a theme hits do not
    distinct = dict.fromkeys(stemmed, 1)
    assert set(lexicon.themes_in_stems(stemmed, distinct)) <= set(listed)


# -- tags -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tag", "theme"),
    [
        ("outage", "system_outage"),
        ("system-outage", "system_outage"),
        ("system_outage", "system_outage"),
        ("angry-caller", "abusive_caller"),
        ("abusive-caller", "abusive_caller"),
        ("refunds", "refunds_and_delays"),
        ("roster", "roster_change"),
        ("colleague-conflict", "colleague_conflict"),
        ("conflict-with-a-colleague", "colleague_conflict"),
        ("repeat-caller", "repeat_caller"),
    ],
)
def test_a_tag_stands_for_its_theme(bundled: ThemeLexicon, tag: str, theme: str) -> None:
    assert theme in bundled.themes_of_tag(tag)


@pytest.mark.parametrize("tag", ["phones", "billing-2", "night", "q4"])
def test_a_tag_of_no_theme_stands_for_none(bundled: ThemeLexicon, tag: str) -> None:
    assert bundled.themes_of_tag(tag) == frozenset()
