"""The quarter report: what changed and why, each metric change with its causes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from triops.client.common.redraw import set_content
from triops.client.player.panels.base import Panel
from triops.client.player.text import report_text


class ReportPanel(Panel):
    TITLE = "Report"
    HOW_TO = (
        "After each quarter resolves, the report says what happened and why: each incident's "
        "outcome (and whether the diagnosis was right), what was funded, and every metric "
        "change with the causes that add up to it. Under each incident resolved, the real "
        "case or framework it draws on: 'The real case (reported)' for a public report, "
        "'Drawn from (composite)' for a case built from frameworks. [ and ] show earlier "
        "quarters."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "quarter(-1)", "Earlier quarter"),
        Binding("right_square_bracket", "quarter(1)", "Later quarter"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.quarter_shown: int | None = None  # None: follow the latest
        self._key: Any = None

    def compose(self) -> ComposeResult:
        yield Static(id="report-title")
        with VerticalScroll(id="report-scroll", can_focus=True):
            yield Static(id="report-text")

    def quarters(self) -> list[int]:
        return sorted(int(q) for q in self.view.get("team", {}).get("reports", {}))

    def show(self, view: Mapping[str, Any]) -> None:
        super().show(view)
        quarters = self.quarters()
        q = self.quarter_shown
        if q is None or q not in quarters:
            q = quarters[-1] if quarters else None
        reports = view.get("team", {}).get("reports", {})
        events = reports.get(str(q), []) if q is not None else []
        incidents = view.get("team", {}).get("incidents", [])
        cases = tuple(i.get("id") for i in incidents if i.get("anchor"))
        key = (q, len(events), tuple(quarters), cases)
        if key == self._key:
            return
        self._key = key
        if q is None:
            title = Content.styled("No quarter has been resolved yet: the first report comes "
                                   "after setup.", "$text-muted")
        else:
            nav = "  ([ ] other quarters)" if len(quarters) > 1 else ""
            name = "Setup (Q0)" if q == 0 else f"Quarter {q}"
            title = Content.assemble((f"{name} report", "bold $accent"), (nav, "$text-muted"))
        set_content(self.query_one("#report-title", Static), title)
        set_content(self.query_one("#report-text", Static), report_text(events, incidents))
        self.query_one("#report-scroll").scroll_home(animate=False)

    def action_quarter(self, step: int) -> None:
        quarters = self.quarters()
        if not quarters:
            return
        current = self.quarter_shown if self.quarter_shown in quarters else quarters[-1]
        index = max(0, min(len(quarters) - 1, quarters.index(int(current or 0)) + step))
        self.quarter_shown = quarters[index] if index < len(quarters) - 1 else None
        self._key = None
        self.show(self.view)

    def follow_latest(self) -> None:
        self.quarter_shown = None
        self._key = None
        if self.view:
            self.show(self.view)

    def glossary_text(self) -> str:
        events = self.view.get("team", {}).get("reports", {})
        return " ".join(str(e.get("text")) for evs in events.values() for e in evs)
