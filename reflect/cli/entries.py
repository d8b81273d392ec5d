"""Commands on my own entries: add, list, show, delete, and similar."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

from reflect.cli.errors import ReflectFailure
from reflect.cli.output import JSON_HELP, print_json, say
from reflect.cli.session import Session
from reflect.render import entry_text, list_row, one_line
from reflect.safe_text import printable

if TYPE_CHECKING:
    from reflect.model import Entry

EMBED_PROGRESS_FROM = 300
"""``reflect similar`` shows a progress bar when this many texts have no vector yet."""


@click.command()
@click.option("--challenge", default="", help="What was hard in this shift.")
@click.option("--grateful", default="", help="Why you are grateful for that challenge.")
@click.option("--kindness", default="", help="A kindness you gave.")
@click.option("--lesson", default="", help="What you learned.")
@click.option("--note", default="", help="Anything else.")
@click.option("--date", "when", default="today", show_default=True, help="The shift's day (WHEN).")
@click.option("--mood", type=int, help="How the shift felt, 1 (hard) to 5 (good).")
@click.option("--tag", "tags", multiple=True, help="A tag; repeat for more.")
@click.option(
    "--share-with", "share_with", multiple=True, help="A mentor's handle; repeat for more."
)
@click.pass_obj
def add(
    session: Session, challenge: str, grateful: str, kindness: str, lesson: str, note: str,
    when: str, mood: int | None, tags: tuple[str, ...], share_with: tuple[str, ...],
) -> None:  # fmt: skip
    """Write a reflection; prints the new entry's id."""
    from reflect.usecases import FutureDay, NothingToSave, save_entry

    day = session.when(when, "--date")
    assert day is not None
    fields = {
        "challenge": challenge,
        "grateful": grateful,
        "kindness": kindness,
        "lesson": lesson,
        "note": note,
        "mood": mood,
        "tags": list(tags),
    }
    try:
        saved = save_entry(session.journal(), fields, day=day, share_with=share_with)
    except NothingToSave:
        raise ReflectFailure(
            "nothing to save: give at least one of --challenge, --grateful, --kindness, --lesson"
        ) from None
    except FutureDay as error:
        raise ReflectFailure(f"--date: {error}") from None
    say(saved.entry.id)
    for result in saved.published.written if saved.published else ():
        say(f"published: {result.message}", err=True)
    if saved.publish_error:
        raise ReflectFailure(saved.publish_error)


def selection(
    session: Session, start: str | None, end: str | None, tag: str | None, *,
    contains: str | None = None, limit: int | None = None,
) -> list[Entry]:  # fmt: skip
    """The entries ``--from``, ``--to`` and ``--tag`` choose (list and export share them),
    and for list ``--contains`` and ``--limit``."""
    first, last = session.when(start, "--from"), session.when(end, "--to")
    if first and last and first > last:
        raise ReflectFailure(f"--from ({first}) is after --to ({last})")
    return session.journal().entries(start=first, end=last, tag=tag, text=contains, limit=limit)


def _some_text(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--contains`` as typed, refused when there is nothing in it to look for."""
    if value is not None and not value.strip():
        raise click.BadParameter("give it some text to look for, not only spaces")
    return value


@click.command(name="list")
@click.option("--from", "start", metavar="WHEN", help="First day to include.")
@click.option("--to", "end", metavar="WHEN", help="Last day to include.")
@click.option("--tag", help="Only entries with this tag.")
@click.option(
    "--contains",
    metavar="TEXT",
    callback=_some_text,
    help="Only entries with TEXT in a text or a tag, in any case (plain text, not a pattern).",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    metavar="N",
    help="At most N entries: the newest of those chosen.",
)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.pass_obj
def list_entries(
    session: Session, start: str | None, end: str | None, tag: str | None,
    contains: str | None, limit: int | None, as_json: bool,
) -> None:  # fmt: skip
    """List entries, newest first."""
    entries = selection(session, start, end, tag, contains=contains, limit=limit)
    if as_json:
        print_json([entry.to_dict() for entry in entries])
    elif not entries:
        say("No entries yet." if len(session.journal()) == 0 else "No entries match.", err=True)
    else:
        width = (
            max(min(os.get_terminal_size(sys.stdout.fileno()).columns, 160), 60)
            if sys.stdout.isatty()
            else 100
        )
        for entry in entries:
            say(list_row(entry, width))


@click.command()
@click.argument("entry_id", metavar="ID")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.pass_obj
def show(session: Session, entry_id: str, as_json: bool) -> None:
    """Show one entry.

    ID is the entry's id, or any start of it that no other entry's id shares
    (`reflect list` shows the first eight characters).
    """
    journal = session.journal()
    entry = journal.get(entry_id)
    replies = journal.replies_to(entry.id)
    if as_json:
        print_json(
            {**entry.to_dict(), "replies": [
                {"from": who, **reply.to_dict()} for who, reply in replies
            ]} if replies else entry.to_dict()
        )  # fmt: skip
    else:
        say(entry_text(entry, replies=replies))


@click.command()
@click.argument("entry_id", metavar="ID")
@click.option("--yes", is_flag=True, help="Delete without asking (for scripts).")
@click.pass_obj
def delete(session: Session, entry_id: str, yes: bool) -> None:
    """Delete one entry, and withdraw it from every contact it was shared with.

    ID is the entry's id, or a start of it that no other entry's id shares; a start
    several ids share deletes nothing.
    """
    from reflect.usecases import delete_entry

    journal = session.journal()
    entry = journal.get(entry_id)
    if not yes:
        if not session.interactive():
            raise ReflectFailure(
                f"not deleted: {entry.id[:8]} is deleted only on a yes; add --yes to "
                "delete without asking"
            )
        day = entry.shift_date.strftime("%A %d %B %Y")
        readers = ", ".join(entry.shared_with)
        shared = f" It is shared with {readers}." if readers else ""
        title = one_line(entry.title, 60)
        question = f"Delete the entry of {day}, “{title}”?{shared} This cannot be undone."
        if not click.confirm(printable(question), default=False):
            say("Nothing deleted.")
            return
    deleted = delete_entry(journal, entry.id)
    say(f"Deleted {deleted.entry.id[:8]}.")
    for result in deleted.published.written if deleted.published else ():
        say(f"Withdrawn from {result.contact}'s copy: {result.message}", err=True)
    for handle in deleted.not_withdrawn:
        say(
            f"{handle} can still read it until their folder is reachable: "
            "`reflect publish` withdraws it then",
            err=True,
        )


@contextmanager
def _embedding_bar() -> Iterator[Callable[[int, int], None]]:
    """A progress callback that shows a bar on stderr once there is enough to read."""
    bars: list[Any] = []  # click's bar type is private

    def progress(done: int, total: int) -> None:
        if total < EMBED_PROGRESS_FROM:
            return
        if not bars:
            bar = click.progressbar(
                length=total, label="Reading what your entries mean", file=sys.stderr
            )
            bars.append(bar.__enter__())
        bars[0].update(done - bars[0].pos)

    try:
        yield progress
    finally:
        for bar in bars:
            bar.__exit__(None, None, None)


@click.command()
@click.argument("text")
@click.option("--limit", type=click.IntRange(1, 50), default=3, show_default=True)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.pass_obj
def similar(session: Session, text: str, limit: int, as_json: bool) -> None:
    """Past entries that match a struggle, best first, and why."""
    from reflect.match import MatchIndex, analysis_cache_for, keep, load_kept, matches_to_json
    from reflect.meaning import load_meaning
    from reflect.shorthand import remember_corrections
    from reflect.usecases import find_similar

    keep_corrections = remember_corrections(session.paths.cache)
    analysis = analysis_cache_for(session.paths.cache)
    kept = load_kept(session.paths.cache)  # the index an earlier run kept, if it fits
    index = MatchIndex.from_journal(session.journal(), analysis=analysis, kept=kept)
    meaning = load_meaning(session.config(), session.paths.cache)
    with _embedding_bar() as progress:
        found = find_similar(
            index, text, limit=limit, today=session.today, meaning=meaning,
            progress=progress, read_missing=True,
        )  # fmt: skip
    if found.meaning_problem:
        say(f"reflect: {found.meaning_problem}; matching by words and themes only", err=True)
    keep_corrections()
    analysis.save()
    keep(index, session.paths.cache)
    if as_json:
        print_json(matches_to_json(found.matches))
        return
    if not found.matches:
        say("Nothing in your journal matches that closely yet.", err=True)
        return
    for match in found.matches:
        entry = match.entry
        who = "" if match.author == "me" else f"  from {match.author}"
        say(f"{entry.shift_date.isoformat()}  {entry.id[:8]}  {match.score:.2f}{who}")
        say(f"  {one_line(entry.challenge or entry.title, 90)}")
        if entry.lesson:
            say(f"  Lesson: {entry.lesson}")
        say(f"  Why: {'; '.join(match.reasons)}")


COMMANDS = (add, list_entries, show, delete, similar)
