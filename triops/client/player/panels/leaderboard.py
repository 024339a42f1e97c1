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

# Longer team names end in "…" so the scores stay in view beside the chat.
NAME_MAX = 32


class LeaderboardPanel(Panel):
    TITLE = "Leaderboard"
    HOW_TO = (
        "Every team plays its own copy of the same organisation with the same luck, so teams "
        "can be compared. The outcome score (0–100) is 70% the organisation's goals (value "
        "delivered and each metric goal) and 30% how far the team raised the health of the "
        "whole estate from where it started (the seven metrics, the lowest one twice). The "
        "debrief also scores each team on the five learning objectives, with the evidence "
        "behind each level."
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._key: Any = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield RowTable(id="leaderboard-table")
            yield Static(Content.styled(
                "Outcome: 0–100, the goals (70%) and how far the estate's health rose from the "
                "start (30%). Trend: outcome at the end of each quarter.",
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
        names = []
        for row in rows:
            name = str(row.get("name"))
            if len(name) > NAME_MAX:
                name = name[:NAME_MAX - 1] + "…"
            names.append(f"{name} {GLYPHS['you']} you" if row.get("team") == mine else name)
        # Explicit widths, as in the initiatives table: an auto-width column measures a
        # styled cell as one character and kept the header's width, which cut "Your team"
        # to "Your" and dropped the "you" marker.
        table.clear(columns=True)
        table.add_column("#", key="#", width=max([1, *(len(str(r.get("rank"))) for r in rows)]))
        table.add_column("Team", key="Team", width=max([4, *(len(n) for n in names)]))
        table.add_column("Outcome", key="Outcome")
        table.add_column("Value", key="Value", width=max([5, *(len(f"{r.get('value')} cr")
                                                             for r in rows)]))
        table.add_column("Trend", key="Trend")
        for row, name in zip(rows, names, strict=True):
            you = row.get("team") == mine
            history = [int(v) for v in row.get("history", [])]
            table.add_row(str(row.get("rank")),
                          Content.styled(name, "bold $secondary" if you else ""),
                          str(row.get("outcome")), f"{row.get('value')} cr",
                          spark(history, 0, 100), key=str(row.get("team")))
