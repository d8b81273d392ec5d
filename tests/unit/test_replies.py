"""A mentor's reply travels back to the author alone, like a shared entry, and is
withdrawn when the mentor deletes it. Three homes: sam (the author), ana (the mentor who
replies) and bo (sam's other mentor, who must never read ana's reply)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reflect.errors import EntryNotFound, InvalidEntry
from reflect.replies import MAX_REPLY_LENGTH, Reply
from reflect.sharing import publish
from reflect.usecases import reply_to, withdraw_reply
from tests.unit.test_sharing import CARD, Home, Homes, bundle_path, decrypt, homes

__all__ = ["homes"]  # the three homes fixture, shared with the sharing tests


def shared_entry(homes: Homes) -> str:
    sam = homes.agent.journal
    entry = sam.create(
        {"challenge": "A caller shouted about a refund", "lesson": "Breathe first"},
        shift_date=date(2026, 11, 3),
    )
    sam.share(entry.id, "ana")
    publish(sam, homes.agent.identity)
    homes.a.read()
    return entry.id


def replies_seen(home: Home) -> list[tuple[str, str]]:
    return [
        (bundle.author, reply.text)
        for bundle in home.journal.received()
        for reply in bundle.replies
    ]


def test_a_reply_reaches_its_author_and_only_them(homes: Homes) -> None:
    entry_id = shared_entry(homes)
    replied = reply_to(homes.a.journal, entry_id[:6], f"Been there. My card {CARD} was fine")
    assert replied.redacted == ("card number",)
    assert replied.reached  # ana's folder for sam exists: written at once
    path = bundle_path(homes.a, homes.agent)
    assert CARD.encode() not in decrypt(path, homes.agent, homes.a)
    homes.agent.read()
    ((author, reply),) = homes.agent.journal.replies_to(entry_id)
    assert author == "ana" and reply.text == "Been there. My card [card number] was fine"
    assert reply.entry_day == date(2026, 11, 3)
    # bo reads the same folder and cannot open it: it is sealed for sam
    report = homes.b.journal
    from reflect.sharing import receive

    seen = receive(report, homes.b.identity, [homes.agent.drop])
    assert {result.status for result in seen.bundles} <= {"not_for_me", "mine"}
    assert homes.b.journal.received() == []


def test_a_withdrawn_reply_disappears_and_a_tampered_one_is_refused(homes: Homes) -> None:
    entry_id = shared_entry(homes)
    first = reply_to(homes.a.journal, entry_id, "Name the feeling, then the fix.")
    homes.agent.read()
    assert replies_seen(homes.agent) == [("ana", "Name the feeling, then the fix.")]

    reply_to(homes.a.journal, entry_id, "And take your break after a call like that.")
    path = bundle_path(homes.a, homes.agent)
    data = bytearray(path.read_bytes())
    data[-10] ^= 1  # one byte of the sealed part
    path.write_bytes(bytes(data))
    report = homes.agent.read()
    assert [result.status for result in report.bundles] == ["rejected"]
    assert replies_seen(homes.agent) == [("ana", "Name the feeling, then the fix.")]  # kept

    withdraw_reply(homes.a.journal, first.reply.reply.id)
    homes.agent.read()
    assert replies_seen(homes.agent) == [("ana", "And take your break after a call like that.")]


def test_unsharing_the_entry_takes_the_replies_to_it_back_out(homes: Homes) -> None:
    entry_id = shared_entry(homes)
    reply_to(homes.a.journal, entry_id, "Keep going.")
    homes.agent.read()
    homes.agent.journal.unshare(entry_id, "ana")
    publish(homes.agent.journal, homes.agent.identity)
    homes.a.read()  # ana no longer has the entry ...
    publish(homes.a.journal, homes.a.identity, to="sam")
    homes.agent.read()  # ... so her bundle no longer carries her reply to it
    assert replies_seen(homes.agent) == []
    assert len(homes.a.journal.my_replies()) == 1  # still hers to read


def test_only_an_entry_shared_with_me_can_be_answered(homes: Homes) -> None:
    mine = homes.a.journal.create({"challenge": "my own"})
    with pytest.raises(EntryNotFound, match="among those shared with you"):
        homes.a.journal.reply(mine.id, "talking to myself")
    entry_id = shared_entry(homes)
    with pytest.raises(InvalidEntry, match="some words"):
        homes.a.journal.reply(entry_id, "   ")
    assert homes.a.journal.my_replies() == []


def test_removing_the_author_drops_my_replies_to_them(homes: Homes) -> None:
    entry_id = shared_entry(homes)
    homes.a.journal.reply(entry_id, "kept until sam is removed")
    homes.a.journal.remove_contact("sam")
    assert homes.a.journal.my_replies() == []


def test_a_reply_counts_as_a_lesson_from_the_mentor_in_from_your_past(homes: Homes) -> None:
    from reflect.match import MatchIndex

    entry_id = shared_entry(homes)
    reply_to(homes.a.journal, entry_id, "When a caller threatens legal action, escalate early")
    homes.agent.read()
    index = MatchIndex.from_journal(homes.agent.journal)
    found = index.search("customer threatened legal action")
    assert found and found[0].author == "ana"
    assert found[0].entry.lesson.startswith("When a caller threatens legal action")
    assert any("replying to your entry of 3 Nov" in reason for reason in found[0].reasons)


def test_the_seen_marks_follow_what_was_shown(homes: Homes) -> None:
    entry_id = shared_entry(homes)
    journal = homes.a.journal
    assert journal.seen_shared() == {}
    journal.mark_seen(journal.received())
    assert journal.seen_shared() == {"sam": {entry_id}}


moments = st.datetimes(timezones=st.just(UTC)).map(datetime.isoformat)


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.text(max_size=20),
        st.dictionaries(st.text(max_size=12), st.text(max_size=12) | st.integers(), max_size=6),
        st.fixed_dictionaries(
            {
                "id": st.text(min_size=1, max_size=8),
                "entry_id": st.text(min_size=1, max_size=8),
                "entry_day": st.dates().map(date.isoformat),
                "text": st.text(max_size=60),
                "written_at": moments,
            }
        ),
    )
)
def test_a_carried_reply_is_read_whole_or_refused_saying_why(data: object) -> None:
    try:
        reply = Reply.from_dict(data)
    except InvalidEntry:
        return
    assert reply.text and len(reply.text) <= MAX_REPLY_LENGTH
    assert Reply.from_dict(orjson.loads(orjson.dumps(reply.to_dict()))) == reply
