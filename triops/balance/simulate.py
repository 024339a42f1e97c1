"""`triops simulate`: many bot games on all cores, and whether the scenario teaches the lesson.

Each game seats one team per strategy on the same seed, so strategies meet identical
situations (common random numbers) and can be compared seed by seed. The report gives each
strategy's outcome and objective levels (mean and spread), paired win rates, and a verdict on
each balance rule of docs/balance.md. `--json` prints one row per team per game instead;
`--save DIR` writes every game's record, which `triops.game.record.replay` rebuilds exactly.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from triops.balance.battery import teaching_report
from triops.game.bots.driver import bot_game
from triops.game.bots.strategies import EXPLOITS, STRATEGIES, UnknownStrategy, check_strategy
from triops.game.model.state import GameSettings, GameState, Team
from triops.game.model.vocab import OBJECTIVES
from triops.game.record import record_to_plain
from triops.game.rules.new_game import MAX_TEAM_NAME
from triops.game.scenario.loader import ScenarioError
from triops.game.scenario.model import Scenario
from triops.game.scoring.score import goals_met, outcome_score
from triops.scenarios import find_scenario

DEFAULT_STRATEGIES = "reference,silo,cost-cutter,all-in,random,novice,competent,expert"
# Every strategy the balance table of docs/balance.md needs, for `--battery`.
BATTERY = ("reference", "competent", "expert", "novice", "silo", "cost-cutter", "all-in",
           "random", *EXPLOITS)
TABLE = 12  # teams per game, as in a workshop; more strategies play more games per seed
# The balance rules (judgement beats the shortcuts), made measurable (the thresholds of issue 3).
BEATS_SHORTCUTS = 0.8  # reference and expert beat silo, cost-cutter and all-in
BEATS_LEVEL_BELOW = 0.7  # expert beats competent, competent beats novice
WINNABLE = 0.25  # the best strategy meets every scenario goal in at least this share of games
SHORTCUTS = ("silo", "cost-cutter", "all-in")
SINGLE_CHOICE = ("all-in", "cost-cutter")  # one initiative, or one kind of response


def add_parser(sub: Any) -> None:
    p = sub.add_parser("simulate", help="play many bot games headless and check the balance",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scenario", default="retail-novice", help="scenario id or path")
    p.add_argument("--games", type=int, default=100, help="games to play (one per seed)")
    p.add_argument("--seed", type=int, default=1, help="first seed; games use seed, seed+1, ...")
    p.add_argument("--strategies", default=DEFAULT_STRATEGIES,
                   help="one team per strategy, comma-separated: " + ", ".join(STRATEGIES)
                   + " (all-in:I6 picks the initiative)")
    p.add_argument("--battery", action="store_true",
                   help="every strategy the balance table needs (levels, shortcuts, the "
                   "exploit battery) and the table's verdicts; --strategies adds more, e.g. "
                   "reference:retail-experienced (another scenario's roadmap played here)")
    p.add_argument("--json", action="store_true", help="print rows as JSON instead of a report")
    p.add_argument("--save", metavar="DIR", help="write each game's record here as JSON")
    p.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    p.set_defaults(handler=run)


# --- playing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GameResult:
    seed: int
    rows: list[dict[str, Any]]
    record: dict[str, Any] | None


_WORKER: dict[str, Any] = {}


def _init_worker(scenario: Scenario | str, strategies: Sequence[str], save: bool) -> None:
    _WORKER["scenario"] = find_scenario(scenario) if isinstance(scenario, str) else scenario
    _WORKER["strategies"] = list(strategies)
    _WORKER["save"] = save
    _WORKER["others"] = other_scenarios(strategies)


def other_scenarios(strategies: Sequence[str]) -> dict[str, Scenario]:
    """Scenarios whose reference roadmap a `reference:<id>` strategy plays."""
    out: dict[str, Scenario] = {}
    for name in strategies:
        base, _, arg = name.partition(":")
        if base == "reference" and arg and arg not in out:
            out[arg] = find_scenario(arg)
    return out


def _objectives() -> Callable[[GameState, str], dict[str, int]] | None:
    try:
        from triops.game.scoring.objectives import objective_levels
    except ImportError:  # scoring of objectives not built yet: rows carry null
        return None
    return objective_levels


def play_game(seed: int) -> GameResult:
    """Every strategy's team on `seed`: twelve teams a game, as many games as it takes.

    Teams never interact, and every team draws the same incidents and causes on one seed
    (common random numbers), so teams of different games on a seed still compare pairwise.
    """
    scenario: Scenario = _WORKER["scenario"]
    strategies: list[str] = _WORKER["strategies"]
    names = [_team_name(s, n, strategies.count(s) > 1) for n, s in enumerate(strategies)]
    rows: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    levels = _objectives()
    for first in range(0, len(strategies), TABLE):
        batch = strategies[first:first + TABLE]
        settings = GameSettings(seed=seed, team_names=tuple(names[first:first + TABLE]))
        table = bot_game(scenario, settings, {f"t{n + 1}": s for n, s in enumerate(batch)},
                         others=_WORKER.get("others", {}))
        state = table.play_to_end()
        for n, strategy in enumerate(batch):
            team = state.team(f"t{n + 1}")
            rows.append({
                "seed": seed,
                "strategy": strategy,
                "outcome": outcome_score(team, scenario, state.quarter, final=True),
                "objectives": levels(state, team.id) if levels else None,
                "goals": goals_met(team, scenario),
                "value": team.value,
                "metrics": dict(team.metrics),
                **play_facts(team),
            })
        if _WORKER["save"]:
            records.append(record_to_plain(table.record))
    return GameResult(seed, rows, records[0] if len(records) == 1 else (
        {"games": records} if records else None))


def _team_name(strategy: str, n: int, repeated: bool) -> str:
    """A team's display name: its strategy, numbered when repeated, cut to the length a team
    name may have ("reference:manufacturing-experienced" is longer); rows carry the strategy
    itself."""
    name = f"{strategy} {n + 1}" if repeated else strategy
    if len(name) <= MAX_TEAM_NAME:
        return name
    tail = f" {n + 1}"
    return name[:MAX_TEAM_NAME - len(tail)] + tail


def play_facts(team: Team) -> dict[str, Any]:
    """What the balance table reads of one team's game besides its score."""
    ledger = team.ledger
    judged = [e.detail for e in ledger if e.kind == "incident_outcome"
              and e.detail.get("diagnosis")]
    first: dict[str, bool] = {}
    for e in ledger:  # the first verdict on each incident: was the call right first time?
        if e.kind == "incident_outcome" and e.detail.get("diagnosis"):
            first.setdefault(str(e.detail.get("incident")), bool(e.detail.get("correct")))
    income = sum(c.amount for c in team.treasury if c.kind == "income")
    lapsed = -sum(c.amount for c in team.treasury if c.kind == "lapsed")
    left = sum(team.envelopes.values()) + (team.pool or 0)
    return {
        "incidents": sum(1 for e in ledger if e.kind in ("incident_opened", "incident_recurred")),
        "diagnoses": len(first),
        "correct": sum(first.values()),
        "judged": len(judged),
        "levels_bought": sum(i.rank for i in team.initiatives.values()),
        "income": income,
        "idle": lapsed + left,
    }


def play_all(scenario: Scenario, strategies: Sequence[str], seeds: Sequence[int], jobs: int,
             save: bool = False) -> Iterator[GameResult]:
    """Results as games finish (in any order), across `jobs` processes."""
    if jobs <= 1 or len(seeds) <= 1:
        _init_worker(scenario, strategies, save)
        yield from map(play_game, seeds)
        return
    context = multiprocessing.get_context("fork" if "fork" in
                                          multiprocessing.get_all_start_methods() else "spawn")
    # Forked workers inherit the parsed scenario; spawned ones parse its file again.
    source: Scenario | str = scenario if context.get_start_method() == "fork" else scenario.source
    chunk = max(1, min(8, len(seeds) // (jobs * 6)))
    with context.Pool(jobs, _init_worker, (source, list(strategies), save)) as pool:
        yield from pool.imap_unordered(play_game, seeds, chunksize=chunk)


# --- the command -----------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    scenario = find_scenario(args.scenario)
    strategies = [s.strip() for s in args.strategies.split(",") if s.strip()]
    if args.battery:
        given = strategies if args.strategies != DEFAULT_STRATEGIES else []
        strategies = list(dict.fromkeys([*BATTERY, *given]))
    try:
        for s in strategies:
            check_strategy(s, scenario)
        other_scenarios(strategies)
    except (UnknownStrategy, ScenarioError) as err:
        print(f"triops simulate: {err}", file=sys.stderr)
        return 2
    if not strategies:
        print("triops simulate: name at least one strategy", file=sys.stderr)
        return 2
    if args.games < 1:
        print("triops simulate: --games must be at least 1", file=sys.stderr)
        return 2
    jobs = args.jobs or os.cpu_count() or 1
    save = Path(args.save) if args.save else None
    if save:
        save.mkdir(parents=True, exist_ok=True)
    seeds = list(range(args.seed, args.seed + args.games))
    rows: list[dict[str, Any]] = []
    bar = Progress(len(seeds), sys.stderr)
    started = time.perf_counter()
    for result in play_all(scenario, strategies, seeds, jobs, save is not None):
        rows.extend(result.rows)
        if save and result.record is not None:
            path = save / f"{scenario.id}-seed{result.seed}.json"
            path.write_text(json.dumps(result.record), encoding="utf-8")
        bar.tick()
    elapsed = time.perf_counter() - started
    bar.done(elapsed)
    rows.sort(key=lambda r: (r["seed"], strategies.index(r["strategy"])))
    if args.json:
        print(json.dumps({"scenario": scenario.id, "games": len(seeds), "rows": rows}))
    else:
        print(report(scenario, strategies, rows, len(seeds), elapsed, jobs))
        if args.battery:
            print()
            print(teaching_report(scenario, rows))
    return 0


class Progress:
    """A one-line progress bar on stderr (redrawn in place only when it is a terminal)."""

    def __init__(self, total: int, stream: Any) -> None:
        self.total = total
        self.count = 0
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.started = time.perf_counter()
        self.shown = -1

    def tick(self) -> None:
        self.count += 1
        step = max(1, self.total // 20)
        if self.tty or self.count % step == 0 or self.count == self.total:
            self._draw()

    def _draw(self) -> None:
        width = 30
        filled = round(width * self.count / self.total)
        rate = self.count / max(1e-9, time.perf_counter() - self.started)
        line = (f"simulating [{'#' * filled}{'.' * (width - filled)}] {self.count}/{self.total} "
                f"games, {rate:.1f} games/s")
        if self.tty:
            self.stream.write("\r" + line)
        elif self.count != self.shown:
            self.stream.write(line + "\n")
        self.shown = self.count
        self.stream.flush()

    def done(self, elapsed: float) -> None:
        if self.tty:
            self.stream.write("\n")
        self.stream.write(f"{self.total} games in {elapsed:.1f} s "
                          f"({self.total / max(elapsed, 1e-9):.1f} games/s)\n")
        self.stream.flush()


# --- the report ------------------------------------------------------------------------------


def by_strategy(rows: list[dict[str, Any]]) -> dict[str, dict[int, dict[str, Any]]]:
    out: dict[str, dict[int, dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row["strategy"], {})[row["seed"]] = row
    return out


def win_rate(rows: list[dict[str, Any]], a: str, b: str) -> float:
    """Share of seeds on which strategy a's outcome is strictly above b's."""
    table = by_strategy(rows)
    seeds = sorted(set(table.get(a, {})) & set(table.get(b, {})))
    if not seeds:
        return 0.0
    wins = sum(1 for s in seeds if table[a][s]["outcome"] > table[b][s]["outcome"])
    return wins / len(seeds)


def verdicts(strategies: Sequence[str], rows: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(rule, PASS/FAIL/NOT MEASURED, the figures) for each balance rule of docs/balance.md."""
    out = []
    present = list(dict.fromkeys(strategies))

    def base(s: str) -> str:
        return s.partition(":")[0]

    leaders = [s for s in present if base(s) in ("reference", "expert")]
    shortcuts = [s for s in present if base(s) in SHORTCUTS]
    rule = "1. reference and expert beat silo, cost-cutter and all-in in most seeds"
    if leaders and shortcuts:
        pairs = [(a, b, win_rate(rows, a, b)) for a in leaders for b in shortcuts]
        ok = all(r >= BEATS_SHORTCUTS for _, _, r in pairs)
        figures = "; ".join(f"{a} > {b} {r:.0%}" for a, b, r in pairs)
        out.append((rule, "PASS" if ok else "FAIL",
                    f"{figures} (need ≥ {BEATS_SHORTCUTS:.0%} each)"))
    else:
        out.append((rule, "NOT MEASURED", "needs reference or expert, and a shortcut strategy"))
    rule = "2. expert beats competent, and competent beats novice"
    ladder = [(a, b) for a, b in (("expert", "competent"), ("competent", "novice"))
              if a in present and b in present]
    if ladder:
        pairs = [(a, b, win_rate(rows, a, b)) for a, b in ladder]
        ok = all(r >= BEATS_LEVEL_BELOW for _, _, r in pairs)
        figures = "; ".join(f"{a} > {b} {r:.0%}" for a, b, r in pairs)
        out.append((rule, "PASS" if ok else "FAIL",
                    f"{figures} (need ≥ {BEATS_LEVEL_BELOW:.0%} each)"))
    else:
        out.append((rule, "NOT MEASURED", "needs two adjacent levels"))
    rule = "3. no single initiative, standard or response choice dominates"
    singles = [s for s in present if base(s) in SINGLE_CHOICE]
    balanced = [s for s in present if base(s) in ("reference", "expert", "competent")]
    if singles and balanced:
        pairs = [(s, b, win_rate(rows, s, b)) for s in singles for b in balanced]
        worst = max(pairs, key=lambda p: p[2])
        ok = worst[2] < 0.5
        out.append((rule, "PASS" if ok else "FAIL",
                    f"single-choice play beats balanced play at most {worst[2]:.0%} of seeds "
                    f"({worst[0]} vs {worst[1]}; need < 50%)"))
    else:
        out.append((rule, "NOT MEASURED", "needs all-in or cost-cutter, and a balanced strategy"))
    rule = "4. the scenario is winnable at its difficulty"
    table = by_strategy(rows)
    shares = {s: sum(all(r["goals"].values()) for r in table[s].values()) / len(table[s])
              for s in present if table.get(s)}
    if shares:
        best = max(shares, key=lambda s: shares[s])
        ok = shares[best] >= WINNABLE
        out.append((rule, "PASS" if ok else "FAIL",
                    f"{best} meets every goal in {shares[best]:.0%} of games "
                    f"(need ≥ {WINNABLE:.0%})"))
    return out


def _spread(values: list[float]) -> str:
    if len(values) < 2:
        return f"{values[0]:5.1f}      " if values else "    -      "
    return f"{statistics.mean(values):5.1f} ±{statistics.pstdev(values):4.1f}"


def report(scenario: Scenario, strategies: Sequence[str], rows: list[dict[str, Any]],
           games: int, elapsed: float, jobs: int) -> str:
    table = by_strategy(rows)
    present = list(dict.fromkeys(strategies))
    width = max(12, *(len(s) for s in present))
    lines = [f"Balance report: {scenario.title} [{scenario.id}]",
             f"{games} games (seeds {min(r['seed'] for r in rows)}–"
             f"{max(r['seed'] for r in rows)}), {len(strategies)} teams each, {jobs} workers, "
             f"{elapsed:.1f} s ({games / max(elapsed, 1e-9):.1f} games/s)", ""]
    has_objectives = any(r["objectives"] for r in rows)
    head = f"{'strategy'.ljust(width)}  outcome (mean ±sd)  min  max  goals met"
    if has_objectives:
        head += "  " + "  ".join(f"{o:>9}" for o in OBJECTIVES)
    lines += [head, "-" * len(head)]
    for s in present:
        mine = list(table.get(s, {}).values())
        outcomes = [float(r["outcome"]) for r in mine]
        all_goals = sum(all(r["goals"].values()) for r in mine) / max(1, len(mine))
        line = (f"{s.ljust(width)}  {_spread(outcomes):>18}  {min(outcomes):3.0f}  "
                f"{max(outcomes):3.0f}  {all_goals:8.0%}")
        if has_objectives:
            for o in OBJECTIVES:
                vals = [float(r["objectives"][o]) for r in mine if r["objectives"]]
                line += "  " + (f"{statistics.mean(vals):3.1f} ±{statistics.pstdev(vals):3.1f}"
                                if vals else "        -")
        lines.append(line)
    lines += ["", "Paired win rates: share of seeds where the row's outcome beats the column's."]
    short = [s[:9] for s in present]
    lines.append(" " * width + "  " + "  ".join(f"{s:>9}" for s in short))
    for a in present:
        cells = ["        -" if a == b else f"{win_rate(rows, a, b):9.0%}" for b in present]
        lines.append(f"{a.ljust(width)}  " + "  ".join(cells))
    lines += ["", "Balance rules (docs/balance.md):"]
    for rule, verdict, figures in verdicts(strategies, rows):
        lines.append(f"  [{verdict}] {rule}")
        lines.append(f"         {figures}")
    return "\n".join(lines)
