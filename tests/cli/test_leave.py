"""The console entry point ends the process without freeing the heap (``reflect.cli.leave``):
what a normal exit guarantees must still hold. Each case is a real process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def run(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )


@pytest.mark.parametrize(
    ("code", "status", "stderr"), [(None, 0, ""), (3, 3, ""), ("bye", 1, "bye")]
)
def test_the_exit_status_is_what_sys_exit_would_give(
    code: object, status: int, stderr: str, tmp_path: Path
) -> None:
    done = run(f"from reflect.cli import leave\nprint('out', end='')\nleave({code!r})", tmp_path)
    assert (done.returncode, done.stdout, done.stderr.strip()) == (status, "out", stderr)


def test_threads_finish_and_atexit_functions_run_before_the_process_ends(tmp_path: Path) -> None:
    script = (
        "import atexit, threading, time, pathlib\n"
        "from reflect.cli import leave\n"
        "def late(): time.sleep(0.3); pathlib.Path('thread').write_text('done')\n"
        "threading.Thread(target=late).start()\n"
        "atexit.register(lambda: pathlib.Path('atexit').write_text('ran'))\n"
        "leave(0)\n"
    )
    assert run(script, tmp_path).returncode == 0
    assert (tmp_path / "thread").read_text() == "done"
    assert (tmp_path / "atexit").read_text() == "ran"


def test_a_reader_that_leaves_early_is_not_an_error(tmp_path: Path) -> None:
    script = (
        "import os, sys\n"
        "from reflect.cli import leave\n"
        "read, write = os.pipe(); os.close(read); sys.stdout = os.fdopen(write, 'w')\n"
        "print('x' * 100)\n"
        "leave(0)\n"
    )
    done = run(script, tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
