"""Closing the terminal mid-reflection still writes the draft and ends reflect: a real pty."""

from __future__ import annotations

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from reflect.journal import Journal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

TYPED = "they moved my shift again"

_LIKE_MAKE = """
import os, signal, subprocess, sys
signal.signal(signal.SIGHUP, signal.SIG_IGN)  # as make does: a hang-up stops here
child = subprocess.Popen(
    [sys.executable, "-m", "reflect"],
    preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_DFL),
)
open(sys.argv[1], "w").write(str(child.pid))
child.wait()
"""


def _drain(fd: int, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                return


def _reflect_in_a_terminal(home: Path, *argv: str) -> tuple[int, int]:
    """Start reflect (or ``argv``) in a new pty, open the Reflect flow and type part of a
    challenge, inside the one-second debounce: nothing is saved yet. (pid, master fd)."""
    home.mkdir()
    (home / "config.toml").write_text("welcomed = true\n")
    pid, fd = pty.fork()
    if pid == 0:  # the child: reflect in a real terminal
        os.environ.update({"REFLECT_HOME": str(home), "TERM": "xterm-256color"})
        os.execv(sys.executable, [sys.executable, *(argv or ("-m", "reflect"))])
    _drain(fd, 4.0)  # start-up
    os.write(fd, b"r")
    _drain(fd, 1.0)
    os.write(fd, TYPED.encode())
    _drain(fd, 0.2)
    return pid, fd


def _ended_within(pid: int, seconds: float, *, child: bool = True) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if child:
                if os.waitpid(pid, os.WNOHANG)[0] == pid:
                    return True
            else:
                os.kill(pid, 0)
        except (ChildProcessError, ProcessLookupError):
            return True
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    return False


def _draft(home: Path) -> list[str]:
    return [draft.text("challenge")[: len(TYPED)] for draft in Journal.open(home).drafts()]


def test_sighup_mid_sentence_keeps_what_was_typed(isolated_home: Path) -> None:
    pid, fd = _reflect_in_a_terminal(isolated_home)
    try:
        os.kill(pid, signal.SIGHUP)
        _drain(fd, 1.0)
        assert _ended_within(pid, 5)
    finally:
        os.close(fd)
    assert _draft(isolated_home) == [TYPED]


def test_a_terminal_that_stops_reading_cannot_keep_reflect_alive(isolated_home: Path) -> None:
    """The terminal stops reading (a frozen window): Textual's output queue fills and its UI
    thread blocks for good. SIGTERM must still end the process in seconds, draft written."""
    pid, fd = _reflect_in_a_terminal(isolated_home)
    try:
        for _ in range(150):  # go on typing, never reading what reflect draws
            os.write(fd, b"x")
            time.sleep(0.01)
        os.kill(pid, signal.SIGTERM)
        assert _ended_within(pid, 10), "still running 10 s after SIGTERM"
    finally:
        os.close(fd)
    assert _draft(isolated_home) == [TYPED]


def test_a_terminal_that_vanishes_without_a_signal_ends_reflect(
    isolated_home: Path, tmp_path: Path
) -> None:
    """Under ``make run`` a closed window hangs up make, which keeps SIGHUP to itself:
    reflect must notice its terminal is gone, write the draft and end."""
    pid_file = tmp_path / "reflect.pid"
    pid, fd = _reflect_in_a_terminal(isolated_home, "-c", _LIKE_MAKE, str(pid_file))
    reflect_pid = int(pid_file.read_text())
    os.close(fd)  # the window is closed
    assert _ended_within(reflect_pid, 8, child=False), "running 8 s after its terminal went"
    os.waitpid(pid, 0)
    assert _draft(isolated_home) == [TYPED]
