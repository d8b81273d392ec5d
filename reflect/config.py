"""User settings from ``config.toml`` (all optional), and remembering the app's theme.

The file is the user's: it is read leniently where that is safe, reported clearly where
it is not, and rewritten with tomlkit so their comments and layout survive.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from reflect.backups import DEFAULT_KEEP
from reflect.clock import DEFAULT_DAY_STARTS_AT
from reflect.errors import ReflectError
from reflect.storage import atomic_write, describe_os_error


class ConfigError(ReflectError):
    """config.toml cannot be read."""


BUNDLE_MODES = ("owner", "group")
"""``bundle_mode``: who may read the share bundles I write (see docs/sync-folders.md)."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Config:
    theme: str | None = None
    keep_backups: int = DEFAULT_KEEP
    days_off: tuple[str, ...] = ()
    """Weekday names ("saturday") and days ("2026-12-25") that never break a streak."""
    inbox: tuple[str, ...] = ()
    """Extra folders to read mentors' bundles from, beside <home>/inbox."""
    welcomed: bool = False
    """Set once the first-start introduction was shown, so it is shown only once."""
    semantic: bool = True
    """Match "From your past" by meaning too (the model ships with reflect); false: by
    words and themes only."""
    closing_moment: bool = True
    """After saving a reflection, offer a moment to leave the shift at work."""
    close_after_saving: bool = True
    """After that moment's goodnight, close the app (false: back to the start screen)."""
    day_starts_at: time = DEFAULT_DAY_STARTS_AT
    """Before this time of night a reflection still belongs to the previous day's shift."""
    lock_after_minutes: int = 10
    """An encrypted journal's app locks itself after this many minutes without a key
    pressed (the draft saved, the text hidden, the passphrase asked again); 0: never."""
    bundle_mode: str = "owner"
    """Share bundles readable by this account only ("owner", 0600), or by the folder's
    group too ("group", 0640: two accounts sharing one folder). Only bundles: the journal,
    keys and backups stay owner-only whatever this says."""

    @property
    def inbox_folders(self) -> tuple[Path, ...]:
        """The ``inbox`` folders as paths, ``~`` expanded."""
        return tuple(Path(folder).expanduser() for folder in self.inbox)


def day_off_rule(value: object) -> int | date:
    """One ``days_off`` value: a weekday (0 is Monday) or a single day.

    Weekdays are read in any case, whole ("Saturday"), plural ("saturdays") or as their
    first three letters ("sat"), because that is how people write them in a file. A TOML
    date (``days_off = [2026-12-25]``, no quotes) is a day too.
    """
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        for index, name in enumerate(WEEKDAYS):
            if text in (name, name + "s", name[:3]):
                return index
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ConfigError(
        f'days_off: {value!r} is neither a weekday (like "saturday") nor a day (like "2026-12-25")'
    )


def day_off_name(rule: int | date) -> str:
    """How a day-off rule is written back: "saturday" or "2026-12-25"."""
    return WEEKDAYS[rule] if isinstance(rule, int) else rule.isoformat()


def day_start(value: object) -> time:
    """``day_starts_at``: "04:00" or "4:30" as text, or a TOML time (``04:00:00``).

    Any minute of the day is accepted; seconds are ignored, a time zone is refused (the
    shift's day is the local one).
    """
    if isinstance(value, time):
        if value.tzinfo is not None:
            raise ConfigError("day_starts_at is a local time of day, without a time zone")
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str):
        hours, colon, minutes = value.strip().partition(":")
        if (
            colon
            and hours.isascii()
            and hours.isdigit()
            and len(hours) <= 2
            and minutes.isascii()
            and minutes.isdigit()
            and len(minutes) == 2
            and int(hours) < 24
            and int(minutes) < 60
        ):
            return time(int(hours), int(minutes))
    raise ConfigError(f'day_starts_at: {value!r} is not a time of day like "04:00"')


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
    except RecursionError:
        raise ConfigError(f"{path} nests lists or tables too deeply; fix or remove it") from None
    theme = data.get("theme")
    keep = data.get("keep_backups", DEFAULT_KEEP)
    if theme is not None and not isinstance(theme, str):
        raise ConfigError(f'{path}: theme must be text, like theme = "nord"')
    if not isinstance(keep, int) or isinstance(keep, bool) or keep < 1:
        raise ConfigError(f"{path}: keep_backups must be a whole number of 1 or more")
    welcomed = data.get("welcomed", False)
    if not isinstance(welcomed, bool):
        raise ConfigError(f"{path}: welcomed must be true or false")
    semantic = data.get("semantic", True)
    if not isinstance(semantic, bool):
        raise ConfigError(f"{path}: semantic must be true or false")
    switches = {}
    for name in ("closing_moment", "close_after_saving"):
        switches[name] = data.get(name, True)
        if not isinstance(switches[name], bool):
            raise ConfigError(f"{path}: {name} must be true or false")
    inbox = data.get("inbox", [])
    if isinstance(inbox, str):
        inbox = [inbox]
    if not isinstance(inbox, list) or not all(isinstance(item, str) for item in inbox):
        raise ConfigError(f'{path}: inbox must be a list of folders, like inbox = ["~/Shared"]')
    bundle_mode = data.get("bundle_mode", "owner")
    if bundle_mode not in BUNDLE_MODES:
        raise ConfigError(
            f'{path}: bundle_mode must be "owner" (the default) or "group" (readable by the '
            "share folder's group too)"
        )
    lock_after = data.get("lock_after_minutes", 10)
    if not isinstance(lock_after, int) or isinstance(lock_after, bool) or lock_after < 0:
        raise ConfigError(
            f"{path}: lock_after_minutes must be a whole number of minutes (0: never lock)"
        )
    try:
        day_starts_at = day_start(data.get("day_starts_at", DEFAULT_DAY_STARTS_AT))
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None
    return Config(
        day_starts_at=day_starts_at,
        closing_moment=switches["closing_moment"],
        close_after_saving=switches["close_after_saving"],
        theme=theme,
        keep_backups=keep,
        days_off=_days_off(data.get("days_off"), path),
        inbox=tuple(inbox),
        welcomed=welcomed,
        semantic=semantic,
        bundle_mode=bundle_mode,
        lock_after_minutes=lock_after,
    )


def _days_off(value: object, path: Path) -> tuple[str, ...]:
    """``days_off`` checked and written the one way (a lone string is taken as a list of one)."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(
            f'{path}: days_off must be a list, like days_off = ["saturday", "sunday"]'
        )
    try:
        return tuple(dict.fromkeys(day_off_name(day_off_rule(item)) for item in value))
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None


def save_setting(path: Path, key: str, value: str | bool) -> None:
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
        atomic_write(path, tomlkit.dumps(document).encode("utf-8"), private=False)
    except OSError as error:
        raise ConfigError(describe_os_error(error, path)) from None
