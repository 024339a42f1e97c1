"""The player's Textual app: one seat of one team, rendered from the views the server sends.

    PlayerApp(connect=open_connection,                 # url -> client.transport.Connection
              join=JoinRequest(server, code, team, role, name),   # or None: join screen
              token_store=TokenStore(path))            # last values and seat tokens

The app keeps no game state of its own: it holds the last view the server sent and renders
it. Network I/O runs in one exclusive worker (`Seat.run`, over the shared `client.link.Link`)
that posts small messages; handlers update the widgets. Countdowns read the server's clock
(`server_time`), so a laptop whose clock is off still shows the right time left. Tests
pass a connector to a real local server; solo mode can pass one to an embedded server and a
`debrief` callable for the end screen. What a seat is told as the game moves (toasts, the
screens a new phase opens) is in `notices.py`; the keys, the hint and the command palette in
`guide.py`.
"""

from __future__ import annotations

import shlex
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, ClassVar

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import Notification, SeverityLevel
from textual.screen import Screen
from textual.widgets import Input
from textual.widgets._toast import ToastRack
from textual.worker import Worker, WorkerState

from triops.client.common.glossary import GlossaryScreen, terms_in
from triops.client.common.theme import register_themes
from triops.client.common.typed import triops_command
from triops.client.link import Connector, Link, open_connection
from triops.client.player import guide, notices
from triops.client.player.labels import role_label
from triops.client.player.messages import (
    ActionAnswered,
    EventsReplayed,
    JoinRefused,
    LinkStatus,
    SeatJoined,
    ServerNotice,
    ViewArrived,
)
from triops.client.player.panels.base import Act
from triops.client.player.screens.end import EndScreen
from triops.client.player.screens.join import JoinScreen
from triops.client.player.screens.main import MainScreen
from triops.client.player.screens.modals import ConfirmScreen, Dialog, next_outside_text
from triops.client.player.screens.review import ReviewScreen
from triops.client.player.seat import Seat
from triops.client.player.text import commit_summary, me
from triops.client.player.tokens import JoinRequest, SavedSeat, TokenStore, default_path
from triops.paths import packaged

Debrief = Callable[[Mapping[str, Any]], Awaitable[Mapping[str, Any] | None]]

QUIET_ACTIONS = {"chat"}


def resume_command(store: TokenStore) -> str:
    """The command that resumes this seat, as typed: with the same --state when the tokens
    are kept somewhere other than the default (plain `triops play` would open another
    seat's tokens)."""
    command = f"{triops_command()} play"
    if store.path != default_path():
        command += f" --state {shlex.quote(str(store.path))}"
    return command


def holds_notices(screen: Screen[Any]) -> bool:
    """Whether toasts wait while `screen` is on top: the small dialogs (choose, enter, confirm,
    the forms), whose fields a toast can cover. The full-size screens (the end summary, the
    peer review, help) keep them: there a toast answers a key pressed on that screen."""
    return isinstance(screen, Dialog)


class PlayerApp(App[str | None]):
    """A workshop participant's client. See the module docstring for the entry point."""

    # an absolute path: subclasses (the solo and web players) live in other packages
    CSS_PATH = str(packaged("triops.client.player", "player.tcss"))
    TITLE = "TriOps"
    SUB_TITLE = "player"
    ENABLE_COMMAND_PALETTE = True
    # Solo practice: no facilitator; the player moves the game on (n). Texts that name who
    # does what read it.
    SOLO: ClassVar[bool] = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", tooltip="Every key, on one screen"),
        Binding("g", "glossary", "Glossary", tooltip="Plain-language meaning of the terms "
                "(drift, lineage, FOCUS…)"),
        Binding("h", "hint", "Hint", tooltip="How this area works, and the hints for this "
                "quarter"),
        Binding("v", "review", "Peer review", show=False, tooltip="The peer review of "
                "roadmaps, after the game: review the presenting team"),
        Binding("ctrl+t", "take_back", "Take the seat back", show=False,
                tooltip="Reconnect here after the seat was opened elsewhere"),
        # The help promises Esc leaves a text field: the chat line binds its own; this is
        # every form's (a newcomer's keys went on into the charter's purpose).
        Binding("escape", "leave_field", "Leave the text field", show=False),
        # priority: Ctrl+Q quits from every screen, the end screen and dialogs included
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Quit (your seat is kept; "
                "the command that resumes it is printed as you quit)"),
    ]

    def __init__(self, connect: Connector = open_connection, join: JoinRequest | None = None,
                 token_store: TokenStore | None = None, clock: Callable[[], float] = time.time,
                 debrief: Debrief | None = None, resume: bool = True,
                 theme: str = "triops-dark") -> None:
        super().__init__()
        # No sliding underlines or smooth scrolls: every key shows its effect at once, and a
        # slow laptop or a remote terminal is not kept busy redrawing an animation.
        self.animation_level = "none"
        self.connect = connect
        self.request = join
        self.store = token_store or TokenStore()
        self.clock = clock
        self.debrief = debrief
        self.resume_saved = resume
        self.start_theme = theme
        self.view: dict[str, Any] = {}
        self.activity: deque[dict[str, Any]] = deque(maxlen=60)
        self.link: Link | None = None
        self.link_state = "connecting"
        self.ended_shown = False
        self._draw_pending = False
        self._mounted_once = False
        self.debrief_result: Mapping[str, Any] | None = None
        self._main: MainScreen | None = None
        self._held: list[Notification] = []  # notices raised while a dialog is open

    # --- start-up -------------------------------------------------------------------------

    def get_default_screen(self) -> Screen[Any]:
        self._main = MainScreen(self.server_time)
        return self._main

    @property
    def main(self) -> MainScreen:
        assert self._main is not None
        return self._main

    def on_mount(self) -> None:
        # Textual calls every class's on_mount; a subclass that also calls super() must not
        # start the network twice.
        if self._mounted_once:
            return
        self._mounted_once = True
        register_themes(self, self.start_theme)
        self.screen_change_signal.subscribe(self, self._screen_changed)
        self.call_after_refresh(self._startup)

    def _startup(self) -> None:
        """Resume a saved seat, join with the given values, or ask on the join screen."""
        last = self.store.last()
        request = self.request
        if request is None or not request.complete:
            given = request or JoinRequest("", "", "", "", "")
            request = JoinRequest(*(getattr(given, f) or getattr(last, f) for f in
                                    ("server", "code", "team", "role", "name")))
            saved = self.store.find(request.server, request.code) if (
                self.resume_saved and request.server and request.code) else None
            if saved is None:
                self.ask_join(request)
                return
            self.start(JoinRequest(saved.server, saved.code, saved.team, saved.role,
                                   saved.name or request.name), saved)
            return
        saved = self.store.find(request.server, request.code, request.team, request.role) \
            if self.resume_saved else None
        self.start(request, saved)

    def ask_join(self, values: JoinRequest, error: str = "") -> None:
        if isinstance(self.screen, JoinScreen):
            self.screen.show_error(error)
            return
        self.main.set_waiting("Not in a game yet.")
        self.push_screen(JoinScreen(values, error), self._joined)

    def _joined(self, request: JoinRequest | None) -> None:
        if request is None:
            return
        saved = self.store.find(request.server, request.code, request.team, request.role)
        self.start(request, saved)

    def start(self, request: JoinRequest, saved: SavedSeat | None) -> None:
        """(Re)start the network worker for this seat: resume with a token, or join."""
        self.request = request
        self.store.remember(request)
        self.main.set_waiting("Resuming your seat…" if saved else "Joining…")
        self.run_link(request, saved.token if saved else "", saved.last_seq if saved else 0)

    @work(exclusive=True, group="link", exit_on_error=False)
    async def run_link(self, request: JoinRequest, token: str, last_seq: int) -> None:
        self.link = Link(request.server, self.connect, client="triops-play", clock=self.clock,
                         last_seq=last_seq)
        await Seat(self.link, self.post_message, request, token).run()

    # --- notices and dialogs ----------------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A toast, held while a dialog is open: one covered the justification field and
        the player's next keys went into it unseen. It shows once the dialog closes."""
        if holds_notices(self.screen):
            self._held.append(Notification(message, title, severity, timeout or 0.0, markup))
            return
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def _screen_changed(self, screen: Screen[Any]) -> None:
        """A dialog opens: the toasts showing are held with the new ones. It closes (and no
        other dialog is on top): they show again, each for its whole time."""
        if holds_notices(screen):
            if len(self._notifications):
                self._held[:0] = list(self._notifications)
                self.clear_notifications()
                for below in self.screen_stack:  # their racks still show the old toasts
                    for rack in below.query_children(ToastRack):
                        rack.show(self._notifications)
        elif self._held:
            held, self._held = self._held, []
            # The same notice held several times shows once: adding ten roadmap lines
            # stacked ten "✓ add roadmap line" toasts over half the screen.
            seen: set[tuple[str, str, str]] = set()
            unique = []
            for n in reversed(held):
                if (n.message, n.title, n.severity) not in seen:
                    seen.add((n.message, n.title, n.severity))
                    unique.append(n)
            for n in reversed(unique):
                self.notify(n.message, title=n.title, severity=n.severity,
                            timeout=n.timeout or None, markup=n.markup)

    def server_time(self) -> float:
        """The server's clock, which the view's deadlines are in (this machine's, corrected
        by the offset the link measured)."""
        return self.link.server_time() if self.link is not None else self.clock()

    # --- messages from the network --------------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """No worker fails in silence: a person is told what did not work, and why."""
        if event.state == WorkerState.ERROR:
            worker = event.worker
            self.notify(f"{worker.description or worker.name}: {worker.error}",
                        title="Something went wrong", severity="error", timeout=20)

    @on(LinkStatus)
    def _link_status(self, message: LinkStatus) -> None:
        self.link_state = message.state
        self.main.set_link(message.state, message.detail)

    @on(SeatJoined)
    def _seat_joined(self, message: SeatJoined) -> None:
        r = self.request
        assert r is not None
        self.store.save(SavedSeat(r.server, message.code or r.code, message.team,
                                  message.role, message.token, r.name, r.team))
        if isinstance(self.screen, JoinScreen):
            self.screen.dismiss(None)

    @on(JoinRefused)
    def _join_refused(self, message: JoinRefused) -> None:
        r = self.request or JoinRequest("", "", "", "", "")
        if message.token_rejected and self.link is not None:
            saved = self.store.find(r.server, r.code, r.team, r.role)
            if saved is not None:
                self.store.forget(saved.token)
            text = message.text if message.code == "seat_reassigned" else (
                "Your saved seat is not on this server any more (the game may have "
                "ended, or the server was reset). Check the values and join again.")
        else:
            text = message.text
        self.main.set_link("offline")
        self.ask_join(r, text)

    @on(ViewArrived)
    def _view(self, message: ViewArrived) -> None:
        if message.initial:
            self._follow_seat(message.view)
        previous = self.view
        self.view = message.view
        visible = [e for e in message.events if e.get("kind") != "chat"]
        self.activity.extend(visible)
        # Draw once for a burst: views queued behind this one replace it before the draw.
        if not self._draw_pending:
            self._draw_pending = True
            self.call_later(self._draw)
        if previous.get("game", {}).get("phase") != self.view.get("game", {}).get("phase"):
            self.refresh_bindings()  # Ready is dimmed outside planning (the footer redraws)
        notices.toasts(self, message.events)
        notices.phase_change(self, previous, self.view, message.initial)
        notices.review_change(self, previous, self.view)

    def _follow_seat(self, view: Mapping[str, Any]) -> None:
        """The facilitator may have moved this player: a `state` then names another seat.

        The request and the saved token record follow it, so a restarted client resumes (and
        Ctrl+T takes back) the new seat; the old seat's activity is dropped.
        """
        you = view.get("you") or {}
        team, role, team_name = (str(you.get(k, "")) for k in ("team", "role", "team_name"))
        r = self.request
        if r is None or not team or not role:
            return
        if role == r.role and r.team.casefold() in (team.casefold(), team_name.casefold()):
            return
        self.request = JoinRequest(r.server, r.code, team, role, r.name)
        self.store.remember(self.request)
        token = self.link.token if self.link is not None else ""
        saved = next((s for s in self.store.seats() if token and s.token == token), None)
        if saved is not None:
            saved.team, saved.role, saved.team_name = team, role, team_name
            self.store.save(saved)
        self.activity.clear()
        self.notify(f"You now play {role_label(role)} for {team_name}.",
                    title="The facilitator moved you", timeout=10)

    def _draw(self) -> None:
        self._draw_pending = False
        self.main.show(self.view, list(self.activity))
        self.title = f"TriOps · {self.view.get('game', {}).get('title', '')}"
        if isinstance(self.screen, EndScreen):
            self.screen.show(self.view, self.debrief_result)
        for screen in self.screen_stack:
            if isinstance(screen, ReviewScreen):
                screen.show(self.view)

    @on(EventsReplayed)
    def _replayed(self, message: EventsReplayed) -> None:
        self.activity.extend(e for e in message.events if e.get("kind") != "chat")

    @on(ActionAnswered)
    def _answered(self, message: ActionAnswered) -> None:
        if message.ok:
            text = f"✓ {message.label}"
            if message.label not in QUIET_ACTIONS and not any(
                    n.message == text for n in self._notifications):
                self.notify(text, timeout=2)
            return
        self.notify(message.text or message.code, title=f"✗ {message.label}: not done",
                    severity="error", timeout=8)

    @on(ServerNotice)
    def _notice(self, message: ServerNotice) -> None:
        self.notify(message.text, title=message.code, severity="warning")

    def action_review(self) -> None:
        if not self.view.get("review"):
            self.notify("The peer review of roadmaps opens after the game, when the "
                        "facilitator starts it.")
            return
        if any(isinstance(s, ReviewScreen) for s in self.screen_stack):
            while not isinstance(self.screen, ReviewScreen):
                self.pop_screen()
            return
        self.push_screen(ReviewScreen(self.view))

    def _save_progress(self) -> None:
        r, link = self.request, self.link
        if r is None or link is None or not link.token:
            return
        saved = self.store.find(r.server, r.code, r.team, r.role)
        if saved is not None:
            saved.last_seq = link.last_seq
            self.store.save(saved)

    # --- sending --------------------------------------------------------------------------

    @on(Act)
    def _act(self, message: Act) -> None:
        message.stop()
        if self.link is None:
            self.notify("Not connected to a game yet.", severity="warning")
            return
        self.link.queue(message.command, message.label)
        if not self.link.attached:
            self.notify("Queued: it is sent as soon as the connection is back.",
                        severity="warning", timeout=4)

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Ready only applies in planning: elsewhere the footer shows it dimmed."""
        if action == "ready":
            return True if self.view.get("game", {}).get("phase") == "planning" else None
        return True

    def action_ready(self) -> None:
        view = self.view
        if not view:
            return
        game = view.get("game", {})
        if game.get("phase") != "planning":
            self.notify("Ready is for the planning phase: "
                        + ("the game has not started yet." if game.get("phase") == "lobby"
                           else "press n to move on from the review." if self.SOLO
                           else "the facilitator moves the game on from here."),
                        severity="warning")
            return
        seat = view.get("team", {}).get("seats", {}).get(me(view), {})
        if seat.get("ready"):
            self.post_message(Act({"type": "ready", "ready": False}, "no longer ready"))
            return

        def done(yes: object) -> None:
            if yes:
                self.post_message(Act({"type": "ready", "ready": True}, "ready"))
        self.push_screen(ConfirmScreen("Ready? This is what the team will commit",
                                       commit_summary(view, self.SOLO), yes="I'm ready (Enter)",
                                       no="Not yet (Esc)"), done)

    def action_leave_field(self) -> None:
        """Esc in a text field: on to the next field that is not one, so keys are commands
        again (an area's keys act on the area that holds the focus)."""
        if not isinstance(self.focused, Input):
            return
        after = next_outside_text(self.screen)
        if after is not None:
            after.focus()
        else:
            self.screen.set_focus(None)

    def action_help(self) -> None:
        self.push_screen(guide.keys_screen(self.BINDINGS))

    def action_glossary(self) -> None:
        text = ""
        if self.screen is self._main and self.view:
            text = self.main.panel().glossary_text()
        self.push_screen(GlossaryScreen(mentioned=terms_in(text), industry=str(
            self.view.get("game", {}).get("industry", ""))))

    def action_hint(self) -> None:
        self.push_screen(guide.hint_screen(self))

    def action_end_screen(self) -> None:
        if self.view.get("game", {}).get("phase") != "ended":
            self.notify("The end-of-game summary opens when the game is over.")
            return
        if isinstance(self.screen, EndScreen):
            return
        self.push_screen(EndScreen(self.view, self.debrief_result))
        if self.debrief is not None and self.debrief_result is None:
            self.fetch_debrief()

    @work(exclusive=True, group="debrief", exit_on_error=False)
    async def fetch_debrief(self) -> None:
        assert self.debrief is not None
        self.debrief_result = await self.debrief(self.view)
        if isinstance(self.screen, EndScreen):
            self.screen.show(self.view, self.debrief_result)

    def action_take_back(self) -> None:
        if self.link_state == "moved" and self.request is not None:
            saved = self.store.find(self.request.server, self.request.code, self.request.team,
                                    self.request.role)
            self.start(self.request, saved)

    def action_forget_seat(self) -> None:
        r = self.request
        if r is not None:
            saved = self.store.find(r.server, r.code, r.team, r.role)
            if saved is not None:
                self.store.forget(saved.token)
        self.workers.cancel_group(self, "link")
        self.link = None
        self.view = {}
        self.main.set_link("offline")
        self.ask_join(r or JoinRequest("", "", "", "", ""))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from guide.palette(self)

    def _goto(self, ident: str) -> None:
        if self.screen is not self._main:
            self.pop_screen()
        self.main.action_area(ident)

    def _goto_chat(self) -> None:
        if self.screen is not self._main:
            self.pop_screen()
        self.main.action_chat()

    async def action_quit(self) -> None:
        self._save_progress()
        if self.link is not None:
            await self.link.close()  # a clean close: the server frees the seat at once
        over = self.view.get("game", {}).get("phase") == "ended"
        seated = bool(self.view.get("team"))
        self.exit(f"Your seat is kept. To resume it: {resume_command(self.store)}"
                  if seated and not over else None)


