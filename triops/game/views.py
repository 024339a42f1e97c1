"""Per-recipient views: exactly what a seat, the facilitator or a spectator may see.

Redaction happens here and nowhere else. A seat sees its team's shared state, its own private
signals and clues, and clues made common by sharing or the dashboard; never another seat's
private clues, the class of a response before it is judged, the right diagnosis before the
review, the real case behind an incident before it is closed (or the game over), or a
silently scheduled recurrence. The facilitator sees everything; a spectator sees
the leaderboard, headline metrics and the public ticker.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from triops.game import rng
from triops.game.affordances import affordances
from triops.game.anchors import anchor_kind
from triops.game.assessment_view import team_assessment
from triops.game.clues import existing_clues, visible_clues
from triops.game.codec import plain_converter
from triops.game.debrief import debrief_cards
from triops.game.effects import (
    bought_rank,
    carry_over_cap,
    charter_problems,
    committee_active,
    dashboard_roles,
    effective_rank,
    effective_ranks,
    investigate_cost,
    lands_too_late,
    missing_prerequisites,
    next_level_cost,
    takes_effect,
    upkeep_due,
)
from triops.game.inject_reach import reach_plain
from triops.game.memo import IdentityMemo
from triops.game.objectives import incident_tally
from triops.game.outcome import game_outcome
from triops.game.peer_review import review_view
from triops.game.scoring import TIE_BREAK, early_end, goals_met, quarters_played, standings
from triops.game.seat_rules import min_share, owner_shortfall, response_problems
from triops.game.state import GameState, IncidentState, Team
from triops.game.teams import credits_held
from triops.game.vocab import LEVELS, ROLES, SEAM_INITIATIVES, SEAMS


def seat_view(state: GameState, team_id: str, role: str, shared: bool = False) -> dict[str, Any]:
    """What one seat sees. `shared` reuses parts built for earlier views (see "shared views")."""
    team = state.team(team_id)
    return {
        "kind": "seat",
        "game": _game(state),
        "you": {"team": team.id, "team_name": team.name, "role": role,
                "name": team.seats[role].name},
        "briefing": _shared_briefing(state) if shared else _briefing(state),
        "team": _shared_team(state, team, role) if shared else _team(state, team, role),
        "private": _remember(("private", role, state.quarter), (team, state.scenario),
                           lambda: _private_signals(state, team, role))
        if shared else _private_signals(state, team, role),
        "leaderboard": leaderboard(state),
        "review": _review(state, team.id, role),
        # Fixed scenario content the seat chooses from; built once per scenario.
        "catalogue": _remember(("catalogue",), (state.scenario,),
                               lambda: _catalogue(state)),
        "can": affordances(state, team, role),
    }


def _catalogue(state: GameState) -> dict[str, Any]:
    """The standards a team may propose, with what each asks for."""
    return {"standards": {
        s.id: {"name": s.name, "spec": s.spec, "kpi": s.kpi,
               "disciplines": list(s.disciplines), "addresses": list(s.addresses),
               "requires": [c.text for c in s.requires]}
        for s in state.scenario.standards.values()}}


def facilitator_view(state: GameState, shared: bool = False) -> dict[str, Any]:
    """Everything, hidden causes included. `shared` as for `seat_view`."""
    plain = _plain_once if shared else _plain
    return {
        "kind": "facilitator",
        "game": _game(state),
        "briefing": _shared_briefing(state) if shared else _briefing(state),
        "teams": [_shared_team(state, team, None) if shared else _team(state, team, None)
                  for team in state.teams],
        "leaderboard": leaderboard(state),
        "schedule": plain(state.schedule),
        "library": _remember(("library",), (state.scenario, state.custom_injects),
                           lambda: _library(state)) if shared else _library(state),
        "overrides": plain(state.overrides),
        # Each team's objective levels, so the console shows what the server computed.
        "assessments": {team.id: team_assessment(state, team.id) for team in state.teams}
        if state.phase != "lobby" else {},
        "ticker": list(state.ticker),
        "review": _review(state, None, None, True),
        "catalogue": _remember(("facilitator-catalogue",), (state.scenario,),
                               lambda: _facilitator_catalogue(state)),
    }


def _library(state: GameState) -> list[dict[str, Any]]:
    out = []
    for i in (*state.scenario.injects.values(), *state.custom_injects.values()):
        effects = _plain(i.effects)
        out.append({"id": i.id, "title": i.title, "narrative": i.narrative,
                    "scheduled": i.scheduled, "effects": effects,
                    "reach": reach_plain(effects, state.scenario)})
    return out


def _facilitator_catalogue(state: GameState) -> dict[str, Any]:
    """The scenario's incidents, for a custom inject that opens one."""
    return {"incidents": [{"id": s.id, "title": s.title}
                          for s in state.scenario.incidents.values()]}


def spectator_view(state: GameState) -> dict[str, Any]:
    return {
        "kind": "spectator",
        "game": _game(state),
        "leaderboard": leaderboard(state),
        "teams": [
            {"id": t.id, "name": t.name, "metrics": dict(t.metrics), "value": t.value,
             "history": [{"quarter": h.quarter, "metrics": dict(h.metrics), "value": h.value,
                          "outcome": h.outcome} for h in t.history]}
            for t in state.teams
        ],
        "ticker": list(state.ticker),
        "review": _review(state, None, None),
    }


def _review(state: GameState, team: str | None, role: str | None,
            facilitator: bool = False) -> dict[str, Any] | None:
    """The peer review of roadmaps as this recipient sees it (game/peer_review.py), after
    the game; None before. Views of one state share its presentation and results."""
    if state.review is None or state.phase != "ended":
        return None
    built: dict[str, Any] | None = _remember(
        ("review", team, role, facilitator), (state.review, state.teams, state.scenario),
        lambda: review_view(state, team, role, facilitator))
    return built


def _game(state: GameState) -> dict[str, Any]:
    s = state.scenario
    return {
        "scenario": s.id, "title": s.title, "industry": s.industry,
        "difficulty": state.difficulty, "quarter": state.quarter, "quarters": s.quarters,
        "phase": state.phase, "paused": state.paused, "deadline": state.deadline,
        "paused_remaining": state.paused_remaining, "version": state.version,
        "phase_seq": state.phase_seq,
        "teams": [{"id": t.id, "name": t.name} for t in state.teams],
        # Why the final scores differ, when the facilitator ended the game early ("" if not).
        "early_end": early_end(state.teams, s, ended=True) if state.phase == "ended" else "",
        "tie_break": TIE_BREAK,  # how the leaderboard orders equal outcomes
        # How it came out, once it has (public: the final standings are announced anyway).
        "outcome": _remember(("outcome",), (state.teams, state.scenario),
                             lambda: _outcome(state)) if state.phase == "ended" else None,
    }


def _outcome(state: GameState) -> dict[str, Any] | None:
    found = game_outcome(state)
    if found is None:
        return None
    return {"placings": [{"rank": p.rank, "team": p.team, "name": p.name, "outcome": p.outcome,
                          "value": p.value, "goals": dict(p.goals)} for p in found.placings],
            "winner": found.winner.team, "quarters_played": found.quarters_played,
            "ran_its_course": found.ran_its_course}


def _briefing(state: GameState) -> dict[str, Any]:
    s = state.scenario
    return {
        "organisation": s.organisation, "situation": s.situation, "summary": s.summary,
        "goals": [_plain(g) for g in s.goals],
        "budget": s.budget, "envelopes": dict(s.envelopes),
        "value_per_quarter": s.value_per_quarter,
        "rules": {"carry_over": s.rules.carry_over, "carry_over_cap": carry_over_cap(s),
                  "metric_pull": s.rules.metric_pull,
                  "transfer_cap": s.rules.transfer_cap,
                  "free_shares": s.rules.free_shares, "share_ap": s.rules.share_ap},
        "hints": [_plain(h) for h in s.hints if h.quarter <= state.quarter]
        if state.difficulty == "novice" else [],
    }


def leaderboard(state: GameState) -> list[dict[str, Any]]:
    """Teams by outcome. Every view of one state shares the one list (read-only)."""
    final = state.phase == "ended"
    built: list[dict[str, Any]] = _remember(("leaderboard", state.quarter, final),
                                            (state.teams, state.scenario),
                                            lambda: _leaderboard(state, final))
    return built


def _leaderboard(state: GameState, final: bool) -> list[dict[str, Any]]:
    q = state.quarter
    # Mid-game the score is the one recorded when the last quarter resolved: scored at
    # the quarter under way, the value goal would already expect a quarter not yet played.
    played = q if final else quarters_played(state.teams)
    ranked = standings(state.teams, state.scenario, played, final=final)

    def row(rank: int, outcome: int, t: Team) -> dict[str, Any]:
        # A team's row stays the same object while the team and its rank do.
        built: dict[str, Any] = _remember(
            ("leaderboard-row", q, final, rank), (t, state.scenario),
            lambda: {"team": t.id, "name": t.name, "value": t.value, "outcome": outcome,
                     "history": [h.outcome for h in t.history], "rank": rank})
        return built

    return [row(rank, outcome, t) for rank, outcome, t in ranked]


def _team(state: GameState, team: Team, role: str | None) -> dict[str, Any]:
    """The team as one seat sees it, or, with role None, as the facilitator sees it."""
    return {key: make() for key, make in _team_parts(state, team, role, False).items()}


# --- shared views: the server's ----------------------------------------------------------
# The server sends each client only what changed since its last view (game/view_patch.py).
# Parts built here are the same objects for as long as the state they come from is, so the
# difference skips them unread. Their contents equal the fresh views' (a test holds them to
# it at every step of whole games); treat them as read-only.


def _shared_briefing(state: GameState) -> dict[str, Any]:
    built: dict[str, Any] = _remember(("briefing", state.quarter, state.difficulty),
                                    (state.scenario,), lambda: _briefing(state))
    return built


def _shared_team(state: GameState, team: Team, role: str | None) -> dict[str, Any]:
    """`_team`, shared. A team's view depends on the state only through these sources, and
    on the seat only through its incidents (and the facilitator's ledgers)."""
    def build() -> dict[str, Any]:
        view = {**_shared_team_base(state, team),
                "incidents": [_shared_incident(state, team, inc, role)
                              for inc in team.incidents.values()]}
        if role is None:
            view["ledger"] = _remember(("ledger",), (team.ledger,),
                                       lambda: [_plain_once(e) for e in team.ledger])
            view["treasury"] = _remember(("treasury",), (team.treasury,),
                                         lambda: [_plain_once(e) for e in team.treasury])
        return view

    built: dict[str, Any] = _remember(("team", role, state.quarter, state.difficulty,
                                       state.phase == "ended"),
                                      (team, state.scenario), build)
    return built


def _shared_team_base(state: GameState, team: Team) -> dict[str, Any]:
    """The parts of a team's view that every seat and the facilitator see alike."""
    def build() -> dict[str, Any]:
        parts = _team_parts(state, team, "", True)  # "": no seat, so no ledgers
        del parts["incidents"]
        # Parts that read one field of the team stay the same objects while it does, so a
        # chat message rebuilds the chat and leaves the roadmap, the seats... untouched.
        sources = {"seats": team.seats, "metrics": team.metrics, "history": team.history,
                   "roadmap": team.roadmap, "roadmap_revisions": team.roadmap_revisions,
                   "charter": team.charter, "standards": team.standards, "chat": team.chat,
                   "reports": team.reports, "modifiers": team.modifiers,
                   "clocks": team.clocks}
        return {key: _remember(("team-part", key), (sources[key],), make)
                if key in sources else make() for key, make in parts.items()}

    built: dict[str, Any] = _remember(("team-base", state.quarter, state.difficulty,
                                       state.phase == "ended"),
                                      (team, state.scenario), build)
    return built


def _shared_incident(
    state: GameState, team: Team, inc: IncidentState, role: str | None
) -> dict[str, Any]:
    key = ("incident-plain", id(state.scenario), state.quarter, state.difficulty, role,
           state.phase == "ended", capabilities(state, team))
    built: dict[str, Any] = _remember(key, (inc,), lambda: _incident(state, team, inc, role))
    return built


def _team_parts(
    state: GameState, team: Team, role: str | None, memo: bool
) -> dict[str, Callable[[], Any]]:
    """How to build each entry of a team's view. `memo` reuses unchanged parts (bot views)."""
    scenario = state.scenario
    q = state.quarter
    def plain_all(what: str, items: Any) -> Callable[[], list[Any]]:
        if not memo:
            return lambda: [_plain(x) for x in items]
        return lambda: [_plain_once(x) for x in items]

    parts: dict[str, Callable[[], Any]] = {
        "id": lambda: team.id,
        "name": lambda: team.name,
        "seats": lambda: {r: (_plain_once(s) if memo else _plain(s))
                          for r, s in team.seats.items()},
        "metrics": lambda: dict(team.metrics),
        "history": plain_all("history", team.history),
        "value": lambda: team.value,
        "goals": lambda: goals_met(team, scenario),
        "budget": lambda: {"envelopes": dict(team.envelopes), "pool": team.pool,
                           "held": credits_held(team)},
        "initiatives": lambda: _initiatives(state, team, memo),
        "incidents": lambda: _incidents(state, team, role, memo),
        "roadmap": plain_all("roadmap", team.roadmap),
        "roadmap_revisions": plain_all("revision", team.roadmap_revisions),
        "charter": lambda: _plain(team.charter) if team.charter else None,
        "charter_problems": lambda: charter_problems(team.charter),
        "committee_active": lambda: committee_active(team, scenario, q),
        "standards": plain_all("standard", team.standards.values()),
        "chat": plain_all("chat", team.chat),
        "reports": lambda: {str(k): list(v) for k, v in team.reports.items()},
        "seams": lambda: {seam: _seam(state, team, seam) for seam in SEAMS},
        "dashboard_roles": lambda: list(dashboard_roles(team, scenario, q)),
        "modifiers": lambda: _modifiers(state, team),
        "clocks": lambda: [{"inject": c.inject, "title": c.effect.title, "due": c.due,
                            "status": c.status} for c in team.clocks],
        "investigate_cross_ap": lambda: investigate_cost(team, scenario, False, q),
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


def _incidents(
    state: GameState, team: Team, role: str | None, memo: bool
) -> list[Any]:
    if not memo:
        return [_incident(state, team, inc, role) for inc in team.incidents.values()]
    caps = capabilities(state, team)
    key = ("incident", id(state.scenario), state.quarter, state.difficulty, role,
           state.phase == "ended", caps)

    def one(inc: IncidentState) -> LazyView:
        built: LazyView = _remember(key, (inc,),
                                    lambda: LazyView(_incident_parts(state, team, inc, role)))
        return built

    return [one(inc) for inc in team.incidents.values()]


def _plain_once(value: Any) -> Any:
    """`_plain` of an immutable state value, shared between bot views while it lives."""
    hit = _PLAIN.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    plain = _plain(value)
    _PLAIN[id(value)] = (value, plain)
    if len(_PLAIN) > _MEMO_MAX:  # the oldest goes, as in IdentityMemo
        _PLAIN.popitem(last=False)
    return plain


def capabilities(state: GameState, team: Team) -> tuple[Any, ...]:
    """Everything a condition can read about a team (triops/scenarios/README.md, "Conditions").

    Two teams with the same capabilities answer every condition alike, so view parts that
    depend on the team only through conditions can be reused between them.
    """
    q = state.quarter
    if _CAPS[0] is team and _CAPS[1] is state.scenario and _CAPS[2] == q:
        known: tuple[Any, ...] = _CAPS[3]
        return known
    charter = team.charter
    caps = (
        tuple(effective_ranks(team, state.scenario, q).values()),
        committee_active(team, state.scenario, q),
        charter.decision_rights if charter is not None else None,
        tuple(k for k, p in team.standards.items() if p.adopted is not None),
        tuple(team.metrics.values()),
    )
    _CAPS[:] = [team, state.scenario, q, caps]
    return caps


_CAPS: list[Any] = [None, None, None, None]  # the last team asked about, and its answer


# Bot views reuse parts built for an earlier view while the state they come from is the
# same object (states are immutable, so identity means equal contents). Entries hold the
# objects they were built from, so an id reused after garbage collection never matches.
_MEMO_MAX = 1 << 17  # entries; one busy server's rooms fit
_MEMO = IdentityMemo(_MEMO_MAX)
_PLAIN: OrderedDict[int, tuple[object, Any]] = OrderedDict()


def forget() -> None:
    """Drop every remembered bot-view part (a new game shares nothing with the last)."""
    _MEMO.clear()
    _PLAIN.clear()
    _CAPS[:] = [None, None, None, None]


def _remember(key: tuple[Any, ...], sources: tuple[object, ...], build: Callable[[], Any]) -> Any:
    return _MEMO.remember(key, sources, build)


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


def _incident(
    state: GameState, team: Team, inc: IncidentState, role: str | None
) -> dict[str, Any]:
    return {key: make() for key, make in _incident_parts(state, team, inc, role).items()}


def _incident_parts(
    state: GameState, team: Team, inc: IncidentState, role: str | None
) -> dict[str, Callable[[], Any]]:
    scenario = state.scenario
    spec = scenario.incidents[inc.spec]
    q = state.quarter
    facilitator = role is None
    # A seat sees a symptom-fixed incident as contained, never as resolved: the review shows
    # the plan was a symptom fix; when it comes back is the facilitator's to know.
    status = "contained" if inc.status == "dormant" and not facilitator else inc.status
    known: dict[str, Any] = {}

    def existing() -> Any:
        if "clues" not in known:
            known["clues"] = existing_clues(team, scenario, spec, q)
        return known["clues"]

    def seen() -> dict[str, str]:
        if "seen" not in known:
            assert role is not None
            known["seen"] = visible_clues(team, scenario, inc, role, q)
        visible: dict[str, str] = known["seen"]
        return visible

    seed = state.settings.seed
    reveal_case = facilitator or inc.status == "resolved" or state.phase == "ended"

    def diagnoses() -> list[dict[str, Any]]:
        # Option order is the game's, not the file's (no tells: docs/balance.md); what a diagnosis
        # was worth shows only once the team's pick has been judged.
        verdicts = {o.diagnosis: o.cause for o in inc.outcomes if o.diagnosis}
        by_id = {d.id: d for d in spec.diagnoses}
        order = rng.shuffled(seed, tuple(by_id), "diagnoses", spec.id)
        return [
            {"id": d.id, "text": d.text,
             **({"correct": d.id == (inc.cause if facilitator else verdicts[d.id]),
                 "red_herring": d.red_herring, "explanation": d.explanation}
                if facilitator or d.id in verdicts else {})}
            for d in (by_id[i] for i in order)
        ]

    def responses() -> list[dict[str, Any]]:
        # A seat sees what a plan says and what it takes; its steps, class and side effects
        # show in the review of a plan the team committed.
        used = {o.response for o in inc.outcomes if o.response}
        by_id = {r.id: r for r in spec.responses}
        order = rng.shuffled(seed, tuple(by_id), "responses", spec.id)
        return [
            {"id": r.id, "text": r.text, "cost": dict(r.cost), "ap": dict(r.ap),
             "requires": [c.text for c in r.requires],
             "missing": response_problems(team, scenario, r, q),
             **({"class": r.klass, "steps": list(r.steps), "fits": list(r.fits),
                 "prevents_with": r.prevents_with, "effects": dict(r.effects),
                 "explanation": r.explanation}
                if facilitator or r.id in used else {})}
            for r in (by_id[i] for i in order)
        ]

    def outcomes() -> list[dict[str, Any]]:
        plain = [_plain(o) for o in inc.outcomes]
        if facilitator:
            return plain
        # The true cause is the debrief's to tell: while the game runs, a seat learns only
        # whether its diagnosis was right and what its plan was (a symptom fix only contains).
        return [{**o, "cause": "", "fits": None} for o in plain]

    def clues() -> list[dict[str, Any]]:
        if facilitator:
            return [{"id": c.id, "role": c.role, "text": c.text_for(inc.cause), "when": c.when,
                     "found_by": list(inc.found.get(c.id, ())),
                     "shared": c.id in inc.shared} for c in existing()]
        visible = seen()
        return [{"id": c.id, "role": c.role, "text": c.text_for(inc.cause),
                 "source": visible[c.id], "shared": c.id in inc.shared}
                for c in existing() if c.id in visible]

    def investigable() -> list[dict[str, Any]]:
        visible = seen()
        return [
            {"id": c.id, "role": c.role, "ap": investigate_cost(team, scenario, c.role == role, q)}
            for c in existing()
            if c.id not in visible and (c.role != role or c.when == "investigate")
        ]

    parts: dict[str, Callable[[], Any]] = {
        "id": lambda: inc.id, "spec": lambda: spec.id, "title": lambda: spec.title,
        "severity": lambda: inc.severity, "seams": lambda: list(spec.seams),
        "tags": lambda: list(spec.tags), "opened": lambda: inc.opened,
        "status": lambda: status, "crisis": lambda: inc.crisis, "source": lambda: inc.source,
        "clock_due": lambda: inc.clock_due, "notified": lambda: inc.notified,
        "diagnosis": lambda: inc.diagnosis, "diagnosis_by": lambda: inc.diagnosis_by,
        "response": lambda: inc.response, "response_by": lambda: inc.response_by,
        "reserved": lambda: {"cr": dict(inc.reserved_cr), "ap": dict(inc.reserved_ap)},
        # The real case behind the incident can hint at its cause: a seat reads it once the
        # incident is closed or the game is over, the facilitator always (issue 16, §3).
        "anchor": lambda: spec.anchor if reveal_case else "",
        "anchor_kind": lambda: anchor_kind(spec.anchor) if reveal_case else "",
        "hint": lambda: spec.hint if state.difficulty == "novice" or facilitator
        or team.metrics["team_capability"] >= 60 else "",
        "diagnoses": diagnoses,
        "responses": responses,
        "outcomes": outcomes,
        "clues": clues,
    }
    if facilitator:
        parts["recur_at"] = lambda: inc.recur_at
        parts["cause"] = lambda: inc.cause
    elif inc.open:
        parts["investigable"] = investigable
    return parts


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


# --- plain data, fast ----------------------------------------------------------------------


# `game.codec.to_plain`, with map keys as strings: views go to clients in any language.
_plain = plain_converter(str)


# --- bot views: the seat view, built on demand ---------------------------------------------


class LazyView(Mapping[str, Any]):
    """A read-only map whose entries are built the first time they are read.

    `bot_view` returns the seat view in this form: the same keys and, once read, the same
    values as `seat_view`, but a bot pays only for what it reads, and parts that did not
    change since an earlier bot view are shared with it. Treat it (and what it holds) as
    read-only; `materialise` turns it into plain dicts.
    """

    __slots__ = ("_makers", "_values")

    def __init__(self, makers: dict[str, Callable[[], Any]]) -> None:
        self._makers = makers
        self._values: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            value = self._values[key] = self._makers[key]()
            return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)

    def __repr__(self) -> str:
        return f"LazyView({sorted(self._makers)})"


def bot_view(state: GameState, team_id: str, role: str) -> LazyView:
    """The seat's view for a bot: `seat_view`'s contents, built lazily (see LazyView)."""
    team = state.team(team_id)
    return LazyView({
        "kind": lambda: "seat",
        "game": lambda: _game(state),
        "you": lambda: {"team": team.id, "team_name": team.name, "role": role,
                        "name": team.seats[role].name},
        "briefing": lambda: _briefing(state),
        "team": lambda: LazyView(_team_parts(state, team, role, True)),
        "private": lambda: _private_signals(state, team, role),
        "leaderboard": lambda: leaderboard(state),
        "review": lambda: _review(state, team.id, role),
        "catalogue": lambda: _remember(("catalogue",), (state.scenario,),
                                       lambda: _catalogue(state)),
        "can": lambda: affordances(state, team, role),
    })


def materialise(value: Any) -> Any:
    """A view (lazy or not) as fresh plain dicts and lists, e.g. to compare or to send."""
    if isinstance(value, Mapping):
        return {k: materialise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [materialise(v) for v in value]
    if isinstance(value, tuple):
        return tuple(materialise(v) for v in value)
    return value



def view_for(state: GameState, viewer: str, team_id: str = "", role: str = "") -> dict[str, Any]:
    """One entry point: viewer is "seat", "facilitator" or "spectator"."""
    if viewer == "seat":
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        return seat_view(state, team_id, role)
    if viewer == "facilitator":
        return facilitator_view(state)
    return spectator_view(state)
