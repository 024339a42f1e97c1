"""The console's injects pane: the library, the schedule, suggestions, and firing."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Label, SelectionList, Static

from triops.client.common.toggles import MarkedSelectionList
from triops.client.facilitator import analysis as an
from triops.client.facilitator.modals import CustomInject, CustomInjectScreen, mark_targets
from triops.client.facilitator.panes import Grid, Pane, View, cursor_key, fill


class InjectsPane(Pane):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "fire", "Fire", id="inject-fire"),
        Binding("c", "custom", "Custom inject", id="inject-custom"),
        Binding("l", "postpone", "Postpone", id="inject-postpone"),
        Binding("x", "cancel", "Cancel scheduled", id="inject-cancel"),
        Binding("t", "timing", "Now/next quarter", id="inject-timing"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.timing = "now"  # what f does with a library inject: now or next quarter

    def compose(self) -> ComposeResult:
        with Vertical(id="inject-left"):
            yield Label("Library — f fire the highlighted inject · c write a custom one")
            lib: DataTable[Any] = Grid(id="library", cursor_type="row")
            for col in ("title", "sched.", "effects"):
                lib.add_column(col, key=col)
            yield lib
            yield Label("Schedule — f fire now · l postpone a quarter · x cancel")
            sched: DataTable[Any] = Grid(id="schedule", cursor_type="row")
            for col in ("quarter", "inject", "targets", "status"):
                sched.add_column(col, key=col)
            yield sched
            yield Label("Suggestions — enter: pick the inject and its team")
            sugg: DataTable[Any] = Grid(id="suggestions", cursor_type="row")
            for col in ("team", "inject", "would exercise what it has not touched"):
                sugg.add_column(col, key=col)
            yield sugg
        with Vertical(id="inject-right"):
            yield Static("", id="inject-detail")
            yield Label("Target (space ticks; none ticked = all)")
            yield MarkedSelectionList(id="targets")
            yield Static("", id="fire-summary")
            with Horizontal(classes="buttons"):
                yield Button("Fire (f)", id="fire", variant="warning")
                yield Button("Timing (t)", id="timing")
                yield Button("Custom (c)", id="custom")

    def focus_main(self) -> None:
        self.query_one("#library", DataTable).focus()

    def _targets(self) -> list[str]:
        return list(self.query_one("#targets", SelectionList).selected)

    def _show_summary(self) -> None:
        names = an.team_names(self.console.view or {})
        mark_targets(self.query_one("#targets", SelectionList), names)
        text = Text("Fires at: ")
        text.append(an.targets_text(self._targets(), names).upper(), style="bold")
        text.append("\nWhen: ")
        text.append("NOW" if self.timing == "now" else "AT THE START OF THE NEXT QUARTER",
                    style="bold")
        text.append("  (t switches)", style="dim")
        self.query_one("#fire-summary", Static).update(text)

    def show(self, view: View) -> None:
        names = an.team_names(view)
        lib = self.query_one("#library", DataTable)
        fill(lib, [(i["id"], (_short(i["title"], 36),
                              f"Q{i['scheduled']}" if i.get("scheduled") is not None else "",
                              an.describe_inject(i)))
                   for i in view.get("library", ())])
        sched_rows = []
        for n, s in enumerate(view.get("schedule", ())):
            status = str(s["status"])
            sched_rows.append((f"{n}:{s['inject']}", (
                f"Q{s['quarter']}", s["inject"], an.targets_text(s.get("targets", ()), names),
                Text(status.upper(), style="bold") if status == "pending" else status)))
        fill(self.query_one("#schedule", DataTable), sched_rows)
        sugg_rows = [(f"{s.team}:{s.inject}", (s.team_name, _short(s.title, 36), s.gap))
                     for s in an.suggestions(view)]
        fill(self.query_one("#suggestions", DataTable), sugg_rows)
        targets = self.query_one("#targets", SelectionList)
        ids = [str(targets.get_option_at_index(i).value) for i in range(targets.option_count)]
        if ids != list(names):
            chosen = set(self._targets())
            targets.clear_options()
            targets.add_options([(name, ident, ident in chosen) for ident, name in names.items()])
        self._show_detail()
        self._show_summary()

    def _show_detail(self) -> None:
        view = self.console.view or {}
        ident = cursor_key(self.query_one("#library", DataTable))
        inject = next((i for i in view.get("library", ()) if i["id"] == ident), None)
        if inject is None:
            self.query_one("#inject-detail", Static).update("")
            return
        text = Text(f"{inject['title']}", style="bold")
        text.append(f"  [{inject['id']}]\n", style="dim")
        text.append(f"{inject['narrative']}\n\n")
        text.append("Effects: " + an.describe_inject(inject) + "\n")
        objectives, pairs = an.inject_reach(inject)
        text.append("Exercises: " + ", ".join(sorted(objectives))
                    + (" · " + ", ".join(an.pair_name(p) for p in sorted(pairs)) if pairs else ""),
                    style="dim")
        self.query_one("#inject-detail", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "library":
            self._show_detail()

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]
                                           ) -> None:
        self._show_summary()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id != "suggestions" or event.row_key.value is None:
            return
        team, inject = str(event.row_key.value).split(":", 1)
        lib = self.query_one("#library", DataTable)
        lib.move_cursor(row=lib.get_row_index(inject))
        targets = self.query_one("#targets", SelectionList)
        targets.deselect_all()
        targets.select(team)
        lib.focus()
        self._show_detail()
        self._show_summary()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"fire": self.action_fire, "custom": self.action_custom,
                   "timing": self.action_timing}
        if event.button.id in actions:
            actions[event.button.id]()

    def _pending_key(self) -> str | None:
        key = cursor_key(self.query_one("#schedule", DataTable))
        return key.split(":", 1)[1] if key else None

    def action_fire(self) -> None:
        sched = self.query_one("#schedule", DataTable)
        inject = self._pending_key() if sched.has_focus else cursor_key(
            self.query_one("#library", DataTable))
        if inject is None:
            self.console.notify("Highlight an inject first.", severity="warning")
            return
        targets = self._targets()
        timing = "now" if sched.has_focus else self.timing
        names = an.team_names(self.console.view or {})
        self.console.send({"type": "fire_inject", "inject": inject, "targets": targets,
                           "timing": timing},
                          f"Inject {inject} → {an.targets_text(targets, names)}"
                          + (" (next quarter)" if timing == "next" else ""))

    def action_custom(self) -> None:
        view = self.console.view or {}
        incidents = [(f"{s['title']} ({s['id']})", str(s["id"]))
                     for s in view.get("catalogue", {}).get("incidents", ())]

        def done(result: CustomInject | None) -> None:
            if result is not None:
                names = an.team_names(view)
                self.console.send(result.command(), f"Custom inject “{result.title}” → "
                                  f"{an.targets_text(result.targets, names)}")

        self.app.push_screen(CustomInjectScreen(an.team_names(view), incidents,
                                                self._targets(), self.timing), done)

    def action_postpone(self) -> None:
        inject = self._pending_key()
        if inject is None:
            self.console.notify("Highlight a scheduled inject.", severity="warning")
            return
        self.console.send({"type": "postpone_inject", "inject": inject, "quarters": 1},
                          f"Postponed {inject} by a quarter")

    def action_cancel(self) -> None:
        inject = self._pending_key()
        if inject is None:
            self.console.notify("Highlight a scheduled inject.", severity="warning")
            return
        self.console.send({"type": "cancel_inject", "inject": inject},
                          f"Cancelled {inject}")

    def action_timing(self) -> None:
        self.timing = "next" if self.timing == "now" else "now"
        self._show_summary()


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
