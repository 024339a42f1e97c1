"""What a condition can read about a team, as one value: view parts and legal commands that
depend on a team only through conditions are reused between teams with the same."""

from __future__ import annotations

from typing import Any

from triops.game.model.state import GameState, Team
from triops.game.rules.in_effect import committee_active, effective_ranks


def capabilities(state: GameState, team: Team) -> tuple[Any, ...]:
    """Everything a condition can read about a team (triops/scenarios/README.md, "Conditions").

    Two teams with the same capabilities answer every condition alike, so view parts that
    depend on the team only through conditions can be reused between them.
    """
    q = state.quarter
    if _CAPS[0] is team and _CAPS[1] is state.scenario and _CAPS[2] == q:
        known: tuple[Any, ...] = _CAPS[3]
        return known
    charter = team.charter
    caps = (
        tuple(effective_ranks(team, state.scenario, q).values()),
        committee_active(team, state.scenario, q),
        charter.decision_rights if charter is not None else None,
        tuple(k for k, p in team.standards.items() if p.adopted is not None),
        tuple(team.metrics.values()),
    )
    _CAPS[:] = [team, state.scenario, q, caps]
    return caps


_CAPS: list[Any] = [None, None, None, None]  # the last team asked about, and its answer


def forget_capabilities() -> None:
    _CAPS[:] = [None, None, None, None]
