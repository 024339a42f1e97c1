"""`triops watch`: the big screen. It spectates with the join code and shows only the
spectator view: the leaderboard, each team's headline metrics, the quarter and the clock in
block letters, the public ticker, and the podium at the end.

Like the console, it receives its server URL, reads in an exclusive worker over the shared
`client.link.Link`, and renders the latest view; it never sends an action. The clock in
block letters reads the server's time, so the room sees the right time left whatever the
projecting laptop's clock says.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.widgets import Static

from triops.client.common.countdown import remaining
from triops.client.common.review import presentation_parts, progress_text, results_text
from triops.client.facilitator.analysis import mmss
from triops.client.link import Link, LinkDown
from triops.client.projector import charts
from triops.client.projector.bigtext import big
from triops.client.transport import ServerError
from triops.paths import packaged


class SpectatorFrame(Message):
    """An update or state from the server (public information only)."""

    def __init__(self, frame: dict[str, Any]) -> None:
        super().__init__()
        self.frame = frame


class ProjectorLink(Message):
    """The connection's state changed."""

    def __init__(self, state: str, detail: str) -> None:
        super().__init__()
        self.state = state
        self.detail = detail


class ProjectorApp(App[None]):
    CSS_PATH = str(packaged("triops.client.projector", "projector.tcss"))
    TITLE = "TriOps"

    def __init__(self, server: str, code: str, clock: Callable[[], float] = time.time,
                 link: Link | None = None, web: str = "") -> None:
        super().__init__()
        self.server = server
        self.web = web  # the `triops web` address players use, when run from a browser
        self.code = code.strip().upper().replace("-", "")
        self.now = clock
        self.link = link or Link(server, client="triops-watch")
        self.link.clock = clock  # the server's offset is measured against this app's clock
        self.view: dict[str, Any] | None = None
        self.frames: list[dict[str, Any]] = []  # kept for tests that check what arrived
        self.keep_frames = False
        self.link_state = "connecting"
        self._redraw_due = False

    def compose(self) -> ComposeResult:
        with Horizontal(id="top"):
            yield Static("", id="quarter")
            yield Static("", id="clock")
            yield Static("", id="headline")
        with Vertical(id="lobby"):
            yield Static("", id="lobby-code")
            yield Static("", id="lobby-help")
        with Horizontal(id="game"):
            with Vertical(id="board-box"):
                yield Static("Leaderboard", classes="title")
                yield Static("", id="board")
            yield Vertical(id="cards")
        yield Static("", id="podium")
        with VerticalScroll(id="review"):
            yield Static("", id="review-head")
            with Horizontal(id="review-columns"):
                yield Static("", id="review-plan")
                yield Static("", id="review-rest")
        yield Static("", id="ticker")

    def on_mount(self) -> None:
        self.set_interval(1.0, self._tick)
        self._show_waiting("Connecting…")
        self.watch_game()

    @work(exclusive=True, group="network")
    async def watch_game(self) -> None:
        """Connect, spectate, then read until the app closes (reconnecting as needed)."""
        self.link.on_message = self._deliver
        self.link.on_status = self._status
        await self.link.reach(every=2.0)
        self.spectate()
        why = await self.link.run()
        if why != "closed":
            self._status("offline", self.link.error or why)

    @work(exclusive=True, group="attach")
    async def spectate(self) -> None:
        try:
            await self.link.attach({"type": "spectate", "code": self.code})
        except ServerError as err:
            self._show_waiting(f"{err.reply.get('message')} (code {self.code})")
        except (LinkDown, TimeoutError) as err:
            self._show_waiting(f"Cannot follow game {self.code}: {err}")

    def _deliver(self, frame: dict[str, Any]) -> None:
        self.post_message(SpectatorFrame(frame))

    def _status(self, state: str, detail: str) -> None:
        self.post_message(ProjectorLink(state, detail))

    def on_spectator_frame(self, message: SpectatorFrame) -> None:
        if self.keep_frames:
            self.frames.append(message.frame)
        view = message.frame.get("view")
        if isinstance(view, dict):
            self.view = view
            if not self._redraw_due:
                self._redraw_due = True
                self.set_timer(0.05, self._redraw)

    def on_projector_link(self, message: ProjectorLink) -> None:
        if message.state == "failed":  # not reached yet: say so where the title goes
            self._show_waiting(message.detail[:1].upper() + message.detail[1:])
            return
        self.link_state = message.state
        if self.view is not None:
            self._show_top(self.view)

    def _tick(self) -> None:
        # The clock's timer can fire while the app is closing and its widgets are gone (a
        # CI run failed on that race): nothing to draw then.
        if self.view is not None and self.query("#quarter"):
            self._show_top(self.view)

    def _show_waiting(self, text: str) -> None:
        self.query_one("#headline", Static).update(Text(text, style="bold"))

    # --- drawing -------------------------------------------------------------------------

    def _redraw(self) -> None:
        self._redraw_due = False
        try:
            self._draw()
        except NoMatches:  # a redraw fell due as the app closed: nothing is left to draw on
            return

    def _draw(self) -> None:
        view = self.view
        if view is None:
            return
        game = view.get("game", {})
        phase = game.get("phase")
        self.query_one("#lobby").display = phase == "lobby"
        self.query_one("#game").display = phase not in ("lobby", "ended")
        review = view.get("review") or {}
        presenting = phase == "ended" and bool(review.get("presenting"))
        self.query_one("#podium").display = phase == "ended" and not presenting
        # A team presenting in the peer review takes the whole screen.
        self.query_one("#review").display = presenting
        self.query_one("#top").display = not presenting
        self.query_one("#ticker").display = not presenting
        if presenting:
            self._show_review(review)
            return
        self._show_top(view)
        rows = list(view.get("leaderboard", ()))
        if phase == "lobby":
            self._show_lobby(view)
        elif phase == "ended":
            podium = self.query_one("#podium", Static)
            game = view.get("game", {})
            podium.update(charts.podium(rows, max(40, self.size.width - 6),
                                        str(game.get("early_end") or ""),
                                        str(game.get("tie_break") or "")))
        else:
            self.query_one("#board", Static).update(charts.leaderboard(rows))
            self._show_cards(view, {r["team"]: int(r["rank"]) for r in rows})
        self.query_one("#ticker", Static).update(charts.ticker(view.get("ticker", ())))

    def _show_review(self, review: Mapping[str, Any]) -> None:
        """The presenting team's roadmap while the others review it; then the results."""
        head = self.query_one("#review-head", Static)
        plan = self.query_one("#review-plan", Static)
        rest = self.query_one("#review-rest", Static)
        if review.get("results"):
            head.update(results_text(review["results"]))
            plan.update("")
            rest.update("")
            return
        # The roadmap on the left, the committee, standards and decisions on the right: the
        # whole presentation fits a projector without scrolling.
        top, left, right = presentation_parts(review.get("presentation"))
        top.append(f"Peer review: {progress_text(review)}", style="bold")
        head.update(top)
        plan.update(left)
        rest.update(right)

    def _show_top(self, view: Mapping[str, Any]) -> None:
        game = view.get("game", {})
        phase = game.get("phase")
        q, quarters = int(game.get("quarter", 0)), int(game.get("quarters", 0))
        quarter = "SETUP" if q == 0 and phase != "ended" else f"Q{q}/{quarters}"
        self.query_one("#quarter", Static).update(big(quarter))
        left = remaining(game, self.link.server_time())
        if game.get("paused"):
            clock = "PAUSE"
        elif phase in ("lobby", "ended") or left is None:
            clock = ""
        else:
            clock = mmss(left)
        self.query_one("#clock", Static).update(big(clock))
        words = {"lobby": "Waiting to start", "planning": "Planning", "review": "Quarter review",
                 "ended": "Game over"}.get(str(phase), "")
        if q == 0 and phase == "planning":
            words = "Setup: draft your roadmap, charter and standards"
        head = Text(f"{game.get('title', '')}\n", style="bold")
        head.append(words + ("  (paused)" if game.get("paused") else ""), style="bold")
        if self.link_state != "connected" and self.link_state != "connecting":
            head.append("\n▲ connection lost: reconnecting…", style="bold reverse")
        self.query_one("#headline", Static).update(head)

    def _show_lobby(self, view: Mapping[str, Any]) -> None:
        self.query_one("#lobby-code", Static).update(
            Text(big(self.code, gap=2), style="bold", justify="center"))
        teams = ", ".join(t["name"] for t in view.get("game", {}).get("teams", ()))
        text = Text(f"Join code {self.code[:3]}-{self.code[3:]}\n", style="bold",
                    justify="center")
        if self.web:
            text.append(f"Open {self.web.rstrip('/')}/play?code={self.code}\n")
        else:
            text.append(f"triops play --server {self.server} --code {self.code}\n")
        text.append(f"Teams: {teams}")
        self.query_one("#lobby-help", Static).update(text)

    def _show_cards(self, view: Mapping[str, Any], ranks: Mapping[str, int]) -> None:
        box = self.query_one("#cards", Vertical)
        teams = list(view.get("teams", ()))
        existing = list(box.query(Static))
        if len(existing) != len(teams):
            box.remove_children()
            box.mount_all(Static("", classes="card") for _ in teams)
            existing = []
            self.call_after_refresh(self._redraw)
            return
        columns = 1 if len(teams) <= 2 else (2 if len(teams) <= 6 else 3)
        box.styles.grid_size_columns = columns
        inner = max(0, box.size.width - 2) // columns - 4
        width = max(8, min(40, inner - 30))
        for card, team in zip(existing, teams, strict=True):
            card.update(charts.team_card(team, ranks.get(team["id"]), width))
