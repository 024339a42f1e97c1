"""What a seat may do now, and why not where it can't, for the seat view.

Each answer is the reducer's own: a small command is tried against the state with `apply`,
and a refusal's message is the reason the player reads. The apps show these instead of
checking the rules again, so a rule lives in one place.
"""

from __future__ import annotations

from typing import Any

from triops.game.memo import IdentityMemo
from triops.game.model.commands import Actor, Pledge
from triops.game.model.errors import RuleError
from triops.game.model.state import GameState, InitiativeState, Team
from triops.game.rules.in_effect import next_level_cost
from triops.game.rules.reducer import apply, decisions_closed
from triops.game.rules.teams import available

# Asked for each seat's view on every update; answers are kept while the parts of the state
# a pledge reads are the same objects (states are immutable). A pledge costs no action points
# and does not depend on who is ready, so a seat's other moves keep the answer.
_MEMO = IdentityMemo(1 << 12)
# The answers themselves are few (a handful of refusals, a few amounts): one shared dict each,
# so thousands of seats' views hold references, not copies.
_ANSWERS: dict[tuple[Any, ...], dict[str, Any]] = {}


def affordances(state: GameState, team: Team, role: str) -> dict[str, Any]:
    """`decide`: None while the seat can make its planning decisions, else `{why, code}` (the
    phase or a pause); `pledge`: initiative id → `{max}` (the most this seat can pledge now) or
    `{why, code}` (the refusal's sentence and its error code)."""
    key = ("pledge", team.id, role, state.phase, state.quarter, state.paused,
           available(team, role), team.pool is None)
    # The whole answer is remembered, so a view built again holds the very same object and the
    # server's patch skips it unread.
    found: dict[str, Any] = _MEMO.remember(
        key, (state.scenario, team.initiatives, team.charter, team.modifiers, state.settings),
        lambda: _shared({"decide": _decide(state), "pledge": _pledges(state, team, role)}))
    return found


def _decide(state: GameState) -> dict[str, Any] | None:
    closed = decisions_closed(state)
    return None if closed is None else _answer(why=str(closed), code=closed.code)


def _pledges(state: GameState, team: Team, role: str) -> dict[str, dict[str, Any]]:
    actor = Actor.seat(team.id, role)
    out: dict[str, dict[str, Any]] = {}
    for ident in state.scenario.initiatives:
        try:
            apply(state, actor, Pledge(ident, 1))
        except RuleError as err:
            out[ident] = _answer(why=str(err), code=err.code)
            continue
        cost = next_level_cost(team, state.scenario, ident, state.quarter) or 0
        pledged = team.initiatives.get(ident, InitiativeState(ident)).pledged
        out[ident] = _answer(max=min(cost - pledged, available(team, role)))
    return out


def _shared(answer: dict[str, Any]) -> dict[str, Any]:
    """One object for every seat whose answers are the same (all of them during setup)."""
    key = ("whole", id(answer["decide"]), *((k, id(v)) for k, v in answer["pledge"].items()))
    found = _ANSWERS.get(key)
    if found is None:
        found = _ANSWERS[key] = answer
    return found


def _answer(**fields: Any) -> dict[str, Any]:
    key = tuple(sorted(fields.items()))
    found = _ANSWERS.get(key)
    if found is None:
        if len(_ANSWERS) > 4096:  # sentences name initiatives and amounts: bounded anyway
            _ANSWERS.clear()
        found = _ANSWERS[key] = dict(fields)
    return found


def forget() -> None:
    _MEMO.clear()
    _ANSWERS.clear()
