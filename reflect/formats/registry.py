"""Every format reflect reads or writes, by name: importers, exporters, summary formats.

The command line builds its ``--from`` and ``--format`` choices (and their help) from
here, and ``detect`` recognises and loads imports through the file kinds listed here: a
new format reaches the choices, the help and detection by being added here.

Importing this module is cheap on purpose: names and descriptions are plain data, and
the module that does the work is imported only when its function is called (the small
functions at the end), so ``reflect --version`` never loads a parser or a renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal, Protocol, TypeVar

from reflect.errors import FormatError

if TYPE_CHECKING:
    from reflect.formats.imported import LoadedImport
    from reflect.model import Entry
    from reflect.summary import Summary
    from reflect.summary.year import YearSummary

Stage = Literal["bytes", "text", "json"]
"""What detection has read of a file when a kind is asked: its first bytes, the start of
its text, or its decoded JSON. Stages run in that order."""


@dataclass(frozen=True)
class ImportFile:
    """A file being imported, as far as it has been read: what a kind's ``matches`` looks
    at, and what its ``load`` reads."""

    raw: bytes
    """Its bytes; for a path recognised by its first bytes, only those (see ``path``)."""
    label: str = "the file"
    """Its name in messages."""
    path: Path | None = None
    """Where it is, when only its first bytes were read: a zip is opened lazily."""
    head: str = ""
    """The start of its text with ``\\n`` line ends (from the "text" stage on)."""
    document: Any = None
    """Its JSON, decoded once (at the "json" stage)."""
    time_format: str | None = None
    """The time format of a jrnl journal file, when given (else it is guessed)."""
    tz: tzinfo | None = None
    """The zone of times that name none (default: this machine's)."""


@dataclass(frozen=True)
class FileKind:
    """One kind of file an importer reads (jrnl writes a journal file and a JSON export)."""

    name: str
    """What ``LoadedImport.format`` says the file was; it starts with the importer's name."""
    importer: str
    description: str
    """The file as a person would name it, for "it looks like a jrnl journal file"."""
    stage: Stage
    matches: Callable[[ImportFile], bool]
    load: Callable[[ImportFile], LoadedImport]


@dataclass(frozen=True)
class Importer:
    """Where entries can come from: one name for ``--from``, one or more file kinds."""

    name: str
    title: str
    """The name as people write it, in messages: "Day One"."""
    description: str

    @property
    def kinds(self) -> tuple[FileKind, ...]:
        return tuple(kind for kind in _FILE_KINDS if kind.importer == self.name)


@dataclass(frozen=True)
class Exporter:
    """A way to write entries to a file: ``reflect export --format NAME``."""

    name: str
    description: str
    suffix: str
    """What a file of this format is usually called: "entries.csv"."""
    dump: Callable[[Iterable[Entry]], bytes]


class Render(Protocol):
    """How each summary format is drawn (a month, any span, or a year): every one is
    given the terminal's width and whether to colour, so the caller need not know which
    format cares."""

    def __call__(self, summary: Summary | YearSummary, *, width: int, color: bool) -> str: ...


@dataclass(frozen=True)
class SummaryFormat:
    """A way to show a summary: ``reflect summary --format NAME``."""

    name: str
    description: str
    renderer: Render

    suffix: str = ".txt"
    """What a file of this format is called: "reflect-2026-11.html"."""

    def render(
        self, summary: Summary | YearSummary, *, width: int = 100, color: bool = False
    ) -> str:
        """The summary as text. Only the terminal format lays itself out in ``width``
        columns and uses colour when ``color``; the documents are the same for any."""
        return self.renderer(summary, width=width, color=color)


# -- looking them up -------------------------------------------------------------------


def importer_names() -> tuple[str, ...]:
    """What ``import --from`` accepts, in the order it lists them."""
    return tuple(importer.name for importer in _IMPORTERS)


def exporter_names() -> tuple[str, ...]:
    """What ``export --format`` accepts, in the order it lists them."""
    return tuple(exporter.name for exporter in _EXPORTERS)


def summary_format_names() -> tuple[str, ...]:
    """What ``summary --format`` accepts, in the order it lists them."""
    return tuple(format_.name for format_ in _SUMMARY_FORMATS)


def importer(name: str) -> Importer:
    """The importer called ``name``; ``FormatError`` names the ones there are."""
    return _named(_IMPORTERS, name, "import")


def exporter(name: str) -> Exporter:
    """The exporter called ``name``; ``FormatError`` names the ones there are."""
    return _named(_EXPORTERS, name, "export")


def summary_format(name: str) -> SummaryFormat:
    """The summary format called ``name``; ``FormatError`` names the ones there are."""
    return _named(_SUMMARY_FORMATS, name, "summary")


def file_kinds(stage: Stage | None = None) -> tuple[FileKind, ...]:
    """The kinds of file imports recognise, in the order detection tries them (those of
    one ``stage`` only, when given)."""
    return tuple(kind for kind in _FILE_KINDS if stage is None or kind.stage == stage)


def exporter_help() -> str:
    """``export --format``'s help: each name and what it is for."""
    return _help(_EXPORTERS)


def summary_format_help() -> str:
    """``summary --format``'s help: each name and what it is for."""
    return _help(_SUMMARY_FORMATS)


class _Named(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str: ...


_T = TypeVar("_T", bound=_Named)


def _named(table: Sequence[_T], name: str, what: str) -> _T:
    for item in table:
        if item.name == name:
            return item
    names = ", ".join(item.name for item in table)
    raise FormatError(f"unknown {what} format {name!r}: use one of {names}")


def _help(table: Sequence[_Named]) -> str:
    return "; ".join(f"{item.name}: {item.description}" for item in table) + "."


# -- what each format does, importing its module only when called ----------------------


def _is_zip(file: ImportFile) -> bool:
    from reflect.formats import dayone

    return dayone.is_zip(file.raw)


def _load_dayone(file: ImportFile) -> LoadedImport:
    from reflect.formats import dayone

    if file.path is not None:
        return dayone.load(file.path, file.label, tz=file.tz)
    return dayone.load(file.raw, file.label, tz=file.tz)


def _is_dayone_json(file: ImportFile) -> bool:
    from reflect.formats import dayone

    return dayone.looks_like_export(file.document)


def _load_dayone_json(file: ImportFile) -> LoadedImport:
    from reflect.formats import dayone

    return dayone.from_document(file.document, file.label, tz=file.tz)


def _is_jrnl_text(file: ImportFile) -> bool:
    from reflect.formats import jrnl

    return jrnl.guess_time_format(file.head, file.time_format) is not None


def _load_jrnl_text(file: ImportFile) -> LoadedImport:
    from reflect.formats import jrnl

    return jrnl.load_text(file.raw, file.label, time_format=file.time_format, tz=file.tz)


def _is_jrnl_json(file: ImportFile) -> bool:
    from reflect.formats import jrnl

    return jrnl.looks_like_json_export(file.document)


def _load_jrnl_json(file: ImportFile) -> LoadedImport:
    from reflect.formats import jrnl

    return jrnl.from_document(file.document, file.label, tz=file.tz)


def _is_native(file: ImportFile) -> bool:
    from reflect.formats import native

    document = file.document
    return isinstance(document, dict) and document.get("format") == native.FORMAT_NAME


def _load_native(file: ImportFile) -> LoadedImport:
    from reflect.formats import native
    from reflect.formats.imported import LoadedImport

    parsed = native.load(file.raw, file.label)
    return LoadedImport(parsed.entries, parsed.rejected, format="reflect")


def _dump_native(entries: Iterable[Entry]) -> bytes:
    from reflect.formats import native

    return native.dump(entries)


def _dump_markdown(entries: Iterable[Entry]) -> bytes:
    from reflect.formats import markdown_export

    return markdown_export.dump(entries)


def _dump_csv(entries: Iterable[Entry]) -> bytes:
    from reflect.formats import csv_export

    return csv_export.dump(entries)


def _summary_text(summary: Summary | YearSummary, *, width: int, color: bool) -> str:
    from reflect.summary import terminal

    return terminal.as_text(summary, width=width, color=color)


def _summary_markdown(summary: Summary | YearSummary, *, width: int, color: bool) -> str:
    from reflect.summary import markdown
    from reflect.summary.year import YearSummary

    if isinstance(summary, YearSummary):
        return markdown.render_year(summary)
    return markdown.render(summary)


def _summary_json(summary: Summary | YearSummary, *, width: int, color: bool) -> str:
    from reflect.safe_text import json_text

    return json_text(summary.to_json()) + "\n"


def _summary_html(summary: Summary | YearSummary, *, width: int, color: bool) -> str:
    from reflect.summary import html
    from reflect.summary.year import YearSummary

    if isinstance(summary, YearSummary):
        return html.render_year(summary)
    return html.render(summary)


# -- the tables --------------------------------------------------------------------------

_IMPORTERS: Final = (
    Importer("reflect", "reflect", "reflect's own export, as `reflect export` writes it"),
    Importer("jrnl", "jrnl", "a jrnl journal file, or what `jrnl --format json` writes"),
    Importer("dayone", "Day One", "a Day One export: the zip, or the JSON inside it"),
)

_FILE_KINDS: Final = (
    # Detection asks them in this order, stage by stage. Order matters among the JSON
    # ones: a Day One document may also have what a jrnl export has, so Day One asks first.
    FileKind("dayone-zip", "dayone", "a Day One export (zip)", "bytes", _is_zip, _load_dayone),
    FileKind("jrnl-text", "jrnl", "a jrnl journal file", "text", _is_jrnl_text, _load_jrnl_text),
    FileKind("reflect", "reflect", "a reflect export", "json", _is_native, _load_native),
    FileKind(
        "dayone-json", "dayone", "a Day One JSON export", "json", _is_dayone_json, _load_dayone_json
    ),
    FileKind("jrnl-json", "jrnl", "a jrnl JSON export", "json", _is_jrnl_json, _load_jrnl_json),
)

_EXPORTERS: Final = (
    Exporter("json", "reflect's own (import reads it back)", ".json", _dump_native),
    Exporter("md", "to read", ".md", _dump_markdown),
    Exporter("csv", "for spreadsheets", ".csv", _dump_csv),
)

_SUMMARY_FORMATS: Final = (
    SummaryFormat("text", "for the terminal", _summary_text, ".txt"),
    SummaryFormat("md", "to keep or send", _summary_markdown, ".md"),
    SummaryFormat("json", "for programs", _summary_json, ".json"),
    SummaryFormat("html", "to print", _summary_html, ".html"),
)
