"""The console's five panes. Each renders from the app's latest facilitator view.

A pane keeps no game state: `show(view)` redraws it from the view (and from what the app
derives from it), and its keys ask the app to send a command. Tables are updated cell by
cell so the cursor stays where the facilitator left it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import (
    Button,
    DataTable,
    Input,
    Label,
    Select,
    Static,
)

from triops.client.facilitator import analysis as an
from triops.client.facilitator import drilldown
from triops.client.facilitator.modals import (
    BotLevelScreen,
    ConfirmScreen,
    LevelChoice,
    MoveSeatScreen,
    OverrideScreen,
)
from triops.game.model.vocab import METRICS, OBJECTIVES, ROLE_NAMES, ROLES, a_or_an

if TYPE_CHECKING:
    from triops.client.facilitator.app import FacilitatorApp

View = Mapping[str, Any]
ALERT = "bold reverse"


class Grid(DataTable[Any]):
    """A DataTable whose header is redrawn once new rows have widened its columns.

    DataTable measures new rows when idle, possibly after drawing (and caching) the header
    at the old widths; bumping its update count makes the next frame draw it afresh.
    """

    async def _on_idle(self, event: events.Idle) -> None:
        resized = bool(self._new_rows or self._updated_cells)
        await super()._on_idle(event)
        if resized:
            self._update_count += 1
            self.refresh()


def fill(table: DataTable[Any], rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
    """Make the table hold exactly these keyed rows, keeping the cursor where it was."""
    keys = [k for k, _ in rows]
    current = [str(r.value) for r in table.rows]
    if current != keys:
        where = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        if table.row_count:
            table.move_cursor(row=min(where, table.row_count - 1))
        return
    columns = list(table.columns)
    for key, cells in rows:
        for column, cell in zip(columns, cells, strict=False):
            if table.get_cell(key, column) != cell:
                table.update_cell(key, column, cell, update_width=True)


def cursor_key(table: DataTable[Any]) -> str | None:
    if not table.row_count:
        return None
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return str(key) if key is not None else None


class Pane(Widget):
    """A pane of the console: knows its app and redraws from a view."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._team_ids: list[str] = []  # the teams the pane's pickers were built for

    @property
    def console(self) -> FacilitatorApp:
        return cast("FacilitatorApp", self.app)

    def show(self, view: View) -> None:
        raise NotImplementedError

    def focus_main(self) -> None:
        """Put the keyboard in this pane, so its keys work."""


# --- 1. overview ---------------------------------------------------------------------------


def legend(empty_level: str | None) -> str:
    return ("enter: open the team · seats: D M F, P person (connected), ✗ person DROPPED "
            f"(not connected), B bot, - empty ({an.empty_text(empty_level)}), ✓ ready · "
            "artefacts: R roadmap lines, C charter (✓ in force), S standards adopted/proposed "
            "· ▲ marks a team that needs you")


class OverviewPane(Pane):
    COLUMNS = ("team", "alerts", "seats", "score", "value", "M1–M7", "cr", "incidents",
               "artefacts", "LO not yet", "pairs not yet")

    def compose(self) -> ComposeResult:
        table: DataTable[Any] = Grid(id="overview-table", cursor_type="row",
                                          zebra_stripes=True)
        for col in self.COLUMNS:
            table.add_column(col, key=col)
        yield table
        yield Static(legend(None), id="overview-legend", classes="hint")
        yield Static("", id="overview-alerts")
        yield Label("What happened (newest last)")
        yield Static("", id="overview-log")

    def focus_main(self) -> None:
        self.query_one("#overview-table", DataTable).focus()

    def show(self, view: View) -> None:
        app = self.console
        scores = {r["team"]: r for r in view.get("leaderboard", ())}
        rows = []
        notes = Text()
        for team in view.get("teams", ()):
            alerts = app.alerts_for(team)
            cov = an.coverage(team)
            counts: dict[str, int] = {}
            for a in alerts:
                counts[a.word] = counts.get(a.word, 0) + 1
            words = " ".join(f"▲{w}" + (f"×{n}" if n > 1 else "") for w, n in counts.items())
            name = Text(("▲ " if alerts else "  ") + team["name"],
                        style="bold" if alerts else "")
            score = scores.get(team["id"], {})
            metrics = " ".join(f"{team['metrics'].get(m, 0):>2}" for m in METRICS)
            rows.append((team["id"], (
                name, Text(words, style=ALERT) if words else Text("ok", style="dim"),
                seats_cell(team, app.presence), str(score.get("outcome", "")),
                str(team.get("value", 0)),
                metrics, str(team.get("budget", {}).get("held", 0)), an.incidents_text(team),
                an.artefacts_text(team), " ".join(cov.missing_objectives) or "—",
                " ".join(an.pair_short(p) for p in cov.missing_pairs) or "—",
            )))
            for a in alerts:
                notes.append(f"▲ {team['name']} {a.word}: ", style="bold")
                notes.append(f"{a.reason}\n")
        fill(self.query_one("#overview-table", DataTable), rows)
        self.query_one("#overview-legend", Static).update(legend(app.empty_level))
        self.query_one("#overview-alerts", Static).update(
            notes if notes else Text("No team needs you right now.", style="dim"))
        self.query_one("#overview-log", Static).update(Text("\n".join(list(app.event_log)[-8:])))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.console.open_team(str(event.row_key.value))


def seats_cell(team: Mapping[str, Any], presence: an.Presence) -> Text:
    """The overview's seats, a dropped person's seat in reverse video as well as its ✗."""
    text = Text()
    gone = set(an.dropped(team, presence))
    for n, (role, part) in enumerate(zip(ROLES, an.seats_text(team, presence).split(),
                                         strict=True)):
        text.append(" " if n else "")
        text.append(part, style=ALERT if role in gone else "")
    return text


# --- 2. one team ---------------------------------------------------------------------------


class TeamPane(Pane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "cycle(-1)", "Previous team", id="team-prev"),
        Binding("right_square_bracket", "cycle(1)", "Next team", id="team-next"),
    ]

    def compose(self) -> ComposeResult:
        with Horizontal(id="team-bar"):
            yield Select([], prompt="team", id="team-select", allow_blank=True)
            yield Static("[ and ] switch team · everything every seat sees, hidden causes "
                         "included", classes="hint", markup=False)
        with VerticalScroll(id="team-scroll"):
            yield Static("", id="team-detail")

    def focus_main(self) -> None:
        self.query_one("#team-scroll", VerticalScroll).focus()

    def show(self, view: View) -> None:
        app = self.console
        select = self.query_one("#team-select", Select)
        options = [(t["name"], t["id"]) for t in view.get("teams", ())]
        if [v for _, v in options] != self._team_ids:
            select.set_options(options)
            self._team_ids = [v for _, v in options]
        if app.selected_team and select.value != app.selected_team:
            select.value = app.selected_team
        team = next((t for t in view.get("teams", ()) if t["id"] == app.selected_team), None)
        if team is None:
            self.query_one("#team-detail", Static).update("Pick a team.")
            return
        moves: dict[str, float | None] = {r: app.moves.get((team["id"], r)) for r in ROLES}
        detail = drilldown.team_detail(team, app.alerts_for(team), an.coverage(team), moves,
                                    app.now(), app.level_names(team["id"]), app.empty_level,
                                    app.presence)
        self.query_one("#team-detail", Static).update(detail)

    def on_select_changed(self, event: Select.Changed) -> None:
        if (event.select.id == "team-select" and isinstance(event.value, str)
                and event.value != self.console.selected_team):
            self.console.selected_team = event.value
            self.console.refresh_view()

    def action_cycle(self, step: int) -> None:
        view = self.console.view or {}
        ids = [t["id"] for t in view.get("teams", ())]
        if not ids:
            return
        at = ids.index(self.console.selected_team) if self.console.selected_team in ids else 0
        self.console.selected_team = ids[(at + step) % len(ids)]
        self.console.refresh_view()


# --- 4. seats and messages -----------------------------------------------------------------


class SeatsPane(Pane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b", "bot", "Seat a bot", id="seat-bot"),
        Binding("h", "hand_back", "Hand back", id="seat-hand-back"),
        Binding("v", "move", "Move player", id="seat-move"),
        Binding("m", "message", "Message", id="seat-message"),
        Binding("escape", "leave_message", "Back to the seats", show=False, id="seat-leave"),
    ]

    def compose(self) -> ComposeResult:
        table: DataTable[Any] = Grid(id="seats-table", cursor_type="row",
                                          zebra_stripes=True)
        for col in ("team", "seat", "held by", "player", "ready", "AP", "last move"):
            table.add_column(col, key=col)
        yield table
        yield Static("b: a bot takes the highlighted seat (a dropped player) · h: hand it back "
                     "· v: move its player to another seat · m: write to the teams. player: "
                     "connected, or ✗ DROPPED when a person's client is not connected. A player "
                     "who reconnects with their token gets their seat back once you hand it "
                     "back.", classes="hint")
        with Horizontal(id="broadcast"):
            yield Select([("all teams", "")], value="", allow_blank=False, id="bc-target")
            yield Input(placeholder="Message to the teams' chat (enter sends)", id="bc-text",
                        max_length=500)
            yield Button("Send", id="bc-send")
        yield Label("What happened (newest last)")
        with VerticalScroll(id="log-scroll"):
            yield Static("", id="event-log")

    def focus_main(self) -> None:
        self.query_one("#seats-table", DataTable).focus()

    def show(self, view: View) -> None:
        app = self.console
        now = app.now()
        rows = []
        for team in view.get("teams", ()):
            for role in ROLES:
                seat = team["seats"][role]
                moved = app.moves.get((team["id"], role))
                ago = "—" if moved is None else f"{int(now - moved)} s ago"
                link = an.connection_label(team["id"], role, seat, app.presence)
                rows.append((f"{team['id']}:{role}", (
                    team["name"], ROLE_NAMES[role], an.seat_label(seat, app.empty_level),
                    Text(link, style=ALERT if "DROPPED" in link else ""),
                    "✓" if seat.get("ready") else "·", str(seat.get("ap", 0)), ago)))
        fill(self.query_one("#seats-table", DataTable), rows)
        target = self.query_one("#bc-target", Select)
        names = an.team_names(view)
        if self._team_ids != list(names):
            target.set_options([("all teams", ""), *[(n, i) for i, n in names.items()]])
            self._team_ids = list(names)
            target.value = ""
        self.query_one("#event-log", Static).update(Text("\n".join(app.event_log)))
        self.query_one("#log-scroll", VerticalScroll).scroll_end(animate=False)

    def _seat(self) -> tuple[str, str] | None:
        key = cursor_key(self.query_one("#seats-table", DataTable))
        if key is None:
            return None
        team, role = key.split(":", 1)
        return team, role

    def _seat_name(self, team: str, role: str) -> str:
        names = an.team_names(self.console.view or {})
        return f"{names.get(team, team)} {ROLE_NAMES[role]}"

    def _held(self, team: str, role: str) -> Mapping[str, Any]:
        """The seat as the latest view has it ({} before the first view)."""
        teams = (self.console.view or {}).get("teams", ())
        return next((t["seats"][role] for t in teams if t["id"] == team), {})

    def action_bot(self) -> None:
        seat = self._seat()
        if seat is None:
            return
        team, role = seat

        def done(level: str | None) -> None:
            if level:
                self.console.send({"type": "seat_bot", "team": team, "role": role,
                                   "level": level},
                                  f"{a_or_an(level).capitalize()} bot plays "
                                  f"{self._seat_name(team, role)}")

        held = self._held(team, role)
        warning = ""
        if held.get("holder") == "human" and self.console.presence is not None \
                and (team, role) in self.console.presence:
            warning = (f"{held.get('name') or 'A player'} is connected and playing this seat; "
                       "the bot will act for them, and their own actions are refused until "
                       "you hand the seat back.")
        self.app.push_screen(BotLevelScreen(self._seat_name(team, role), warning), done)

    def action_hand_back(self) -> None:
        seat = self._seat()
        if seat is None:
            return
        team, role = seat
        held = self._held(team, role)
        if held.get("holder") != "bot":  # the empty-seat bot is not one to hand back
            self.console.notify(f"{self._seat_name(team, role)}: nothing to hand back "
                                f"({an.seat_label(held, self.console.empty_level)}). h is for "
                                "a seat you gave to a bot with b.", severity="warning")
            return
        who = f" to {held['name']}" if held.get("name") else " (it becomes empty)"
        self.console.send({"type": "release_bot", "team": team, "role": role},
                          f"{self._seat_name(team, role)} handed back{who}")

    def action_move(self) -> None:
        seat = self._seat()
        if seat is None:
            return
        team, role = seat
        view = self.console.view or {}
        held = self._held(team, role)
        where = self._seat_name(team, role)
        if held.get("holder") != "human":
            self.console.notify(f"No person holds {where}: highlight the seat of the person "
                                "to move, then v.", severity="warning")
            return
        who = f"{held.get('name') or 'the player'} ({where})"
        targets = []  # every seat no person holds: empty, or a bot's
        for other in view.get("teams", ()):
            for r in ROLES:
                s = other["seats"][r]
                if s.get("holder") != "human":
                    label = an.seat_label(s, self.console.empty_level)
                    targets.append((f"{self._seat_name(other['id'], r)} — {label}",
                                    other["id"], r))
        if not targets:
            self.console.notify(f"A person holds every seat: there is nowhere to move {who}.",
                                severity="warning")
            return

        def done(to: tuple[str, str] | None) -> None:
            if to is not None:
                self.console.send({"type": "move_seat", "from_team": team, "from_role": role,
                                   "to_team": to[0], "to_role": to[1]},
                                  f"{held.get('name') or 'The player'} moved to "
                                  f"{self._seat_name(*to)}")

        self.app.push_screen(MoveSeatScreen(who, targets, self.console.empty_level), done)

    def action_message(self) -> None:
        self.query_one("#bc-text", Input).focus()

    def _broadcast(self) -> None:
        box = self.query_one("#bc-text", Input)
        text = box.value.strip()
        if not text:
            return
        target = self.query_one("#bc-target", Select).value
        team = target if isinstance(target, str) else ""
        names = an.team_names(self.console.view or {})
        self.console.send({"type": "broadcast", "text": text, "team": team},
                          f"Message to {names.get(team, 'all teams')}")
        box.value = ""
        self.focus_main()  # so the console's keys work again at once

    def action_leave_message(self) -> None:
        self.focus_main()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "bc-text":
            event.stop()
            self._broadcast()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "bc-send":
            self._broadcast()


# --- 5. the end ----------------------------------------------------------------------------


class EndPane(Pane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "override", "Override level", id="end-override"),
        Binding("x", "export", "Export reports", id="end-export"),
        Binding("g", "end_game", "End the game", id="end-game"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("", id="end-status")
        table: DataTable[Any] = Grid(id="levels", cursor_type="cell")
        table.add_column("team", key="team")
        for o in OBJECTIVES:
            table.add_column(o, key=o)
        table.add_column("outcome", key="outcome")
        yield table
        yield Static("arrows: pick a team's objective · o: confirm or override its level with a "
                     "comment (✓ you confirmed it, ✎ you changed it: the computed level in "
                     "brackets) · x: export every report · g: end the game", classes="hint")
        with VerticalScroll(id="level-scroll"):
            yield Static("", id="level-detail")
        with Horizontal(classes="buttons"):
            yield Button("Override level (o)", id="override")
            yield Button("Export reports (x)", id="export", variant="primary")
            yield Button("End the game (g)", id="end-game", variant="error")
        yield Static("", id="export-status")

    def focus_main(self) -> None:
        self.query_one("#levels", DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "end_game":  # nothing to end once it is over
            return self.console.view is None or not self._ended(self.console.view)
        return True

    @staticmethod
    def _ended(view: View) -> bool:
        return bool(view.get("game", {}).get("phase") == "ended")

    def show(self, view: View) -> None:
        app = self.console
        game = view.get("game", {})
        ended = self._ended(view)
        button = self.query_one("#end-game", Button)
        if button.display == ended:  # the game just ended (or the pane is new)
            button.display = not ended
            self.refresh_bindings()
        status = Text()
        if ended:
            status.append(" GAME OVER ", style=ALERT)
            status.append("  Review the levels, override where your judgement differs, then "
                          "export the reports for the debrief.")
        else:
            status.append(f"{an.phase_text(game)}. Levels so far (they settle at the end). "
                          "End the game early with g.")
        self.query_one("#end-status", Static).update(status)
        scores = {r["team"]: r for r in view.get("leaderboard", ())}
        rows = []
        for team in view.get("teams", ()):
            levels = app.assessment(team["id"])
            cells: list[Any] = [team["name"]]
            for o in OBJECTIVES:
                cells.append(levels.cell(o) if levels else "—")
            cells.append(str(scores.get(team["id"], {}).get("outcome", "")))
            rows.append((team["id"], cells))
        fill(self.query_one("#levels", DataTable), rows)
        self.query_one("#export-status", Static).update(app.export_note)
        self._show_detail()

    def _cell(self) -> tuple[str, str] | None:
        table = self.query_one("#levels", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate)
        column = str(key.column_key.value)
        team = str(key.row_key.value)
        return (team, column) if column in OBJECTIVES else (team, "LO1")

    def _show_detail(self) -> None:
        cell = self._cell()
        detail = self.query_one("#level-detail", Static)
        if cell is None:
            detail.update("")
            return
        levels = self.console.assessment(cell[0])
        detail.update(levels.detail(cell[1]) if levels else Text(self.console.levels_note))

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self._show_detail()

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        self.action_override()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"override": self.action_override, "export": self.action_export,
                   "end-game": self.action_end_game}
        if event.button.id in actions:
            actions[event.button.id]()

    def action_override(self) -> None:
        cell = self._cell()
        if cell is None:
            return
        team, objective = cell
        levels = self.console.assessment(team)
        names = an.team_names(self.console.view or {})
        current = levels.level_name(objective) if levels else ""
        evidence = levels.detail(objective) if levels else Text(self.console.levels_note)

        def done(choice: LevelChoice | None) -> None:
            if choice is not None:
                self.console.send({"type": "override_level", "team": team,
                                   "objective": objective, "level": choice.level,
                                   "comment": choice.comment},
                                  f"{objective} for {names.get(team, team)}: {choice.level}")

        self.app.push_screen(OverrideScreen(f"{objective} for {names.get(team, team)}",
                                            current, evidence), done)

    def action_export(self) -> None:
        self.console.export_reports()

    def action_end_game(self) -> None:
        view = self.console.view or {}
        if view.get("game", {}).get("phase") == "ended":
            self.console.notify("The game is already over.")
            return

        def done(yes: bool | None) -> None:
            if yes:
                self.console.send({"type": "end_game"}, "Game ended")

        self.app.push_screen(ConfirmScreen("End the game now?", "Every team's game ends here; "
                                           "the final scores and levels are computed."), done)
