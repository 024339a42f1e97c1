"""Whole-team strategies: the bot levels and the balance-testing strategies.

A strategy names the policy each of a team's three seats plays. The levels (novice, competent,
expert) are teammates; the others exist to test that the rules reward what the lesson
teaches (docs/balance.md):
- reference: the scenario's reference roadmap, played by competent seats;
- silo: each seat funds only its own discipline's initiatives and keeps its clues to itself;
- cost-cutter: the FinOps freeze: no new initiatives, the cheapest response to everything;
- all-in: every credit into one initiative (`all-in:I6` names it; plain `all-in` lets the
  bots pick the one that looks strongest);
- random: uniformly random legal play.

The exploit battery (docs/balance.md) is what a lazy or cunning player would try; the
rules must make judgement beat every one of them:
- dearest: takes the priciest plan for every incident (reading price as thoroughness);
- own-clue: diagnoses from its own seat's clues only, never waiting for the others';
- no-share: never posts a clue, so saves the action points sharing costs;
- cheapest-first: buys every next level it can afford, cheapest first, no plan;
- greedy: all three shortcuts at once (cheapest-first buying, own-clue diagnoses, the
  dearest plan), the policy that used to top the leaderboard;
- hoard: funds nothing, keeps the money for incidents;
- over-correct: always takes the sledgehammer, which works whatever the cause;
- cosmetic: edits the artefacts every quarter (KPI tweaks, every decision right, more
  standards) and funds without following them;
- spend-all: spends every credit every quarter on whatever it can buy, no roadmap.

Strategies read the scenario only for public design data: the reference roadmap (shown in
every debrief), the initiative and standards catalogue (the expert's look-ahead) and the
casebook (what each clue would read like under each cause, `game.bots.casebook`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from triops.game.bots.base import Policy
from triops.game.bots.casebook import Casebook
from triops.game.bots.random_bot import RandomPolicy
from triops.game.bots.teammate import Style, TeammatePolicy
from triops.game.model.vocab import ROLES
from triops.game.scenario.model import Scenario

LEVELS = ("novice", "competent", "expert")
EXPLOITS = ("dearest", "own-clue", "no-share", "cheapest-first", "greedy", "hoard",
            "over-correct", "cosmetic", "spend-all")
STRATEGIES = ("reference", "silo", "cost-cutter", "all-in", "random", *LEVELS, *EXPLOITS)


class UnknownStrategy(ValueError):
    """A strategy name that is not one of STRATEGIES (or all-in:<initiative>)."""


def check_strategy(name: str, scenario: Scenario | None = None) -> None:
    base, _, arg = name.partition(":")
    if base not in STRATEGIES or (arg and base not in ("all-in", "reference")):
        raise UnknownStrategy(f"unknown strategy {name!r}; choose from "
                              f"{', '.join(STRATEGIES)} (or all-in:<initiative id>, "
                              "reference:<scenario id>)")
    if base == "all-in" and arg and scenario is not None and arg not in scenario.initiatives:
        raise UnknownStrategy(f"all-in:{arg}: no initiative {arg!r} in {scenario.id}")


def style_for(name: str, scenario: Scenario | None = None,
              others: Mapping[str, Scenario] | None = None) -> Style | None:
    """The teammate style a strategy plays, or None for random play.

    `reference:<id>` plays the reference roadmap of another scenario (from `others`): how
    a plan made for one organisation does in another.
    """
    check_strategy(name, scenario)
    base, _, arg = name.partition(":")
    if base == "random":
        return None
    if base in LEVELS:
        return Style(level=base)
    if base == "reference":
        source = (others or {}).get(arg) if arg else scenario
        if arg and source is None:
            raise UnknownStrategy(f"reference:{arg}: that scenario is not loaded")
        roadmap = Casebook.of(source).playbook if source and source.reference_roadmap else None
        return Style(level="competent", roadmap=roadmap)
    if base == "silo":
        return Style(level="competent", funding="silo", pool_clues=False, responses="own-lane")
    if base == "cost-cutter":
        return Style(level="competent", funding="freeze", responses="cheapest")
    if base == "all-in":
        return Style(level="competent", funding="all-in", focus=arg)
    return EXPLOIT_STYLES[base]


EXPLOIT_STYLES: dict[str, Style] = {
    "dearest": Style(level="competent", responses="dearest"),
    "own-clue": Style(level="competent", diagnosis="own"),
    "no-share": Style(level="competent", share=False),
    "cheapest-first": Style(level="competent", funding="cheapest-first"),
    "greedy": Style(level="competent", funding="cheapest-first", diagnosis="own",
                    responses="dearest"),
    "hoard": Style(level="competent", funding="freeze"),
    "over-correct": Style(level="competent", responses="over"),
    "cosmetic": Style(level="competent", funding="spend-all", cosmetic=True),
    "spend-all": Style(level="competent", funding="spend-all"),
}


def team_policies(name: str, scenario: Scenario | None = None,
                  others: Mapping[str, Scenario] | None = None,
                  seed: int | None = None) -> dict[str, Policy]:
    """One policy per seat for a team playing strategy `name` (in the game seeded `seed`)."""
    style = style_for(name, scenario, others)
    if style is None:
        return {r: RandomPolicy() for r in ROLES}
    if seed is not None:
        style = dataclasses.replace(style, whims=str(seed))
    book = Casebook.of(scenario)
    return {r: TeammatePolicy(style=style, name=name, casebook=book) for r in ROLES}
