"""A team as one seat sees it, or as the facilitator sees it: money, initiatives, artefacts,
chat, evidence, and each seat's private signals.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import fields
from operator import attrgetter
from typing import Any

from triops.game.model.state import GameState, Team
from triops.game.model.vocab import LEVELS, SEAM_INITIATIVES, SEAMS
from triops.game.rules.artefact_rules import ADOPTION_COST, adopt_standards, rollout_cost
from triops.game.rules.capabilities import capabilities
from triops.game.rules.in_effect import (
    NOTIFY_AP,
    bought_rank,
    charter_problems,
    committee_active,
    dashboard_roles,
    effective_rank,
    investigate_cost,
    lands_too_late,
    missing_prerequisites,
    next_level_cost,
    notify_cost,
    takes_effect,
    upkeep_due,
)
from triops.game.rules.seat_rules import min_share, owner_shortfall
from triops.game.rules.teams import credits_held, seat_bot
from triops.game.scoring.debrief import debrief_cards
from triops.game.scoring.objectives import incident_tally
from triops.game.scoring.objectives.ledger import int_at, str_at
from triops.game.scoring.score import goals_met
from triops.game.views.incidents import _incidents, _shared_incident
from triops.game.views.shared import _latest, _per_state, _plain, _plain_once, _remember


def _team(state: GameState, team: Team, role: str | None,
          bots: str | None = None) -> dict[str, Any]:
    """The team as one seat sees it, or, with role None, as the facilitator sees it. With
    `bots` (the game's empty-seat level, or "none"), each seat says which bot plays it."""
    return {key: make() for key, make in _team_parts(state, team, role, False, bots).items()}


def _shared_team(state: GameState, team: Team, role: str | None, bots: str | None = None,
                 own: dict[str, Any] | None = None) -> dict[str, Any]:
    """`_team`, shared. A team's view depends on the state only through these sources, and
    on the seat only through its incidents (and the facilitator's ledgers): `own`, the
    seat's `_shared_team_own` when the caller has it already."""
    def whole() -> dict[str, Any]:
        # Once per state: a seat and the facilitator share it.
        base = _per_state(state, ("team-base", team.id, bots),
                          lambda: _shared_team_base(state, team, bots))
        return {**base, **(own if own is not None else _shared_team_own(state, team, role))}

    # First by the team itself: most teams are unchanged since the last view.
    key = (state.quarter, state.difficulty, state.phase == "ended")
    found: dict[str, Any] = _latest(("team", id(state.settings), team.id, role, bots), key,
                                    (team, state.scenario, state.settings), whole)
    return found


def _shared_team_own(state: GameState, team: Team, role: str | None) -> dict[str, Any]:
    """The parts of a team's view that depend on the seat: its incidents (and the
    facilitator's ledgers). They do not read the chat either."""
    def build() -> dict[str, Any]:
        view = {"incidents": [_shared_incident(state, team, inc, role)
                              for inc in team.incidents.values()]}
        if role is None:
            view["ledger"] = _remember(("ledger",), (team.ledger,),
                                       lambda: [_plain_once(e) for e in team.ledger])
            view["treasury"] = _remember(("treasury",), (team.treasury,),
                                         lambda: [_plain_once(e) for e in team.treasury])
        return view

    key = (state.quarter, state.difficulty, state.phase == "ended")
    built: dict[str, Any] = _latest(
        ("team-own", id(state.settings), team.id, role), key,
        (*_sources_but_chat(state, team), state.scenario, state.settings), build)
    return built


def _shared_team_base(state: GameState, team: Team, bots: str | None = None) -> dict[str, Any]:
    """The parts of a team's view that every seat and the facilitator see alike."""
    def build() -> dict[str, Any]:
        parts = _team_parts(state, team, "", True, bots)  # "": no seat, so no ledgers
        del parts["incidents"]
        # Parts that read one field of the team stay the same objects while it does, so a
        # change to the roadmap leaves the seats, the standards... untouched.
        sources = {"seats": team.seats, "metrics": team.metrics, "history": team.history,
                   "roadmap": team.roadmap, "roadmap_revisions": team.roadmap_revisions,
                   "charter": team.charter, "standards": team.standards,
                   "reports": team.reports, "modifiers": team.modifiers,
                   "clocks": team.clocks}
        return {key: _chat_part(state, team) if key == "chat"
                else _remember(("team-part", key, bots), (sources[key],), make)
                if key in sources else make() for key, make in parts.items()}

    key = (state.quarter, state.difficulty, state.phase == "ended")
    game = id(state.settings)
    # Built again only when something but the chat changed; a chat line (the most frequent
    # change by far) swaps in the new chat part and leaves every other part as it was.
    rest: dict[str, Any] = _latest(
        ("team-base", game, team.id, bots), key,
        (*_sources_but_chat(state, team), state.scenario, state.settings), build)
    chat = _chat_part(state, team)
    if rest["chat"] is chat:
        return rest
    built: dict[str, Any] = _latest(("team-base-chat", game, team.id, bots), (),
                                    (rest, chat, state.settings),
                                    lambda: {**rest, "chat": chat})
    return built


# Every field of a team but its chat.
_BUT_CHAT = attrgetter(*(f.name for f in fields(Team) if f.name != "chat"))


def _sources_but_chat(state: GameState, team: Team) -> tuple[object, ...]:
    """What a team's view reads, its chat aside, as one source: an object that stays the same
    while every field of the team but the chat does. Only the chat part reads the chat, but
    at the end the debrief and the tally count chat messages, so there it counts too. One
    stand-in, kept once per state, keeps the memo's keys short (a key per field, in every
    part's entry, cost more memory than the parts)."""
    def stand_in() -> object:
        rest: tuple[object, ...] = (*_BUT_CHAT(team), state.settings)
        if state.phase == "ended":
            rest = (*rest, team.chat)
        return _latest(("but-chat", id(state.settings), team.id), (), rest, object)

    found: tuple[object, ...] = (_per_state(state, ("but-chat", team.id), stand_in),)
    return found


def _chat_part(state: GameState, team: Team) -> list[Any]:
    built: list[Any] = _latest(("chat", id(state.settings), team.id), (),
                               (team.chat, state.settings), lambda: _plain_chat(team.chat))
    return built


def _plain_chat(chat: tuple[Any, ...]) -> list[Any]:
    """The chat as plain messages. A chat only grows by one message at a time, so the list
    built for the chat without its last message is copied and extended: a long chat is not
    converted again, message by message, at every line."""
    if chat:
        before = _CHATS.get(id(chat[-1]))
        if before is not None and before[0] is chat[-1] and before[1] == chat:  # built
            return before[2]
        before = _CHATS.get(id(chat[-2])) if len(chat) > 1 else None
        if before is not None and before[0] is chat[-2] and before[1] == chat[:-1]:
            built = [*before[2], _plain_once(chat[-1])]
        else:
            built = [_plain_once(m) for m in chat]
        # Keyed by the last message, which the entry holds (so its id stays its own).
        _CHATS[id(chat[-1])] = (chat[-1], chat, built)
        if len(_CHATS) > _CHATS_MAX:
            _CHATS.popitem(last=False)
        return built
    return []


# The last chats converted, by the id of their last message: (that message, the chat, the
# plain list). A few per team is enough: each new line finds the chat it extends.
_CHATS_MAX = 4096
_CHATS: OrderedDict[int, tuple[object, tuple[Any, ...], list[Any]]] = OrderedDict()


def _team_parts(
    state: GameState, team: Team, role: str | None, memo: bool, bots: str | None = None
) -> dict[str, Callable[[], Any]]:
    """How to build each entry of a team's view. `memo` reuses unchanged parts (bot views);
    `bots`, as for `_team`."""
    scenario = state.scenario
    q = state.quarter
    def plain_all(what: str, items: Any) -> Callable[[], list[Any]]:
        if not memo:
            return lambda: [_plain(x) for x in items]
        return lambda: [_plain_once(x) for x in items]

    parts: dict[str, Callable[[], Any]] = {
        "id": lambda: team.id,
        "name": lambda: team.name,
        "seats": lambda: {r: _seat(s, memo, bots) for r, s in team.seats.items()},
        "metrics": lambda: dict(team.metrics),
        "history": plain_all("history", team.history),
        "value": lambda: team.value,
        "goals": lambda: goals_met(team, scenario),
        "budget": lambda: {"envelopes": dict(team.envelopes), "pool": team.pool,
                           "held": credits_held(team),
                           # what arrived this quarter, after cost efficiency moved it
                           "arrived": sum(c.amount for c in team.treasury
                                          if c.kind == "income" and c.quarter == q),
                           "moved": _moved(team, q)},
        "initiatives": lambda: _initiatives(state, team, memo),
        "incidents": lambda: _incidents(state, team, role, memo),
        "roadmap": plain_all("roadmap", team.roadmap),
        "roadmap_revisions": plain_all("revision", team.roadmap_revisions),
        "charter": lambda: _plain(team.charter) if team.charter else None,
        "charter_problems": lambda: charter_problems(team.charter),
        "committee_active": lambda: committee_active(team, scenario, q),
        "standards": plain_all("standard", team.standards.values()),
        "standard_rollout": lambda: {m: rollout_cost(team, m) for m in ADOPTION_COST},
        # The rollouts the team pays if the quarter resolved now (the Ready summary): a
        # newcomer found 10 cr of them only in the report afterwards.
        "standards_due": lambda: [
            {k: e.data[k] for k in ("standard", "cost", "owner")}
            for e in adopt_standards(state, team, q)[1] if e.data.get("adopted")
        ] if state.phase == "planning" else [],
        "chat": plain_all("chat", team.chat),
        # Resolved quarters only: an inject's events wait in the report of the quarter being
        # played until it resolves (a half report would hide the last whole one).
        "reports": lambda: {str(k): list(v) for k, v in team.reports.items()
                            if any(h.quarter == k for h in team.history)},
        "seams": lambda: {seam: _seam(state, team, seam) for seam in SEAMS},
        "dashboard_roles": lambda: list(dashboard_roles(team, scenario, q)),
        "modifiers": lambda: _modifiers(state, team),
        "clocks": lambda: [{"inject": c.inject, "title": c.effect.title, "due": c.due,
                            "status": c.status} for c in team.clocks],
        "investigate_cross_ap": lambda: investigate_cost(team, scenario, False, q),
        "notify_cost": lambda: notify_cost(team, scenario, q),
        "notify_ap": lambda: NOTIFY_AP,
        # At the end, the one count of incidents and diagnoses the debrief uses too.
        "incident_tally": lambda: _tally(state, team) if state.phase == "ended" else None,
        # ... and the debrief cards: each incident's true cause, red herring and plans judged
        # against it. Only at the end: the cause is drawn per game, the same for every team.
        "debrief": lambda: debrief_cards(scenario, [team]) if state.phase == "ended" else None,
    }
    if role is None:
        parts["ledger"] = lambda: [_plain(e) for e in team.ledger]
        parts["treasury"] = lambda: [_plain(e) for e in team.treasury]
    return parts


def _seat(seat: Any, memo: bool, bots: str | None) -> dict[str, Any]:
    plain: dict[str, Any] = _plain_once(seat) if memo else _plain(seat)
    if bots is None:
        return plain
    return {**plain, "bot": seat_bot(seat.holder, seat.bot_level, bots)}


def _tally(state: GameState, team: Team) -> dict[str, int]:

    return incident_tally(team, state.scenario, state.difficulty, state.quarter)


def _initiatives(state: GameState, team: Team, memo: bool) -> list[dict[str, Any]]:
    if not memo:
        return [_initiative(state, team, ident) for ident in state.scenario.initiatives]
    key = (id(state.scenario), state.quarter, team.pool is None, capabilities(state, team))

    def one(ident: str) -> dict[str, Any]:
        sources = (team.initiatives.get(ident), team.modifiers)
        built: dict[str, Any] = _remember(("initiative", ident, *key), sources,
                                          lambda: _initiative(state, team, ident))
        return built

    return [one(ident) for ident in state.scenario.initiatives]


def _seam(state: GameState, team: Team, seam: str) -> str:
    a, b = SEAM_INITIATIVES[seam]
    rank = min(effective_rank(team, state.scenario, a, state.quarter),
               effective_rank(team, state.scenario, b, state.quarter))
    return LEVELS[rank - 1] if rank else "none"


# What a rule change alters, in a player's words (an effect's `kind` is a scenario-file code).
MODIFIER_WORDS = {"probability": "incident likelihood", "cost": "prices",
                  "modifier": "metrics"}


def _modifiers(state: GameState, team: Team) -> list[dict[str, Any]]:
    """The rule changes in force, once each: one change can move several metrics (an
    over-correction keeps one modifier per metric), and is listed once with all of them.
    `title` names it as the player saw it (the inject's title, not its id)."""
    specs = {**state.scenario.injects, **state.custom_injects}
    out: dict[tuple[str, int, str], dict[str, Any]] = {}
    for m in team.modifiers:
        spec = specs.get(m.inject)
        entry = out.setdefault((m.inject, m.until, m.effect.kind), {
            "inject": m.inject, "title": spec.title if spec else m.inject,
            "until": m.until, "kind": m.effect.kind,
            "changes": MODIFIER_WORDS.get(m.effect.kind, m.effect.kind), "metrics": []})
        if m.effect.metric and m.effect.metric not in entry["metrics"]:
            entry["metrics"].append(m.effect.metric)
    return list(out.values())


def _initiative(state: GameState, team: Team, ident: str) -> dict[str, Any]:
    scenario = state.scenario
    spec = scenario.initiatives[ident]
    q = state.quarter
    rank = bought_rank(team, ident)
    current = team.initiatives.get(ident)
    cost = next_level_cost(team, scenario, ident, q)
    nxt = None
    if cost is not None:
        level = LEVELS[rank]
        # Bought in the next quarter pledges can be made in (planning, and never the setup),
        # it is first in effect in `takes_effect`; after the last quarter it is waste.
        lands = takes_effect(spec, level, max(1, q if state.phase == "planning" else q + 1))
        nxt = {"level": level, "cost": cost, "upkeep": spec.levels[level].upkeep,
               "delay": spec.levels[level].delay, "effects": dict(spec.levels[level].effects),
               "takes_effect": lands, "wasted": lands_too_late(scenario, lands),
               "pledges": dict(current.pledges) if current else {},
               "min_share": min_share(scenario, cost, len(spec.owners))
               if len(spec.owners) > 1 else 0,
               "owners_short": owner_shortfall(team, scenario, ident, cost),
               "bought_this_quarter": bool(current and current.bought
                                           and current.bought[-1] == q)}
    return {
        "id": ident, "name": spec.name, "summary": spec.summary, "owners": list(spec.owners),
        "discipline": spec.discipline, "concept": spec.concept, "anchor": spec.anchor,
        "level": LEVELS[rank - 1] if rank else "none",
        "effective": LEVELS[r - 1] if (r := effective_rank(team, scenario, ident, q)) else "none",
        "upkeep": upkeep_due(team, scenario, ident, q),
        "prerequisites": [{"condition": c.text,
                           "met": c.text not in _missing(state, team, ident)}
                          for c in spec.prerequisites],
        "needs_charter": spec.needs_charter,
        "next": nxt,
        # The whole public price list, so a seat can plan further than the next level,
        # with the drag some levels bring unless other initiatives are in place.
        "levels": {level: {"cost": spec.levels[level].cost, "upkeep": spec.levels[level].upkeep,
                           "delay": spec.levels[level].delay,
                           "effects": dict(spec.levels[level].effects),
                           "penalty": dict(spec.penalty.get(level, {}))}
                   for level in LEVELS if level in spec.levels},
        "penalty_unless": [c.text for c in spec.penalty_unless],
    }


def _missing(state: GameState, team: Team, ident: str) -> tuple[str, ...]:
    return missing_prerequisites(team, state.scenario, ident, state.quarter)


def _private_signals(state: GameState, team: Team, role: str) -> dict[str, Any]:
    """The role's own dashboard: signals the other seats do not get."""
    scenario = state.scenario
    q = state.quarter

    def rank(ident: str) -> int:
        return effective_rank(team, scenario, ident, q) if ident in scenario.initiatives else 0

    open_tags = [t for inc in team.incidents.values() if inc.open
                 for t in scenario.incidents[inc.spec].tags]
    m = team.metrics
    if role == "dataops":
        return {
            "freshness_slo_met_pct": min(99, m["data_trust"] + 10 * rank("I5")),
            "contract_coverage_pct": (0, 35, 70, 90)[rank("I4")],
            "lineage_coverage_pct": (10, 40, 70, 90)[rank("I6")],
            "open_data_alerts": sum(1 for t in open_tags if t in ("schema", "quality", "volume")),
        }
    if role == "mlops":
        return {
            "models_monitored_pct": (15, 50, 80, 95)[rank("I9")],
            "models_in_registry_pct": (30, 60, 90, 100)[rank("I7")],
            "drift_alerts": sum(1 for t in open_tags if t == "drift"),
            "release_automation_pct": (10, 40, 70, 90)[rank("I8")],
        }
    spend = [e for e in team.treasury if e.amount < 0]
    by_kind: dict[str, int] = {}
    for e in spend:
        by_kind[e.kind] = by_kind.get(e.kind, 0) - e.amount
    return {
        "allocated_spend_pct": (35, 55, 80, 92)[rank("I1")],
        "forecast_variance_pct": 25 - 5 * rank("I2"),
        "unit_cost_visible": rank("I3") > 0,
        "cost_anomalies": sum(1 for t in open_tags if t == "cost-spike"),
        "spend_by_kind": by_kind,
    }


def _moved(team: Team, quarter: int) -> dict[str, int]:
    """Role -> credits it received from teammates this quarter less what it sent: the
    Budget tab's envelopes did not add up for a newcomer whose bot had moved 1 cr."""
    moved: dict[str, int] = {}
    for e in team.ledger:
        if e.kind != "transfer" or e.quarter != quarter:
            continue
        amount, to = int_at(e.detail, "amount"), str_at(e.detail, "to")
        moved[e.by] = moved.get(e.by, 0) - amount
        moved[to] = moved.get(to, 0) + amount
    return {r: n for r, n in moved.items() if n}

