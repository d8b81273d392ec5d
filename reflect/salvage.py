"""Reading what can still be read in a damaged journal file.

A journal is one JSON object of tables, each an object of documents keyed by id::

    {"entries": {"<id>": {...}, "<id>": {...}}, "drafts": {...}, "meta": {...}}

A file cut short (a full disk, a copy that stopped) or with a few flipped bytes does not
parse as a whole, but most of its documents still do. A document counts only when it is
an object followed by the next document or the end of its table, so a flipped byte that
ends one early never passes off half an entry as a whole one. This walks the file the way it is
laid out, decoding one document at a time with the standard library's JSON decoder; where
a document is damaged it looks ahead for the next ``"key":{`` and carries on. So a file
truncated at half gives back every document before the cut, and a flipped byte costs the
document that holds it, not the journal.

Nothing here decides whether a document is a good entry: :mod:`reflect.doctor` checks
what comes back against the model before keeping it.
"""

from __future__ import annotations

import json
import json.decoder
import re
from dataclasses import dataclass, field
from typing import Any

TABLES = ("entries", "drafts", "contacts", "received", "meta", "_default")
"""The tables a journal may hold (``_default`` in the v0 layout)."""

_DECODER = json.JSONDecoder()
_scanstring: Any = vars(json.decoder)["scanstring"]  # not in typeshed: (text, end) -> (str, end)
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NEXT_KEY = re.compile(r'[{,][ \t\n\r]*"((?:[^"\\\n]|\\.){1,200})"[ \t\n\r]*:[ \t\n\r]*\{')
"""Where a document (or a table) may start again after damage: ``,"key":{``."""


@dataclass
class Salvaged:
    """The documents found, by table and key, and how many places could not be read."""

    tables: dict[str, dict[str, Any]] = field(default_factory=dict)
    damaged: int = 0
    """Places where the walk had to skip ahead (each costs at least one document)."""


class _Damage(Exception):
    pass


def salvage(raw: bytes) -> Salvaged:
    """Every table document of a journal file that can still be decoded."""
    text = raw.decode("utf-8", errors="replace")
    found = Salvaged()
    walker = _Walker(text, found)
    walker.run()
    return found


class _Walker:
    def __init__(self, text: str, found: Salvaged) -> None:
        self.text = text
        self.found = found

    def skip(self, position: int) -> int:
        match = _WHITESPACE.match(self.text, position)
        return match.end() if match else position

    def expect(self, position: int, char: str) -> int:
        position = self.skip(position)
        if self.text[position : position + 1] != char:
            raise _Damage
        return position + 1

    def key(self, position: int) -> tuple[str, int]:
        position = self.expect(position, '"')
        try:
            key, end = _scanstring(self.text, position)
        except ValueError:
            raise _Damage from None
        return key, self.expect(end, ":")

    def run(self) -> None:
        position, table = 0, None
        try:
            position = self.expect(0, "{")
        except _Damage:  # not even the first brace: look for the first table or document
            if self.text.strip():
                self.found.damaged += 1
            position, table = self.resync(-1, None)
        while position < len(self.text):
            try:
                if table is None:
                    position, table = self.top_level(position)
                else:
                    position, table = self.document(position, table)
            except _Damage:
                self.found.damaged += 1
                position, table = self.resync(position, table)

    def top_level(self, position: int) -> tuple[int, str | None]:
        """At the top level: the next table's name, or the end of the file."""
        position = self.skip(position)
        if self.text[position : position + 1] in (",",):
            position += 1
        position = self.skip(position)
        if self.text[position : position + 1] == "}" or position >= len(self.text):
            return len(self.text), None
        name, position = self.key(position)
        position = self.expect(position, "{")
        self.found.tables.setdefault(name, {})
        return position, name

    def document(self, position: int, table: str) -> tuple[int, str | None]:
        """Inside a table: one document, or the table's end."""
        position = self.skip(position)
        if self.text[position : position + 1] == "}":
            return position + 1, None
        if self.text[position : position + 1] == ",":
            position += 1
        key, position = self.key(position)
        position = self.skip(position)
        try:
            value, position = _DECODER.raw_decode(self.text, position)
        except (ValueError, RecursionError):
            raise _Damage from None
        after = self.skip(position)
        ending = self.text[after : after + 1]
        if not isinstance(value, dict) or ending not in (",", "}", ""):  # "": cut off here
            # a document is an object followed by the next one or the table's end; anything
            # else means damage inside it (a flipped comma ends an entry early)
            raise _Damage
        self.found.tables[table][key] = value
        return position, table

    def resync(self, position: int, table: str | None) -> tuple[int, str | None]:
        """After damage: on to the next ``"key":{``; a table's name starts that table."""
        match = _NEXT_KEY.search(self.text, position + 1)
        if match is None:
            return len(self.text), None
        try:
            key = json.loads(f'"{match.group(1)}"')
        except ValueError:
            return match.end(), table
        start = match.start() + 1  # just after the comma or brace
        if key in TABLES and (table is None or key not in self.found.tables):
            self.found.tables.setdefault(key, {})
            return match.end(), key
        if table is None:  # lost at the top: what follows is most likely entries
            table = "entries"
            self.found.tables.setdefault(table, {})
        return start, table
