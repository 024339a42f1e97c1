"""Faults a workshop meets: a server killed mid-game, a client that stops reading."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from websockets.asyncio.client import connect

from tests.server.harness import (
    KEY,
    ROOT,
    across_a_crash,
    caught_up,
    create_game,
    join,
    running_server,
)
from triops.client.transport import Connection, ServerError
from triops.protocol import PROTOCOL_VERSION, decode_server_frame, encode


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 120))


def test_server_killed_with_sigkill_resumes_with_every_acknowledged_action(store_db: str
                                                                           ) -> None:
    """Once with SQLite, once with PostgreSQL: the same promises."""
    db = store_db

    async def first_life(port: int) -> dict[str, Any]:
        url = f"ws://127.0.0.1:{port}"
        fac = await Connection.open(url)
        created = await fac.request({"type": "create_game", "key": KEY, "seed": 9,
                                     "scenario": "retail-novice", "teams": ["Red"],
                                     "bots": "none"})
        await fac.send({"type": "facilitate", "code": created["code"],
                        "token": created["facilitator_token"]})
        await fac.until(lambda m: m["type"] == "state")
        ada = await Connection.open(url)
        joined = await ada.request({"type": "join", "code": created["code"], "team": "t1",
                                    "role": "finops", "name": "Ada"})
        await ada.until(lambda m: m["type"] == "state")
        await fac.act({"type": "start_game"})
        await fac.act({"type": "force_resolve"})
        await fac.act({"type": "advance"})
        await caught_up(ada)  # Ada's view is the new quarter's: her actions are based on it
        acks = []
        for n in range(6):
            acks.append(await ada.act({"type": "chat", "text": f"before the crash {n}"},
                                      action_id=f"c{n}"))
        acks.append(await ada.act({"type": "pledge", "initiative": "I3", "amount": 4},
                                  action_id="p1"))
        return {"code": created["code"], "fac": created["facilitator_token"],
                "token": joined["token"], "acks": acks}

    async def second_life(port: int, memo: dict[str, Any]) -> None:
        url = f"ws://127.0.0.1:{port}"
        ada = await Connection.open(url)
        await ada.send({"type": "resume", "token": memo["token"], "last_seq": 0})
        state = await ada.until(lambda m: m["type"] == "state")
        team = state["view"]["team"]
        chat = [m["text"] for m in team["chat"]]
        assert chat == [f"before the crash {n}" for n in range(6)]
        i3 = next(i for i in team["initiatives"] if i["id"] == "I3")
        assert i3["next"]["pledges"] == {"finops": 4}
        assert state["seq"] == memo["acks"][-1]["seq"]
        # A retry of an acknowledged action after the crash gets the same reply.
        retry = await ada.act({"type": "pledge", "initiative": "I3", "amount": 4},
                              action_id="p1")
        assert retry == memo["acks"][-1]
        # And the game goes on.
        fac = await Connection.open(url)
        await fac.send({"type": "facilitate", "code": memo["code"], "token": memo["fac"]})
        await fac.until(lambda m: m["type"] == "state")
        assert (await fac.act({"type": "force_resolve"}))["type"] == "ack"

    across_a_crash(db, lambda port: run(first_life(port)),
                   lambda port, memo: run(second_life(port, memo)))


def test_a_client_that_stops_reading_is_cut_off_without_slowing_its_room() -> None:
    # Updates are small patches, so a workshop-sized room would take minutes to pile up the
    # default 1 MiB; a smaller allowance shows the same cut-off in a few seconds.
    async def scenario() -> None:
        async with running_server(max_backlog=32 * 1024) as server:
            _fac, created = await create_game(server, bots="none")
            bob, _ = await join(server, created["code"], "t1", "mlops", "Bob")
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.connect(("127.0.0.1", server.port))
            slow = await connect(f"ws://127.0.0.1:{server.port}", sock=sock, compression=None,
                                 max_size=None)
            await slow.send(encode({"type": "hello", "protocol": PROTOCOL_VERSION}))
            assert decode_server_frame(await slow.recv())["type"] == "welcome"
            await slow.send(encode({"type": "join", "code": created["code"], "team": "t1",
                                    "role": "dataops", "name": "Sleepy"}))
            # The server attaches a seat as it sends `joined`: once that is read, the client
            # is in the room. From here on the slow client reads nothing.
            assert decode_server_frame(await slow.recv())["type"] == "joined"
            assert server.lobby is not None
            room = server.lobby.room(created["code"])
            sleeper = next(c for c in room.clients if c.role == "dataops")
            # Loopback lets the kernel buffer megabytes for a stalled reader; a real network
            # path holds far less, so the server's side of this socket gets a small buffer.
            sleeper.ws.transport.get_extra_info("socket").setsockopt(
                socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
            cat, _ = await join(server, created["code"], "t1", "finops", "Cat")
            senders = [bob, cat]
            worst = 0.0
            for n in range(55):  # within each sender's rate limit
                for sender in senders:
                    started = asyncio.get_running_loop().time()
                    await sender.act({"type": "chat", "text": f"{n} " + "x" * 450})
                    worst = max(worst, asyncio.get_running_loop().time() - started)
                    sender.inbox.clear()
            # A reader too far behind is cut off while an update is written to it, before the
            # sender's ack goes out: every ack is in, so the cut-off has happened by now.
            sleepy = [c for c in room.clients if c.role == "dataops"]
            assert sleepy == [] and sleeper.closed  # cut off and gone from the room
            # The others never waited for it: a server that waited on the stalled reader
            # would hold them until the keepalive timeout (10 s and more). The margin below
            # that is for a busy test machine, not for the server.
            assert worst < 2.0
            sock.close()
    run(scenario())


def test_report_reads_a_finished_game_from_the_store(store_db: str, tmp_path: Path) -> None:
    db = store_db

    async def scenario() -> str:
        async with running_server(db=db) as server:
            fac, created = await create_game(server, bots="competent", teams=("Solo",))
            await fac.act({"type": "start_game"})
            await fac.act({"type": "end_game"})
            return str(created["code"])

    code = run(scenario())
    out = tmp_path / "reports"
    result = subprocess.run([sys.executable, "-m", "triops", "report", "--db", db,
                             "--game", code, "--out", str(out), "--format", "md"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (out / "game.md").exists()


def test_a_full_store_refuses_actions_instead_of_acknowledging_them(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_server(db=tmp_path / "full.sqlite3") as server:
            fac, created = await create_game(server, bots="none")
            ada, _ = await join(server, created["code"], "t1", "finops", "Ada")
            assert (await ada.act({"type": "chat", "text": "kept"}))["type"] == "ack"
            # Cap the database at its current size: the next write fails as on a full disk.
            await server.store._run(lambda db: db.execute(
                "PRAGMA max_page_count = " + str(db.execute("PRAGMA page_count").fetchone()[0])))
            big = "y" * 450
            codes = []
            for n in range(40):
                try:
                    await ada.act({"type": "chat", "text": f"{n} {big}"})
                except ServerError as err:
                    codes.append(err.code)
            assert "store_unavailable" in codes
            await caught_up(fac)  # every update the accepted lines caused is in
            chat = [m["text"] for m in fac.view["teams"][0]["chat"]]
            refused = {int(t.split()[0]) for t in chat if t != "kept"}
            # Nothing refused was applied: the room's state holds only what the store kept.
            assert len(refused) + codes.count("store_unavailable") == 40
            await server.store._run(lambda db: db.execute("PRAGMA max_page_count = 1073741823"))
            assert (await ada.act({"type": "chat", "text": "room again"}))["type"] == "ack"
    run(scenario())


def test_a_corrupted_snapshot_is_recovered_from_the_log(tmp_path: Path) -> None:
    db = tmp_path / "snap.sqlite3"

    async def first() -> tuple[str, dict[str, Any]]:
        async with running_server(db=db) as server:
            fac, created = await create_game(server, bots="none")
            await fac.act({"type": "start_game"})
            await fac.act({"type": "broadcast", "text": "before the snapshot broke"})
            await fac.act({"type": "force_resolve"})
            await fac.act({"type": "advance"})  # its ack follows its update: fac.view is now
            return str(created["facilitator_token"]), fac.view

    token, before = run(first())
    import sqlite3

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM snapshots").fetchone()[0] >= 1
        conn.execute("UPDATE snapshots SET state = x'c1c1c1'")

    async def second() -> None:
        async with running_server(db=db) as server:
            fac = await Connection.open(f"ws://127.0.0.1:{server.port}")
            await fac.send({"type": "resume", "token": token, "last_seq": 0})
            state = await fac.until(lambda m: m["type"] == "state")
            after = state["view"]
            assert after["game"]["version"] == before["game"]["version"]
            assert after["teams"] == before["teams"]
    run(second())

