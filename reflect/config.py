"""User settings from ``config.toml`` (all optional), and remembering the app's theme.

The file is the user's: it is read leniently where that is safe, reported clearly where
it is not, and rewritten with tomlkit so their comments and layout survive.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from reflect.backups import DEFAULT_KEEP
from reflect.errors import ReflectError
from reflect.storage import atomic_write, describe_os_error


class ConfigError(ReflectError):
    """config.toml cannot be read."""


@dataclass(frozen=True)
class Config:
    theme: str | None = None
    keep_backups: int = DEFAULT_KEEP


def load_config(path: Path) -> Config:
    if not path.exists():
        return Config()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        message = describe_os_error(error, path) if isinstance(error, OSError) else str(error)
        raise ConfigError(f"cannot read {path}: {message}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path} is not valid TOML ({error}); fix or remove it") from None
    theme = data.get("theme")
    keep = data.get("keep_backups", DEFAULT_KEEP)
    if theme is not None and not isinstance(theme, str):
        raise ConfigError(f'{path}: theme must be text, like theme = "nord"')
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 1:
        raise ConfigError(f"{path}: keep_backups must be a whole number of 1 or more")
    return Config(theme=theme, keep_backups=keep)


def save_setting(path: Path, key: str, value: str) -> None:
    """Set one top-level key, keeping everything else in the file as it was."""
    import tomlkit  # only needed when a setting changes

    try:
        document = (
            tomlkit.parse(path.read_text(encoding="utf-8")) if path.exists() else tomlkit.document()
        )
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.ParseError) as error:
        raise ConfigError(f"cannot update {path}: {error}") from None
    document[key] = value
    try:
        atomic_write(path, tomlkit.dumps(document).encode("utf-8"))
    except OSError as error:
        raise ConfigError(describe_os_error(error, path)) from None
