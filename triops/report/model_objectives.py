"""The report model's learning objectives: one objective's level, criteria, evidence and next
step, and how many teams reached each level."""

from __future__ import annotations

from typing import Any

from triops.game.model.vocab import OBJECTIVES
from triops.game.scoring.objectives import ObjectiveResult, level_name

Plain = dict[str, Any]


def _objective(o: ObjectiveResult) -> Plain:
    nxt = level_name(o.computed + 1) if o.computed < 4 else ""
    return {
        "id": o.objective,
        "title": o.title,
        "level": o.level,
        "level_name": level_name(o.level),
        "computed": o.computed,
        "computed_name": level_name(o.computed),
        "confirmed": o.confirmed,
        "confirmed_name": level_name(o.confirmed) if o.confirmed else None,
        "comment": o.comment,
        "criteria": [{"level": c.level, "level_name": level_name(c.level), "text": c.text,
                      "met": c.met, "measured": c.measured} for c in o.criteria],
        "evidence": [{"quarter": e.quarter, "decision": e.decision,
                      "consequence": e.consequence, "tone": e.tone, "actor": e.actor,
                      "name": e.name} for e in o.evidence],
        "next_level": nxt,
        "lift": list(o.lift),
    }


def _distribution(teams: list[Plain]) -> Plain:
    out: Plain = {}
    for objective in OBJECTIVES:
        counts = [0, 0, 0, 0]
        for t in teams:
            level = next(o["level"] for o in t["objectives"] if o["id"] == objective)
            counts[level - 1] += 1
        out[objective] = counts
    return out
