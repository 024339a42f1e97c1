"""Whole-team strategies: the bot levels and the balance-testing strategies of GAME.md.

A strategy names the policy each of a team's three seats plays. The levels (novice, competent,
expert) are teammates; the others exist to test that the rules reward what the lesson
teaches (GAME.md, "Balance"):
- reference: the scenario's reference roadmap (CONTENT.md §6.6), played by competent seats;
- silo: each seat funds only its own discipline's initiatives and keeps its clues to itself;
- cost-cutter: the FinOps freeze: no new initiatives, the cheapest response to everything;
- all-in: every credit into one initiative (`all-in:I6` names it; plain `all-in` lets the
  bots pick the one that looks strongest);
- random: uniformly random legal play.

Strategies read the scenario only for public design data: the reference roadmap (shown in
every debrief) and the initiative and standards catalogue (the expert's look-ahead).
"""

from __future__ import annotations

from game.bots.base import Policy
from game.bots.lookahead import Lookahead, public_catalogue
from game.bots.random_bot import RandomPolicy
from game.bots.teammate import Style, TeammatePolicy
from game.scenario_model import Scenario
from game.state import RoadmapEntry
from game.vocab import METRICS, ROLES

LEVELS = ("novice", "competent", "expert")
STRATEGIES = ("reference", "silo", "cost-cutter", "all-in", "random", *LEVELS)


class UnknownStrategy(ValueError):
    """A strategy name that is not one of STRATEGIES (or all-in:<initiative>)."""


def check_strategy(name: str, scenario: Scenario | None = None) -> None:
    base, _, arg = name.partition(":")
    if base not in STRATEGIES or (arg and base != "all-in"):
        raise UnknownStrategy(f"unknown strategy {name!r}; choose from "
                              f"{', '.join(STRATEGIES)} (or all-in:<initiative id>)")
    if arg and scenario is not None and arg not in scenario.initiatives:
        raise UnknownStrategy(f"all-in:{arg}: no initiative {arg!r} in {scenario.id}")


def reference_roadmap(scenario: Scenario) -> tuple[RoadmapEntry, ...]:
    out = []
    for target in scenario.reference_roadmap:
        metric, _, value = target.kpi.partition(">=")
        ok = metric in METRICS and value.isdigit()
        out.append(RoadmapEntry(target.initiative, target.level, target.quarter, target.owner,
                                metric if ok else "", int(value) if ok else 0))
    return tuple(out)


def style_for(name: str, scenario: Scenario | None = None) -> Style | None:
    """The teammate style a strategy plays, or None for random play."""
    check_strategy(name, scenario)
    base, _, arg = name.partition(":")
    if base == "random":
        return None
    if base in LEVELS:
        planner = Lookahead(public_catalogue(scenario)) if (
            base == "expert" and scenario is not None) else None
        return Style(level=base, planner=planner)
    if base == "reference":
        roadmap = reference_roadmap(scenario) if scenario and scenario.reference_roadmap else None
        return Style(level="competent", roadmap=roadmap)
    if base == "silo":
        return Style(level="competent", funding="silo", pool_clues=False, responses="own-lane")
    if base == "cost-cutter":
        return Style(level="competent", funding="freeze", responses="cheapest")
    return Style(level="competent", funding="all-in", focus=arg)


def team_policies(name: str, scenario: Scenario | None = None) -> dict[str, Policy]:
    """One policy per seat for a team playing strategy `name`."""
    style = style_for(name, scenario)
    if style is None:
        return {r: RandomPolicy() for r in ROLES}
    return {r: TeammatePolicy(style=style, name=name) for r in ROLES}
