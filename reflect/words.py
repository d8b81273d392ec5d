"""Words, stop words and stems: the one tokenizer shared by the theme lexicon and matching.

Themes and the match index must cut text the same way, or a term written in
``seeds/themes.toml`` would never meet the entry it describes. The rules, as that file's
header promises: lowercase; split on anything that is not a letter or a digit (so
"short-staffed" is "short staffed"); then reduce every word with the Snowball English
stemmer. Contractions are expanded first, because agents write "couldn't" and "didnt"
while the lexicon is written out ("could not afford"): "couldn't" -> "could not",
"can't"/"cannot" -> "can not", "won't" -> "will not"; other clitics ("'s", "'re", "'m",
"'ve", "'ll", "'d") are dropped.

Indexing a large journal cuts hundreds of thousands of words, so the common paths run in
C (string replaces, ``bytes.translate`` for ASCII text, set and ``compress`` operations)
and stems are cached per word: a journal's vocabulary is small (tens of thousands of
words), and the Snowball stemmer, in pure Python, is the slowest step.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from itertools import compress
from operator import not_
from typing import NamedTuple

import snowballstemmer

_WORD = re.compile(r"\w+")
_ASCII_SEPARATORS = bytes(
    byte if chr(byte).isascii() and chr(byte).isalnum() else ord(" ") for byte in range(256)
)
_PART = "\x1f"  # the ASCII unit separator: between texts cut together, never a word
_ASCII_KEEP_PART = _ASCII_SEPARATORS[:0x1F] + b"\x1f" + _ASCII_SEPARATORS[0x20:]
_ODD_APOSTROPHES = ("\u2019", "\u2018", "\u02bc", "`")
_CLITIC = re.compile(r"'(?:s|re|m|ve|ll|d)\b")
_NOT_FORMS = (
    ("can't", "can not"),
    ("won't", "will not"),
    ("shan't", "shall not"),
    ("ain't", "is not"),
    ("n't", " not"),
)

# Contractions typed without the apostrophe, as tired people type them. Words that are
# also English words ("cant", "wont", "ill", "well", "shed") are left alone on purpose.
_EXPANSIONS: dict[str, tuple[str, ...]] = {
    "cannot": ("can", "not"),
    **{
        f"{base}nt": (base, "not")
        for base in (
            "do", "did", "does", "could", "would", "should", "was", "were", "is", "are",
            "has", "have", "had", "must", "need",
        )
    },
}  # fmt: skip

STOP_WORDS = frozenset(
    (
        "a", "about", "above", "after", "again", "against", "all", "am", "an", "and", "any",
        "are", "as", "at", "be", "because", "been", "before", "being", "below", "between",
        "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during",
        "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her",
        "here", "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into",
        "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no",
        "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours",
        "ourselves", "out", "over", "own", "same", "she", "should", "so", "some", "such",
        "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there",
        "these", "they", "this", "those", "through", "to", "too", "under", "until", "up",
        "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
        "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves",
        "also", "although", "anyway", "even", "ever", "every", "get", "gets", "getting",
        "got", "gotten", "however", "let", "may", "might", "much", "must", "ok", "okay",
        "quite", "rather", "really", "shall", "since", "still", "though", "thus", "today",
        "tonight", "us", "via", "well", "whether", "yet", "yes",
    )
)  # fmt: skip
"""English function words and fillers that say nothing about a struggle (161 words).

Deliberately modest: domain words ("customer", "call") stay, since BM25's idf already
weighs them down, and a word here is invisible to matching (though not to phrases)."""


class Token(NamedTuple):
    """One word of a text: as written (lowercased), its stem, and whether it is a stop word."""

    word: str
    stem: str
    stop: bool


_stemmer = snowballstemmer.stemmer("english")
_stem_lock = threading.Lock()  # a Snowball stemmer object keeps state between calls
_stems: dict[str, str] = {}
_MAX_CACHED = 200_000


def stem(word: str) -> str:
    """The Snowball English stem of a lowercase word, cached."""
    cached = _stems.get(word)
    if cached is not None:
        return cached
    with _stem_lock:
        result: str = _stemmer.stemWord(word)
        if len(_stems) >= _MAX_CACHED:
            _stems.clear()  # a bound against pathological input, never reached by a journal
        _stems[word] = result
    return result


STOP_STEMS = frozenset(stem(word) for word in STOP_WORDS)
"""Stems of the stop words: a one-word theme term must not be one of them."""


def without_stop_words(found: list[str], stemmed: list[str]) -> list[str]:
    """The stems of ``found`` that are not stop words (decided on the word), in C loops."""
    return list(compress(stemmed, map(not_, map(STOP_WORDS.__contains__, found))))


def clear_stem_cache() -> None:
    """Forget cached stems (benchmarks measure a cold start with it)."""
    with _stem_lock:
        _stems.clear()


def words(text: str) -> list[str]:
    """Lowercase words of ``text``, contractions expanded, punctuation and hyphens dropped."""
    return _split(_normalise(text))


def words_of_each(texts: Sequence[str]) -> list[list[str]]:
    """``[words(text) for text in texts]``, with the string work done once for all of
    them (the match index cuts every entry into a few fields)."""
    if len(texts) <= 1:
        return [words(text) for text in texts]
    joined = _normalise(_PART.join(text.replace(_PART, " ") for text in texts))
    if joined.isascii():
        pieces = joined.encode("ascii").translate(_ASCII_KEEP_PART).decode("ascii").split(_PART)
        return [_expand(piece.split()) for piece in pieces]
    return [_split(piece) for piece in joined.split(_PART)]


def _normalise(text: str) -> str:
    """Lowercased, odd apostrophes made plain, contractions written out, clitics gone."""
    lowered = text.lower()
    for odd in _ODD_APOSTROPHES:
        if odd in lowered:
            lowered = lowered.replace(odd, "'")
    if "'" in lowered:
        # plain string replaces and one literal-led regex: this runs on most real texts
        if "n't" in lowered:
            for contracted, expanded in _NOT_FORMS:
                lowered = lowered.replace(contracted, expanded)
        lowered = _CLITIC.sub(" ", lowered).replace("'", " ")
    return lowered


def _split(lowered: str) -> list[str]:
    if lowered.isascii():
        # most texts: bytes.translate and split run in C at several times the regex's speed
        found = lowered.encode("ascii").translate(_ASCII_SEPARATORS).decode("ascii").split()
    else:
        found = _WORD.findall(lowered.replace("_", " "))  # \w then means letter or digit
    return _expand(found)


def _expand(found: list[str]) -> list[str]:
    if _EXPANSIONS.keys().isdisjoint(found):
        return found
    return [part for raw in found for part in _EXPANSIONS.get(raw, (raw,))]


def stem_all(found: list[str]) -> list[str]:
    """Stems of many words at once (the cache looked up without a call per word)."""
    cache = _stems
    try:
        return list(map(cache.__getitem__, found))  # all known: one pass in C
    except KeyError:
        return [cache[word] if word in cache else stem(word) for word in found]


def stems(text: str) -> list[str]:
    """Stems of every word, stop words kept: what phrase matching needs."""
    return stem_all(words(text))


def tokens(text: str) -> list[Token]:
    """Every word with its stem and stop-word flag, in order."""
    return [Token(word, stem(word), word in STOP_WORDS) for word in words(text)]


def content_stems(text: str) -> list[str]:
    """Stems of the words that are not stop words: what ranking needs."""
    found = words(text)
    return without_stop_words(found, stem_all(found))


def is_stop_word(word: str) -> bool:
    return word.lower() in STOP_WORDS
