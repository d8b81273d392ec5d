"""Helpers to drive the command line, in process (CliRunner) and as a real program."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from reflect.cli import Runtime, cli
from tests.conftest import fixed_clock

Invoke = Callable[..., Result]


@pytest.fixture
def opened_apps() -> list[tuple[Path, bool, int]]:
    """(home, demo?, entries in it) for every app the CLI opened."""
    return []


@pytest.fixture
def reflect_cli(isolated_home: Path, opened_apps: list[tuple[Path, bool, int]]) -> Invoke:
    """Run ``reflect --home <tmp> ARGS`` in process with a fixed clock and a fake app."""

    def fake_app(home: Path, demo: bool) -> None:
        from reflect.journal import Journal

        opened_apps.append((home, demo, len(Journal.open(home))))

    def invoke(
        *args: str, home: Path | None = None, stdin: str | None = None, interactive: bool = False
    ) -> Result:
        runtime = Runtime(clock=fixed_clock, run_app=fake_app, interactive=lambda: interactive)
        arguments = ["--home", str(home or isolated_home), *args]
        return CliRunner().invoke(cli, arguments, input=stdin, obj=runtime)

    return invoke


def json_of(result: Result) -> Any:
    assert result.exit_code == 0, result.output + result.stderr
    return json.loads(result.stdout)


def run_reflect(
    *args: str | bytes, home: Path, check: bool = False
) -> subprocess.CompletedProcess[bytes]:
    """The real program, as a user's shell runs it."""
    env = {**os.environ, "REFLECT_HOME": str(home)}
    env.pop("REFLECT_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "reflect", *args],
        capture_output=True,
        env=env,
        check=check,
        timeout=60,
    )


def public_key(reflect_cli: Invoke, home: Path) -> str:
    return str(json_of(reflect_cli("id", "--json", home=home))["public_key"])


def paired_homes(
    reflect_cli: Invoke, tmp_path: Path, folder_name: str = "to-dana"
) -> tuple[Path, Path, Path]:
    """An agent (sam) sharing with a mentor (dana) through a folder the mentor reads."""
    agent, mentor, folder = tmp_path / "agent", tmp_path / "mentor", tmp_path / folder_name
    folder.mkdir()
    reflect_cli("id", "init", "--handle", "sam", home=agent)
    reflect_cli("id", "init", "--handle", "dana", home=mentor)
    reflect_cli("contact", "add", "dana", public_key(reflect_cli, mentor), "--folder", str(folder),
                home=agent)  # fmt: skip
    reflect_cli("contact", "add", "sam", public_key(reflect_cli, agent), home=mentor)
    (mentor / "config.toml").write_text(f'inbox = ["{folder}"]\n')
    return agent, mentor, folder
