"""The console's seats pane: who holds each seat, a bot for a dropped player and the seat
handed back, a player moved to another seat, and messages to the teams' chat."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Input, Label, Select, Static

from triops.client.facilitator import analysis as an
from triops.client.facilitator.modals import BotLevelScreen, MoveSeatScreen
from triops.client.facilitator.pane_base import ALERT, Grid, Pane, View, cursor_key, fill
from triops.game.model.vocab import ROLE_NAMES, ROLES, a_or_an


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
