"""Events: what `apply` reports happened, for the server to push and the clients to show.

`audience` says who may see an event: `public` (everyone, spectators included), `team`
(every seat of `team`), a role name (only that seat of `team`), or `facilitator`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Event:
    kind: str
    text: str
    team: str = ""
    audience: str = "team"
    quarter: int = 0
    data: Mapping[str, Any] = field(default_factory=dict)

    def plain(self) -> dict[str, Any]:
        # `data` holds plain values already (rules build it from str, int, list and dict).
        return {"kind": self.kind, "text": self.text, "team": self.team,
                "audience": self.audience, "quarter": self.quarter, "data": dict(self.data)}


def visible_to(event: Event, team: str | None, role: str | None, facilitator: bool) -> bool:
    """Whether a viewer (a seat, the facilitator, or a spectator when both are None) sees it."""
    if facilitator or event.audience == "public":
        return True
    if event.audience == "facilitator" or team is None or event.team != team:
        return False
    return event.audience == "team" or event.audience == role


def reach(events: Iterable[Event]) -> tuple[bool, set[str]]:
    """Who may see any of these events, coarsely (`visible_to` decides each one): whether
    one is public, and the teams one is for. A seat of another team, or a spectator when none
    is public, sees none of them; the facilitator sees them all."""
    public, teams = False, set()
    for event in events:
        public = public or event.audience == "public"
        if event.audience != "facilitator":
            teams.add(event.team)
    return public, teams


# The facilitator moved a person to another seat. `data` names both seats; the server follows
# the event to move the person's seat token and connection (server/rooms.py).
SEAT_MOVED = "seat_moved"

Seat = tuple[str, str]  # (team id, role)


def seat_moves(events: Iterable[Event]) -> list[tuple[Seat, Seat]]:
    """Every (from, to) seat move among these events, once each, in order."""
    out: list[tuple[Seat, Seat]] = []
    for event in events:
        if event.kind != SEAT_MOVED:
            continue
        d = event.data
        move = ((str(d["from_team"]), str(d["from_role"])), (str(d["to_team"]), str(d["to_role"])))
        if move not in out:  # a move across teams is reported to each team
            out.append(move)
    return out
