"""Check words: six words two people read to each other to know they hold each other's keys.

When sam adds dana and dana adds sam, both screens show the same six words, made from
the two public keys: the keys are sorted (so whose is whose does not matter) and hashed
with BLAKE2b, personalised so this digest serves nothing else. Each of its six bytes
picks one of the 256 words of ``seeds/check-words.toml``. A key that was mangled or
swapped on the way gives other words on one side, and reading them aloud shows it.

The hash is :mod:`hashlib`'s BLAKE2b, the same function as libsodium's generic hash
(``nacl.hash.blake2b``; a test holds the two equal), as for :func:`reflect.contacts.fingerprint`:
listing contacts with their words needs no PyNaCl.

Six words are 48 bits: plenty to catch a wrong or damaged key, and more work than a
casual attacker will do, but someone who controls the chat both ways and can spend
days of computing could find two keys whose words agree. The 16-character fingerprint
of each key (80 bits, ``reflect id`` and ``reflect contact list --json``) is the
stronger check for those who need one.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib

from reflect.seed_files import read_seed

WORD_COUNT = 6
"""Words shown for a pair of keys."""
LIST_SIZE = 256
"""Words in the list: one byte of the digest picks one."""
KEY_BYTES = 32
SEED = "check-words.toml"
_PERSON = b"reflect-words-v1"
"""BLAKE2b personalisation (at most 16 bytes); a new one means a new version of the words."""
_WORD = re.compile(r"^[a-z]{3,6}$")


@functools.cache
def word_list() -> tuple[str, ...]:
    """The 256 words, in their order (read once from the bundled seed file)."""
    data = tomllib.loads(read_seed(SEED).decode("utf-8"))
    words = data.get("words")
    if (
        not isinstance(words, list)
        or len(words) != LIST_SIZE
        or len(set(words)) != LIST_SIZE
        or not all(isinstance(word, str) and _WORD.match(word) for word in words)
    ):
        raise RuntimeError(f"seeds/{SEED} must hold {LIST_SIZE} distinct short words")
    return tuple(words)


def check_words(key_a: bytes, key_b: bytes) -> tuple[str, ...]:
    """The six words for two public keys, the same whichever is given first."""
    if len(key_a) != KEY_BYTES or len(key_b) != KEY_BYTES:
        raise ValueError("check words are made from two 32-byte public keys")
    first, second = sorted((key_a, key_b))
    digest = hashlib.blake2b(first + second, digest_size=WORD_COUNT, person=_PERSON).digest()
    words = word_list()
    return tuple(words[byte] for byte in digest)


def check_words_text(key_a: bytes, key_b: bytes) -> str:
    """The six words as one line to read aloud: ``maple otter cedar lotus quail harbor``."""
    return " ".join(check_words(key_a, key_b))
