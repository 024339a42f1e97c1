"""The console's main screen: the status line, six panes, and the clock keys."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.console import Group
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from triops.client.facilitator import analysis as an
from triops.client.facilitator.injects import InjectsPane
from triops.client.facilitator.modals import ConfirmScreen
from triops.client.facilitator.panes import EndPane, OverviewPane, Pane, SeatsPane, TeamPane
from triops.client.facilitator.review import ReviewPane

if TYPE_CHECKING:
    from triops.client.facilitator.app import FacilitatorApp

# The phases in which each clock key does something. Elsewhere it is hidden from the footer
# (and inert), so the footer keeps the keys that matter now, even at 120 columns.
CLOCK_KEYS: dict[str, tuple[str, ...]] = {
    "start": ("lobby",),
    "pause": ("planning", "review"),
    "extend": ("planning", "review"),
    "end_phase": ("planning",),  # in review, "next quarter" (a) does the same
    "force_resolve": ("planning",),
    "advance": ("review",),
}

TABS = (("overview", "1 Overview", OverviewPane), ("team", "2 Team", TeamPane),
        ("injects", "3 Injects", InjectsPane), ("seats", "4 Seats & messages", SeatsPane),
        ("end", "5 The end", EndPane), ("review", "6 Peer review", ReviewPane))


class ConsoleScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "tab('overview')", "Overview", show=False, id="tab-overview"),
        Binding("2", "tab('team')", "Team", show=False, id="tab-team"),
        Binding("3", "tab('injects')", "Injects", show=False, id="tab-injects"),
        Binding("4", "tab('seats')", "Seats", show=False, id="tab-seats"),
        Binding("5", "tab('end')", "The end", show=False, id="tab-end"),
        Binding("6", "tab('review')", "Peer review", show=False, id="tab-review"),
        Binding("s", "start", "Start", id="clock-start"),
        Binding("p", "pause", "Pause/resume", id="clock-pause"),
        Binding("plus,equals_sign", "extend(60)", "+1 min", id="clock-extend"),
        Binding("minus", "extend(-60)", "−1 min", id="clock-shorten"),
        Binding("e", "end_phase", "End phase", id="clock-end-phase"),
        Binding("r", "force_resolve", "Resolve now", id="clock-resolve"),
        Binding("a", "advance", "Next quarter", id="clock-advance"),
        Binding("j", "join_code", "Join code", id="show-code"),
    ]

    @property
    def console(self) -> FacilitatorApp:
        return cast("FacilitatorApp", self.app)

    def __init__(self) -> None:
        super().__init__()
        self._keys_for: str | None = None  # the phase the footer's keys were chosen for

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        phases = CLOCK_KEYS.get(action)
        if phases is None or self.console.view is None:
            return True
        return self._phase() in phases

    def compose(self) -> ComposeResult:
        yield Static("", id="status")
        with TabbedContent(initial="overview", id="tabs"):
            for ident, title, pane in TABS:
                with TabPane(title, id=ident):
                    yield pane(id=f"pane-{ident}")
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self._focus_active)

    def _focus_active(self) -> None:
        self._active_pane().focus_main()

    def _active_pane(self) -> Pane:
        active = self.query_one("#tabs", TabbedContent).active or "overview"
        return cast(Pane, self.query_one(f"#pane-{active}"))

    # --- drawing -------------------------------------------------------------------------

    def show(self, view: Mapping[str, Any]) -> None:
        self.show_status(view)
        self._active_pane().show(view)

    def show_status(self, view: Mapping[str, Any]) -> None:
        app = self.console
        game = view.get("game", {})
        if game.get("phase") != self._keys_for:
            self._keys_for = game.get("phase")
            self.refresh_bindings()
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(" TriOps ", style="bold reverse")
        line.append(f" {an.phase_text(game)} ", style="bold")
        clock = an.clock_text(game, app.server_time())
        if clock:
            paused = bool(game.get("paused"))
            # a word, not a clock glyph: browser fonts draw that as an empty box
            line.append(f" time: {clock} ",
                        style="bold reverse" if paused or clock == "time is up" else "bold")
        if game.get("phase") == "planning":
            teams = view.get("teams", ())
            ready = sum(1 for t in teams for s in t.get("seats", {}).values() if s.get("ready"))
            seats = sum(len(t.get("seats", {})) for t in teams)
            line.append(f" {ready}/{seats} seats ready ")
        if app.code:
            line.append(f" join code {app.code[:3]}-{app.code[3:]} ", style="bold")
        if app.link_state != "connected":
            line.append(f" ▲ SERVER {app.link_state.upper()}: {app.link_detail} ",
                        style="bold reverse")
        line.append(f" {game.get('title', '')}", style="dim")
        hint = Text(f" {next_step(game)}", style="italic", no_wrap=True, overflow="ellipsis")
        self.query_one("#status", Static).update(Group(line, hint))

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if self.console.view is not None:
            self._active_pane().show(self.console.view)
        self.call_after_refresh(self._focus_active)

    def open_tab(self, ident: str) -> None:
        self.query_one("#tabs", TabbedContent).active = ident

    # --- keys ----------------------------------------------------------------------------

    def action_tab(self, ident: str) -> None:
        self.open_tab(ident)

    def _phase(self) -> str:
        return str((self.console.view or {}).get("game", {}).get("phase", ""))

    def action_start(self) -> None:
        self.console.send({"type": "start_game"}, "Game started")

    def action_pause(self) -> None:
        paused = (self.console.view or {}).get("game", {}).get("paused")
        if paused:
            self.console.send({"type": "resume"}, "Resumed")
        else:
            self.console.send({"type": "pause"}, "Paused")

    def action_extend(self, seconds: int) -> None:
        word = "Extended" if seconds > 0 else "Shortened"
        self.console.send({"type": "extend", "seconds": seconds},
                          f"{word} the phase by {abs(seconds) // 60} min")

    def _confirm(self, question: str, detail: str, command: dict[str, Any], label: str) -> None:
        def done(yes: bool | None) -> None:
            if yes:
                self.console.send(command, label)

        self.app.push_screen(ConfirmScreen(question, detail), done)

    def action_end_phase(self) -> None:
        if self._phase() == "review":
            self.action_advance()
            return
        self._confirm("End planning now?", "Every team's drafts are committed as they stand "
                      "and the quarter resolves.", {"type": "end_phase"}, "Phase ended")

    def action_force_resolve(self) -> None:
        self._confirm("Resolve the quarter now?", "Drafts are committed as they stand, ready "
                      "or not.", {"type": "force_resolve"}, "Quarter resolved")

    def action_advance(self) -> None:
        game = (self.console.view or {}).get("game", {})
        last = int(game.get("quarter", 0)) >= int(game.get("quarters", 0))
        label = "Game over: final scores" if last else "Next quarter"
        self.console.send({"type": "advance"}, label)

    def action_join_code(self) -> None:
        self.console.show_join_code()


def next_step(game: Mapping[str, Any]) -> str:
    """What the facilitator most likely does next, so nobody wonders which key moves on."""
    phase = game.get("phase")
    if phase == "lobby":
        return "Players join with the code (j shows it large) · s starts the game"
    if game.get("paused"):
        return "Paused: every clock is frozen. p resumes."
    if phase == "planning":
        q = int(game.get("quarter", 0))
        what = "Setup: teams draft roadmap, charter, standards" if q == 0 else "Planning"
        return (f"{what}. Resolves when all seats are ready or time is up · r resolve now · "
                "+/− clock · p pause")
    if phase == "review":
        last = int(game.get("quarter", 0)) >= int(game.get("quarters", 0))
        return ("Review: teams read their quarter report · "
                + ("a ends the game with the final scores" if last else
                   "a starts the next quarter"))
    if phase == "ended":
        return ("Game over. 5 opens the levels and the report export · 6 runs the peer review "
                "of roadmaps.")
    return ""
