"""The privacy guard: customer details that must never travel in a shared entry.

An agent writing about a hard call may type what the customer read out to them. Before an
entry leaves the journal (a share bundle), these details are found and replaced by a label,
unless the author explicitly allowed them for that entry. What reflect promises, and how
well it keeps the promise on a corpus written blind, is in docs/privacy.md.

What counts, each found by the means that knows it best:

- **card number** ``[card number]``: 13-19 digits passing the Luhn check (python-stdnum),
  plain or in groups split by spaces, tabs, non-breaking spaces, dashes of any kind,
  slashes or dots, one or two of them between groups (``4111 1111 1111 1111``,
  ``3782-822463-10005``).
- **e-mail** ``[email]``: ``name+tag@sub.domain.tld``.
- **phone number** ``[phone number]``: what Google's libphonenumber (``phonenumbers``)
  takes for a possible number, as written in the UK or the US or with a ``+`` country
  code, with its extension; and 7-digit local numbers (``555-0143``).
- **IBAN** ``[IBAN]``: with a valid check (python-stdnum), compact or in groups.
- **SSN** ``[SSN]``: a US Social Security number (python-stdnum's rules).
- **NI number** ``[NI number]``: a UK National Insurance number (its fixed public format;
  python-stdnum has no module for it).
- **date of birth** ``[date of birth]``: a date after "DOB", "born", "date of birth".
- **address** ``[address]`` and **postcode** ``[postcode]``: a house number and street
  ("Flat 3, 17 Harbour Street"); UK and Canadian postcodes; US ZIP codes after a state.
- **name** ``[name]``: a title and a name ("Mrs Patel", "Dr Alvarez"), or a full name
  right after "customer", "caller", "named" and the like.
- **account number** ``[account number]``: after words such as order, booking, ref,
  account, policy, customer ID, meter or sort code, the reference that follows; and
  anywhere, a run of :data:`ACCOUNT_MIN_DIGITS` (8) or more digits, or a code holding 7
  or more digits (``ORD-2025-884120``).

Never a finding: dates, times, money, percentages, versions, scores like ``78/100``, and
ticket numbers below the threshold (``#4821``, ``INC-20431``). A false alarm costs a label;
a miss costs a customer's data, so where the two conflict the guard errs on the label.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

Kind = Literal[
    "card", "email", "phone", "iban", "ssn", "ni", "dob", "address", "postcode", "name",
    "account",
]  # fmt: skip

LABELS: dict[Kind, str] = {
    "card": "[card number]",
    "email": "[email]",
    "phone": "[phone number]",
    "iban": "[IBAN]",
    "ssn": "[SSN]",
    "ni": "[NI number]",
    "dob": "[date of birth]",
    "address": "[address]",
    "postcode": "[postcode]",
    "name": "[name]",
    "account": "[account number]",
}
CARD_MIN_DIGITS = 13
CARD_MAX_DIGITS = 19
CARD_MIN_GROUP = 3
PHONE_MIN_DIGITS = 7
PHONE_MAX_DIGITS = 15
ACCOUNT_MIN_DIGITS = 8
MISTYPED_CARD_DIGITS = 16
"""Grouped digits this long that fail the card check are a mistyped card: an account."""
CODE_MIN_DIGITS = ACCOUNT_MIN_DIGITS
"""A code mixing letters and digits (``PL-99381720``) is a reference from this many digits
(fewer, as in ``INC-2043117``, is a ticket of the agent's own help desk)."""
PHONE_REGIONS = ("GB", "US")
"""How numbers without a ``+`` are read: the forms agents in these regions write most."""

_MASK = "\x00"  # stands in for text already accounted for; breaks digit runs

# -- shapes -------------------------------------------------------------------------------

_SEPARATOR = "[ \t\u00a0\u2007\u2009\u202f.\\-\u2010-\u2015\u2212/]"
_DIGIT_RUN = re.compile(rf"(?<![\w])\d+(?:{_SEPARATOR}{{1,2}}\d+)*")
_GROUP = re.compile(r"\d+")

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \u00a0]?[A-Za-z0-9]){11,32}")
_SSN = re.compile(r"(?<![\d-])\d{3}([- ]?)\d{2}\1\d{4}(?![\d-])")
_NI = re.compile(
    r"(?<![A-Za-z0-9])(?!(?i:BG|GB|NK|KN|TN|NT|ZZ))(?i:[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])"
    r"[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?(?i:[A-D])(?![A-Za-z0-9])"
)
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_A_DATE = (
    rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{4}}"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
_DOB = re.compile(
    rf"(?i:\b(?:d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|birthday|born)"
    rf"(?:[\s:,-]+(?:is|was|as|of|on|in|given|said|:|-)){{0,2}}[\s:,-]*)"
    rf"(?P<date>(?i:{_A_DATE}))"
)
_STREET_TYPES = (
    r"street|st|road|rd|avenue|ave|lane|ln|drive|dr|close|way|court|ct|place|pl|crescent"
    r"|terrace|boulevard|blvd|gardens|grove|square|sq|row|hill|park|parade|mews|walk|rise"
    r"|view|green|highway|hwy|circle|cir|trail|parkway|pkwy|wharf|quay|gate|vale"
)
_NOT_STREET_WORDS = frozenset(
    (
        "a", "an", "the", "of", "on", "in", "at", "to", "for", "and", "or", "my", "his", "her",
        "their", "our", "this", "that", "last", "next", "hours", "hour", "minutes", "mins",
        "calls", "call", "times", "days", "weeks", "hold",
    )
)  # fmt: skip
_UNIT = r"(?i:\b(?:flat|apt|apartment|unit|suite|blk|block|lot|floor|fl)\.?\s*\w{1,5},?\s+)"
_STREET_WORD = r"(?:[A-Za-z][\w'\u2019-]*|\d+(?:st|nd|rd|th))"
_ADDRESS = re.compile(
    rf"(?:{_UNIT}+(?:\d{{1,5}}[A-Za-z]?,?\s+)?|\b\d{{1,5}}[A-Za-z]?,?\s+)"
    rf"(?:(?P<words>(?:{_STREET_WORD}\s+){{1,3}})(?i:(?:{_STREET_TYPES}))\b\.?"
    rf"|(?i:rue|avenue|av|calle|via|chemin|boulevard|bd|allée|strada)\s+(?P<after>"
    rf"(?:[A-Za-z][\w'\u2019-]*)(?:\s+(?:[A-Za-z][\w'\u2019-]*)){{0,2}})"
    rf"|(?P<compound>[A-Z][a-z]+(?:way|gate|street|road|lane|field|wood|side)))\b"
)
_UK_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?i:[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])"
)
_CA_POSTCODE = re.compile(r"(?<![A-Za-z0-9])(?i:[A-Z]\d[A-Z]\s?\d[A-Z]\d)(?![A-Za-z0-9])")
_US_STATES = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA",
    "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ",
    "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT",
    "VA", "WA", "WV", "WI", "WY", "DC",
)  # fmt: skip
_ZIP = re.compile(
    rf"(?:\b(?:{'|'.join(_US_STATES)})\s+|(?i:\bzip(?:\s*code)?:?\s*))"
    r"(?P<zip>\d{5}(?:-\d{4})?)\b"
)
_PARTICLE = r"(?:van|von|der|den|de|da|di|del|la|le|bin|al|el|ter|ten|du|dos|das)"
_NAME_WORD = rf"(?:{_PARTICLE}\s+)*[A-Z][a-zA-Z'\u2019-]+"
_TITLED_NAME = re.compile(
    rf"\b(?:(?i:mr|mrs|ms|miss|mx|dr|prof)\.?\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD})?"
    rf"|[a-z][a-z'\u2019-]+)|(?:Sir|Madam|Mister|Missus)\s+(?P<formal>{_NAME_WORD}))"
)
_NOT_NAMES = frozenset(
    (
        "a", "an", "the", "and", "or", "but", "to", "of", "on", "in", "at", "for", "with", "is",
        "was", "has", "had", "said", "says", "asked", "told", "please", "thanks", "thank",
        "sorry", "yes", "no", "who", "whose",
    )
)  # fmt: skip
_NAME_CUE = (
    r"customer|caller|cx|cust|client|member|patient|passenger|guest|account\s+holder"
    r"|lady|gentleman|gent|named|called|name\s+is|name's|spoke\s+to|speaking\s+to"
    r"|talked\s+to"
)
_CUED_NAME = re.compile(
    rf"(?i:\b(?:{_NAME_CUE}))[\s,:]+(?P<name>{_NAME_WORD}\s+{_NAME_WORD})(?![\w'\u2019-])"
)
_REFERENCE_CUE = re.compile(
    r"(?i:\b(?:order|booking|reservation|ref(?:erence)?|pnr|confirmation|tracking|invoice"
    r"|receipt|account|acct|a/c|policy|customer\s+id|customer\s+number|member(?:ship)?"
    r"|meter|mpan|mprn|sort\s+code|claim|case\s+ref|loan|contract|subscriber|serial)"
    r"(?:\s+(?:no|num|number|id|ref|code)\.?)?(?:\s+(?:is|was|of))?[\s:#.-]*)"
    r"(?P<ref>[A-Za-z0-9][A-Za-z0-9/-]*[A-Za-z0-9](?:[ ][0-9][0-9-]*[0-9])?)"
)
_CODE = re.compile(r"(?<![\w-])[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)+(?![\w-])|(?<!\w)[A-Za-z]*\d[\w]*")

# -- harmless numbers: masked before phones and long numbers are looked for ---------------

_NOT_GLUED_BEFORE = r"(?<!\d)(?<!\d[-/.])"
_NOT_GLUED_AFTER = r"(?!\d|[-/.]\d)"
_DATE = re.compile(
    _NOT_GLUED_BEFORE
    + r"(?:(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    + r"|(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})(?:[-/.](?:\d{4}|\d{2}))?)"
    + _NOT_GLUED_AFTER
)
_TIME = re.compile(
    r"(?<![\d:])(?P<h>\d{1,2}):(?P<min>\d{2})(?::\d{2}(?:[.,]\d+)?)?(?:\s?[ap]\.?m\.?)?(?![\d:])",
    re.IGNORECASE,
)
_AMOUNT = r"(?:\d{1,3}(?:[,.\u00a0\u202f]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
_CURRENCY_SIGN = r"[£$€¥₹]"
_CURRENCY_CODE = r"(?:USD|EUR|GBP|CAD|AUD|NZD|CHF|INR|JPY|ZAR|PHP)"
_CURRENCY_WORD = r"(?:dollars?|pounds?|euros?|bucks|quid|cents?|pence|rupees?|yen|pesos?|k)"
_MONEY = re.compile(
    rf"(?:{_CURRENCY_SIGN}|\b{_CURRENCY_CODE})\s?-?{_AMOUNT}(?!\d)"
    rf"|(?<![\d.,]){_AMOUNT}\s?(?:{_CURRENCY_SIGN}|(?:{_CURRENCY_CODE}|{_CURRENCY_WORD})\b)"
    r"|(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?(?!\d|[.,]\d)"
    r"|(?<![\d.,])\d+\.\d{2}(?!\d|\.\d)",
    re.IGNORECASE,
)
_OTHER_HARMLESS = re.compile(
    r"(?<![\w.])\d+(?:[.,]\d+)?\s?%"  # percentages
    r"|(?i:\b(?:v|version|ios|android|windows|firmware|build|release)\s?\d+(?:\.\d+)+)"
    r"|(?<![\w.])\d{1,3}(?:\.\d{1,3}){2,3}(?![\w.])"  # versions (a phone has longer groups)
    r"|(?<!\w)0x[0-9a-fA-F]+(?!\w)"  # error codes
    r"|(?<![\d/])\d{1,3}/(?:5|10|100)(?![\d/])"  # scores
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
    from stdnum import luhn

    return bool(digits.isdigit() and luhn.is_valid(digits))


def find_details(text: str) -> list[Finding]:
    """Every customer detail in ``text``, in order, never overlapping."""
    if not _worth_looking(text):
        return []  # most reflections: nothing to look at
    return _Search(text).run()


def _worth_looking(text: str) -> bool:
    return (
        any(char.isdigit() or char == "@" for char in text)
        or _TITLED_NAME.search(text) is not None
        or _CUED_NAME.search(text) is not None
    )


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


class _Search:
    """One text, searched kind by kind; what is found is masked so nothing counts twice."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.work = list(text)
        self.findings: list[Finding] = []

    @property
    def masked(self) -> str:
        return "".join(self.work)

    def keep(self, kind: Kind, start: int, end: int) -> None:
        while end > start and self.text[end - 1] in " \t,.;:":
            end -= 1
        if end <= start or _MASK in self.work[start:end]:
            return
        self.findings.append(Finding(kind, start, end, self.text[start:end]))
        self.mask(start, end)

    def mask(self, start: int, end: int) -> None:
        self.work[start:end] = _MASK * (end - start)

    def run(self) -> list[Finding]:
        for match in _EMAIL.finditer(self.text):
            self.keep("email", *match.span())
        self._ibans()
        self._cued_references()  # before cards: "order 114-3920571-8823016" is one number
        self._cards()
        for match in _SSN.finditer(self.masked):
            if _ssn_valid(match.group()):
                self.keep("ssn", *match.span())
        for match in _NI.finditer(self.masked):
            self.keep("ni", *match.span())
        for match in _DOB.finditer(self.masked):
            self.keep("dob", *match.span("date"))
        self._addresses()
        for pattern, group in ((_UK_POSTCODE, 0), (_CA_POSTCODE, 0), (_ZIP, "zip")):
            for match in pattern.finditer(self.masked):
                self.keep("postcode", *match.span(group))
        self._names()
        for start, end in _harmless_numbers(self.masked):
            self.mask(start, end)
        for run in _DIGIT_RUN.finditer(self.masked):  # a card number mistyped: still private
            groups = _GROUP.findall(run.group())
            if len(groups) > 1 and sum(map(len, groups)) >= MISTYPED_CARD_DIGITS:
                self.keep("account", *run.span())
        self._phones()
        self._codes()
        self._long_numbers()
        return sorted(self.findings, key=lambda finding: finding.start)

    def _ibans(self) -> None:
        from stdnum import iban

        for match in _IBAN.finditer(self.masked):
            candidate = match.group()
            # the longest valid prefix: an IBAN may be followed by more words
            for end in range(len(candidate), 14, -1):
                # the IBAN's own check (mod 97) is enough: a national check that fails on a
                # mistyped account number must not let the rest of it travel
                if candidate[end - 1] != " " and iban.is_valid(candidate[:end], False):
                    self.keep("iban", match.start(), match.start() + end)
                    break

    def _cards(self) -> None:
        for run in _DIGIT_RUN.finditer(self.masked):
            groups = [
                (run.start() + group.start(), run.start() + group.end())
                for group in _GROUP.finditer(run.group())
            ]
            index = 0
            while index < len(groups):
                end = self._card_ending_at(groups, index)
                if end is None:
                    index += 1
                    continue
                self.keep("card", groups[index][0], groups[end][1])
                index = end + 1

    def _card_ending_at(self, groups: list[tuple[int, int]], first: int) -> int | None:
        """The last group of the longest card number that starts at group ``first``."""
        best: int | None = None
        digits = ""
        for index in range(first, len(groups)):
            start, end = groups[index]
            if index > first and groups[index - 1][1] - groups[index - 1][0] < CARD_MIN_GROUP:
                break  # only the last group of a card may be short
            digits += self.text[start:end]
            if len(digits) > CARD_MAX_DIGITS:
                break
            if len(digits) >= CARD_MIN_DIGITS and luhn_valid(digits):
                best = index
        return best

    def _addresses(self) -> None:
        for match in _ADDRESS.finditer(self.masked):
            words = (match["words"] or "").lower().split()
            if any(word in _NOT_STREET_WORDS for word in words):
                continue
            self.keep("address", *match.span())

    def _names(self) -> None:
        for match in _TITLED_NAME.finditer(self.masked):
            name = match["name"] or match["formal"]
            if name.lower() in _NOT_NAMES:
                continue
            self.keep("name", match.start(), match.end())
        for match in _CUED_NAME.finditer(self.masked):
            self.keep("name", *match.span("name"))

    def _cued_references(self) -> None:
        """What follows "order", "booking ref", "account", "policy" and the like."""
        for match in _REFERENCE_CUE.finditer(self.masked):
            reference = match["ref"]
            digits = sum(char.isdigit() for char in reference)
            if digits >= 2 and (len(reference) >= 5 or digits >= 4):
                self.keep("account", *match.span("ref"))

    def _codes(self) -> None:
        """Codes with many digits, wherever they are (dates and versions are masked)."""
        for match in _CODE.finditer(self.masked):
            if sum(char.isdigit() for char in match.group()) >= CODE_MIN_DIGITS and any(
                char.isalpha() or char in "-/" for char in match.group()
            ):
                self.keep("account", *match.span())

    def _phones(self) -> None:
        import phonenumbers

        masked = self.masked.replace(_MASK, "~")
        for region in PHONE_REGIONS:
            for match in phonenumbers.PhoneNumberMatcher(
                masked, region, leniency=phonenumbers.Leniency.POSSIBLE
            ):
                if _glued(masked, match.start, match.end) or _bare(match.raw_string):
                    continue  # a code's digits (ORD-2025-884120), or a count: see below
                national = len(str(match.number.national_number))  # without an extension
                if PHONE_MIN_DIGITS <= national <= PHONE_MAX_DIGITS:
                    self.keep("phone", match.start, match.end)
        for run in _DIGIT_RUN.finditer(self.masked):
            groups = _GROUP.findall(run.group())
            digits = sum(len(group) for group in groups)
            if (
                len(groups) > 1
                and PHONE_MIN_DIGITS <= digits <= PHONE_MAX_DIGITS
                and max(len(group) for group in groups) >= 3
                and not _glued(self.masked, *run.span())
            ):
                self.keep("phone", *run.span())

    def _long_numbers(self) -> None:
        for run in _DIGIT_RUN.finditer(self.masked):
            digits = "".join(_GROUP.findall(run.group()))
            if len(digits) >= ACCOUNT_MIN_DIGITS:
                card = CARD_MIN_DIGITS <= len(digits) <= CARD_MAX_DIGITS and luhn_valid(digits)
                self.keep("card" if card else "account", *run.span())


_BARE_RUN = re.compile(r"#?(\d+)(?:\s*#\d+)?", re.ASCII)


def _bare(number: str) -> bool:
    """A run of digits with nothing of a phone's shape: no +, bracket, separator or
    leading 0, maybe after a ticket's ``#`` (phonenumbers keeps the ``#`` of "#1000000"
    when a number comes before it) and maybe before another ticket it reads as an
    extension ("1000000 #0"). Such a run is a count or a ticket (8+ digits: an account
    number)."""
    found = _BARE_RUN.fullmatch(number)
    return found is not None and not found.group(1).startswith("0")


def _glued(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is the tail or head of a longer code (``A-5521-889``)."""
    before = text[max(start - 2, 0) : start]
    after = text[end : end + 2]
    return (len(before) == 2 and before[1] in "-/" and before[0].isalnum()) or (
        len(after) == 2 and after[0] in "-/" and after[1].isalnum()
    )


def _ssn_valid(text: str) -> bool:
    from stdnum.us import ssn

    return bool(ssn.is_valid(text.replace(" ", "-") if " " in text else text))


def _harmless_numbers(text: str) -> Iterator[tuple[int, int]]:
    """Spans of dates, times, money amounts, percentages, versions and scores."""
    for match in _DATE.finditer(text):
        if _plausible_date(match):
            yield match.span()
    for match in _TIME.finditer(text):
        if int(match["h"]) <= 24 and int(match["min"]) <= 59:
            yield match.span()
    for pattern in (_MONEY, _OTHER_HARMLESS):
        for match in pattern.finditer(text):
            yield match.span()


def _plausible_date(match: re.Match[str]) -> bool:
    if match["y"] is not None:
        return 1 <= int(match["m"]) <= 12 and 1 <= int(match["d"]) <= 31
    first, second = int(match["a"]), int(match["b"])
    return 1 <= min(first, second) <= 12 and max(first, second) <= 31


def kinds_in(texts: Iterable[str]) -> list[str]:
    """The labels of every kind of detail found in ``texts``, without brackets, sorted."""
    return sorted({finding.label.strip("[]") for text in texts for finding in find_details(text)})
