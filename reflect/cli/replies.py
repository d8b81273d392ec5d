"""``reflect reply``: a mentor answers an entry shared with them, and can take it back."""

from __future__ import annotations

import click

from reflect.cli.errors import ReflectFailure
from reflect.cli.output import JSON_HELP, print_json, say
from reflect.cli.session import Session


@click.command()
@click.argument("entry_id", metavar="ID", required=False)
@click.argument("words", nargs=-1, metavar="TEXT")
@click.option("--list", "listing", is_flag=True, help="Show the replies you wrote.")
@click.option("--delete", "delete_id", metavar="REPLY_ID", help="Withdraw a reply of yours.")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.pass_obj
def reply(
    session: Session,
    entry_id: str | None,
    words: tuple[str, ...],
    listing: bool,
    delete_id: str | None,
    as_json: bool,
) -> None:
    """Answer an entry someone shared with you (ID as `reflect inbox` shows it).

    The reply travels back to its author alone, inside your next bundle for them (written
    now when their folder can be reached); customer details are replaced with labels.
    """
    from reflect.errors import ReflectError
    from reflect.usecases import reply_to, withdraw_reply

    if listing or as_json or delete_id is not None:
        if entry_id is not None or words:
            raise click.UsageError("--list and --delete take no ID or TEXT")
        if delete_id is not None:
            try:
                done = withdraw_reply(session.journal(), delete_id)
            except ReflectError as error:
                raise ReflectFailure(str(error)) from None
            say(f"Reply to {done.reply.to} withdrawn.")
            _say_sent(done.published, done.reply.to, withdrawn=True)
        else:
            _list(session, as_json)
        return
    text = " ".join(words)
    if entry_id is None or not text.strip():
        raise click.UsageError(
            "give the entry's ID and the reply, like: reflect reply 3f2a Breathe first"
        )
    try:
        done = reply_to(session.journal(), entry_id, text)
    except ReflectError as error:
        raise ReflectFailure(str(error)) from None
    day = done.reply.reply.entry_day
    say(f"Reply {done.reply.reply.id[:8]} kept for {done.reply.to}'s entry of {day:%a %d %b}.")
    if done.redacted:
        say(f"Customer details replaced with labels: {', '.join(done.redacted)}.")
    _say_sent(done.published, done.reply.to, withdrawn=False)


def _say_sent(published: object, to: str, *, withdrawn: bool) -> None:
    from reflect.sharing import PublishReport

    if isinstance(published, PublishReport) and published.written:
        for result in published.written:
            say(f"published: {result.message}", err=True)
        return
    what = "It leaves their copy" if withdrawn else "It travels"
    say(
        f"{what} with your next `reflect publish` (no folder of {to}'s can be reached now).",
        err=True,
    )


def _list(session: Session, as_json: bool) -> None:
    from reflect.render import one_line

    mine = session.journal().my_replies()
    if as_json:
        print_json([{"to": item.to, **item.reply.to_dict()} for item in mine])
        return
    if not mine:
        say("You have not replied to anything yet.")
    for item in mine:
        answered = f"{item.reply.entry_day:%d %b} entry {item.reply.entry_id[:8]}"
        text = one_line(item.reply.text, 50)
        say(f"{item.reply.id[:8]}  to {item.to}, on their {answered}: {text}")


COMMANDS = (reply,)
