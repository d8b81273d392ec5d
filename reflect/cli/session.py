"""What every command needs: where the journal is, what time it is, and who is asking.

:class:`Runtime` holds what a test replaces (the clock, the app runner, whether a person
can answer a question); click hands it to the root group as its context object
(``CliRunner().invoke(cli, args, obj=Runtime(...))``). The group turns it into the
:class:`Session` every command receives with ``@click.pass_obj``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from reflect.cli.errors import ReflectFailure
from reflect.clock import Clock, system_clock
from reflect.errors import DateParseError
from reflect.paths import HomePaths

if TYPE_CHECKING:
    from reflect.config import Config
    from reflect.journal import Journal

PASSPHRASE_ENV = "REFLECT_PASSPHRASE"
NEW_PASSPHRASE_ENV = "REFLECT_NEW_PASSPHRASE"
"""``reflect passphrase`` reads the new passphrase here (the old one from ``PASSPHRASE_ENV``)."""

LOCKED = f"this journal is encrypted: type its passphrase at a terminal, or set ${PASSPHRASE_ENV}"

AppRunner = Callable[[Path, bool], None]
"""Opens the app on a home; the flag says it is the throwaway demo."""


def open_app(home: Path, demo: bool = False) -> None:
    """The real app runner; Textual is imported here only, so commands never load it."""
    from reflect.tui.app import build_app, run_app

    run_app(build_app(home, demo=demo))


def stdin_is_a_terminal() -> bool:
    """Whether a person can answer a question."""
    return sys.stdin.isatty()


@dataclass(frozen=True)
class Runtime:
    """The parts of the outside world a command touches that tests replace."""

    clock: Clock = system_clock
    run_app: AppRunner = open_app
    interactive: Callable[[], bool] = stdin_is_a_terminal


@dataclass
class Session:
    """One command's view of its home: the journal and config.toml, each opened once."""

    home: Path
    runtime: Runtime = field(default_factory=Runtime)
    _journal: Journal | None = field(default=None, repr=False)
    _config: Config | None = field(default=None, repr=False)
    _unlocked: bool = field(default=False, repr=False)

    @property
    def clock(self) -> Clock:
        return self.runtime.clock

    @property
    def paths(self) -> HomePaths:
        """The home's files, unlocked first when the home is encrypted: every command that
        reads or writes private data comes through here or :meth:`journal`."""
        self.unlock()
        return HomePaths(self.home)

    def unlock(self) -> None:
        """Ask for the passphrase of an encrypted home (once per command) and keep its key
        for this process; nothing happens for a plain home."""
        if self._unlocked:
            return
        from reflect.vault import is_encrypted

        if is_encrypted(self.home):
            from reflect.encryption import unlock_home

            unlock_home(self.home, self.passphrase(PASSPHRASE_ENV, "Passphrase", missing=LOCKED))
        self._unlocked = True

    def passphrase(
        self, variable: str, question: str, *, confirm: bool = False, missing: str | None = None
    ) -> str:
        """A passphrase from ``$variable`` when set (scripts, tests), else asked with a
        hidden prompt on stderr (stdout may be JSON); no terminal and no variable: one line."""
        given = os.environ.get(variable)
        if given:
            return given
        if not self.interactive():
            raise ReflectFailure(
                missing
                or f"{question.lower()}: none given (type it at a terminal, or set ${variable})"
            )
        import click

        answer: str = click.prompt(
            question,
            hide_input=True,
            confirmation_prompt="Type it again" if confirm else False,
            err=True,
        )
        return answer

    @property
    def today(self) -> date:
        """The shift's day now (before ``day_starts_at`` it is still yesterday's)."""
        from reflect.clock import shift_day

        return shift_day(self.clock(), self.config().day_starts_at)

    def config(self) -> Config:
        """config.toml, read once per command (and only by commands that need it)."""
        if self._config is None:
            from reflect.config import load_config

            self._config = load_config(HomePaths(self.home).config)  # plain: no unlock
        return self._config

    def journal(self) -> Journal:
        if self._journal is None:
            from reflect.journal import Journal

            self.unlock()
            self._journal = Journal.open(
                self.home,
                clock=self.clock,
                keep_backups=self.config().keep_backups,
                day_starts_at=self.config().day_starts_at,
            )
        return self._journal

    def interactive(self) -> bool:
        return self.runtime.interactive()

    def when(self, text: str | None, option: str) -> date | None:
        """A WHEN option read against today, or a one-line error naming the option."""
        if text is None:
            return None
        try:
            from reflect.dates import parse_when

            return parse_when(text, self.today)
        except DateParseError as error:
            raise ReflectFailure(f"{option}: {error}") from None
