"""A room's clock and its bot seats: the loops that tick the phase clock when its deadline
passes and let bots play the seats no person holds (docs/facilitator-guide.md, "Beside
people"). `Room` takes them from `RoomSeats`; they change the game only through
`Room.submit`, like everyone else.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import TYPE_CHECKING, Any

from triops.game.bots.driver import (
    MAX_ASSIST_STEPS,
    MAX_STEPS_PER_QUARTER,
    bot_answer,
    bot_step,
    policy_for,
)
from triops.game.model.commands import SERVER, Actor, Command, SetReady, Tick
from triops.game.model.state import GameState
from triops.game.model.vocab import ROLES
from triops.game.rules.teams import seat_bot

# Assisting bots leave a person a fair share of each phase: half its clock
# (docs/facilitator-guide.md, "Beside people").
FAIR_SHARE = 0.5


class RoomSeats:
    """The clock and bot-seat half of a `Room` (the room holds the state they read)."""

    state: GameState
    options: dict[str, Any]
    bot_delay: float
    _bot_steps: dict[tuple[str, str, int], int]
    _bot_idle: dict[tuple[str, str], tuple[Any, bool]]
    _phase_started: tuple[int, float]
    _changed: asyncio.Event

    if TYPE_CHECKING:
        async def submit(self, actor: Actor, command: Command) -> dict[str, Any]: ...

    # --- the clock and the bots --------------------------------------------------------

    async def _run_clock(self) -> None:
        while True:
            state = self.state
            if state.deadline is None or state.paused or state.phase in ("lobby", "ended"):
                await self._wait_change(None)
                continue
            delay = state.deadline - time.time()
            if delay > 0:
                await self._wait_change(delay)
                continue
            reply = await self.submit(SERVER, Tick(at=time.time()))
            if reply["type"] == "error":
                await self._wait_change(1.0)

    async def _wait_change(self, timeout: float | None) -> None:
        self._changed.clear()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self._changed.wait(), timeout)

    def bot_seats(self) -> list[tuple[str, str, str]]:
        """(team, role, level) of every seat a bot plays now."""
        empty_level = str(self.options.get("bots", "novice"))
        out: list[tuple[str, str, str]] = []
        for team in self.state.teams:
            for role in ROLES:
                seat = team.seats[role]
                level = seat_bot(seat.holder, seat.bot_level, empty_level)
                if level:
                    out.append((team.id, role, level))
        return out

    def bot_mode(self) -> str:
        """How bots play in a team with a person: "assist" (the default) or "full"."""
        return str(self.options.get("bot_mode", "assist"))

    def _assisting(self, team_id: str) -> bool:
        """Whether the bots of this team assist a person who is still playing the phase."""
        if self.bot_mode() != "assist":
            return False
        seats = self.state.team(team_id).seats.values()
        return any(s.holder == "human" for s in seats) and not all(
            s.ready for s in seats if s.holder == "human")

    def _with_person(self, team_id: str) -> bool:
        """Whether this team's bots assist a person this quarter (assist mode, a person
        seated), whether or not the person has marked ready yet."""
        return self.bot_mode() == "assist" and any(
            s.holder == "human" for s in self.state.team(team_id).seats.values())

    def _share_at(self) -> float | None:
        """When half of the current phase's clock will have gone (no clock, paused: None)."""
        state = self.state
        if state.deadline is None or state.paused:
            return None
        started = self._phase_started[1] if self._phase_started[0] == state.phase_seq else (
            time.time())
        return started + FAIR_SHARE * max(0.0, state.deadline - started)

    def clock_share_passed(self) -> bool:
        """Whether half of the current phase's clock has gone (no clock: never)."""
        at = self._share_at()
        return at is not None and time.time() >= at

    def _share_wait(self) -> float | None:
        """Seconds until an idle assisting bot should look again because the share passes."""
        at = self._share_at()
        if not self._bot_idle or at is None or time.time() >= at:
            return None
        return max(0.05, at - time.time())

    def _idle_team_changed(self) -> bool:
        return any(self.state.team(t) is not team for (t, _), (team, _) in self._bot_idle.items()
                   if any(x.id == t for x in self.state.teams))

    def _next_bot(self) -> tuple[str, str, str] | None:
        state = self.state
        if state.phase != "planning" or state.paused:
            return None
        share = self.clock_share_passed()
        # A bot that has marked ready still answers a person's question (`bot_answer`).
        candidates = [(t, r, lvl) for t, r, lvl in self.bot_seats()
                      if (not state.team(t).seats[r].ready or self._assisting(t))
                      and self._bot_idle.get((t, r)) != (state.team(t), share)]
        if not candidates:
            return None
        # The seat that has acted least this quarter goes next, so bots interleave.
        return min(candidates,
                   key=lambda s: (self._bot_steps.get((s[0], s[1], state.quarter), 0), s[0], s[1]))

    async def _run_bots(self) -> None:
        while True:
            seat = self._next_bot()
            if seat is None:
                await self._wait_change(self._share_wait())
                continue
            team, role, level = seat
            quarter = self.state.quarter
            step = self._bot_steps.get((team, role, quarter), 0)
            assisting = self._assisting(team)
            share = self.clock_share_passed()
            policy = policy_for(level, self.state.scenario, self.bot_mode(), share)
            if self.state.team(team).seats[role].ready:
                # Ready, and a person still plays: answer their questions, nothing else
                # (a chat line leaves the seat ready); then wait for the team to change.
                command = bot_answer(policy, self.state, team, role, step)
                if command is None:
                    self._bot_idle[(team, role)] = (self.state.team(team), share)
                    continue
                self._bot_steps[(team, role, quarter)] = step + 1
                reply = await self.submit(Actor.seat(team, role), command)
                if reply["type"] == "error":  # refused (a bug): never spin on it
                    self._bot_idle[(team, role)] = (self.state.team(team), share)
                else:
                    self._bot_idle.pop((team, role), None)
                await asyncio.sleep(self.bot_delay)  # 0 still yields: see below
                continue
            # Beside a person the bots' steps include answering all quarter: the larger
            # limit holds once the person has marked ready too (with the smaller one, a bot
            # that had talked a lot marked ready at once and funded nothing).
            limit = MAX_ASSIST_STEPS if self._with_person(team) else MAX_STEPS_PER_QUARTER
            command = bot_step(policy, self.state, team, role, step, limit)
            if command is None and assisting:
                # Nothing to say or do now, but the person is still playing: stay at the
                # table (not ready) and look again when the team changes.
                self._bot_idle[(team, role)] = (self.state.team(team), share)
                continue
            self._bot_idle.pop((team, role), None)
            self._bot_steps[(team, role, quarter)] = step + 1
            actor = Actor.seat(team, role)
            reply = await self.submit(actor, command or SetReady(True))
            if reply["type"] == "error" and command is not None:
                await self.submit(actor, SetReady(True))
            # Even with no delay, give the event loop a turn: `submit` commits without one,
            # so bots would otherwise play a whole quarter before anyone else is heard.
            await asyncio.sleep(self.bot_delay)
