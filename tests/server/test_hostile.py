"""Bad input gets a clear error or a close, never a crash, and never touches another room."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import msgpack
import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from tests.server.harness import KEY, caught_up, create_game, join, running_server, url
from triops.client.transport import Connection, ServerError
from triops.protocol import PROTOCOL_VERSION, decode_server_frame


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 60))


async def raw_reply(ws: Any, frame: bytes | str) -> dict[str, Any]:
    await ws.send(frame)
    return decode_server_frame(await asyncio.wait_for(ws.recv(), 5))


HELLO = msgpack.packb({"type": "hello", "protocol": PROTOCOL_VERSION})


def test_malformed_frames_get_error_codes_and_the_connection_lives_on() -> None:
    async def scenario() -> None:
        async with running_server() as server, connect(url(server), compression=None) as ws:
            assert (await raw_reply(ws, HELLO))["type"] == "welcome"
            cases: list[tuple[bytes | str, str]] = [
                (b"\xc1\xff\x00garbage", "bad_frame"),
                ("a text frame", "bad_frame"),
                (msgpack.packb([1, 2, 3]), "bad_message"),
                (msgpack.packb({"no": "type"}), "bad_message"),
                (msgpack.packb({"type": "teleport"}), "unknown_type"),
                (msgpack.packb({"type": "join", "code": "X"}), "bad_message"),
                (msgpack.packb({"type": "join", "code": 5, "team": "t1", "role": "mlops",
                                "name": "x"}), "bad_message"),
                (msgpack.packb({"type": "spectate", "code": "NOPE00"}), "unknown_game"),
                (msgpack.packb({"type": "action", "action_id": "a", "based_on": 0,
                                "command": {"type": "chat", "text": "hi"}}),
                 "not_attached"),
                (msgpack.packb({"type": "ping", "nonce": [[[[[[[[[[1]]]]]]]]]]}),
                 "bad_message"),
                (msgpack.packb({"type": "ping", "nonce": list(range(5000))}), "bad_frame"),
                (msgpack.packb({"type": "hello", "protocol": 1, 1: 2}), "bad_frame"),
            ]
            for frame, code in cases:
                reply = await raw_reply(ws, frame)
                assert reply["type"] == "error" and reply["code"] == code, (frame, reply)
                assert reply["message"]
            pong = await raw_reply(ws, msgpack.packb({"type": "ping", "nonce": 7}))
            assert pong == {"type": "pong", "nonce": 7}
    run(scenario())


def test_hello_must_come_first_and_versions_must_match() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            async with connect(url(server), compression=None) as ws:
                reply = await raw_reply(ws, msgpack.packb({"type": "ping"}))
                assert reply["code"] == "hello_first"
            async with connect(url(server), compression=None) as ws:
                reply = await raw_reply(ws, msgpack.packb({"type": "hello", "protocol": 99}))
                assert reply["code"] == "version_mismatch" and "99" in reply["message"]
                with pytest.raises(ConnectionClosed):
                    await asyncio.wait_for(ws.recv(), 5)
    run(scenario())


def test_oversized_frame_closes_that_connection_only() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            fac, _created = await create_game(server, bots="none")
            async with connect(url(server), compression=None, max_size=None) as ws:
                await raw_reply(ws, HELLO)
                await ws.send(msgpack.packb({"type": "ping", "pad": "x" * 200_000}))
                with pytest.raises(ConnectionClosed) as closed:
                    await asyncio.wait_for(ws.recv(), 5)
                assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
            reply = await fac.act({"type": "broadcast", "text": "still here"})
            assert reply["type"] == "ack"  # the room did not notice
    run(scenario())


def test_flooding_is_rate_limited_then_cut_off_without_hurting_another_room() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            _other_fac, other = await create_game(server, bots="none")
            bob, _ = await join(server, other["code"], "t1", "finops", "Bob")
            _fac, _created = await create_game(server, bots="none")
            async with connect(url(server), compression=None) as ws:
                await raw_reply(ws, HELLO)
                ping = msgpack.packb({"type": "ping"})
                codes = []
                with pytest.raises(ConnectionClosed):
                    for _ in range(2000):
                        await ws.send(ping)
                    while True:
                        reply = decode_server_frame(await asyncio.wait_for(ws.recv(), 5))
                        codes.append(reply.get("code", reply["type"]))
                assert "rate_limited" in codes
            started = asyncio.get_running_loop().time()
            assert (await bob.act({"type": "chat", "text": "fine here"}))["type"] == "ack"
            assert asyncio.get_running_loop().time() - started < 1.0
    run(scenario())


def test_wrong_and_forged_tokens_and_keys() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            _fac, created = await create_game(server, bots="none")
            _, seat_token = await join(server, created["code"], "t1", "mlops", "Ada")
            probe = await Connection.open(url(server))
            for message, code in (
                ({"type": "resume", "token": "forged-token", "last_seq": 0}, "bad_token"),
                ({"type": "resume", "token": seat_token[:-1] + "x", "last_seq": 0},
                 "bad_token"),
                ({"type": "facilitate", "code": created["code"], "token": seat_token},
                 "bad_token"),
                ({"type": "create_game", "key": KEY + "x", "scenario": "retail-novice",
                  "teams": ["A"]}, "bad_key"),
                ({"type": "join", "code": created["code"], "team": "t1", "role": "mlops",
                  "name": "Eve"}, "seat_taken"),
            ):
                with pytest.raises(ServerError) as err:
                    await probe.request(message)
                assert err.value.code == code
            # A seat token does not work in another game, and seats cannot act as facilitator.
            _, other = await create_game(server, bots="none")
            with pytest.raises(ServerError) as err:
                await probe.request({"type": "facilitate", "code": other["code"],
                                     "token": created["facilitator_token"]})
            assert err.value.code == "bad_token"
            player = await Connection.open(url(server))
            await player.send({"type": "resume", "token": seat_token, "last_seq": 0})
            await player.until(lambda m: m["type"] == "state")
            with pytest.raises(ServerError) as err:
                await player.act({"type": "force_resolve"})
            assert err.value.code == "not_allowed"
            with pytest.raises(ServerError) as err:
                await player.act({"type": "pledge", "initiative": 5, "amount": "x"})
            assert err.value.code == "bad_command" and "initiative" in err.value.reply["message"]
    run(scenario())


def test_a_seat_never_receives_another_seats_private_clues_on_the_wire() -> None:
    from tests.game.helpers import scripted

    async def scenario() -> None:
        scenario_ = scripted(R1=[1], X1=[1])
        async with running_server(scenarios={scenario_.id: scenario_}) as server:
            fac, created = await create_game(server, bots="none")
            ada, _ = await join(server, created["code"], "t1", "dataops", "Ada")
            frames = _tap(ada)
            spectator = await Connection.open(url(server))
            await spectator.send({"type": "spectate", "code": created["code"]})
            await fac.act({"type": "start_game"})
            await fac.act({"type": "force_resolve"})
            await fac.act({"type": "advance"})
            for conn in (ada, spectator, fac):  # no bots, no clock: nothing more will come
                await caught_up(conn)
            wire = b"".join(frames)
            incidents = fac.view["teams"][0]["incidents"]
            assert incidents  # the scripted incidents opened
            for incident in incidents:
                for clue in incident["clues"]:
                    text = clue["text"].encode()
                    if clue["role"] != "dataops" or clue["when"] != "start":
                        assert text not in wire, clue["id"]
                    else:
                        assert text in wire
            spectator_views = str(list(spectator.inbox))
            for incident in incidents:
                for clue in incident["clues"]:
                    assert clue["text"] not in spectator_views
    run(scenario())


def test_no_facilitator_only_event_or_hidden_cause_reaches_a_seat_or_a_spectator() -> None:
    """A whole game with a symptom-only fix (the server schedules a silent recurrence, which
    only the facilitator may know about) and an incident left to become a crisis: every
    frame a seat and a spectator receive, replays and states included, is searched for the
    text of every facilitator-only event, and no seat view ever carries a hidden cause."""
    from tests.game.helpers import scripted

    async def scenario() -> None:
        scenario_ = scripted(R1=[1], X1=[1])
        poor = next(r.id for r in scenario_.incidents["R1"].responses if r.klass == "poor")
        async with running_server(scenarios={scenario_.id: scenario_}) as server:
            fac, created = await create_game(server, bots="none")
            ada, token = await join(server, created["code"], "t1", "dataops", "Ada")
            spectator = await Connection.open(url(server))
            await spectator.send({"type": "spectate", "code": created["code"]})
            await spectator.until(lambda m: m["type"] == "state")
            taps = {"seat": _tap(ada), "spectator": _tap(spectator)}
            await fac.act({"type": "start_game"})
            await fac.act({"type": "force_resolve"})
            await fac.act({"type": "advance"})
            await caught_up(ada)
            incident = next(i for i in ada.view["team"]["incidents"] if i["spec"] == "R1")
            await ada.act({"type": "respond", "incident": incident["id"], "response": poor})
            while True:
                for conn in (fac, ada, spectator):  # no bots, no clock: only our commands
                    await caught_up(conn)
                phase = fac.view["game"]["phase"]
                if phase == "ended":
                    break
                await fac.act({"type": "force_resolve" if phase == "planning" else "advance"})
            await ada.close()  # a resume replays what was missed, then a fresh state
            back = await Connection.open(url(server))
            taps["resumed"] = _tap(back)
            await back.send({"type": "resume", "token": token, "last_seq": 0})
            await back.until(lambda m: m["type"] == "state")
            for conn in (back, spectator, fac):
                await caught_up(conn)
            secret = [e for m in fac.inbox if m.get("type") == "update"
                      for e in m.get("events", []) if e.get("audience") == "facilitator"]
            kinds = {e["kind"] for e in secret}
            assert {"recurrence_scheduled", "crisis"} <= kinds, kinds  # the game made both
            for who, frames in taps.items():
                wire = b"".join(frames)
                assert wire, who
                for event in secret:
                    assert event["text"].encode() not in wire, (who, event)
            for incident in back.view["team"]["incidents"]:
                assert "cause" not in incident
                assert all(not o.get("cause") for o in incident["outcomes"])
    run(scenario())


def _tap(conn: Connection) -> list[bytes]:
    """Every raw frame this connection receives from now on."""
    frames: list[bytes] = []
    original = conn.ws.recv

    async def tap(*args: Any, **kwargs: Any) -> Any:
        frame = await original(*args, **kwargs)
        frames.append(frame)
        return frame

    conn.ws.recv = tap  # type: ignore[method-assign]
    return frames


def test_nothing_secret_reaches_the_server_log(caplog: pytest.LogCaptureFixture) -> None:
    """Tokens, the key and what players write stay out of the log, errors included."""
    caplog.set_level(logging.DEBUG)

    async def scenario() -> list[str]:
        async with running_server() as server:
            fac, created = await create_game(server, bots="none")
            ada, token = await join(server, created["code"], "t1", "dataops", "Ada")
            await ada.act({"type": "chat", "text": "secret-plan-7781"})
            await ada.close()
            back = await Connection.open(url(server))
            await back.send({"type": "resume", "token": token, "last_seq": 0})
            await back.until(lambda m: m["type"] == "state")
            with pytest.raises(ServerError):
                await (await Connection.open(url(server))).request(
                    {"type": "resume", "token": token[:-2] + "xx", "last_seq": 0})
            await fac.act({"type": "broadcast", "text": "facilitator-note-5523"})
            return [token, created["facilitator_token"], KEY]

    secrets = run(scenario())
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "connection open" in logged  # the log was captured at all
    for secret in (*secrets, "secret-plan-7781", "facilitator-note-5523"):
        assert secret not in logged
