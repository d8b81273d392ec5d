"""A month as a grid of days: mood as a digit and a color, a dot for a reflection without
a mood, "off" for a day off, ▸ for today, brackets around the selected day."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.actions import SkipAction
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from reflect.summary import DayCell, Summary, month_grids
from reflect.summary.palette import MOOD_STYLES
from reflect.summary.words import WEEKDAY_HEADINGS, mood_level

CELL = 7


class MonthCalendar(Widget, can_focus=True):
    """A month of days; only the days with a reflection can be selected.

    | Key | Does |
    | --- | --- |
    | ``up`` | select the previous day with a reflection |
    | ``down`` | select the next day with a reflection |
    | ``enter`` | post :class:`DayChosen` for the selected day |

    Inside a page that scrolls, ``up`` and ``down`` pick days only while the page is at its
    top with the calendar wholly in view; past the first or the last such day, and
    anywhere else on the page, they are left to the page, which scrolls. So the same keys
    walk the days, scroll down past the last one, and scroll back up to the calendar.

    Its size comes from the month it shows (seven cells a week), so a screen only places it.
    """

    DEFAULT_CSS = """
    MonthCalendar {
        height: auto;
        width: auto;
    }
    MonthCalendar:focus {
        background: $boost;
    }
    """

    BINDINGS = [
        Binding("up", "move(-1)", "Earlier day (away from the calendar: scroll up)", show=False),
        Binding("down", "move(1)", "Later day (past the last: scroll down)", show=False),
        Binding("enter", "open_day", "Read the day"),
    ]

    selected: reactive[date | None] = reactive(None)

    class DayChosen(Message):
        """A reflected day was chosen: the screen decides what reading it means."""

        def __init__(self, calendar: MonthCalendar, cell: DayCell) -> None:
            super().__init__()
            self.calendar = calendar
            """The calendar the day was chosen on."""
            self.cell = cell

        @property
        def control(self) -> MonthCalendar:
            """The calendar, so handlers can be scoped by selector (``@on(..., "#id")``)."""
            return self.calendar

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,  # noqa: A002
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.summary: Summary | None = None

    def show(self, summary: Summary) -> None:
        """Show a month. The selected day stays selected while it has a reflection (the
        same month shown again after a change); otherwise the latest day that has one."""
        self.summary = summary
        reflected = [cell.day for cell in summary.days if cell.reflected]
        if self.selected not in reflected:
            self.selected = reflected[-1] if reflected else None
        self.refresh(layout=True)

    def _reflected(self) -> list[DayCell]:
        return [cell for cell in self.summary.days if cell.reflected] if self.summary else []

    def action_move(self, step: int) -> None:
        days = [cell.day for cell in self._reflected()]
        if not days or not self._wholly_in_view():
            raise SkipAction()
        index = days.index(self.selected) if self.selected in days else len(days) - 1
        moved = index + step
        if not 0 <= moved < len(days):
            raise SkipAction()
        self.selected = days[moved]

    def _wholly_in_view(self) -> bool:
        """Whether every row of the calendar is on screen, and a page scrolling it is at
        its top (see the class's docstring)."""
        region = self.region
        if not region.height:
            return False
        for ancestor in self.ancestors:
            if isinstance(ancestor, Widget) and ancestor.allow_vertical_scroll:
                return ancestor.scroll_y == 0 and ancestor.region.contains_region(region)
        return True

    def action_open_day(self) -> None:
        for cell in self._reflected():
            if cell.day == self.selected:
                self.post_message(self.DayChosen(self, cell))

    def get_content_width(self, container: object, viewport: object) -> int:
        return CELL * 7

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        if self.summary is None:
            return 1
        return 1 + len(month_grids(self.summary.start, self.summary.end)[0].weeks)

    def render(self) -> Text:
        if self.summary is None:
            return Text("")
        grid = month_grids(self.summary.start, self.summary.end)[0]
        cells = {cell.day: cell for cell in self.summary.days}
        lines = Text("".join(f"{name[:2]:>{CELL - 1}} " for name in WEEKDAY_HEADINGS), style="dim")
        for week in grid.weeks:
            lines.append("\n")
            for day in week:
                lines.append_text(self._cell(cells[day]) if day is not None else Text(" " * CELL))
        return lines

    def _cell(self, cell: DayCell) -> Text:
        chosen = cell.day == self.selected
        mark = "▸" if cell.is_today else " "
        text = Text("[" if chosen else " ", style="bold")
        number = Text(f"{mark}{cell.day.day:>2}", style="bold underline" if cell.is_today else "")
        text.append_text(number)
        text.append(" ")
        if cell.mood_average is not None:
            level = mood_level(cell.mood_average)
            text.append(str(level), style=MOOD_STYLES[level - 1])
        elif cell.reflected:
            text.append("•", style="bold")
        elif cell.is_day_off:
            text.append("-", style="dim")
        else:
            text.append(" ")
        text.append("]" if chosen else " ", style="bold")
        return text
