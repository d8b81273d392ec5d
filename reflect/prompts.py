"""The gentle prompts of the guided flow, from ``seeds/prompts.toml``.

A prompt is picked by the day, not at random: it stays the same all evening (and in
snapshots, which run on a fixed clock), and changes from one day to the next.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from reflect.errors import FormatError
from reflect.seed_files import read_seed

KINDS = ("today", "challenge", "grateful", "kindness", "lesson")


@dataclass(frozen=True)
class PromptLibrary:
    prompts: Mapping[str, tuple[str, ...]]

    @classmethod
    def from_toml(cls, text: str, name: str = "prompts.toml") -> PromptLibrary:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise FormatError(f"{name} is not valid TOML: {error}") from None
        prompts: dict[str, tuple[str, ...]] = {}
        for kind in KINDS:
            lines = data.get(kind, {}).get("prompts") if isinstance(data.get(kind), dict) else None
            if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
                raise FormatError(f"{name} needs a [{kind}] table with a prompts list")
            prompts[kind] = tuple(line.strip() for line in lines if line.strip())
            if not prompts[kind]:
                raise FormatError(f"{name}: [{kind}] has no prompts")
        return cls(prompts)

    @classmethod
    def bundled(cls) -> PromptLibrary:
        return cls.from_toml(read_seed("prompts.toml").decode("utf-8"))

    def pick(self, kind: str, day: date) -> str:
        """The prompt of ``kind`` for ``day``: stable within a day, different across days."""
        lines = self.prompts[kind]
        return lines[(day.toordinal() * 7 + KINDS.index(kind) * 3) % len(lines)]
