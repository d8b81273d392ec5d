"""The guided reflection: six short steps, keyboard only, saved as a draft while typing."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import (
    ContentSwitcher,
    Footer,
    Header,
    Input,
    Label,
    OptionList,
    RadioButton,
    RadioSet,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reflect.dates import MONTH_NAMES, WEEKDAY_NAMES, parse_when
from reflect.drafts import Draft
from reflect.errors import ReflectError
from reflect.jots import Jot
from reflect.model import Entry, clean_tags
from reflect.privacy import find_details, redact
from reflect.render import FIELD_TITLES
from reflect.tui.messages import OpenEntry
from reflect.tui.screens.base import BaseScreen
from reflect.tui.services import Services
from reflect.tui.widgets.past_panel import EMPTY_HINT, LOADING, PastPanel
from reflect.tui.widgets.step_progress import StepProgress

if TYPE_CHECKING:
    from reflect.match import Match, MatchIndex

MATCH_DELAY = 0.4
"""Seconds of quiet typing before looking for past entries that match the challenge."""

DRAFT_SAVE_DELAY = 1.0
"""Seconds of quiet typing after which the draft is written (and on every step change)."""

MOODS = ("1 · very hard", "2 · hard", "3 · so-so", "4 · good", "5 · very good")


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    hint: str


STEPS = (
    Step("challenge", "The challenge", "What was hard in this shift?"),
    Step("grateful", "Grateful for it", "What did that challenge give you?"),
    Step("kindness", "A kindness you gave", "Big or small, it counts."),
    Step("lesson", "A lesson you learned", "What will you take into the next shift?"),
    Step("details", "Mood, tags, who may read it", "All optional."),
    Step("review", "Review and save", "ctrl+s saves. Steps can be left empty."),
)
TEXT_STEPS = tuple(step.key for step in STEPS[:4])


def split_tags(text: str) -> list[str]:
    """Tags as typed in the field: separated by commas (or lines); spaces inside a tag
    become ``-``, as ``reflect add --tag "angry caller"`` does."""
    return ["-".join(part.split()) for part in re.split(r"[,\n]+", text) if part.strip()]


def day_label(day: date) -> str:
    """ "Tue 1 Dec": the day a reflection files under, short enough for any width."""
    return f"{WEEKDAY_NAMES[day.weekday()][:3]} {day.day} {MONTH_NAMES[day.month - 1][:3]}"


class ReflectScreen(BaseScreen[Entry | None]):
    """Dismisses with the saved entry, or None when the person leaves (the draft is kept)."""

    CSS_PATH = "reflect.tcss"
    OWNS_CTRL_P = True
    """The app leaves ctrl+p (normally the command palette) to this screen."""
    BINDINGS = [
        Binding("tab", "next_field", "Next", priority=True),
        Binding("shift+tab", "previous_field", "Back", key_display="⇧tab", priority=True),
        Binding("ctrl+n", "next_step", "Next step", show=False, priority=True),
        Binding("ctrl+p", "previous_step", "Previous step", show=False, priority=True),
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("escape", "leave", "Leave", tooltip="Leave; the draft is kept", priority=True),
        Binding(
            "ctrl+o",
            "toggle_past",
            "Past",
            tooltip="From your past: into the matches (enter reads one) and back",
            priority=True,
        ),
        Binding("ctrl+r", "redact", "Redact details", show=False, priority=True),
        Binding("ctrl+t", "change_day", "Day", tooltip="The day it files under", priority=True),
        *(
            Binding(
                str(number),
                f"mood({number})",
                "Mood",
                tooltip="Choose the mood (outside the text fields)",
                show=False,
            )
            for number in range(1, 6)
        ),  # not in a text field: there a digit is a digit
    ]

    progress = getters.query_one("#progress", StepProgress)
    step_title = getters.query_one("#step-title", Static)
    step_prompt = getters.query_one("#step-prompt", Static)
    steps = getters.query_one("#steps", ContentSwitcher)
    mood = getters.query_one("#mood", RadioSet)
    tags = getters.query_one("#tags", Input)
    day = getters.query_one("#day", Input)
    day_note = getters.query_one("#day-note", Static)
    review = getters.query_one("#review", VerticalScroll)
    review_text = getters.query_one("#review-text", Static)
    past = getters.query_one("#past", PastPanel)
    jot_list = getters.query_one("#jots", OptionList)

    def __init__(
        self, services: Services, *, draft: Draft | None = None, entry: Entry | None = None
    ) -> None:
        super().__init__(services)
        if draft is None and entry is not None:
            draft = Draft.for_entry(entry, services.clock())
        self.draft = draft or Draft.start(services.today, services.clock())
        self.step = min(max(self.draft.step, 0), len(STEPS) - 1)
        self._save_timer: Timer | None = None
        self._match_timer: Timer | None = None
        self._finished = False
        self._stored = draft is not None and entry is None  # a resumed draft is already on disk
        self.jots: list[Jot] = []
        """Tonight's jots, offered in step 1 (a new reflection keeps them when saved)."""

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        blink = self.services.blink
        yield Header()
        with Horizontal(id="reflect-body"):
            with Vertical(id="flow"):
                yield StepProgress([step.title for step in STEPS], id="progress")
                yield Static("", id="step-title")
                yield Static("", id="step-prompt")
                jots = OptionList(id="jots")
                jots.border_title = "Tonight's jots · enter uses one"
                jots.display = False
                yield jots
                with ContentSwitcher(id="steps", initial=TEXT_STEPS[0]):
                    for key in TEXT_STEPS:
                        area = TextArea(
                            self.draft.text(key),
                            id=key,
                            soft_wrap=True,
                            tab_behavior="focus",
                            placeholder="A line or two is enough…",
                        )
                        area.cursor_blink = blink
                        yield area
                    with VerticalScroll(id="details"):
                        yield Label("Mood tonight")
                        with RadioSet(id="mood"):
                            mood = self.draft.fields.get("mood")
                            for number, label in enumerate(MOODS, start=1):
                                yield RadioButton(label, value=mood == number, id=f"mood-{number}")
                        yield Label("Tags (separate with commas)")
                        tags = Input(
                            ", ".join(self.draft.fields.get("tags") or []),
                            placeholder="billing, outage",
                            id="tags",
                        )
                        tags.cursor_blink = blink
                        yield tags
                        yield Label("Who may read it")
                        contacts = [contact.handle for contact in self.journal.contacts()]
                        chosen = set(self.draft.fields.get("shared_with") or [])
                        if contacts:
                            yield SelectionList[str](
                                *[(f"share with {h}", h, h in chosen) for h in contacts],
                                id="share-with",
                            )
                            yield Static(
                                "Nothing ticked: private, only you can read it. "
                                "Customer details are redacted from what is shared.",
                                id="sharing",
                            )
                        else:
                            yield Static(
                                "Private: only you can read this entry. "
                                "(To share with a mentor: reflect contact add.)",
                                id="sharing",
                            )
                        yield Label("The day it belongs to (ctrl+t)")
                        day = Input(
                            self.draft.shift_date.isoformat(),
                            placeholder="today, yesterday, 2026-11-03",
                            id="day",
                        )
                        day.cursor_blink = blink
                        yield day
                        yield Static(self._day_words(self.draft.shift_date), id="day-note")
                    with VerticalScroll(id="review"):
                        yield Static("", id="review-text")
            yield PastPanel(id="past")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        done, total = getattr(self.app, "meaning_progress", (0, 0))
        if done < total:
            self.past.show_progress(done, total)
        for key in TEXT_STEPS:  # a resumed draft or an edit carries on after what is there
            area = self.query_one(f"#{key}", TextArea)
            area.move_cursor(area.document.end)
        if self.draft.entry_id is None:
            self._offer_jots()
        self._show_step(self.step)
        if self.draft.text("challenge").strip():
            self.find_matches(self.draft.text("challenge"))
        elif self.jots:
            self.find_matches(" ".join(jot.text for jot in self.jots))

    def _offer_jots(self) -> None:
        """Tonight's jots, read once (a few lines of the journal already in memory)."""
        try:
            self.jots = self.journal.waiting_jots(self.draft.shift_date)
        except ReflectError:
            self.jots = []  # the save will say what is wrong with the journal
        self.jot_list.add_options(
            Option(Content.assemble((f"{jot.at:%H:%M}  ", "dim"), jot.text)) for jot in self.jots
        )
        if self.jots:
            self.jot_list.highlighted = 0

    @on(OptionList.OptionSelected, "#jots")
    def _use_jot(self, event: OptionList.OptionSelected) -> None:
        """A jot into the challenge: as it is when the challenge is empty, else after it."""
        text = self.jots[event.option_index].text
        area = self.query_one("#challenge", TextArea)
        typed = area.text.rstrip()
        area.load_text(f"{typed}\n{text}" if typed else text)
        area.move_cursor(area.document.end)
        self.set_focus(area)

    # -- steps ----------------------------------------------------------------------------

    def _pane_id(self, index: int) -> str:
        return STEPS[index].key

    def _show_step(self, index: int) -> None:
        self.step = index
        step = STEPS[index]
        self.steps.current = self._pane_id(index)
        self.jot_list.display = index == 0 and bool(self.jots)
        self._show_title()
        prompt = (
            self.services.prompts.pick(step.key, self.draft.shift_date)
            if step.key in TEXT_STEPS
            else step.hint
        )
        self.step_prompt.update(prompt)
        progress = self.progress
        progress.current = index
        progress.filled = self._filled_steps()
        if step.key == "review":
            self._render_review()
        fields = self._fields_of(index)
        if fields:
            # Synchronously: keys already queued must land in the new step, not the old one.
            self.set_focus(fields[0])

    def _show_title(self) -> None:
        """The step, and the day the reflection files under (ctrl+t changes it)."""
        self.step_title.update(
            Content.assemble(
                f"{self.step + 1}. {STEPS[self.step].title}",
                (f"  · for {day_label(self.draft.shift_date)}", "not bold $text-muted"),
            )
        )

    def _fields_of(self, index: int) -> list[Widget]:
        key = self._pane_id(index)
        if key in TEXT_STEPS:
            area: list[Widget] = [self.query_one(f"#{key}", TextArea)]
            return [*area, self.jot_list] if index == 0 and self.jots else area
        if key == "details":
            fields: list[Widget] = [self.mood, self.tags]
            fields += list(self.query("#share-with").results(SelectionList))
            return fields
        return [self.review]

    def _filled_steps(self) -> frozenset[int]:
        filled = {i for i, key in enumerate(TEXT_STEPS) if self.draft.text(key).strip()}
        if self.draft.fields.get("mood") or self.draft.fields.get("tags"):
            filled.add(4)
        return frozenset(filled)

    def _go(self, index: int) -> None:
        if 0 <= index < len(STEPS) and index != self.step:
            self._update_draft(step=index)
            self._show_step(index)
            self.save_draft_soon(delay=0)

    def action_next_step(self) -> None:
        self._go(self.step + 1)

    def action_previous_step(self) -> None:
        self._go(self.step - 1)

    def action_next_field(self) -> None:
        fields = self._fields_of(self.step)
        if self.focused in fields and fields.index(self.focused) < len(fields) - 1:
            self.set_focus(fields[fields.index(self.focused) + 1])
        else:
            self.action_next_step()

    def action_previous_field(self) -> None:
        fields = self._fields_of(self.step)
        if self.focused in fields and fields.index(self.focused) > 0:
            self.set_focus(fields[fields.index(self.focused) - 1])
        else:
            self.action_previous_step()

    # -- what was typed -------------------------------------------------------------------

    def _update_draft(self, *, step: int | None = None, **fields: Any) -> None:
        self.draft = self.draft.changed(self.services.clock(), step=step, **fields)

    def _set_field(self, name: str, value: Any) -> None:
        self._update_draft(**{name: value})

    @on(TextArea.Changed)
    def _text_changed(self, event: TextArea.Changed) -> None:
        if event.text_area.id in TEXT_STEPS:
            self._set_field(event.text_area.id, event.text_area.text)
            self.progress.filled = self._filled_steps()
            self.save_draft_soon()
            if event.text_area.id == "challenge":
                self._match_soon(event.text_area.text)

    # -- from your past -------------------------------------------------------------------

    def _match_soon(self, text: str) -> None:
        if self._match_timer is not None:
            self._match_timer.stop()
        self._match_timer = self.set_timer(MATCH_DELAY, lambda: self.find_matches(text))

    @work(thread=True, exclusive=True, group="match")
    def find_matches(self, text: str) -> None:
        """Search off the UI thread; typing never waits for it."""
        index = self.reflect_app.match_index
        if not text.strip() or (index is not None and len(index) == 0):
            self.app.call_from_thread(self._past_hint, EMPTY_HINT)
            return
        if index is None:
            self.app.call_from_thread(self._past_hint, LOADING)
            return
        matches = self._search(index, text)
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(self._past_matches, matches)

    def _past_hint(self, text: str) -> None:
        self.past.show_hint(text)

    def _past_matches(self, matches: list[Match]) -> None:
        self.past.show_matches(matches, asked=True)

    def _search(self, index: MatchIndex, text: str) -> list[Match]:
        """By words, themes and meaning once the model is ready; words and themes until
        then, and for good if the model fails."""
        from reflect.usecases import find_similar

        found = find_similar(
            index, text, today=self.services.today, meaning=self.reflect_app.meaning,
            editing=self.draft.entry_id,
        )  # fmt: skip
        if found.meaning_problem:
            self.app.call_from_thread(self.reflect_app.drop_meaning)
        return found.matches

    def action_toggle_past(self) -> None:
        """Into the matches (up/down, enter to read one) and back to the text."""
        if self.past.in_matches:
            self._show_step(self.step)
        else:
            self.past.focus_matches()

    @on(PastPanel.Open)
    def _read_past_entry(self, event: PastPanel.Open) -> None:
        event.stop()
        self.post_message(OpenEntry(event.match.entry, author=event.match.author))

    @on(RadioSet.Changed, "#mood")
    def _mood_changed(self, event: RadioSet.Changed) -> None:
        self._update_draft(mood=event.index + 1)
        self.save_draft_soon()

    @on(SelectionList.SelectedChanged, "#share-with")
    def _sharing_changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        self._update_draft(shared_with=list(event.selection_list.selected))
        self.save_draft_soon()

    def action_redact(self) -> None:
        """Replace customer details in the four texts with labels like [card number]."""
        changed = False
        for key in TEXT_STEPS:
            text = self.draft.text(key)
            cleaned = redact(text)
            if cleaned != text:
                changed = True
                self.query_one(f"#{key}", TextArea).load_text(cleaned)
                self._set_field(key, cleaned)
        if changed:
            self.notify("Customer details replaced with labels.")
            self.save_draft_soon(delay=0)
        if STEPS[self.step].key == "review":
            self._render_review()

    def _day_words(self, day: date) -> str:
        from reflect.summary.words import long_date

        return f"Files under {long_date(day)}."

    def _typed_day(self) -> date | str:
        """The day the field names, or why it names none (relative words count from the
        shift's day, as on the command line)."""
        text = self.day.value.strip()
        if not text:
            return "Write a day, like today, yesterday or 2026-11-03."
        try:
            day = parse_when(text, self.services.today)
        except ReflectError as error:
            return f"{error}."
        if day > self.services.clock().date():
            return "That day has not come yet: a reflection looks back."
        return day

    @on(Input.Changed, "#day")
    def _day_changed(self, event: Input.Changed) -> None:
        typed = self._typed_day()
        if isinstance(typed, str):
            self.day_note.update(Content.styled(typed, "$text-warning"))
            return
        self.day_note.update(self._day_words(typed))
        if typed != self.draft.shift_date:
            self.draft = replace(self.draft, shift_date=typed)
            self._show_title()
            self.save_draft_soon()

    def action_change_day(self) -> None:
        """To the day field, in step 5, from any step (tab then carries on to the review)."""
        self._go(4)
        self.set_focus(self.day)

    def action_mood(self, number: int) -> None:
        """A digit outside the text fields chooses the mood, from any step."""
        self.query_one(f"#mood-{number}", RadioButton).value = True

    @on(Input.Changed, "#tags")
    def _tags_changed(self, event: Input.Changed) -> None:
        self._update_draft(tags=split_tags(event.value))
        self.save_draft_soon()

    def _render_review(self) -> None:
        """Everything typed, as typed: built from Content, so no text is ever read as markup."""
        bold, dim = "bold", "dim"
        parts: list[Content] = []
        for key in TEXT_STEPS:
            text = self.draft.text(key).strip()
            body = Content(text) if text else Content.styled("(left empty)", dim)
            parts.append(Content.styled(FIELD_TITLES[key], bold) + "\n" + body)
        mood = self.draft.fields.get("mood")
        tags = self.draft.fields.get("tags") or []
        readers = list(self.draft.fields.get("shared_with") or [])
        parts.append(
            Content.assemble(
                ("Day", bold),
                " ",
                day_label(self.draft.shift_date),
                "   ",
                ("Mood", bold),
                " ",
                MOODS[mood - 1] if isinstance(mood, int) else ("(not given)", dim),
                "   ",
                ("Tags", bold),
                " ",
                " ".join(f"#{tag}" for tag in tags) if tags else ("(none)", dim),
                "   ",
                ("Readers", bold),
                " ",
                ", ".join(readers) if readers else "only you",
            )
        )
        found = sorted(
            {
                finding.label.strip("[]")
                for key in TEXT_STEPS
                for finding in find_details(self.draft.text(key))
            }
        )
        if found:
            where = "redacted when shared" if readers else "kept here, only you can read them"
            parts.append(
                Content.styled("Customer details found:", bold)
                + f" {', '.join(found)} ({where}). ctrl+r replaces them with labels in this "
                "entry too."
            )
        if self.draft.is_empty:
            parts.append(
                Content.styled("Nothing to save yet:", bold)
                + " write at least one of the four steps."
            )
        self.review_text.update(Content("\n\n").join(parts))

    # -- keeping the draft ----------------------------------------------------------------

    def save_draft_soon(self, delay: float = DRAFT_SAVE_DELAY) -> None:
        """Debounced: typing restarts the timer; a step change saves at once."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if delay <= 0:
            self.write_draft()
        else:
            self._save_timer = self.set_timer(delay, self._write_draft_in_worker)

    def _write_draft_in_worker(self) -> None:
        self._save_timer = None
        self.write_draft()

    @work(thread=True, group="draft")
    def write_draft(self) -> None:
        problem = self._store_draft()
        if problem:
            self.app.call_from_thread(self.notify, problem, severity="error", markup=False)

    def _store_draft(self) -> str | None:
        """Write the latest draft (whatever order workers run in, the newest wins).

        Returns what went wrong, if anything, for the caller to show.
        """
        if self._finished:
            return None
        draft = self.draft
        journal = self.journal
        try:
            if draft.is_empty and not draft.fields.get("mood") and not draft.fields.get("tags"):
                if self._stored:
                    journal.discard_draft(draft.id)
                    self._stored = False
                return None
            journal.save_draft(draft)
            self._stored = True
        except ReflectError as error:
            return f"Draft not saved: {error}"
        return None

    def save_before_lock(self) -> str | None:
        """Write the draft now and cancel a pending write (the app is about to lock an
        encrypted journal, after which writing needs the passphrase again). Returns what
        went wrong, if anything."""
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        return self._store_draft()

    def store_draft_now(self) -> None:
        """Write what is typed so far, from any thread (a closing signal's last act)."""
        self._store_draft()

    def on_unmount(self) -> None:
        """Closing the app mid-flow: write the draft now, not in a second."""
        for timer in (self._save_timer, self._match_timer):
            if timer is not None:
                timer.stop()
        self._store_draft()

    # -- leaving and saving ---------------------------------------------------------------

    def action_leave(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        problem = self._store_draft()
        self._finished = True
        if problem:
            self.notify(problem, severity="error", markup=False)
        elif not self.draft.is_empty:
            self.notify("Your draft is kept. Press r on the start screen to carry on.")
        self.dismiss(None)

    def action_save(self) -> None:
        if self.draft.is_empty:
            self.notify(
                "Nothing to save yet: write at least one of the four steps.", severity="warning"
            )
            return
        try:
            clean_tags(self.draft.fields.get("tags") or [])
        except ReflectError as error:
            self.notify(str(error), severity="error", markup=False)
            self._go(4)
            return
        typed = self._typed_day()
        if isinstance(typed, str):
            self.notify(f"Not saved: {typed}", severity="error", markup=False)
            self.action_change_day()
            return
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        self.commit()

    @work(thread=True, exclusive=True, group="commit")
    def commit(self) -> None:
        from reflect.usecases import commit_reflection

        try:
            saved = commit_reflection(self.journal, self.draft)
        except ReflectError as error:
            self.app.call_from_thread(
                self.notify, f"Not saved: {error}", severity="error", markup=False
            )
            return
        self._finished = True
        if saved.publish_error:
            self.app.call_from_thread(
                self.notify, f"Not published: {saved.publish_error}", severity="warning",
                markup=False,
            )  # fmt: skip
        for result in saved.published.written if saved.published else ():
            self.app.call_from_thread(self.notify, f"Shared with {escape(result.contact)}.")
        self.app.call_from_thread(self.dismiss, saved.entry)
