"""`triops scenario roadmap`: search for a scenario's reference roadmap by playing it.

The reference roadmap is the facilitator's model answer and the bar the balance table holds
every exploit to, so it should be as good a plan as can be found, not a guess. This command
starts from the scenario's current reference (or the bots' goal-driven draft, if better) and
improves it by local search: add a level, drop one (and what builds on it), move a line a
quarter earlier or later; keep a change when competent seats following the roadmap score
higher on average over the search seeds. The search seeds (from 1001 up) are kept apart from
the seeds the balance table reports (1 to 200), so the table measures the roadmap on games
it was not tuned on.

With `--rivals`, the roadmap must also be this scenario's own: the other industries' reference
roadmaps (of the same difficulty) are played here too, and a candidate loses points for each
one it does not beat on at least nine search seeds in ten. Their roadmaps are starting points
as well: when another industry's plan plays better here than this one's, the search starts from
it and makes it fit.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import random
import statistics
import sys
from collections.abc import Sequence
from typing import Any

from triops.balance.simulate import play_all
from triops.game.bots.casebook import Casebook
from triops.game.bots.planner import RESERVE, reference_plan
from triops.game.model.state import GameSettings
from triops.game.model.vocab import LEVELS, ROLES
from triops.game.rules.new_game import new_game
from triops.game.scenario.model import RoadmapTarget, Scenario
from triops.game.views import seat_view
from triops.scenarios import find_scenario, load_all_scenarios

SEARCH_SEED = 1001  # the balance table reports seeds 1-200: tune on others


def add_parser(sub: Any) -> None:
    p = sub.add_parser("roadmap", help="search for a strong reference roadmap by playing it",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("scenario", help="scenario id or path")
    p.add_argument("--games", type=int, default=24, help="games per candidate (default 24)")
    p.add_argument("--iterations", type=int, default=150, help="changes tried (default 150)")
    p.add_argument("--seed", type=int, default=1, help="seed of the search's own choices")
    p.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    p.add_argument("--rivals", action="store_true",
                   help="also beat the other industries' reference roadmaps (same difficulty) "
                        "played in this scenario, and start from them too")
    p.add_argument("--standards", action="store_true",
                   help="search the playbook's standards instead: play the expert with every "
                        "set of up to three (one per seat) and print [reference_standards]")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    scenario = find_scenario(args.scenario)
    jobs = args.jobs or os.cpu_count() or 1
    seeds = range(SEARCH_SEED, SEARCH_SEED + args.games)
    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    if args.standards:
        print(standards_toml(search_standards(scenario, seeds, jobs, say)))
        return 0
    rivals = rival_roadmaps(scenario) if args.rivals else {}
    best = search(scenario, seeds, args.iterations, jobs, random.Random(args.seed),
                  progress=say, rivals=rivals)
    print(to_toml(scenario, best))
    return 0


# With rivals: the share of search seeds on which the roadmap must beat each rival's, and the
# points a candidate loses per unit of share it falls short by.
RIVAL_SHARE = 0.9
RIVAL_PENALTY = 15.0


def outcomes(scenario: Scenario, roadmap: Sequence[RoadmapTarget], seeds: Sequence[int],
             jobs: int) -> dict[int, int]:
    """Competent seats following `roadmap`: their outcome on each of `seeds`."""
    trial = dataclasses.replace(scenario, reference_roadmap=tuple(roadmap))
    return {r["seed"]: r["outcome"] for game in play_all(trial, ["reference"], seeds, jobs)
            for r in game.rows}


def mean_outcome(scenario: Scenario, roadmap: Sequence[RoadmapTarget], seeds: Sequence[int],
                 jobs: int) -> float:
    """Competent seats following `roadmap`: their mean outcome over `seeds`."""
    return statistics.mean(outcomes(scenario, roadmap, seeds, jobs).values())


def rival_roadmaps(scenario: Scenario) -> dict[str, list[RoadmapTarget]]:
    """The reference roadmaps of the scenarios of other industries at this scenario's
    difficulty (the library's and the user's), by scenario id."""
    return {other.id: list(other.reference_roadmap)
            for other in load_all_scenarios().values()
            if other.difficulty == scenario.difficulty and other.industry != scenario.industry}


def search(scenario: Scenario, seeds: Sequence[int], iterations: int, jobs: int,
           rng: random.Random, progress: Any = None,
           rivals: dict[str, list[RoadmapTarget]] | None = None) -> list[RoadmapTarget]:
    say = progress or (lambda text: None)
    theirs = {rid: outcomes(scenario, rm, seeds, jobs) for rid, rm in (rivals or {}).items()}

    def score(roadmap: list[RoadmapTarget]) -> float:
        mine = outcomes(scenario, roadmap, seeds, jobs)
        short = sum(max(0.0, RIVAL_SHARE - sum(mine[s] > t[s] for s in mine) / len(mine))
                    for t in theirs.values())
        return statistics.mean(mine.values()) - RIVAL_PENALTY * short

    starts = [list(scenario.reference_roadmap), drafted(scenario), *(rivals or {}).values()]
    scored = [(score(s), s) for s in starts
              if s and in_order(s) and lands_in_time(scenario, s)]
    best_score, best = max(scored, key=lambda pair: pair[0])
    say(f"start: {best_score:.2f}")
    for n in range(iterations):
        candidate = mutate(scenario, best, rng)
        if candidate is None:
            continue
        candidate_score = score(candidate)
        if candidate_score > best_score:
            best_score, best = candidate_score, candidate
            say(f"{n + 1}/{iterations}: {best_score:.2f}")
    return best  # in the order it was played: within a quarter, the order is the priority


def standard_sets(scenario: Scenario) -> list[dict[str, str]]:
    """Every way to propose up to three standards in setup, one per seat: each set of
    standards once, given to the first seats (in role order) that can own them. Standards
    that need initiatives first are left out: they cannot be adopted in setup. The empty set
    stands for the expert's own reckoning (what it does with no playbook standards)."""
    ready = sorted(i for i, spec in scenario.standards.items() if not spec.requires)
    out: list[dict[str, str]] = [{}]
    for size in (1, 2, 3):
        for combo in itertools.combinations(ready, size):
            for seats in itertools.permutations(ROLES, size):
                if all(r in scenario.standards[i].disciplines for r, i in zip(seats, combo,
                                                                              strict=True)):
                    out.append(dict(zip(seats, combo, strict=True)))
                    break
    return out


def search_standards(scenario: Scenario, seeds: Sequence[int], jobs: int,
                     progress: Any = None) -> dict[str, str]:
    """The playbook's standards: the set the expert scores best with over `seeds`."""
    say = progress or (lambda text: None)
    scored = []
    for choice in standard_sets(scenario):
        trial = dataclasses.replace(scenario, reference_standards=choice)
        rows = [r for game in play_all(trial, ["expert"], seeds, jobs) for r in game.rows]
        score = statistics.mean(float(r["outcome"]) for r in rows)
        say(f"{score:.2f} {choice or '(the expert picks by its own reckoning)'}")
        scored.append((score, choice))
    best_score, best = max(scored, key=lambda pair: pair[0])
    say(f"best: {best_score:.2f}")
    return best


def standards_toml(choice: dict[str, str]) -> str:
    return "\n".join(["[reference_standards]", *(f'{role} = "{ident}"'
                                                 for role, ident in choice.items())])


def drafted(scenario: Scenario) -> list[RoadmapTarget]:
    """The bots' goal-driven draft, seen from a seat at setup."""
    state = new_game(scenario, GameSettings(seed=SEARCH_SEED, team_names=("Search",)))
    view = seat_view(state, state.teams[0].id, "finops")
    book = Casebook.of(scenario)
    return [RoadmapTarget(line["initiative"], line["level"], int(line["quarter"]),
                          line["owner"], kpi(scenario, line["initiative"], line["level"]))
            for line in reference_plan(view, prevention=book.prevention, drag=True,
                                       reserve=max(RESERVE, book.incident_load / 2))]


def mutate(scenario: Scenario, roadmap: list[RoadmapTarget], rng: random.Random
           ) -> list[RoadmapTarget] | None:
    """One random change, or None when it would break the crawl-walk-run order."""
    out = list(roadmap)
    pick = rng.random()
    if pick < 0.4 or not out:  # add the next level of an initiative
        ident = rng.choice(sorted(scenario.initiatives))
        have = [t for t in out if t.initiative == ident]
        top = max((LEVELS.index(t.level) for t in have), default=-1)
        if top + 1 >= len(LEVELS):
            return None
        earliest = max((t.quarter for t in have), default=0) + (1 if have else 0)
        if earliest > scenario.quarters - 1:
            return None
        level = LEVELS[top + 1]
        out.append(RoadmapTarget(ident, level, rng.randint(max(1, earliest),
                                                           scenario.quarters - 1),
                                 scenario.initiatives[ident].owners[0],
                                 kpi(scenario, ident, level)))
    elif pick < 0.7:  # drop a level and every level above it
        gone = rng.choice(out)
        rank = LEVELS.index(gone.level)
        out = [t for t in out
               if not (t.initiative == gone.initiative and LEVELS.index(t.level) >= rank)]
    else:  # move a line a quarter
        k = rng.randrange(len(out))
        quarter = min(scenario.quarters, max(1, out[k].quarter + rng.choice((-1, 1))))
        out[k] = dataclasses.replace(out[k], quarter=quarter)
    return out if in_order(out) and lands_in_time(scenario, out) else None


def in_order(roadmap: Sequence[RoadmapTarget]) -> bool:
    """Each initiative's levels rise one line at a time, none before the one below it (a
    line may skip a level: `walk` alone buys crawl first)."""
    by: dict[str, list[RoadmapTarget]] = {}
    for t in roadmap:
        by.setdefault(t.initiative, []).append(t)
    for lines in by.values():
        lines.sort(key=lambda t: LEVELS.index(t.level))
        ranks = [LEVELS.index(t.level) for t in lines]
        if len(set(ranks)) != len(ranks):
            return False
        if any(b.quarter < a.quarter for a, b in itertools.pairwise(lines)):
            return False
    return True


def lands_in_time(scenario: Scenario, roadmap: Sequence[RoadmapTarget]) -> bool:
    """No line buys a level that would take effect after the last quarter (waste)."""
    return all(t.quarter + scenario.initiatives[t.initiative].levels[t.level].delay
               <= scenario.quarters for t in roadmap)


def kpi(scenario: Scenario, ident: str, level: str) -> str:
    """The line's KPI: its level's largest effect, a third of the way to where it settles."""
    spec = scenario.initiatives[ident]
    effects = spec.levels[level].effects
    if not effects:
        return ""
    below = spec.levels[LEVELS[LEVELS.index(level) - 1]].effects if level != "crawl" else {}
    metric = max(effects, key=lambda m: (effects[m] - below.get(m, 0), m))
    gain = effects[metric] - below.get(metric, 0)
    return f"{metric}>={min(100, scenario.start_metrics[metric] + max(2, gain // 3))}"


def to_toml(scenario: Scenario, roadmap: Sequence[RoadmapTarget]) -> str:
    blocks = []
    for t in roadmap:
        lines = ["[[reference_roadmap]]", f'initiative = "{t.initiative}"',
                 f'level = "{t.level}"', f"quarter = {t.quarter}", f'owner = "{t.owner}"']
        if t.kpi:
            lines.append(f'kpi = "{t.kpi}"')
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


__all__ = ["add_parser", "in_order", "lands_in_time", "search", "search_standards",
           "standard_sets", "standards_toml", "to_toml"]
