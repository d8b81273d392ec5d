"""How commands speak: one-line failures, text that cannot carry control sequences, JSON
for programs, and ``--output`` files that never land inside reflect's home."""

from __future__ import annotations

import stat
import sys
from pathlib import Path
from typing import Any

import click

from reflect.cli.errors import ReflectFailure
from reflect.safe_text import json_text, printable

DRY_RUN_LINES = 20
"""Lines of each kind a dry run lists; the rest are counted (a file may hold thousands)."""


def say(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` for anything holding outside data: no control sequence gets through."""
    click.echo(printable(text), err=err, nl=nl)


def say_some(mark: str, lines: list[str]) -> None:
    """At most :data:`DRY_RUN_LINES` of ``lines``, and how many more there are."""
    for line in lines[:DRY_RUN_LINES]:
        say(f"  {mark} {line}")
    if len(lines) > DRY_RUN_LINES:
        say(f"  {mark} … and {len(lines) - DRY_RUN_LINES:,} more")


def print_json(data: Any) -> None:
    click.echo(json_text(data))


def stdout_bytes(data: bytes) -> None:
    sys.stdout.flush()
    sys.stdout.buffer.write(data)  # bytes as they are: CSV keeps its CRLF everywhere
    sys.stdout.buffer.flush()


def output_path(output: Path | None) -> Path | None:
    """``--output``, with ``-`` meaning standard output (None)."""
    return None if output is None or str(output) == "-" else output


def write_output(home: Path, output: Path, data: bytes) -> None:
    """Write an ``--output`` file: never inside reflect's home (the journal, the keys, the
    config and backups live there), atomically for a file, as a stream for a pipe or a
    terminal (a FIFO, ``/dev/fd/1``), which cannot be replaced."""
    from reflect.storage import atomic_write, describe_os_error

    home = home.resolve()
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
        atomic_write(output, data, private=False)  # an export leaves the home on purpose
    except OSError as error:
        raise ReflectFailure(describe_os_error(error, output)) from None


OUTPUT_HELP = "Write here instead of stdout (- is stdout; never a file inside the home)."
JSON_HELP = "Print JSON for programs."
