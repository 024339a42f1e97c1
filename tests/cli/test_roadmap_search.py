"""`triops scenario roadmap`: the search that tunes a scenario's reference roadmap."""

from __future__ import annotations

import dataclasses
import random
import tomllib

from tests.cli.test_cli import triops
from tests.game.helpers import retail, retail_data
from triops.balance.roadmap_search import (
    in_order,
    lands_in_time,
    mean_outcome,
    mutate,
    outcomes,
    rival_roadmaps,
    search,
    search_standards,
    standard_sets,
    standards_toml,
)
from triops.game.scenario.loader import load_scenario
from triops.game.scenario.model import RoadmapTarget
from triops.scenarios import find_scenario


def test_every_change_the_search_makes_keeps_crawl_walk_run_in_order() -> None:
    scenario = retail()
    rng = random.Random(3)
    roadmap = list(scenario.reference_roadmap)
    for _ in range(300):
        changed = mutate(scenario, roadmap, rng)
        if changed is not None:
            assert in_order(changed) and lands_in_time(scenario, changed)
            roadmap = changed
    assert in_order([RoadmapTarget("I1", "walk", 1, "finops")])  # crawl is implied
    assert not in_order([RoadmapTarget("I1", "crawl", 1, "finops"),
                         RoadmapTarget("I1", "crawl", 2, "finops")])  # crawl twice
    assert not in_order([RoadmapTarget("I1", "crawl", 3, "finops"),
                         RoadmapTarget("I1", "walk", 2, "finops")])  # walk before crawl


def test_the_search_never_returns_a_roadmap_worse_than_where_it_started() -> None:
    scenario = retail()
    seeds = range(1001, 1003)
    start = mean_outcome(scenario, scenario.reference_roadmap, seeds, 1)
    found = search(scenario, seeds, 4, 1, random.Random(1))
    assert in_order(found)
    assert mean_outcome(scenario, found, seeds, 1) >= start


def test_the_rivals_are_the_other_industries_at_the_same_difficulty() -> None:
    rivals = rival_roadmaps(find_scenario("finance-novice"))
    assert sorted(rivals) == ["healthcare-novice", "manufacturing-novice", "retail-novice"]
    assert rivals["retail-novice"] == list(find_scenario("retail-novice").reference_roadmap)


def test_with_rivals_the_search_starts_from_a_rival_that_plays_better_here() -> None:
    # A weak roadmap of our own (one crawl line) against a rival's full plan: the search
    # starts from the rival's, so what it returns plays as well here as the rival's does.
    scenario = retail()
    seeds = range(1001, 1003)
    weak = [scenario.reference_roadmap[0]]
    mine = dataclasses.replace(scenario, reference_roadmap=tuple(weak))
    rival = list(scenario.reference_roadmap)
    found = search(mine, seeds, 0, 1, random.Random(1), rivals={"rival": rival})
    assert found == rival
    assert sum(outcomes(mine, found, seeds, 1).values()) > sum(
        outcomes(mine, weak, seeds, 1).values())


def test_the_command_prints_reference_roadmap_tables_a_scenario_file_accepts() -> None:
    result = triops("scenario", "roadmap", "retail-novice", "--games", "2",
                    "--iterations", "2", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    lines = tomllib.loads(result.stdout)["reference_roadmap"]
    assert lines and all({"initiative", "level", "quarter", "owner"} <= set(line)
                         for line in lines)
    assert "start:" in result.stderr


def test_each_candidate_roadmap_is_the_one_played() -> None:
    # The bots' casebook is cached per scenario; a candidate that only swaps the roadmap
    # must not be played with the cached original (every candidate then scored the same).
    scenario = retail()
    seeds = range(1001, 1003)
    reference = mean_outcome(scenario, scenario.reference_roadmap, seeds, 1)
    crawl_only = [t for t in scenario.reference_roadmap if t.level == "crawl"]
    assert mean_outcome(scenario, crawl_only, seeds, 1) != reference


def test_the_standards_search_tries_each_set_of_up_to_three_once_with_seats_that_own_them(
) -> None:
    scenario = retail()
    sets = standard_sets(scenario)
    assert sets[0] == {}  # the expert's own reckoning
    seen = [frozenset(choice.values()) for choice in sets[1:]]
    assert len(seen) == len(set(seen)) and all(1 <= len(s) <= 3 for s in seen)
    for choice in sets[1:]:
        assert all(role in scenario.standards[ident].disciplines
                   and not scenario.standards[ident].requires
                   for role, ident in choice.items())
    ready = [i for i, spec in scenario.standards.items() if not spec.requires]
    assert {frozenset({i}) for i in ready} <= set(seen)


def test_the_standards_search_returns_the_set_the_expert_played_best_with() -> None:
    # Two standards in the catalogue keep the search to four sets.
    scenario = retail()
    scenario = dataclasses.replace(scenario, standards={
        i: scenario.standards[i] for i in ("odcs", "focus")})
    seeds = range(1001, 1003)
    said: list[str] = []
    best = search_standards(scenario, seeds, 1, said.append)
    assert len(said) == 5 and said[-1].startswith("best: ")
    scores = {line.split(" ", 1)[1]: float(line.split(" ", 1)[0]) for line in said[:-1]}
    assert scores[str(best) if best else "(the expert picks by its own reckoning)"] == max(
        scores.values())
    # what it prints is a table a scenario file accepts
    data = retail_data()
    data["reference_standards"] = tomllib.loads(standards_toml({"dataops": "odcs",
                                                                "finops": "focus"}))[
        "reference_standards"]
    assert dict(load_scenario(data, "x.toml").reference_standards) == {"dataops": "odcs",
                                                                        "finops": "focus"}
