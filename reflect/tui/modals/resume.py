"""On start: an unfinished reflection is waiting. Carry on, throw it away, or later."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from reflect.drafts import Draft
from reflect.render import one_line


class ResumeDraftModal(ModalScreen[str | None]):
    """Dismisses with "resume", "discard", or None (decide later)."""

    CSS_PATH = "modals.tcss"
    BINDINGS = [
        Binding("r", "choose('resume')", "Resume"),
        Binding("d", "choose('discard')", "Discard"),
        Binding("escape", "choose(None)", "Later"),
    ]

    resume_button = getters.query_one("#resume", Button)

    def __init__(self, draft: Draft) -> None:
        super().__init__()
        self.draft = draft

    def compose(self) -> ComposeResult:
        draft = self.draft
        what = "an edit of an entry" if draft.entry_id else "a reflection"
        when = draft.shift_date.strftime("%A %d %B")
        started = next(
            (
                draft.text(k)
                for k in ("challenge", "grateful", "kindness", "lesson")
                if draft.text(k)
            ),
            "",
        )
        lines = [f"You have {what} for {when} that is not saved yet (step {draft.step + 1} of 6)."]
        if started:
            lines.append(f"“{one_line(started, 60)}”")
        lines.append("Carry on where you left off?")
        with Vertical(classes="dialog"):
            yield Static("\n\n".join(lines), classes="question", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Resume (r)", variant="primary", id="resume")
                yield Button("Discard (d)", variant="error", id="discard")
                yield Button("Later (esc)", id="later")

    def on_mount(self) -> None:
        self.resume_button.focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "later" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
