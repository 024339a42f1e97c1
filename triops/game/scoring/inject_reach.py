"""Which objectives and seat pairs an inject makes a team work on: the facilitator's guide to
choosing an inject for a team's gap. Worked out from the scenario, so the facilitator view
carries it with each library inject and the console renders it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from triops.game.scenario.model import Scenario

SEAM_PAIRS = {"data-ml": ("dataops", "mlops"), "ml-fin": ("mlops", "finops"),
              "data-fin": ("dataops", "finops")}


def inject_reach(effects: Iterable[Mapping[str, Any]], scenario: Scenario
                 ) -> tuple[set[str], set[tuple[str, str]]]:
    """The objectives and role pairs an inject's effects (as plain data) call on.

    Every inject invites a roadmap revision (LO1). Incidents, and more likely incidents,
    call for diagnosis and response (LO2, LO3) across the seams they cross, and for the
    standards that address their tags (LO5). Deadlines and governance hits call on the
    committee (LO4); money changes call for re-planning and negotiation between seats.
    """
    objectives = {"LO1"}
    pairs: set[tuple[str, str]] = set()

    def seams_to_pairs(seams: Iterable[str]) -> None:
        pairs.update(SEAM_PAIRS[seam] for seam in seams if seam in SEAM_PAIRS)

    for effect in effects:
        kind = effect.get("kind")
        if kind == "incident":
            objectives |= {"LO2", "LO3"}
            spec = scenario.incidents.get(str(effect.get("incident")))
            if spec is not None:
                seams_to_pairs(spec.seams)
                if any(set(spec.tags) & set(s.addresses) for s in scenario.standards.values()):
                    objectives.add("LO5")
        elif kind == "probability":
            objectives |= {"LO2", "LO3", "LO5"}
            tags = set(effect.get("tags") or ())
            for spec in scenario.incidents.values():
                if not tags or tags & set(spec.tags):
                    seams_to_pairs(spec.seams)
        elif kind == "clock":
            objectives |= {"LO3", "LO4"}
        elif kind in ("metric", "modifier") and effect.get("metric") == "governance":
            objectives.add("LO4")
        elif kind == "budget":
            objectives.add("LO4")  # a cut tests the pooling right and the negotiation
            pairs |= {("mlops", "finops"), ("dataops", "finops")}
        elif kind == "cost":
            pairs |= {("mlops", "finops"), ("dataops", "finops")}
    return objectives, pairs


def reach_plain(effects: Iterable[Mapping[str, Any]], scenario: Scenario) -> dict[str, Any]:
    objectives, pairs = inject_reach(effects, scenario)
    return {"objectives": sorted(objectives), "pairs": [list(p) for p in sorted(pairs)]}
