"""``reflect doctor``: check the journal, list its backups, restore one, or salvage it."""

from __future__ import annotations

import click

from reflect.cli.errors import ReflectFailure
from reflect.cli.output import print_json, say
from reflect.cli.session import Session
from reflect.render import plural


@click.command()
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
def doctor(session: Session, as_json: bool, backup: str | None, salvage: bool, yes: bool) -> None:
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


def _examine(session: Session, as_json: bool) -> None:
    from reflect.backups import UNREADABLE_MARK
    from reflect.doctor import examine

    paths = session.paths
    report = examine(paths)
    if as_json:
        print_json(report.to_json())
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
        if not session.interactive():
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


COMMANDS = (doctor,)
