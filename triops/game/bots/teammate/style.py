"""How a bot plays: its level and the balance strategy it follows."""

from __future__ import annotations

from dataclasses import dataclass

from triops.game.model.state import RoadmapEntry


@dataclass(frozen=True)
class Style:
    """How a bot plays: its skill, how it funds, how far it cooperates, whether it talks.

    funding: "roadmap" (fund the team's roadmap), "silo" (a seat funds only initiatives of
    its own discipline, alone), "freeze" (fund nothing), "all-in" (every credit to one
    initiative, `focus`, or the one that looks strongest), "cheapest-first" (every next
    level it can afford, cheapest first) or "spend-all" (whatever it can buy, any order,
    keeping nothing back).
    responses: "best" (weigh each plan over the causes still believed), "cheapest" (the
    cost-cutter's choice), "own-lane" (only what the seat can do on its own), "dearest" (the
    priciest plan, the longest if tied: reading price as quality) or "over" (always the
    sledgehammer).
    """

    level: str = "competent"
    funding: str = "roadmap"
    roadmap: tuple[RoadmapEntry, ...] | None = None  # drafted in setup instead of a plan
    focus: str = ""
    pool_clues: bool = True
    responses: str = "best"
    artefacts: bool = True
    talk: bool = True
    diagnosis: str = "pooled"  # pooled: weigh every seat's clues; own: only this seat's
    share: bool = True  # post clues to the team (it costs action points)
    cosmetic: bool = False  # edit the artefacts every quarter, follow none of it
    # What catches a planless team's eye differs from game to game: the game's seed, which
    # seeds the order a spend-all team buys in (keyed by team alone, every game bought in
    # one fixed order, so the battery measured one arbitrary roadmap, not planless buying).
    whims: str = ""
