"""Free text laid out in sections named like the four fields, split into those fields.

People who journal elsewhere often already write "Challenge: ..." or "## Lesson" in their
entries. Recognising those sections lets an imported entry land in the right fields; any
text outside them lands in ``note``, so nothing is ever lost.

A section starts at:
- a Markdown heading of level 1 to 3 whose whole title is a field name (``## Lesson``);
- a line that begins with a field name and a colon (``Lesson: ...``, ``- lesson: ...``,
  ``**Lesson:** ...``), or a line that is only the name in bold (``**Lesson**``).
Names match in any case, with a few synonyms (``SYNONYMS``). A section runs until the next
one, or until another heading of level 1 to 3, whose text goes back to ``note``. A field
named twice gets both parts, a blank line apart.
"""

from __future__ import annotations

import re

from reflect.model import ALL_TEXT_FIELDS

SYNONYMS: dict[str, tuple[str, ...]] = {
    "challenge": (
        "challenge",
        "challenges",
        "the challenge",
        "today's challenge",
        "struggle",
        "what was hard",
        "the hard part",
    ),
    "grateful": (
        "grateful",
        "grateful for",
        "gratitude",
        "thankful",
        "thankful for",
        "what i'm grateful for",
        "why i'm grateful",
    ),
    "kindness": ("kindness", "a kindness", "kindness given", "act of kindness", "kind act"),
    "lesson": (
        "lesson",
        "lessons",
        "the lesson",
        "lesson learned",
        "lessons learned",
        "lesson learnt",
        "lessons learnt",
        "what i learned",
        "what i learnt",
        "takeaway",
    ),
}
"""Section names (lowercase, single spaces) and the field each one fills."""

MAX_HEADING_LEVEL = 3

_FIELD_OF = {name: field for field, names in SYNONYMS.items() for name in names}
_HEADING = re.compile(r"^ {0,3}(?P<hashes>#{1,6})(?:[ \t]+(?P<title>.*?))?(?:[ \t]+#+)?[ \t]*$")
_LABEL = re.compile(
    r"^[ \t]*(?:[-*+][ \t]+)?"  # an optional list bullet
    r"(?:(?P<mark>\*\*|__)(?P<bold>[^*_:\n]{1,40}?)[ \t]*"
    r"(?:(?P<colon1>:)[ \t]*(?P=mark)|(?P=mark)[ \t]*(?P<colon2>:)?)"  # **Name:**, **Name**:
    r"|(?P<plain>[^\W\d][^:*\n]{0,39}?)[ \t]*:)"  # Name:
    r"(?P<rest>.*)$"
)


def field_for(name: str) -> str | None:
    """The field a section name stands for, or ``None``: "Lessons learned" -> "lesson"."""
    key = " ".join(name.replace("\u2019", "'").strip().strip("*_").rstrip(":").split())
    return _FIELD_OF.get(key.casefold())


def _label(line: str) -> tuple[str, str] | None:
    """``(field, rest of the line)`` when the line opens a section with a label."""
    match = _LABEL.match(line)
    if match is None:
        return None
    bold = match["bold"]
    if bold is not None and not (match["colon1"] or match["colon2"]) and match["rest"].strip():
        return None  # "**Gratitude** is underrated": bold words in a sentence, not a label
    target = field_for(bold if bold is not None else match["plain"])
    return None if target is None else (target, match["rest"].lstrip())


def split_sections(text: str) -> dict[str, str]:
    """The text's sections by field, every field present; the rest under ``note``.

    Pure and total: any string gives a result, and a text without sections comes back
    whole (trimmed, with ``\\n`` line ends) as the note.
    """
    parts: dict[str, list[str]] = {name: [] for name in ALL_TEXT_FIELDS}
    current = "note"

    def switch(target: str) -> str:
        lines = parts[target]
        if lines and lines[-1].strip():
            lines.append("")  # a second part of a field starts a new paragraph
        return target

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        heading = _HEADING.match(line)
        if heading is not None:
            level = len(heading["hashes"])
            target = field_for(heading["title"] or "") if level <= MAX_HEADING_LEVEL else None
            if target is not None:
                current = switch(target)
                continue
            if level <= MAX_HEADING_LEVEL and current != "note":
                current = switch("note")
            parts[current].append(line)
            continue
        label = _label(line)
        if label is not None:
            current = switch(label[0])
            if label[1]:
                parts[current].append(label[1])
            continue
        parts[current].append(line)
    return {name: "\n".join(lines).strip() for name, lines in parts.items()}
