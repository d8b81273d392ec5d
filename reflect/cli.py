"""The command line: parse, call the core, print. No logic of its own lives here."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import click

from reflect import __version__
from reflect.clock import Clock, system_clock
from reflect.config import load_config
from reflect.doctor import examine, restore
from reflect.errors import DateParseError, InvalidEntry, ReflectError
from reflect.formats import native
from reflect.journal import Journal
from reflect.model import Entry
from reflect.paths import HomePaths, resolve_home
from reflect.render import entry_text, list_row, plural
from reflect.storage import atomic_write, describe_os_error

AppRunner = Callable[[Path], None]


class ReflectFailure(click.ClickException):
    """A core error, shown as one line on stderr with exit code 1."""

    exit_code = 1


@dataclass
class Session:
    """What every command needs: where the journal is, and what time it is."""

    home: Path
    clock: Clock
    _journal: Journal | None = field(default=None, repr=False)

    @property
    def paths(self) -> HomePaths:
        return HomePaths(self.home)

    @property
    def today(self) -> date:
        return self.clock().date()

    def journal(self) -> Journal:
        if self._journal is None:
            config = load_config(self.paths.config)
            self._journal = Journal.open(
                self.home, clock=self.clock, keep_backups=config.keep_backups
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


def _print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


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


def _run_app(home: Path) -> None:
    from reflect.tui.app import build_app  # imported here: commands never load Textual

    build_app(home).run()


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
    @click.version_option(__version__, prog_name="reflect")
    @click.pass_context
    def cli(ctx: click.Context, home: Path | None) -> None:
        """reflect: close your shift with a short, calm reflection.

        Run without a command to open the app.
        """
        ctx.obj = Session(resolve_home(home, os.environ), clock)
        if ctx.invoked_subcommand is None:
            run_app(ctx.obj.home)

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
        fields = {
            **texts,
            "note": note,
            "mood": mood,
            "tags": list(tags),
            "shared_with": list(share_with),
        }
        entry = session.journal().create(fields, shift_date=day)
        click.echo(entry.id)

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
            click.echo(
                "No entries yet." if len(session.journal()) == 0 else "No entries match.", err=True
            )
        else:
            width = (
                max(min(os.get_terminal_size(sys.stdout.fileno()).columns, 160), 60)
                if sys.stdout.isatty()
                else 100
            )
            for entry in entries:
                click.echo(list_row(entry, width))

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
            click.echo(entry_text(entry))

    @cli.command()
    @click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True)
    @click.option(
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write here instead of stdout.",
    )
    @click.option("--from", "start", metavar="WHEN", help="First day to include.")
    @click.option("--to", "end", metavar="WHEN", help="Last day to include.")
    @click.option("--tag", help="Only entries with this tag.")
    @click.pass_obj
    def export(
        session: Session, fmt: str, output: Path | None, start: str | None, end: str | None,
        tag: str | None,
    ) -> None:  # fmt: skip
        """Export entries in reflect's own format (what `reflect import` reads back)."""
        entries = _selection(session, start, end, tag)
        data = native.dump(entries)
        if output is None:
            click.echo(data.decode("utf-8"), nl=False)
            return
        if output.resolve() == session.paths.journal.resolve():
            raise ReflectFailure("--output would overwrite the journal itself; choose another file")
        try:
            atomic_write(output, data)
        except OSError as error:
            raise ReflectFailure(describe_os_error(error, output)) from None
        click.echo(f"Exported {plural(len(entries), 'entry', 'entries')} to {output}", err=True)

    @cli.command(name="import")
    @click.argument("file", type=click.Path(path_type=Path))
    @click.option(
        "--from",
        "source",
        type=click.Choice(["reflect"]),
        default="reflect",
        show_default=True,
        help="Format of FILE.",
    )
    @click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
    @click.pass_obj
    def import_file(session: Session, file: Path, source: str, dry_run: bool) -> None:
        """Import entries from a file. Entries already in the journal (same id) are skipped."""
        try:
            raw = file.read_bytes()
        except OSError as error:
            raise ReflectFailure(describe_os_error(error, file)) from None
        parsed = native.load(raw, file.name)
        if parsed.rejected and not dry_run:
            first = parsed.rejected[0]
            raise ReflectFailure(
                f"import refused, nothing written: {len(parsed.rejected)} item(s) in {file.name} "
                f"are not valid entries (item {first.position}: {first.reason}); "
                "--dry-run lists them all"
            )
        report = session.journal().import_entries(parsed.entries, dry_run=dry_run)
        verb = "would add" if dry_run else "added"
        summary = (
            f"{len(report.added)} new entries {verb}, "
            f"{len(report.already_present)} already in the journal"
        )
        if parsed.rejected:
            summary += f", {len(parsed.rejected)} rejected"
        click.echo(summary)
        if dry_run:
            for entry in report.added:
                click.echo(f"  + {list_row(entry, 96)}")
            for rejected in parsed.rejected:
                click.echo(f"  ! item {rejected.position}: {rejected.reason}")

    @cli.command()
    @click.option(
        "--restore",
        "backup",
        metavar="BACKUP",
        help="Restore this backup (its number or file name).",
    )
    @click.pass_obj
    def doctor(session: Session, backup: str | None) -> None:
        """Check the journal; list backups, and restore one if asked."""
        paths = session.paths
        if backup is not None:
            restored = restore(paths, backup)
            click.echo(f"Restored {restored.name}. The file it replaced was backed up first.")
            return
        report = examine(paths)
        marks = {"ok": "ok     ", "warning": "warning", "problem": "PROBLEM"}
        for finding in report.findings:
            click.echo(f"{marks[finding.level]}  {finding.message}")
        if report.backups:
            click.echo(f"\nBackups in {paths.backups} (newest first):")
            for number, item in enumerate(report.backups, start=1):
                state = "" if item.is_readable() else "  (does not parse)"
                click.echo(f"  {number:>2}. {item.name}  {item.size:,} bytes{state}")
            click.echo("Restore one with: reflect doctor --restore NUMBER")
        else:
            click.echo("\nNo backups yet (one is made before every import, migration or restore).")
        if not report.healthy:
            raise click.exceptions.Exit(1)

    return cli


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
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
