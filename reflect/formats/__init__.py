"""Files that move in and out of a journal: exports and imports."""

from dataclasses import dataclass, field

from reflect.model import Entry


@dataclass(frozen=True)
class Rejected:
    """An item of an import file that cannot become an entry, and why."""

    position: int
    """1-based position in the file, or 0 for a rule about a whole entry (its id is in
    ``reason``)."""
    reason: str

    def describe(self) -> str:
        return f"item {self.position}: {self.reason}" if self.position else self.reason


@dataclass
class ParsedImport:
    """What a file holds: the entries it yields and the items it does not."""

    entries: list[Entry] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
