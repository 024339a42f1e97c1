"""The Node.js example client (examples/node-client/), written from docs/protocol.md alone,
plays a seat against a real `triops serve`: the document is enough to write a client."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.server.harness import caught_up
from tests.web.procs import KEY, ROOT, game_server
from triops.client.transport import Connection

NODE = shutil.which("node")
CLIENT = ROOT / "examples" / "node-client" / "client.js"

pytestmark = pytest.mark.skipif(
    NODE is None, reason="node is not on PATH: the example client needs Node.js 20 or later")


async def _line(proc: asyncio.subprocess.Process) -> dict[str, Any]:
    """The client's next JSON line on stdout; if it ends instead, what it said on stderr."""
    assert proc.stdout is not None and proc.stderr is not None
    line = await asyncio.wait_for(proc.stdout.readline(), 60)
    if not line:
        await proc.wait()
        said = (await proc.stderr.read()).decode(errors="replace")
        raise AssertionError(f"the node client ended (exit {proc.returncode}):\n{said}")
    out: dict[str, Any] = json.loads(line)
    return out


async def _play(url: str) -> None:
    fac = await Connection.open(url)
    created = await fac.request({"type": "create_game", "key": KEY, "scenario": "retail-novice",
                                 "teams": ["Red"], "bots": "none", "seed": 3})
    code = created["code"]
    await fac.send({"type": "facilitate", "code": code, "token": created["facilitator_token"]})
    await fac.until(lambda m: m["type"] == "state")
    assert NODE is not None
    proc = await asyncio.create_subprocess_exec(
        NODE, str(CLIENT), "--url", url, "--code", code, "--team", "t1", "--role", "mlops",
        "--name", "Nod", "--text", "Patched in Node.", "--timeout", "60",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        joined = await _line(proc)
        assert joined["step"] == "joined"
        assert (joined["kind"], joined["as"], joined["role"]) == ("seat", "seat", "mlops")
        assert joined["seat"] == {"team": "t1", "role": "mlops"}
        assert joined["phase"] == "lobby" and joined["reset"] is True
        # The client waits in the lobby; the start reaches it only as a patch.
        await fac.act({"type": "start_game"})
        done = await _line(proc)
        assert await asyncio.wait_for(proc.wait(), 30) == 0
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    chat_ack, ready_ack = done["acks"]
    assert chat_ack["type"] == "ack" and chat_ack["action_id"] == done["action_id"]
    assert ready_ack["type"] == "ack" and ready_ack["seq"] > chat_ack["seq"]
    view = done["view"]
    assert (view["game"]["phase"], view["game"]["quarter"]) == ("planning", 0)  # the setup
    assert view["team"]["seats"]["mlops"]["ready"] is True
    assert "Patched in Node." in [line["text"] for line in view["team"]["chat"]]
    assert done["patches"] >= 3  # the start, its chat line and its ready, each a patch
    assert done["matches"] is True and done["resumed_reset"] is False
    # Our own check of its patched view against the server's full view of the seat.
    again = await Connection.open(url)
    await again.send({"type": "resume", "token": joined["token"], "last_seq": done["last_seq"]})
    state = await again.until(lambda m: m["type"] == "state")
    assert state["seq"] == done["last_seq"] and state["view"] == view
    await caught_up(fac)
    assert fac.view is not None
    assert "Patched in Node." in [line["text"] for line in fac.view["teams"][0]["chat"]]


def test_the_node_client_joins_acts_and_keeps_its_view_by_patches(tmp_path: Path) -> None:
    with game_server(tmp_path) as url:
        asyncio.run(asyncio.wait_for(_play(url), 180))
