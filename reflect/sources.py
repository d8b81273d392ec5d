"""Where an entry can come from: written in reflect, or imported from jrnl or Day One.

These names are both the ``source`` an entry records and the importers' names in
:mod:`reflect.formats.registry` (what ``reflect import --from`` accepts). They live in
this module, which imports nothing, because the model needs them and cannot import the
formats package: that package imports the model.
"""

from __future__ import annotations

from typing import Final

SOURCES: Final = ("reflect", "jrnl", "dayone")
"""In the order ``--from`` lists them; a test checks the registry has one importer each."""
