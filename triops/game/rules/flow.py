"""Phases and quarters: the transition table, the briefing, the resolution and the end.

    lobby ──start──▶ planning(Q0 setup) ──resolve──▶ review ──advance──▶ planning(Q+1) ...
    review(last quarter) ──advance──▶ ended;   any phase ──end_game──▶ ended

Resolution happens when every seat is ready, when the clock runs out, or when the
facilitator forces it. Its report is a list of events in which every metric change names
its causes; the close of each team's quarter (idle money, the metrics, the value, the
record) is in quarter_close.py.
"""

from __future__ import annotations

import math

from triops.game.model.events import Event
from triops.game.model.state import GameState, InitiativeState, ScheduledInject, Team
from triops.game.model.values import evolve
from triops.game.model.vocab import LEVELS, ROLE_NAMES, ROLES
from triops.game.rules.artefact_rules import adopt_standards
from triops.game.rules.clues import pooled_roles
from triops.game.rules.conditions import parse_condition
from triops.game.rules.in_effect import (
    action_points,
    all_hold,
    committee_active,
    lands_too_late,
    missing_prerequisites,
    next_level_cost,
    takes_effect,
    upkeep_due,
)
from triops.game.rules.incident_flow import (
    damage_of,
    draw_incidents,
    judge,
    reopen_recurrences,
    take_loss,
)
from triops.game.rules.inject_effects import fire_on_team
from triops.game.rules.metrics import Causes
from triops.game.rules.quarter_close import close_quarter, record_quarter
from triops.game.rules.seat_rules import owner_shortfall
from triops.game.rules.teams import add_evidence, book, credit, debit, put_seat
from triops.game.scoring.outcome import game_outcome
from triops.game.scoring.score import rank_key

# (phase, transition) -> next phase. Every phase change goes through `_enter`.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("lobby", "start"): "planning",
    ("planning", "resolve"): "review",
    ("review", "advance"): "planning",
    ("review", "finish"): "ended",
    ("lobby", "end"): "ended",
    ("planning", "end"): "ended",
    ("review", "end"): "ended",
}


def _enter(state: GameState, transition: str, at: float, quarter: int) -> GameState:
    phase = TRANSITIONS[(state.phase, transition)]
    clock = state.settings.clock
    seconds = None
    if phase == "planning":
        seconds = clock.setup_seconds if quarter == 0 else clock.planning_seconds
    elif phase == "review":
        seconds = clock.review_seconds
    return evolve(
        state, phase=phase, quarter=quarter, phase_seq=state.phase_seq + 1,
        deadline=None if seconds is None or state.paused else at + seconds,
        paused_remaining=seconds if state.paused else None,
    )


def _ticker(state: GameState, text: str, **data: object) -> tuple[GameState, Event]:
    event = Event("ticker", text, "", "public", state.quarter, data)
    return evolve(state, ticker=(*state.ticker, event.plain())), event


# --- start ---------------------------------------------------------------------------------


def start_game(state: GameState, at: float) -> tuple[GameState, list[Event]]:
    state = _enter(state, "start", at, 0)
    teams = []
    for team in state.teams:
        for role in ROLES:
            team = put_seat(team, evolve(team.seats[role], ready=False, ap=0))
        teams.append(team)
    state = evolve(state, teams=tuple(teams))
    state, tick = _ticker(state, f"{state.scenario.title}: setup begins.")
    events = [tick, *_hint_events(state, 0)]
    events.append(Event("phase", "Setup: draft the roadmap, the committee charter and your "
                        "standards. Funding opens in Q1.", "", "public", 0,
                        {"phase": "planning", "quarter": 0}))
    return state, events


def _hint_events(state: GameState, quarter: int) -> list[Event]:
    if state.difficulty != "novice":
        return []
    return [Event("hint", h.text, t.id, "team", quarter, {"quarter": quarter})
            for h in state.scenario.hints if h.quarter == quarter for t in state.teams]


# --- briefing ------------------------------------------------------------------------------


def begin_quarter(state: GameState, at: float) -> tuple[GameState, list[Event]]:
    quarter = state.quarter + 1
    state = _enter(state, "advance", at, quarter)
    events: list[Event] = []
    teams = []
    for team in state.teams:
        team, evs = _brief_team(state, team, quarter)
        teams.append(team)
        events += evs
    state = evolve(state, teams=tuple(teams))
    state, evs = _fire_scheduled(state, quarter)
    events += evs
    teams = []
    for team in state.teams:
        team, evs = draw_incidents(state, team, quarter)
        teams.append(team)
        events += evs
    state = evolve(state, teams=tuple(teams))
    state, tick = _ticker(state, f"Quarter {quarter} begins.", quarter=quarter)
    events += [tick, *_hint_events(state, quarter)]
    events.append(Event("phase", f"Quarter {quarter}: planning.", "", "public", quarter,
                        {"phase": "planning", "quarter": quarter}))
    return state, events


def _income(state: GameState, team: Team) -> dict[str, int]:
    """The quarter's budget per envelope; cost efficiency moves it by up to ±10%."""
    factor = 0.9 + 0.2 * team.metrics["cost_efficiency"] / 100
    return {r: math.floor(share * factor + 0.5)
            for r, share in state.scenario.envelopes.items()}


def _brief_team(state: GameState, team: Team, quarter: int) -> tuple[Team, list[Event]]:
    scenario = state.scenario
    events: list[Event] = []
    team = evolve(team, modifiers=tuple(m for m in team.modifiers if m.until >= quarter))
    for role, amount in _income(state, team).items():
        team = credit(team, role, amount)
        team = book(team, quarter, "income", amount, f"Q{quarter} budget, {role}")
    total = sum(_income(state, team).values())
    events.append(Event("budget", f"Q{quarter} budget: {total} cr arrived in the envelopes.",
                        team.id, "team", quarter, {"amount": total}))
    owed: list[Event] = []
    if team.owed:
        team, paid = take_loss(team, team.owed)
        team = evolve(team, owed=team.owed - paid)
        team = book(team, quarter, "loss", -paid, "harm owed from last quarter")
        owed.append(Event("loss", f"{paid} cr of last quarter's incident harm, which the money "
                          "left then could not cover, came out of this budget.",
                          team.id, "team", quarter, {"amount": paid, "owed": True}))
    if team.pool is None and all_hold(_POOLING, team, scenario, quarter):
        team = evolve(team, pool=sum(team.envelopes.values()),
                       envelopes={r: 0 for r in ROLES})
        team = add_evidence(team, quarter, "budget_pooled", ("LO4",), {})
        events.append(Event("budget", "The committee's budget-pooling right is in force: the "
                            "three envelopes are now one team pool.", team.id, "team", quarter))
    team, evs = _charge_upkeep(state, team, quarter)
    # Taken before upkeep, said after it: the Brief shows the last few events, and a tester
    # never saw this line behind a quarter's upkeep lines.
    events += evs + owed
    ap = action_points(team, scenario, quarter)
    for role in ROLES:
        team = put_seat(team, evolve(team.seats[role], ready=False, ap=ap, shared=0, sent=0))
    team, evs = reopen_recurrences(state, team, quarter)
    return team, events + evs


def _charge_upkeep(state: GameState, team: Team, quarter: int) -> tuple[Team, list[Event]]:
    scenario = state.scenario
    events: list[Event] = []
    for ident in sorted(team.initiatives, key=_order):
        due = upkeep_due(team, scenario, ident, quarter)
        if due == 0:
            continue
        spec = scenario.initiatives[ident]
        payers = [spec.lead, *[r for r in spec.owners if r != spec.lead]]
        can_pay = team.pool if team.pool is not None else sum(
            team.envelopes[r] for r in payers)
        if can_pay < due:
            state_i = team.initiatives[ident]
            level = LEVELS[state_i.rank - 1]
            team = evolve(team, initiatives={**team.initiatives,
                                              ident: evolve(state_i, bought=state_i.bought[:-1])})
            team = add_evidence(team, quarter, "upkeep_missed", ("LO1",),
                                {"initiative": ident, "level": level, "due": due})
            events.append(Event("upkeep", f"{spec.name} lost its {level} level: its owners could "
                                f"not pay the {due} cr upkeep.", team.id, "team", quarter,
                                {"initiative": ident, "due": due, "paid": False}))
            continue
        left = due
        for role in payers:
            take = min(left, team.pool if team.pool is not None else team.envelopes[role])
            if take:
                team = debit(team, role, take)
                left -= take
        team = book(team, quarter, "upkeep", -due, f"{ident} upkeep")
        events.append(Event("upkeep", f"Upkeep of {spec.name}: {due} cr.", team.id, "team",
                            quarter, {"initiative": ident, "due": due, "paid": True}))
    return team, events


def _order(ident: str) -> tuple[int, str]:
    digits = "".join(c for c in ident if c.isdigit())
    return (int(digits) if digits else 0, ident)


def _fire_scheduled(state: GameState, quarter: int) -> tuple[GameState, list[Event]]:
    events: list[Event] = []
    schedule = []
    for item in state.schedule:
        if item.status == "pending" and item.quarter == quarter:
            state, evs = fire_inject(state, item.inject, item.targets)
            events += evs
            item = evolve(item, status="fired")
        schedule.append(item)
    return evolve(state, schedule=tuple(schedule)), events


def fire_inject(
    state: GameState, inject_id: str, targets: tuple[str, ...]
) -> tuple[GameState, list[Event]]:
    inject = state.scenario.injects.get(inject_id) or state.custom_injects[inject_id]
    events: list[Event] = []
    teams = []
    for team in state.teams:
        if not targets or team.id in targets:
            team, evs = fire_on_team(state, team, inject, state.quarter)
            events += evs
        teams.append(team)
    state = evolve(state, teams=tuple(teams))
    scope = "all teams" if not targets else ", ".join(
        t.name for t in state.teams if t.id in targets)
    state, tick = _ticker(state, f"Inject: {inject.title} ({scope}).", inject=inject.id,
                          targets=list(targets))
    return state, [tick, *events]


def initial_schedule(state: GameState) -> tuple[ScheduledInject, ...]:
    return tuple(ScheduledInject(i.id, i.scheduled) for i in state.scenario.injects.values()
                 if i.scheduled is not None)


# --- resolution ----------------------------------------------------------------------------


def resolve(state: GameState, at: float) -> tuple[GameState, list[Event]]:
    quarter = state.quarter
    events: list[Event] = []
    teams = []
    for team in state.teams:
        team, evs = _resolve_team(state, team, quarter)
        teams.append(team)
        events += evs
    state = _enter(evolve(state, teams=tuple(teams)), "resolve", at, quarter)
    standings = sorted(state.teams, key=lambda t: rank_key(t.history[-1].outcome, t.value,
                                                          t.name))
    board = ", ".join(f"{t.name} {t.history[-1].outcome}" for t in standings)
    state, tick = _ticker(state, f"Quarter {quarter} resolved. Standings: {board}.",
                          quarter=quarter)
    events.append(tick)
    events.append(Event("phase", f"Quarter {quarter}: review.", "", "public", quarter,
                        {"phase": "review", "quarter": quarter}))
    return state, events


def _resolve_team(state: GameState, team: Team, quarter: int) -> tuple[Team, list[Event]]:
    scenario = state.scenario
    events: list[Event] = []
    shocks: Causes = {m: [] for m in scenario.start_metrics}
    team, evs = _commit_pledges(state, team, quarter, shocks)
    events += evs
    team, evs = adopt_standards(state, team, quarter)
    events += evs
    damage_factors: dict[str, float] = {}
    for incident in list(team.incidents.values()):
        if not incident.open:
            continue
        pooled = pooled_roles(team, scenario, incident, quarter)
        team, judged, evs, factor = judge(state, team, incident, quarter, shocks, pooled)
        team = evolve(team, incidents={**team.incidents, judged.id: judged})
        damage_factors[judged.id] = factor
        events += evs
    lost_total = 0.0
    for incident_id, factor in damage_factors.items():
        incident = team.incidents[incident_id]
        if factor == 0:  # a resolved incident still did harm before its fix landed
            continue
        title = scenario.incidents[incident.spec].title
        damage, loss = damage_of(team, scenario, incident, quarter, factor)
        for m, d in damage.items():
            shocks[m].append((f"incident: {title}", d))
        lost_total += loss
        if loss >= 0.5:
            due = math.floor(loss + 0.5)
            team, lost = take_loss(team, due)
            team = book(team, quarter, "loss", -lost, f"{incident.id}")
            # The harm's own price, apart from any plan's (a newcomer read "cost 1 cr" beside
            # a plan that had reserved 5 cr, and took it for the plan's price). When the
            # money ran out it says what is owed: a harm line that vanished read as no harm.
            # Short of money, the rest is owed to the next budget; in the last quarter there
            # is none, and what is left lapses anyway.
            owed = due - lost if quarter < scenario.quarters else 0
            team = evolve(team, owed=team.owed + owed)
            short = ""
            if owed and lost:
                short = f" Only {lost} cr was left: the other {owed} cr comes"
            elif owed:
                short = f" No money was left: all {owed} cr comes"
            elif lost < due:
                short = f" It would have cost {due} cr, but only {lost} cr was left to lose."
            if owed:
                short += " out of next quarter's budget."
            events.append(Event("loss", f"{title} did {lost + owed} cr of harm this quarter "
                                "(lost business or penalties, on top of what any plan "
                                f"cost).{short}", team.id,
                                "team", quarter, {"incident": incident.id, "amount": lost,
                                                  "owed": owed,
                                                  "due": due}))
    team, evs = _modifiers_and_clocks(state, team, quarter, shocks)
    events += evs
    team, evs = close_quarter(state, team, quarter, shocks)
    events += evs
    return record_quarter(state, team, quarter, events), events


_POOLING = (parse_condition("right:budget_pooling"),)


def _commit_pledges(
    state: GameState, team: Team, quarter: int, shocks: Causes
) -> tuple[Team, list[Event]]:
    scenario = state.scenario
    events: list[Event] = []
    for ident in sorted(team.initiatives, key=_order):
        current = team.initiatives[ident]
        if not current.pledges:
            continue
        spec = scenario.initiatives[ident]
        cost = next_level_cost(team, scenario, ident, quarter)
        short = owner_shortfall(team, scenario, ident, cost or 0)
        if cost is None or current.pledged < cost or short:
            for role, amount in current.pledges.items():
                team = credit(team, role, amount)
            team = evolve(team, initiatives={**team.initiatives,
                                              ident: evolve(current, pledges={})})
            why = (f"{current.pledged} of {cost} cr pledged" if cost and current.pledged < cost
                   else "owners " + ", ".join(ROLE_NAMES[r] for r in short)
                   + " did not put in their share")
            events.append(Event("funding", f"{spec.name} was not funded ({why}); the pledges "
                                "went back to the envelopes.", team.id, "team", quarter,
                                {"initiative": ident, "funded": False}))
            continue
        level = LEVELS[current.rank]
        bought = InitiativeState(ident, (*current.bought, quarter), {})
        team = evolve(team, initiatives={**team.initiatives, ident: bought})
        team = book(team, quarter, "initiative", -cost, f"{ident} {level}")
        for m, delta in spec.on_fund.items():
            shocks[m].append((f"{spec.name}: change friction", float(delta)))
        lands = takes_effect(spec, level, quarter)
        missing = missing_prerequisites(team, scenario, ident, lands)
        planned = any(e.initiative == ident for e in team.roadmap)
        # A level that lands after the last quarter can change nothing in this game.
        wasted = lands_too_late(scenario, lands)
        team = add_evidence(team, quarter, "initiative_funded", ("LO1",), {
            "initiative": ident, "level": level, "cost": cost,
            "prerequisites_missing": list(missing), "on_roadmap": planned,
            "discipline": spec.discipline, "contributors": sorted(current.pledges),
            "pledges": dict(sorted(current.pledges.items())),
            "wasted": wasted,
        })
        when = "this quarter" if lands == quarter else f"from Q{lands}"
        text = f"{spec.name} funded at {level} ({cost} cr); it takes effect {when}."
        if wasted:
            text += " Waste: the game ends before it can take effect."
        if missing:
            text += (f" Warning: it has no effect until its prerequisites are in place "
                     f"({', '.join(missing)}).")
        events.append(Event("funding", text, team.id, "team", quarter,
                            {"initiative": ident, "level": level, "funded": True,
                             "missing": list(missing), "wasted": wasted}))
    return team, events


def _modifiers_and_clocks(
    state: GameState, team: Team, quarter: int, shocks: Causes
) -> tuple[Team, list[Event]]:
    scenario = state.scenario
    events: list[Event] = []
    titles = {i.id: i.title for i in (*scenario.injects.values(), *state.custom_injects.values())}
    for mod in team.modifiers:
        effect = mod.effect
        if effect.kind != "modifier" or quarter > mod.until:
            continue
        if effect.unless and all_hold(effect.unless, team, scenario, quarter):
            continue
        shocks[effect.metric].append((titles.get(mod.inject, mod.inject), float(effect.delta)))
    clocks = []
    for clock in team.clocks:
        if clock.status == "running":
            effect = clock.effect
            if all_hold(effect.requires, team, scenario, quarter):
                clock = evolve(clock, status="met")
                team = add_evidence(team, quarter, "deadline_met", ("LO1", "LO4"),
                                    {"inject": clock.inject, "title": effect.title})
                events.append(Event("clock_met", f"Deadline met: {effect.title}.", team.id,
                                    "team", quarter, {"inject": clock.inject}))
            elif quarter >= clock.due:
                clock = evolve(clock, status="missed")
                shocks[effect.metric].append((f"missed: {effect.title}", float(effect.delta)))
                team, lost = take_loss(team, effect.fine)
                team = book(team, quarter, "fine", -lost, f"missed {clock.inject}")
                team = add_evidence(team, quarter, "deadline_missed", ("LO1", "LO4"),
                                    {"inject": clock.inject, "title": effect.title})
                events.append(Event("clock_missed", f"Deadline missed: {effect.title} "
                                    f"({effect.delta:+d} {effect.metric}, {lost} cr).",
                                    team.id, "team", quarter, {"inject": clock.inject}))
        clocks.append(clock)
    team = evolve(team, clocks=tuple(clocks))
    charter = team.charter
    if (committee_active(team, scenario, quarter) and charter is not None
            and charter.cadence == "weekly" and not charter.risk_tiering):
        shocks["delivery_velocity"].append(
            ("committee meets weekly on everything (no risk tiering)", -3.0))
    return team, events


# --- the end -------------------------------------------------------------------------------


def finish(state: GameState, at: float, early: bool) -> tuple[GameState, list[Event]]:
    state = _enter(state, "finish" if state.phase == "review" and not early else "end", at,
                   state.quarter)
    state = evolve(state, deadline=None, paused=False, paused_remaining=None)
    result = game_outcome(state)
    assert result is not None  # the game has just ended
    board = ", ".join(f"{p.name} {p.outcome}" for p in result.placings)
    cut = ("" if result.ran_its_course else
           f" (ended early: {result.quarters_played} of {result.quarters} quarters played)")
    state, tick = _ticker(state, f"Game over{cut}. Final standings: {board}.")
    return state, [tick, Event("phase", "The game is over.", "", "public", state.quarter,
                               {"phase": "ended", "quarter": state.quarter})]


def all_ready(state: GameState) -> bool:
    return all(seat.ready for team in state.teams for seat in team.seats.values())

