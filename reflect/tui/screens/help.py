"""Every key binding of every screen, gathered from the screens themselves (never stale)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from reflect.tui.modals.confirm import ConfirmModal
from reflect.tui.modals.jot import JotModal
from reflect.tui.modals.resume import ResumeDraftModal
from reflect.tui.modals.share import ShareModal
from reflect.tui.screens.contacts import ContactsScreen
from reflect.tui.screens.entry import EntryScreen
from reflect.tui.screens.goodnight import GoodnightScreen
from reflect.tui.screens.journal import JournalScreen
from reflect.tui.screens.mentor import MentorScreen
from reflect.tui.screens.reflect import ReflectScreen
from reflect.tui.screens.summary import SummaryScreen
from reflect.tui.screens.today import TodayScreen
from reflect.tui.widgets.month_calendar import MonthCalendar

EVERYWHERE: list[BindingType] = [
    Binding("f1", "", "Help, from any screen"),
    Binding("ctrl+p", "", "Command palette (themes, screens, help); not while reflecting"),
    Binding("ctrl+q", "", "Quit, from any screen"),
]

SECTIONS: tuple[tuple[str, list[BindingType]], ...] = (
    ("Everywhere", EVERYWHERE),
    ("Start screen", TodayScreen.BINDINGS),
    ("Jotting a line", JotModal.BINDINGS),
    ("Reflecting", ReflectScreen.BINDINGS),
    ("After saving", GoodnightScreen.BINDINGS),
    ("Journal", JournalScreen.BINDINGS),
    ("Reading an entry", EntryScreen.BINDINGS),
    ("Summary", [*SummaryScreen.BINDINGS, *MonthCalendar.BINDINGS, *SummaryScreen.PAGE_KEYS]),
    ("Mentor", MentorScreen.BINDINGS),
    ("Contacts", ContactsScreen.BINDINGS),
    ("Sharing an entry", ShareModal.BINDINGS),
    ("Unfinished reflection dialog", ResumeDraftModal.BINDINGS),
    ("Yes/no dialogs", ConfirmModal.BINDINGS),
)

_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
}


def key_name(key: str) -> str:
    return ", ".join(_NAMES.get(part, part) for part in key.split(","))


def _rows(bindings: list[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) for each binding; a run of keys doing one thing with different
    arguments (``mood(1)`` to ``mood(5)``) is one row, "1-5". The longer tooltip, where a
    binding has one, says more than the footer's short description."""
    rows: list[tuple[str, str, str]] = []  # keys, label, action name
    for binding in bindings:
        if not isinstance(binding, Binding):
            continue
        label = binding.tooltip or binding.description or binding.action
        action = binding.action.split("(")[0]
        if rows and "(" in binding.action and rows[-1][1:] == (label, action):
            first = rows[-1][0].split("-")[0]
            rows[-1] = (f"{first}-{key_name(binding.key)}", label, action)
        else:
            rows.append((key_name(binding.key), label, action))
    return [(keys, label) for keys, label, _ in rows]


def help_text() -> str:
    """The help as markup: the bold titles are markup, the keys and labels never are. A
    binding's tooltip, where it has one, says more than its footer word."""
    lines: list[str] = []
    for title, bindings in SECTIONS:
        lines.append(f"[b]{escape(title)}[/b]")
        for keys, label in _rows(bindings):
            lines.append(f"  {escape(f'{keys:<12}')} {escape(label)}")
        lines.append("")
    lines.append(
        "In the reflection, tab moves to the next field or step; text is saved as you type."
    )
    return "\n".join(lines)


class HelpScreen(Screen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-scroll"):
            yield Static(help_text(), id="help-text")
        yield Footer()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(None)
