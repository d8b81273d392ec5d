"""The command line: parse, call one use case (:mod:`reflect.usecases`), print.

``cli`` is the click group; tests drive it with ``CliRunner().invoke(cli, args,
obj=Runtime(clock=..., run_app=...))``. ``main`` is the console entry point.

Nothing is imported here until it is used: ``reflect --version`` answers before click is
even loaded, so asking for the version costs about what starting Python costs.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

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

    try:
        guarded(lambda: cli.main(prog_name="reflect", standalone_mode=True))
    except SystemExit as done:
        leave(done.code)
    leave(0)


def leave(code: object) -> NoReturn:
    """End the process the way ``sys.exit(code)`` would, without freeing the heap first.

    A command that read a large journal holds every parsed document, and handing them back
    one by one at interpreter shutdown costs as much as a third of the parse (70 ms of
    a 50k-entry journal): time the user waits for, to free memory the OS takes back anyway.
    Everything a normal exit does that matters is done here, in its order: threads that
    are not daemons finish, ``atexit`` functions run, standard streams are flushed (a reader
    that went away, as with ``| head``, is not an error). Then ``os._exit``.
    """
    import atexit
    import contextlib
    import os
    import threading

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        print(code, file=sys.stderr)
        status = 1
    current = threading.current_thread()
    for thread in threading.enumerate():
        if thread is not current and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # closed, or a pipe whose reader left: nothing more can reach it
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)
