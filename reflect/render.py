"""Plain-text views of entries, shared by the command line and the app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reflect.model import MOOD_NAMES

if TYPE_CHECKING:
    from collections.abc import Sequence

    from reflect.model import Entry
    from reflect.replies import Reply

FIELD_TITLES = {
    "challenge": "Challenge",
    "grateful": "Grateful for it because",
    "kindness": "Kindness I gave",
    "lesson": "Lesson",
    "note": "Note",
}


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def one_line(text: str, width: int) -> str:
    """First line of ``text``, cut to ``width`` with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: max(width - 1, 0)].rstrip() + "…"


def some_lines(text: str, width: int, lines: int = 2) -> str:
    """``text`` wrapped to ``width``, at most ``lines`` lines, the last cut with an
    ellipsis when there is more: enough of an old challenge to judge a match by."""
    import textwrap

    width = max(width, 8)
    wrapped = textwrap.wrap(" ".join(text.split()), width, break_long_words=True)
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    shown = wrapped[:lines]
    shown[-1] = one_line(shown[-1] + " " + wrapped[lines], width)
    if not shown[-1].endswith("…"):
        shown[-1] = shown[-1][: width - 1].rstrip() + "…"
    return "\n".join(shown)


def describe_day(entry: Entry, *, mine: bool = True) -> str:
    """The day, mood and tags, and (for my own entries) who may read it."""
    parts = [entry.shift_date.strftime("%A %d %B %Y")]
    if entry.mood is not None:
        parts.append(f"mood {entry.mood}/5, {MOOD_NAMES[entry.mood - 1]}")
    if entry.tags:
        parts.append(" ".join(f"#{tag}" for tag in entry.tags))
    if mine and entry.shared_with:
        parts.append("shared with " + ", ".join(entry.shared_with))
    elif mine:
        parts.append("private")
    return " · ".join(parts)


def entry_text(
    entry: Entry, *, author: str = "me", replies: Sequence[tuple[str, Reply]] = ()
) -> str:
    """An entry as a person reads it: the day, then each text under its heading. An
    entry someone shared with me is theirs: its headings speak of them, and who else may
    read it is none of my business."""
    mine = author == "me"
    lines = [describe_day(entry, mine=mine), f"id {entry.id}"]
    titles = FIELD_TITLES if mine else {**FIELD_TITLES, "kindness": "Kindness they gave"}
    for name, title in titles.items():
        text: str = getattr(entry, name)
        if text:
            lines += ["", title, *("  " + line for line in text.splitlines())]
    if entry.jots:
        lines += ["", "Jotted during the shift"]
        lines += [f"  {jot.at:%H:%M}  {jot.text}" for jot in entry.jots]
    for who, reply in replies:
        lines += ["", f"{who} replied on {reply.written_at:%d %b %Y}"]
        lines += ["  " + line for line in reply.text.splitlines()]
    return "\n".join(lines)


def list_row(entry: Entry, width: int = 100) -> str:
    mood = f"mood {entry.mood}" if entry.mood is not None else "      "
    tags = " ".join(f"#{tag}" for tag in entry.tags)
    head = f"{entry.shift_date.isoformat()}  {entry.id[:8]}  {mood}  "
    room = max(width - len(head) - len(tags) - 2, 20)
    return f"{head}{one_line(entry.title, room)}{'  ' + tags if tags else ''}"
