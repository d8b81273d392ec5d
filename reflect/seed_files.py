"""The data files in ``seeds/`` (prompts, themes, demo journal), wherever reflect runs from.

In an installed wheel they are package data (``reflect/seeds``); in a source checkout
they sit at the top of the repository, beside the package.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path


def seeds_dir() -> Traversable:
    packaged = resources.files("reflect") / "seeds"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "seeds"


def read_seed(name: str) -> bytes:
    return (seeds_dir() / name).read_bytes()
