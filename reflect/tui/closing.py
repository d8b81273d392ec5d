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

A terminal can also vanish without a signal reaching reflect: under ``make run`` a closed
tmux window hangs up make, which does not pass SIGHUP on. A second thread therefore
watches the terminal itself and treats its hang-up like SIGHUP.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
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
    closing = _Closing(app, grace)
    for target, name in ((closing.wait_for_signal, "reflect-closing"),
                         (closing.watch_terminal, "reflect-hangup")):  # fmt: skip
        threading.Thread(target=target, name=name, daemon=True).start()
    try:
        yield
    finally:
        # The app has ended: a closing signal from now on ends the process as usual.
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


HANGUP_POLL = 1.0
"""Seconds between looks at whether the terminal is still there."""


class _Closing:
    """What both watchers do when the end comes; whichever sees it first does it once."""

    def __init__(self, app: Closable, grace: float) -> None:
        self.app = app
        self.grace = grace
        self._once = threading.Lock()

    def wait_for_signal(self) -> None:
        self.close(signal.sigwait(CLOSING_SIGNALS))

    def watch_terminal(self) -> None:
        import select

        if not hasattr(select, "poll"):
            return
        try:
            fd = sys.stdin.fileno()
        except (AttributeError, ValueError, OSError):
            return
        if not os.isatty(fd):
            return
        poller = select.poll()
        poller.register(fd, 0)  # no input asked for: only hang-up and errors are reported
        gone = select.POLLHUP | select.POLLERR | select.POLLNVAL
        while True:
            with contextlib.suppress(InterruptedError):
                if any(events & gone for _, events in poller.poll(HANGUP_POLL * 1000)):
                    self.close(signal.SIGHUP if hasattr(signal, "SIGHUP") else signal.SIGTERM)
                    return

    def close(self, number: int) -> None:
        if not self._once.acquire(blocking=False):
            return
        with contextlib.suppress(Exception):  # whatever happens here, the process must end
            self.app.write_draft_now()
        with contextlib.suppress(Exception):
            self.app.exit_soon()
        threading.Event().wait(self.grace)
        os._exit(128 + number)  # the normal exit hung (a full output queue): end it now
