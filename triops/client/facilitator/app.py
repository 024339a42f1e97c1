"""`triops facilitate`: the facilitator's console.

The app receives the server's URL (tests pass a real local server's). All network I/O runs
in workers over the shared `client.link.Link`: one exclusive reader that posts `ServerFrame`
and `LinkChanged` messages, and one short worker per command. The app keeps the latest
facilitator view and what it derives from the stream of events (when each seat last moved,
a log of what happened); widgets only draw that. The clock reads the server's time
(`server_time`), so the time left is right whatever this machine's clock says.
"""

from __future__ import annotations

import asyncio
import socket
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from textual import work
from textual.app import App, SystemCommand
from textual.message import Message
from textual.screen import Screen

from triops.client.facilitator import analysis as an
from triops.client.facilitator.console import ConsoleScreen
from triops.client.facilitator.create_screen import CreateRequested, SetupScreen
from triops.client.facilitator.levels import Levels, team_levels
from triops.client.facilitator.modals import JoinCodeScreen
from triops.client.facilitator.sessions import Sessions
from triops.client.link import Link, LinkDown
from triops.client.transport import ServerError
from triops.game.model.vocab import ROLE_NAMES
from triops.game.record import RecordError, replay_plain
from triops.paths import packaged

# Commands that mean the same thing a moment later: retried once if the phase moved on.
RETRY_ON_STALE = frozenset({"pause", "resume", "extend", "broadcast", "fire_inject",
                            "custom_inject", "cancel_inject", "postpone_inject", "seat_bot",
                            "release_bot", "move_seat", "override_level"})
LOG_LINES = 300
LOGGED_KINDS = frozenset({"ticker", "inject", "crisis", "seat", "seat_moved", "paused",
                          "resumed", "clock", "override", "schedule", "clock_missed",
                          "clock_met", "loss", "review"})


class ServerFrame(Message):
    """A message from the server that is not a reply: an update or a state."""

    def __init__(self, frame: dict[str, Any]) -> None:
        super().__init__()
        self.frame = frame


class LinkChanged(Message):
    """The connection to the server dropped, came back, or could not be made."""

    def __init__(self, state: str, detail: str) -> None:
        super().__init__()
        self.state = state
        self.detail = detail


class FacilitatorApp(App[None]):
    CSS_PATH = str(packaged("triops.client.facilitator", "facilitator.tcss"))
    TITLE = "TriOps facilitator"

    def __init__(self, server: str, key: str = "", code: str = "", token: str = "",
                 sessions: Sessions | None = None, reports_dir: Path | None = None,
                 clock: Callable[[], float] = time.time, link: Link | None = None,
                 web: str = "") -> None:
        super().__init__()
        self.server = server
        self.web = web  # the `triops web` address players use, when run from a browser
        self.key = key
        self.code = code.strip().upper().replace("-", "")
        self.token = token
        self.sessions = sessions or Sessions()
        self.reports_dir = reports_dir
        self.now = clock
        self.link = link or Link(server, client="triops-facilitate")
        self.link.clock = clock  # the server's offset is measured against this app's clock
        self.link_state = "connecting"
        self.link_detail = server
        self.view: dict[str, Any] | None = None
        self.seed: int | None = None
        self.empty_level: str | None = None  # the game's bots for empty seats, when known
        self.selected_team = ""
        self.moves: dict[tuple[str, str], float] = {}
        self.presence: an.Presence = None  # seats whose player is connected, when known
        self.event_log: deque[str] = deque(maxlen=LOG_LINES)
        self.export_note = ""
        self.levels_note = ""
        self._last_levels: dict[str, Levels] = {}
        self._phase_key: tuple[int, int] | None = None
        self._phase_started = clock()
        self._refresh_due = False
        self._creating = False
        self.console_screen = ConsoleScreen()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if self.code:
            yield SystemCommand("Next quarter", "From the review, start the next quarter "
                                "(key a on the console)", self.console_screen.action_advance)

    # --- start ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.push_screen(self.console_screen)
        if not (self.code and self.token):
            self.push_screen(SetupScreen())
        self.set_interval(1.0, self._tick)
        self.run_network()

    @work(exclusive=True, group="network")
    async def run_network(self) -> None:
        """Connect (retrying until the server answers), then read until the app closes.

        Once connected, dropped connections are the link's business: it reconnects and
        resumes by itself.
        """
        self.link.on_message = self._deliver
        self.link.on_status = self._link_status
        await self.link.reach(every=2.0)
        self.post_message(LinkChanged("connected", self.server))
        if self.code and self.token:
            self.attach_game()
        else:
            self.load_scenarios()
        why = await self.link.run()
        if why != "closed":
            self.post_message(LinkChanged("offline", self.link.error or why))

    def _deliver(self, frame: dict[str, Any]) -> None:
        self.post_message(ServerFrame(frame))

    def _link_status(self, state: str, detail: str) -> None:
        self.post_message(LinkChanged(state, detail))

    @work(group="requests")
    async def load_scenarios(self) -> None:
        try:
            reply = await self.link.request({"type": "list_scenarios"})
        except (ServerError, LinkDown, TimeoutError) as err:
            self._setup_error(f"Could not list the scenarios: {err}")
            return
        screen = self.screen
        if isinstance(screen, SetupScreen):
            screen.show_scenarios(reply.get("scenarios", []))
            screen.show_server(f"Server: {self.server} (reachable)")

    def _setup_error(self, text: str) -> None:
        if isinstance(self.screen, SetupScreen):
            self.screen.show_error(text)
        else:
            self.notify(text, severity="error", timeout=10)

    async def on_create_requested(self, message: CreateRequested) -> None:
        if self._creating or self.code:
            return  # one game per console: a second ctrl+s must not create another
        self._creating = True
        self.create_game(message.fields)

    @work(group="create")
    async def create_game(self, fields: dict[str, Any]) -> None:
        try:
            created = await self.link.request({"type": "create_game", "key": self.key,
                                               **fields})
        except ServerError as err:
            self._creating = False
            hint = (" Start the console with --key (the key `triops serve` printed)."
                    if err.code == "bad_key" else "")
            self._setup_error(f"The server refused: {err.reply.get('message')}{hint}")
            return
        except (LinkDown, TimeoutError) as err:
            self._creating = False
            self._setup_error(f"No answer from the server: {err}")
            return
        self._creating = False
        self.code = str(created["code"])
        self.token = str(created["facilitator_token"])
        self.seed = fields.get("seed")
        self.empty_level = fields.get("bots")
        saved = self.sessions.save(self.code, self.server, self.token, seed=self.seed,
                                   scenario=fields.get("scenario"), bots=self.empty_level)
        if saved is None:
            self.notify(f"Could not save the facilitator token; note it: {self.token}",
                        severity="warning", timeout=30)
        if isinstance(self.screen, SetupScreen):
            self.pop_screen()
        self.attach_game(show_code=True)

    @work(exclusive=True, group="attach")
    async def attach_game(self, show_code: bool = False) -> None:
        message = {"type": "facilitate", "code": self.code, "token": self.token}
        try:
            await self.link.attach(message)
        except ServerError as err:
            self.notify(f"Cannot follow game {self.code}: {err.reply.get('message')}",
                        severity="error", timeout=30)
            return
        except (LinkDown, TimeoutError) as err:
            self.notify(f"Cannot follow game {self.code}: {err}", severity="error", timeout=30)
            return
        if self.seed is None:
            entry = self.sessions.find(self.code) or {}
            seed, bots = entry.get("seed"), entry.get("bots")
            self.seed = seed if isinstance(seed, int) else None
            self.empty_level = bots if isinstance(bots, str) else None
        if show_code:
            self.show_join_code()

    # --- what arrives --------------------------------------------------------------------

    def on_server_frame(self, message: ServerFrame) -> None:
        frame = message.frame
        kind = frame.get("type")
        now = self.now()
        if kind == "error":
            self.notify(str(frame.get("message")), severity="error")
            return
        if kind == "presence":  # a player connected or dropped
            self._take_presence(frame)
            if self._console_ready():
                self.refresh_view()
            return
        if kind == "state" and isinstance(frame.get("presence"), dict):
            self._take_presence(frame["presence"])
        if kind == "state" and isinstance(frame.get("bots"), str):
            self.empty_level = frame["bots"]  # the server's word on empty seats
        for event in frame.get("events", ()):
            self._note_event(event, now)
        view = frame.get("view")
        if isinstance(view, dict) and view.get("kind") == "facilitator":
            self._take_view(view, now)

    def _note_event(self, event: Mapping[str, Any], now: float) -> None:
        kind = event.get("kind")
        team = str(event.get("team") or "")
        data = event.get("data") or {}
        if team and kind in an.ACTIVITY_KINDS:
            role = data.get("role") or data.get("sender")
            if role in ("dataops", "mlops", "finops"):
                self.moves[(team, str(role))] = now
        if kind in LOGGED_KINDS or (kind == "chat" and data.get("kind") == "broadcast"):
            names = an.team_names(self.view or {})
            # A move across teams is told to both; its sentence names both, so log it once.
            where = f"[{names.get(team, team)}] " if team and kind != "seat_moved" else ""
            text = str(event.get("text", ""))
            if kind == "inject" and team:  # the narrative is long; the title says which
                text = f"inject arrived: {data.get('title', text)}"
            elif kind == "chat":
                text = f"your message: {text}"
            line = f"Q{event.get('quarter', 0)} {where}{text}"
            if not (self.event_log and self.event_log[-1] == line):
                self.event_log.append(line)

    def _take_presence(self, presence: Mapping[str, Any]) -> None:
        seats = presence.get("connected") or ()
        before = self.presence
        self.presence = frozenset((str(s[0]), str(s[1])) for s in seats
                                  if isinstance(s, list | tuple) and len(s) == 2)
        if before is not None and self.view is not None:
            self._log_presence(before, self.presence)

    def _log_presence(self, before: frozenset[tuple[str, str]],
                      after: frozenset[tuple[str, str]]) -> None:
        """A person's client coming or going goes in the log, so a drop has a time."""
        view = self.view or {}
        quarter = view.get("game", {}).get("quarter", 0)
        stamp = time.strftime("%H:%M", time.localtime(self.now()))
        for team in view.get("teams", ()):
            for role, seat in team.get("seats", {}).items():
                key = (str(team["id"]), str(role))
                person = seat.get("holder") == "human" or (seat.get("holder") == "bot"
                                                           and seat.get("name"))
                if not person or (key in before) == (key in after):
                    continue
                what = "connected" if key in after else f"{an.DROPPED} DROPPED (not connected)"
                self.event_log.append(f"Q{quarter} [{team['name']}] {stamp} "
                                      f"{seat.get('name') or 'the player'} "
                                      f"({ROLE_NAMES.get(role, role)}): {what}")

    def _take_view(self, view: dict[str, Any], now: float) -> None:
        game = view.get("game", {})
        key = (int(game.get("quarter", 0)), int(game.get("phase_seq", 0)))
        if key != self._phase_key:
            self._phase_key = key
            self._phase_started = now
        if self.view is None and not self.event_log:  # joined mid-game: start from the ticker
            for entry in list(view.get("ticker", ()))[-20:]:
                self.event_log.append(f"Q{entry.get('quarter', 0)} {entry.get('text', '')}")
        self.view = view
        if not self.selected_team and view.get("teams"):
            self.selected_team = view["teams"][0]["id"]
        self.refresh_view()

    def refresh_view(self) -> None:
        """Redraw soon: bursts of updates (bots at full speed) cost one redraw."""
        if not self._refresh_due:
            self._refresh_due = True
            self.set_timer(0.05, self._redraw)

    def _console_ready(self) -> bool:
        """Whether the console screen is up and drawn (so its widgets can be queried)."""
        return (self.view is not None and self.console_screen.is_mounted
                and bool(self.console_screen.query("#status")))

    def _redraw(self) -> None:
        self._refresh_due = False
        if self._console_ready():
            assert self.view is not None
            self.console_screen.show(self.view)

    def _tick(self) -> None:
        if self._console_ready():
            assert self.view is not None
            self.console_screen.show_status(self.view)
            if self.view.get("game", {}).get("phase") == "planning":
                self.refresh_view()  # idle alerts and "last move" ages move with the clock

    def on_link_changed(self, message: LinkChanged) -> None:
        was = self.link_state
        self.link_state, self.link_detail = message.state, message.detail
        if message.state == "failed":
            self._setup_error(message.detail)
        elif message.state == "connected" and isinstance(self.screen, SetupScreen):
            self.screen.show_error("")
        if message.state == "reconnecting" and was != "reconnecting":
            # once a drop: the status line shows each attempt
            self.event_log.append("Connection lost: reconnecting…")
        if self._console_ready():
            assert self.view is not None
            self.console_screen.show_status(self.view)

    # --- derived ---------------------------------------------------------------------------

    def server_time(self) -> float:
        """The server's clock, which the view's deadline is in (this machine's, corrected by
        the offset the link measured). Idle times stay on this machine's clock: moves are
        stamped with it as they arrive."""
        return self.link.server_time()

    def last_move(self, team_id: str) -> float:
        moves = [t for (team, _), t in self.moves.items() if team == team_id]
        return max([self._phase_started, *moves])

    def alerts_for(self, team: Mapping[str, Any]) -> list[an.Alert]:
        game = (self.view or {}).get("game", {})
        out = an.alerts(team, game, self.last_move(str(team["id"])), self.now())
        seats = [an.dropped_alert(team, self.presence, game),
                 an.returned_alert(team, self.presence, game),
                 an.empty_seat_alert(team, game, self.empty_level)]
        return [a for a in seats if a is not None] + out

    def assessment(self, team_id: str) -> Levels | None:
        if self.view is None:
            return None
        found = team_levels(self.view, team_id)
        if found is not None:  # the server sends levels at each review: keep the latest
            self._last_levels[team_id] = found
            self.levels_note = ""
            return found
        kept = self._last_levels.get(team_id)
        self.levels_note = ("Levels as of the last review; they are worked out again at the "
                            "next one." if kept else "Levels come with Q1's review (the setup "
                            "has no quarter's evidence to judge yet); you "
                            "can still set each level by hand.")
        return kept

    def level_names(self, team_id: str) -> dict[str, str] | None:
        levels = self.assessment(team_id)
        return levels.names() if levels else None

    # --- commands ------------------------------------------------------------------------

    def send(self, command: dict[str, Any], label: str) -> None:
        """Send a facilitator command in its own worker; report the outcome briefly."""
        if self.view is None:
            self.notify("No game yet: create one, or start with --code.", severity="warning")
            return
        self.run_worker(self._send(command, label), group="commands")

    async def _send(self, command: dict[str, Any], label: str) -> None:
        for attempt in range(2):
            try:
                await self.link.act(command)
            except ServerError as err:
                if err.code == "stale" and attempt == 0 and command["type"] in RETRY_ON_STALE:
                    await asyncio.sleep(0.2)
                    continue
                self.notify(f"{label}: not done. {err.reply.get('message')}",
                            severity="error", timeout=8)
                return
            except (LinkDown, TimeoutError) as err:
                self.notify(f"{label}: not sent ({err or 'no answer'}). Try again when the "
                            "server is back.", severity="error", timeout=8)
                return
            self.notify(label, timeout=3)
            quarter = (self.view or {}).get("game", {}).get("quarter", 0)
            self.event_log.append(f"Q{quarter} you: {label}")
            self.refresh_view()
            return

    def open_team(self, team_id: str) -> None:
        self.selected_team = team_id
        self.console_screen.open_tab("team")

    # --- the join code -------------------------------------------------------------------

    def show_join_code(self) -> None:
        if not self.code:
            return
        self.push_screen(JoinCodeScreen(self.code, join_lines(self.server, self.code,
                                                              self.sessions.path, self.web)))

    # --- reports -------------------------------------------------------------------------

    def export_reports(self) -> None:
        self.run_worker(self._export(), group="export", exclusive=True)

    async def _export(self) -> None:
        if self.view is None:
            return
        try:
            from triops.report import write_reports
        except ImportError:
            self.export_note = ("Report export is not available in this installation "
                                "(triops.report is missing).")
            self.notify(self.export_note, severity="error")
            self.refresh_view()
            return
        try:
            reply = await self.link.request({"type": "record"}, timeout=30)
            state = await asyncio.to_thread(replay_plain, reply["record"], reply["scenario"])
        except (ServerError, LinkDown, TimeoutError, RecordError) as err:
            self.export_note = f"Cannot export: the game's record did not arrive ({err})."
            self.notify(self.export_note, severity="error")
            self.refresh_view()
            return
        out = self.reports_dir or Path("triops-reports")
        out = out / f"{self.code or 'game'}-q{state.quarter}-{state.phase}"
        try:
            paths = await asyncio.to_thread(write_reports, state, out)
        except OSError as err:
            self.export_note = f"Cannot write the reports to {out}: {err}"
            self.notify(self.export_note, severity="error")
            self.refresh_view()
            return
        interim = "" if state.phase == "ended" else " (interim: the game is not over)"
        self.export_note = (f"{len(paths)} report files written to {out.resolve()}{interim}; "
                            "open game.html for the debrief.")
        self.notify(self.export_note, timeout=10)
        self.refresh_view()


def lan_address() -> str | None:
    """This machine's address on the local network, if it has one (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))
            address = str(s.getsockname()[0])
    except OSError:
        return None
    return None if address.startswith("127.") else address


def join_lines(server: str, code: str, saved: Path, web: str = "") -> list[str]:
    """How people reach this game: commands, or links when the room plays in browsers."""
    if web:
        base = web.rstrip("/")
        return [f"Players:   {base}/play?code={code}",
                f"Projector: {base}/watch?code={code}",
                f"This console again: {base}/facilitate (your games are listed there)"]
    url = urlparse(server)
    host = url.hostname or ""
    port = url.port or 8765
    lines = [f"Players:   triops play --server {server} --code {code}",
             f"Projector: triops watch --server {server} --code {code}"]
    if host in ("127.0.0.1", "localhost", "::1"):
        lan = lan_address()
        where = f"ws://{lan}:{port}" if lan else "this machine's network address"
        lines.append(f"▲ {server} only works on this machine. Players on other machines use "
                     f"{where}, and the server must listen on the network: "
                     f"triops serve --host 0.0.0.0 --port {port}.")
    lines.append(f"This console again: triops facilitate --server {server} --code {code} "
                 f"(token saved in {saved})")
    return lines
