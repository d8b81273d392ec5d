"""Text from outside is text: never a terminal control sequence, never a hidden reordering.

Two places need this, with different answers:

- **The model's boundary** (:func:`without_controls`): what a person types, an import or a
  bundle brings is stored without control characters (C0 other than newline and tab, DEL,
  C1) and without the bidirectional overrides, embeddings and isolates that can make a
  line read differently from what it holds. They carry no meaning in a reflection.
- **Printing what came from elsewhere** (:func:`printable`): file names in a shared folder,
  zip member names, paths in error messages. These are not ours to change, so controls are
  shown escaped (``\\x1b``) instead of being sent to the terminal, and the person still sees
  that something odd is there.

JSON for programs (:func:`json_text`) escapes the same characters as ``\\uXXXX``, so a
program piping reflect's output to a terminal is safe too, and the data are unchanged.
"""

from __future__ import annotations

import json
import re
from typing import Any

_UNSAFE_CLASS = r"\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
"""C0 without tab and newline, DEL, C1, bidi embeddings/overrides/isolates (and CR, which
the model turns into a newline before cleaning)."""

UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
_UNSAFE_WITH_LINES = re.compile(f"[{_UNSAFE_CLASS}\n\t]")


def without_controls(text: str) -> str:
    """``text`` without the characters a stored text may not hold (CR becomes a newline)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return UNSAFE.sub("", text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, keep_lines: bool = True) -> str:
    """``text`` safe to print: control characters shown as ``\\x1b``-style escapes.

    ``keep_lines=False`` escapes newlines and tabs too, for one-line messages that quote a
    name (a file name may hold a newline).
    """
    pattern = UNSAFE if keep_lines else _UNSAFE_WITH_LINES
    return pattern.sub(_escaped, text)


def json_text(data: Any) -> str:
    """Indented UTF-8 JSON in which no character can act on a terminal."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
