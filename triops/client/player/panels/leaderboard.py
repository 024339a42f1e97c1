"""The leaderboard: every team's outcome score, value delivered and trend."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from triops.client.common.charts import spark
from triops.client.common.tables import RowTable
from triops.client.common.theme import GLYPHS
from triops.client.player.panels.base import Panel


class LeaderboardPanel(Panel):
    TITLE = "Leaderboard"
    HOW_TO = (
        "Every team plays its own copy of the same organisation with the same luck, so teams "
        "can be compared. The outcome score (0–100) counts the seven metrics, the lowest one "
        "twice, plus business value against the goals. The debrief also scores each team on "
        "the five learning objectives, with the evidence behind each level."
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._key: Any = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield RowTable(id="leaderboard-table")
            yield Static(Content.styled(
                "Outcome: 0–100, the seven metrics (the lowest counts double) plus business "
                "value against the goals. Trend: outcome at the end of each quarter.",
                "$text-muted"), id="leaderboard-note")

    def show(self, view: Mapping[str, Any]) -> None:
        super().show(view)
        rows = list(view.get("leaderboard", []))
        mine = view.get("you", {}).get("team")
        key = (repr(rows), mine)
        if key == self._key:
            return
        self._key = key
        table = self.query_one(DataTable)
        table.clear(columns=not table.columns)
        if not table.columns:
            for label in ("#", "Team", "Outcome", "Value", "Trend"):
                table.add_column(label, key=label)
        for row in rows:
            you = row.get("team") == mine
            name = f"{row.get('name')} {GLYPHS['you']} you" if you else str(row.get("name"))
            history = [int(v) for v in row.get("history", [])]
            table.add_row(str(row.get("rank")),
                          Content.styled(name, "bold $secondary" if you else ""),
                          str(row.get("outcome")), f"{row.get('value')} cr",
                          spark(history, 0, 100), key=str(row.get("team")))
