"""A table with filters above it and a status line between: the Journal and Mentor screens.

What the two share lives here once: the filter fields with their debounce, the status
line, the table that keeps its cursor on the same row when it is filled again, ``/`` to
filter, ``escape`` back from a filter to the table (and from the table out), ``enter``
to read the highlighted row, and reading again on a journal change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.console import RenderableType
from textual import getters, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Static

from reflect.journal import JournalChange
from reflect.tui.screens.base import BaseScreen
from reflect.tui.services import Services

FILTER_DELAY = 0.25
"""Seconds of quiet typing in a filter before the table is filtered again."""

FILTER = Binding("slash", "focus_filter", "Filter", key_display="/")
READ = Binding("enter", "open_entry", "Read", show=False)
BACK = Binding("escape", "back", "Back")
"""The bindings every filtered table has. A subclass lists them in its own BINDINGS, in
the order its footer shows them (bindings a base class declared would come first)."""

Row = tuple[str, Sequence[RenderableType]]
"""A row's key (stable across reloads: an entry's id) and its cells."""


class FilteredTableScreen(BaseScreen[None]):
    """Rows to read, narrowed by what is typed in the filter fields above them.

    A subclass names its widgets (the ids stay the screen's own: other programs and tests
    find ``#entries`` or ``#mentor-status``), composes its fields in
    :meth:`compose_filters`, reads its rows in :meth:`reload` and hands them to
    :meth:`show_rows`, filters in :meth:`apply_filters`, and says in :meth:`open_row`
    what reading a row means.
    """

    FILTERS_ID: ClassVar[str]
    STATUS_ID: ClassVar[str]
    TABLE_ID: ClassVar[str]
    COLUMNS: ClassVar[tuple[str, ...]]
    LOADING: ClassVar[str]
    """The status line until the first rows arrive."""

    table = getters.query_one(DataTable)
    status_line = getters.query_one(".table-status", Static)
    filter_bar = getters.query_one(".filter-bar", Horizontal)

    def __init__(self, services: Services) -> None:
        super().__init__(services)
        self._filter_timer: Timer | None = None
        self._row_keys: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id=self.FILTERS_ID, classes="filter-bar"):
            yield from self.compose_filters()
        yield Static(self.LOADING, id=self.STATUS_ID, classes="table-status")
        yield DataTable(id=self.TABLE_ID, cursor_type="row", zebra_stripes=True)
        yield Footer()

    def compose_filters(self) -> ComposeResult:
        """The filter fields, first the one ``/`` moves to."""
        raise NotImplementedError

    def on_mount(self) -> None:
        for field in self.filter_bar.query(Input):
            field.cursor_blink = self.services.blink
        self.table.add_columns(*self.COLUMNS)
        self.table.focus()
        self.reflect_app.journal_changed_signal.subscribe(self, self.journal_changed)
        self.reload()

    # -- what a subclass provides ---------------------------------------------------------

    def reload(self) -> None:
        """Read the rows again (in a worker) and show them."""
        raise NotImplementedError

    def apply_filters(self) -> None:
        """The filters changed: show the rows that pass them."""
        raise NotImplementedError

    def open_row(self, index: int) -> None:
        """Read the row at ``index`` (the person pressed enter on it)."""
        raise NotImplementedError

    def journal_changed(self, change: JournalChange) -> None:
        """Read again while on screen; a screen underneath reads again on its return."""
        if self.is_current:
            self.reload()

    # -- the table and the status line ----------------------------------------------------

    def show_rows(self, rows: Iterable[Row]) -> None:
        """Fill the table, keeping the cursor on the row it was on (or near where it was,
        if that row is gone), so a reload never moves the person's place."""
        table = self.table
        was = self.highlighted
        previous = self._row_keys[was] if was is not None else None
        table.clear()
        for column in table.columns.values():  # widths follow the new rows, also narrower
            column.content_width = column.label.cell_len  # never narrower than its heading
        keys: list[str] = []
        for key, cells in rows:
            table.add_row(*cells, key=key)
            keys.append(key)
        self._row_keys = keys
        if keys:
            target = keys.index(previous) if previous in keys else (was or 0)
            table.move_cursor(row=min(max(target, 0), len(keys) - 1))

    def show_status(self, text: str) -> None:
        self.status_line.update(text)

    @property
    def highlighted(self) -> int | None:
        """The index of the row under the cursor, if there is one."""
        row = self.table.cursor_row
        return row if 0 <= row < len(self._row_keys) else None

    # -- filters --------------------------------------------------------------------------

    @on(Input.Changed)
    def _filter_changed(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self.apply_filters)

    @on(Input.Submitted)
    def _filter_submitted(self) -> None:
        """Enter in a filter: filter now and go back to the rows."""
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self.apply_filters()
        self.table.focus()

    # -- keys -----------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.filter_bar.query(Input).first().focus()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.table.focus()
        else:
            self.dismiss(None)

    @on(DataTable.RowSelected)
    def action_open_entry(self) -> None:
        index = self.highlighted
        if index is not None:
            self.open_row(index)
