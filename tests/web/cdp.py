"""Headless Chromium driven over the Chrome DevTools Protocol: just enough for the web tests.

No selenium or playwright: Chromium listens on a DevTools port (`--remote-debugging-port=0`
writes the port it chose into the profile's `DevToolsActivePort`), and one WebSocket to the
page target sends commands and receives events.

The page's terminal is drawn on a canvas, so its text is not in the DOM. Instead, the
`Network.webSocketFrameReceived` events carry every byte the app sends to xterm.js; with the
escape sequences removed, that is the text the app has drawn, which tests poll for.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from websockets.asyncio.client import ClientConnection, connect

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-dev-shm-usage", "--hide-scrollbars",
         "--mute-audio", "--remote-debugging-port=0", "--remote-allow-origins=*"]
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]")
KEYS = {"Enter": ("Enter", 13, "\r"), "Escape": ("Escape", 27, ""), "Tab": ("Tab", 9, "\t")}


def chromium_path() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def terminal_text(data: bytes) -> str:
    """What the app drew, without the escape sequences (lines run together)."""
    return ANSI.sub("", data.decode("utf-8", "replace"))


async def wait_for(condition: Callable[[], Any], timeout: float, what: str,
                   interval: float = 0.05) -> Any:
    """Poll `condition` until it is truthy; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        await asyncio.sleep(interval)


class Page:
    """One browser tab: commands, and the bytes its WebSockets received."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.waiting: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.frames = bytearray()          # every binary frame the page's sockets received
        self.closed_sockets = 0
        self.loaded = 0                    # Page.loadEventFired count
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.ws:
            message = json.loads(raw)
            if "id" in message:
                future = self.waiting.pop(message["id"], None)
                if future is not None and not future.done():
                    future.set_result(message)
                continue
            method, params = message.get("method"), message.get("params", {})
            if method == "Network.webSocketFrameReceived":
                response = params["response"]
                if response.get("opcode") == 2:
                    self.frames += base64.b64decode(response["payloadData"])
            elif method == "Network.webSocketClosed":
                self.closed_sockets += 1
            elif method == "Page.loadEventFired":
                self.loaded += 1

    async def send(self, method: str, **params: Any) -> dict[str, Any]:
        ident = next(self.ids)
        future: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiting[ident] = future
        await self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        reply = await asyncio.wait_for(future, 30)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    def text(self, since: int = 0) -> str:
        return terminal_text(bytes(self.frames[since:]))

    async def wait_text(self, needle: str, timeout: float = 20.0, since: int = 0) -> None:
        await wait_for(lambda: needle in self.text(since), timeout, f"{needle!r} on screen")

    async def evaluate(self, expression: str) -> Any:
        result = await self.send("Runtime.evaluate", expression=expression,
                                 returnByValue=True)
        return result.get("result", {}).get("value")

    async def focus_terminal(self) -> None:
        await self.evaluate("document.querySelector('.xterm-helper-textarea').focus()")

    async def type(self, text: str) -> None:
        """Printable characters, as the keyboard would send them to the terminal."""
        for ch in text:
            await self.send("Input.dispatchKeyEvent", type="keyDown", key=ch, text=ch,
                            unmodifiedText=ch)
            await self.send("Input.dispatchKeyEvent", type="keyUp", key=ch)

    async def press(self, name: str) -> None:
        key, code, text = KEYS[name]
        down: dict[str, Any] = {"type": "keyDown", "key": key, "code": key,
                                "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code}
        if text:
            down["text"] = text
        await self.send("Input.dispatchKeyEvent", **down)
        await self.send("Input.dispatchKeyEvent", type="keyUp", key=key, code=key,
                        windowsVirtualKeyCode=code, nativeVirtualKeyCode=code)

    async def screenshot(self, path: Path) -> Path:
        shot = await self.send("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    async def close(self) -> None:
        self.reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self.reader
        await self.ws.close()


class Browser:
    """A headless Chromium with its own throw-away profile."""

    def __init__(self, process: subprocess.Popen[bytes], port: int) -> None:
        self.process = process
        self.port = port

    @classmethod
    async def launch(cls, profile: Path, width: int = 1280, height: int = 800) -> Browser:
        binary = chromium_path()
        if binary is None:
            raise RuntimeError("no Chromium installed")
        profile.mkdir(parents=True, exist_ok=True)
        process = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}",
             "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        active = profile / "DevToolsActivePort"
        try:
            await wait_for(lambda: active.exists() and active.read_text().strip(), 20,
                           "Chromium's DevTools port")
        except AssertionError:
            process.kill()
            raise
        return cls(process, int(active.read_text().split()[0]))

    def targets(self) -> list[dict[str, Any]]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list",
                                    timeout=5) as reply:
            found: list[dict[str, Any]] = json.loads(reply.read())
        return found

    async def page(self) -> Page:
        """The first tab, with the events the tests read switched on."""
        found = await asyncio.to_thread(self.targets)
        target = next(t for t in found if t.get("type") == "page")
        ws = await connect(target["webSocketDebuggerUrl"], max_size=None)
        page = Page(ws)
        await page.send("Page.enable")
        await page.send("Network.enable")
        await page.send("Runtime.enable")
        return page

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
