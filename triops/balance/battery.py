"""Does the scenario teach? The balance table of docs/balance.md, from `triops simulate` rows.

Each measure is a balance rule (the rules must reward what the lesson teaches) made checkable,
with the figure measured and a PASS or FAIL. `triops simulate --battery` prints it;
docs/balance.md keeps the figures per scenario with the command that made them.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from triops.game.bots.strategies import EXPLOITS
from triops.game.model.vocab import OBJECTIVES
from triops.game.scenario.audit import ONE_SEAT_MAX, audit
from triops.game.scenario.model import Scenario

WIN_SHARE = 0.9  # judgement beats each exploit on this share of paired seeds...
MARGIN = 5.0  # ...by this many points on average
LADDER = 0.8  # expert > competent > novice on this share of seeds
SPREAD = 2.0  # the reference's standard deviation across seeds, at least
DIAGNOSIS = {"novice": 0.9, "experienced": 0.75}  # a pooling bot's correct diagnoses
OWN_CLUE_MAX = 0.5  # a bot reading only its own clues, at most
BUYING_MAX = 2 / 3  # the expert buys at most this share of all initiative levels
IDLE_MAX = 0.1  # the competent team leaves at most this share of its income idle
OWN_ROADMAP = 0.8  # the scenario's roadmap beats another scenario's played here
PROFICIENT = 3
# Which objective each exploit games: it must not reach proficient there.
GAMED: dict[str, tuple[str, ...]] = {
    "dearest": ("LO3",), "over-correct": ("LO3",), "own-clue": ("LO2",), "no-share": ("LO2",),
    "cheapest-first": ("LO1",), "greedy": ("LO1", "LO2", "LO3"), "hoard": ("LO1",),
    "cosmetic": ("LO1", "LO4", "LO5"), "spend-all": ("LO1",),
}


@dataclass
class Measure:
    name: str
    target: str
    figure: str
    ok: bool | None  # None: not measured (a strategy it needs was not played)


def _table(rows: Sequence[dict[str, Any]]) -> dict[str, dict[int, dict[str, Any]]]:
    out: dict[str, dict[int, dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row["strategy"], {})[row["seed"]] = row
    return out


def _paired(table: dict[str, dict[int, dict[str, Any]]], a: str, b: str
            ) -> tuple[float, float]:
    """(share of seeds a beats b, a's mean margin over b)."""
    seeds = sorted(set(table.get(a, {})) & set(table.get(b, {})))
    if not seeds:
        return 0.0, 0.0
    diffs = [table[a][s]["outcome"] - table[b][s]["outcome"] for s in seeds]
    return sum(1 for d in diffs if d > 0) / len(diffs), statistics.mean(diffs)


def _slope(xs: list[float], ys: list[float]) -> float | None:
    if len(xs) < 3 or statistics.pvariance(xs) == 0:
        return None
    mx, my = statistics.mean(xs), statistics.mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs)


def measures(scenario: Scenario, rows: Sequence[dict[str, Any]]) -> list[Measure]:
    table = _table(rows)
    played = set(table)
    out: list[Measure] = []
    leaders = [s for s in ("competent", "reference") if s in played]
    for exploit in (s for s in table if s.partition(":")[0] in (*EXPLOITS, "silo",
                                                                "cost-cutter", "all-in")):
        for leader in leaders:
            share, margin = _paired(table, leader, exploit)
            out.append(Measure(f"{leader} beats {exploit}",
                               f"≥ {WIN_SHARE:.0%} of seeds, by ≥ {MARGIN:g} points",
                               f"{share:.0%}, by {margin:+.1f}",
                               share >= WIN_SHARE and margin >= MARGIN))
    for a, b in (("expert", "competent"), ("competent", "novice")):
        if a in played and b in played:
            share, margin = _paired(table, a, b)
            out.append(Measure(f"{a} beats {b}", f"≥ {LADDER:.0%} of seeds",
                               f"{share:.0%}, by {margin:+.1f}", share >= LADDER))
    if "reference" in played:
        outcomes = [float(r["outcome"]) for r in table["reference"].values()]
        sd = statistics.pstdev(outcomes) if len(outcomes) > 1 else 0.0
        out.append(Measure("reference spread across seeds", f"sd ≥ {SPREAD:g} points",
                           f"sd {sd:.1f}", sd >= SPREAD))
    slopes = {}
    for name, games in table.items():
        xs = [float(r["incidents"]) for r in games.values()]
        ys = [float(r["outcome"]) for r in games.values()]
        slope = _slope(xs, ys)
        if slope is not None:
            slopes[name] = slope
    if slopes:
        worst = max(slopes, key=lambda s: slopes[s])
        out.append(Measure("more incidents lower every strategy's score",
                           "slope of outcome on incidents < 0 for each",
                           f"steepest rise {worst} {slopes[worst]:+.2f} points per incident; "
                           f"reference {slopes.get('reference', float('nan')):+.2f}",
                           all(v < 0 for v in slopes.values())))
    found = audit(scenario)
    out.append(Measure("one seat's opening clues alone name the cause",
                       f"≤ {ONE_SEAT_MAX:.0%} of cases", f"{found.one_seat:.0%}",
                       found.one_seat <= ONE_SEAT_MAX))
    out.append(Measure("one seat, with its own investigations, names the cause",
                       f"≤ {ONE_SEAT_MAX:.0%} of cases", f"{found.one_seat_digging:.0%}",
                       found.one_seat_digging <= ONE_SEAT_MAX))
    need = DIAGNOSIS.get(scenario.difficulty, DIAGNOSIS["novice"])
    for name, pooling in (("competent", True), ("own-clue", False)):
        if name in played:
            made = sum(r["diagnoses"] for r in table[name].values())
            right = sum(r["correct"] for r in table[name].values())
            share = right / made if made else 0.0
            if pooling:
                label, target = "a bot that pools clues diagnoses correctly", f"≥ {need:.0%}"
                ok = share >= need
            else:
                label = "a bot reading only its own clues diagnoses correctly"
                target, ok = f"≤ {OWN_CLUE_MAX:.0%}", share <= OWN_CLUE_MAX
            out.append(Measure(label, target, f"{share:.0%} of {made} first diagnoses",
                               ok if made else None))
    if "expert" in played:
        total = 3 * len(scenario.initiatives)
        bought = statistics.mean(r["levels_bought"] for r in table["expert"].values())
        out.append(Measure("the expert's buying", f"≤ {BUYING_MAX:.0%} of all levels",
                           f"{bought / total:.0%} ({bought:.1f} of {total})",
                           bought / total <= BUYING_MAX))
    if "competent" in played:
        plays = list(table["competent"].values())
        idle = sum(r["idle"] for r in plays) / max(1, sum(r["income"] for r in plays))
        out.append(Measure("competent leaves money idle", f"≤ {IDLE_MAX:.0%} of income",
                           f"{idle:.0%}", idle <= IDLE_MAX))
    for other in (s for s in table if s.startswith("reference:")):
        share, margin = _paired(table, "reference", other)
        out.append(Measure(f"its roadmap beats {other.partition(':')[2]}'s played here",
                           f"≥ {OWN_ROADMAP:.0%} of seeds", f"{share:.0%}, by {margin:+.1f}",
                           share >= OWN_ROADMAP))
    out += _objective_measures(table)
    return out


def _median_level(games: dict[int, dict[str, Any]], objective: str) -> float:
    levels = [r["objectives"][objective] for r in games.values() if r["objectives"]]
    return float(statistics.median(levels)) if levels else 0.0


def _objective_measures(table: dict[str, dict[int, dict[str, Any]]]) -> list[Measure]:
    out: list[Measure] = []
    if not any(r["objectives"] for games in table.values() for r in games.values()):
        return out
    for exploit, objectives in GAMED.items():
        if exploit not in table:
            continue
        levels = {o: _median_level(table[exploit], o) for o in objectives}
        reached = [o for o, v in levels.items() if v >= PROFICIENT]
        out.append(Measure(f"{exploit} stays below proficient on {', '.join(objectives)}",
                           "median level < proficient",
                           ", ".join(f"{o} {_name(v)}" for o, v in levels.items()),
                           not reached))
    if "reference" in table:
        level = _median_level(table["reference"], "LO1")
        out.append(Measure("the reference roadmap reaches proficient on LO1",
                           "median level ≥ proficient", _name(level), level >= PROFICIENT))
    if "competent" in table and "novice" in table:
        means = {}
        for name in ("competent", "novice"):
            for o in OBJECTIVES:
                vals = [r["objectives"][o] for r in table[name].values() if r["objectives"]]
                means[(name, o)] = statistics.mean(vals) if vals else 0.0
        behind = [o for o in OBJECTIVES if means[("competent", o)] <= means[("novice", o)]]
        out.append(Measure("competent above novice on every objective", "mean level, each LO",
                           " ".join(f"{o} {means[('competent', o)]:.1f}/"
                                    f"{means[('novice', o)]:.1f}" for o in OBJECTIVES),
                           not behind))
    return out


def _name(level: float) -> str:
    names = ("beginning", "developing", "proficient", "exemplary")
    return names[max(0, min(3, round(level) - 1))] if level else "-"


def teaching_report(scenario: Scenario, rows: Sequence[dict[str, Any]]) -> str:
    found = measures(scenario, rows)
    width = max(len(m.name) for m in found) if found else 10
    lines = [f"Does {scenario.id} teach? (docs/balance.md)", ""]
    for m in found:
        verdict = "PASS" if m.ok else "FAIL" if m.ok is False else "NOT MEASURED"
        lines.append(f"  [{verdict:4}] {m.name.ljust(width)}  {m.figure}   (target {m.target})")
    failed = sum(1 for m in found if m.ok is False)
    lines += ["", f"{len(found) - failed} of {len(found)} measures pass." if failed else
              f"All {len(found)} measures pass."]
    return "\n".join(lines)


__all__ = ["Measure", "measures", "teaching_report"]
