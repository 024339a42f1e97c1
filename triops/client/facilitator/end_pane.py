"""The console's end pane: each team's objective levels, the facilitator's override of a
level, the reports' export and the end of the game."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, DataTable, Static

from triops.client.facilitator import analysis as an
from triops.client.facilitator.modals import ConfirmScreen, LevelChoice, OverrideScreen
from triops.client.facilitator.pane_base import ALERT, Grid, Pane, View, fill
from triops.game.model.vocab import OBJECTIVES


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
            status.append(f"{an.phase_text(game)}. Levels as of the last review (they settle "
                          "at the end). End the game early with g.")
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
