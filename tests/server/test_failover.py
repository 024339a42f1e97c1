"""Two real server processes behind a real HAProxy on a real PostgreSQL; one gets SIGKILL
mid-game (docs/operations.md, "Several server processes").

Its game goes on in the other process: HAProxy's health check takes the dead one out, the
survivor takes the game's lease once it lapses and loads the game from PostgreSQL, every
seat resumes with its token, and every acknowledged action is in the log exactly once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server.cluster import Fleet, wait_for
from tests.server.failover import play
from triops.server.stores import store_for

TTL = 2.0


@pytest.fixture
def fleet(pg_dsn: str, tmp_path: Path) -> Iterator[Fleet]:
    async def upgrade() -> None:  # what `triops db upgrade` does before the servers start
        store = store_for(pg_dsn)
        await store.upgrade()
        await store.close()

    asyncio.run(upgrade())
    fleet = Fleet(pg_dsn, 2, tmp_path, ttl=TTL)
    try:
        fleet.start()
        yield fleet
    finally:
        fleet.stop()


def test_a_killed_process_s_game_goes_on_in_the_other_with_nothing_lost(fleet: Fleet) -> None:
    outcome = asyncio.run(asyncio.wait_for(play(fleet, before=1.5, after=1.5), 60))
    [victim, survivor] = outcome.games
    assert victim.owner != survivor.owner  # a game on each process
    killed, alive = outcome.killed, survivor.owner
    assert killed == victim.owner
    wait_for(lambda: fleet.server_states()[killed] == "DOWN", "HAProxy to mark it down", 5)
    assert fleet.server_states()[alive] == "UP"
    assert outcome.new_owners == {alive}  # the survivor holds the killed process's game now
    assert fleet.owner(survivor.game_id) == alive  # and still its own
    # Every seat came back with its own token (a resume, not a new join).
    for seat in victim.seats:
        assert seat.back_at is not None and seat.resumed_with == seat.token
    # Nothing acknowledged is lost or doubled; nothing queued went unanswered.
    assert outcome.acked > 0
    assert (outcome.lost, outcome.doubled, outcome.wrong_seq) == ([], [], [])
    assert outcome.unanswered == 0
    # Served again once the lease lapsed: within the ttl, the reconnect backoff and some
    # room for a loaded machine.
    assert outcome.served_again < TTL + 5, outcome.served_again
