"""What every game store promises (store.GameStore), held against SQLite and PostgreSQL.

Each test runs once per store, on a fresh database: a file for SQLite, a database of the
test's own PostgreSQL cluster (tests/pg.py). Two store objects on one database stand for
two server processes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from triops.server.store import GameRow, LogConflict, MigratingStore, StoreError
from triops.server.stores import store_for

FAC = {"kind": "facilitator"}
SEAT = {"kind": "seat", "team": "t1", "role": "mlops"}


def run(coro: Awaitable[Any]) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 60))  # type: ignore[arg-type]


def chat(text: str) -> dict[str, Any]:
    return {"type": "chat", "text": text}


def game(gid: str = "g1", code: str = "ABCDEF", facilitator: str = "fac-hash") -> GameRow:
    return GameRow(gid, code, "retail-novice", "digest", {"seed": 1}, {"bots": "none"},
                   facilitator, False)


@pytest.fixture
def db(store_db: str) -> str:
    return store_db


async def opened(db: str) -> MigratingStore:
    store = store_for(db)
    await store.open()
    return store


def with_stores(db: str, count: int,
                body: Callable[..., Awaitable[Any]]) -> Any:
    """Run `body(*stores)` with `count` open stores on `db`, closed afterwards."""
    async def go() -> Any:
        stores = [await opened(db) for _ in range(count)]
        try:
            return await body(*stores)
        finally:
            for store in stores:
                await store.close()
    return run(go())


def test_an_append_is_committed_when_it_returns(db: str) -> None:
    async def body(server: MigratingStore, reader: MigratingStore) -> None:
        await server.create_game(game())
        for seq in range(1, 4):
            await server.append("g1", seq, SEAT, chat(f"line {seq}"), f"k{seq}", {"seq": seq})
            # Another connection sees it at once: nothing waits in a buffer to be committed.
            row = await reader.load_game("g1")
            assert row is not None and [c[0] for c in row.commands] == list(range(1, seq + 1))
        assert row.commands[-1] == (3, SEAT, chat("line 3"), "k3", {"seq": 3})
    with_stores(db, 2, body)


def test_appends_committed_together_fail_alone(db: str) -> None:
    """Appends from many rooms share a commit; one that cannot be kept fails by itself."""
    async def body(store: MigratingStore) -> list[Any]:
        await store.create_game(game())
        await store.append("g1", 1, FAC, {"type": "start_game"}, None, {})
        results = await asyncio.gather(  # one loop turn: one batch
            store.append("g1", 2, SEAT, chat("a"), "k2", {}),
            store.append("g1", 1, SEAT, chat("b"), "k1", {}),  # seq 1 is taken
            store.append("g1", 3, SEAT, chat("c"), "k3", {}),
            store.append("g1", 4, FAC, {"type": "move_seat"}, None, {}, {"tok": ("t2", "dataops")}),
            return_exceptions=True)
        row = await store.load_game("g1")
        assert row is not None and [n for n, *_ in row.commands] == [1, 2, 3, 4]
        assert row.commands[1][2] == chat("a")
        assert row.seats == {"tok": ("t2", "dataops")}
        # All in one commit, when none fails.
        assert await asyncio.gather(*(store.append("g1", n, SEAT, chat(f"{n}"), f"k{n}", {})
                                      for n in range(5, 9))) == [None] * 4
        return results

    results = with_stores(db, 1, body)
    assert results[0] is None and results[2] is None and results[3] is None
    assert isinstance(results[1], LogConflict)


def test_the_store_moves_tokens_with_the_logged_command_or_not_at_all(db: str) -> None:
    from triops.server.rooms import rebound

    def move(a: tuple[str, str], b: tuple[str, str]) -> dict[str, Any]:
        return {"type": "move_seat", "from_team": a[0], "from_role": a[1], "to_team": b[0],
                "to_role": b[1]}

    async def body(store: MigratingStore) -> None:
        await store.create_game(game())
        await store.add_seat("g1", "ada", "t1", "mlops")
        await store.add_seat("g1", "xia", "t2", "dataops")  # dropped; a bot stands in
        seats = {"ada": ("t1", "mlops"), "xia": ("t2", "dataops")}
        after = rebound(seats, [(("t1", "mlops"), ("t2", "dataops"))])
        await store.append("g1", 1, FAC, move(("t1", "mlops"), ("t2", "dataops")), None, {},
                           after)
        # A failed append (the same seq again) rolls the token change back with it.
        with pytest.raises(StoreError):
            await store.append("g1", 1, FAC, move(("t2", "dataops"), ("t1", "finops")), None,
                               {}, rebound(after, [(("t2", "dataops"), ("t1", "finops"))]))
        [row] = await store.load_games(unfinished_only=False)
        assert row.seats == {"ada": ("t2", "dataops")}
        assert [c[2]["type"] for c in row.commands] == ["move_seat"]
        # The revoked token opens nothing, in this process or any other.
        assert await store.seat_for_token("xia") is None
        assert await store.seat_for_token("ada") == ("g1", "t2", "dataops")
    with_stores(db, 1, body)


def test_a_game_comes_back_as_its_latest_snapshot_and_the_whole_log(db: str) -> None:
    async def first(store: MigratingStore) -> None:
        await store.create_game(game())
        await store.create_game(game("g2", "GHJKMN"))
        await store.add_seat("g1", "ada", "t1", "mlops")
        for seq in range(1, 6):
            await store.append("g1", seq, SEAT, chat(f"{seq}"), f"k{seq}", {"seq": seq})
            if seq in (2, 4):
                await store.snapshot("g1", seq, {"at": seq, "blob": b"\x00\xff"})
        await store.finish("g2", time.time())
        assert await store.meta("facilitator_key", "first") == "first"

    async def second(store: MigratingStore) -> None:  # a restart: a new store, same data
        [row] = await store.load_games(unfinished_only=True)
        assert (row.id, row.code, row.settings, row.options) == (
            "g1", "ABCDEF", {"seed": 1}, {"bots": "none"})
        assert row.seats == {"ada": ("t1", "mlops")}
        assert row.snapshot is not None and row.snapshot[0] == 4  # older ones are gone
        from triops.server.store import unpack
        assert unpack(row.snapshot[1]) == {"at": 4, "blob": b"\x00\xff"}
        assert [c[0] for c in row.commands] == [1, 2, 3, 4, 5]
        assert row.commands[4] == (5, SEAT, chat("5"), "k5", {"seq": 5})
        everything = await store.load_games(unfinished_only=False)
        assert [(r.id, r.finished) for r in everything] == [("g1", False), ("g2", True)]
        assert await store.load_game("nope") is None
        assert await store.meta("facilitator_key", "second") == "first"
        await store.finish("g2", None)  # unfinished again (a peer review reopened it)
        assert len(await store.load_games(unfinished_only=True)) == 2

    with_stores(db, 1, first)
    with_stores(db, 1, second)


def test_games_are_found_by_join_code_and_tokens_by_their_hash(db: str) -> None:
    async def body(store: MigratingStore) -> None:
        await store.create_game(game())
        await store.add_seat("g1", "seat-hash", "t2", "finops")
        assert await store.game_id_for_code("ABCDEF") == "g1"
        assert await store.game_id_for_code(" abc-def ") == "g1"  # as people type it
        assert await store.game_id_for_code("ABCDEG") is None
        assert await store.seat_for_token("seat-hash") == ("g1", "t2", "finops")
        assert await store.seat_for_token("fac-hash") == ("g1", "", "")  # the facilitator
        assert await store.seat_for_token("nobody's") is None
    with_stores(db, 1, body)


def test_a_lease_is_held_by_one_owner_until_it_expires_or_is_released(db: str) -> None:
    async def body(a: MigratingStore, b: MigratingStore) -> None:
        assert await a.claim("g1", "a", 30)
        assert not await b.claim("g1", "b", 30)
        assert await a.claim("g1", "a", 30)  # its holder renews it
        await b.release("g1", "b")  # not b's to release: nothing happens
        assert not await b.claim("g1", "b", 30)
        await a.release("g1", "a")
        assert await b.claim("g1", "b", 30)  # free at once
        assert await a.claim("g2", "a", 30)  # leases are per game
        # Expiry: a short lease is taken over once it has run out, not before.
        ttl = 0.5
        assert await a.claim("g3", "a", ttl)
        taken = time.monotonic()
        assert not await b.claim("g3", "b", 30)
        while not await b.claim("g3", "b", 30):
            assert time.monotonic() - taken < 10, "the lease never expired"
            await asyncio.sleep(0.02)
        assert time.monotonic() - taken >= ttl - 0.05  # the clocks are the same host's
        assert not await a.claim("g3", "a", 30)  # its old holder cannot take it back
    with_stores(db, 2, body)


def test_a_renewed_lease_runs_from_the_renewal(db: str) -> None:
    async def body(a: MigratingStore, b: MigratingStore) -> None:
        assert await a.claim("g1", "a", 0.4)
        for _ in range(4):  # renewed well inside its term, it never lapses
            await asyncio.sleep(0.2)
            assert await a.claim("g1", "a", 0.4)
            assert not await b.claim("g1", "b", 30)
    with_stores(db, 2, body)


def test_the_log_fences_off_a_process_that_lost_its_lease(db: str) -> None:
    """A stalled owner whose lease expired cannot log over what the new owner logged."""
    async def body(old: MigratingStore, new: MigratingStore) -> None:
        await old.create_game(game())
        assert await old.claim("g1", "old", 0.3)
        await old.append("g1", 1, SEAT, chat("one"), "k1", {})
        await old.append("g1", 2, SEAT, chat("two"), "k2", {})
        # `old` stalls past its lease; `new` takes the room over from the store...
        started = time.monotonic()
        while not await new.claim("g1", "new", 30):
            assert time.monotonic() - started < 10, "the lease never expired"
            await asyncio.sleep(0.02)
        row = await new.load_game("g1")
        assert row is not None
        await new.append("g1", len(row.commands) + 1, SEAT, chat("three, new"), "k3", {})
        # ... and when `old` wakes up, its next command has a seq that is taken.
        with pytest.raises(LogConflict, match="already has command 3 in the log"):
            await old.append("g1", 3, SEAT, chat("three, old"), "k3-old", {})
        assert not await old.claim("g1", "old", 30)
        row = await new.load_game("g1")
        assert row is not None
        assert [c[2]["text"] for c in row.commands] == ["one", "two", "three, new"]
    with_stores(db, 2, body)
