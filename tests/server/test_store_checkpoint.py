"""The SQLite store's write-ahead log stays short while a room commits without pause.

A passive checkpoint copies the frames the log held when it began; under steady load more
arrive meanwhile, so on its own it never catches up, and the log never starts again from
its beginning (it grew by about 10 MB a second under bench/load.py). The checkpointer
therefore holds this process's appends while it copies the last few frames (`_catch_up`).
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from pathlib import Path

import pytest

from triops.server import store as store_module
from triops.server.store import GameRow, SqliteStore

FAC = {"kind": "facilitator"}


def game() -> GameRow:
    return GameRow("g1", "ABCDEF", "retail-novice", "digest", {"seed": 1}, {"bots": "none"},
                   "fac-hash", False)


class Log:
    """A store with a game, appending chat lines to it."""

    def __init__(self, store: SqliteStore) -> None:
        self.store = store
        self.seq = 0

    async def append(self, count: int = 1) -> None:
        for _ in range(count):
            self.seq += 1
            await self.store.append("g1", self.seq, FAC, {"type": "chat", "text": "x" * 200},
                                    f"facilitator:a{self.seq}", {"type": "ack"})

    def wal_size(self) -> int:
        return Path(f"{self.store.path}-wal").stat().st_size


@pytest.fixture(autouse=True)
def no_timed_checkpoints(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the checkpoints a test runs itself: the thread's own would restart the log too.
    monkeypatch.setattr(store_module, "CHECKPOINT_EVERY", 3600.0)


def test_the_log_starts_again_after_a_catch_up_not_before(tmp_path: Path) -> None:
    async def go() -> None:
        store = SqliteStore(tmp_path / "games.sqlite3")
        await store.open()
        checkpointer = sqlite3.connect(store.path, isolation_level=None,
                                       check_same_thread=False)
        try:
            await store.create_game(game())
            log = Log(store)
            await log.append(50)
            checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)")  # the thread's copy...
            await log.append(50)  # ... while the room went on committing
            size = log.wal_size()
            await log.append(20)
            assert log.wal_size() > size  # the log did not start again: it grew

            await asyncio.get_running_loop().run_in_executor(
                None, store._catch_up, checkpointer)
            await log.append()  # the first commit after the catch-up starts the log again
            size = log.wal_size()
            await log.append(20)
            assert log.wal_size() == size  # written over from its beginning: no growth
        finally:
            checkpointer.close()
            await store.close()

    asyncio.run(go())


def test_appends_wait_while_the_checkpointer_holds_them(tmp_path: Path) -> None:
    async def go() -> None:
        store = SqliteStore(tmp_path / "games.sqlite3")
        await store.open()
        try:
            await store.create_game(game())
            log = Log(store)
            held = threading.Event()
            store._hold(held)
            assert held.is_set()
            waiting = asyncio.create_task(log.append())
            for _ in range(5):
                await asyncio.sleep(0)
            assert not waiting.done()
            store._release()
            await waiting
            row = await store.load_game("g1")
            assert row is not None and [c[0] for c in row.commands] == [1]
        finally:
            await store.close()

    asyncio.run(go())
