"""A teammate bot: shares its clues, diagnoses from pooled evidence, funds the roadmap.

Levels (GAME.md, "Bots"):
- novice: often picks a random legal command and diagnoses from the first clue it sees;
- competent: shares clues, waits for clues from two roles before diagnosing, funds the
  roadmap in dependency order, prefers responses that prevent recurrence;
- expert: as competent, and also learns from the team's judged outcomes which kinds of
  response worked, notifies early, and revises the roadmap after incidents.
"""

from __future__ import annotations

import random
import re
from typing import Any

from game.bots.base import View
from game.bots.planner import reference_plan
from game.commands import (
    Command,
    Diagnose,
    Investigate,
    Notify,
    Pledge,
    ProposeStandard,
    Respond,
    SetCharter,
    SetRoadmap,
    ShareClue,
)
from game.legal import WORKABLE_CHARTER
from game.state import Charter, RoadmapEntry
from game.vocab import LEVELS

# Commands whose content is free: legal_commands shows one example of each.
OPEN_ENDED = (SetRoadmap, SetCharter, ProposeStandard)

# Which seat drafts which artefact in setup, so three bots do not overwrite each other.
ROADMAP_DRAFTER = "finops"
CHARTER_DRAFTER = "mlops"
STANDARD_FOR_ROLE = {"finops": "tag-taxonomy", "dataops": "odcs", "mlops": "model-cards"}

BOT_CHARTER = Charter(
    members=(*WORKABLE_CHARTER.members, "business_owner"),
    chair=WORKABLE_CHARTER.chair,
    cadence="monthly",
    decision_rights=(*WORKABLE_CHARTER.decision_rights, "budget_pooling"),
    risk_tiering=True,
    escalation=WORKABLE_CHARTER.escalation,
    decision_log=True,
    accountable={"model_kill_rollback": "mlops_lead", "tagging_standard": "finops_lead",
                 "critical_feed_contract": "dataops_lead",
                 "high_risk_go_live": "business_owner"},
    frameworks=("nist_ai_rmf_govern",),
    purpose=WORKABLE_CHARTER.purpose,
)


class TeammatePolicy:
    def __init__(self, level: str = "competent") -> None:
        self.level = level
        self.name = level

    def next_command(self, view: View, legal: list[Command], rand: random.Random) -> Command | None:
        if self.level == "novice" and legal and rand.random() < 0.35:
            choices = [c for c in legal if not isinstance(c, SetRoadmap | SetCharter)]
            return rand.choice(choices) if choices and rand.random() < 0.7 else None
        allowed = {_key(c) for c in legal}
        pledge_room: dict[str, int] = {}
        for c in legal:
            if isinstance(c, Pledge):
                pledge_room[c.initiative] = max(pledge_room.get(c.initiative, 0), c.amount)

        open_ended = {c.type for c in legal if isinstance(c, OPEN_ENDED)}

        def ok(cmd: Command) -> bool:
            if isinstance(cmd, Pledge):  # any amount up to the largest legal one
                return 1 <= cmd.amount <= pledge_room.get(cmd.initiative, 0)
            if isinstance(cmd, OPEN_ENDED):  # legal lists examples; the content is ours
                return cmd.type in open_ended
            return _key(cmd) in allowed

        for step in (self._setup, self._share, self._investigate, self._diagnose,
                     self._respond, self._notify, self._fund):
            cmd = step(view, ok)
            if cmd is not None:
                return cmd
        return None

    # --- setup -------------------------------------------------------------------------

    def _setup(self, view: View, ok: Any) -> Command | None:
        if view["game"]["quarter"] != 0:
            return None
        role = view["you"]["role"]
        team = view["team"]
        if role == ROADMAP_DRAFTER and not team["roadmap"]:
            entries = tuple(RoadmapEntry(**line) for line in reference_plan(view))
            cmd: Command = SetRoadmap(entries, "")
            if ok(cmd):
                return cmd
        if role == CHARTER_DRAFTER and team["charter"] is None and ok(SetCharter(BOT_CHARTER)):
            return SetCharter(BOT_CHARTER, "")
        standard = STANDARD_FOR_ROLE.get(role)
        if standard and not any(p["standard"] == standard for p in team["standards"]):
            cmd = ProposeStandard(standard, role, "policy", "")
            if ok(cmd):
                return cmd
        return None

    # --- incidents ---------------------------------------------------------------------

    def _share(self, view: View, ok: Any) -> Command | None:
        for incident in _open(view):
            for clue in incident["clues"]:
                if clue["source"] in ("symptom", "found") and not clue["shared"]:
                    cmd = ShareClue(incident["id"], clue["id"])
                    if ok(cmd):
                        return cmd
        return None

    def _investigate(self, view: View, ok: Any) -> Command | None:
        role = view["you"]["role"]
        ap = view["team"]["seats"][role]["ap"]
        if ap < 3:  # keep action points for the team's responses
            return None
        for incident in _open(view):
            if any(len(r) >= 2 for r in diagnosis_support(incident).values()):
                continue  # the pooled clues already settle it
            for clue in incident.get("investigable", []):
                if clue["role"] == role or (self.level == "expert" and clue["ap"] <= 1):
                    cmd = Investigate(incident["id"], clue["id"])
                    if ok(cmd):
                        return cmd
        return None

    def _diagnose(self, view: View, ok: Any) -> Command | None:
        for incident in _open(view):
            support = diagnosis_support(incident)
            if not support:
                continue
            best = max(support, key=lambda d: (len(support[d]), d))
            needed = 1 if self.level == "novice" else 2
            current = incident["diagnosis"]
            if len(support[best]) < needed or best == current:
                continue
            if current is not None and len(support.get(current, ())) >= len(support[best]):
                continue
            cmd = Diagnose(incident["id"], best)
            if ok(cmd):
                return cmd
        return None

    def _respond(self, view: View, ok: Any) -> Command | None:
        learned = _learned_classes(view) if self.level == "expert" else {}
        for incident in _open(view):
            if incident["diagnosis"] is None or incident["response"] is not None:
                continue
            scored = []
            for option in incident["responses"]:
                cmd = Respond(incident["id"], option["id"])
                if ok(cmd):
                    scored.append((response_score(option, view, learned), option["id"], cmd))
            if scored:
                return max(scored)[2]
        return None

    def _notify(self, view: View, ok: Any) -> Command | None:
        for incident in _open(view):
            urgent = incident["clock_due"] is not None
            if urgent or (self.level == "expert" and incident["severity"] >= 2
                          and view["team"]["committee_active"]):
                cmd = Notify(incident["id"])
                if ok(cmd) and not incident["notified"]:
                    return cmd
        return None

    # --- funding -----------------------------------------------------------------------

    def _fund(self, view: View, ok: Any) -> Command | None:
        role = view["you"]["role"]
        team = view["team"]
        quarter = view["game"]["quarter"]
        if quarter == 0:
            return None
        by_id = {i["id"]: i for i in team["initiatives"]}
        pooled = team["budget"]["pool"] is not None
        have = team["budget"]["pool"] if pooled else team["budget"]["envelopes"][role]
        reserve = 4  # credits kept back for incident responses
        for line in sorted(team["roadmap"], key=lambda e: (e["quarter"], e["initiative"])):
            init = by_id.get(line["initiative"])
            if init is None or line["quarter"] > quarter:
                continue
            nxt = init["next"]
            target = LEVELS.index(line["level"]) + 1
            rank = LEVELS.index(init["level"]) + 1 if init["level"] != "none" else 0
            if nxt is None or rank >= target or nxt["bought_this_quarter"]:
                continue
            if any(not _bought(by_id, p["condition"]) for p in init["prerequisites"]):
                continue
            if role not in init["owners"] and not pooled:
                continue
            mine = nxt["pledges"].get(role, 0)
            room = nxt["cost"] - sum(nxt["pledges"].values())
            if pooled:
                want = room
            elif role == init["owners"][0]:
                others = sum(max(0, nxt["min_share"] - nxt["pledges"].get(r, 0))
                             for r in init["owners"][1:])
                want = room - others  # leave room for the co-owners' required shares
            else:
                want = max(0, nxt["min_share"] - mine)
            amount = min(want, have - reserve)
            if amount >= 1:
                cmd = Pledge(init["id"], amount)
                if ok(cmd):
                    return cmd
        return None


def _key(cmd: Command) -> tuple[str, str]:
    return (cmd.type, repr(cmd))


def _open(view: View) -> list[dict[str, Any]]:
    return [i for i in view["team"]["incidents"] if i["status"] == "open"]


def diagnosis_support(incident: dict[str, Any]) -> dict[str, set[str]]:
    """Diagnosis id -> roles whose visible clues point to it: the pooled evidence."""
    support: dict[str, set[str]] = {}
    for clue in incident["clues"]:
        if clue.get("suggests"):
            support.setdefault(clue["suggests"], set()).add(clue["role"])
    return support


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
    score += 0.5 * sum(option.get("effects", {}).values())  # side effects weigh in
    score -= 0.3 * sum(option["cost"].values()) + 0.5 * sum(option["ap"].values())
    return score + float(learned.get(option["id"], 0.0))


def _learned_classes(view: View) -> dict[str, float]:
    """From judged outcomes: a response that led to a recurrence is not chosen again."""
    learned: dict[str, float] = {}
    for incident in view["team"]["incidents"]:
        for option in incident["responses"]:
            klass = option.get("class")
            if klass:
                learned[option["id"]] = {"good": 3.0, "partial": -1.0, "poor": -6.0,
                                         "over": -6.0}[klass]
    return learned


def _bought(by_id: dict[str, Any], condition: str) -> bool:
    """A prerequisite counts once it is bought; its delay runs alongside the new level's."""
    ids = re.findall(r"I\d{1,2}", condition)
    count = condition.split("of:")[0] if "of:" in condition else ""
    have = sum(1 for i in ids if by_id.get(i, {}).get("level", "none") != "none")
    return have >= (int(count) if count.isdigit() else len(ids))
