"""The report model's people: each seat's contributions, what a team's persons decided apart
from the bots, and each person's record across the seats they held."""

from __future__ import annotations

from typing import Any

from triops.game.model.state import GameState, Team
from triops.game.model.vocab import ROLE_NAMES
from triops.game.scoring.objectives import (
    SeatContribution,
    assess_people,
    bot_summary,
    has_bot_work,
    people_in,
    seat_contributions,
)
from triops.report.model_objectives import _objective

Plain = dict[str, Any]


def _contribution(c: SeatContribution) -> Plain:
    return {"role": c.role, "role_name": ROLE_NAMES[c.role], "holder": c.holder,
            "actor": "person" if c.holder == "person" else "bot",
            "name": c.name, "clues_shared": c.clues_shared,
            "investigations": c.investigations,
            "cross_role_investigations": c.cross_role_investigations,
            "diagnoses_proposed": c.diagnoses_proposed,
            "responses_proposed": c.responses_proposed,
            "notifications": c.notifications, "credits_pledged": c.credits_pledged,
            "credits_moved": c.credits_moved, "artefact_edits": c.artefact_edits,
            "chat_messages": c.chat_messages}


def _people(state: GameState, team: Team) -> Plain | None:
    """What the team's persons decided, apart from the bots: their own levels and what the
    bots did. None when no bot decided anything (the team's levels are the persons')."""
    persons = people_in(team) or tuple(s.name for s in team.seats.values()
                                        if s.holder == "human")
    if not has_bot_work(team) or not persons:
        return None
    own = assess_people(state, team.id)
    return {
        "names": list(persons),
        "objectives": [_objective(o) for o in own.objectives],
        "bots": list(bot_summary(team)),
    }


def _persons(state: GameState) -> list[Plain]:
    """Each person's record across every seat they held (a seat move keeps it)."""
    by_name: dict[str, list[Plain]] = {}
    for team in state.teams:
        for c in seat_contributions(team):
            if c.holder == "person" and c.name:
                by_name.setdefault(c.name, []).append(
                    {"team": team.id, "team_name": team.name, **_contribution(c)})
    return [{"name": name, "seats": rows} for name, rows in by_name.items()]
