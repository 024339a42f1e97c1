"""The standards catalogue of a scenario, read from the scenario files shipped with TriOps.

The seat view lists the standards a team has proposed but not the catalogue to choose from,
which is fixed scenario content, not game state. The client reads it from the same scenario
file the server loaded (by `view.game.scenario`). For a scenario this installation does not
have, it falls back to the standards already proposed.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def standards_catalogue(scenario_id: str) -> dict[str, dict[str, Any]]:
    """{standard id: {name, spec, kpi, disciplines, addresses}}; empty if unknown."""
    try:
        from triops.scenarios import find_scenario

        scenario = find_scenario(scenario_id)
    except Exception:  # an unknown or unreadable scenario: the view alone will have to do
        return {}
    return {s.id: {"name": s.name, "spec": s.spec, "kpi": s.kpi,
                   "disciplines": list(s.disciplines), "addresses": list(s.addresses),
                   "requires": [c.text for c in s.requires]}
            for s in scenario.standards.values()}
