"""The privacy guard finds customer details, and leaves dates, times, money and tickets be."""

import itertools

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from reflect.privacy import ACCOUNT_MIN_DIGITS, find_details, luhn_valid, redact


def luhn_complete(body: str) -> str:
    """``body`` followed by the check digit that makes it pass Luhn."""
    return next(body + digit for digit in "0123456789" if luhn_valid(body + digit))


@pytest.mark.parametrize(
    ("text", "kind", "found"),
    [
        ("card 4111 1111 1111 1111 today", "card", "4111 1111 1111 1111"),
        ("4111-1111-1111-1111", "card", "4111-1111-1111-1111"),
        ("amex 3782-822463-10005.", "card", "3782-822463-10005"),
        ("read 4111111111111111 out", "card", "4111111111111111"),
        ("on 2026-11-24 4111 1111 1111 1111", "card", "4111 1111 1111 1111"),
        ("mail jo.doe+x@example.co.uk now", "email", "jo.doe+x@example.co.uk"),
        ("call +44 20 7946 0958.", "phone", "+44 20 7946 0958"),
        ("call +44 (0)20 7946 0958", "phone", "+44 (0)20 7946 0958"),
        ("(555) 123-4567", "phone", "(555) 123-4567"),
        ("at 555-123-4567 or", "phone", "555-123-4567"),
        ("mobile 0612345678", "phone", "0612345678"),
        ("06.12.34.56.78", "phone", "06.12.34.56.78"),
        ("+33 6 12 34 56 78", "phone", "+33 6 12 34 56 78"),
        ("order 12345678 lost", "account", "12345678"),
        ("ref ORD123456789", "account", "ORD123456789"),
        ("ticket #12345678", "account", "12345678"),
        ("card 1234 5678 9012 3456 (typo)", "account", "1234 5678 9012 3456"),
    ],
)
def test_each_kind_of_detail_is_found(text: str, kind: str, found: str) -> None:
    (finding,) = find_details(text)
    assert (finding.kind, finding.text) == (kind, found)
    assert text[finding.start : finding.end] == found
    assert redact(text) == text.replace(found, finding.label)


def test_several_details_are_all_redacted_in_place() -> None:
    text = "She gave 4111 1111 1111 1111, jo@example.com and 07700 900123 for order 99887766."
    assert redact(text) == (
        "She gave [card number], [email] and [phone number] for order [account number]."
    )


@pytest.mark.parametrize(
    "text",
    [
        "On 2026-11-24 at 18:30 I refunded £1,250.00 and $35.99 for #4821 and INC-20431",
        "24/11/2026 18:30:00, 11/24/26 6:30pm, 24.11.2026",
        "2026-11-24T18:30:00+00:00",
        "1.250,00 € and 40 dollars and USD 1,200 and €12",
        "2026-11-24 2026-11-25, 18:30-19:00",
        "Tickets INC-2043117 and #482199 were closed",
        "I took 42 calls, 3 escalations, 1 hour 20 minutes",
        "",
        "no digits at all",
    ],
)
def test_no_false_alarms_on_ordinary_numbers(text: str) -> None:
    assert find_details(text) == []
    assert redact(text) == text


def test_the_luhn_check() -> None:
    assert luhn_valid("4111111111111111") and luhn_valid("378282246310005")
    assert not luhn_valid("4111111111111112")


card_layouts = st.integers(13, 19).flatmap(
    lambda length: st.tuples(
        st.text("0123456789", min_size=length - 1, max_size=length - 1),
        st.lists(st.integers(3, 7), min_size=1, max_size=6),
        st.sampled_from([" ", "-", ""]),
    )
)
contexts = st.tuples(
    st.sampled_from(["", "card ", "card: ", "the number was ", "(", "customer read out\n"]),
    st.sampled_from(["", ".", " today", ")", ", expiry 11/27", " at 18:30"]),
)


def layout(digits: str, sizes: list[int], separator: str) -> str:
    """``digits`` in groups of ``sizes`` (the last group takes what is left)."""
    groups, position = [], 0
    for size in sizes:
        if position + size >= len(digits):
            break
        groups.append(digits[position : position + size])
        position += size
    groups.append(digits[position:])
    return separator.join(groups)


@given(card_layouts, contexts)
@example(("411111111111111", [4, 4, 4], " "), ("card ", "."))
@example(("378282246310000", [4, 6], "-"), ("", ""))
def test_card_numbers_are_found_in_many_layouts(
    card: tuple[str, list[int], str], context: tuple[str, str]
) -> None:
    body, sizes, separator = card
    number = layout(luhn_complete(body), sizes, separator)
    before, after = context
    text = f"{before}{number}{after}"
    findings = [f for f in find_details(text) if f.kind == "card"]
    assert [(f.start, f.end) for f in findings] == [(len(before), len(before) + len(number))]
    redacted = redact(text)
    assert redacted == f"{before}[card number]{after}"


day = st.tuples(st.integers(2000, 2099), st.integers(1, 12), st.integers(1, 28))
dates = day.flatmap(
    lambda d: st.sampled_from(
        [
            f"{d[0]}-{d[1]:02d}-{d[2]:02d}",
            f"{d[0]}/{d[1]}/{d[2]}",
            f"{d[2]:02d}/{d[1]:02d}/{d[0]}",
            f"{d[1]}/{d[2]}/{d[0] % 100:02d}",
            f"{d[2]}.{d[1]}.{d[0]}",
            f"{d[2]:02d}-{d[1]:02d}-{d[0]}",
            f"{d[0]}-{d[1]:02d}-{d[2]:02d}T{d[1]:02d}:{d[2]:02d}:00+01:00",
        ]
    )
)
times = st.tuples(st.integers(0, 23), st.integers(0, 59), st.booleans(), st.booleans()).map(
    lambda t: f"{t[0]}:{t[1]:02d}" + (":00" if t[2] else "") + (" pm" if t[3] else "")
)
amounts = st.tuples(st.integers(0, 9_999_999), st.integers(0, 99))
money = amounts.flatmap(
    lambda a: st.sampled_from(
        [
            f"£{a[0]:,}.{a[1]:02d}",
            f"${a[0]}.{a[1]:02d}",
            f"€{a[0]}",
            f"{a[0]:,}.{a[1]:02d}",
            f"{a[0]:,} EUR",
            f"USD {a[0]:,}",
            f"{a[0]} dollars",
            f"{a[0]:,}.{a[1]:02d}".replace(",", "#").replace(".", ",").replace("#", ".") + " €",
        ]
    )
)
tickets = st.tuples(
    st.integers(0, 10 ** (ACCOUNT_MIN_DIGITS - 1) - 1), st.sampled_from(["#", "INC-", "T-", "CS"])
).map(lambda t: f"{t[1]}{t[0]}")
harmless = st.lists(st.one_of(dates, times, money, tickets), min_size=1, max_size=6)
joiners = st.sampled_from([" ", ", ", " and ", " at ", "; ", "\n", " - "])


@given(harmless, joiners)
@example(["#0", "#1000000"], " ")  # phonenumbers read "#1000000" after another number
@example(["#1000000", "#0"], " ")  # and "1000000 #0" as a number with an extension
def test_dates_times_money_and_short_tickets_are_never_flagged(
    parts: list[str], joiner: str
) -> None:
    text = "On the call " + joiner.join(parts) + "."
    assert find_details(text) == []


@given(st.text(alphabet="0123456789 -+()./:@abcx£$,\n", max_size=60))
def test_findings_never_overlap_and_redaction_removes_them_all(text: str) -> None:
    findings = find_details(text)
    for first, second in itertools.pairwise(findings):
        assert first.end <= second.start
    assert all(text[f.start : f.end] == f.text and f.text for f in findings)
    assert find_details(redact(text)) == []


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("card 3782-822463-10005", "card [card number]"),
        ("mail jo.smith+orders@mail.example.co.uk.", "mail [email]."),
        ("office +44 20 7946 0958 ext. 204 after 6", "office [phone number] after 6"),
        ("call 555-0143 back", "call [phone number] back"),
        ("iban GB82 WEST 1234 5698 7654 32 ok", "iban [IBAN] ok"),
        ("ssn 123-45-6789", "ssn [SSN]"),
        ("NI AB 12 34 56 C", "NI [NI number]"),
        ("DOB 03/07/1961", "DOB [date of birth]"),
        ("lives at Flat 3, 17 Harbour Street, SW1A 1AA", "lives at [address], [postcode]"),
        ("Springfield, IL 62704", "Springfield, IL [postcode]"),
        ("Mrs Patel rang", "[name] rang"),
        ("a caller named Tomasz Nowak", "a caller named [name]"),
        ("booking ref X7K9QP", "booking ref [account number]"),
        ("ORD-2025-884120 lost", "[account number] lost"),
    ],
)
def test_the_examples_of_docs_privacy(text: str, redacted: str) -> None:
    assert redact(text) == redacted


def test_what_docs_privacy_leaves_alone() -> None:
    text = "#4821 INC-20431 QA 78/100, error 0x80070005, CSAT 92% at 18:30, £1,250.00, iOS 17.2"
    assert find_details(text) == []
