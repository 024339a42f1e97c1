"""Small copy-on-write helpers for changing one team inside a game state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triops.game.model.errors import NotEnoughCredits, UnknownTarget
from triops.game.model.state import ChatMessage, CreditEntry, Evidence, GameState, Seat, Team
from triops.game.model.values import evolve
from triops.game.model.vocab import ROLE_NAMES


def find_team(state: GameState, team_id: str) -> Team:
    for team in state.teams:
        if team.id == team_id:
            return team
    raise UnknownTarget(f'There is no team "{team_id}".')


def put_team(state: GameState, team: Team) -> GameState:
    return evolve(state, teams=tuple(team if t.id == team.id else t for t in state.teams))


def put_seat(team: Team, seat: Seat) -> Team:
    return evolve(team, seats={**team.seats, seat.role: seat})


def available(team: Team, role: str) -> int:
    """Credits a seat can spend now: its envelope, or the team pool once pooled."""
    return team.pool if team.pool is not None else team.envelopes.get(role, 0)


def debit(team: Team, role: str, amount: int, what: str = "") -> Team:
    """Take credits from a seat's envelope (or the pool); refuse rather than go negative."""
    have = available(team, role)
    if amount > have:
        who = "The team pool" if team.pool is not None else f"The {ROLE_NAMES[role]} envelope"
        raise NotEnoughCredits(f"{who} holds {have} cr; {what or 'this'} needs {amount} cr.")
    if team.pool is not None:
        return evolve(team, pool=team.pool - amount)
    return evolve(team, envelopes={**team.envelopes, role: team.envelopes[role] - amount})


def credit(team: Team, role: str, amount: int) -> Team:
    if team.pool is not None:
        return evolve(team, pool=team.pool + amount)
    return evolve(team, envelopes={**team.envelopes, role: team.envelopes.get(role, 0) + amount})


def credits_held(team: Team) -> int:
    """Every credit the team still holds: envelopes, pool, pledges and reserved responses."""
    total = sum(team.envelopes.values()) + (team.pool or 0)
    total += sum(i.pledged for i in team.initiatives.values())
    total += sum(sum(inc.reserved_cr.values()) for inc in team.incidents.values())
    return total


def treasury_balance(team: Team) -> int:
    return sum(entry.amount for entry in team.treasury)


def book(team: Team, quarter: int, kind: str, amount: int, what: str) -> Team:
    if amount == 0:
        return team
    return evolve(team, treasury=(*team.treasury, CreditEntry(quarter, kind, amount, what)))


def add_evidence(
    team: Team,
    quarter: int,
    kind: str,
    objectives: tuple[str, ...],
    detail: Mapping[str, Any],
    by: str = "",
) -> Team:
    actor, name = seat_actor(team, by)
    entry = Evidence(quarter, kind, objectives, dict(detail), by, actor, name)
    return evolve(team, ledger=(*team.ledger, entry))


def seat_actor(team: Team, role: str) -> tuple[str, str]:
    """Who acts for a seat now: ("person", their name) or ("bot", ""); ("", "") for no seat.

    A seat no person holds is played by a bot (a named one, or the game's empty-seat bot).
    """
    seat = team.seats.get(role)
    if seat is None:
        return "", ""
    if seat.holder == "human":
        return "person", seat.name
    return "bot", ""


def seat_bot(holder: str, bot_level: str, empty_level: str) -> str:
    """The level of the bot that plays a seat, or "" when none does: a bot the facilitator
    seated plays at its own level; an empty seat gets the game's empty-seat bot unless the
    game was created with `bots: "none"`. The seats' `bot` field in the server's views and
    the server's bot loop both ask this."""
    if holder == "bot":
        return bot_level
    if holder == "empty" and empty_level != "none":
        return empty_level
    return ""


def add_chat(team: Team, message: ChatMessage) -> Team:
    """Append a message, stamping a seat's author as it is now (moves never relabel it)."""
    if message.sender in team.seats and not message.author:
        author, name = seat_actor(team, message.sender)
        message = evolve(message, author=author, name=name)
    return evolve(team, chat=(*team.chat, message))


def clear_ready(team: Team, role: str) -> Team:
    seat = team.seats[role]
    return put_seat(team, evolve(seat, ready=False)) if seat.ready else team
