"""Events: what `apply` reports happened, for the server to push and the clients to show.

`audience` says who may see an event: `public` (everyone, spectators included), `team`
(every seat of `team`), a role name (only that seat of `team`), or `facilitator`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from game.codec import to_plain


@dataclass(frozen=True, slots=True)
class Event:
    kind: str
    text: str
    team: str = ""
    audience: str = "team"
    quarter: int = 0
    data: Mapping[str, Any] = field(default_factory=dict)

    def plain(self) -> dict[str, Any]:
        out: dict[str, Any] = to_plain(self)
        return out


def visible_to(event: Event, team: str | None, role: str | None, facilitator: bool) -> bool:
    """Whether a viewer (a seat, the facilitator, or a spectator when both are None) sees it."""
    if facilitator or event.audience == "public":
        return True
    if event.audience == "facilitator" or team is None or event.team != team:
        return False
    return event.audience == "team" or event.audience == role
