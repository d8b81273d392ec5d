"""The command line: parse, call one use case (:mod:`reflect.usecases`), print.

``cli`` is the click group; tests drive it with ``CliRunner().invoke(cli, args,
obj=Runtime(clock=..., run_app=...))``. ``main`` is the console entry point.

Nothing is imported here until it is used: ``reflect --version`` answers before click is
even loaded, so asking for the version costs about what starting Python costs.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reflect.cli.group import cli as cli
    from reflect.cli.session import Runtime as Runtime
    from reflect.cli.session import Session as Session

__all__ = ["Runtime", "Session", "cli", "main"]


def __getattr__(name: str) -> object:
    """``cli``, ``Runtime`` and ``Session``, imported when first asked for."""
    if name == "cli":
        from reflect.cli.group import cli

        return cli
    if name in ("Runtime", "Session"):
        from reflect.cli import session

        return getattr(session, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main() -> None:
    """Console entry point: no traceback ever reaches the user (REFLECT_DEBUG=1 shows them)."""
    if sys.argv[1:] == ["--version"]:  # what click's version option prints, without click
        from reflect import __version__

        print(f"reflect, version {__version__}")
        return
    from reflect.cli.errors import guarded
    from reflect.cli.group import cli

    guarded(lambda: cli.main(prog_name="reflect", standalone_mode=True))
