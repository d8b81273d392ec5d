"""The shared tokenizer: words, contractions, stop words and cached stems."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reflect.words import (
    STOP_STEMS,
    STOP_WORDS,
    content_stems,
    is_stop_word,
    stem,
    stem_all,
    stems,
    tokens,
    without_stop_words,
    words,
    words_of_each,
)


def test_words_are_lowercase_and_split_on_punctuation_and_hyphens() -> None:
    assert words("Short-staffed AGAIN! (3rd time)") == ["short", "staffed", "again", "3rd", "time"]
    assert words("short staffed") == words("short-staffed")
    assert words("log_in/out, e-mail") == ["log", "in", "out", "e", "mail"]


def test_contractions_are_written_out_like_the_lexicon() -> None:
    assert words("I couldn't afford it") == ["i", "could", "not", "afford", "it"]
    assert words("can't won't shouldn't've") == ["can", "not", "will", "not", "should", "not"]
    assert words("cannot") == ["can", "not"]
    assert words("didnt dont") == ["did", "not", "do", "not"]


def test_curly_apostrophes_and_clitics() -> None:
    assert words("She couldn\u2019t") == ["she", "could", "not"]
    assert words("a day's notice, I'm sure they'll call") == [
        "a", "day", "notice", "i", "sure", "they", "call",
    ]  # fmt: skip
    assert words("O'Brien's account") == ["o", "brien", "account"]
    assert words("'quoted' words") == ["quoted", "words"]


def test_words_keep_letters_of_any_script() -> None:
    assert words("Café NAÏVE, Straße") == ["café", "naïve", "straße"]


def test_words_that_only_look_like_contractions_stay() -> None:
    assert words("I cant believe it, he wont") == ["i", "cant", "believe", "it", "he", "wont"]


def test_empty_and_punctuation_only_text_has_no_words() -> None:
    assert words("") == []
    assert words("  ...!?  -- ''") == []


def test_stems_unify_word_forms() -> None:
    assert len({stem(word) for word in ("shout", "shouted", "shouting", "shouts")}) == 1
    assert stem("rosters") == stem("roster")
    assert stems("Refunds refunded") == [stem("refund")] * 2


def test_stems_are_cached_and_stable() -> None:
    first = stem("escalations")
    assert stem("escalations") == first
    assert stem_all(["escalations", "escalated"]) == [first, stem("escalated")]


def test_stop_words_are_dropped_for_ranking_but_kept_in_order_for_phrases() -> None:
    text = "The caller hung up on me"
    assert [token.word for token in tokens(text)] == words(text)
    assert [token.stop for token in tokens(text)] == [True, False, False, True, True, True]
    assert content_stems(text) == [stem("caller"), stem("hung")]
    found = words(text)
    assert without_stop_words(found, stem_all(found)) == content_stems(text)


def test_stop_word_list_is_modest_and_lowercase() -> None:
    assert 100 <= len(STOP_WORDS) <= 250
    assert all(word == word.lower() and word.isalpha() for word in STOP_WORDS)
    assert "customer" not in STOP_WORDS and "refund" not in STOP_WORDS
    assert is_stop_word("The") and not is_stop_word("roster")
    assert stem("the") in STOP_STEMS


@given(st.text())
def test_words_never_fail_and_are_clean(text: str) -> None:
    for word in words(text):
        assert word
        assert all(char.isalnum() for char in word)


@given(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126)))
def test_ascii_fast_path_cuts_like_the_unicode_path(text: str) -> None:
    # A non-ASCII word at the end sends the text down the regular-expression path.
    assert words(text + " é") == [*words(text), "é"]


_TRICKY = st.text() | st.sampled_from(
    ["'", "n't", "\x1f", "\u2019", "didnt", " ", "İ", "ß", "_", "can't", "it's"]
)


@given(st.lists(st.lists(_TRICKY, max_size=5).map("".join), max_size=6))
def test_words_of_each_cuts_every_text_as_words_does(texts: list[str]) -> None:
    """Cut together for speed, the texts must come out exactly as cut one by one, even
    when one holds the separator used to join them."""
    assert words_of_each(texts) == [words(text) for text in texts]


def test_words_of_each_keeps_texts_apart() -> None:
    texts = ["Couldn't wait\x1fany longer", "", "Café naïve didnt", "x_y"]
    assert words_of_each(texts) == [
        ["could", "not", "wait", "any", "longer"],
        [],
        ["café", "naïve", "did", "not"],
        ["x", "y"],
    ]


@given(st.text(max_size=300), st.integers(min_value=1, max_value=80), st.integers(1, 4))
def test_some_lines_keeps_within_its_box_and_cuts_only_what_does_not_fit(
    text: str, width: int, lines: int
) -> None:
    from reflect.render import some_lines

    shown = some_lines(text, width, lines)
    rows = shown.split("\n") if shown else []
    assert len(rows) <= lines
    assert all(len(row) <= max(width, 8) for row in rows)
    if not shown.endswith("…"):  # nothing cut: every character is there (a long word broken)
        assert "".join(shown.split()) == "".join(text.split())
