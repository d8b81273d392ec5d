"""Shared fixtures. No test ever reads or writes a real journal: the home is always tmp."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from reflect.journal import Journal
from reflect.meaning import load_meaning as _SHIPPED_LOAD_MEANING

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


@pytest.fixture
def real_meaning(monkeypatch: pytest.MonkeyPatch) -> None:
    """The meaning model as it ships, for tests about what a person gets from it."""
    import reflect.meaning

    monkeypatch.setattr(reflect.meaning, "load_meaning", _SHIPPED_LOAD_MEANING)


@pytest.fixture(autouse=True)
def no_meaning_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app and ``reflect similar`` load no meaning model unless a test hands one in
    (or asks for the real one with ``real_meaning``): results and snapshots stay the same
    whatever finishes loading first."""
    import reflect.meaning

    monkeypatch.setattr(reflect.meaning, "load_meaning", lambda config, folder: None)


@pytest.fixture(autouse=True)
def forget_keys() -> Iterator[None]:
    """No test sees a key another test unlocked: the keyring is emptied after each."""
    from reflect.vault import KEYRING

    yield
    KEYRING.forget()


@pytest.fixture
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at libsodium's floor for homes a test encrypts (hundreds of unlocks stay
    fast). Only tests change this constant; a person's ``reflect encrypt`` never can."""
    import reflect.vault

    monkeypatch.setattr(reflect.vault, "DEFAULT_COST", reflect.vault.MIN_COST)


@pytest.fixture
def journal(isolated_home: Path) -> Iterator[Journal]:
    opened = Journal.open(isolated_home, clock=fixed_clock, lock_timeout=2)
    yield opened
    opened.close()
