"""Commands for sharing with mentors: my identity, contacts, share and unshare, publish,
and the inbox of what others shared with me."""

from __future__ import annotations

from pathlib import Path

import click

from reflect.cli.output import JSON_HELP, print_json, say
from reflect.cli.session import Session
from reflect.render import list_row, one_line, plural
from reflect.safe_text import printable


@click.group(name="id", invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.pass_context
def identity_group(ctx: click.Context, as_json: bool) -> None:
    """My identity for sharing: a handle and a key pair (the private key never leaves)."""
    if ctx.invoked_subcommand is not None:
        return
    from reflect.identity import load_identity

    me = load_identity(ctx.obj.paths)
    if as_json:
        print_json(me.to_json())
    else:
        say(f"handle       {me.handle}")
        say(f"public key   {me.public_key_text}")
        say(f"fingerprint  {me.fingerprint}   (compare it with the other person by voice)")


@identity_group.command(name="init")
@click.option("--handle", required=True, help="The name others know you by (a-z, 0-9, . _ -).")
@click.pass_obj
def identity_init(session: Session, handle: str) -> None:
    """Create my identity; refuses to replace one that exists."""
    from reflect.identity import create_identity

    me = create_identity(session.paths, handle, clock=session.clock)
    say(
        f"Created identity {me.handle}. Share this public key with the person you will "
        "exchange entries with:"
    )
    say(me.public_key_text)
    say(f"and read them its fingerprint to compare: {me.fingerprint}")


@click.group()
def contact() -> None:
    """People you share with or receive from."""


@contact.command(name="add")
@click.argument("handle")
@click.argument("public_key")
@click.option(
    "--folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where bundles for them are written (a shared or synced folder).",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Change a known contact's key or folder (their old key's bundles are dropped).",
)
@click.pass_obj
def contact_add(
    session: Session, handle: str, public_key: str, folder: Path | None, replace: bool
) -> None:
    """Add a contact by their public key (from `reflect id` on their side)."""
    from reflect.contacts import Contact

    journal = session.journal()
    if not replace:
        added = journal.add_contact(Contact.create(handle, public_key, folder))
        say(f"Added {added.handle}. Fingerprint {added.fingerprint}: check it with them.")
    else:
        from reflect.usecases import replace_contact

        old = journal.contact(handle)
        where = folder if folder is not None else old.folder  # --folder alone keeps it
        added, report = replace_contact(journal, Contact.create(handle, public_key, where))
        if added.public_key != old.public_key:
            say(
                f"Replaced {added.handle}'s key: fingerprint {added.fingerprint}, check it "
                "with them. What the old key sent you was dropped."
            )
            for result in report.results if report else ():
                say(f"published: {result.message}", err=True)
        else:
            where_now = added.folder or "no folder"
            say(f"Updated {added.handle}: bundles for them go to {where_now}.")
    if folder is not None and not folder.is_dir():
        say(f"Note: {folder} does not exist yet; publishing waits for it.", err=True)


@contact.command(name="remove")
@click.argument("handle")
@click.pass_obj
def contact_remove(session: Session, handle: str) -> None:
    """Forget a contact: stop sharing with them (their copy is emptied) and drop what
    they shared with you."""
    from reflect.usecases import remove_contact

    removed = remove_contact(session.journal(), handle)
    say(
        f"Removed {removed.contact.handle}: "
        f"{plural(removed.unshared, 'entry is', 'entries are')} no longer "
        "shared with them, and what they shared with you is gone from this journal."
    )
    if removed.emptied is not None:
        say(f"Their copy of your bundle was emptied: {removed.emptied.message}", err=True)


@contact.command(name="folder")
@click.argument("handle")
@click.argument("folder", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--none", "no_folder", is_flag=True, help="Write nothing for them any more.")
@click.pass_obj
def contact_folder(session: Session, handle: str, folder: Path | None, no_folder: bool) -> None:
    """Set (or, with --none, clear) the folder a contact's bundles are written to."""
    if (folder is None) == (not no_folder):
        raise click.UsageError("give a FOLDER, or --none to clear it")
    changed = session.journal().set_contact_folder(handle, None if no_folder else folder)
    if changed.folder is None:
        say(f"{changed.handle} has no folder now: publishing writes nothing for them.")
    else:
        say(f"Bundles for {changed.handle} now go to {changed.folder}.")
        if not changed.folder.is_dir():
            say(f"Note: {changed.folder} does not exist yet; publishing waits.", err=True)


@contact.command(name="list")
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.pass_obj
def contact_list(session: Session, as_json: bool) -> None:
    """List contacts with their fingerprints and folders."""
    contacts = session.journal().contacts()
    if as_json:
        print_json([item.to_dict() for item in contacts])
        return
    if not contacts:
        say("No contacts yet: reflect contact add HANDLE PUBLIC_KEY", err=True)
    for item in contacts:
        folder = str(item.folder) if item.folder else "(no folder: receive only)"
        say(f"{item.handle:<16} {item.fingerprint}   {folder}")


@click.command()
@click.argument("entry_id", metavar="ID")
@click.option("--with", "handle", required=True, help="The contact's handle.")
@click.option(
    "--allow-details",
    is_flag=True,
    help="Send customer details found in this entry instead of redacting them.",
)
@click.pass_obj
def share(session: Session, entry_id: str, handle: str, allow_details: bool) -> None:
    """Let a contact read one entry (from the next publish on).

    ID is the entry's id, or a start of it that no other entry's id shares.
    """
    from reflect.bundle import details_in
    from reflect.usecases import change_readers

    entry = change_readers(
        session.journal(), entry_id, add=[handle],
        allow_details=True if allow_details else None, publish=False,
    ).entry  # fmt: skip
    say(f"Shared {entry.id[:8]} with {handle}. `reflect publish` sends it.")
    found = details_in(entry)
    if found and not allow_details:
        kinds = sorted({finding.label for items in found.values() for finding in items})
        say(f"Customer details ({', '.join(kinds)}) will be redacted.", err=True)


@click.command()
@click.argument("entry_id", metavar="ID")
@click.option("--with", "handle", required=True, help="The contact's handle.")
@click.pass_obj
def unshare(session: Session, entry_id: str, handle: str) -> None:
    """Stop sharing an entry; it leaves their copy at once (or at the next publish,
    when their folder cannot be reached now).

    ID is the entry's id, or a start of it that no other entry's id shares.
    """
    from reflect.usecases import change_readers

    readers = change_readers(session.journal(), entry_id, remove=[handle])
    entry = readers.entry
    if readers.reached:
        say(f"{entry.id[:8]} is no longer shared with {handle}, and gone from their copy.")
    else:
        say(f"{entry.id[:8]} is no longer shared with {handle}. `reflect publish` updates them.")


@click.command()
@click.option("--to", "handle", help="Only this contact.")
@click.pass_obj
def publish(session: Session, handle: str | None) -> None:
    """Write one encrypted bundle per contact with what is shared with them."""
    from reflect.identity import load_identity
    from reflect.sharing import publish as publish_bundles

    report = publish_bundles(session.journal(), load_identity(session.paths), to=handle)
    for result in report.written:
        say(result.message)
    for result in report.problems:
        say(result.message, err=True)
    if not report.written and not report.problems:
        say("Nothing is shared with anyone yet: reflect share ID --with HANDLE", err=True)
    if report.problems and not report.written:
        raise click.exceptions.Exit(1)


@click.command()
@click.option("--json", "as_json", is_flag=True, help=JSON_HELP)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="Also list every bundle file and what became of it (waiting ones too); "
    'with --json: {"received": [...], "files": [...]}.',
)
@click.pass_obj
def inbox(session: Session, as_json: bool, verbose: bool) -> None:
    """Read the bundles mentors left for me (in <home>/inbox and config's inbox folders)."""
    from reflect.sharing import inbox_json
    from reflect.usecases import check_inbox

    checked = check_inbox(session.journal(), session.config(), need_identity=True)
    report = checked.report
    assert report is not None  # an identity was needed, so the inbox was read
    for problem in report.problems:  # one line each, whatever a file's name holds
        say(printable(problem.message, keep_lines=False), err=True)
    for folder in report.missing_folders:
        say(printable(f"{folder}: folder not found", keep_lines=False), err=True)
    journal = session.journal()
    seen = journal.seen_shared()
    received = list(checked.received)
    if as_json:
        shown = inbox_json(received, seen)
        if verbose:
            files = [result.to_dict() for result in report.bundles]
            print_json({"received": shown, "files": files})
        else:
            print_json(shown)
        journal.mark_seen(received)
        return
    if not received:
        say("Nothing shared with you yet.", err=True)
    for bundle in received:
        known = seen.get(bundle.author, set())
        ids = [entry.id for entry in bundle.entries] + [reply.id for reply in bundle.replies]
        fresh = [item for item in ids if item not in known]
        parts = [plural(len(bundle.entries), "entry", "entries")]
        if bundle.replies:
            parts.append(plural(len(bundle.replies), "reply to you", "replies to you"))
        new = f", {len(fresh)} new" if fresh else ""
        say(f"{bundle.author} ({bundle.fingerprint}): {', '.join(parts)}{new}")
        for entry in bundle.entries:
            mark = "new " if entry.id not in known else "    "
            say(f"  {mark}{list_row(entry, 90)}")
        for reply in bundle.replies:
            mark = "new " if reply.id not in known else "    "
            about = f"{reply.entry_day:%d %b} entry {reply.entry_id[:8]}"
            say(f"  {mark}reply to your {about}: {one_line(reply.text, 60)}")
    journal.mark_seen(received)
    if verbose:
        say(f"{plural(len(report.bundles), 'bundle file', 'bundle files')}:")
        for result in report.bundles:
            copy = " (a conflict copy)" if result.conflict_copy else ""
            who = f", from {result.author}" if result.author else ""
            say(printable(f"  {result.status:<10} {result.message}{copy}{who}", keep_lines=False))


COMMANDS = (identity_group, contact, share, unshare, publish, inbox)
