"""The privacy guard: customer details that must never travel in a shared entry.

An agent writing about a hard call may type what the customer read out to them. Before an
entry leaves the journal (a share bundle), these details are found and replaced by a label,
unless the author explicitly allowed them for that entry.

What counts (thresholds are module constants, so tests and docs name the same numbers):

- **card number** (``[card number]``): 13-19 digits that pass the Luhn check, written plain
  or in groups split by one kind of separator (spaces or dashes), every group but the last
  at least 3 digits long (``4111 1111 1111 1111``, ``3782-822463-10005``).
- **e-mail** (``[email]``): ``name@domain.tld``.
- **phone number** (``[phone number]``): 9-15 digits (E.164 allows 15) in a phone's shape:
  a leading ``+`` or ``0``, an area code in brackets, or groups split by spaces, dots or
  dashes (``+44 20 7946 0958``, ``(555) 123-4567``, ``0612345678``).
- **account number** (``[account number]``): any other run of :data:`ACCOUNT_MIN_DIGITS` (8)
  or more digits (order, account, policy numbers), and grouped runs of 16+ digits that fail
  the card check (a mistyped card number).

Never a finding: dates (``2026-11-24``, ``24/11/2026``, ``24.11.26``, ISO date-times),
times (``18:30``, ``6:05:00``, ``6:30pm``), money (``£1,250.00``, ``$35.99``, ``1.250,00 €``,
``40 dollars``) and ticket numbers below the threshold (``#4821``, ``INC-20431``). A ticket
number of 8 or more digits is flagged: the guard cannot tell it from an order number, and a
false alarm costs a label where a miss costs a customer's data.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

Kind = Literal["card", "email", "phone", "account"]

LABELS: dict[Kind, str] = {
    "card": "[card number]",
    "email": "[email]",
    "phone": "[phone number]",
    "account": "[account number]",
}
CARD_MIN_DIGITS = 13
CARD_MAX_DIGITS = 19
CARD_MIN_GROUP = 3
PHONE_MIN_DIGITS = 9
PHONE_MAX_DIGITS = 15
ACCOUNT_MIN_DIGITS = 8
GROUPED_ACCOUNT_MIN_DIGITS = 16

_MASK = "\x00"  # stands in for text already accounted for; breaks digit runs

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")

# A run of digit groups, as a card or a phone number is written: an optional leading ``+``,
# groups joined by one space, dot or dash, or by an area code in brackets.
_RUN = re.compile(r"(?<!\w)(?:\+\s?)?(?:\(\d{1,5}\)\s?)?\d+(?:(?:[ .\-]|\s?\(\d{1,5}\)\s?)\d+)*")
_GROUP = re.compile(r"\d+")
_DIGITS = re.compile(rf"(?<!\d)\d{{{ACCOUNT_MIN_DIGITS},}}(?!\d)")

# Dates, times and money: masked before phones and accounts are looked for.
_NOT_GLUED_BEFORE = r"(?<!\d)(?<!\d[-/.])"
_NOT_GLUED_AFTER = r"(?!\d|[-/.]\d)"
_DATE = re.compile(
    _NOT_GLUED_BEFORE
    + r"(?:(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    + r"|(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.](?:\d{4}|\d{2}))"
    + _NOT_GLUED_AFTER
)
_TIME = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2}):(?P<min>\d{2})(?::\d{2}(?:[.,]\d+)?)?(?:\s?[ap]\.?m\.?)?(?![\d:])",
    re.IGNORECASE,
)
_AMOUNT = r"(?:\d{1,3}(?:[,.\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
_CURRENCY_SIGN = r"[£$€¥₹]"
_CURRENCY_CODE = r"(?:USD|EUR|GBP|CAD|AUD|NZD|CHF|INR|JPY|ZAR)"
_CURRENCY_WORD = r"(?:dollars?|pounds?|euros?|bucks|quid|cents?|pence|rupees?|yen)"
_MONEY = re.compile(
    rf"(?:{_CURRENCY_SIGN}|\b{_CURRENCY_CODE})\s?-?{_AMOUNT}(?!\d)"
    rf"|(?<![\d.,]){_AMOUNT}\s?(?:{_CURRENCY_SIGN}|(?:{_CURRENCY_CODE}|{_CURRENCY_WORD})\b)"
    r"|(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?(?!\d|[.,]\d)"
    r"|(?<![\d.,])\d+\.\d{2}(?!\d|\.\d)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    """One customer detail: what kind, where (``text[start:end]``), and the text itself."""

    kind: Kind
    start: int
    end: int
    text: str

    @property
    def label(self) -> str:
        return LABELS[self.kind]


def luhn_valid(digits: str) -> bool:
    """The check digit every payment card number carries (ISO/IEC 7812)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def find_details(text: str) -> list[Finding]:
    """Every customer detail in ``text``, in order, never overlapping."""
    if not any(char.isdigit() or char == "@" for char in text):
        return []  # most reflections: nothing to look at
    work = list(text)
    findings: list[Finding] = []

    def keep(kind: Kind, start: int, end: int) -> None:
        findings.append(Finding(kind, start, end, text[start:end]))
        mask(start, end)

    def mask(start: int, end: int) -> None:
        work[start:end] = _MASK * (end - start)

    for match in _EMAIL.finditer(text):
        keep("email", match.start(), match.end())
    for start, end in _cards("".join(work)):
        keep("card", start, end)
    for start, end in _harmless_numbers("".join(work)):
        mask(start, end)
    for match in _RUN.finditer("".join(work)):
        kind = _phone_or_long(match.group())
        if kind is not None:
            keep(kind, match.start(), match.end())
    for match in _DIGITS.finditer("".join(work)):
        digits = match.group()
        card = CARD_MIN_DIGITS <= len(digits) <= CARD_MAX_DIGITS and luhn_valid(digits)
        keep("card" if card else "account", match.start(), match.end())
    return sorted(findings, key=lambda finding: finding.start)


def has_details(text: str) -> bool:
    return bool(find_details(text))


def redact(text: str) -> str:
    """``text`` with every customer detail replaced by its label, e.g. ``[card number]``."""
    findings = find_details(text)
    if not findings:
        return text
    parts: list[str] = []
    position = 0
    for finding in findings:
        parts.append(text[position : finding.start])
        parts.append(finding.label)
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def _cards(text: str) -> Iterator[tuple[int, int]]:
    """Spans of card numbers: within each run, the leftmost-longest Luhn-valid groups."""
    for run in _RUN.finditer(text):
        groups = [
            (run.start() + g.start(), run.start() + g.end()) for g in _GROUP.finditer(run.group())
        ]
        first = 1 if run.group().startswith("+") else 0  # an international phone number
        index = first
        while index < len(groups):
            end = _card_ending_at(text, groups, index)
            if end is None:
                index += 1
                continue
            yield groups[index][0], groups[end][1]
            index = end + 1


def _card_ending_at(text: str, groups: list[tuple[int, int]], first: int) -> int | None:
    """The last group of the longest card number that starts at group ``first``, if any."""
    best: int | None = None
    digits = ""
    separator: str | None = None
    for index in range(first, len(groups)):
        start, end = groups[index]
        if index > first:
            gap = text[groups[index - 1][1] : start]
            if gap not in (" ", "-") or separator not in (None, gap):
                break
            separator = gap
            if groups[index - 1][1] - groups[index - 1][0] < CARD_MIN_GROUP:
                break  # only the last group of a card may be short
        digits += text[start:end]
        if len(digits) > CARD_MAX_DIGITS:
            break
        if len(digits) >= CARD_MIN_DIGITS and luhn_valid(digits):
            best = index
    return best


def _harmless_numbers(text: str) -> Iterator[tuple[int, int]]:
    """Spans of dates, times and money amounts: digits that are not customer details."""
    for match in _DATE.finditer(text):
        if _plausible_date(match):
            yield match.span()
    for match in _TIME.finditer(text):
        if int(match["h"]) <= 24 and int(match["min"]) <= 59:
            yield match.span()
    for match in _MONEY.finditer(text):
        yield match.span()


def _plausible_date(match: re.Match[str]) -> bool:
    if match["y"] is not None:
        return 1 <= int(match["m"]) <= 12 and 1 <= int(match["d"]) <= 31
    first, second = int(match["a"]), int(match["b"])
    return 1 <= min(first, second) <= 12 and max(first, second) <= 31


def _phone_or_long(run: str) -> Kind | None:
    """Whether a run of digit groups (no card in it) is a phone or a long account number."""
    groups = _GROUP.findall(run)
    digits = sum(len(group) for group in groups)
    shaped = run.startswith(("+", "(", "0")) or (
        len(groups) > 1 and max(len(group) for group in groups) >= 3
    )
    if PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS and shaped:
        return "phone"
    if len(groups) > 1 and digits >= GROUPED_ACCOUNT_MIN_DIGITS:
        return "account"
    return None  # a plain run of 8+ digits is left for the account pass
