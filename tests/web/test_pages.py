"""`triops web` over plain HTTP and WebSockets (no browser): the cap, the key, the links.

The WebSocket here speaks textual-serve's browser protocol (JSON text frames in, terminal
bytes out), as the page's JavaScript does.
"""

from __future__ import annotations

import asyncio
import re
import socket
import sys
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.web.cdp import terminal_text, wait_for
from tests.web.procs import KEY, Web, game_server, web_server


def run(coro: Coroutine[Any, Any, None]) -> None:
    asyncio.run(asyncio.wait_for(coro, 60))


def nowhere() -> str:
    """A game server address where nothing listens (these tests need no game)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"ws://127.0.0.1:{probe.getsockname()[1]}"


def session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))  # 127.0.0.1


def socket_url(html: str) -> str:
    found = re.search(r'data-session-websocket-url="([^"]+)"', html)
    assert found, html
    return found.group(1)


async def health(http: aiohttp.ClientSession, web: Web) -> dict[str, Any]:
    async with http.get(f"{web.base}/healthz") as reply:
        data: dict[str, Any] = await reply.json()
        return data


async def open_app(http: aiohttp.ClientSession, url: str, needle: str = "TriOps"
                   ) -> tuple[aiohttp.ClientWebSocketResponse, bytearray]:
    """The page's WebSocket: open it, say the size, and wait for `needle` on screen."""
    ws = await http.ws_connect(url + "?width=120&height=36")
    await ws.send_json(["resize", {"width": 120, "height": 36}])
    screen = bytearray()

    async def first_screen() -> None:
        while needle not in terminal_text(bytes(screen)):
            message = await ws.receive(timeout=20)
            assert message.type == aiohttp.WSMsgType.BINARY, message
            screen.extend(message.data)

    await first_screen()
    return ws, screen


def test_the_session_cap_turns_browsers_away_with_a_message(tmp_path: Path) -> None:
    with web_server(tmp_path, nowhere(), "--max-sessions", "1",
                    env={"TRIOPS_KEY": KEY}, key=False) as web:
        run(cap(web))


async def cap(web: Web) -> None:
    async with session() as first, session() as second:
        async with first.get(f"{web.base}/play?code=K7MQ2P") as reply:
            assert reply.status == 200
            page = await reply.text()
        # The page has reserved the one place: a second browser is turned away at once.
        async with second.get(f"{web.base}/play?code=K7MQ2P") as reply:
            assert reply.status == 503
            assert reply.headers["Retry-After"] == "20"
            text = await reply.text()
            assert "This workshop is full right now" in text
            assert "All 1 browser places" in text

        ws, _ = await open_app(first, socket_url(page), needle="join your team")
        assert (await health(first, web))["sessions"]["play"] == 1
        if sys.platform == "linux":
            # TRIOPS_KEY was in triops web's environment: a player's app must not get it.
            [pid] = web.children("triops.client.web.player")
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            assert not any(v.startswith(b"TRIOPS_KEY=") for v in environ)
        async with second.get(f"{web.base}/watch?code=K7MQ2P") as reply:
            assert reply.status == 503   # the projector counts too

        # A reload in the full room: the browser's own place is not held against it.
        async with first.get(f"{web.base}/play?code=K7MQ2P") as reply:
            assert reply.status == 200
            reloaded = await reply.text()
        new_ws, _ = await open_app(first, socket_url(reloaded), needle="join your team")
        while (await ws.receive(timeout=20)).type == aiohttp.WSMsgType.BINARY:
            pass                          # until the old page's session ends
        async with second.get(f"{web.base}/play?code=K7MQ2P") as reply:
            assert reply.status == 503    # still full for everyone else

        await new_ws.close()             # the tab closes: its app ends, the place frees up
        status: dict[str, Any] = {}

        async def freed() -> bool:
            status.update(await health(first, web))
            return bool(status["in_use"] == 0)

        deadline = asyncio.get_running_loop().time() + 20
        while not await freed():
            assert asyncio.get_running_loop().time() < deadline, status
            await asyncio.sleep(0.1)
        await wait_for(lambda: not web.children("triops.client.web.player"), 10, "the app to exit")
        async with second.get(f"{web.base}/play?code=K7MQ2P") as reply:
            assert reply.status == 200


def test_a_second_tab_of_the_same_browser_replaces_the_first(tmp_path: Path) -> None:
    with web_server(tmp_path, nowhere(), key=False) as web:
        run(second_tab(web))


async def second_tab(web: Web) -> None:
    async with session() as browser, session() as other_browser:
        pages = []
        for http in (browser, browser, other_browser):
            async with http.get(f"{web.base}/play?code=K7MQ2P") as reply:
                pages.append(await reply.text())
        first, _ = await open_app(browser, socket_url(pages[0]), needle="join your team")
        other, _ = await open_app(other_browser, socket_url(pages[2]),
                                  needle="join your team")
        second, _ = await open_app(browser, socket_url(pages[1]), needle="join your team")
        # The same browser (same cookie, same token store): the older tab's session ends.
        while (message := await first.receive(timeout=20)).type == aiohttp.WSMsgType.BINARY:
            pass
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED), message
        assert not other.closed and not second.closed   # another browser is not affected
        await wait_for(lambda: len(web.children("triops.client.web.player")) == 2, 20,
                       "the first tab's app to exit")
        for ws in (other, second):
            await ws.close()


def test_the_console_needs_the_facilitator_key(tmp_path: Path) -> None:
    with game_server(tmp_path) as ws_url, web_server(tmp_path, ws_url) as web:
        run(console(web))


async def console(web: Web) -> None:
    async with session() as http:
        async with http.get(f"{web.base}/facilitate/console", allow_redirects=False) as reply:
            assert reply.status == 303 and reply.headers["Location"] == "/facilitate"
        async with http.get(f"{web.base}/facilitate") as reply:
            assert "Enter the facilitator key" in await reply.text()
        async with http.post(f"{web.base}/facilitate", data={"key": "guess"}) as reply:
            assert reply.status == 403
            assert "not the facilitator key" in await reply.text()
        async with http.get(f"{web.base}/facilitate/reports/x.html") as reply:
            assert reply.status == 403

        async with http.post(f"{web.base}/facilitate", data={"key": KEY}) as reply:
            assert reply.status == 200    # redirected to the launcher, cookie set
            launcher = await reply.text()
            assert "Open the console: create a game" in launcher
        async with http.get(f"{web.base}/facilitate/console") as reply:
            assert reply.status == 200
            page = await reply.text()
        # The facilitator's console itself, with the key: Ctrl+S creates a game.
        ws, screen = await open_app(http, socket_url(page), needle="Create the game")
        mark = len(screen)
        await ws.send_json(["stdin", "\x13"])
        while "your games are listed" not in terminal_text(bytes(screen[mark:])):
            message = await ws.receive(timeout=20)
            assert message.type == aiohttp.WSMsgType.BINARY, message
            screen.extend(message.data)
        await ws.close()
        # The join-code dialog gives the browser links, not terminal commands.
        code = re.search(r"/play\?code=([A-Z0-9]{4,})", terminal_text(bytes(screen)))
        assert code, terminal_text(bytes(screen))
        # The launcher lists it, with the links to share.
        async with http.get(f"{web.base}/facilitate") as reply:
            launcher = await reply.text()
        assert f"{web.base}/play?code={code.group(1)}" in launcher
        assert f"{web.base}/watch?code={code.group(1)}" in launcher
        assert "team Red" in launcher

    # A ticket is single-use: replaying the page's socket URL starts nothing.
    async with session() as other:
        ws = await other.ws_connect(socket_url(page) + "?width=80&height=24")
        message = await ws.receive(timeout=10)
        assert "This page has expired" in terminal_text(message.data)
        await ws.close()


def test_bad_links_are_refused_and_nothing_is_echoed_raw(tmp_path: Path) -> None:
    with web_server(tmp_path, nowhere(), key=False) as web:
        run(bad_links(web))


async def bad_links(web: Web) -> None:
    async with session() as http:
        async with http.get(f"{web.base}/play", params={"code": "<script>x</script>"}) as r:
            assert r.status == 400
            assert "<script>x" not in await r.text()
        async with http.get(f"{web.base}/play", params={"code": "AB12", "role": "boss"}) as r:
            assert r.status == 400
        async with http.get(f"{web.base}/watch") as r:
            assert "needs the game" in await r.text()
        async with http.get(f"{web.base}/facilitate") as r:
            assert r.status == 403          # started without a key: no console at all
            assert "without the facilitator key" in await r.text()
        async with http.get(f"{web.base}/") as r:
            home = await r.text()
            assert 'action="/play"' in home and "/facilitate" not in home


@pytest.mark.parametrize("team", ["Red", "Équipe 1"])
def test_join_link(team: str) -> None:
    from urllib.parse import parse_qs, urlsplit

    from triops.client.web.server import join_link

    link = join_link("http://10.0.0.5:8080/", "K7MQ2P", team)
    parts = urlsplit(link)
    assert parts.path == "/play"
    assert parse_qs(parts.query) == {"code": ["K7MQ2P"], "team": [team]}
