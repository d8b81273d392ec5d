"""Errors on the command line: one line on stderr, an exit code, never a traceback.

The core raises typed errors (:mod:`reflect.errors`); :class:`ReflectGroup` turns each
into a :class:`ReflectFailure` (exit 1) whichever command raised it, click reports usage
errors itself (exit 2), and :func:`guarded` catches what is left at the very top.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click

from reflect.errors import ReflectError
from reflect.safe_text import printable


class ReflectFailure(click.ClickException):
    """A core error, shown as one line on stderr with exit code 1.

    Messages may quote names from outside (a file in a shared folder, a zip member), so
    control characters in them are shown escaped, never sent to the terminal."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(printable(message, keep_lines=False))


@contextmanager
def core_errors() -> Iterator[None]:
    try:
        yield
    except ReflectError as error:
        raise ReflectFailure(str(error)) from None


class ReflectGroup(click.Group):
    """Turns every core error into a one-line message, whichever command raised it."""

    def invoke(self, ctx: click.Context) -> Any:
        with core_errors():
            return super().invoke(ctx)


def _fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"Error: {printable(message, keep_lines=False)}", err=True)
    sys.exit(code)


def guarded(run: Callable[[], object]) -> None:
    """Run the program so that no traceback ever reaches the user (``REFLECT_DEBUG=1``
    shows them)."""
    try:
        run()
    except ReflectError as error:
        _fail(str(error))
    except OSError as error:
        if os.environ.get("REFLECT_DEBUG"):
            raise
        from reflect.storage import describe_os_error

        _fail(describe_os_error(error, Path(getattr(error, "filename", None) or "?")))
    except Exception as error:
        if os.environ.get("REFLECT_DEBUG"):
            raise
        _fail(f"unexpected {type(error).__name__}: {error} (REFLECT_DEBUG=1 shows details)")
