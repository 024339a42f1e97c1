"""`triops demo`: a bots-only game printed quarter by quarter, so every command is honest.

It shows what the engine does with no interface at all: each quarter's report, in which every
metric change names its causes, and the standings.
"""

from __future__ import annotations

import argparse
from typing import Any

from triops.game.bots.driver import bot_game
from triops.game.model.events import Event
from triops.game.model.state import GameSettings, GameState
from triops.game.model.vocab import METRIC_CODES, METRICS
from triops.game.scoring.score import goals_met, outcome_score
from triops.scenarios import find_scenario

SHOWN = ("incident_opened", "inject", "funding", "incident_outcome", "standard", "metric_change",
         "loss", "value", "upkeep", "crisis", "clock_missed", "clock_met")


def add_parser(sub: Any) -> None:
    p = sub.add_parser("demo", help="watch bot teams play a whole game, quarter by quarter")
    p.add_argument("--scenario", default="retail-novice", help="scenario id or path")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--levels", default="competent,novice",
                   help="one bot level per team: novice, competent, expert or random")
    p.add_argument("--team", default="", help="show the full report of this team only "
                   "(default: the first)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    scenario = find_scenario(args.scenario)
    levels = [lvl.strip() for lvl in args.levels.split(",") if lvl.strip()]
    names = tuple(f"{lvl.capitalize()} bots" + (f" {n + 1}" if levels.count(lvl) > 1 else "")
                  for n, lvl in enumerate(levels))
    settings = GameSettings(seed=args.seed, team_names=names)
    print(f"{scenario.title}  [{scenario.id}, seed {args.seed}]")
    print(scenario.summary)
    print()
    focus = {"id": ""}

    def listener(state: GameState, events: list[Event]) -> None:
        if not focus["id"]:
            match = [t for t in state.teams if t.name == args.team] if args.team else []
            focus["id"] = (match[0] if match else state.teams[0]).id
        resolved = [e for e in events if e.kind == "phase" and e.data.get("phase") == "review"]
        if resolved:
            _print_quarter(state, focus["id"])

    table = bot_game(scenario, settings,
                     {f"t{n + 1}": lvl for n, lvl in enumerate(levels)}, listener)
    state = table.play_to_end()
    _print_final(state)
    return 0


def _print_quarter(state: GameState, team_id: str) -> None:
    team = state.team(team_id)
    q = state.quarter
    print(f"── Quarter {q} {'(setup)' if q == 0 else ''} — report for {team.name} " + "─" * 20)
    for event in team.reports.get(q, ()):
        if event["kind"] in SHOWN or (q == 0 and event["kind"] == "setup"):
            print(f"  • {event['text']}")
    print("  Standings: " + ", ".join(
        f"{t.name} {t.history[-1].outcome}" for t in
        sorted(state.teams, key=lambda t: -t.history[-1].outcome)))
    print()


def _print_final(state: GameState) -> None:
    print("══ Final " + "═" * 60)
    header = "team".ljust(22) + " ".join(METRIC_CODES[m].rjust(4) for m in METRICS)
    print(header + "  value outcome goals")
    for team in sorted(state.teams,
                       key=lambda t: -outcome_score(t, state.scenario, state.quarter, True)):
        met = goals_met(team, state.scenario)
        row = team.name.ljust(22) + " ".join(str(team.metrics[m]).rjust(4) for m in METRICS)
        print(f"{row}  {team.value:5} {outcome_score(team, state.scenario, state.quarter, True):7}"
              f" {sum(met.values())}/{len(met)}")
