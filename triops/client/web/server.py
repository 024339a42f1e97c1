"""`triops web`: the player client, the projector view and the facilitator console in a browser.

textual-serve runs one app subprocess per browser WebSocket and streams the terminal to an
xterm.js page. Out of the box it serves a single fixed command and passes the app nothing
from the page (its WebSocket carries only `?width=&height=`). TriOps needs per-session
arguments (the join code, the team, a token store of the browser's own), so this server
adds one indirection:

1. A page (`/play?code=K7MQ2P`, `/watch?code=…`, `/facilitate/console`) checks its query,
   the browser's cookies and the session cap, then issues a **launch ticket**: a random,
   single-use, short-lived id bound to the exact argv of the app to start. The page's
   WebSocket URL is `/ws/<ticket>`.
2. The WebSocket looks the ticket up, and starts that argv (textual-serve's `AppService`).

So nothing the browser sends at WebSocket time chooses what runs, a ticket reserves its
seat under the cap (no race between a page and its socket), and the facilitator console is
only ever launched from a page that checked the facilitator key.

A browser's identity is a random cookie (`triops_browser`, HttpOnly, 30 days). Its hash
names the player's token-store file, so a reload (or a crash, or closing the tab) finds the
same file and the player app resumes the seat, while every browser on the one server
machine has a store of its own. Join links carry no identity, so sharing a link never
shares a seat.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import os
import re
import secrets
import shlex
import signal
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp_jinja2
import jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server

from triops.paths import packaged

log = logging.getLogger("triops.web")

TEMPLATES = packaged("triops.client.web", "templates")
BROWSER_COOKIE = "triops_browser"
FACILITATOR_COOKIE = "triops_facilitator"
TICKET_TTL = 60.0  # seconds between a page load and its WebSocket (a slow link loads the JS)
COOKIE_AGE = 30 * 24 * 3600
FIRST_SCREEN_BYTES = 4096  # more than the terminal set-up sequences: the app has drawn
START_WAIT = 10.0          # an app slower than this to draw no longer holds up the others
ROLES = ("dataops", "mlops", "finops")
CODE_RE = re.compile(r"^[A-Za-z0-9-]{0,16}$")
COOKIE_RE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@dataclass(frozen=True)
class WebConfig:
    """What `triops web` was started with."""

    server: str = "ws://127.0.0.1:8765"   # the game server, as this machine reaches it
    host: str = "127.0.0.1"
    port: int = 8080
    state_dir: Path = Path("triops-web")   # per-browser token stores live under it
    reports_dir: Path = Path("triops-reports")
    key: str = ""                          # the facilitator key; empty: no console
    max_sessions: int = 40                 # player and projector sessions at once
    public_url: str = ""                   # when behind a proxy: https://workshop.example
    start_at_once: int = 0                 # apps starting at the same time; 0: one per core
    python: str = sys.executable


@dataclass
class Ticket:
    kind: str            # "play", "watch" or "facilitate"
    argv: list[str]
    env: dict[str, str]
    counted: bool        # under the session cap (the facilitator's console is not)
    expires: float
    browser: str = ""    # a player's browser id: one player session per browser


@dataclass
class Counts:
    running: dict[str, int] = field(default_factory=lambda: {"play": 0, "watch": 0,
                                                               "facilitate": 0})


class TriOpsAppService(AppService):
    """One app subprocess, with its own environment (the facilitator key goes only here)."""

    def __init__(self, command: str, env: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.extra_env = dict(env)

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment.pop("TRIOPS_KEY", None)  # players and projectors never see the key
        environment.update(self.extra_env)
        return environment

    def kill(self) -> None:
        process = self._process
        if process is not None and process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()


def terminal_text(text: str) -> bytes:
    """A message drawn straight into the page's terminal (xterm.js), for refusals."""
    return ("\x1b[2J\x1b[H\r\n  " + text.replace("\n", "\r\n  ") + "\r\n").encode()


class WebServer(Server):
    """textual-serve's server with TriOps's pages, tickets, cookies and session cap."""

    def __init__(self, config: WebConfig) -> None:
        super().__init__("triops", host=config.host, port=config.port, title="TriOps",
                         public_url=config.public_url or None, templates_path=TEMPLATES)
        self.config = config
        self.tickets: dict[str, Ticket] = {}
        self.counts = Counts()
        self.services: set[TriOpsAppService] = set()
        self.sockets: set[web.WebSocketResponse] = set()
        self.players: dict[str, web.WebSocketResponse] = {}  # browser id -> its player page
        self.bound_port = config.port
        self._stop = asyncio.Event()
        self.starting = asyncio.Semaphore(config.start_at_once or os.cpu_count() or 2)

    # --- the aiohttp application --------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = web.Application()
        # autoescape: pages echo the join code and team name from the query string
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(TEMPLATES),
                             autoescape=jinja2.select_autoescape(["html"]))
        app.add_routes([
            web.get("/", self.home),
            web.get("/play", self.play),
            web.get("/watch", self.watch),
            web.get("/facilitate", self.facilitate),
            web.post("/facilitate", self.facilitate_login),
            web.get("/facilitate/console", self.facilitate_console),
            web.get("/facilitate/reports/{path:.+}", self.report_file),
            web.get("/ws/{ticket}", self.app_socket),
            web.get("/healthz", self.health),
            web.get("/download/{key}", self.handle_download),
            web.static("/static", self.statics_path),
        ])
        app.on_shutdown.append(self._close_sockets)
        return app

    async def run(self, ready: Callable[[str], None]) -> None:
        """Serve until `stop()` (or SIGINT/SIGTERM); `ready` gets the base URL once bound."""
        app = await self._make_app()
        runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.config.host, self.config.port)
        await site.start()
        self.bound_port = int(runner.addresses[0][1])
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError):  # Windows: Ctrl-C still stops it
                loop.add_signal_handler(sig, self._stop.set)
        ready(f"http://{self.config.host}:{self.bound_port}")
        try:
            await self._stop.wait()
        finally:
            await runner.cleanup()

    def stop(self) -> None:
        self._stop.set()

    async def _close_sockets(self, app: web.Application) -> None:
        """On shutdown: end every browser session, and its app, within a few seconds."""
        for ws in list(self.sockets):
            with contextlib.suppress(Exception):
                await ws.close(code=WSCloseCode.GOING_AWAY, message=b"server stopping")
        deadline = time.monotonic() + 5
        while self.services and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for service in list(self.services):
            service.kill()

    # --- helpers --------------------------------------------------------------------------

    def base_url(self, request: web.Request) -> str:
        if self.config.public_url:
            return self.config.public_url.rstrip("/")
        return f"{request.scheme}://{request.host}"

    def in_use(self) -> int:
        """Counted sessions running, plus those a page has reserved with a ticket."""
        now = time.monotonic()
        for key in [k for k, t in self.tickets.items() if t.expires < now]:
            del self.tickets[key]
        pending = sum(1 for t in self.tickets.values() if t.counted)
        return self.counts.running["play"] + self.counts.running["watch"] + pending

    def browser_id(self, request: web.Request) -> tuple[str, bool]:
        """This browser's id and whether it is new (then the response must set the cookie)."""
        value = request.cookies.get(BROWSER_COOKIE, "")
        if COOKIE_RE.match(value):
            return value, False
        return secrets.token_urlsafe(18), True

    def state_file(self, browser: str) -> Path:
        # A hash, not the cookie: the directory listing must not hand out seats.
        name = hashlib.sha256(browser.encode()).hexdigest()[:32]
        return self.config.state_dir / "browsers" / f"{name}.json"

    def facilitator_proof(self) -> str:
        return hmac.new(self.config.key.encode(), b"triops-web-facilitator-v1",
                        hashlib.sha256).hexdigest()

    def is_facilitator(self, request: web.Request) -> bool:
        if not self.config.key:
            return False
        return hmac.compare_digest(request.cookies.get(FACILITATOR_COOKIE, "").encode(),
                                   self.facilitator_proof().encode())

    def page(self, request: web.Request, template: str, status: int = 200,
             **context: Any) -> web.Response:
        context.setdefault("base", self.base_url(request))
        context.setdefault("server", self.config.server)
        return aiohttp_jinja2.render_template(template, request, context, status=status)

    def refuse(self, request: web.Request, title: str, text: str, status: int = 400
               ) -> web.Response:
        return self.page(request, "message.html", status=status, title=title, text=text)

    def launch(self, request: web.Request, kind: str, argv: list[str], title: str,
               env: Mapping[str, str] | None = None, browser: str = "") -> web.Response:
        """The terminal page for one app, or the "full" page when the cap is reached."""
        counted = kind != "facilitate"
        # A reload replaces the browser's running player session (see app_socket): it
        # must not be turned away by the place it holds itself.
        replacing = bool(browser) and browser in self.players
        if counted and not replacing and self.in_use() >= self.config.max_sessions:
            response = self.page(request, "full.html", status=503,
                                 limit=self.config.max_sessions)
            response.headers["Retry-After"] = "20"
            return response
        ticket = secrets.token_urlsafe(18)
        self.tickets[ticket] = Ticket(kind, argv, dict(env or {}), counted,
                                      time.monotonic() + TICKET_TTL, browser)
        base = self.base_url(request)
        ws_base = "wss" + base[5:] if base.startswith("https") else "ws" + base[4:]
        font = request.query.get("fontsize", "16")
        font_size = min(max(int(font), 8), 48) if font.isdigit() else 16
        response = self.page(request, "app_index.html", title=title,
                             app_websocket_url=f"{ws_base}/ws/{ticket}",
                             static_url=f"{base}/static/", font_size=font_size)
        response.headers["Cache-Control"] = "no-store"  # a ticket is single-use
        return response

    # --- pages ----------------------------------------------------------------------------

    async def home(self, request: web.Request) -> web.Response:
        return self.page(request, "home.html", facilitator=bool(self.config.key))

    async def health(self, request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "sessions": dict(self.counts.running),
                                  "in_use": self.in_use(), "max": self.config.max_sessions})

    async def play(self, request: web.Request) -> web.Response:
        q = request.query
        code, team, role = q.get("code", "").strip(), q.get("team", "").strip(), \
            q.get("role", "").strip().lower()
        if not CODE_RE.match(code) or len(team) > 30 or role not in ("", *ROLES):
            return self.refuse(request, "That link does not work",
                               "The join code, team or role in this link is not valid. "
                               "Ask your facilitator for the link again.")
        browser, new = self.browser_id(request)
        argv = [self.config.python, "-m", "triops.client.web.player",
                "--server", self.config.server, "--state", str(self.state_file(browser)),
                "--code", code, "--team", team,
                "--role", role]
        if q.get("light"):
            argv.append("--light")
        response = self.launch(request, "play", argv, "TriOps · player", browser=browser)
        if new:
            response.set_cookie(BROWSER_COOKIE, browser, max_age=COOKIE_AGE, httponly=True,
                                samesite="Lax", secure=request.secure)
        return response

    async def watch(self, request: web.Request) -> web.Response:
        code = request.query.get("code", "").strip()
        if not code or not CODE_RE.match(code):
            return self.page(request, "home.html", facilitator=bool(self.config.key),
                             watch_error="The projector view needs the game's join code.")
        argv = [self.config.python, "-m", "triops", "watch", "--server", self.config.server,
                "--code", code, "--web", self.base_url(request)]
        return self.launch(request, "watch", argv, f"TriOps · projector · {code.upper()}")

    async def facilitate(self, request: web.Request) -> web.Response:
        if not self.config.key:
            return self.refuse(request, "No facilitator console here",
                               "This triops web was started without the facilitator key "
                               "(--key or TRIOPS_KEY), so it does not offer the console.",
                               status=403)
        if not self.is_facilitator(request):
            return self.page(request, "login.html", error="")
        base = self.base_url(request)
        games = await self.recent_games()
        for game in games:
            game["links"] = [("Players", join_link(base, game["code"])),
                             *((f"team {t}", join_link(base, game["code"], t))
                               for t in game["teams"])]
            game["projector"] = f"{base}/watch?{urlencode({'code': game['code']})}"
        response = self.page(request, "facilitate.html", games=games, reports=self.reports(),
                             max_sessions=self.config.max_sessions, in_use=self.in_use())
        response.headers["X-Frame-Options"] = "DENY"
        return response

    async def facilitate_login(self, request: web.Request) -> web.Response:
        if not self.config.key:
            return await self.facilitate(request)
        form = await request.post()
        key = str(form.get("key", ""))
        if not hmac.compare_digest(key.encode(), self.config.key.encode()):
            await asyncio.sleep(1.0)  # slows guessing down; the key is long anyway
            return self.page(request, "login.html", status=403,
                             error="That is not the facilitator key.")
        response = web.HTTPSeeOther("/facilitate")
        response.set_cookie(FACILITATOR_COOKIE, self.facilitator_proof(), httponly=True,
                            samesite="Strict", secure=request.secure, max_age=COOKIE_AGE)
        raise response

    async def facilitate_console(self, request: web.Request) -> web.StreamResponse:
        if not self.is_facilitator(request):
            raise web.HTTPSeeOther("/facilitate")
        code = request.query.get("code", "").strip()
        if not CODE_RE.match(code):
            return self.refuse(request, "Not a join code", "That game code is not valid.")
        argv = [self.config.python, "-m", "triops", "facilitate", "--server",
                self.config.server, "--reports", str(self.config.reports_dir),
                "--web", self.base_url(request)]
        if code:
            argv += ["--code", code]
        response = self.launch(request, "facilitate", argv, "TriOps · facilitator",
                               env={"TRIOPS_KEY": self.config.key})
        response.headers["X-Frame-Options"] = "DENY"  # no framing of the console elsewhere
        return response

    async def report_file(self, request: web.Request) -> web.StreamResponse:
        if not self.is_facilitator(request):
            raise web.HTTPForbidden(text="The reports are for the facilitator.")
        root = self.config.reports_dir.resolve()
        path = (root / request.match_info["path"]).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise web.HTTPNotFound()
        return web.FileResponse(path)

    def reports(self) -> list[str]:
        root = self.config.reports_dir
        try:
            files = [p for p in root.rglob("*") if p.is_file()]
        except OSError:
            return []
        files.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        return [p.relative_to(root).as_posix() for p in files[:60]]

    async def recent_games(self, limit: int = 6) -> list[dict[str, Any]]:
        """The facilitator's games on this game server (newest first), looked up live."""
        from triops.client.facilitator.sessions import Sessions

        wanted = self.config.server.rstrip("/")
        saved = [(code, entry) for code, entry in Sessions().load().items()
                 if isinstance(entry, dict) and str(entry.get("server", "")).rstrip("/")
                 == wanted]
        recent = list(reversed(saved))[:limit]
        looked_up = await asyncio.gather(*(self._game_summary(code) for code, _ in recent))
        return [g for g in looked_up if g is not None]

    async def _game_summary(self, code: str) -> dict[str, Any] | None:
        from triops.client.transport import Connection

        summary: dict[str, Any] = {"code": code, "phase": "unknown", "title": "", "teams": []}
        try:
            async with asyncio.timeout(2.0):
                conn = await Connection.open(self.config.server)
                try:
                    await conn.send({"type": "spectate", "code": code})
                    reply = await conn.until(lambda m: m.get("type") in ("state", "error"))
                finally:
                    await conn.close()
        except Exception:  # the server is down or slow: still list the game
            return summary
        if reply.get("type") == "error":
            return None  # the server no longer has it
        game = reply.get("view", {}).get("game", {})
        summary.update(phase=game.get("phase", ""), title=game.get("title", ""),
                       teams=[str(t.get("name")) for t in game.get("teams", [])])
        return summary

    # --- the WebSocket: one app per browser session ------------------------------------

    async def app_socket(self, request: web.Request) -> web.WebSocketResponse:
        ticket = self.tickets.pop(request.match_info["ticket"], None)
        ws = web.WebSocketResponse(heartbeat=15)
        await ws.prepare(request)
        if ticket is None or ticket.expires < time.monotonic():
            await ws.send_bytes(terminal_text("This page has expired. Reload it: a player's "
                                              "seat is kept."))
            await ws.close()
            return ws
        if ticket.browser:
            # A browser plays one seat (its token store resumes the same one): a newer tab
            # takes over, and the older tab's app ends rather than idle on a lost seat.
            older = self.players.get(ticket.browser)
            self.players[ticket.browser] = ws
            if older is not None and not older.closed:
                await older.close(message=b"opened in another tab")
        width = _int(request.query.get("width", "80"), 80)
        height = _int(request.query.get("height", "24"), 24)
        drawn = asyncio.Event()
        sent = 0

        async def write_bytes(data: bytes) -> None:
            nonlocal sent
            sent += len(data)
            if sent > FIRST_SCREEN_BYTES:
                drawn.set()
            await ws.send_bytes(data)

        # textual-serve runs the command with a shell: `exec` leaves one process per
        # session (no shell waiting beside it), so killing it on shutdown kills the app.
        service = TriOpsAppService("exec " + shlex.join(ticket.argv), ticket.env,
                                   write_bytes=write_bytes, write_str=ws.send_str,
                                   close=ws.close, download_manager=self.download_manager,
                                   debug=self.debug)
        self.counts.running[ticket.kind] += 1
        self.services.add(service)
        self.sockets.add(ws)
        log.info("%s session started (%s running)", ticket.kind, self.counts.running)
        try:
            # Starting an app is a second of CPU. When a whole room opens the link at once,
            # starting them a few at a time (first come, first served) gets each person
            # their screen sooner than starting all of them together, sharing the CPU.
            async with self.starting:
                await service.start(width, height)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(drawn.wait(), START_WAIT)
            try:
                await self._process_messages(ws, service)
            finally:
                await service.stop()
        except asyncio.CancelledError:
            await ws.close()
        except Exception as error:  # one broken session must not take the server down
            log.exception(error)
        finally:
            self.counts.running[ticket.kind] -= 1
            self.services.discard(service)
            self.sockets.discard(ws)
            if self.players.get(ticket.browser) is ws:
                del self.players[ticket.browser]
            log.info("%s session ended (%s running)", ticket.kind, self.counts.running)
        return ws


def _int(value: str, default: int) -> int:
    try:
        return max(10, min(int(value), 1000))
    except ValueError:
        return default


def join_link(base: str, code: str, team: str = "") -> str:
    """The link a participant opens: the web server, the join code, optionally the team."""
    query = {"code": code, **({"team": team} if team else {})}
    return f"{base.rstrip('/')}/play?{urlencode(query)}"


def describe(config: WebConfig, base: str) -> str:
    """What `triops web` prints once it listens."""
    lines = [
        f"TriOps web on {base}  (game server {config.server})",
        f"  players:     {base}/play?code=CODE      (add &team=NAME for a team's link)",
        f"  projector:   {base}/watch?code=CODE",
        f"  facilitator: {base}/facilitate" + ("" if config.key else
                                                "   (off: start with --key or TRIOPS_KEY)"),
        f"  at most {config.max_sessions} player and projector sessions at once; "
        f"browser seat files in {config.state_dir / 'browsers'}",
        "Stop with Ctrl-C.",
    ]
    return "\n".join(lines)
