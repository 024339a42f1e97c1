"""Forms for the artefacts: one roadmap line, one standard proposal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from triops.client.player.labels import MECHANISMS, role_label, standard_terms
from triops.client.player.screens.modals import Dialog
from triops.game.model.vocab import LEVELS, METRIC_NAMES, METRICS, ROLES


def row(label: str, field: Widget) -> ComposeResult:
    """One form line: a label on the left, the field on the right."""
    with Horizontal(classes="form-row"):
        yield Label(label)
        yield field


def _chosen(widget: Select[Any]) -> Any:
    value = widget.value
    return None if value is Select.NULL else value


class FormDialog(Dialog):
    """A dialog with fields, an error line and Save / Cancel. Ctrl+S saves."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "save", "Save")]

    DEFAULT_CSS = """
    FormDialog VerticalScroll { height: auto; max-height: 65vh; }
    FormDialog .form-row { height: auto; margin-bottom: 1; }
    FormDialog .form-row Label { width: 26; padding-right: 1; }
    FormDialog .form-row Select, FormDialog .form-row Input { width: 1fr; }
    """

    def buttons(self) -> ComposeResult:
        yield Static("", classes="dialog-error", id="form-error")
        with Horizontal(classes="dialog-buttons"):
            yield Button("Save (Ctrl+S)", variant="primary", id="save")
            yield Button("Cancel (Esc)", id="cancel")

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def fail(self, text: str) -> None:
        self.query_one("#form-error", Static).update(text)

    def action_save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class RoadmapLineScreen(FormDialog):
    """Add or edit one roadmap line. Returns (entry map, reason) or None."""

    def __init__(self, view: Mapping[str, Any], entry: Mapping[str, Any] | None,
                 needs_reason: bool) -> None:
        super().__init__()
        self.view = view
        self.entry = dict(entry or {})
        self.needs_reason = needs_reason

    def compose(self) -> ComposeResult:
        game = self.view.get("game", {})
        team = self.view.get("team", {})
        quarters = int(game.get("quarters", 6))
        first = max(1, int(game.get("quarter", 0)))
        e = self.entry
        with Vertical() as box:
            box.border_title = "Edit roadmap line" if e else "Add a roadmap line"
            box.border_subtitle = "Ctrl+S save · Esc cancel"
            with VerticalScroll():
                goals = self.view.get("briefing", {}).get("goals", [])
                yield from row("Initiative", Select(
                    [(f"{i['id']} {i['name']}", i["id"]) for i in team.get("initiatives", [])],
                    id="rm-initiative", value=e.get("initiative", Select.NULL),
                    prompt="which initiative", compact=True))
                yield from row("Target level", Select(
                    [(lvl, lvl) for lvl in LEVELS], id="rm-level",
                    value=e.get("level", "crawl"), allow_blank=False, compact=True))
                yield from row("Target quarter", Select(
                    [(f"Q{q}", q) for q in range(1, quarters + 1)], id="rm-quarter",
                    value=e.get("quarter", first), allow_blank=False, compact=True))
                yield from row("Owner (drives it)", Select(
                    [(role_label(r), r) for r in ROLES], id="rm-owner",
                    value=e.get("owner", self.view.get("you", {}).get("role", "dataops")),
                    allow_blank=False, compact=True))
                yield from row("KPI metric (optional)", Select(
                    [(METRIC_NAMES[m], m) for m in METRICS], id="rm-kpi",
                    value=e.get("kpi_metric") or Select.NULL, prompt="no KPI", compact=True))
                yield from row("KPI target (0–100)", Input(
                    str(e.get("kpi_target") or ""), type="integer", id="rm-target",
                    placeholder="e.g. 60", compact=True))
                yield from row("Goal it serves (optional)", Select(
                    [(str(g.get("text", g["id"]))[:70], g["id"]) for g in goals],
                    id="rm-goal", value=e.get("goal") or Select.NULL, prompt="no goal",
                    compact=True))
                if self.needs_reason:
                    yield Static("After setup a revision needs a reason; the first artefact "
                                 "change of a quarter costs 1 AP.", classes="dialog-intro")
                    yield from row("Reason (recorded)", Input(
                        id="rm-reason", max_length=200, placeholder="why it changes",
                        compact=True))
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#rm-initiative").focus()

    def action_save(self) -> None:
        initiative = _chosen(self.query_one("#rm-initiative", Select))
        if not initiative:
            self.fail("Choose an initiative.")
            return
        target_text = self.query_one("#rm-target", Input).value.strip()
        kpi = _chosen(self.query_one("#rm-kpi", Select)) or ""
        try:
            target = int(target_text) if target_text else 0
        except ValueError:
            target = -1
        if not 0 <= target <= 100:
            self.fail("The KPI target is a number from 0 to 100.")
            return
        if target and not kpi:
            self.fail("Choose the KPI metric the target is for.")
            return
        if kpi:
            now = self.view.get("team", {}).get("metrics", {}).get(kpi)
            name = METRIC_NAMES.get(kpi, kpi)
            at = f" (it is {now} now)" if now is not None else ""
            if not target_text:
                self.fail(f"Give the KPI target: the {name} value to reach{at}, or choose "
                          "no KPI.")
                return
            changed = (kpi, target) != (self.entry.get("kpi_metric"),
                                        self.entry.get("kpi_target"))
            if changed and now is not None and target <= int(now):
                self.fail(f"A target at or below the current {name} ({now}) asks for no "
                          "improvement and never counts as met: aim above it.")
                return
        reason = ""
        if self.needs_reason:
            reason = self.query_one("#rm-reason", Input).value.strip()
            if not reason:
                self.fail("Say in one line why the roadmap changes.")
                return
        entry = {"initiative": initiative,
                 "level": _chosen(self.query_one("#rm-level", Select)),
                 "quarter": int(_chosen(self.query_one("#rm-quarter", Select))),
                 "owner": _chosen(self.query_one("#rm-owner", Select)),
                 "kpi_metric": kpi, "kpi_target": target,
                 "goal": _chosen(self.query_one("#rm-goal", Select)) or ""}
        self.dismiss((entry, reason))


class StandardScreen(FormDialog):
    """Propose (or change) one standard. Returns the propose_standard command map, or None."""

    def __init__(self, view: Mapping[str, Any], standard: str, spec: Mapping[str, Any],
                 current: Mapping[str, Any] | None, needs_reason: bool) -> None:
        super().__init__()
        self.view = view
        self.standard = standard
        self.spec = spec
        self.current = dict(current or {})
        self.needs_reason = needs_reason

    def compose(self) -> ComposeResult:
        c = self.current
        owners = list(self.spec.get("disciplines") or ROLES)
        with Vertical() as box:
            box.border_title = f"Propose: {self.spec.get('name', self.standard)}"
            box.border_subtitle = "Ctrl+S save · Esc cancel"
            with VerticalScroll():
                intro = [Content.assemble(("Standard: ", "bold"),
                                          str(self.spec.get("spec", self.standard)))]
                if self.spec.get("addresses"):
                    intro.append(Content("Lowers the odds of incidents tagged: "
                                         + ", ".join(self.spec["addresses"])))
                intro += [Content(line) for line in standard_terms(
                    self.spec, self.view,
                    self.view.get("team", {}).get("standard_rollout") or {})]
                yield Static(Content("\n").join(intro), classes="dialog-intro")
                yield from row("Owner (accountable)", Select(
                    [(role_label(r), r) for r in ROLES], id="std-owner",
                    value=c.get("owner") or (owners[0] if owners else "dataops"),
                    allow_blank=False, compact=True))
                yield from row("How it is adopted", Select(
                    [(text, m) for m, text in MECHANISMS.items()], id="std-mechanism",
                    value=c.get("mechanism", "policy"), allow_blank=False, compact=True))
                yield from row("KPI that shows it works", Input(
                    str(c.get("kpi") or self.spec.get("kpi", "")), id="std-kpi",
                    max_length=200, compact=True))
                if self.needs_reason:
                    yield Static("After setup, the first change to the standards in a quarter "
                                 "costs 1 AP.", classes="dialog-intro")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#std-owner").focus()

    def action_save(self) -> None:
        kpi = self.query_one("#std-kpi", Input).value.strip()
        if not kpi:
            self.fail("Name the KPI that shows the standard works.")
            return
        command: dict[str, Any] = {
            "type": "propose_standard", "standard": self.standard,
            "owner": _chosen(self.query_one("#std-owner", Select)),
            "mechanism": _chosen(self.query_one("#std-mechanism", Select)), "kpi": kpi}
        self.dismiss(command)
