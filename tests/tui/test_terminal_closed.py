"""Closing the terminal mid-reflection (SIGHUP) still writes the draft: a real pty."""

import os
import pty
import select
import signal
import sys
import time
from pathlib import Path

import pytest

from reflect.journal import Journal


def _drain(fd: int, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 0.05)
        if ready:
            try:
                os.read(fd, 65536)
            except OSError:
                return


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_sighup_mid_sentence_keeps_what_was_typed(isolated_home: Path) -> None:
    isolated_home.mkdir()
    (isolated_home / "config.toml").write_text("welcomed = true\n")
    pid, fd = pty.fork()
    if pid == 0:  # the child: reflect in a real terminal
        os.environ.update({"REFLECT_HOME": str(isolated_home), "TERM": "xterm-256color"})
        os.execv(sys.executable, [sys.executable, "-m", "reflect"])
    try:
        _drain(fd, 4.0)  # start-up
        os.write(fd, b"r")
        _drain(fd, 1.0)
        os.write(fd, b"they moved my shift again")
        _drain(fd, 0.2)  # well inside the one-second debounce
        os.kill(pid, signal.SIGHUP)
        _drain(fd, 3.0)
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(fd)
    drafts = Journal.open(isolated_home).drafts()
    assert [draft.text("challenge") for draft in drafts] == ["they moved my shift again"], status


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_terminal_that_stops_reading_cannot_keep_reflect_alive(isolated_home: Path) -> None:
    """The terminal stops reading (a frozen window): Textual's output queue fills and its UI
    thread blocks for good. SIGTERM must still end the process in seconds, draft written."""
    isolated_home.mkdir()
    (isolated_home / "config.toml").write_text("welcomed = true\n")
    pid, fd = pty.fork()
    if pid == 0:  # the child: reflect in a real terminal
        os.environ.update({"REFLECT_HOME": str(isolated_home), "TERM": "xterm-256color"})
        os.execv(sys.executable, [sys.executable, "-m", "reflect"])
    try:
        _drain(fd, 4.0)  # start-up
        os.write(fd, b"r")
        _drain(fd, 1.0)
        os.write(fd, b"they moved my shift again")
        _drain(fd, 0.2)  # inside the one-second debounce: not saved yet
        for _ in range(150):  # go on typing, never reading what reflect draws
            os.write(fd, b"x")
            time.sleep(0.01)
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        while (ended := os.waitpid(pid, os.WNOHANG))[0] == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        if ended[0] == 0:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    finally:
        os.close(fd)
    assert ended[0] == pid, "still running 10 s after SIGTERM"
    drafts = Journal.open(isolated_home).drafts()
    assert [draft.text("challenge")[:25] for draft in drafts] == ["they moved my shift again"]


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


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_a_terminal_that_vanishes_without_a_signal_ends_reflect(
    isolated_home: Path, tmp_path: Path
) -> None:
    """Under ``make run`` a closed window hangs up make, which keeps SIGHUP to itself:
    reflect must notice its terminal is gone, write the draft and end."""
    isolated_home.mkdir()
    (isolated_home / "config.toml").write_text("welcomed = true\n")
    pid_file = tmp_path / "reflect.pid"
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update({"REFLECT_HOME": str(isolated_home), "TERM": "xterm-256color"})
        os.execv(sys.executable, [sys.executable, "-c", _LIKE_MAKE, str(pid_file)])
    _drain(fd, 4.0)
    os.write(fd, b"r")
    _drain(fd, 1.0)
    os.write(fd, b"they moved my shift again")
    _drain(fd, 0.2)
    reflect_pid = int(pid_file.read_text())
    os.close(fd)  # the window is closed
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        try:
            os.kill(reflect_pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(reflect_pid, signal.SIGKILL)
        pytest.fail("reflect was still running 8 s after its terminal went away")
    os.waitpid(pid, 0)
    drafts = Journal.open(isolated_home).drafts()
    assert [draft.text("challenge") for draft in drafts] == ["they moved my shift again"]
