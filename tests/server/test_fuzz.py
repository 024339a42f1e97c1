"""Hypothesis-generated frames against a live server: never a crash, always an error or close.

The CI profile runs a few hundred cases; the nightly one 10,000:
    TRIOPS_FUZZ_EXAMPLES=10000 .venv/bin/pytest tests/server/test_fuzz.py
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
from collections.abc import Iterator
from typing import Any

import msgpack
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from tests.server.harness import KEY
from triops.protocol import PROTOCOL_VERSION, decode_server_frame
from triops.scenarios import load_all_scenarios
from triops.server.app import ServerConfig, TriOpsServer

EXAMPLES = int(os.environ.get("TRIOPS_FUZZ_EXAMPLES", "150"))
HELLO = msgpack.packb({"type": "hello", "protocol": PROTOCOL_VERSION})


class ServerThread:
    """A real server running in its own thread and event loop."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.server = TriOpsServer(ServerConfig(port=0, key=KEY, bot_delay=0),
                                   load_all_scenarios())
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.server.start())
        self.ready.set()
        self.loop.run_forever()

    def __enter__(self) -> ServerThread:
        self.thread.start()
        assert self.ready.wait(20)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(20)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(20)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.server.port}"


@pytest.fixture(scope="module")
def live() -> Iterator[ServerThread]:
    with ServerThread() as server:
        yield server


def ask(ws: ClientConnection, frame: bytes | str) -> dict[str, Any] | None:
    """Send a frame; the reply, or None if the server closed the connection."""
    try:
        ws.send(frame)
        return decode_server_frame(ws.recv(timeout=5))  # type: ignore[arg-type]
    except ConnectionClosed:
        return None


@contextlib.contextmanager
def fresh(url: str) -> Iterator[ClientConnection]:
    with connect(url, compression=None, max_size=None) as ws:
        ws.send(HELLO)
        welcome = decode_server_frame(ws.recv(timeout=5))  # type: ignore[arg-type]
        assert welcome["type"] == "welcome"
        yield ws


scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**63, 2**64 - 1),
                    st.floats(allow_nan=True), st.text(max_size=30), st.binary(max_size=30))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=6)
                      | st.dictionaries(st.text(max_size=10), inner, max_size=6),
                      max_leaves=40)
types = st.sampled_from(("hello", "create_game", "join", "spectate", "facilitate", "resume",
                         "action", "ping", "list_scenarios", "nope", ""))
shaped = st.builds(lambda t, fields: {"type": t, **fields}, types,
                   st.dictionaries(st.sampled_from(("code", "team", "role", "name", "token",
                                                    "last_seq", "action_id", "based_on",
                                                    "command", "key", "teams", "scenario",
                                                    "protocol", "nonce", "seed", "clock")),
                                   values, max_size=6))
commands = st.builds(lambda t, fields: {"type": "action", "action_id": "f", "based_on": 0,
                                        "command": {"type": t, **fields}},
                     st.sampled_from(("pledge", "chat", "set_roadmap", "set_charter",
                                      "custom_inject", "start_game", "ready", "bogus")),
                     st.dictionaries(st.text(max_size=12), values, max_size=5))
frames = st.one_of(
    st.binary(max_size=300),
    values.map(lambda v: msgpack.packb(v, use_bin_type=True)),
    shaped.map(lambda v: msgpack.packb(v, use_bin_type=True)),
    commands.map(lambda v: msgpack.packb(v, use_bin_type=True)),
    st.integers(1, 6).map(lambda d: msgpack.packb(
        {"type": "ping", "nonce": _nest(d * 20)})),
)


def _nest(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(frame=frames)
def test_any_frame_gets_an_error_or_a_close_never_a_crash(live: ServerThread,
                                                         frame: bytes) -> None:
    with fresh(live.url) as ws:
        reply = ask(ws, frame)
        if reply is not None:
            assert reply["type"] in ("error", "pong", "welcome", "scenarios", "game_created",
                                     "state", "joined"), reply
            if reply["type"] == "error":
                assert isinstance(reply["code"], str) and reply["message"]
                assert reply["code"] != "internal", reply
    # The server is still there and answers someone else.
    with fresh(live.url) as other:
        assert ask(other, msgpack.packb({"type": "ping", "nonce": 1})) == {"type": "pong",
                                                                          "nonce": 1}


@settings(max_examples=max(20, EXAMPLES // 5), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(frame=commands.map(lambda v: msgpack.packb(v, use_bin_type=True)))
def test_fuzzed_actions_from_a_seat_never_hurt_the_room(live: ServerThread,
                                                       frame: bytes) -> None:
    with fresh(live.url) as fac:
        created = ask(fac, msgpack.packb({"type": "create_game", "key": KEY,
                                          "scenario": "retail-novice", "teams": ["A"],
                                          "bots": "none"}))
        assert created is not None and created["type"] == "game_created"
        with fresh(live.url) as player:
            joined = ask(player, msgpack.packb({"type": "join", "code": created["code"],
                                                "team": "t1", "role": "mlops", "name": "F"}))
            assert joined is not None and joined["type"] == "joined"
            player.recv(timeout=5)  # the state
            reply = ask(player, frame)
            while reply is not None and reply["type"] in ("update", "state"):
                reply = decode_server_frame(player.recv(timeout=5))  # type: ignore[arg-type]
            assert reply is not None and reply["type"] in ("ack", "error")
            if reply["type"] == "error":
                assert reply["code"] != "internal", reply
            pong = ask(player, msgpack.packb({"type": "ping", "nonce": 2}))
            while pong is not None and pong["type"] != "pong":
                pong = decode_server_frame(player.recv(timeout=5))  # type: ignore[arg-type]
            assert pong == {"type": "pong", "nonce": 2}
