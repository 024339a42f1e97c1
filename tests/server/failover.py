"""A server process killed mid-game behind HAProxy: what the failover test and
bench/failover.py play.

A game on each of the fleet's processes, three people chatting in each through the apps' own
link (`client.link.Link`: it reconnects through HAProxy and resumes with its token, and sends
unanswered actions again with their ids). The process holding the first game gets SIGKILL;
HAProxy sends the game's connections to another process, which takes the lease once it
lapses and loads the game from the store. Afterwards the store's log is read: every
acknowledged action must be there exactly once, under the seq its ack gave.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from tests.server.cluster import KEY, Fleet
from triops.client.link import Link
from triops.client.transport import Connection
from triops.game.model.vocab import ROLES
from triops.server.stores import store_for

BACKOFF = (0.1, 0.2, 0.4, 0.8, 1.0)  # reconnecting sooner than the apps, to measure tightly


@dataclass
class Person:
    """One seat (or the facilitator) on a link, and what it was told."""

    code: str
    role: str
    link: Link
    token: str = ""
    queued: dict[str, str] = field(default_factory=dict)  # action id -> chat text
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)  # action id -> reply
    back_at: float | None = None  # attached again after the kill
    served_at: float | None = None  # first answer on a connection opened after the kill
    killed_at: float | None = None
    resumed_with: str = ""  # the token the link attached with last (at the end)
    task: asyncio.Task[str] | None = None

    def heard(self, action_id: str, _label: str, reply: dict[str, Any]) -> None:
        self.answers[action_id] = reply
        if self.back_at is not None and self.served_at is None:
            self.served_at = time.monotonic()

    def status(self, state: str, _detail: str) -> None:
        if state == "connected" and self.killed_at is not None and self.back_at is None:
            self.back_at = time.monotonic()


@dataclass
class Game:
    code: str
    game_id: str
    token: str
    owner: str
    facilitator: Person
    seats: list[Person] = field(default_factory=list)


@dataclass
class Outcome:
    killed: str  # the process killed
    games: list[Game]
    killed_at: float
    served_again: float  # seconds from SIGKILL to the first answer from the new owner
    all_back: float  # ... until every seat of the killed game had an answer again
    acked: int
    lost: list[str]  # acknowledged actions missing from the log
    doubled: list[str]  # actions logged more than once
    wrong_seq: list[str]  # logged under another seq than their ack said
    unanswered: int  # queued actions never answered
    new_owners: set[str | None]  # who holds the killed process's games now


def _person(fleet: Fleet, code: str, role: str, attach: dict[str, Any]) -> Person:
    link = Link(fleet.front, client="failover", backoff=BACKOFF)
    person = Person(code, role, link)
    link.room = code
    link.attach_with = attach
    link.on_answer = person.heard
    link.on_status = person.status
    person.task = asyncio.get_running_loop().create_task(link.run())
    return person


async def _until(check: Any, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def games_on_every_process(fleet: Fleet, per_process: int = 1) -> list[Game]:
    """Create games through HAProxy until each process serves `per_process` of them (the
    path's hash decides where a game goes), each with its facilitator attached; sorted by
    process."""
    found: dict[str, list[Game]] = {}
    spare: list[Person] = []
    for _ in range(40 * per_process):
        conn = await Connection.open(fleet.front)
        created = await conn.request({"type": "create_game", "key": KEY,
                                      "scenario": "retail-novice", "teams": ["Red"],
                                      "seed": 7, "bots": "none"})
        await conn.close()
        code = created["code"]
        fac = _person(fleet, code, "facilitator", {
            "type": "facilitate", "code": code, "token": created["facilitator_token"]})
        await _until(lambda f=fac: f.link.attached, f"game {code} to open", 15)
        owner = fleet.owner(created["game_id"]) or "?"
        if len(found.setdefault(owner, [])) >= per_process:
            spare.append(fac)
            continue
        found[owner].append(Game(code, created["game_id"], created["facilitator_token"],
                                 owner, fac))
        if len(found) == fleet.count and all(len(g) == per_process for g in found.values()):
            break
    for fac in spare:
        await _close(fac)
    assert len(found) == fleet.count, f"games landed only on {sorted(found)}"
    return [game for name in sorted(found) for game in found[name]]


async def seat_people(fleet: Fleet, game: Game) -> None:
    await game.facilitator.link.act({"type": "start_game"})
    for role in ROLES:
        game.seats.append(_person(fleet, game.code, role, {
            "type": "join", "code": game.code, "team": "t1", "role": role,
            "name": role.title()}))
    for seat in game.seats:
        await _until(lambda s=seat: s.link.attached and s.link.token, "a seat", 15)
        seat.token = seat.link.token


async def chat(people: list[Person], every: float, stop: asyncio.Event) -> None:
    """Each person queues a chat line every `every` seconds until `stop`."""
    n = 0
    while not stop.is_set():
        n += 1
        for person in people:
            text = f"{person.code}-{person.role}-{n}"
            person.queued[person.link.queue({"type": "chat", "text": text})] = text
        await asyncio.sleep(every)


async def play(fleet: Fleet, before: float = 2.0, after: float = 2.0, every: float = 0.1,
               recover_within: float = 20.0, per_process: int = 1) -> Outcome:
    """Chat for `before` seconds, SIGKILL the process of the first game, wait until every
    seat of its games is served again, chat `after` seconds more, then check the log."""
    games = await games_on_every_process(fleet, per_process)
    for game in games:
        await seat_people(fleet, game)
    seats = [s for g in games for s in g.seats]
    stop = asyncio.Event()
    chatting = asyncio.get_running_loop().create_task(chat(seats, every, stop))
    try:
        await asyncio.sleep(before)
        killed = games[0].owner
        victims = [g for g in games if g.owner == killed]
        hit = [p for g in victims for p in (g.facilitator, *g.seats)]
        assert all(s.answers for s in seats), "every seat had answers before the kill"
        killed_at = time.monotonic()
        for person in hit:
            person.killed_at = killed_at
        fleet.kill(killed)
        await _until(lambda: all(s.served_at for g in victims for s in g.seats),
                     "every seat of the killed process's games to be served again",
                     recover_within)
        await asyncio.sleep(after)
    finally:
        stop.set()
        await chatting
    await _until(lambda: all(set(s.answers) >= set(s.queued) for s in seats),
                 "every queued action to be answered", 15)
    new_owners = {fleet.owner(g.game_id) for g in victims}
    for person in (p for g in games for p in (g.facilitator, *g.seats)):
        await _close(person)
    served = [s.served_at for g in victims for s in g.seats if s.served_at is not None]
    lost, doubled, wrong_seq, acked = await _check_log(fleet.db, games)
    return Outcome(killed, games, killed_at, min(served) - killed_at,
                   max(served) - killed_at, acked, lost, doubled, wrong_seq,
                   sum(len(set(s.queued) - set(s.answers)) for s in seats), new_owners)


async def _close(person: Person) -> None:
    person.resumed_with = person.link.token if person.link.attached else ""
    await person.link.close()
    if person.task is not None:
        await person.task


async def _check_log(db: str, games: list[Game]) -> tuple[list[str], list[str], list[str], int]:
    store = store_for(db)
    await store.open()
    lost: list[str] = []
    doubled: list[str] = []
    wrong_seq: list[str] = []
    acked = 0
    try:
        for game in games:
            row = await store.load_game(game.game_id)
            assert row is not None
            logged: dict[str, list[int]] = {}
            for seq, _actor, _command, key, _reply in row.commands:
                if key:
                    logged.setdefault(key, []).append(seq)
            doubled += [k for k, seqs in logged.items() if len(seqs) > 1]
            for seat in game.seats:
                for action_id, reply in seat.answers.items():
                    if reply.get("type") != "ack":
                        continue
                    acked += 1
                    key = f"t1/{seat.role}:{action_id}"
                    if key not in logged:
                        lost.append(key)
                    elif logged[key] != [reply["seq"]]:
                        wrong_seq.append(key)
    finally:
        await store.close()
    return lost, doubled, wrong_seq, acked
