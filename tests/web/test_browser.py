"""A participant in a real browser: headless Chromium against real `triops web` and `serve`.

Joins a seat from a join link (typing only a name), plays a command (a chat message, which
the facilitator's connection must receive), reloads the page and gets the same seat back
without the join screen. Screenshots go to the test's tmp directory, or to
$TRIOPS_WEB_SHOTS if set (to look at them).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import pytest

from tests.web.cdp import Browser, Page, chromium_path, wait_for
from tests.web.procs import KEY, game_server, web_server
from triops.client.transport import Connection

pytestmark = pytest.mark.skipif(
    chromium_path() is None,
    reason="Chromium is not installed (Debian: apt-get install chromium); the browser test "
           "drives a real headless Chromium")

MESSAGE = "hello from the browser"


def run(coro: Coroutine[Any, Any, None]) -> None:
    asyncio.run(asyncio.wait_for(coro, 90))


def shots_dir(tmp_path: Path) -> Path:
    chosen = os.environ.get("TRIOPS_WEB_SHOTS")
    path = Path(chosen) if chosen else tmp_path
    path.mkdir(parents=True, exist_ok=True)
    return path


def seat(view: dict[str, Any] | None, role: str = "mlops") -> dict[str, Any]:
    teams = (view or {}).get("teams") or [{}]
    found: dict[str, Any] = teams[0].get("seats", {}).get(role, {})
    return found


def team_chat(view: dict[str, Any] | None) -> list[str]:
    teams = (view or {}).get("teams") or [{}]
    return [str(m.get("text", "")) for m in teams[0].get("chat", [])]


def test_join_link_play_and_reload_keeps_the_seat(tmp_path: Path) -> None:
    with game_server(tmp_path) as ws_url, web_server(tmp_path, ws_url) as web:
        run(participant(tmp_path, ws_url, web.base))


async def participant(tmp_path: Path, ws_url: str, base: str) -> None:
    fac = await Connection.open(ws_url)
    created = await fac.request({"type": "create_game", "key": KEY,
                                 "scenario": "retail-novice", "teams": ["Red", "Blue"],
                                 "seed": 7, "bots": "none"})
    code = created["code"]
    await fac.send({"type": "facilitate", "code": code,
                    "token": created["facilitator_token"]})
    await fac.until(lambda m: m["type"] == "state")
    await fac.act({"type": "start_game"})
    shots = shots_dir(tmp_path)

    browser = await Browser.launch(tmp_path / "profile")
    page: Page | None = None
    try:
        page = await browser.page()
        # The link a facilitator shares: the web address, the code and the team.
        await page.send("Page.navigate", url=f"{base}/play?code={code}&team=Red&role=mlops")
        await page.wait_text("join your team", timeout=30)
        await page.screenshot(shots / "web-player-join.png")
        await page.focus_terminal()
        await page.type("Ada")          # the name field has the focus; the rest is filled in
        await page.press("Enter")
        await page.wait_text("You: MLOps", timeout=30)
        await fac.until(lambda m: seat(fac.view).get("name") == "Ada"
                        and seat(fac.view).get("holder") == "human", timeout=20)

        mark = len(page.frames)
        await page.type("c")            # the team chat
        # Type only once the chat has the focus (its key bar says how to leave it): under a
        # loaded CI the message's first keys once reached the app before the focus moved.
        await page.wait_text("Back to the work area", timeout=30, since=mark)
        await page.type(MESSAGE)
        await page.press("Enter")
        try:
            await fac.until(lambda m: any(MESSAGE in t for t in team_chat(fac.view)),
                            timeout=30)
        except TimeoutError:
            await page.screenshot(shots / "web-player-chat-failed.png")
            raise AssertionError(f"the chat message did not reach the server; the screen "
                                 f"showed: {page.text(mark)[-2000:]}") from None
        await page.wait_text(MESSAGE, since=mark)
        joined_png = await page.screenshot(shots / "web-player-joined.png")
        await page.press("Escape")

        # A reload ends this session's app and starts another: it must resume the seat.
        mark = len(page.frames)
        loads = page.loaded
        await page.send("Page.reload")
        await wait_for(lambda: page is not None and page.loaded > loads, 20, "the reload")
        await page.wait_text("You: MLOps", timeout=30, since=mark)
        assert "join your team" not in page.text(mark), "the reload asked to join again"
        await page.wait_text(MESSAGE, since=mark)  # the chat history is back too
        reloaded_png = await page.screenshot(shots / "web-player-reloaded.png")
        assert seat(fac.view).get("name") == "Ada"

        stores = list((tmp_path / "web" / "browsers").glob("*.json"))
        assert len(stores) == 1, stores   # one browser, one token store
        assert joined_png.stat().st_size > 10_000 and reloaded_png.stat().st_size > 10_000
    finally:
        if page is not None:
            await page.close()
        browser.close()
        await fac.close()
