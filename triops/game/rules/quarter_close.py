"""The close of a team's quarter, once its pledges, standards and incidents are judged: the
credits left idle lapse, the metrics move by their causes, business value is delivered (at
setup, a summary instead), and the quarter goes into the team's history and its report.
"""

from __future__ import annotations

import math

from triops.game.model.events import Event
from triops.game.model.state import GameState, QuarterRecord, Team
from triops.game.model.values import evolve
from triops.game.model.vocab import ROLES, counted, left_over_at_end
from triops.game.rules.in_effect import carry_over_cap
from triops.game.rules.metrics import Causes, describe_change, settle, target_pulls
from triops.game.rules.teams import add_evidence, book, credits_held
from triops.game.scoring.score import outcome_score


def close_quarter(
    state: GameState, team: Team, quarter: int, shocks: Causes
) -> tuple[Team, list[Event]]:
    """What a quarter delivers: idle money, the metrics' moves and the value (from Q1), or the
    setup summary (Q0)."""
    if quarter == 0:
        return team, [setup_summary(state, team)]
    events: list[Event] = []
    team, evs = idle_money(state, team, quarter)
    events += evs
    team, evs = move_metrics(state, team, quarter, shocks)
    events += evs
    team, evs = deliver_value(state, team, quarter)
    return team, events + evs


def record_quarter(state: GameState, team: Team, quarter: int, events: list[Event]) -> Team:
    """Put the quarter into the team's history, and its report: the quarter's events."""
    record = QuarterRecord(quarter, dict(team.metrics), team.value, credits_held(team),
                           outcome_score(team, state.scenario, quarter))
    team = evolve(team, history=(*team.history, record))
    # The quarter report is read by every seat of the team: only what the whole team may see
    # goes in (never the facilitator's scheduled recurrences, never one seat's private clue).
    # An inject's events may already be in the quarter's report (inject_effects).
    told = tuple(e.plain() for e in events if e.team == team.id and e.audience == "team")
    return evolve(team, reports={**team.reports,
                                 quarter: (*team.reports.get(quarter, ()), *told)})


def idle_money(state: GameState, team: Team, quarter: int) -> tuple[Team, list[Event]]:
    """Credits left unspent at the end of a quarter: only `carry_over` of a quarter's budget
    carries into the next; the rest lapses back to the organisation (idle money is value
    forgone). At the end of the last quarter whatever is left is simply left over: better
    spent earlier, never a reason to buy a level that would land after the game."""
    scenario = state.scenario
    held = sum(team.envelopes.values()) + (team.pool or 0)
    if held <= 0:
        return team, []
    last = quarter >= scenario.quarters
    cap = carry_over_cap(scenario)
    lapsed = 0
    if not last and held > cap:
        if team.pool is not None:
            lapsed = team.pool - min(team.pool, cap)
            team = evolve(team, pool=team.pool - lapsed)
        else:
            envelopes = dict(team.envelopes)
            for role in ROLES:
                keep = math.floor(cap * scenario.envelopes[role] / max(1, scenario.budget) + 0.5)
                if envelopes[role] > keep:
                    lapsed += envelopes[role] - keep
                    envelopes[role] = keep
            team = evolve(team, envelopes=envelopes)
        team = book(team, quarter, "lapsed", -lapsed, f"Q{quarter} unspent credits lapsed")
    # The quarter's own budget, which arrived when little could still use it at the end.
    fresh = sum(c.amount for c in team.treasury if c.kind == "income" and c.quarter == quarter)
    team = add_evidence(team, quarter, "idle_money", ("LO1",),
                        {"held": held, "lapsed": lapsed, "cap": cap, "last": last,
                         "fresh": fresh})
    if last:
        text = (f"{held} cr were left over when the game ended. "
                f"{left_over_at_end(held, fresh)}")
    elif lapsed:
        text = (f"{held} cr were left unspent this quarter: {held - lapsed} cr carried over "
                f"into the next quarter and the other {lapsed} cr lapsed back to the "
                f"organisation (the carry-over cap is {cap} cr).")
    else:
        return team, []
    return team, [Event("idle_money", text, team.id, "team", quarter,
                        {"held": held, "lapsed": lapsed, "cap": cap})]


def move_metrics(
    state: GameState, team: Team, quarter: int, shocks: Causes
) -> tuple[Team, list[Event]]:
    """Settle each metric between its target's pull and the quarter's shocks, saying why."""
    causes = target_pulls(team, state.scenario, quarter)
    for m, items in shocks.items():
        causes[m].extend(items)
    new, explained = settle(team.metrics, causes)
    events = []
    for m, parts in explained.items():
        before, after = team.metrics[m], new[m]
        if not parts:
            continue
        events.append(Event("metric_change", describe_change(m, before, after, parts), team.id,
                            "team", quarter,
                            {"metric": m, "before": before, "after": after,
                             "causes": [{"cause": c, "delta": d} for c, d in parts]}))
    return evolve(team, metrics=new), events


def deliver_value(state: GameState, team: Team, quarter: int) -> tuple[Team, list[Event]]:
    """The business value the quarter delivered, by the team's business-value metric."""
    gained = math.floor(state.scenario.value_per_quarter * team.metrics["business_value"] / 100
                        + 0.5)
    team = evolve(team, value=team.value + gained)
    return team, [Event("value", f"Business value delivered this quarter: {gained} cr "
                        f"(total {team.value}).", team.id, "team", quarter,
                        {"gained": gained, "total": team.value})]


def setup_summary(state: GameState, team: Team) -> Event:
    """What the team drafted during setup (Q0)."""
    charter = "drafted" if team.charter else "not drafted"
    text = (f"Setup complete: a roadmap of {counted(len(team.roadmap), 'line')}, the charter "
            f"{charter}, {counted(len(team.standards), 'standard')} proposed.")
    return Event("setup", text, team.id, "team", 0,
                 {"roadmap": len(team.roadmap), "standards": len(team.standards)})
