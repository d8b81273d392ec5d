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
