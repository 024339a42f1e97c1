"""The main screen: status bars on top, the work areas (one key each), metrics and chat."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Input, Static, Tab, Tabs

from triops.client.common.charts import MetricsPanel
from triops.client.common.countdown import Countdown
from triops.client.common.keybar import KeyBar
from triops.client.common.redraw import set_content
from triops.client.common.status import ConnectionStatus
from triops.client.player.labels import role_label
from triops.client.player.panels.artefacts import ArtefactsPanel
from triops.client.player.panels.base import Panel
from triops.client.player.panels.budget import BudgetPanel
from triops.client.player.panels.chat import ChatPanel
from triops.client.player.panels.incidents import IncidentsPanel
from triops.client.player.panels.initiatives import InitiativesPanel
from triops.client.player.panels.leaderboard import LeaderboardPanel
from triops.client.player.panels.overview import OverviewPanel
from triops.client.player.panels.report import ReportPanel
from triops.client.player.text import budget_line, open_incidents, phase_text, teammates

log = logging.getLogger("triops.player")

# Below this width the header and the tab bar use their compact forms (80×24 fits).
NARROW = 100
# The tab labels that are shortened in a narrow terminal.
SHORT_TITLES = {"leaderboard": "Ranks"}

AREAS: tuple[tuple[str, str, type[Panel]], ...] = (
    ("brief", "Brief", OverviewPanel),
    ("incidents", "Incidents", IncidentsPanel),
    ("initiatives", "Initiatives", InitiativesPanel),
    ("budget", "Budget", BudgetPanel),
    ("artefacts", "Artefacts", ArtefactsPanel),
    ("report", "Report", ReportPanel),
    ("leaderboard", "Leaderboard", LeaderboardPanel),
)


class MainScreen(Screen[None]):
    """Everything a seat works with. `show(view, activity)` renders a fresh view."""

    # The Brief's text takes the keys at the start, so PageDown reads on (the first focusable
    # widget was the tab bar, and a newcomer's Brief did not scroll until they pressed Tab).
    AUTO_FOCUS = "#brief-scroll"

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"area('{ident}')", f"{title}", show=False,
                  tooltip=f"Go to {title}")
          for n, (ident, title, _) in enumerate(AREAS, 1)),
        Binding("r", "app.ready", "Ready", tooltip="Mark yourself ready (shows what the team "
                "will commit); again to take it back"),
        Binding("c", "chat", "Chat", tooltip="Write in team chat (Esc or Tab leaves it)"),
        Binding("e", "app.end_screen", "End summary", show=False,
                tooltip="The end-of-game summary (once the game is over)"),
    ]

    def __init__(self, clock: Callable[[], float]) -> None:
        super().__init__()
        self.clock = clock
        self.area = "brief"
        self.view: Mapping[str, Any] = {}
        self._broken: set[str] = set()

    def compose(self) -> ComposeResult:
        with Vertical(id="top"):
            with Horizontal(id="top-line"):
                yield Static("TriOps", id="top-title")
                yield Static("", id="top-phase")
                yield Countdown(self.clock, id="top-clock")
                yield Static("", id="top-you")
                yield ConnectionStatus(id="top-link")
            with Horizontal(id="seat-line"):
                yield Static("", id="seat-ready")
                yield Static("", id="seat-budget")
        yield Static("", id="banner")
        yield Tabs(*(Tab(f"{n} {title}", id=ident) for n, (ident, title, _) in
                     enumerate(AREAS, 1)), id="areas")
        with Horizontal(id="body"):
            with ContentSwitcher(initial="brief", id="work"):
                for ident, _, cls in AREAS:
                    yield cls(id=ident)
            with Vertical(id="side"):
                yield MetricsPanel(id="metrics")
                yield ChatPanel(id="chat")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#metrics").border_title = "Metrics"
        self.query_one("#banner").display = False
        self.set_waiting("Connecting to the server…")

    def on_resize(self) -> None:
        wide = self.size.width >= 140
        self.set_class(wide, "-wide")
        narrow = self.size.width < NARROW
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
            if self.view:
                self._you(self.view)
                set_content(self.query_one("#seat-ready", Static),
                            teammates(self.view, short=narrow))
            self._tab_labels(self.view)
        self.set_class(self.size.height >= 40, "-tall")
        metrics = self.query_one(MetricsPanel)
        if metrics.full_names != wide:  # room for "Governance & Compliance" in full
            metrics.full_names = wide
            team = self.view.get("team", {})
            metrics.show(team.get("metrics", {}), team.get("history", []))

    # --- rendering ----------------------------------------------------------------------

    def set_waiting(self, text: str) -> None:
        if not self.view:
            set_content(self.query_one("#top-phase", Static), Content.styled(text, "$text-muted"))

    def set_link(self, state: str, detail: str = "") -> None:
        self.query_one(ConnectionStatus).set_state(state, detail)
        banner = self.query_one("#banner", Static)
        if state == "reconnecting":
            banner.update(Content.styled(
                "◐ Reconnecting… your seat is kept; what you do now is sent once the "
                "connection is back." + (f" ({detail})" if detail else ""), "bold $warning"))
            banner.display = True
        elif state == "moved":
            banner.update(Content.styled(
                "○ This seat was opened in another window. Ctrl+T takes it back here.",
                "bold $error"))
            banner.display = True
        elif state == "offline":
            banner.update(Content.styled("○ Offline.", "bold $error"))
            banner.display = True
        else:
            banner.display = False

    def show(self, view: Mapping[str, Any], activity: Sequence[Mapping[str, Any]]) -> None:
        self.view = view
        game = view.get("game", {})
        team = view.get("team", {})
        set_content(self.query_one("#top-phase", Static), Content.styled(phase_text(game), "bold"))
        self.query_one(Countdown).show(game)
        self._you(view)
        set_content(self.query_one("#seat-ready", Static),
                    teammates(view, short=self.has_class("-narrow")))
        set_content(self.query_one("#seat-budget", Static), budget_line(view))
        self.query_one(OverviewPanel).activity = activity
        parts: list[tuple[str, Callable[[], None]]] = [
            ("metrics", lambda: self.query_one(MetricsPanel).show(team.get("metrics", {}),
                                                                  team.get("history", []))),
            *((title, lambda ident=ident: self._show_area(ident, view))
              for ident, title, _ in AREAS),
            ("chat", lambda: self.query_one(ChatPanel).show(view)),
            ("tabs", lambda: self._tab_labels(view)),
        ]
        for name, render in parts:
            # One area failing to draw an unexpected view must not take the client down
            # for the rest of a 90-minute session: the other areas still update.
            try:
                render()
            except Exception:
                log.exception("could not draw %s", name)
                if name not in self._broken:
                    self._broken.add(name)
                    self.notify(f"Part of the screen ({name}) could not be drawn; the rest "
                                "works. Please tell the facilitator.", severity="error")

    def _show_area(self, ident: str, view: Mapping[str, Any]) -> None:
        """Draw the area on screen now; the hidden ones only when they are next shown."""
        panel = self.panel(ident)
        if ident == self.area:
            panel.show(view)
            panel.stale = False
        else:
            panel.view = view  # actions and hints read it; drawing waits
            panel.stale = True

    def _you(self, view: Mapping[str, Any]) -> None:
        """Who this seat is; in a narrow terminal without the words around it, so the role
        always shows."""
        you = view.get("you", {})
        role = (role_label(str(you.get("role", ""))), "bold $secondary")
        team_name = str(you.get("team_name", ""))
        if self.has_class("-narrow"):
            text = Content.assemble(role, f" · {team_name}")
        else:
            # "team Your team" in solo, whose team is called "Your team"
            named = team_name if team_name.lower().startswith("your ") else f"team {team_name}"
            text = Content.assemble("You: ", role, f" · {named}")
        set_content(self.query_one("#top-you", Static), text)

    def _tab_labels(self, view: Mapping[str, Any]) -> None:
        """Tab labels: shorter in a narrow terminal; the incidents tab counts open ones only,
        in words, so "(2)" is never read as a count when it is the key."""
        narrow = self.has_class("-narrow")
        incs = open_incidents(view) if view else []
        tabs = self.query_one(Tabs)
        for n, (ident, title, _) in enumerate(AREAS, 1):
            label = f"{n} {SHORT_TITLES.get(ident, title) if narrow else title}"
            if ident == "incidents" and incs:
                label += f" ·{len(incs)}" if narrow else f" ({len(incs)} open)"
                if any(i.get("crisis") for i in incs):
                    label += " ‼"
            tab = tabs.query_one(f"#{ident}", Tab)
            if str(tab.label) != label:
                tab.label = label

    # --- navigation ---------------------------------------------------------------------

    def panel(self, ident: str | None = None) -> Panel:
        return self.query_one(f"#{ident or self.area}", Panel)

    def action_area(self, ident: str) -> None:
        self.query_one(Tabs).active = ident
        self.panel(ident).focus_main()

    @on(Tabs.TabActivated, "#areas")
    def _tab(self, event: Tabs.TabActivated) -> None:
        ident = event.tab.id or "brief"
        self.area = ident
        panel = self.panel(ident)
        if panel.stale and panel.view:
            panel.show(panel.view)
            panel.stale = False
        self.query_one(ContentSwitcher).current = ident

    def action_chat(self) -> None:
        self.query_one("#chat-input", Input).focus()

    @on(ChatPanel.Leave)
    def _leave_chat(self) -> None:
        self.panel().focus_main()
