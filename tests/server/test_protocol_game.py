"""A whole game through the protocol, and the things a flaky venue network does to it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from tests.server.harness import caught_up, create_game, join, running_server, settle, url
from triops.client.transport import Connection, ServerError
from triops.game.model.vocab import ROLES


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 120))


def test_full_game_with_two_teams_and_a_facilitator() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, bots="competent")
            code = created["code"]
            players = {}
            for role in ROLES:  # team Red is three people; team Blue is played by bots
                players[role], _ = await join(server, code, "t1", role, role.title())
            await fac.act({"type": "start_game"})
            quarters_seen = set()
            while True:
                await settle(fac, 0.2)
                game = fac.view["game"]
                if game["phase"] == "ended":
                    break
                if game["phase"] == "review":
                    quarters_seen.add(game["quarter"])
                    await fac.act({"type": "advance"})
                    continue
                for role, conn in players.items():
                    await settle(conn, 0.05)
                    seat = conn.view["team"]["seats"][role]
                    if seat["ready"]:
                        continue
                    if game["quarter"] >= 1 and role == "finops":
                        await conn.act({"type": "chat", "text": f"Q{game['quarter']} plan?"})
                    try:
                        await conn.act({"type": "ready", "ready": True})
                    except ServerError as err:  # the phase moved on under us
                        assert err.code in ("stale", "wrong_phase", "invalid")
            assert quarters_seen == set(range(7))
            board = fac.view["leaderboard"]
            assert {row["name"] for row in board} == {"Red", "Blue"}
            chat = [m["text"] for m in fac.view["teams"][0]["chat"]]
            assert "Q3 plan?" in chat
    run(scenario())


def test_reconnect_replays_missed_updates_exactly_once_in_order() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, bots="none")
            code = created["code"]
            ada, token = await join(server, code, "t1", "dataops", "Ada")
            bob, _ = await join(server, code, "t1", "mlops", "Bob")
            await fac.act({"type": "start_game"})
            await caught_up(ada)
            last = ada.last_seq
            await ada.close()
            await caught_up(bob)
            for n in range(5):
                await bob.act({"type": "chat", "text": f"message {n}"})
            again = await Connection.open(url(server))
            await again.send({"type": "resume", "token": token, "last_seq": last})
            updates = []
            while True:
                message = await again.recv()
                if message["type"] == "state":
                    break
                updates.append(message)
            seqs = [u["seq"] for u in updates]
            assert seqs == list(range(last + 1, last + 6))
            texts = [e["text"] for u in updates for e in u["events"] if e["kind"] == "chat"]
            assert texts == [f"message {n}" for n in range(5)]
            assert message["reset"] is False and message["seat"] == {"team": "t1",
                                                                     "role": "dataops"}
            # Nothing is sent twice: whatever the server sent before answering a ping arrives
            # before the pong, so the pong must come next.
            await again.send({"type": "ping", "nonce": 1})
            assert await again.recv() == {"type": "pong", "nonce": 1}
    run(scenario())


def test_far_behind_client_gets_a_fresh_state() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            _fac, created = await create_game(server, bots="none")
            _ada, token = await join(server, created["code"], "t1", "dataops", "Ada")
            again = await Connection.open(url(server))
            await again.send({"type": "resume", "token": token, "last_seq": 10_000})
            state = await again.until(lambda m: m["type"] == "state")
            assert state["reset"] is True and state["view"]["you"]["role"] == "dataops"
    run(scenario())


def test_duplicate_action_gets_the_original_reply_and_no_second_effect() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, bots="none")
            ada, _ = await join(server, created["code"], "t1", "dataops", "Ada")
            first = await ada.act({"type": "chat", "text": "once"}, action_id="dup-1")
            second = await ada.act({"type": "chat", "text": "once"}, action_id="dup-1")
            assert first == second and first["type"] == "ack"
            await caught_up(fac)
            chat = [m["text"] for m in fac.view["teams"][0]["chat"]]
            assert chat.count("once") == 1
            with pytest.raises(ServerError) as err:  # a refused action is refused again
                await ada.act({"type": "pledge", "initiative": "I1", "amount": 1},
                              action_id="dup-2")
            with pytest.raises(ServerError) as again:
                await ada.act({"type": "pledge", "initiative": "I1", "amount": 1},
                              action_id="dup-2")
            assert err.value.reply == again.value.reply
            assert err.value.reply["action_id"] == "dup-2"
    run(scenario())


def test_an_action_id_reused_for_another_command_is_refused_even_after_a_restart(
        tmp_path: Path) -> None:
    db = tmp_path / "games.sqlite3"

    async def before() -> str:
        async with running_server(db) as server:
            fac, created = await create_game(server, bots="none")
            ada, token = await join(server, created["code"], "t1", "dataops", "Ada")
            first = await ada.act({"type": "chat", "text": "first"}, action_id="a1")
            with pytest.raises(ServerError) as err:
                await ada.act({"type": "chat", "text": "another"}, action_id="a1")
            assert err.value.code == "action_id_reused"
            assert err.value.reply["action_id"] == "a1"
            assert first["type"] == "ack"
            await caught_up(fac)  # the chat line it accepted, and any other, is in
            chat = [m["text"] for m in fac.view["teams"][0]["chat"]]
            assert "another" not in chat
            return token

    async def after(token: str) -> None:
        async with running_server(db) as server:  # the same store: a restarted server
            ada = await Connection.open(url(server))
            await ada.send({"type": "resume", "token": token, "last_seq": 0})
            await ada.until(lambda m: m["type"] == "state")
            with pytest.raises(ServerError) as err:  # a client that counts from 1 again
                await ada.act({"type": "chat", "text": "after the restart"}, action_id="a1")
            assert err.value.code == "action_id_reused"
            again = await ada.act({"type": "chat", "text": "first"}, action_id="a1")
            assert again["type"] == "ack"  # the same command: the original reply, once
            assert (await ada.act({"type": "chat", "text": "new"}))["type"] == "ack"

    run(after(run(before())))


def test_stale_action_is_rejected_with_a_clear_code() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, bots="none")
            ada, _ = await join(server, created["code"], "t1", "dataops", "Ada")
            old = ada.version
            await fac.act({"type": "start_game"})
            with pytest.raises(ServerError) as err:
                await ada.act({"type": "chat", "text": "hi"}, based_on=old)
            assert err.value.code == "stale"
            await caught_up(ada)
            assert (await ada.act({"type": "chat", "text": "hi"}))["type"] == "ack"
    run(scenario())


def test_clock_deadline_resolves_the_quarter() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            fac, _created = await create_game(server, bots="none",
                                             clock={"setup_seconds": 600,
                                                    "planning_seconds": 600})
            await fac.act({"type": "start_game"})
            assert fac.view["game"]["deadline"] is not None  # its update came before the ack
            await fac.act({"type": "extend", "seconds": -600})
            update = await fac.until(lambda m: m["type"] == "update"
                                     and m["view"]["game"]["phase"] == "review", 5)
            assert any(e["kind"] == "phase" for e in update["events"])
    run(scenario())


def test_facilitator_seats_a_bot_in_an_abandoned_seat_and_hands_it_back() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, bots="none")
            ada, token = await join(server, created["code"], "t1", "mlops", "Ada")
            await ada.close()
            await fac.act({"type": "start_game"})
            await fac.act({"type": "seat_bot", "team": "t1", "role": "mlops",
                           "level": "competent"})
            # The bot plays the seat until it has nothing more to do, then marks it ready.
            update = await fac.until(lambda m: m["type"] == "update" and m["view"]["teams"][0][
                "seats"]["mlops"]["ready"])
            assert update["view"]["teams"][0]["seats"]["mlops"]["holder"] == "bot"
            await fac.act({"type": "release_bot", "team": "t1", "role": "mlops"})
            again = await Connection.open(url(server))
            await again.send({"type": "resume", "token": token, "last_seq": 0})
            state = await again.until(lambda m: m["type"] == "state")
            assert state["view"]["team"]["seats"]["mlops"]["holder"] == "human"
    run(scenario())


def test_health_check_answers_http() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            writer.write(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            await writer.drain()
            head = await reader.read(200)
            writer.close()
            assert head.startswith(b"HTTP/1.1 200")
    run(scenario())
