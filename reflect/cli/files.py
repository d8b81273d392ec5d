"""Commands that make or read files: the summary of a month or a year, export, and import."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reflect.cli.encryption import warn_if_plain_copy
from reflect.cli.entries import selection
from reflect.cli.errors import ReflectFailure
from reflect.cli.output import OUTPUT_HELP, output_path, say, say_some, stdout_bytes, write_output
from reflect.cli.session import Session
from reflect.errors import DateParseError
from reflect.formats import registry
from reflect.render import list_row, plural

if TYPE_CHECKING:
    from reflect.summary import Summary
    from reflect.summary.year import YearSummary

PROGRESS_FROM = 500
"""Imports of at least this many entries show a progress bar on stderr."""


@click.command()
@click.argument("month", required=False, metavar="[MONTH|YEAR]")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(registry.summary_format_names()),
    default="text",
    show_default=True,
    help=registry.summary_format_help(),
)
@click.option("--output", type=click.Path(path_type=Path, allow_dash=True), help=OUTPUT_HELP)
@click.pass_obj
def summary(session: Session, month: str | None, fmt: str, output: Path | None) -> None:
    """The month's gratitude, kindness, lessons, mood and streaks, or the year in review.

    MONTH is like "2026-11", "november" (the most recent one), "last month"; YEAR is
    like "2026" (month by month, themes, tags, and the lessons that came back). The
    default is this month.
    """
    from reflect.dates import parse_month_or_year
    from reflect.usecases import month_summary, year_summary

    output = output_path(output)
    try:
        year, number = parse_month_or_year(month or "this month", session.today)
    except DateParseError as error:
        raise ReflectFailure(f"MONTH|YEAR: {error}") from None
    result: Summary | YearSummary
    if number is None:
        result = year_summary(session.journal(), session.config(), year)
    else:
        result = month_summary(session.journal(), session.config(), year, number)
    text = _summary_text(fmt, result, to_terminal=output is None)
    if output is None:
        click.echo(text, nl=False)  # rich's own colours; the texts in it are clean
        return
    write_output(session.home, output, text.encode("utf-8"))
    say(f"Wrote the summary of {result.title} to {output}", err=True)
    warn_if_plain_copy(session, "this summary")


def _summary_text(fmt: str, result: Summary | YearSummary, *, to_terminal: bool) -> str:
    """The summary in ``fmt``; the text one with colors for a terminal that wants them,
    plain text for a file."""
    color = to_terminal and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    width = min(shutil.get_terminal_size().columns, 110) if to_terminal else 100
    return registry.summary_format(fmt).render(result, width=width, color=color)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(registry.exporter_names()),
    default="json",
    show_default=True,
    help=registry.exporter_help(),
)
@click.option("--output", type=click.Path(path_type=Path, allow_dash=True), help=OUTPUT_HELP)
@click.option("--from", "start", metavar="WHEN", help="First day to include.")
@click.option("--to", "end", metavar="WHEN", help="Last day to include.")
@click.option("--tag", help="Only entries with this tag.")
@click.pass_obj
def export(
    session: Session, fmt: str, output: Path | None, start: str | None, end: str | None,
    tag: str | None,
) -> None:  # fmt: skip
    """Export entries (all, or those chosen with --from/--to/--tag)."""
    entries = selection(session, start, end, tag)
    data = registry.exporter(fmt).dump(entries)
    output = output_path(output)
    warn_if_plain_copy(session, "an export")
    if output is None:
        stdout_bytes(data)
        return
    write_output(session.home, output, data)
    say(f"Exported {plural(len(entries), 'entry', 'entries')} to {output}", err=True)


@click.command(name="import")
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
    from reflect.usecases import ImportRefused, import_planned, plan_file_import

    try:
        planned = plan_file_import(
            file, today=session.today, source=source, time_format=time_format,
            keep_sharing=keep_sharing, dry_run=dry_run,
        )  # fmt: skip
    except ImportRefused as error:
        raise ReflectFailure(f"{error}; --dry-run lists them") from None
    loaded, plan = planned.loaded, planned.plan
    journal = session.journal()
    if len(plan.entries) >= PROGRESS_FROM and not dry_run:
        with click.progressbar(length=len(plan.entries), label="Importing", file=sys.stderr) as bar:
            report = import_planned(journal, planned, progress=bar.update)
    else:
        report = import_planned(journal, planned, dry_run=dry_run)
    verb = "Would add" if dry_run else "Added"
    counts = (
        f"{verb} {plural(len(report.added), 'new entry', 'new entries')}, "
        f"{len(report.already_present)} already in the journal"
    )
    if plan.rejected:
        counts += f", {len(plan.rejected)} rejected"
    if loaded.empty:
        counts += f", {plural(len(loaded.empty), 'entry', 'entries')} without text skipped"
    if loaded.skipped_media:
        counts += f", {plural(loaded.skipped_media, 'media file', 'media files')} skipped"
    say(counts)
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
        say_some("+", [list_row(entry, 96) for entry in report.added])
        say_some("=", [list_row(entry, 96) for entry in report.already_present])
        say_some("!", [rejected.describe() for rejected in plan.rejected])


COMMANDS = (summary, export, import_file)
