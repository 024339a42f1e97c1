"""Game creation: scenario with its briefing, difficulty, teams, clocks, seed and bots.

The screen builds a `create_game` message and hands it to the app (`CreateRequested`); the
app talks to the server. The seed is always filled in (a random one to start with), so the
facilitator can note it and replay the very same game later.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Select, Static, Switch

DEFAULT_NAMES = ("Red", "Blue", "Green", "Amber", "Violet", "Teal", "Orange", "Indigo",
                 "Silver", "Gold", "Coral", "Olive")
BOT_CHOICES = (("novice bots play empty seats", "novice"),
               ("competent bots play empty seats", "competent"),
               ("expert bots play empty seats", "expert"),
               ("no bots: empty seats wait for people", "none"))
BOT_MODE_CHOICES = (("bots assist the people in their team", "assist"),
                    ("bots play fully, as in an all-bot team", "full"))
DIFFICULTY_CHOICES = (("the scenario's own", ""), ("novice", "novice"),
                      ("experienced", "experienced"))
DEFAULT_MINUTES = {"setup": "10", "planning": "8", "review": "3"}


class CreateRequested(Message):
    """The facilitator asked to create a game with these create_game fields."""

    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__()
        self.fields = fields


@dataclass(frozen=True, slots=True)
class Minutes:
    setup: float | None
    planning: float | None
    review: float | None


def parse_minutes(text: str, label: str) -> float | None:
    text = text.strip().replace(",", ".")
    if not text or text in ("-", "none", "0"):
        return None
    try:
        minutes = float(text)
    except ValueError as err:
        raise ValueError(f"{label}: minutes as a number, or blank for no clock.") from err
    if not 10 / 60 <= minutes <= 120:
        raise ValueError(f"{label}: between 0.2 and 120 minutes, or blank for no clock.")
    return minutes


def total_minutes(m: Minutes, quarters: int) -> str:
    if m.planning is None:
        return "Planning has no clock: quarters end when every seat is ready or you resolve."
    per = m.planning + (m.review or 0)
    total = (m.setup or 0) + quarters * per
    if total > 80:
        fit = "does NOT fit a 90-minute Elaborate phase with time to brief and wrap up"
    elif total < 50:
        fit = "leaves much of a 90-minute Elaborate phase unused (60–80 min of play suits it)"
    else:
        fit = "fits a 90-minute Elaborate phase with time to brief and wrap up"
    return (f"At these lengths: setup {m.setup or 0:g} + {quarters} × ({m.planning:g} + "
            f"{m.review or 0:g}) = {total:g} min of play; this {fit}.")


def team_names(count: int, typed: Sequence[str]) -> list[str]:
    names = [n for n in typed if n][:count]
    for default in DEFAULT_NAMES:
        if len(names) >= count:
            break
        if default not in names:
            names.append(default)
    return names


class SetupScreen(Screen[None]):
    """The form that creates a game."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "create", "Create the game", id="setup-create"),
    ]

    def __init__(self, scenarios: Sequence[Mapping[str, Any]] = (), seed: int | None = None
                 ) -> None:
        super().__init__()
        self.scenarios = list(scenarios)
        self.seed = seed if seed is not None else random.randrange(1, 100_000)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="setup"):
            yield Label("Create a TriOps game", classes="dialog-title")
            yield Static("Connecting to the server…", id="setup-server")
            with Horizontal(classes="field"):
                yield Label("Scenario", classes="field-label")
                yield Select([], prompt="loading scenarios…", id="scenario")
            yield Static("", id="briefing")
            with Horizontal(classes="field"):
                yield Label("Difficulty", classes="field-label")
                yield Select(DIFFICULTY_CHOICES, value="", allow_blank=False, id="difficulty")
            with Horizontal(classes="field"):
                yield Label("Teams", classes="field-label")
                yield Input("2", id="team-count", type="integer", max_length=2,
                            classes="short")
                yield Input(", ".join(DEFAULT_NAMES[:2]), id="team-names",
                            placeholder="team names, comma-separated")
            with Horizontal(classes="field"):
                yield Label("Clocks (min)", classes="field-label")
                yield Input(DEFAULT_MINUTES["setup"], id="setup-min", classes="short",
                            placeholder="setup")
                yield Input(DEFAULT_MINUTES["planning"], id="planning-min", classes="short",
                            placeholder="planning")
                yield Input(DEFAULT_MINUTES["review"], id="review-min", classes="short",
                            placeholder="review")
            yield Static("setup · planning (each quarter) · review (each quarter); blank = no "
                         "clock", classes="hint indent")
            yield Static("", id="timing")
            with Horizontal(classes="field"):
                yield Label("Auto-advance", classes="field-label")
                yield Switch(False, id="auto-advance")
                yield Static("off: you press a to leave each review; on: the review ends with "
                             "its clock", classes="hint inline")
            with Horizontal(classes="field"):
                yield Label("Seed", classes="field-label")
                yield Input(str(self.seed), id="seed", type="integer", classes="short")
                yield Static("the same seed and scenario give every team, and any replay, the "
                             "same draws", classes="hint inline")
            with Horizontal(classes="field"):
                yield Label("Empty seats", classes="field-label")
                yield Select(BOT_CHOICES, value="novice", allow_blank=False, id="bots")
            with Horizontal(classes="field"):
                yield Label("Beside people", classes="field-label")
                yield Select(BOT_MODE_CHOICES, value="assist", allow_blank=False, id="bot-mode")
            yield Static("assist: in a team with a person, bots suggest and ask, answer questions "
                         "and leave the decisions to the person; all-bot teams always play fully",
                         classes="hint indent")
            yield Static("", id="setup-error", classes="error")
            yield Button("Create the game (ctrl+s)", id="create", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.show_scenarios(self.scenarios)
        self._update_timing()
        self.query_one("#scenario", Select).focus()

    # --- filled in by the app ------------------------------------------------------------

    def show_server(self, text: str) -> None:
        self.query_one("#setup-server", Static).update(text)

    def show_scenarios(self, scenarios: Sequence[Mapping[str, Any]]) -> None:
        # Novice scenarios first: the usual choice for a mixed room.
        self.scenarios = sorted(scenarios, key=lambda s: (s.get("difficulty") != "novice",
                                                          str(s.get("id"))))
        select = self.query_one("#scenario", Select)
        select.prompt = "choose a scenario"  # loaded: the blank line no longer says loading
        select.set_options([(f"{s['title']} ({s['id']})", s["id"]) for s in self.scenarios])
        if self.scenarios:
            select.value = self.scenarios[0]["id"]
        self._update_briefing()

    def show_error(self, text: str) -> None:
        self.query_one("#setup-error", Static).update(text)

    # --- reacting to the form ------------------------------------------------------------

    def _scenario(self) -> Mapping[str, Any] | None:
        value = self.query_one("#scenario", Select).value
        return next((s for s in self.scenarios if s["id"] == value), None)

    def _update_briefing(self) -> None:
        s = self._scenario()
        text = Text()
        if s is not None:
            text.append(f"{s['title']}\n", style="bold")
            text.append(f"{s['industry']} · {s['difficulty']} · {s['quarters']} quarters "
                        "(plus a setup quarter)\n")
            text.append(str(s.get("summary", "")))
        self.query_one("#briefing", Static).update(text)
        self._update_timing()

    def _minutes(self) -> Minutes:
        return Minutes(parse_minutes(self.query_one("#setup-min", Input).value, "Setup"),
                       parse_minutes(self.query_one("#planning-min", Input).value, "Planning"),
                       parse_minutes(self.query_one("#review-min", Input).value, "Review"))

    def _update_timing(self) -> None:
        s = self._scenario()
        try:
            text = total_minutes(self._minutes(), int(s["quarters"]) if s else 6)
        except ValueError as err:
            text = str(err)
        self.query_one("#timing", Static).update(text)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "scenario":
            self._update_briefing()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("setup-min", "planning-min", "review-min"):
            self._update_timing()
        elif event.input.id == "team-count" and event.value.isdigit():
            count = max(1, min(12, int(event.value)))
            names = self.query_one("#team-names", Input)
            typed = [n.strip() for n in names.value.split(",")]
            names.value = ", ".join(team_names(count, typed))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create":
            self.action_create()

    def action_create(self) -> None:
        try:
            fields = self.fields()
        except ValueError as err:
            self.show_error(str(err))
            return
        self.show_error("")
        self.post_message(CreateRequested(fields))

    def fields(self) -> dict[str, Any]:
        """The create_game message's fields (without the key), or ValueError saying why not."""
        scenario = self._scenario()
        if scenario is None:
            raise ValueError("Pick a scenario (is the server reachable?).")
        names = [n.strip() for n in self.query_one("#team-names", Input).value.split(",")
                 if n.strip()]
        if not 1 <= len(names) <= 12:
            raise ValueError("Name 1 to 12 teams, separated by commas.")
        if len(set(names)) != len(names):
            raise ValueError("Each team needs its own name.")
        if any(len(n) > 30 for n in names):
            raise ValueError("Team names are at most 30 characters.")
        seed_text = self.query_one("#seed", Input).value.strip()
        if not seed_text.isdigit():
            raise ValueError("The seed is a whole number (keep it to replay the game).")
        m = self._minutes()
        clock: dict[str, Any] = {
            "setup_seconds": None if m.setup is None else round(m.setup * 60),
            "planning_seconds": None if m.planning is None else round(m.planning * 60),
            "review_seconds": None if m.review is None else round(m.review * 60),
            "auto_advance": self.query_one("#auto-advance", Switch).value,
        }
        fields: dict[str, Any] = {
            "scenario": scenario["id"], "teams": names, "seed": int(seed_text),
            "clock": clock, "bots": self.query_one("#bots", Select).value,
            "bot_mode": self.query_one("#bot-mode", Select).value,
        }
        difficulty = self.query_one("#difficulty", Select).value
        if isinstance(difficulty, str) and difficulty:
            fields["difficulty"] = difficulty
        return fields
