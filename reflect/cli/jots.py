"""``reflect jot``: keep one line during the shift, and read the shift's lines back."""

from __future__ import annotations

from datetime import date

import click

from reflect.cli.errors import ReflectFailure
from reflect.cli.output import JSON_HELP, print_json, say
from reflect.cli.session import Session


@click.command()
@click.argument("words", nargs=-1, metavar="TEXT")
@click.option("--list", "listing", is_flag=True, help="Show this shift's jots instead.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.pass_obj
def jot(session: Session, words: tuple[str, ...], listing: bool, as_json: bool) -> None:
    """Keep a quick line on the current shift, for tonight's reflection.

    Quotes are optional: reflect jot irate cx threatened to sue over the roaming bill
    """
    from reflect.errors import InvalidEntry

    text = " ".join(words)
    if listing or as_json:
        if text:
            raise click.UsageError("--list shows the shift's jots; it takes no TEXT")
        _list(session, as_json)
        return
    if not text.strip():
        raise click.UsageError("write the line to keep, like: reflect jot caller shouted at me")
    journal = session.journal()
    try:
        kept = journal.jot(text)
    except InvalidEntry as error:
        raise ReflectFailure(str(error)) from None
    count = len(journal.waiting_jots(kept.shift_date))
    say(f"Jotted for {_day(kept.shift_date)} ({count} waiting for tonight's reflection).")


def _day(day: date) -> str:
    from reflect.summary.words import short_date

    return f"{('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')[day.weekday()]} {short_date(day)}"


def _list(session: Session, as_json: bool) -> None:
    day = session.today
    found = session.journal().shift_jots(day)
    if as_json:
        print_json([{**jot.to_dict(), "entry_id": entry_id} for jot, entry_id in found])
        return
    if not found:
        say(f"No jots for the shift of {_day(day)} yet.")
        return
    for jot, entry_id in found:
        kept = f"  (kept with entry {entry_id[:8]})" if entry_id else ""
        say(f"{jot.at:%H:%M}  {jot.text}{kept}")


COMMANDS = (jot,)
