"""Every location reflect uses, resolved in one place.

Resolution is pure: asking for a path never creates anything. Folders are created once,
by :func:`ensure_home`, when a journal is opened.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "reflect"
HOME_ENV = "REFLECT_HOME"
DIR_MODE = 0o700
FILE_MODE = 0o600
GROUP_FILE_MODE = 0o640
"""Share bundles only, when config.toml says ``bundle_mode = "group"``: the folder's group
may read them too (their content stays encrypted). Nothing else is ever written so."""


def resolve_home(option: str | os.PathLike[str] | None, env: Mapping[str, str]) -> Path:
    """The home folder: ``--home``, else ``$REFLECT_HOME``, else the platform data dir."""
    if option:
        return Path(option).expanduser()
    from_env = env.get(HOME_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    import platformdirs  # only when no home was given

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class HomePaths:
    """The files and folders inside one home."""

    home: Path

    @property
    def journal(self) -> Path:
        return self.home / "journal.json"

    @property
    def lock(self) -> Path:
        return self.home / "journal.lock"

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    @property
    def keys(self) -> Path:
        return self.home / "keys"

    @property
    def inbox(self) -> Path:
        return self.home / "inbox"

    @property
    def config(self) -> Path:
        return self.home / "config.toml"

    @property
    def cache(self) -> Path:
        """Derived data that can be thrown away (entries' vectors, spelling corrections)."""
        return self.home / "cache"


def ensure_home(paths: HomePaths) -> None:
    """Create the home and its backups folder, owner-only. Existing folders keep their mode."""
    for folder in (paths.home, paths.backups):
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
