"""Shared fixtures. No test ever reads or writes a real journal: the home is always tmp."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reflect.journal import Journal

FIXED_NOW = datetime(2026, 11, 24, 18, 30, tzinfo=UTC)


def fixed_clock() -> datetime:
    return FIXED_NOW


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point $REFLECT_HOME and the platform data dir at tmp, for every test."""
    home = tmp_path / "home"
    monkeypatch.setenv("REFLECT_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return home


@pytest.fixture(autouse=True)
def no_meaning_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """Behave as if the semantic extra were not installed, even where it is: tests stay
    the same everywhere, and none loads a model unless it hands one in itself."""
    import reflect.semantic

    monkeypatch.setattr(reflect.semantic, "available", lambda: False)


@pytest.fixture
def journal(isolated_home: Path) -> Iterator[Journal]:
    opened = Journal.open(isolated_home, clock=fixed_clock, lock_timeout=2)
    yield opened
    opened.close()
