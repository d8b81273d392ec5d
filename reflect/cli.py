"""The command line: parse, call the core, print. No logic of its own lives here."""

from __future__ import annotations

import os
import shutil
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from reflect import __version__
from reflect.clock import Clock, system_clock
from reflect.config import Config, load_config
from reflect.errors import DateParseError, InvalidEntry, ReflectError
from reflect.formats import registry
from reflect.journal import Journal
from reflect.model import Entry
from reflect.paths import HomePaths, resolve_home
from reflect.render import entry_text, list_row, one_line, plural
from reflect.safe_text import json_text, printable
from reflect.storage import atomic_write, describe_os_error

if TYPE_CHECKING:
    from reflect.match import Match, MatchIndex

AppRunner = Callable[[Path, bool], None]
"""Opens the app on a home; the flag says it is the throwaway demo."""
PROGRESS_FROM = 500
"""Imports of at least this many entries show a progress bar on stderr."""
EMBED_PROGRESS_FROM = 300
"""``reflect similar`` shows a progress bar when this many texts have no vector yet."""


class ReflectFailure(click.ClickException):
    """A core error, shown as one line on stderr with exit code 1.

    Messages may quote names from outside (a file in a shared folder, a zip member), so
    control characters in them are shown escaped, never sent to the terminal."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(printable(message, keep_lines=False))


def say(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` for anything holding outside data: no control sequence gets through."""
    click.echo(printable(text), err=err, nl=nl)


@dataclass
class Session:
    """What every command needs: where the journal is, and what time it is."""

    home: Path
    clock: Clock
    _journal: Journal | None = field(default=None, repr=False)
    _config: Config | None = field(default=None, repr=False)

    @property
    def paths(self) -> HomePaths:
        return HomePaths(self.home)

    @property
    def today(self) -> date:
        return self.clock().date()

    def config(self) -> Config:
        """config.toml, read once per command."""
        if self._config is None:
            self._config = load_config(self.paths.config)
        return self._config

    def journal(self) -> Journal:
        if self._journal is None:
            self._journal = Journal.open(
                self.home, clock=self.clock, keep_backups=self.config().keep_backups
            )
        return self._journal

    def when(self, text: str | None, option: str) -> date | None:
        if text is None:
            return None
        try:
            from reflect.dates import parse_when

            return parse_when(text, self.today)
        except DateParseError as error:
            raise ReflectFailure(f"{option}: {error}") from None


def _search_by_meaning(
    session: Session, index: MatchIndex, text: str, limit: int
) -> list[Match] | None:
    """``reflect similar`` by words, themes and meaning; None when meaning is switched off
    or the model cannot be used (said in one line on stderr: words and themes then)."""
    from reflect.meaning import MeaningUnavailable, load_meaning

    meaning = load_meaning(session.config(), session.paths.cache)
    if meaning is None:
        return None
    try:
        meaning.prepare()
        todo = len(meaning.missing(index))
        if todo >= EMBED_PROGRESS_FROM:
            with click.progressbar(
                length=todo, label="Reading what your entries mean", file=sys.stderr
            ) as bar:
                meaning.embed_missing(index, progress=lambda done, _: bar.update(done - bar.pos))
        elif todo:
            meaning.embed_missing(index)
        return meaning.search(index, text, limit, today=session.today)
    except MeaningUnavailable as error:
        say(f"reflect: {error}; matching by words and themes only", err=True)
        return None


def _stdout_bytes(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)  # bytes as they are: CSV keeps its CRLF everywhere
    sys.stdout.buffer.flush()


def _output_path(output: Path | None) -> Path | None:
    """``--output``, with ``-`` meaning standard output (None)."""
    return None if output is None or str(output) == "-" else output


def _write_output(session: Session, output: Path, data: bytes) -> None:
    """Write an ``--output`` file: never inside reflect's home (the journal, the keys, the
    config and backups live there), atomically for a file, as a stream for a pipe or a
    terminal (a FIFO, ``/dev/fd/1``), which cannot be replaced."""
    home = session.paths.home.resolve()
    target = output.resolve()
    if target == home or home in target.parents:
        raise ReflectFailure(
            f"--output {output} is inside reflect's home ({home}), where the journal, keys "
            "and settings live; choose a file outside it"
        )
    try:
        mode = output.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise ReflectFailure(describe_os_error(error, output)) from None
    try:
        if mode is not None and stat.S_ISDIR(mode):
            raise ReflectFailure(f"--output {output} is a folder; give a file name")
        if mode is not None and not stat.S_ISREG(mode):
            with output.open("wb") as stream:  # a pipe, a terminal, a device: a stream
                stream.write(data)
            return
        atomic_write(output, data)
    except OSError as error:
        raise ReflectFailure(describe_os_error(error, output)) from None


DRY_RUN_LINES = 20
"""Lines of each kind a dry run lists; the rest are counted (a file may hold thousands)."""


def _say_some(mark: str, lines: list[str]) -> None:
    for line in lines[:DRY_RUN_LINES]:
        say(f"  {mark} {line}")
    if len(lines) > DRY_RUN_LINES:
        say(f"  {mark} … and {len(lines) - DRY_RUN_LINES:,} more")


def _print_json(data: Any) -> None:
    click.echo(json_text(data))


@contextmanager
def _core_errors() -> Iterator[None]:
    try:
        yield
    except ReflectError as error:
        raise ReflectFailure(str(error)) from None


class _Group(click.Group):
    """Turns every core error into a one-line message, whichever command raised it."""

    def invoke(self, ctx: click.Context) -> Any:
        with _core_errors():
            return super().invoke(ctx)


def _run_app(home: Path, demo: bool = False) -> None:
    from reflect.tui.app import build_app, run_app  # here: commands never load Textual

    run_app(build_app(home, demo=demo))


def build_cli(*, clock: Clock = system_clock, run_app: AppRunner = _run_app) -> click.Group:
    """The ``reflect`` command group; tests pass a fixed clock and a fake app runner."""

    @click.group(
        cls=_Group,
        invoke_without_command=True,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    @click.option(
        "--home",
        type=click.Path(file_okay=False, path_type=Path),
        help="Folder holding the journal (default: $REFLECT_HOME, else the platform data folder).",
    )
    @click.option(
        "--demo",
        is_flag=True,
        help="Open the app on a throwaway copy of a demo journal (yours is not touched).",
    )
    @click.version_option(__version__, prog_name="reflect")
    @click.pass_context
    def cli(ctx: click.Context, home: Path | None, demo: bool) -> None:
        """reflect: close your shift with a short, calm reflection.

        Run without a command to open the app.
        """
        ctx.obj = Session(resolve_home(home, os.environ), clock)
        if demo and ctx.invoked_subcommand is not None:
            raise click.UsageError("--demo opens the app; it cannot be used with a command")
        if demo:
            from reflect.demo import demo_home

            with demo_home() as throwaway:
                run_app(throwaway, True)
        elif ctx.invoked_subcommand is None:
            run_app(ctx.obj.home, False)

    @cli.command()
    @click.option("--challenge", default="", help="What was hard in this shift.")
    @click.option("--grateful", default="", help="Why you are grateful for that challenge.")
    @click.option("--kindness", default="", help="A kindness you gave.")
    @click.option("--lesson", default="", help="What you learned.")
    @click.option("--note", default="", help="Anything else.")
    @click.option(
        "--date", "when", default="today", show_default=True, help="The shift's day (WHEN)."
    )
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
        texts = {
            "challenge": challenge,
            "grateful": grateful,
            "kindness": kindness,
            "lesson": lesson,
        }
        if not any(text.strip() for text in texts.values()) and not note.strip():
            raise ReflectFailure(
                "nothing to save: give at least one of "
                "--challenge, --grateful, --kindness, --lesson"
            )
        day = session.when(when, "--date")
        assert day is not None
        if day > session.today:
            raise ReflectFailure(f"--date: {day.isoformat()} is in the future")
        journal = session.journal()
        for handle in share_with:
            journal.contact(handle)  # sharing is with contacts only: a typo is an error
        fields = {
            **texts,
            "note": note,
            "mood": mood,
            "tags": list(tags),
            "shared_with": list(share_with),
        }
        entry = journal.create(fields, shift_date=day)
        say(entry.id)
        if share_with:
            from reflect.sharing import publish_on_save

            report = publish_on_save(journal, share_with)
            for result in report.written if report else ():
                say(f"published: {result.message}", err=True)

    def _selection(
        session: Session, start: str | None, end: str | None, tag: str | None
    ) -> list[Entry]:
        first, last = session.when(start, "--from"), session.when(end, "--to")
        if first and last and first > last:
            raise ReflectFailure(f"--from ({first}) is after --to ({last})")
        return session.journal().entries(start=first, end=last, tag=tag)

    @cli.command(name="list")
    @click.option("--from", "start", metavar="WHEN", help="First day to include.")
    @click.option("--to", "end", metavar="WHEN", help="Last day to include.")
    @click.option("--tag", help="Only entries with this tag.")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON for programs.")
    @click.pass_obj
    def list_entries(
        session: Session, start: str | None, end: str | None, tag: str | None, as_json: bool
    ) -> None:
        """List entries, newest first."""
        entries = _selection(session, start, end, tag)
        if as_json:
            _print_json([entry.to_dict() for entry in entries])
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

    @cli.command()
    @click.argument("entry_id", metavar="ID")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON for programs.")
    @click.pass_obj
    def show(session: Session, entry_id: str, as_json: bool) -> None:
        """Show one entry (a unique start of its id is enough)."""
        entry = session.journal().get(entry_id)
        if as_json:
            _print_json(entry.to_dict())
        else:
            say(entry_text(entry))

    @cli.command()
    @click.argument("entry_id", metavar="ID")
    @click.option("--yes", is_flag=True, help="Delete without asking (for scripts).")
    @click.pass_obj
    def delete(session: Session, entry_id: str, yes: bool) -> None:
        """Delete one entry, and withdraw it from every contact it was shared with."""
        from reflect.sharing import delete_entry

        journal = session.journal()
        entry = journal.get(entry_id)
        if not yes:
            if not _interactive():
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

    @cli.command()
    @click.argument("text")
    @click.option("--limit", type=click.IntRange(1, 50), default=3, show_default=True)
    @click.option("--json", "as_json", is_flag=True, help="Print JSON for programs.")
    @click.pass_obj
    def similar(session: Session, text: str, limit: int, as_json: bool) -> None:
        """Past entries that match a struggle, best first, and why."""
        from reflect.match import MatchIndex, matches_to_json
        from reflect.shorthand import remember_corrections

        keep_corrections = remember_corrections(session.paths.cache)
        index = MatchIndex.from_journal(session.journal())  # mine and mentors' lessons
        matches = _search_by_meaning(session, index, text, limit)
        if matches is None:
            matches = index.search(text, limit=limit, today=session.today)
        keep_corrections()
        if as_json:
            _print_json(matches_to_json(matches))
            return
        if not matches:
            say("Nothing in your journal matches that closely yet.", err=True)
            return
        for match in matches:
            entry = match.entry
            who = "" if match.author == "me" else f"  from {match.author}"
            say(f"{entry.shift_date.isoformat()}  {entry.id[:8]}  {match.score:.2f}{who}")
            say(f"  {one_line(entry.challenge or entry.title, 90)}")
            if entry.lesson:
                say(f"  Lesson: {entry.lesson}")
            say(f"  Why: {'; '.join(match.reasons)}")

    # -- sharing with mentors -------------------------------------------------------------

    @cli.group(name="id", invoke_without_command=True)
    @click.option("--json", "as_json", is_flag=True, help="Print JSON for programs.")
    @click.pass_context
    def identity_group(ctx: click.Context, as_json: bool) -> None:
        """My identity for sharing: a handle and a key pair (the private key never leaves)."""
        if ctx.invoked_subcommand is not None:
            return
        from reflect.identity import load_identity

        me = load_identity(ctx.obj.paths)
        if as_json:
            _print_json(me.to_json())
        else:
            say(f"handle       {me.handle}")
            say(f"public key   {me.public_key_text}")
            say(f"fingerprint  {me.fingerprint}   (compare it with your mentor by voice)")

    @identity_group.command(name="init")
    @click.option("--handle", required=True, help="The name mentors know you by (a-z, 0-9, . _ -).")
    @click.pass_obj
    def identity_init(session: Session, handle: str) -> None:
        """Create my identity; refuses to replace one that exists."""
        from reflect.identity import create_identity

        me = create_identity(session.paths, handle, clock=session.clock)
        say(f"Created identity {me.handle}. Give your mentor this public key:")
        say(me.public_key_text)
        say(f"and read them its fingerprint to compare: {me.fingerprint}")

    @cli.group()
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
            from reflect.sharing import replace_contact

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
        from reflect.identity import has_identity, load_identity
        from reflect.sharing import remove_contact

        journal = session.journal()
        contact = journal.contact(handle)
        shared = len(journal.entries_shared_with(contact.handle))
        if has_identity(session.paths):
            result = remove_contact(journal, load_identity(session.paths), contact.handle)
        else:
            result = None
            journal.remove_contact(contact.handle)
        say(
            f"Removed {contact.handle}: {plural(shared, 'entry is', 'entries are')} no longer "
            "shared with them, and what they shared with you is gone from this journal."
        )
        if result is not None:
            say(f"Their copy of your bundle was emptied: {result.message}", err=True)

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
    @click.option("--json", "as_json", is_flag=True, help="Print JSON for programs.")
    @click.pass_obj
    def contact_list(session: Session, as_json: bool) -> None:
        """List contacts with their fingerprints and folders."""
        contacts = session.journal().contacts()
        if as_json:
            _print_json([item.to_dict() for item in contacts])
        elif not contacts:
            say("No contacts yet: reflect contact add HANDLE PUBLIC_KEY", err=True)
        for item in [] if as_json else contacts:
            folder = str(item.folder) if item.folder else "(no folder: receive only)"
            say(f"{item.handle:<16} {item.fingerprint}   {folder}")

    @cli.command()
    @click.argument("entry_id", metavar="ID")
    @click.option("--with", "handle", required=True, help="The contact's handle.")
    @click.option(
        "--allow-details",
        is_flag=True,
        help="Send customer details found in this entry instead of redacting them.",
    )
    @click.pass_obj
    def share(session: Session, entry_id: str, handle: str, allow_details: bool) -> None:
        """Let a contact read one entry (from the next publish on)."""
        from reflect.sharing import details_in

        journal = session.journal()
        entry = journal.share(entry_id, handle, allow_details=True if allow_details else None)
        say(f"Shared {entry.id[:8]} with {handle}. `reflect publish` sends it.")
        found = details_in(entry)
        if found and not allow_details:
            kinds = sorted({finding.label for items in found.values() for finding in items})
            say(f"Customer details ({', '.join(kinds)}) will be redacted.", err=True)

    @cli.command()
    @click.argument("entry_id", metavar="ID")
    @click.option("--with", "handle", required=True, help="The contact's handle.")
    @click.pass_obj
    def unshare(session: Session, entry_id: str, handle: str) -> None:
        """Stop sharing an entry; it leaves their copy at once (or at the next publish,
        when their folder cannot be reached now)."""
        from reflect.sharing import publish_on_save

        journal = session.journal()
        entry = journal.unshare(entry_id, handle)
        known = {contact.handle for contact in journal.contacts()}
        report = publish_on_save(journal, [h for h in (handle.strip().lower(),) if h in known])
        if report is not None and report.written:
            say(f"{entry.id[:8]} is no longer shared with {handle}, and gone from their copy.")
        else:
            say(
                f"{entry.id[:8]} is no longer shared with {handle}. `reflect publish` updates them."
            )

    @cli.command()
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

    @cli.command()
    @click.option("--json", "as_json", is_flag=True, help="Print JSON for programs.")
    @click.pass_obj
    def inbox(session: Session, as_json: bool) -> None:
        """Read the bundles mentors left for me (in <home>/inbox and config's inbox folders)."""
        from reflect.identity import load_identity
        from reflect.sharing import inbox_json, receive

        config = session.config()
        folders = [Path(folder).expanduser() for folder in config.inbox]
        journal = session.journal()
        report = receive(journal, load_identity(session.paths), folders)
        for problem in report.problems:
            say(problem.message, err=True)
        for folder in report.missing_folders:
            say(f"{folder}: folder not found", err=True)
        if as_json:
            _print_json(inbox_json(journal))
            return
        received = journal.received()
        if not received:
            say("Nothing shared with you yet.", err=True)
        for bundle in received:
            count = plural(len(bundle.entries), "entry", "entries")
            say(f"{bundle.author} ({bundle.fingerprint}): {count}")
            for entry in bundle.entries:
                say(f"  {list_row(entry, 94)}")

    @cli.command()
    @click.argument("month", required=False, metavar="[MONTH]")
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(registry.summary_format_names()),
        default="text",
        show_default=True,
        help=registry.summary_format_help(),
    )
    @click.option(
        "--output",
        type=click.Path(path_type=Path, allow_dash=True),
        help="Write here instead of stdout (- is stdout; never a file inside the home).",
    )
    @click.pass_obj
    def summary(session: Session, month: str | None, fmt: str, output: Path | None) -> None:
        """The month's gratitude, kindness, lessons, mood and streaks.

        MONTH is like "2026-11", "november" (the most recent one), "last month"; the
        default is this month.
        """
        from reflect.dates import parse_month
        from reflect.summary import DaysOff, summarize_month

        output = _output_path(output)
        try:
            year, number = parse_month(month or "this month", session.today)
        except DateParseError as error:
            raise ReflectFailure(f"MONTH: {error}") from None
        config = session.config()
        result = summarize_month(
            session.journal().entries(), year, number, today=session.today,
            days_off=DaysOff.from_config(config),
        )  # fmt: skip
        text = _summary_text(fmt, result, to_terminal=output is None)
        if output is None:
            click.echo(text, nl=False)  # rich's own colours; the texts in it are clean
            return
        _write_output(session, output, text.encode("utf-8"))
        say(f"Wrote the summary of {result.title} to {output}", err=True)

    @cli.command()
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(registry.exporter_names()),
        default="json",
        show_default=True,
        help=registry.exporter_help(),
    )
    @click.option(
        "--output",
        type=click.Path(path_type=Path, allow_dash=True),
        help="Write here instead of stdout (- is stdout; never a file inside the home).",
    )
    @click.option("--from", "start", metavar="WHEN", help="First day to include.")
    @click.option("--to", "end", metavar="WHEN", help="Last day to include.")
    @click.option("--tag", help="Only entries with this tag.")
    @click.pass_obj
    def export(
        session: Session, fmt: str, output: Path | None, start: str | None, end: str | None,
        tag: str | None,
    ) -> None:  # fmt: skip
        """Export entries (all, or those chosen with --from/--to/--tag)."""
        entries = _selection(session, start, end, tag)
        data = registry.exporter(fmt).dump(entries)
        output = _output_path(output)
        if output is None:
            _stdout_bytes(data)
            return
        _write_output(session, output, data)
        say(f"Exported {plural(len(entries), 'entry', 'entries')} to {output}", err=True)

    @cli.command(name="import")
    @click.argument("file", type=click.Path(path_type=Path))
    @click.option(
        "--from",
        "source",
        type=click.Choice(registry.importer_names()),
        help="What FILE is (default: recognised from its contents).",
    )
    @click.option(
        "--time-format",
        help="For jrnl text journals with another timeformat, e.g. '%Y-%m-%d %I:%M %p'.",
    )
    @click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
    @click.option(
        "--keep-sharing",
        is_flag=True,
        help="Keep who each entry was shared with (to restore your own backup); "
        "otherwise every imported entry arrives private.",
    )
    @click.pass_obj
    def import_file(
        session: Session, file: Path, source: str | None, time_format: str | None,
        dry_run: bool, keep_sharing: bool,
    ) -> None:  # fmt: skip
        """Import a reflect export, a jrnl journal or export, or a Day One export.

        Entries already in the journal (same id) are skipped, so importing twice adds
        nothing. Nothing is written unless every entry in the file is valid. Imported
        entries are private unless --keep-sharing.
        """
        from reflect.formats.detect import load_import
        from reflect.importing import plan_import

        if not file.exists():
            raise ReflectFailure(f"cannot use {file}: no such file")
        try:
            loaded = load_import(file, file.name, source, time_format=time_format)
        except OSError as error:
            raise ReflectFailure(describe_os_error(error, file)) from None
        plan = plan_import(
            loaded.entries, loaded.rejected, today=session.today, keep_sharing=keep_sharing
        )
        if plan.rejected and not dry_run:
            raise ReflectFailure(
                f"import refused, nothing written: {len(plan.rejected)} item(s) in {file.name} "
                f"are not valid entries ({plan.rejected[0].describe()}); "
                "--dry-run lists them"
            )
        journal = session.journal()
        if len(plan.entries) >= PROGRESS_FROM and not dry_run:
            with click.progressbar(
                length=len(plan.entries), label="Importing", file=sys.stderr
            ) as bar:
                report = journal.import_entries(plan.entries, progress=bar.update)
        else:
            report = journal.import_entries(plan.entries, dry_run=dry_run)
        verb = "would add" if dry_run else "added"
        summary = (
            f"{len(report.added)} new entries {verb}, "
            f"{len(report.already_present)} already in the journal"
        )
        if plan.rejected:
            summary += f", {len(plan.rejected)} rejected"
        if loaded.empty:
            summary += f", {plural(len(loaded.empty), 'entry', 'entries')} without text skipped"
        if loaded.skipped_media:
            summary += f", {plural(loaded.skipped_media, 'media file', 'media files')} skipped"
        say(summary)
        if plan.sharing:
            shared = ", ".join(f"{handle} ({count})" for handle, count in plan.sharing)
            if keep_sharing:
                say(f"Sharing kept, as in the file: {shared}. It reaches them at the next publish.")
            else:
                say(
                    f"Sharing dropped: the file shared entries with {shared}; every imported "
                    "entry is private (--keep-sharing keeps it, to restore your own backup)."
                )
        if dry_run:
            _say_some("+", [list_row(entry, 96) for entry in report.added])
            _say_some("=", [list_row(entry, 96) for entry in report.already_present])
            _say_some("!", [rejected.describe() for rejected in plan.rejected])

    @cli.command()
    @click.option("--json", "as_json", is_flag=True, help="Print the check as JSON for programs.")
    @click.option(
        "--restore",
        "backup",
        metavar="BACKUP",
        help="Restore this backup (its number or file name); asks before losing entries.",
    )
    @click.option(
        "--salvage",
        is_flag=True,
        help="Rebuild a damaged journal from every entry that can still be read in it.",
    )
    @click.option("--yes", is_flag=True, help="Restore even if entries would be lost (scripts).")
    @click.pass_obj
    def doctor(
        session: Session, as_json: bool, backup: str | None, salvage: bool, yes: bool
    ) -> None:
        """Check the journal and list backups; restore one, or salvage a damaged journal.

        Checking also removes temporary files that interrupted writes left behind.
        """
        if backup is not None and salvage:
            raise click.UsageError("--restore and --salvage are two ways out: choose one")
        if as_json and (backup is not None or salvage):
            raise click.UsageError("--json prints the check; use it without --restore or --salvage")
        if backup is not None:
            _restore(session, backup, yes)
        elif salvage:
            _salvage(session)
        else:
            _examine(session, as_json)

    return cli


def _examine(session: Session, as_json: bool) -> None:
    from reflect.backups import UNREADABLE_MARK
    from reflect.doctor import examine

    paths = session.paths
    report = examine(paths)
    if as_json:
        _print_json(report.to_json())
    else:
        marks = {"ok": "ok     ", "warning": "warning", "problem": "PROBLEM"}
        for finding in report.findings:
            say(f"{marks[finding.level]}  {finding.message}")
        if report.backups:
            say(f"\nBackups in {paths.backups} (newest first):")
            for info in report.backups:
                made = info.backup.made_at.astimezone().strftime("%d %b %Y %H:%M")
                held = info.contents
                if held is None:
                    what = "does not parse (a copy of a damaged journal)"
                else:
                    newest = f", newest {held.newest_entry}" if held.newest_entry else ""
                    what = f"{plural(held.entries, 'entry', 'entries')}{newest}"
                reason = info.backup.reason.removesuffix(f"-{UNREADABLE_MARK}")
                say(f"  {info.number:>2}. {made}  {reason:<24} {what}")
            say("Restore one with: reflect doctor --restore NUMBER")
        else:
            say("\nNo backups yet: one is made after the first write of each day.")
    if not report.healthy:
        raise click.exceptions.Exit(1)


def _interactive() -> bool:
    """Whether a person can answer a question (tests replace this)."""
    return sys.stdin.isatty()


def _restore(session: Session, name: str, yes: bool) -> None:
    from reflect.doctor import plan_restore, restore

    plan = plan_restore(session.paths, name)
    made = plan.backup.made_at.astimezone().strftime("%d %b %Y %H:%M")
    newest = f", the newest of {plan.newest_entry}" if plan.newest_entry else ""
    say(
        f"Backup {plan.number} (made {made}, {plan.backup.reason}) holds "
        f"{plural(plan.brings, 'entry', 'entries')}{newest}; the journal now holds "
        f"{plan.current} that can be read."
    )
    if plan.lost and not yes:
        question = (
            f"Restoring loses {plural(plan.lost, 'entry', 'entries')} that only the journal "
            "holds now (`reflect doctor --salvage` keeps them). Restore anyway?"
        )
        if not _interactive():
            raise ReflectFailure(
                f"not restored: it would lose {plural(plan.lost, 'entry', 'entries')} that only "
                "the journal holds now; `reflect doctor --salvage` keeps what can be read, "
                "--yes restores anyway"
            )
        if not click.confirm(question, default=False):
            say("Nothing changed.")
            return
    restored = restore(session.paths, name, session.config().keep_backups)
    back = f", {plan.regained} the journal had lost" if plan.regained else ""
    say(
        f"Restored {restored.name}: {plural(plan.brings, 'entry', 'entries')}{back}. "
        "The file it replaced is kept in backups/."
    )


def _salvage(session: Session) -> None:
    from reflect.doctor import salvage_journal

    report = salvage_journal(session.paths, session.config().keep_backups)
    if not report.needed:
        say("The journal reads fine: there is nothing to salvage.")
        return
    kept = f" as {report.kept_as.name}" if report.kept_as else ""
    say(
        f"Rebuilt the journal from what could be read: "
        f"{plural(report.entries, 'entry', 'entries')}, "
        f"{plural(report.drafts, 'draft', 'drafts')}, "
        f"{plural(report.contacts, 'contact', 'contacts')}. The damaged file is kept in "
        f"backups/{kept}."
    )
    if report.damaged or report.dropped:
        say(
            f"Lost: {plural(report.damaged, 'damaged place', 'damaged places')} in the file, "
            f"{plural(report.dropped, 'unreadable document', 'unreadable documents')}. "
            "`reflect doctor` lists backups that may hold them.",
            err=True,
        )


def _summary_text(fmt: str, result: Any, *, to_terminal: bool) -> str:
    """The summary in ``fmt``; the text one with colors for a terminal that wants them,
    plain text for a file."""
    color = to_terminal and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    width = min(shutil.get_terminal_size().columns, 110) if to_terminal else 100
    return registry.summary_format(fmt).render(result, width=width, color=color)


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"Error: {printable(message, keep_lines=False)}", err=True)
    sys.exit(code)


def main() -> None:
    """Console entry point: no traceback ever reaches the user (REFLECT_DEBUG=1 shows them)."""
    try:
        build_cli().main(prog_name="reflect", standalone_mode=True)
    except (InvalidEntry, ReflectError) as error:
        _fail(str(error))
    except OSError as error:
        if os.environ.get("REFLECT_DEBUG"):
            raise
        _fail(describe_os_error(error, Path(getattr(error, "filename", None) or "?")))
    except Exception as error:
        if os.environ.get("REFLECT_DEBUG"):
            raise
        _fail(f"unexpected {type(error).__name__}: {error} (REFLECT_DEBUG=1 shows details)")
