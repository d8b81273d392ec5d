"""Free text in sections named like the four fields lands in those fields; the rest in note."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reflect.formats.sections import SYNONYMS, field_for, split_sections
from reflect.model import ALL_TEXT_FIELDS, TEXT_FIELDS


def test_colon_labels_in_any_case_fill_the_fields_and_the_rest_is_note() -> None:
    text = (
        "Tough Tuesday.\n"
        "CHALLENGE: caller shouted about a refund\n"
        "grateful for: it taught me the refund flow\n"
        "Kindness : stayed late to finish his case\n"
        "Lesson learned: name the feeling first"
    )
    assert split_sections(text) == {
        "challenge": "caller shouted about a refund",
        "grateful": "it taught me the refund flow",
        "kindness": "stayed late to finish his case",
        "lesson": "name the feeling first",
        "note": "Tough Tuesday.",
    }


def test_markdown_headings_one_to_three_and_multi_paragraph_sections() -> None:
    text = (
        "# Night shift\n\n"
        "## Challenge\nThree chats at once.\n\nThe status page was down.\n\n"
        "### Gratitude ###\nA colleague's outage macro.\n\n"
        "#### Lesson\nnot a section: level four is too small\n"
        "## Other things\nBook the dentist."
    )
    fields = split_sections(text)
    assert fields["challenge"] == "Three chats at once.\n\nThe status page was down."
    assert fields["grateful"] == "A colleague's outage macro.\n\n#### Lesson\n" + (
        "not a section: level four is too small"
    )
    assert fields["note"] == "# Night shift\n\n## Other things\nBook the dentist."
    assert fields["kindness"] == fields["lesson"] == ""


@pytest.mark.parametrize(
    "line",
    [
        "**Lesson:** slow down",
        "**Lesson**: slow down",
        "__lesson__: slow down",
        "- Lesson: slow down",
        "* lessons learnt: slow down",
        "Takeaway:   slow down",
        "What I\u2019m grateful for: slow down",
    ],
)
def test_label_styles(line: str) -> None:
    fields = split_sections(line)
    target = "grateful" if "grateful" in line else "lesson"
    assert fields[target] == "slow down"
    assert fields["note"] == ""


@pytest.mark.parametrize(
    "text",
    [
        "**Gratitude** is underrated",  # bold words in a sentence
        "My lesson: none",  # the name must start the line
        "Lessons",  # no colon
        "Challenge accepted",
        "Note: Challenge: not at the start",
    ],
)
def test_lookalikes_stay_in_note(text: str) -> None:
    assert split_sections(text) == {**dict.fromkeys(TEXT_FIELDS, ""), "note": text.strip()}


def test_a_field_named_twice_keeps_both_parts_and_note_resumes_after_a_heading() -> None:
    text = "Lesson: one\nChallenge: hard\nLesson: two\n# Later\nmore"
    fields = split_sections(text)
    assert fields["lesson"] == "one\n\ntwo"
    assert fields["challenge"] == "hard"
    assert fields["note"] == "# Later\nmore"


def test_bold_name_alone_opens_a_section_and_crlf_is_normalised() -> None:
    fields = split_sections("intro\r\n**Kindness**\r\ncovered a shift\r\n")
    assert fields == {
        **dict.fromkeys(TEXT_FIELDS, ""),
        "kindness": "covered a shift",
        "note": "intro",
    }


def test_every_synonym_maps_to_its_field() -> None:
    for field, names in SYNONYMS.items():
        assert field in TEXT_FIELDS
        for name in names:
            assert field_for(name.upper()) == field
            assert split_sections(f"{name.title()}: x")[field] == "x"


# -- properties -------------------------------------------------------------------------------

_HEADING = re.compile(r"^ {0,3}#{1,3}(?:[ \t]|$)")
_NAMES = st.sampled_from([(field, name) for field, names in SYNONYMS.items() for name in names])


@given(st.text())
def test_any_text_gives_five_trimmed_strings(text: str) -> None:
    fields = split_sections(text)
    assert list(fields) == list(ALL_TEXT_FIELDS)
    assert all(value == value.strip() for value in fields.values())


@given(st.text())
def test_the_note_holds_no_section_so_splitting_it_again_changes_nothing(text: str) -> None:
    note = split_sections(text)["note"]
    assert split_sections(note) == {**dict.fromkeys(TEXT_FIELDS, ""), "note": note}


@given(st.text())
def test_nothing_appears_from_nowhere(text: str) -> None:
    given_chars = Counter(char for char in text if not char.isspace())
    kept = Counter(
        char for value in split_sections(text).values() for char in value if not char.isspace()
    )
    assert kept <= given_chars


def _plain(content: str) -> bool:
    """Text that is all note, with no heading that could end a section."""
    fields = split_sections(content)
    return (
        bool(content.strip())
        and fields["note"] == content.replace("\r\n", "\n").replace("\r", "\n").strip()
        and not any(_HEADING.match(line) for line in content.replace("\r", "\n").split("\n"))
    )


_CONTENT = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60).filter(_plain)


@given(
    st.text(max_size=40),
    st.lists(
        st.tuples(_NAMES, _CONTENT, st.sampled_from(["label", "bold", "h1", "h2", "h3"])),
        min_size=1,
        max_size=4,
        unique_by=lambda item: item[0][0],
    ),
    st.booleans(),
)
def test_sections_written_in_any_style_come_back_as_written(
    note: str, sections: list[tuple[tuple[str, str], str, str]], upper: bool
) -> None:
    assume(_plain(note) or not note.strip())
    parts = [note]
    for (_, name), content, style in sections:
        shown = name.upper() if upper else name.capitalize()
        if style == "label":
            parts.append(f"{shown}: {content}")
        elif style == "bold":
            parts.append(f"**{shown}:** {content}")
        else:
            parts.append(f"{'#' * int(style[1])} {shown}\n{content}")
    fields = split_sections("\n".join(parts))
    for (field, _), content, _ in sections:
        assert fields[field] == content.replace("\r\n", "\n").replace("\r", "\n").strip()
    assert fields["note"] == note.replace("\r\n", "\n").replace("\r", "\n").strip()
