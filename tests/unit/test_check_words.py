"""Check words: the same six words on both screens, from a list made to be told apart by ear."""

import hashlib
import itertools

import nacl.encoding
import nacl.hash
from hypothesis import given
from hypothesis import strategies as st

from reflect.check_words import _PERSON, WORD_COUNT, check_words, check_words_text, word_list

KEYS = st.binary(min_size=32, max_size=32)


@given(KEYS, KEYS)
def test_both_sides_see_the_same_words(mine: bytes, theirs: bytes) -> None:
    words = check_words(mine, theirs)
    assert words == check_words(theirs, mine)
    assert len(words) == WORD_COUNT and all(word in word_list() for word in words)
    assert check_words_text(mine, theirs) == " ".join(words)


def test_the_words_stay_what_they_were() -> None:
    """Changing the list or the hash changes every pair's words: only with a new version."""
    sam, dana = bytes(range(32)), bytes(range(32, 64))
    assert check_words_text(sam, dana) == "pocket kernel fox lily arrow forest"


def test_another_key_gives_other_words() -> None:
    sam, dana = bytes(32), bytes([1]) * 32
    others = {check_words(sam, bytes([n]) * 32) for n in range(2, 40)}
    assert check_words(sam, dana) not in others and len(others) == 38


def test_the_hash_is_libsodium_s_generic_hash() -> None:
    data = bytes(range(64))
    ours = hashlib.blake2b(data, digest_size=WORD_COUNT, person=_PERSON).digest()
    sodium = nacl.hash.blake2b(
        data, digest_size=WORD_COUNT, person=_PERSON, encoder=nacl.encoding.RawEncoder
    )
    assert ours == sodium


def _one_edit_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def test_the_list_is_256_short_words_told_apart_by_ear() -> None:
    words = word_list()
    assert len(words) == 256 == len(set(words))
    assert all(word.isascii() and word.isalpha() and 3 <= len(word) <= 6 for word in words)
    for a, b in itertools.combinations(words, 2):
        assert not a.startswith(b) and not b.startswith(a), (a, b)
        assert not _one_edit_apart(a, b), (a, b)
