"""A real server on each store: retries across a restart, and a PostgreSQL that goes away,
ends the server's connection, or refuses writes."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import psycopg
import pytest
from websockets.exceptions import ConnectionClosed

from tests.pg import Cluster, CommitCutter
from tests.server.harness import caught_up, create_game, join, room, running_server, url
from triops.client.transport import Connection, ServerError
from triops.server.store import GameRow
from triops.server.stores import store_for


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 120))


async def logged_chat(db: str, code: str) -> list[str]:
    """The chat lines in the store's log of the game, read by a store of its own."""
    store = store_for(db)
    await store.open()
    try:
        game_id = await store.game_id_for_code(code)
        assert game_id is not None
        row = await store.load_game(game_id)
        assert row is not None
        return [c[2]["text"] for c in row.commands if c[2]["type"] == "chat"]
    finally:
        await store.close()


async def started_game(server: Any) -> tuple[Connection, Connection, dict[str, Any], str]:
    fac, created = await create_game(server, bots="none", teams=("Red",))
    ada, token = await join(server, created["code"], "t1", "finops", "Ada")
    await fac.act({"type": "start_game"})
    await caught_up(ada)
    return fac, ada, created, token


def test_a_retried_action_gets_its_original_reply_after_a_restart(store_db: str) -> None:
    async def first() -> tuple[str, str, dict[str, Any]]:
        async with running_server(db=store_db) as server:
            _fac, ada, created, token = await started_game(server)
            ack = await ada.act({"type": "chat", "text": "once"}, action_id="a1")
            assert ack["type"] == "ack"
            # Committed before acknowledged: another connection to the store has it already.
            assert await logged_chat(store_db, created["code"]) == ["once"]
            return created["code"], token, ack

    async def second(code: str, token: str, ack: dict[str, Any]) -> None:
        async with running_server(db=store_db) as server:  # a new process, a new store
            ada = await Connection.open(url(server))
            await ada.send({"type": "resume", "token": token, "last_seq": 0})
            await ada.until(lambda m: m["type"] == "state")
            # The client never saw its ack (say), so it sends the same action again.
            again = await ada.act({"type": "chat", "text": "once"}, action_id="a1")
            assert again == ack  # the original reply: not applied a second time
            with pytest.raises(ServerError) as reused:
                await ada.act({"type": "chat", "text": "other"}, action_id="a1")
            assert reused.value.code == "action_id_reused"
            assert [m["text"] for m in ada.view["team"]["chat"]] == ["once"]
        assert await logged_chat(store_db, code) == ["once"]

    run(second(*run(first())))


@pytest.mark.parametrize("leased", [False, True], ids=["one process", "under a lease"])
def test_a_room_behind_its_log_is_served_again_from_the_log(store_db: str, leased: bool
                                                            ) -> None:
    """A command this process never heard of is in the game's log under the room's next seq
    (its commit's answer was lost and could not be asked for; or, under a lease, another
    process took the game): the room cannot go on from its state, so it is served from the
    log again (under a lease: given up, and loaded by whoever holds the lease when a
    connection asks for it), and its clients resume there."""
    async def scenario() -> str:
        async with running_server(db=store_db, lease_ttl=5.0 if leased else None) as server:
            _fac, ada, created, token = await started_game(server)
            assert (await ada.act({"type": "chat", "text": "one"}))["type"] == "ack"
            assert server.lobby is not None
            served = server.lobby.room(created["code"])
            other = store_for(store_db)
            await other.open()
            row = await other.load_game(served.game_id)
            assert row is not None
            _, actor, command, _, _ = row.commands[-1]
            await other.append(served.game_id, served.seq + 1, actor,
                               {**command, "text": "landed unseen"}, None, {"type": "ack"})
            await other.close()
            with pytest.raises(ServerError) as refused:
                await ada.act({"type": "chat", "text": "two"})
            assert refused.value.code == "store_unavailable"
            with pytest.raises(ConnectionClosed) as closed:  # told to connect again
                while True:
                    await ada.recv(5)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4002
            again = await Connection.open(room(server, created["code"]))
            await again.send({"type": "resume", "token": token, "last_seq": 0})
            state = await again.until(lambda m: m["type"] == "state")
            assert [m["text"] for m in state["view"]["team"]["chat"]] == ["one",
                                                                          "landed unseen"]
            assert (await again.act({"type": "chat", "text": "two"}))["type"] == "ack"
            return str(created["code"])

    code = run(scenario())
    assert run(logged_chat(store_db, code)) == ["one", "landed unseen", "two"]


def test_an_unreachable_database_refuses_actions_and_the_store_comes_back(
        pg_cluster: Cluster, pg_dsn: str) -> None:
    async def scenario() -> str:
        async with running_server(db=pg_dsn) as server:
            fac, ada, created, _ = await started_game(server)
            assert (await ada.act({"type": "chat", "text": "before"}))["type"] == "ack"
            pg_cluster.stop("immediate")  # the database server is gone
            try:
                for n in range(3):
                    started = time.monotonic()
                    with pytest.raises(ServerError) as refused:
                        await ada.act({"type": "chat", "text": f"refused {n}"})
                    assert refused.value.code == "store_unavailable"
                    assert "refuses the action rather than lose it" in str(refused.value)
                    assert time.monotonic() - started < 8  # a prompt answer, not a hang
            finally:
                pg_cluster.start()
            # Back: the next action goes through on a new connection, nothing restarted.
            assert (await ada.act({"type": "chat", "text": "after"}))["type"] == "ack"
            await caught_up(fac)
            assert [m["text"] for m in fac.view["teams"][0]["chat"]] == ["before", "after"]
            return str(created["code"])

    store_for_upgraded(pg_dsn)
    code = run(scenario())
    assert run(logged_chat(pg_dsn, code)) == ["before", "after"]


def test_an_ended_database_connection_costs_no_action(pg_cluster: Cluster,
                                                      pg_dsn: str) -> None:
    """A backend ended while idle (a database restart, an operator) is replaced unseen:
    nothing had been written on it, so the store tries once more on a new one."""
    dbname = pg_dsn.rsplit("/", 1)[1]

    def backends() -> set[int]:
        with pg_cluster.admin() as conn:
            return {int(r[0]) for r in conn.execute(  # type: ignore[call-overload]
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND "
                "application_name LIKE 'triops%%'", (dbname,))}

    async def scenario() -> str:
        async with running_server(db=pg_dsn) as server:
            _fac, ada, created, _ = await started_game(server)
            assert (await ada.act({"type": "chat", "text": "before"}))["type"] == "ack"
            old = backends()
            assert len(old) == 2  # the log's connection and the other one
            with pg_cluster.admin() as conn:
                conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                             "WHERE datname = %s AND application_name LIKE 'triops%%'",
                             (dbname,))
            deadline = time.monotonic() + 10
            while backends():
                assert time.monotonic() < deadline, "the backend did not end"
                await asyncio.sleep(0.02)
            assert (await ada.act({"type": "chat", "text": "after"}))["type"] == "ack"
            now = backends()
            assert now and now.isdisjoint(old)
            return str(created["code"])

    store_for_upgraded(pg_dsn)
    code = run(scenario())
    assert run(logged_chat(pg_dsn, code)) == ["before", "after"]


def test_a_full_postgresql_refuses_actions_instead_of_acknowledging_them(pg_dsn: str) -> None:
    # The trigger answers every insert into the log with PostgreSQL's own "disk full" error,
    # the one a full disk gives it.
    full = """CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        RAISE EXCEPTION 'could not extend file: No space left on device'
        USING ERRCODE = 'disk_full'; END $$;
        CREATE TRIGGER full_disk BEFORE INSERT ON commands
        FOR EACH ROW EXECUTE FUNCTION full_disk()"""

    async def scenario() -> str:
        async with running_server(db=pg_dsn) as server:
            fac, ada, created, _ = await started_game(server)
            assert (await ada.act({"type": "chat", "text": "kept"}))["type"] == "ack"
            with psycopg.connect(pg_dsn, autocommit=True) as conn:
                conn.execute(full)  # type: ignore[call-overload]
            with pytest.raises(ServerError) as refused:
                await ada.act({"type": "chat", "text": "lost to a full disk"})
            assert refused.value.code == "store_unavailable"
            with psycopg.connect(pg_dsn, autocommit=True) as conn:
                conn.execute("DROP TRIGGER full_disk ON commands")
            assert (await ada.act({"type": "chat", "text": "room again"}))["type"] == "ack"
            await caught_up(fac)
            assert [m["text"] for m in fac.view["teams"][0]["chat"]] == ["kept", "room again"]
            return str(created["code"])

    store_for_upgraded(pg_dsn)
    code = run(scenario())
    assert run(logged_chat(pg_dsn, code)) == ["kept", "room again"]


def test_a_commit_whose_answer_was_lost_is_settled_by_asking_the_database(
        pg_cluster: Cluster, pg_dsn: str) -> None:
    """The connection drops after COMMIT went out: the store asks, on a new connection,
    whether the command is in the log. Yes: the append succeeded (refusing it would leave
    the room behind its own log). No: nothing was written, and it is tried once more."""
    store_for_upgraded(pg_dsn)
    seat = {"kind": "seat", "team": "t1", "role": "finops"}

    async def scenario() -> None:
        async with CommitCutter(pg_cluster.port) as cutter:
            store = store_for(cutter.dsn(pg_dsn.rsplit("/", 1)[1]))
            await store.open()

            async def append(seq: int, seats: dict[str, tuple[str, str]] | None = None
                             ) -> None:
                await store.append("g1", seq, seat, {"type": "chat", "text": f"n{seq}"},
                                   f"key-{seq:02}", {"type": "ack", "seq": seq}, seats)
            await store.create_game(GameRow("g1", "ABCDEF", "retail-novice", "d", {}, {}, "f",
                                            False))
            await append(1)
            # A plain append is one statement that commits by itself.
            cutter.cut("after", b"key-02")  # committed, the answer lost
            await append(2)
            cutter.cut("before", b"key-03")  # never reached the database
            await append(3)
            cutter.cut("after", b"key-05")  # the same for a batch: one statement
            await asyncio.gather(append(4), append(5), append(6))
            cutter.cut("before", b"key-08")
            await asyncio.gather(append(7), append(8))
            # An append that moves seat tokens is a transaction: cut at its COMMIT.
            cutter.cut("after")
            await append(9, {"tok": ("t1", "finops")})
            cutter.cut("before")
            await asyncio.gather(append(10, {"tok": ("t1", "dataops")}), append(11))
            assert cutter.cuts == 6
            await store.close()
        row = await (reader := store_for(pg_dsn)).load_game("g1")
        await reader.close()
        assert row is not None
        assert [(c[0], c[2]["text"]) for c in row.commands] == [
            (n, f"n{n}") for n in range(1, 12)]
        assert row.seats == {"tok": ("t1", "dataops")}

    run(scenario())


def store_for_upgraded(dsn: str) -> str:
    """`dsn`, once `triops db upgrade` has been run on it."""
    async def go() -> None:
        store = store_for(dsn)
        await store.upgrade()
        await store.close()
    asyncio.run(go())
    return dsn
