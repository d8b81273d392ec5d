"""The ``reflect`` command group: ``--home``, ``--demo``, ``--version``, and every command.

Each group of commands lives in its own module (entries, sharing, files, doctor) and is
added here. Those modules import only click and light parts of the core at the top; what a
command needs beyond that is imported inside it, so ``reflect --version`` stays fast.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from reflect import __version__
from reflect.cli import doctor, encryption, entries, files, jots, replies, sharing
from reflect.cli.errors import ReflectGroup
from reflect.cli.session import Runtime, Session
from reflect.paths import resolve_home


@click.group(
    cls=ReflectGroup,
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
    runtime = ctx.obj if isinstance(ctx.obj, Runtime) else Runtime()
    ctx.obj = session = Session(resolve_home(home, os.environ), runtime)
    if demo and ctx.invoked_subcommand is not None:
        raise click.UsageError("--demo opens the app; it cannot be used with a command")
    if demo:
        from reflect.demo import demo_home

        with demo_home() as throwaway:
            runtime.run_app(throwaway, True)
    elif ctx.invoked_subcommand is None:
        runtime.run_app(session.home, False)


for _module in (entries, jots, sharing, replies, files, doctor, encryption):
    for _command in _module.COMMANDS:
        cli.add_command(_command)
