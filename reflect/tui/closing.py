"""Closing the terminal ends reflect within seconds, and what was typed is written first.

A closing signal (SIGHUP when the terminal goes away, SIGTERM from ``kill``) is normally
handled on the event loop: the app exits like ``ctrl+q`` and the reflection screen writes
its draft. That needs the loop to run. If the terminal stops reading its output, Textual's
writer queue fills and the UI thread blocks in ``Queue.put`` for good: the loop never runs
again, the signal is never handled, and the process lives on (it was found alive 80 minutes
after its window was closed), its typing unsaved.

So the signals are not left to the loop. :func:`closing_guard` blocks them in the UI
thread (and in every thread it starts afterwards) and waits for them in a thread of its
own, which on a signal (1) writes the draft itself, (2) asks the app to exit as usual, and
(3) ends the process after :data:`GRACE` seconds if the normal exit has not.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from typing import Protocol

GRACE = 3.0
"""Seconds a normal exit may take after a closing signal before the process is ended."""
CLOSING_SIGNALS = frozenset(
    number for number in (getattr(signal, "SIGHUP", None), signal.SIGTERM) if number is not None
)


class Closable(Protocol):
    """What the guard needs of the app (kept small, so tests can hand it a stand-in)."""

    def write_draft_now(self) -> None:
        """Write the reflection being typed, from any thread, without the event loop."""

    def exit_soon(self) -> None:
        """Ask the app to exit as ``ctrl+q`` does (safe from any thread)."""


def supported() -> bool:
    """Whether this platform lets one thread wait for signals that the others block."""
    return hasattr(signal, "pthread_sigmask") and hasattr(signal, "sigwait")


@contextlib.contextmanager
def closing_guard(app: Closable, grace: float = GRACE) -> Iterator[None]:
    """Run the app inside this (from the main thread, before Textual starts its threads)."""
    if not supported():
        yield  # the app's own handlers on the event loop are all there is
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, CLOSING_SIGNALS)
    watcher = threading.Thread(
        target=_watch, args=(app, grace), name="reflect-closing", daemon=True
    )
    watcher.start()
    try:
        yield
    finally:
        # The app has ended: a closing signal from now on ends the process as usual.
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _watch(app: Closable, grace: float) -> None:
    number = signal.sigwait(CLOSING_SIGNALS)
    with contextlib.suppress(Exception):  # whatever happens here, the process must end
        app.write_draft_now()
    with contextlib.suppress(Exception):
        app.exit_soon()
    threading.Event().wait(grace)
    os._exit(128 + number)  # the normal exit hung (a full output queue): end it now
