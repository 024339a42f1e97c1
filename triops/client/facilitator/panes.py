"""The console's five panes. Each renders from the app's latest facilitator view.

A pane keeps no game state: `show(view)` redraws it from the view (and from what the app
derives from it), and its keys ask the app to send a command. Tables are updated cell by
cell so the cursor stays where the facilitator left it. The overview and one team are
here; the seats pane is in `seats_pane.py`, the end in `end_pane.py` and what they share
in `pane_base.py` (review and injects are modules of their own).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Label, Select, Static

from triops.client.facilitator import analysis as an
from triops.client.facilitator import drilldown
from triops.client.facilitator.end_pane import EndPane
from triops.client.facilitator.pane_base import ALERT, Grid, Pane, View, cursor_key, fill
from triops.client.facilitator.seats_pane import SeatsPane
from triops.game.model.vocab import METRICS, ROLES

__all__ = ["ALERT", "EndPane", "Grid", "OverviewPane", "Pane", "SeatsPane", "TeamPane", "View",
           "cursor_key", "fill", "legend", "seats_cell"]


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
