"""Invite codes: what one side prints, the other reads back exactly, and nothing else.

A code that was damaged on the way is refused, or (when what changed was only letter
case, whitespace, or what surrounds it) reads as the very same contact: never as a
different key. Whatever text is pasted, the only error is :class:`InvalidInvite`.
"""

from __future__ import annotations

import contextlib
import zlib
from pathlib import Path

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st
from nacl.public import PrivateKey

from reflect.errors import InvalidInvite
from reflect.invite import MAX_CODE_LENGTH, Invite, folder_hint, invite_code, parse_invite

HOME = Path("/home/sam")
KEY = bytes(PrivateKey(bytes(range(32))).public_key)

handles = st.from_regex(r"\A[a-z0-9][a-z0-9_.-]{0,31}\Z")
keys = st.binary(min_size=32, max_size=32).map(lambda seed: bytes(PrivateKey(seed).public_key))
folder_texts = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60
)


@st.composite
def invites(draw: st.DrawFn) -> Invite:
    folder = None
    if draw(st.booleans()):
        text = draw(folder_texts)
        try:
            folder = folder_hint(text, HOME)
        except InvalidInvite:
            assume(False)
    return Invite(draw(handles), draw(keys), folder)


def _with_check(body: str) -> str:
    """A code with a valid check over ``body``: what a careless or hostile writer makes."""
    return f"{body}/{zlib.crc32(body.encode()):08x}"


@given(invites())
def test_every_code_reads_back_as_what_was_written(invite: Invite) -> None:
    code = invite.code
    assert "\n" not in code and " " not in code and code.isascii()
    assert parse_invite(code) == invite


@given(invites(), st.data())
def test_what_pasting_adds_is_ignored(invite: Invite, data: st.DataObject) -> None:
    code = invite.code
    cut = data.draw(st.integers(0, len(code)))
    wrapped = code[:cut] + data.draw(st.sampled_from(["\n", "\r\n  ", "\u200b", " "])) + code[cut:]
    around = data.draw(st.sampled_from(['"{}"', "`{}`", "<{}>", "  {}\n", "{}.", "“{}”"]))
    assert parse_invite(around.format(wrapped)) == invite
    assert parse_invite(code.upper() if invite.folder is None else code) == invite


@given(invites(), st.data())
def test_a_change_of_one_character_never_gives_another_key(
    invite: Invite, data: st.DataObject
) -> None:
    code = invite.code
    at = data.draw(st.integers(0, len(code) - 1))
    char = data.draw(st.characters(exclude_categories=["Cs"]))
    changed = [
        code[:at] + char + code[at + 1 :],  # replaced
        code[:at] + code[at + 1 :],  # dropped
        code[:at] + char + code[at:],  # added
    ]
    for text in changed:
        if text == code:
            continue
        try:
            read = parse_invite(text)
        except InvalidInvite as error:
            assert "\n" not in str(error)
            continue
        assert read == invite, (text, read)


@given(st.text(max_size=300))
@example("reflect/1/sam")
@example("reflect/1////////")
@example("reflect/99999999999999999999/x")
@example("reflect/1/sam/" + "a" * 52 + "/%zz/00000000")
def test_any_text_is_an_invite_or_one_clear_error(text: str) -> None:
    for candidate in (text, "reflect/1/" + text, "reflect/" + text):
        try:
            parse_invite(candidate)
        except InvalidInvite as error:
            assert str(error) and "\n" not in str(error)


@given(st.lists(st.text(st.sampled_from("ab27/%~.-_Z"), max_size=60), min_size=1, max_size=4))
def test_codes_with_a_valid_check_over_anything_are_refused_or_read(parts: list[str]) -> None:
    """A check anyone can compute: what it covers must still be checked on its own."""
    with contextlib.suppress(InvalidInvite):
        parse_invite(_with_check("reflect/1/" + "/".join(parts)))


def test_every_character_of_a_code_is_covered_by_its_check() -> None:
    """Each position replaced by each character a code may hold: refused, or the same."""
    invite = Invite("sam.lee", KEY, "~/Sync/reflect")
    code = invite.code
    for at in range(len(code)):
        for char in "abcdefghijklmnopqrstuvwxyz234567ABZ0189/%~._-":
            text = code[:at] + char + code[at + 1 :]
            if text == code:
                continue
            try:
                read = parse_invite(text)
            except InvalidInvite:
                continue
            assert read == invite, text


def test_the_layout_is_the_documented_one() -> None:
    code = invite_code("sam", KEY, "~/Sync/reflect with dana")
    prefix, version, handle, key, folder, sync, name, check = code.split("/")
    assert (prefix, version, handle) == ("reflect", "1", "sam")
    assert len(key) == 52 and key == key.lower()
    assert (folder, sync, name) == ("~", "Sync", "reflect%20with%20dana")
    assert check == f"{zlib.crc32(code.rsplit('/', 1)[0].encode()):08x}"
    assert invite_code("sam", KEY).count("/") == 4


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("hello there", "not an invite code"),
        (KEY.hex(), "is a public key, not an invite code"),
        ("reflect/2/sam/abc/00000000", "version 2, newer than this reflect"),
        ("reflect/x/sam/abc/00000000", "damaged at its start"),
        ("reflect/1/sam/abc", "cut short"),
        ("reflect/1/sam/\u2010x/00000000", "'\u2010', which no invite code has"),
        (invite_code("sam", KEY)[:-1] + "0", "changed on the way"),
        (invite_code("sam", KEY).replace("/sam/", "/dana/"), "changed on the way"),
        (_with_check("reflect/1/-sam/" + invite_code("x", KEY).split("/")[3]), "handle"),
        (_with_check("reflect/1/sam/" + "a" * 51), "key in this invite code is damaged"),
        (_with_check("reflect/1/sam/" + "a" * 52), "key in this invite code cannot be used"),
        (_with_check("reflect/1/sam/" + invite_code("x", KEY).split("/")[3] + "/%00"), "folder"),
        ("reflect/1/" + "a" * MAX_CODE_LENGTH, "too long"),
    ],
)
def test_each_problem_is_one_clear_line(text: str, says: str) -> None:
    with pytest.raises(InvalidInvite) as caught:
        parse_invite(text)
    assert says in str(caught.value) and "\n" not in str(caught.value)


def test_a_folder_is_named_from_the_home_folder_when_it_is_inside_it() -> None:
    assert folder_hint("/home/sam/Sync/reflect/", HOME) == "~/Sync/reflect"
    assert folder_hint(" ~/Sync ", HOME) == "~/Sync"
    assert folder_hint("/srv/shared/reflect", HOME) == "/srv/shared/reflect"
    assert folder_hint("Dropbox/reflect", HOME) == "Dropbox/reflect"
    with pytest.raises(InvalidInvite):
        folder_hint("  ", HOME)
    with pytest.raises(InvalidInvite):
        folder_hint("bad\x1bname", HOME)
