"""The peer review of roadmaps, in the player's client (after the game).

Opens by itself when the facilitator has a team present that this seat may review (key v
opens it again). The form on top: a level per criterion of the rubric (1–4 on a level, or
Enter and the arrows) and an optional comment; ctrl+s sends it. Once this seat's review (or
its team's) is in, the form gives way to the confirmation and then the other reviewers'
comments. Below, the presenting team's roadmap, charter, standards and key decisions, as the
projector shows them. The screen renders the view it is given and keeps no game state.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from triops.client.common.review import level_text, presentation_text, progress_text, results_text
from triops.client.common.review_form import ReviewForm
from triops.client.player.panels.base import Act


def others_text(review: Mapping[str, Any]) -> Text:
    """This seat's review as sent, then the other reviews of the presenting team (or, once
    the reviews are closed, the results: every review's levels and comments)."""
    out = Text()
    titles = {c["id"]: c["title"] for c in review.get("criteria") or []}
    mine = review.get("mine")
    if mine:
        who = "Your team's review" if review.get("mode") == "team" else "Your review"
        out.append(f"✓ {who} of {review.get('presenting_name')} is in", style="bold green")
        out.append(f" (sent by {mine.get('by')}).\n")
        for m in mine.get("marks") or []:
            out.append(f"  {titles.get(m['criterion'], m['criterion'])}: "
                       f"{level_text(m['level'])}")
            out.append(f" — {m['comment']}\n" if m.get("comment") else "\n")
    if review.get("results"):
        out.append("\n")
        out.append(results_text(review["results"]))
        return out
    others = review.get("others") or []
    hidden = int(review.get("others_hidden") or 0)
    if hidden:
        out.append(f"\n{hidden} other review(s) are in: you see their comments once yours "
                   "is in.\n", style="italic")
    if others:
        out.append("\nThe other reviews\n", style="bold underline")
    for r in others:
        out.append(f"  {r.get('by')}\n", style="bold")
        for m in r.get("marks") or []:
            out.append(f"    {titles.get(m['criterion'], m['criterion'])}: "
                       f"{level_text(m['level'])}")
            out.append(f" — {m['comment']}\n" if m.get("comment") else "\n")
    if mine and not others and not hidden and review.get("status") == "open":
        out.append("\nNo other review is in yet; theirs show here as they arrive.\n",
                   style="italic")
    return out


class ReviewScreen(ModalScreen[None]):
    """The review of the presenting team: the form, or what was sent and the others'."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Send the review", id="review-send"),
        Binding("escape", "close", "Back", id="review-close"),
        *(Binding(str(n), f"pick({n})", f"level {n}", show=False) for n in range(1, 5)),
    ]

    def __init__(self, view: Mapping[str, Any]) -> None:
        super().__init__()
        self.view = view
        self._form_for = ""  # the presenting team the form on screen is for
        self._composed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="review-box") as box:
            box.border_title = "Peer review of roadmaps"
            box.border_subtitle = ("Tab next field · 1–4 level · ctrl+s send · Esc back")
            yield Static(id="review-error", classes="error")
            with VerticalScroll(id="review-scroll"):
                yield Static(id="review-head")
                yield Vertical(id="review-form-box")
                yield Static(id="review-others")
                yield Static(id="review-presentation")

    def on_mount(self) -> None:
        self._composed = True
        self.show(self.view)

    @property
    def review(self) -> Mapping[str, Any]:
        return self.view.get("review") or {}

    def show(self, view: Mapping[str, Any]) -> None:
        self.view = view
        if not self._composed:
            return
        review = self.review
        head = Text()
        name = review.get("presenting_name")
        if not review:
            head.append("The peer review has not started.", style="bold")
        elif not name:
            head.append("The peer review has started: the facilitator picks the first team "
                        "to present.", style="bold")
        else:
            head.append(f"{name} presents", style="bold reverse")
            head.append(f"   {progress_text(review)}"
                        + (" · closed" if review.get("status") == "closed" else ""))
            if review.get("can_review"):
                head.append("\nLevel each criterion of the rubric (1 beginning, 2 developing, "
                            "3 proficient, 4 exemplary), add a comment if you like, then "
                            "ctrl+s. You see the others' comments once yours is in. "
                            + ("One review per team: the first one sent counts."
                               if review.get("mode") == "team" else "One review each."))
            elif review.get("why_not"):
                head.append(f"\n{review['why_not']}", style="italic")
        self.query_one("#review-head", Static).update(head)
        self._show_form(review)
        self.query_one("#review-others", Static).update(others_text(review))
        self.query_one("#review-presentation", Static).update(
            presentation_text(review.get("presentation"), wide=False)
            if review.get("presentation") else "")

    def _show_form(self, review: Mapping[str, Any]) -> None:
        box = self.query_one("#review-form-box", Vertical)
        wanted = str(review.get("presenting") or "") if review.get("can_review") else ""
        if wanted == self._form_for:
            return
        self._form_for = wanted
        box.remove_children()
        self.query_one("#review-error", Static).update("")
        # Another team presents: start from the top with the new form focused (the form left
        # open kept its scroll position with nothing focused, so a level typed did nothing).
        self.query_one("#review-scroll", VerticalScroll).scroll_home(animate=False)
        if wanted:
            form = ReviewForm(review, id="review-form")
            box.mount(form)
            self.call_after_refresh(form.focus_first)

    def action_pick(self, number: int) -> None:
        forms = self.query(ReviewForm)
        if forms:
            forms.first().pick(number)

    def action_submit(self) -> None:
        forms = self.query(ReviewForm)
        review = self.review
        if not forms or not review.get("can_review"):
            self.app.notify(str(review.get("why_not") or "There is nothing to send."),
                            severity="warning")
            return
        marks = forms.first().marks()
        if isinstance(marks, str):
            self.query_one("#review-error", Static).update(marks)
            return
        self.query_one("#review-error", Static).update("")
        name = review.get("presenting_name")
        self.app.post_message(Act({"type": "submit_review", "team": review.get("presenting"),
                                   "marks": marks}, f"review of {name} sent"))

    def action_close(self) -> None:
        self.dismiss(None)
