"""The registry of formats: every name it lists works, and nothing else is accepted."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from reflect import sources
from reflect.errors import FormatError, InvalidEntry
from reflect.formats import registry
from reflect.formats.detect import detect, load_import
from reflect.model import make_entry
from reflect.summary import summarize_month

DATA = Path(__file__).parent.parent / "data"
FIXTURES = {
    "reflect": DATA / "summary_fixture.json",
    "jrnl-json": DATA / "jrnl" / "jrnl-export.json",
    "jrnl-text": DATA / "jrnl" / "journal.txt",
    "dayone-json": DATA / "dayone" / "Journal.json",
    "dayone-zip": DATA / "dayone" / "Export-Journal.zip",
}
"""One real file of each kind reflect imports."""


def test_every_source_an_entry_may_have_is_an_importer_and_back() -> None:
    assert registry.importer_names() == sources.SOURCES
    entry = make_entry({"lesson": "x"}, shift_date=date(2026, 11, 3), now=datetime.now(UTC))
    for name in registry.importer_names():
        assert dataclasses.replace(entry, source=name).source == name
    with pytest.raises(InvalidEntry, match=r"^source must be one of reflect, jrnl, dayone, not"):
        dataclasses.replace(entry, source="evernote")
    assert sorted(kind.name for kind in registry.file_kinds()) == sorted(FIXTURES)
    for kind in registry.file_kinds():
        # LoadedImport.source is the part of the kind's name before its first "-"
        assert kind.name.split("-", 1)[0] == kind.importer
    for name in registry.importer_names():
        assert registry.importer(name).kinds, f"{name} reads no kind of file"


@pytest.mark.parametrize("kind", list(FIXTURES))
def test_each_kind_is_recognised_and_loaded_by_its_importer(kind: str) -> None:
    path = FIXTURES[kind]
    owner = registry.importer(kind.split("-", 1)[0])
    assert detect(path.read_bytes()) == kind
    for loaded in (
        load_import(path),
        load_import(path, source=owner.name),
        load_import(path.read_bytes(), path.name, source=owner.name),
    ):
        assert (loaded.format, loaded.source) == (kind, owner.name)
        assert loaded.entries and {entry.source for entry in loaded.entries} == {owner.name}


@pytest.mark.parametrize("kind", list(FIXTURES))
def test_another_importer_refuses_the_file_and_says_what_it_looks_like(kind: str) -> None:
    found = next(each for each in registry.file_kinds() if each.name == kind)
    for other in registry.importer_names():
        if other == found.importer:
            continue
        title = registry.importer(other).title
        with pytest.raises(FormatError) as error:
            load_import(FIXTURES[kind], source=other)
        said = f"{FIXTURES[kind].name} is not a {title} export: it looks like {found.description}"
        assert str(error.value) == said


def test_an_unknown_name_is_refused_with_the_names_there_are() -> None:
    with pytest.raises(FormatError) as error:
        load_import(b"{}", "x.json", source="evernote")
    assert str(error.value) == "unknown import format 'evernote': use one of reflect, jrnl, dayone"
    with pytest.raises(
        FormatError, match=r"^unknown export format 'pdf': use one of json, md, csv$"
    ):
        registry.exporter("pdf")
    with pytest.raises(
        FormatError, match=r"^unknown summary format 'pdf': use one of text, md, json, html$"
    ):
        registry.summary_format("pdf")


def test_what_the_json_exporter_writes_the_reflect_importer_reads_back() -> None:
    entries = load_import(FIXTURES["reflect"]).entries
    written = registry.exporter("json").dump(entries)
    assert detect(written) == "reflect"
    back = load_import(written, "back.json").entries
    assert {entry.id: entry for entry in back} == {entry.id: entry for entry in entries}
    assert [registry.exporter(name).suffix for name in registry.exporter_names()] == [
        ".json",
        ".md",
        ".csv",
    ]


def test_only_the_terminal_format_depends_on_width_and_colour() -> None:
    entries = load_import(FIXTURES["reflect"]).entries
    summary = summarize_month(entries, 2026, 11, today=date(2026, 11, 24))
    narrow = registry.summary_format("text").render(summary, width=60)
    assert max(len(line) for line in narrow.splitlines()) <= 60
    assert "\x1b[" not in narrow
    assert "\x1b[" in registry.summary_format("text").render(summary, color=True)
    for name in ("md", "json", "html"):
        document = registry.summary_format(name)
        assert document.render(summary, width=40, color=True) == document.render(summary)
        assert document.render(summary).endswith("\n")


def test_the_registry_loads_no_format_until_one_is_used() -> None:
    code = (
        "import sys\nfrom reflect.formats import registry\n"
        "registry.importer_names(), registry.exporter_help(), registry.summary_format('md')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('reflect.formats.', "
        "'reflect.summary', 'rich', 'orjson'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "['reflect.formats.registry']"
