"""Artefacts: the roadmap editor, the charter builder and standards proposals.

The team edits them together: every change a teammate saves arrives in the next view and
is shown at once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, DataTable, Static, TabbedContent, TabPane

from triops.client.common.redraw import set_content
from triops.client.common.tables import RowTable
from triops.client.common.theme import GLYPHS
from triops.client.player.labels import MECHANISMS, role_label, standard_terms
from triops.client.player.panels.base import Act, Panel, refuse_if_closed
from triops.client.player.panels.charter import CharterForm
from triops.client.player.screens.forms import RoadmapLineScreen, StandardScreen
from triops.client.player.screens.modals import ConfirmScreen, TextScreen
from triops.game.model.vocab import METRIC_CODES

Entry = dict[str, Any]

FIELDS = ("initiative", "level", "quarter", "owner", "kpi_metric", "kpi_target", "goal")


def plain_entry(e: Mapping[str, Any]) -> Entry:
    return {k: e.get(k, "" if k not in ("quarter", "kpi_target") else 0) for k in FIELDS}


class ArtefactsPanel(Panel):
    TITLE = "Artefacts"
    HOW_TO = (
        "The lesson's three deliverables, built by the whole team. Roadmap: which initiative, "
        "at which level (crawl, walk, run), in which quarter, owned by which seat, with a KPI "
        "target and the goal it serves. Charter: the governance committee's members, chair, "
        "cadence, decision rights, risk tiering and escalation; the committee works once the "
        "charter is complete and I11 is funded. Standards: practices every discipline "
        "follows, each with an owner, an adoption mechanism and a KPI. Setup (Q0) edits are "
        "free; later, the first change to each artefact in a quarter costs 1 AP and needs a "
        "reason. [ and ] switch between the three."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "tab(-1)", "Prev artefact", show=False),
        Binding("right_square_bracket", "tab(1)", "Next artefact"),
    ]

    def compose(self) -> ComposeResult:
        with TabbedContent(id="artefact-tabs"):
            with TabPane("Roadmap", id="tab-roadmap"):
                yield RoadmapEditor(id="roadmap")
            with TabPane("Charter", id="tab-charter"):
                yield CharterForm(id="charter")
            with TabPane("Standards", id="tab-standards"):
                yield StandardsBoard(id="standards")

    def show(self, view: Mapping[str, Any]) -> None:
        super().show(view)
        self.query_one(RoadmapEditor).show(view)
        self.query_one(CharterForm).show(view)
        self.query_one(StandardsBoard).show(view)

    def action_tab(self, step: int) -> None:
        tabs = self.query_one(TabbedContent)
        order = ["tab-roadmap", "tab-charter", "tab-standards"]
        now = order.index(tabs.active) if tabs.active in order else 0
        tabs.active = order[(now + step) % len(order)]
        self.focus_main()

    def focus_main(self) -> None:
        active = self.query_one(TabbedContent).active
        target = {"tab-roadmap": "#roadmap-table", "tab-charter": "#charter-members",
                  "tab-standards": "#standards-table"}.get(active, "#roadmap-table")
        self.query_one(target).focus()


class RoadmapEditor(Vertical):
    """The roadmap as a table (by quarter); a adds, e or Enter edits, Delete removes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add line"),
        Binding("e", "edit", "Edit line"),
        Binding("delete,backspace", "remove", "Remove line"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: Mapping[str, Any] = {}
        self._key: Any = None

    def compose(self) -> ComposeResult:
        yield RowTable(id="roadmap-table")
        with Horizontal(classes="action-bar"):
            yield Button("a Add line", id="rm-add", compact=True)
            yield Button("e Edit", id="rm-edit", compact=True)
            yield Button("Del Remove", id="rm-remove", compact=True)
        yield Static(id="roadmap-notes")

    def entries(self) -> list[Entry]:
        return [plain_entry(e) for e in self.view.get("team", {}).get("roadmap", [])]

    def show(self, view: Mapping[str, Any]) -> None:
        self.view = view
        team = view.get("team", {})
        names = {i["id"]: i["name"] for i in team.get("initiatives", [])}
        entries = self.entries()
        key = (repr(entries), repr(team.get("roadmap_revisions", [])[-3:]), self.size.width)
        if key == self._key:
            return
        self._key = key
        table = self.query_one(DataTable)
        row = table.cursor_row
        # Fixed widths: measured columns collapsed to "Q", "FinOp" and "gove" after a save
        # redrew the table while it was being laid out.
        short = (("Level", 5), ("Owner", 7), ("KPI", 7), ("Goal", 11))
        name_width = max(16, min(44, (self.size.width or 62) - 46))
        table.clear(columns=True)
        table.add_column("Q", key="Q", width=2)
        table.add_column("Initiative", key="Initiative", width=name_width)
        for label, width in short:
            table.add_column(label, key=label, width=width)
        order = sorted(range(len(entries)), key=lambda n: (entries[n]["quarter"],
                                                           entries[n]["initiative"]))
        for n in order:
            e = entries[n]
            kpi = (f"{METRIC_CODES.get(e['kpi_metric'], e['kpi_metric'])} ≥ {e['kpi_target']}"
                   if e["kpi_metric"] else "—")
            table.add_row(f"Q{e['quarter']}", f"{e['initiative']} {names.get(e['initiative'], '')}",
                          e["level"], role_label(e["owner"]), kpi, e["goal"] or "—",
                          key=str(n))
        if entries:
            table.move_cursor(row=min(row, len(entries) - 1), animate=False)
        notes: list[Content] = []
        if not entries:
            notes.append(Content.styled(
                f"{GLYPHS['warn']} The roadmap is empty. Press a to add the first line: "
                "start with cheap foundations at crawl (tagging I1, registry I7, "
                "observability I5).", "$warning"))
        revisions = team.get("roadmap_revisions", [])
        if revisions:
            notes.append(Content.styled("Revisions", "bold $accent"))
            for r in revisions[-4:]:
                reason = r.get("reason") or "(setup draft)"
                n = len(r.get("entries", []))
                notes.append(Content(f"  Q{r.get('quarter')} by {role_label(str(r.get('by')))}"
                                     f": {reason} ({n} line{'' if n == 1 else 's'})"))
        set_content(self.query_one("#roadmap-notes", Static), Content("\n").join(notes))

    def on_resize(self) -> None:
        if self.view:
            self.show(self.view)

    def _selected(self) -> int | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key is not None else None

    def _can_edit(self) -> bool:
        return not refuse_if_closed(self, self.view)

    @property
    def _after_setup(self) -> bool:
        return int(self.view.get("game", {}).get("quarter", 0)) > 0

    def _send(self, entries: list[Entry], reason: str, label: str) -> None:
        self.post_message(Act({"type": "set_roadmap", "entries": entries, "reason": reason},
                              label))

    def action_add(self) -> None:
        if not self._can_edit():
            return

        def done(result: object) -> None:
            # Back on the table, saved or not: the focus went back to the button that opened
            # the dialog, so ↓ moved nothing and e edited the first line.
            self.query_one(DataTable).focus()
            if isinstance(result, tuple):
                entry, reason = result
                self._send([*self.entries(), entry], reason, "add roadmap line")
        self.app.push_screen(RoadmapLineScreen(self.view, None, self._after_setup), done)

    def action_edit(self) -> None:
        n = self._selected()
        if n is None:
            self.action_add()
            return
        if not self._can_edit():
            return
        entries = self.entries()

        def done(result: object) -> None:
            self.query_one(DataTable).focus()
            if isinstance(result, tuple):
                entry, reason = result
                self._send([entry if k == n else e for k, e in enumerate(entries)], reason,
                           "edit roadmap line")
        self.app.push_screen(RoadmapLineScreen(self.view, entries[n], self._after_setup), done)

    def action_remove(self) -> None:
        n = self._selected()
        if n is None or not self._can_edit():
            return
        entries = self.entries()
        e = entries[n]
        rest = [x for k, x in enumerate(entries) if k != n]
        text = f"Remove {e['initiative']} at {e['level']} in Q{e['quarter']} from the roadmap?"
        if self._after_setup:
            def reason_given(reason: object) -> None:
                if isinstance(reason, str):
                    self._send(rest, reason, "remove roadmap line")
            self.app.push_screen(TextScreen("Remove a roadmap line", text + " Say why (it is "
                                            "recorded; the first change this quarter costs "
                                            "1 AP).", "why it changes"), reason_given)
            return

        def confirmed(yes: object) -> None:
            if yes:
                self._send(rest, "", "remove roadmap line")
        self.app.push_screen(ConfirmScreen("Remove a roadmap line", text, yes="Remove",
                                           no="Keep"), confirmed)

    @on(DataTable.RowSelected)
    def _enter(self) -> None:
        self.action_edit()

    @on(Button.Pressed, "#rm-add")
    def _b_add(self) -> None:
        self.action_add()

    @on(Button.Pressed, "#rm-edit")
    def _b_edit(self) -> None:
        self.action_edit()

    @on(Button.Pressed, "#rm-remove")
    def _b_remove(self) -> None:
        self.action_remove()


class StandardsBoard(Vertical):
    """The catalogue with the team's proposals; a (or Enter) proposes, w withdraws."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "propose", "Propose / change"),
        Binding("w", "withdraw", "Withdraw"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: Mapping[str, Any] = {}
        self._key: Any = None
        self._ids: list[str] = []

    def compose(self) -> ComposeResult:
        yield RowTable(id="standards-table")
        with Horizontal(classes="action-bar"):
            yield Button("a Propose / change", id="std-propose", compact=True)
            yield Button("w Withdraw", id="std-withdraw", compact=True)
        yield Static(id="standard-detail")

    def catalogue(self) -> dict[str, dict[str, Any]]:
        known = dict(self.view.get("catalogue", {}).get("standards", {}))
        for p in self.view.get("team", {}).get("standards", []):
            known.setdefault(p["standard"], {"name": p["standard"], "kpi": p.get("kpi", "")})
        return known

    def proposals(self) -> dict[str, Mapping[str, Any]]:
        return {p["standard"]: p for p in self.view.get("team", {}).get("standards", [])}

    def show(self, view: Mapping[str, Any]) -> None:
        self.view = view
        catalogue = self.catalogue()
        proposals = self.proposals()
        key = (repr(proposals), tuple(catalogue), self.size.width)
        if key == self._key:
            return
        self._key = key
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        # Fixed widths for the short columns: a styled status is not measured when the
        # column is sized, and "proposed" was cut to "propos".
        # In a narrow area (80 columns) "How" moves to the detail below the table.
        width = self.size.width or 62
        columns = (("Status", 10), ("Owner", 8), ("How", 8)) if width >= 60 else (
            ("Status", 10), ("Owner", 8))
        table.add_column("Standard", key="Standard", width=max(
            12, min(70, width - 2 - sum(w + 2 for _, w in columns))))
        for label, col_width in columns:
            table.add_column(label, key=label, width=col_width)
        self._ids = list(catalogue)
        for ident, spec in catalogue.items():
            p = proposals.get(ident)
            if p is None:
                status: Content | str = "—"
                owner = how = ""
            else:
                adopted = p.get("adopted")
                status = (Content.styled(f"{GLYPHS['yes']} adopted", "$success")
                          if adopted is not None else
                          Content.styled("proposed", "$secondary"))
                owner = role_label(str(p.get("owner")))
                how = str(p.get("mechanism", ""))
            cells = (str(spec.get("name", ident)), status, owner, how)
            table.add_row(*cells[:1 + len(columns)], key=ident)
        if self._ids:
            table.move_cursor(row=min(row, len(self._ids) - 1), animate=False)
        self._detail()

    def _current(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

    def on_resize(self) -> None:
        if self.view:
            self.show(self.view)

    @on(DataTable.RowHighlighted)
    def _detail(self) -> None:
        ident = self._current()
        if ident is None:
            set_content(self.query_one("#standard-detail", Static),
                "No standards catalogue for this scenario.")
            return
        spec = self.catalogue().get(ident, {})
        p = self.proposals().get(ident)
        lines = [Content.styled(str(spec.get("name", ident)), "bold"),
                 Content(str(spec.get("spec", "")))]
        if spec.get("addresses"):
            lines.append(Content.styled("Lowers the odds of incidents tagged: "
                                        + ", ".join(spec["addresses"]), "$text-muted"))
        lines += [Content.styled(line, "$text-muted") for line in standard_terms(
            spec, self.view,
            {} if p is not None and p.get("adopted") is not None
            else self.view.get("team", {}).get("standard_rollout") or {})]
        if spec.get("requires"):
            lines.append(Content.styled("Adopted only once: " + ", ".join(spec["requires"]),
                                        "$text-muted"))
        if p is not None:
            lines.append(Content(f"Proposed by {role_label(str(p.get('by')))} in "
                                 f"Q{p.get('proposed')}: owner {role_label(str(p.get('owner')))}"
                                 f", {MECHANISMS.get(str(p.get('mechanism')), '')}, KPI: "
                                 f"{p.get('kpi', '')}"))
        set_content(self.query_one("#standard-detail", Static), Content("\n").join(lines))

    @on(DataTable.RowSelected)
    def _enter(self) -> None:
        self.action_propose()

    @on(Button.Pressed, "#std-propose")
    def _b_propose(self) -> None:
        self.action_propose()

    @on(Button.Pressed, "#std-withdraw")
    def _b_withdraw(self) -> None:
        self.action_withdraw()

    def action_propose(self) -> None:
        ident = self._current()
        if ident is None:
            return
        if refuse_if_closed(self, self.view):
            return
        after = int(self.view.get("game", {}).get("quarter", 0)) > 0

        def done(command: object) -> None:
            if isinstance(command, dict):
                        self.post_message(Act(command, "propose standard"))
        self.app.push_screen(StandardScreen(self.view, ident, self.catalogue().get(ident, {}),
                                            self.proposals().get(ident), after), done)

    def action_withdraw(self) -> None:
        ident = self._current()
        if ident is None or ident not in self.proposals():
            self.notify("Choose a proposed standard to withdraw.")
            return

        def done(yes: object) -> None:
            if yes:
                        self.post_message(Act({"type": "withdraw_standard", "standard": ident},
                                      "withdraw standard"))
        self.app.push_screen(ConfirmScreen("Withdraw a standard", f"Withdraw {ident}?",
                                           yes="Withdraw", no="Keep"), done)
