"""`triops simulate` throughput: six-quarter games with four bot teams, on every core.

Target (issue 3): 1,000 games with four teams in under two minutes on a 2-core machine, i.e.
at least 8.3 games per second. Run: `python bench/simulate.py` (1,000 games by default) or
`python bench/simulate.py --games 200` for a quick look. It runs the same code path as the
command (`triops.balance.simulate.play_all`: one process per core, one team per strategy per game,
objective levels computed for every team) and reports wall-clock games per second, plus
the CPU cost of one game on one core for comparison with bench/engine.py.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from triops.balance.simulate import play_all
from triops.scenarios import find_scenario

MIXES = {
    "balance": ("reference", "silo", "cost-cutter", "all-in"),
    "levels": ("expert", "competent", "novice", "random"),
}
TARGET_SECONDS = 120.0
TARGET_GAMES = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--games", type=int, default=TARGET_GAMES)
    parser.add_argument("--scenario", default="retail-novice")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--mix", choices=(*MIXES, "both"), default="both",
                        help="which four strategies share each game")
    args = parser.parse_args()
    scenario = find_scenario(args.scenario)
    mixes = list(MIXES) if args.mix == "both" else [args.mix]
    print(f"{scenario.id}: {args.games} games x 4 teams x {scenario.quarters} quarters, "
          f"{args.jobs} worker processes on {os.cpu_count()} cores")
    for mix in mixes:
        strategies = MIXES[mix]
        seeds = range(1, args.games + 1)
        start = time.perf_counter()
        games = sum(1 for _ in play_all(scenario, strategies, seeds, args.jobs))
        wall = time.perf_counter() - start
        cpu_start = time.process_time()
        sample = range(10_001, 10_011)
        for _ in play_all(scenario, strategies, sample, 1):
            pass
        per_game = (time.process_time() - cpu_start) / len(sample) * 1000
        rate = games / wall
        projected = TARGET_GAMES / rate
        verdict = "meets" if projected <= TARGET_SECONDS else "MISSES"
        print(f"  {mix:8} ({', '.join(strategies)}): {games} games in {wall:.1f} s = "
              f"{rate:.1f} games/s; 1,000 games in {projected:.0f} s ({verdict} the "
              f"{TARGET_SECONDS:.0f} s target); one game on one core: {per_game:.0f} ms CPU")


if __name__ == "__main__":
    main()
