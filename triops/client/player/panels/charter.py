"""The committee charter builder: a form over the team's charter draft.

The form starts from the charter in the view. While the player has not touched it, a
teammate's change replaces what the form shows; once the player has edits of their own, the
form keeps them and offers to load the team's version instead. Ctrl+S (or the button) sends
the whole charter as `set_charter`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from triops.client.common.redraw import set_content
from triops.client.common.theme import GLYPHS
from triops.client.common.toggles import (
    MarkedCheckbox,
    MarkedSelectionList,
    OrderedSelectionList,
)
from triops.client.player.labels import CADENCES, MEMBERS, RACI, RIGHTS
from triops.client.player.panels.base import Act, refuse_if_closed
from triops.game.model.vocab import (
    CADENCES as CADENCE_IDS,
)
from triops.game.model.vocab import (
    CHARTER_MEMBERS,
    DECISION_RIGHTS,
    FRAMEWORK_NAMES,
    FRAMEWORKS,
    RACI_DECISIONS,
)

EMPTY: dict[str, Any] = {"members": [], "chair": "", "cadence": "", "decision_rights": [],
                         "risk_tiering": False, "escalation": [], "decision_log": False,
                         "accountable": {}, "frameworks": [], "purpose": ""}


def normal(charter: Mapping[str, Any] | None) -> dict[str, Any]:
    """A charter map with every field, lists as lists, for comparison and sending."""
    out = dict(EMPTY)
    for key, value in (charter or {}).items():
        if key in out:
            out[key] = (list(value) if isinstance(value, list | tuple)
                        else dict(value) if isinstance(value, Mapping) else value)
    return out


class CharterForm(VerticalScroll):
    """The charter builder. `show(view)` keeps it in step with the team's draft."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", "Save charter")]

    class Saved(Message):
        """The player asked to save the charter (the app sends it)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: Mapping[str, Any] = {}
        self._loaded: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="charter-status")
        with Horizontal(id="charter-conflict"):
            yield Static(f"{GLYPHS['warn']} A teammate changed the charter while you were "
                         "editing.", id="charter-conflict-text")
            yield Button("Load the team's version", id="charter-reload", compact=True)
        yield Label("Members (Space toggles; at least 3)")
        yield MarkedSelectionList(*(Selection(MEMBERS[m], m) for m in CHARTER_MEMBERS),
                                 id="charter-members")
        yield Label("Chair")
        yield Select([(MEMBERS[m], m) for m in CHARTER_MEMBERS], id="charter-chair",
                     prompt="choose the chair (a member)", compact=True)
        yield Label("Meeting cadence")
        yield Select([(CADENCES[c], c) for c in CADENCE_IDS], id="charter-cadence",
                     prompt="choose how often it meets", compact=True)
        yield Label("Decision rights (claim those the committee will use; g: what each does)")
        yield MarkedSelectionList(*(Selection(RIGHTS[r], r) for r in DECISION_RIGHTS),
                                 id="charter-rights")
        yield MarkedCheckbox("Risk tiering (light review for low-risk systems)",
                             id="charter-tiering")
        yield MarkedCheckbox("Keep a decision log", id="charter-log")
        yield Label("Escalation path (selected in order: 1 is told first)")
        yield OrderedSelectionList(*(Selection(MEMBERS[m], m) for m in CHARTER_MEMBERS),
                                   id="charter-escalation")
        yield Label("Who is accountable (RACI) for each decision")
        for decision in RACI_DECISIONS:
            # The decision stays named once answered (a chosen Select shows only the name).
            yield Label(f"  {RACI[decision]}", classes="raci-decision")
            yield Select([(MEMBERS[m], m) for m in CHARTER_MEMBERS], id=f"raci-{decision}",
                         prompt="who is accountable?", compact=True)
        yield Label("Frameworks the charter follows")
        yield MarkedSelectionList(*(Selection(FRAMEWORK_NAMES[f], f) for f in FRAMEWORKS),
                                 id="charter-frameworks")
        yield Label("Purpose (one line)")
        yield Input(id="charter-purpose", max_length=200, compact=True,
                    placeholder="what the committee is for")
        yield Label("Reason for this change (needed after setup; the first change in a "
                    "quarter costs 1 AP)", id="charter-reason-label")
        yield Input(id="charter-reason", max_length=200, placeholder="why it changes",
                    compact=True)
        yield Button("Save charter (Ctrl+S)", id="charter-save", variant="primary")

    def show(self, view: Mapping[str, Any]) -> None:
        self.view = view
        self._frameworks(view.get("catalogue", {}).get("frameworks"))
        team = view.get("team", {})
        theirs = normal(team.get("charter"))
        if self._loaded is None or (theirs != self._loaded and self.value() == self._loaded):
            self.load(theirs)  # (the form is read only when the team's charter changed)
        self.query_one("#charter-conflict").display = (theirs != self._loaded)
        self._status(team)
        after_setup = int(view.get("game", {}).get("quarter", 0)) > 0
        self.query_one("#charter-reason").display = after_setup
        self.query_one("#charter-reason-label").display = after_setup

    def _status(self, team: Mapping[str, Any]) -> None:
        problems = team.get("charter_problems", [])
        active = team.get("committee_active")
        if problems:
            text = Content.assemble((f"{GLYPHS['warn']} The charter is not complete: ",
                                     "bold $warning"), "; ".join(problems))
        elif active:
            text = Content.styled(f"{GLYPHS['yes']} Complete, and the committee is working "
                                  "(I11 funded).", "bold $success")
        else:
            text = Content.assemble((f"{GLYPHS['yes']} Complete. ", "bold $success"),
                                    "It takes effect once the committee initiative (I11) is "
                                    "funded.")
        set_content(self.query_one("#charter-status", Static), text)

    def load(self, charter: Mapping[str, Any]) -> None:
        c = normal(charter)
        self._loaded = c
        self._set_list("#charter-members", c["members"])
        self._set_list("#charter-rights", c["decision_rights"])
        self._set_list("#charter-escalation", c["escalation"])
        self._set_list("#charter-frameworks", c["frameworks"])
        self._set_select("#charter-chair", c["chair"])
        self._set_select("#charter-cadence", c["cadence"])
        for decision in RACI_DECISIONS:
            self._set_select(f"#raci-{decision}", c["accountable"].get(decision, ""))
        self.query_one("#charter-tiering", Checkbox).value = bool(c["risk_tiering"])
        self.query_one("#charter-log", Checkbox).value = bool(c["decision_log"])
        self.query_one("#charter-purpose", Input).value = str(c["purpose"])

    def _frameworks(self, offered: list[dict[str, str]] | None) -> None:
        """Offer the frameworks this organisation answers to, as the server lists them."""
        if not offered:
            return
        widget: SelectionList[str] = self.query_one("#charter-frameworks", SelectionList)
        ids = [f["id"] for f in offered]
        if [widget.get_option_at_index(i).value for i in range(widget.option_count)] == ids:
            return
        chosen = [f for f in widget.selected if f in ids]
        widget.clear_options()
        widget.add_options([Selection(f["name"], f["id"], f["id"] in chosen) for f in offered])

    def _set_list(self, selector: str, values: list[str]) -> None:
        widget: SelectionList[str] = self.query_one(selector, SelectionList)
        widget.deselect_all()
        for value in values:
            widget.select(value)

    def _set_select(self, selector: str, value: str) -> None:
        widget: Select[str] = self.query_one(selector, Select)
        if value:
            widget.value = value
        else:
            widget.clear()

    def value(self) -> dict[str, Any]:
        def chosen(selector: str) -> str:
            value = self.query_one(selector, Select).value
            return value if isinstance(value, str) else ""

        accountable = {d: chosen(f"#raci-{d}") for d in RACI_DECISIONS if chosen(f"#raci-{d}")}
        return normal({
            "members": self.query_one("#charter-members", SelectionList).selected,
            "chair": chosen("#charter-chair"),
            "cadence": chosen("#charter-cadence"),
            "decision_rights": self.query_one("#charter-rights", SelectionList).selected,
            "risk_tiering": self.query_one("#charter-tiering", Checkbox).value,
            "escalation": self.query_one("#charter-escalation", SelectionList).selected,
            "decision_log": self.query_one("#charter-log", Checkbox).value,
            "accountable": accountable,
            "frameworks": self.query_one("#charter-frameworks", SelectionList).selected,
            "purpose": self.query_one("#charter-purpose", Input).value.strip(),
        })

    @on(Button.Pressed, "#charter-reload")
    def _reload(self) -> None:
        self.load(normal(self.view.get("team", {}).get("charter")))
        self.query_one("#charter-conflict").display = False

    @on(Button.Pressed, "#charter-save")
    def _save_button(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        game = self.view.get("game", {})
        if refuse_if_closed(self, self.view):
            return
        reason = self.query_one("#charter-reason", Input).value.strip()
        if int(game.get("quarter", 0)) > 0 and not reason:
            self.notify("After setup, say in one line why the charter changes (Reason).",
                        severity="warning")
            self.query_one("#charter-reason", Input).focus()
            return
        charter = self.value()
        if charter == normal(self.view.get("team", {}).get("charter")):
            self.notify("The charter is unchanged.")
            return
        self._loaded = charter  # what we sent becomes the baseline once it comes back
        self.post_message(Act({"type": "set_charter", "charter": charter, "reason": reason},
                              "save charter"))
        self.query_one("#charter-reason", Input).value = ""
