"""What a bot believes about an incident's hidden root cause, from the clues it can see.

Each visible clue is read as a practitioner would: it points to one cause (`suggests`), and it
is right more often than not. Clues from one role are correlated (the same dashboards, the
same blind spots), so a second clue from a role counts for less than a first clue from
another role: pooled evidence across roles is what settles a diagnosis, which is the lesson.
A diagnosis already judged wrong in a review is ruled out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from game.bots.base import View

# How often a clue points to the true cause. Red herrings exist, so never 1.
RELIABILITY = 0.75
# The weight of a second, third... clue from a role that has already spoken.
SAME_ROLE_WEIGHT = 0.5


def posterior(
    incident: dict[str, Any], roles: Iterable[str] | None = None,
    reliability: float = RELIABILITY,
) -> dict[str, float]:
    """Diagnosis id -> probability it is the root cause, given the visible clues.

    `roles` restricts the evidence to clues of those roles (a silo reads only its own).
    """
    options = [d["id"] for d in incident["diagnoses"] if d.get("correct") is not False]
    if not options:
        return {}
    known = [d["id"] for d in incident["diagnoses"] if d.get("correct") is True]
    if known:
        return {d: (1.0 if d == known[0] else 0.0) for d in options}
    allowed = set(roles) if roles is not None else None
    n = len(options)
    hit = math.log(reliability)
    miss = math.log((1 - reliability) / max(1, n - 1))
    logp = dict.fromkeys(options, 0.0)
    spoken: dict[str, int] = {}
    for clue in incident["clues"]:
        cause = clue.get("suggests")
        if not cause or cause not in logp or (allowed is not None and clue["role"] not in allowed):
            continue
        weight = 1.0 if spoken.get(clue["role"], 0) == 0 else SAME_ROLE_WEIGHT
        spoken[clue["role"]] = spoken.get(clue["role"], 0) + 1
        for d in options:
            logp[d] += weight * (hit if d == cause else miss)
    top = max(logp.values())
    weights = {d: math.exp(v - top) for d, v in logp.items()}
    total = sum(weights.values())
    return {d: w / total for d, w in weights.items()}


def support(incident: dict[str, Any], roles: Iterable[str] | None = None) -> dict[str, set[str]]:
    """Diagnosis id -> the roles whose visible clues point to it."""
    allowed = set(roles) if roles is not None else None
    out: dict[str, set[str]] = {}
    for clue in incident["clues"]:
        cause = clue.get("suggests")
        if cause and (allowed is None or clue["role"] in allowed):
            out.setdefault(cause, set()).add(clue["role"])
    return out


def best_guess(
    incident: dict[str, Any], roles: Iterable[str] | None = None
) -> tuple[str | None, float, set[str]]:
    """The most likely cause, its probability, and the roles backing it (None if no clue)."""
    roles = list(roles) if roles is not None else None
    post = posterior(incident, roles)
    backing = support(incident, roles)
    if not post or not backing:
        return None, 0.0, set()
    best = max(post, key=lambda d: (post[d], len(backing.get(d, ())), d))
    if best not in backing:
        return None, post[best], set()
    return best, post[best], backing[best]


def response_score(option: dict[str, Any], view: View, learned: dict[str, float]) -> float:
    """Prefer responses that cover the whole loop and make the fix stick, at a fair price."""
    steps = option["steps"]
    score: float = 2.0 * len(steps)
    if "prevent" in steps:
        score += 2
    prevents = option.get("prevents_with")
    if prevents:
        levels = {i["id"]: i["level"] for i in view["team"]["initiatives"]}
        planned = {e["initiative"] for e in view["team"]["roadmap"]}
        score += 2 if levels.get(prevents, "none") != "none" else (1 if prevents in planned else 0)
    for delta in option.get("effects", {}).values():  # side effects weigh in, harms most
        score += 0.5 * delta if delta > 0 else 1.0 * delta
    score -= 0.3 * sum(option["cost"].values()) + 0.5 * sum(option["ap"].values())
    return score + learned.get(option["id"], 0.0)


def learned_classes(view: View) -> dict[str, float]:
    """From judged outcomes: a response that led to a recurrence is not chosen again."""
    learned: dict[str, float] = {}
    for incident in view["team"]["incidents"]:
        for option in incident["responses"]:
            klass = option.get("class")
            if klass:
                learned[option["id"]] = {"good": 3.0, "partial": -1.0, "poor": -6.0,
                                         "over": -6.0}[klass]
    return learned
