"""Engine throughput: full six-quarter games, four teams, random legal play.

Target (docs/targets.md): one game in <= 20 ms of CPU. Run: `make bench` or
`python bench/engine.py --games 200`. Reports CPU time per game (process time, so other load
on the machine does not count) for pure engine play, and for bot play through seat views.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from triops.game.bots.driver import bot_game
from triops.game.model.commands import (
    FACILITATOR,
    Actor,
    Advance,
    ForceResolve,
    SetReady,
    StartGame,
)
from triops.game.model.state import GameSettings, GameState
from triops.game.model.vocab import ROLES
from triops.game.rules.legal import legal_commands
from triops.game.rules.new_game import new_game
from triops.game.rules.reducer import apply
from triops.game.scenario.model import Scenario
from triops.scenarios import find_scenario

TEAMS = ("North", "South", "East", "West")
ACTIONS_PER_SEAT = 4


def random_legal_game(scenario: Scenario, seed: int) -> tuple[GameState, int]:
    state = new_game(scenario, GameSettings(seed=seed, team_names=TEAMS))
    state, _ = apply(state, FACILITATOR, StartGame())
    rand = random.Random(seed)
    commands = 1
    while state.phase != "ended":
        if state.phase == "review":
            state, _ = apply(state, FACILITATOR, Advance())
            commands += 1
            continue
        for team in state.teams:
            for role in ROLES:
                actor = Actor.seat(team.id, role)
                for _ in range(ACTIONS_PER_SEAT):
                    options = [c for c in legal_commands(state, team.id, role)
                               if not isinstance(c, SetReady)]
                    if not options:
                        break
                    state, _ = apply(state, actor, rand.choice(options))
                    commands += 1
        state, _ = apply(state, FACILITATOR, ForceResolve())
        commands += 1
    return state, commands


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--games", type=int, default=100)
    parser.add_argument("--scenario", default="retail-novice")
    args = parser.parse_args()
    scenario = find_scenario(args.scenario)  # loaded once, outside the timing

    per_game = []
    total_commands = 0
    for seed in range(args.games):
        start = time.process_time()
        _, commands = random_legal_game(scenario, seed)
        per_game.append(time.process_time() - start)
        total_commands += commands
    ms = [t * 1000 for t in per_game]
    print(f"random legal play, 4 teams x 6 quarters, {args.games} games")
    print(f"  CPU per game: mean {statistics.mean(ms):.1f} ms, median {statistics.median(ms):.1f}"
          f" ms, max {max(ms):.1f} ms  (target <= 20 ms)")
    print(f"  commands per game: {total_commands / args.games:.0f}; "
          f"CPU per command: {sum(per_game) / total_commands * 1e6:.0f} us")

    bot_games = max(1, args.games // 5)
    start = time.process_time()
    for seed in range(bot_games):
        table = bot_game(scenario, GameSettings(seed=seed, team_names=TEAMS),
                         {"t1": "expert", "t2": "competent", "t3": "novice", "t4": "random"})
        table.play_to_end()
    per_bot = (time.process_time() - start) / bot_games * 1000
    print(f"bot play through seat views, 4 teams: {per_bot:.0f} ms CPU per game "
          f"({bot_games} games)")


if __name__ == "__main__":
    main()
