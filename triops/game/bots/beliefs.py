"""How a bot weighs a response: what each plan would do under each cause it still believes.

The casebook (`game.bots.casebook`) says which cause a plan treats and which plans are
symptom fixes or sledgehammers; the posterior says how likely each cause is, given the clues
in view. A plan is worth what it does on average over the causes, minus its price. So a bot
that is unsure may take the costly over-correction, or containment, rather than bet on one
cause, and a bot that is sure takes the fix for that cause: judgement, not a count of steps.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triops.game.bots.base import View
from triops.game.bots.casebook import Casebook

# What each result is worth, in rough metric points, before price.
RESOLVED = 10.0
CONTAINED = 3.0
PARTIAL = 6.0
SUPPRESSED = -1.0  # quiet now, back later and worse
PRICE_CR = 0.3
PRICE_AP = 0.5
# A sledgehammer's side effects last this quarter and two more (game.incident_flow).
HARM_WEIGHT = 0.6 * 3


def expected_value(option: Mapping[str, Any], incident: Mapping[str, Any], view: View,
                   book: Casebook, post: Mapping[str, float],
                   learned: Mapping[str, float]) -> float:
    """What this plan is worth, averaged over the causes as the bot believes them."""
    plan = book.plan(incident, str(option["id"]))
    if plan is None:
        value = CONTAINED
    elif plan.klass == "over":
        value = RESOLVED - HARM_WEIGHT * plan.harm
    elif plan.klass == "poor":
        value = SUPPRESSED
    else:
        fit = sum(p for cause, p in post.items() if cause in plan.fits)
        win = RESOLVED if plan.klass == "good" else PARTIAL
        value = fit * win + (1 - fit) * CONTAINED
        prevents = option.get("prevents_with")
        if prevents and plan.klass == "good":
            levels = {i["id"]: i["level"] for i in view["team"]["initiatives"]}
            value += 1.0 if levels.get(prevents, "none") != "none" else 0.0
    value *= 1.0 + 0.25 * (int(incident["severity"]) - 1)
    price = PRICE_CR * sum(option["cost"].values()) + PRICE_AP * sum(option["ap"].values())
    return float(value - price + learned.get(str(option["id"]), 0.0))


def nothing_value(incident: Mapping[str, Any]) -> float:
    """Leaving an incident alone: it escalates and keeps doing damage."""
    return -3.0 - 2.0 * int(incident["severity"])


def learned_classes(view: View) -> dict[str, float]:
    """From judged outcomes: a plan that led to a recurrence is not chosen again."""
    learned: dict[str, float] = {}
    for incident in view["team"]["incidents"]:
        for option in incident["responses"]:
            klass = option.get("class")
            if klass:
                learned[option["id"]] = {"good": 0.0, "partial": -1.0, "poor": -6.0,
                                         "over": -3.0}[klass]
    return learned
