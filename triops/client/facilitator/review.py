"""6. Peer review: the console's side of the peer review of roadmaps, after the game.

n starts a round (one review per team or per person; the charter and standards on the form
or not). Each row is a team: enter (or t) has it present, which puts its roadmap on the
projector and every client; the row shows who has sent a review and who is still to. c
closes the presenting team's reviews (they close by themselves once all are in), and the
projector shows the results. f fills in your own assessment of the highlighted team, on the
peers' form; it sits beside theirs in the results and the reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Label, Select, Static

from triops.client.common.review import presentation_text, progress_text, results_text
from triops.client.common.review_form import ReviewForm
from triops.client.facilitator.modals import ConfirmScreen, FormDialog
from triops.client.facilitator.panes import Grid, Pane, cursor_key, fill

View = Mapping[str, Any]
STATUS_WORDS = {"closed": "results shown", "presenting": "▶ PRESENTING",
                "presented": "presented", "waiting": "to present"}


class StartReviewScreen(FormDialog[dict[str, Any] | None]):
    """How the round runs: per team or per person, and what is on the form."""

    SUBMIT = "go"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="start-review-cancel"),
        Binding("ctrl+s", "submit", "Start", id="start-review-go"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Start the peer review of roadmaps", classes="dialog-title")
            yield Static("Each team presents in turn; the others review it on the rubric. "
                         "Reviews stay hidden from a reviewer until their own is in.",
                         classes="hint")
            yield Select([("one review per team (the first one sent counts)", "team"),
                          ("one review per person", "person")], value="team",
                         allow_blank=False, id="review-mode")
            # Selects, not checkboxes: a checkbox shows on and off by colour alone.
            yield Select([("the charter (LO4): on the form", True),
                          ("the charter (LO4): not on the form", False)], value=True,
                         allow_blank=False, id="review-charter")
            yield Select([("the standards (LO5): on the form", True),
                          ("the standards (LO5): not on the form", False)], value=True,
                         allow_blank=False, id="review-standards")
            with Horizontal(classes="buttons"):
                yield Button("Start (ctrl+s)", id="go", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#review-mode", Select).focus()

    def action_submit(self) -> None:
        self.dismiss({"type": "start_review",
                      "mode": str(self.query_one("#review-mode", Select).value),
                      "charter": self.query_one("#review-charter", Select).value is True,
                      "standards": self.query_one("#review-standards", Select).value is True})


class AssessScreen(FormDialog[list[dict[str, str]] | None]):
    """The facilitator's own assessment of one team, on the peers' form."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="assess-cancel"),
        Binding("ctrl+s", "submit", "Save", id="assess-save"),
        *(Binding(str(n), f"pick({n})", f"level {n}", show=False) for n in range(1, 5)),
    ]

    def __init__(self, name: str, review: View, marks: list[Mapping[str, Any]],
                 presentation: Text) -> None:
        super().__init__()
        self.team_name = name
        self.review = review
        self.marks = marks
        self.presentation = presentation

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="assess-dialog"):
            yield Label(f"Your assessment of {self.team_name} (Tab next field · 1–4 level · "
                        "ctrl+s save)", classes="dialog-title")
            yield Static("", id="assess-error", classes="error")
            with VerticalScroll(id="assess-scroll"):
                yield ReviewForm(self.review, self.marks, id="assess-form")
                yield Static(self.presentation, id="assess-presentation")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one(ReviewForm).focus_first()

    def action_pick(self, number: int) -> None:
        self.query_one(ReviewForm).pick(number)

    def action_submit(self) -> None:
        marks = self.query_one(ReviewForm).marks()
        if isinstance(marks, str):
            self.query_one("#assess-error", Static).update(marks)
            return
        self.dismiss(marks)


class ReviewPane(Pane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "start", "New round", id="review-start"),
        Binding("t", "present", "Present", id="review-present"),
        Binding("c", "close", "Close reviews", id="review-close"),
        Binding("f", "assess", "Your assessment", id="review-assess"),
    ]

    def compose(self) -> ComposeResult:
        yield Static("", id="review-status")
        table: DataTable[Any] = Grid(id="review-table", cursor_type="row")
        for column in ("team", "status", "reviews in", "still to review", "yours"):
            table.add_column(column, key=column)
        yield table
        yield Static("n: start a round · enter or t: this team presents (its roadmap goes on "
                     "the projector) · c: close the presenting team's reviews (the results "
                     "show) · f: your own assessment of the highlighted team", classes="hint")
        with VerticalScroll(id="review-detail-scroll"):
            yield Static("", id="review-detail")

    def focus_main(self) -> None:
        self.query_one("#review-table", DataTable).focus()

    def _review(self) -> View:
        return (self.console.view or {}).get("review") or {}

    def show(self, view: View) -> None:
        review = view.get("review") or {}
        ended = view.get("game", {}).get("phase") == "ended"
        status = Text()
        if not ended:
            status.append("The peer review of roadmaps runs after the game: end it first "
                          "(5, then g), then press n here.")
        elif not review:
            status.append("No round yet. n starts one: each team presents in turn, the others "
                          "review it on the rubric, and the projector shows the results.")
        else:
            per = "team" if review.get("mode") == "team" else "person"
            form = ", ".join(c["title"] for c in review.get("criteria") or [])
            status.append(" PEER REVIEW ", style="bold reverse")
            status.append(f"  one review per {per} · criteria: {form}\n")
            if review.get("presenting"):
                status.append(f"{review.get('presenting_name')} presents: "
                              f"{progress_text(review)}", style="bold")
                if review.get("status") == "closed":
                    status.append(" · closed: the results are on the projector")
            else:
                status.append("Pick the first team to present (enter).", style="bold")
        self.query_one("#review-status", Static).update(status)
        rows = []
        for t in review.get("teams") or []:
            rows.append((str(t["team"]), [
                str(t["name"]), STATUS_WORDS.get(str(t.get("status")), str(t.get("status"))),
                ", ".join(t.get("submitted") or []) or "—",
                ", ".join(t.get("waiting") or []) or "—",
                "✓" if t.get("assessed") else "—"]))
        fill(self.query_one("#review-table", DataTable), rows)
        self._show_detail()

    def _row(self) -> Mapping[str, Any] | None:
        key = cursor_key(self.query_one("#review-table", DataTable))
        return next((t for t in self._review().get("teams") or [] if t["team"] == key), None)

    def _show_detail(self) -> None:
        row = self._row()
        detail = self.query_one("#review-detail", Static)
        detail.update(results_text(row["results"]) if row else "")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_present()

    def _ready(self) -> bool:
        if not self._review():
            self.console.notify("Start a round first (n).", severity="warning")
            return False
        return True

    def action_start(self) -> None:
        view = self.console.view or {}
        if view.get("game", {}).get("phase") != "ended":
            self.console.notify("The peer review runs after the game has ended.",
                                severity="warning")
            return

        def done(command: dict[str, Any] | None) -> None:
            if command is not None:
                self.console.send(command, f"Peer review started (one per {command['mode']})")

        self.app.push_screen(StartReviewScreen(), done)

    def action_present(self) -> None:
        row = self._row()
        if row is None or not self._ready():
            return
        self.console.send({"type": "present_team", "team": row["team"]},
                          f"{row['name']} presents")

    def action_close(self) -> None:
        review = self._review()
        if not self._ready():
            return
        if not review.get("presenting") or review.get("status") == "closed":
            self.console.notify("No team's reviews are open.", severity="warning")
            return
        name = review.get("presenting_name")

        def done(yes: bool | None) -> None:
            if yes:
                self.console.send({"type": "close_review"}, f"Reviews of {name} closed")

        self.app.push_screen(ConfirmScreen(f"Close the reviews of {name}?",
                                           f"{progress_text(review)}. The results go on the "
                                           "projector; no more reviews of this team."), done)

    def action_assess(self) -> None:
        row = self._row()
        review = self._review()
        if row is None or not self._ready():
            return
        marks: list[Mapping[str, Any]] = next((a["marks"] for a in review.get("assessments") or []
                      if a["team"] == row["team"]), [])
        pres = review.get("presentation") if review.get("presenting") == row["team"] else None

        def done(given: list[dict[str, str]] | None) -> None:
            if given is not None:
                self.console.send({"type": "assess_team", "team": row["team"], "marks": given},
                                  f"Your assessment of {row['name']} saved")

        self.app.push_screen(AssessScreen(str(row["name"]), review, list(marks),
                                          presentation_text(pres) if pres else Text("")), done)
