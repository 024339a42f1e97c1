"""The console's dialogs: confirm, the join code, a custom inject, a level override, a bot.

Each is a ModalScreen that returns its answer through `dismiss`; none sends anything to the
server itself, so the screen that opened it decides what to do with the answer.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    Input,
    Label,
    OptionList,
    Select,
    SelectionList,
    Static,
)
from textual.widgets.option_list import Option

from triops.client.common.toggles import MarkedSelectionList
from triops.client.facilitator.analysis import empty_text
from triops.client.projector.bigtext import big
from triops.game.model.vocab import BOT_LEVELS, METRIC_NAMES, METRICS, OBJECTIVE_LEVELS

CUSTOM_KINDS = (
    ("(no effect)", ""),
    ("metric: once", "metric"),
    ("metric: each quarter", "modifier"),
    ("budget: credits ±", "budget"),
    ("incident from deck", "incident"),
)
EFFECT_ROWS = 3
# Which fields of an effect row each kind uses; the others are disabled (or, for the metric
# and incident pickers, which share a column, hidden).
EFFECT_FIELDS = {"": (), "metric": ("metric", "value"), "modifier": ("metric", "value", "quarters"),
                 "budget": ("value",), "incident": ("incident",)}


def mark_targets(targets: SelectionList[str], names: Mapping[str, str]) -> None:
    """Ticked teams say so in words as well as colour: "✓ Red (target)"."""
    chosen = set(targets.selected)
    for index in range(targets.option_count):
        ident = str(targets.get_option_at_index(index).value)
        name = names.get(ident, ident)
        prompt = f"✓ {name} (target)" if ident in chosen else f"  {name}"
        if str(targets.get_option_at_index(index).prompt) != prompt:
            targets.replace_option_prompt_at_index(index, prompt)
TIMINGS = (("now", "now"), ("at the start of the next quarter", "next"))


ResultT = TypeVar("ResultT")


class FormDialog(ModalScreen[ResultT]):
    """A form with a primary button (id `SUBMIT`) that runs `action_submit`; any other
    button and Esc (`action_cancel`) dismiss it with None."""

    SUBMIT: ClassVar[str] = "save"

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == self.SUBMIT:
            self.action_submit()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        raise NotImplementedError


class ConfirmScreen(ModalScreen[bool]):
    """Yes or no, for what cannot be undone (ending a phase, the game)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            if self.detail:
                yield Static(self.detail)
            with Horizontal(classes="buttons"):
                yield Button("Yes (y)", id="yes", variant="warning")
                yield Button("No (n)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class JoinCodeScreen(ModalScreen[None]):
    """The join code, large enough for the back of the room, and how to connect."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,j", "close", "Close", id="code-close"),
    ]

    def __init__(self, code: str, lines: Sequence[str]) -> None:
        super().__init__()
        self.code = code
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Join code", classes="dialog-title")
            yield Static(big(self.code), id="big-code")
            yield Static(Text(f"{self.code[:3]}-{self.code[3:]}", style="bold"), id="code-text")
            yield Static("\n".join(self.lines), id="code-help")
            yield Button("Close (Esc)", id="close")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)


class BotLevelScreen(ModalScreen[str | None]):
    """Which bot takes the seat."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="bot-cancel"),
    ]

    def __init__(self, seat: str, warning: str = "") -> None:
        super().__init__()
        self.seat = seat
        self.warning = warning

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Seat a bot: {self.seat}", classes="dialog-title")
            if self.warning:
                yield Static(f"▲ {self.warning}", classes="dialog-warning")
            yield Static("The bot plays from the seat's own view, never the hidden state. "
                         "Hand the seat back (h) when the person returns.")
            with Horizontal(classes="buttons"):
                for level in BOT_LEVELS:
                    yield Button(level, id=f"bot-{level}",
                                 variant="primary" if level == "competent" else "default")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#bot-competent", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        ident = event.button.id or ""
        self.dismiss(ident.removeprefix("bot-") if ident.startswith("bot-") else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class MoveSeatScreen(ModalScreen[tuple[str, str] | None]):
    """Where the person goes: one of the seats no person holds (empty or a bot's)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="move-cancel"),
    ]

    def __init__(self, who: str, targets: Sequence[tuple[str, str, str]],
                 empty_level: str | None = None) -> None:
        """`targets`: (label, team id, role) of every seat the person may take;
        `empty_level`: the game's bots for empty seats ("none": no bots), if known."""
        super().__init__()
        self.who = who
        self.targets = targets
        self.empty_level = empty_level

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Move {self.who} to…", classes="dialog-title")
            yield Static("The seats no person holds. Their old seat is left empty: "
                         f"{empty_text(self.empty_level)}. Their client follows them to the "
                         "new seat by itself.", id="move-note")
            yield OptionList(*[Option(label, id=f"{team}:{role}")
                               for label, team, role in self.targets], id="move-targets")
            with Horizontal(classes="buttons"):
                yield Button("Move (enter)", id="move", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        targets = self.query_one("#move-targets", OptionList)
        targets.highlighted = 0
        targets.focus()

    def _chosen(self) -> tuple[str, str] | None:
        targets = self.query_one("#move-targets", OptionList)
        if targets.highlighted is None:
            return None
        ident = targets.get_option_at_index(targets.highlighted).id or ""
        team, _, role = ident.partition(":")
        return team, role

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._chosen())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(self._chosen() if event.button.id == "move" else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True, slots=True)
class CustomInject:
    """What the custom inject dialog returns: the command's fields."""

    title: str
    narrative: str
    effects: tuple[dict[str, Any], ...]
    targets: tuple[str, ...]
    timing: str

    def command(self) -> dict[str, Any]:
        return {"type": "custom_inject", "title": self.title, "narrative": self.narrative,
                "effects": list(self.effects), "targets": list(self.targets),
                "timing": self.timing}


class CustomInjectScreen(FormDialog[CustomInject | None]):
    """Text plus up to three effects picked from a list, for all teams or some."""

    SUBMIT = "fire"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="custom-cancel"),
        Binding("ctrl+s", "submit", "Fire", id="custom-fire"),
    ]

    def __init__(self, teams: Mapping[str, str], incidents: Sequence[tuple[str, str]],
                 targets: Sequence[str] = (), timing: str = "now") -> None:
        super().__init__()
        self.teams = teams
        self.incidents = incidents
        self.targets = tuple(targets)
        self.timing = timing

    def compose(self) -> ComposeResult:
        metric_options = [(METRIC_NAMES[m], m) for m in METRICS]
        with VerticalScroll(classes="dialog wide"):
            yield Label("Custom inject", classes="dialog-title")
            yield Input(placeholder="Title (what the teams see first, ≤ 80 characters)",
                        id="custom-title", max_length=80)
            yield Input(placeholder="Narrative: what happened, in the organisation's words",
                        id="custom-narrative", max_length=500)
            yield Label("Target (space ticks a team; none ticked = all teams)")
            yield MarkedSelectionList(*[(name, ident, ident in self.targets)
                                       for ident, name in self.teams.items()],
                                     id="custom-targets")
            with Horizontal(classes="effect-row"):
                yield Label("When", classes="field-label")
                yield Select(TIMINGS, value=self.timing, allow_blank=False, id="custom-timing")
            yield Static("", id="custom-summary")
            yield Static("Effects (each row optional). Value: the metric change (−30…+30) or "
                         "the credits (−50…+50); quarters: how long a lasting change runs.",
                         classes="hint")
            for n in range(EFFECT_ROWS):
                with Horizontal(classes="effect-row"):
                    yield Select(CUSTOM_KINDS, value="", allow_blank=False,
                                 id=f"effect-kind-{n}", classes="effect-kind")
                    yield Select(metric_options, prompt="metric", id=f"effect-metric-{n}",
                                 classes="effect-metric")
                    yield Select(list(self.incidents), prompt="incident",
                                 id=f"effect-incident-{n}", classes="effect-incident")
                    yield Input(placeholder="value", id=f"effect-value-{n}", type="integer",
                                classes="effect-value")
                    yield Input(placeholder="qtrs", id=f"effect-quarters-{n}",
                                type="integer", classes="effect-quarters")
            yield Static("", id="custom-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Fire (ctrl+s)", id="fire", variant="warning")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#custom-title", Input).focus()
        for n in range(EFFECT_ROWS):
            self._fields(n)
        self._summary()

    def _fields(self, n: int) -> None:
        """Only the fields the row's kind uses are active; the incident picker takes the
        metric's place (full width, so its titles are not cut)."""
        kind = self.query_one(f"#effect-kind-{n}", Select).value
        used = EFFECT_FIELDS.get(kind if isinstance(kind, str) else "", ())
        for field in ("metric", "incident", "value", "quarters"):
            widget = self.query_one(f"#effect-{field}-{n}")
            widget.disabled = field not in used
        incident = "incident" in used  # the picker then has the row to itself
        self.query_one(f"#effect-incident-{n}").display = incident
        for field in ("metric", "value", "quarters"):
            self.query_one(f"#effect-{field}-{n}").display = not incident

    @on(Select.Changed, ".effect-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._fields(int(str(event.select.id).rsplit("-", 1)[1]))

    def _summary(self) -> None:
        mark_targets(self.query_one("#custom-targets", SelectionList), self.teams)
        chosen = self.query_one("#custom-targets", SelectionList).selected
        who = ", ".join(self.teams[t] for t in chosen) if chosen else "all teams"
        text = Text("Fires at: ")
        text.append(who.upper(), style="bold")
        self.query_one("#custom-summary", Static).update(text)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]
                                           ) -> None:
        self._summary()

    def _effect(self, n: int) -> dict[str, Any] | None:
        kind = self.query_one(f"#effect-kind-{n}", Select).value
        if not isinstance(kind, str) or not kind:
            return None
        metric = self.query_one(f"#effect-metric-{n}", Select).value
        incident = self.query_one(f"#effect-incident-{n}", Select).value
        raw = self.query_one(f"#effect-value-{n}", Input).value.strip()
        quarters_raw = self.query_one(f"#effect-quarters-{n}", Input).value.strip()
        if kind in ("metric", "modifier", "budget") and not (
                raw.lstrip("-").isdigit() and int(raw) != 0):
            # Caught here, so a missing value never costs the facilitator the whole form.
            raise ValueError(f"Effect {n + 1}: enter a value other than 0.")
        value = int(raw) if raw.lstrip("-").isdigit() else 0
        quarters = int(quarters_raw) if quarters_raw.isdigit() else 1
        effect: dict[str, Any] = {"kind": kind}
        if kind in ("metric", "modifier"):
            if not isinstance(metric, str):
                raise ValueError(f"Effect {n + 1}: pick a metric.")
            effect.update(metric=metric, delta=value)
            if kind == "modifier":
                effect["quarters"] = quarters
        elif kind == "budget":
            effect["amount"] = value
        elif kind == "incident":
            if not isinstance(incident, str):
                raise ValueError(f"Effect {n + 1}: pick an incident.")
            effect["incident"] = incident
        return effect

    def action_submit(self) -> None:
        error = self.query_one("#custom-error", Static)
        title = self.query_one("#custom-title", Input).value.strip()
        narrative = self.query_one("#custom-narrative", Input).value.strip()
        if not title or not narrative:
            error.update("A custom inject needs a title and a narrative.")
            return
        try:
            effects = tuple(e for n in range(EFFECT_ROWS) if (e := self._effect(n)) is not None)
        except ValueError as err:
            error.update(str(err))
            return
        targets = tuple(self.query_one("#custom-targets", SelectionList).selected)
        timing = str(self.query_one("#custom-timing", Select).value)
        self.dismiss(CustomInject(title, narrative, effects, targets, timing))


@dataclass(frozen=True, slots=True)
class LevelChoice:
    level: str
    comment: str


class OverrideScreen(FormDialog[LevelChoice | None]):
    """Confirm or override one team's level on one objective, with the evidence beside it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="override-cancel"),
        Binding("ctrl+s", "submit", "Save", id="override-save"),
    ]

    def __init__(self, title: str, current: str, evidence: Text | str) -> None:
        super().__init__()
        self.heading = title
        self.current = current
        self.evidence = evidence

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(self.heading, classes="dialog-title")
            with VerticalScroll(id="override-evidence"):
                yield Static(self.evidence)
            yield Select([(lvl, lvl) for lvl in OBJECTIVE_LEVELS],
                         value=self.current if self.current in OBJECTIVE_LEVELS else Select.NULL,
                         prompt="level", id="override-level")
            yield Input(placeholder="Comment for the report: why this level (≤ 500 characters)",
                        id="override-comment", max_length=500)
            yield Static("", id="override-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#override-level", Select).focus()

    def action_submit(self) -> None:
        level = self.query_one("#override-level", Select).value
        if not isinstance(level, str):
            self.query_one("#override-error", Static).update("Pick a level.")
            return
        comment = self.query_one("#override-comment", Input).value.strip()
        self.dismiss(LevelChoice(level, comment))
