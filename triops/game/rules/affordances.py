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
from triops.game.rules.reducer import apply
from triops.game.rules.teams import available

# Asked for each seat's view on every update; answers are kept while the parts of the state
# they read are the same objects (states are immutable).
_MEMO = IdentityMemo(1 << 14)


def affordances(state: GameState, team: Team, role: str) -> dict[str, Any]:
    """`pledge`: initiative id → `{max}` (the most this seat can pledge now) or `{why, code}`
    (the refusal's sentence and its error code)."""
    key = ("pledge", team.id, role, state.phase, state.quarter, state.paused,
           available(team, role), team.pool is None)
    return {"pledge": _MEMO.remember(key, (state.scenario, team.initiatives, team.charter,
                                           team.modifiers, team.seats[role], state.settings),
                                     lambda: _pledges(state, team, role))}


def _pledges(state: GameState, team: Team, role: str) -> dict[str, dict[str, Any]]:
    actor = Actor.seat(team.id, role)
    out: dict[str, dict[str, Any]] = {}
    for ident in state.scenario.initiatives:
        try:
            apply(state, actor, Pledge(ident, 1))
        except RuleError as err:
            out[ident] = {"why": str(err), "code": err.code}
            continue
        cost = next_level_cost(team, state.scenario, ident, state.quarter) or 0
        pledged = team.initiatives.get(ident, InitiativeState(ident)).pledged
        out[ident] = {"max": min(cost - pledged, available(team, role))}
    return out


def forget() -> None:
    _MEMO.clear()
