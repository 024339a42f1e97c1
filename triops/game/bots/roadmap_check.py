"""What a teammate says when asked to check the roadmap: the gaps a careful reader finds.

It reads only the seat's view (the goals, the price list and the roadmap's lines), as a
person looking at the Artefacts and Initiatives tabs would.
"""

from __future__ import annotations

from triops.game.bots.base import View
from triops.game.bots.talk import listing, short_name
from triops.game.model.vocab import METRIC_NAMES


def roadmap_gaps(view: View) -> list[str]:
    """The roadmap's gaps, each as a short clause: a metric goal no line raises, levels that
    would take effect after the last quarter, quarters that ask more than the budget."""
    team = view["team"]
    lines = list(team.get("roadmap") or [])
    if not lines:
        return ['there is no roadmap yet: say "draft the roadmap" and I will propose one']
    quarters = int(view["game"]["quarters"])
    initiatives = {i["id"]: i for i in team["initiatives"]}
    out: list[str] = []
    raised: set[str] = set()
    cost: dict[int, int] = {}
    late: list[str] = []
    for line in lines:
        init = initiatives.get(line["initiative"])
        if init is None or line["level"] not in init["levels"]:
            continue
        level = init["levels"][line["level"]]
        raised |= {m for m, v in level["effects"].items() if float(v) > 0}
        quarter = int(line["quarter"])
        cost[quarter] = cost.get(quarter, 0) + int(level["cost"])
        if quarter + int(level["delay"]) > quarters:
            late.append(f"{short_name(init)} ({line['level']}, Q{quarter})")
    missing = [f"{METRIC_NAMES[g['metric']]} (goal {g['target']})"
               for g in view["briefing"]["goals"]
               if g["kind"] == "metric" and g["metric"] not in raised]
    if missing:
        out.append(f"no line raises {listing(missing)}")
    if late:
        out.append(f"{listing(late)} would take effect after the last quarter, so change "
                   "nothing in this game")
    budget = int(view["briefing"].get("budget") or 0)
    over = [f"Q{q} asks {c} cr" for q, c in sorted(cost.items()) if budget and c > budget]
    if over:
        out.append(f"{listing(over)}, more than the {budget} cr a quarter brings, before "
                   "upkeep and incidents")
    return out


def roadmap_review(view: View) -> str:
    gaps = roadmap_gaps(view)
    if gaps:
        return "I read the roadmap: " + "; ".join(gaps) + "."
    return ("I read the roadmap: every goal has a line that raises it, every level takes "
            "effect in time, and no quarter asks more than the budget. Keep some money back "
            "each quarter for incidents.")
