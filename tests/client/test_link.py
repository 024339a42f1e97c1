"""The one link every app uses (triops/client/link.py), against real servers.

- A `triops serve` process killed mid-game (SIGKILL, as a crash) and started again on the
  same port and store: the player, the facilitator's console and the projector each say
  they are reconnecting, come back by themselves, and follow what happens after.
- The link itself: a drop resumes from the last seq (missed updates replayed, no reset), an
  awaited action fails at once while the connection is down while a queued one is sent once
  when it is back, and a patch that does not apply is mended by resuming.
- The server's time: a client whose clock is minutes off still shows the right time left.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Static
from websockets.exceptions import ConnectionClosed

from tests.client.live import LiveApp, LiveGame, fixed_port, run, screen_text, wait_until
from tests.server.harness import KEY, ROOT, caught_up, create_game, join, running_server, url
from triops.client.facilitator.app import FacilitatorApp
from triops.client.facilitator.sessions import Sessions
from triops.client.link import Link, LinkDown
from triops.client.player import JoinRequest, PlayerApp, TokenStore
from triops.client.projector.app import ProjectorApp
from triops.client.projector.bigtext import big
from triops.client.transport import Connection

APPS = ("player", "facilitator", "projector")
SIZE = (150, 45)


class ServerProcess:
    """`triops serve` on a fixed port and a file store, killed as a crash would kill it and
    started again on the same port, as an operator restarts it."""

    def __init__(self, db: Path, port: int) -> None:
        self.db = db
        self.port = port
        self.proc: subprocess.Popen[bytes] | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    async def start(self) -> None:
        self.starts += 1
        out = self.db.with_name(f"serve-{self.starts}.out")
        with out.open("wb") as sink:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "triops", "serve", "--port", str(self.port), "--db",
                 str(self.db), "--key", KEY, "--bot-delay", "0"],
                cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT)
        loop = asyncio.get_running_loop()
        end = loop.time() + 30
        while "listening on ws://" not in out.read_text(encoding="utf-8", errors="replace"):
            if self.proc.poll() is not None or loop.time() > end:
                raise AssertionError(f"the server did not start: {out.read_text()}")
            await asyncio.sleep(0.05)

    def kill(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


def make_app(kind: str, server: str, code: str, token: str, tmp_path: Path,
             clock: Callable[[], float] = time.time) -> Any:
    if kind == "player":
        return PlayerApp(join=JoinRequest(server, code, "Red", "dataops", "Ada"),
                         token_store=TokenStore(tmp_path / "player.json"), clock=clock)
    if kind == "facilitator":
        return FacilitatorApp(server, key=KEY, code=code, token=token,
                              sessions=Sessions(tmp_path), reports_dir=tmp_path / "reports",
                              clock=clock)
    return ProjectorApp(server, code, clock=clock)


def phase(app: Any) -> str:
    return str((app.view or {}).get("game", {}).get("phase", ""))


# --- a server restart, for every app -------------------------------------------------------


@pytest.mark.parametrize("kind", APPS)
def test_every_app_comes_back_after_the_server_process_is_killed_and_restarted(
        kind: str, tmp_path: Path) -> None:
    async def scenario() -> None:
        server = ServerProcess(tmp_path / "games.sqlite3", fixed_port())
        await server.start()
        try:
            fac = await Connection.open(server.url)
            created = await fac.request({"type": "create_game", "key": KEY, "teams": ["Red"],
                                         "scenario": "retail-novice", "seed": 3,
                                         "bots": "none"})
            await fac.close()
            code, token = created["code"], created["facilitator_token"]
            app = make_app(kind, server.url, code, token, tmp_path)
            async with app.run_test(size=SIZE) as pilot:
                await wait_until(pilot, lambda: phase(app) == "lobby", what="the first view")
                await wait_until(pilot, lambda: app.link_state == "connected")

                server.kill()
                await wait_until(pilot, lambda: app.link_state == "reconnecting",
                                 what="the reconnecting state")
                said = {"player": "Reconnecting…", "facilitator": "SERVER RECONNECTING",
                        "projector": "connection lost: reconnecting…"}[kind]
                await wait_until(pilot, lambda: said in screen_text(app), what=said)
                if kind == "player":  # typed while the server is down: queued, not lost
                    await pilot.press("c", *"still there?", "enter")

                await server.start()
                await wait_until(pilot, lambda: app.link_state == "connected", timeout=30,
                                 what="the reconnected state")
                assert said not in screen_text(app)
                # The game moves on after the restart, and the app follows it.
                if kind == "facilitator":
                    await pilot.press("s")  # the console's own command, on the new connection
                else:
                    again = await Connection.open(server.url)
                    await again.send({"type": "resume", "token": token})
                    await again.until(lambda m: m["type"] == "state")
                    await again.act({"type": "start_game"})
                    await again.close()
                await wait_until(pilot, lambda: phase(app) == "planning", what="planning")

                if kind == "player":
                    await wait_until(pilot, lambda: any(
                        m["text"] == "still there?" for m in app.view["team"]["chat"]),
                        what="the queued message")
                    check = await Connection.open(server.url)
                    await check.send({"type": "resume", "token": token})
                    state = await check.until(lambda m: m["type"] == "state")
                    await check.close()
                    chat = [m["text"] for m in state["view"]["teams"][0]["chat"]]
                    assert chat.count("still there?") == 1  # sent once, whatever the retries
                    seat = state["view"]["teams"][0]["seats"]["dataops"]
                    assert (seat["holder"], seat["name"]) == ("human", "Ada")
        finally:
            server.stop()
    run(scenario(), timeout=120)


def test_a_seat_opened_elsewhere_stops_reconnecting_until_taken_back(tmp_path: Path) -> None:
    """Close code 4000 means the seat was resumed on another connection: fighting back would
    throw the other one out in turn, so the link stops, and Ctrl+T takes the seat back."""
    async def scenario() -> None:
        game = LiveGame(bots="none")
        store = TokenStore(tmp_path / "player.json")
        app = LiveApp(game, store)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: app.view, what="the first view")
            saved = store.find(game.url, game.code)
            assert saved is not None
            elsewhere = await game.connect(game.url)
            await elsewhere.send({"type": "resume", "token": saved.token})
            await elsewhere.until(lambda m: m["type"] == "state")
            await wait_until(pilot, lambda: app.link_state == "moved", what="the moved state")
            await wait_until(pilot, lambda: "opened in another window" in screen_text(app),
                             what="the banner")
            # The link's worker has ended: nothing will connect again behind the person's back.
            await wait_until(pilot, lambda: all(w.is_finished for w in app.workers
                                                if w.group == "link"), what="the link to stop")
            assert app.link_state == "moved" and not app.link.connected  # type: ignore[union-attr]

            await pilot.press("ctrl+t")
            await wait_until(pilot, lambda: app.link_state == "connected", what="taken back")
            with pytest.raises(ConnectionClosed) as closed:
                await elsewhere.recv()
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4000
    run(scenario())


# --- the link itself -------------------------------------------------------------------------


class Heard:
    """What a link tells its app, kept in order."""

    def __init__(self, link: Link) -> None:
        self.messages: list[dict[str, Any]] = []
        self.statuses: list[tuple[str, str]] = []
        self.answers: list[tuple[str, str, dict[str, Any]]] = []
        link.on_message = self.messages.append
        link.on_status = lambda state, detail: self.statuses.append((state, detail))
        link.on_answer = lambda action_id, label, reply: self.answers.append(
            (action_id, label, reply))


async def until(check: Callable[[], Any], what: str, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not check():
        if loop.time() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def test_a_dropped_link_resumes_from_its_last_seq_and_sends_queued_actions_once() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, bots="none")
            code = created["code"]
            ada, _ = await join(server, code, "t1", "dataops", "Ada")
            link = Link(url(server), client="test-link", backoff=(1.0,))
            heard = Heard(link)
            await link.open()
            reader = asyncio.create_task(link.run())
            try:
                first = await link.attach({"type": "facilitate", "code": code,
                                           "token": created["facilitator_token"]})
                assert first["reset"] is True and link.attached
                assert link.token == created["facilitator_token"]  # resumes with it later
                await link.act({"type": "start_game"})
                seen = link.last_seq

                assert link.conn is not None
                await link.conn.ws.close()  # the venue Wi-Fi blinks
                await until(lambda: ("reconnecting", "connection lost") in heard.statuses,
                            "the drop")
                with pytest.raises(LinkDown):  # an awaited action is not left hanging
                    await link.act({"type": "pause"})
                queued = link.queue({"type": "broadcast", "text": "back soon"}, "broadcast")
                await caught_up(ada)  # its view is of the planning phase now
                await ada.act({"type": "chat", "text": "said while you were away"})
                heard.messages.clear()

                await until(lambda: heard.answers, "the queued action's answer")
                [(action_id, label, reply)] = heard.answers
                assert (action_id, label, reply["type"]) == (queued, "broadcast", "ack")
                assert heard.statuses[-1] == ("connected", "")
                # The missed update came again, events only, before a state without reset.
                kinds = [m["type"] for m in heard.messages]
                assert kinds[0] == "update" and "state" in kinds
                replayed = heard.messages[0]
                assert replayed["seq"] > seen and "patch" not in replayed
                assert [e["text"] for e in replayed["events"]] == ["said while you were away"]
                state = heard.messages[kinds.index("state")]
                assert state["reset"] is False
                await caught_up(fac)
                assert fac.view is not None and link.view is not None
                assert link.view["teams"] == fac.view["teams"]
                chat = [m["text"] for m in link.view["teams"][0]["chat"]]
                assert chat.count("back soon") == 1
            finally:
                await link.close()
                assert await reader == "closed"
    run(scenario())


def test_a_patch_that_does_not_apply_is_mended_by_resuming() -> None:
    """docs/protocol.md, "Patches": a client that cannot apply a patch reconnects and
    resumes. The view is spoiled here on purpose, as a server bug would spoil it."""
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, bots="none")
            code = created["code"]
            ada, _ = await join(server, code, "t1", "dataops", "Ada")
            link = Link(url(server), client="test-link")
            heard = Heard(link)
            await link.open()
            reader = asyncio.create_task(link.run())
            try:
                await link.attach({"type": "facilitate", "code": code,
                                   "token": created["facilitator_token"]})
                assert link.view is not None
                link.view = {"kind": "facilitator"}  # every path a patch names is gone
                await ada.act({"type": "chat", "text": "hello"})
                await until(lambda: ("reconnecting", "connection lost") in heard.statuses,
                            "the drop")
                await until(lambda: heard.statuses[-1] == ("connected", ""), "the resume")
                await caught_up(fac)
                await until(lambda: link.view == fac.view, "the whole view again")
                assert any(m["text"] == "hello" for m in link.view["teams"][0]["chat"])
            finally:
                await link.close()
                await reader
    run(scenario())


# --- the server's time -----------------------------------------------------------------------


def shown_left(kind: str, app: App[Any], left: float) -> bool:
    """Whether the app's clock shows `left` seconds (give or take two) right now."""
    if kind == "projector":
        shown = str(app.query_one("#clock", Static).content)
        return any(shown == big(f"{s // 60:02d}:{s % 60:02d}")
                   for s in range(int(left) - 2, int(left) + 3))
    text = screen_text(app)
    pattern = r"(\d+):(\d\d) left" if kind == "player" else r"time: (\d+):(\d\d) left"
    found = re.search(pattern, text)
    return found is not None and abs(int(found[1]) * 60 + int(found[2]) - left) <= 2


@pytest.mark.parametrize("kind", APPS)
@pytest.mark.parametrize("skew", [-300.0, 420.0])
def test_a_clock_minutes_off_still_shows_the_right_time_left(kind: str, skew: float,
                                                              tmp_path: Path) -> None:
    """The view's deadline is on the server's clock; an app counts down against the server's
    `now`, not against a laptop clock five minutes slow or seven minutes fast."""
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, teams=("Red",), bots="none",
                                             clock={"setup_seconds": 600})
            await fac.act({"type": "start_game"})
            deadline = float(fac.view["game"]["deadline"])  # type: ignore[index]
            app = make_app(kind, url(server), created["code"], created["facilitator_token"],
                           tmp_path, clock=lambda: time.time() + skew)
            async with app.run_test(size=SIZE) as pilot:
                await wait_until(pilot, lambda: phase(app) == "planning", what="setup")
                await wait_until(pilot, lambda: shown_left(kind, app, deadline - time.time()),
                                 what=f"{deadline - time.time():.0f} s left on screen")
                # The skewed clock alone would say otherwise, by minutes.
                assert not shown_left(kind, app, deadline - (time.time() + skew))
    run(scenario())
