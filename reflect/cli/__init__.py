"""The command line: parse, call one use case (:mod:`reflect.usecases`), print.

``cli`` is the click group; tests drive it with ``CliRunner().invoke(cli, args,
obj=Runtime(clock=..., run_app=...))``. ``main`` is the console entry point.
"""

from __future__ import annotations

from reflect.cli.errors import guarded
from reflect.cli.group import cli
from reflect.cli.session import Runtime, Session

__all__ = ["Runtime", "Session", "cli", "main"]


def main() -> None:
    """Console entry point: no traceback ever reaches the user (REFLECT_DEBUG=1 shows them)."""
    guarded(lambda: cli.main(prog_name="reflect", standalone_mode=True))
