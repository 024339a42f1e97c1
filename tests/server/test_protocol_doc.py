"""The server does what docs/protocol.md says, where a client author found it unclear."""

from __future__ import annotations

import ast
import asyncio
import re
from pathlib import Path
from typing import Any

import msgpack
import pytest
from websockets.asyncio.client import connect

from tests.server.harness import ROOT, caught_up, create_game, join, running_server, url
from triops.client.transport import Connection, ServerError
from triops.game.model import events as events_module
from triops.game.model.commands import COMMAND_TYPES
from triops.game.record import replay_plain
from triops.game.rules import peer_review
from triops.protocol import CLIENT_TYPES, MAX_DEPTH, PROTOCOL_VERSION, decode_server_frame

DOC = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 60))


def test_the_document_names_the_version_the_server_speaks() -> None:
    assert f"# The TriOps wire protocol (version {PROTOCOL_VERSION})" in DOC
    assert f"| `protocol` | int | must be `{PROTOCOL_VERSION}`" in DOC


def _event_kinds() -> set[str]:
    """Every event kind the engine can emit, read from its source (a constant or a name)."""
    names = {"REVIEW": peer_review.REVIEW, "SEAT_MOVED": events_module.SEAT_MOVED}
    kinds: set[str] = set()
    for path in (ROOT / "triops" / "game").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "Event" and node.args:
                arg = node.args[0]
            elif name == "_ev" and len(node.args) >= 3:  # seat_rules' helper: kind third
                arg = node.args[2]
            else:
                continue
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                kinds.add(arg.value)
            elif isinstance(arg, ast.Name) and arg.id in names:
                kinds.add(names[arg.id])
            elif not (isinstance(arg, ast.Name) and arg.id == "event"):  # _ev's own parameter
                raise AssertionError(f"{path}:{node.lineno}: an event kind this test cannot read")
    return kinds


def _section(title: str) -> str:
    return DOC.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_every_message_type_has_a_section_in_the_document() -> None:
    client = set(re.findall(r"^### `([a-z_]+)`", _section("Client messages"), re.M))
    assert client == set(CLIENT_TYPES)
    sent: set[str] = set()  # every message type the server writes
    for path in [*(ROOT / "triops" / "server").glob("*.py"), ROOT / "triops" / "protocol.py"]:
        sent |= set(re.findall(r'"type": "([a-z_]+)"', path.read_text(encoding="utf-8")))
    assert len(sent) >= 10
    server = set(re.findall(r"^### `([a-z_]+)`", _section("Server messages"), re.M))
    assert server == sent


def test_every_command_a_client_may_send_has_a_row_in_the_document() -> None:
    rows = re.findall(r"^\| ((?:`[a-z_]+`(?:, )?)+) \|", _section("Commands"), re.M)
    documented = {name for row in rows for name in re.findall(r"`([a-z_]+)`", row)}
    sendable = {name for name, cls in COMMAND_TYPES.items()
                if cls.actors & {"seat", "facilitator"}}
    assert documented == sendable


def test_every_event_kind_the_engine_emits_has_a_row_in_the_document() -> None:
    section = DOC.split("## Events", 1)[1].split("\n## ", 1)[0]
    section = section.split("| kind | audience |", 1)[1]  # the table of kinds
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", section, re.M))
    kinds = _event_kinds()
    assert len(kinds) > 30  # the scan found the engine's events
    assert kinds - documented == set(), "event kinds missing from docs/protocol.md"
    assert documented - kinds == set(), "docs/protocol.md lists kinds the engine never emits"


def test_a_resume_replays_only_the_updates_with_an_event_for_that_seat() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, bots="none")
            code = created["code"]
            ada, token = await join(server, code, "t1", "dataops", "Ada")
            bob, _ = await join(server, code, "t1", "mlops", "Bob")
            cat, _ = await join(server, code, "t2", "mlops", "Cat")
            await fac.act({"type": "start_game"})
            for conn in (ada, bob, cat):  # each has read the start (and acts on its view)
                await caught_up(conn)
            last = ada.last_seq
            await ada.close()
            for n in range(3):  # another team's chat: nothing Ada may see
                await cat.act({"type": "chat", "text": f"blue {n}"})
            mine = await bob.act({"type": "chat", "text": "red"})
            again = await Connection.open(url(server))
            await again.send({"type": "resume", "token": token, "last_seq": last})
            replayed = []
            while (message := await again.recv())["type"] != "state":
                replayed.append(message)
            assert [u["seq"] for u in replayed] == [mine["seq"]]
            assert [e["text"] for e in replayed[0]["events"]] == ["red"]
            assert "patch" not in replayed[0] and message["reset"] is False
            assert message["seq"] == mine["seq"]
    run(scenario())


def test_after_a_restart_a_client_behind_gets_a_reset_state_and_no_replay(
        tmp_path: Path) -> None:
    db = tmp_path / "games.sqlite3"

    async def before() -> tuple[str, int]:
        async with running_server(db) as server:
            _fac, created = await create_game(server, bots="none")
            ada, token = await join(server, created["code"], "t1", "dataops", "Ada")
            await ada.act({"type": "chat", "text": "one"})
            await ada.act({"type": "chat", "text": "two"})
            return token, ada.last_seq

    async def after(token: str, last: int) -> None:
        async with running_server(db) as server:
            ada = await Connection.open(url(server))
            await ada.send({"type": "resume", "token": token, "last_seq": last - 1})
            first = await ada.recv()  # no update before it: the server kept none
            assert first["type"] == "state" and first["reset"] is True
            assert [m["text"] for m in first["view"]["team"]["chat"]] == ["one", "two"]
            again = await Connection.open(url(server))  # up to date: nothing to reset
            await again.send({"type": "resume", "token": token, "last_seq": last})
            state = await again.until(lambda m: m["type"] == "state")
            assert state["reset"] is False

    run(after(*run(before())))


def test_a_retry_gets_its_original_reply_before_who_may_send_it_is_checked() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, bots="none")
            ada, _ = await join(server, created["code"], "t1", "dataops", "Ada")
            first = await ada.act({"type": "chat", "text": "hi"}, action_id="a1")
            with pytest.raises(ServerError) as err:  # a facilitator command, on a used id
                await ada.act({"type": "start_game"}, action_id="a1")
            assert err.value.code == "action_id_reused"
            with pytest.raises(ServerError) as err:  # ... and on a fresh one
                await ada.act({"type": "start_game"}, action_id="a2")
            assert err.value.code == "not_allowed"
            await fac.act({"type": "seat_bot", "team": "t1", "role": "dataops"})
            assert await ada.act({"type": "chat", "text": "hi"}, action_id="a1") == first
            with pytest.raises(ServerError) as err:
                await ada.act({"type": "chat", "text": "hi"}, action_id="a3")
            assert err.value.code == "bot_holds_seat"
            await fac.act({"type": "release_bot", "team": "t1", "role": "dataops"})
            # A refusal that depends on the moment is not remembered: the same id works now.
            assert (await ada.act({"type": "chat", "text": "hi"}, action_id="a3"))["type"] \
                == "ack"
    run(scenario())


def test_seats_say_which_bot_plays_them_and_patches_keep_it() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, bots="competent")
            ada, _ = await join(server, created["code"], "t1", "mlops", "Ada")
            assert ada.view is not None
            seats = ada.view["team"]["seats"]
            assert {r: (s["holder"], s["bot"]) for r, s in seats.items()} == {
                "dataops": ("empty", "competent"), "mlops": ("human", ""),
                "finops": ("empty", "competent")}
            await fac.act({"type": "seat_bot", "team": "t2", "role": "finops",
                           "level": "expert"})
            await ada.act({"type": "chat", "text": "hello"})
            await caught_up(fac)
            assert fac.view is not None
            blue = fac.view["teams"][1]["seats"]  # the view as patched
            assert (blue["finops"]["holder"], blue["finops"]["bot"]) == ("bot", "expert")
            assert blue["dataops"]["bot"] == "competent"
            again = await Connection.open(url(server))
            await again.send({"type": "facilitate", "code": created["code"],
                              "token": created["facilitator_token"]})
            full = await again.until(lambda m: m["type"] == "state")
            assert full["view"] == fac.view
            # The record the console writes its reports from says the same.
            await again.send({"type": "record"})
            reply = await again.until(lambda m: m["type"] == "record")
            rebuilt = replay_plain(reply["record"], reply["scenario"])
            assert rebuilt.team("t2").seats["finops"].bot_level == "expert"

            _fac, waiting = await create_game(server, bots="none")
            bob, _ = await join(server, waiting["code"], "t1", "mlops", "Bob")
            assert bob.view is not None
            assert {s["bot"] for s in bob.view["team"]["seats"].values()} == {""}
    run(scenario())


def _nest(levels: int) -> Any:
    """`levels` lists, one inside the other: [] is one level, [[]] two."""
    value: Any = []
    for _ in range(levels - 1):
        value = [value]
    return value


def test_nesting_is_counted_as_the_document_says() -> None:
    async def scenario() -> None:
        async with running_server() as server, connect(url(server), compression=None) as ws:
            async def reply(frame: Any) -> dict[str, Any]:
                await ws.send(msgpack.packb(frame))
                answer = await asyncio.wait_for(ws.recv(), 5)
                assert isinstance(answer, bytes)
                return decode_server_frame(answer)

            assert (await reply({"type": "hello", "protocol": PROTOCOL_VERSION}))["type"] \
                == "welcome"

            def action(levels: int) -> dict[str, Any]:
                # the message (1) holds `command` (2), which holds `extra` (3 and deeper)
                return {"type": "action", "action_id": "x", "based_on": 0,
                        "command": {"type": "chat", "text": "hi", "extra": _nest(levels - 2)}}

            assert (await reply(action(MAX_DEPTH)))["code"] == "not_attached"  # passed
            deep = await reply(action(MAX_DEPTH + 1))
            assert deep["code"] == "bad_message" and "nest" in deep["message"]
            assert (await reply([1, 2]))["code"] == "bad_message"  # not a map
    run(scenario())
    assert f"at most {MAX_DEPTH} levels" in DOC


def test_a_name_over_forty_characters_is_invalid() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            _fac, created = await create_game(server, bots="none")
            conn = await Connection.open(url(server))
            with pytest.raises(ServerError) as err:
                await conn.request({"type": "join", "code": created["code"], "team": "t1",
                                    "role": "mlops", "name": "x" * 41})
            assert err.value.code == "invalid"
            joined = await conn.request({"type": "join", "code": created["code"],
                                         "team": "t1", "role": "mlops", "name": "x" * 40})
            assert joined["type"] == "joined"
    run(scenario())
