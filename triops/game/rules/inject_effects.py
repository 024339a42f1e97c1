"""Carrying out an inject on one team: budget, metrics, incidents, modifiers and clocks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from triops.game.model.events import Event
from triops.game.model.state import ActiveClock, ActiveModifier, GameState, Team
from triops.game.model.values import evolve
from triops.game.model.vocab import METRIC_NAMES, ROLES
from triops.game.rules.conditions import Condition, condition_words
from triops.game.rules.in_effect import all_hold
from triops.game.rules.incident_flow import is_active, open_new, take_loss
from triops.game.rules.metrics import describe_change
from triops.game.rules.teams import add_evidence, book, credit
from triops.game.scenario.model import InjectSpec, Scenario


def fire_on_team(
    state: GameState, team: Team, inject: InjectSpec, quarter: int
) -> tuple[Team, list[Event]]:
    """Apply an inject's effects now. Lasting effects start with the quarter being played."""
    scenario = state.scenario
    # An inject fired during a review counts from the next quarter on.
    start = quarter + 1 if state.phase == "review" else quarter
    events = [Event("inject", f"{inject.title}: {inject.narrative}", team.id, "team", quarter,
                    {"inject": inject.id, "title": inject.title})]
    for effect in inject.effects:
        if effect.kind == "budget":
            team, moved = _budget(team, scenario.envelopes, effect.amount)
            kind_text = "added" if moved >= 0 else "cut"
            team = book(team, quarter, "inject", moved, f"{inject.id}")
            events.append(Event("budget", f"{inject.title}: {abs(moved)} cr {kind_text}.",
                                team.id, "team", quarter, {"inject": inject.id, "amount": moved}))
        elif effect.kind == "metric":
            if effect.unless and all_hold(effect.unless, team, scenario, quarter):
                # Named for the effect it spared: "no effect on this team" beside the same
                # inject's budget cut read as a contradiction.
                hit = "fall" if effect.delta < 0 else "rise"
                events.append(Event("inject_avoided",
                                    f"{inject.title}: {METRIC_NAMES[effect.metric]} does not "
                                    f"{hit} for this team "
                                    f"({spared_by(effect.unless, scenario)} in place).",
                                    team.id, "team", quarter, {"inject": inject.id}))
                continue
            before = team.metrics[effect.metric]
            after = min(100, max(0, before + effect.delta))
            team = evolve(team, metrics={**team.metrics, effect.metric: after})
            said = describe_change(effect.metric, before, after, [(inject.title, after - before)])
            if effect.unless:  # what would have spared the team: the lesson of the event
                said += f" A team with {spared_by(effect.unless, scenario)} in place is spared it."
            events.append(Event("metric_change", said,
                                team.id, "team", quarter,
                                {"metric": effect.metric, "before": before, "after": after,
                                 "causes": [{"cause": inject.title, "delta": after - before}]}))
        elif effect.kind == "incident":
            spec = scenario.incidents[effect.incident]
            if not is_active(team, spec.id):
                team, evs = open_new(state, team, spec, quarter, "inject")
                events += evs
        elif effect.kind in ("modifier", "probability", "cost"):
            modifier = ActiveModifier(inject.id, effect, start + effect.quarters - 1)
            team = evolve(team, modifiers=(*team.modifiers, modifier))
        elif effect.kind == "clock":
            clock = ActiveClock(inject.id, effect, start + effect.quarters - 1)
            team = evolve(team, clocks=(*team.clocks, clock))
            # What meets it, said at once: a clock met at the same quarter's resolution read
            # as a contradiction beside "by the end of Q4", and as met by notifying.
            met = (f"; it is met when a quarter resolves with "
                   f"{spared_by(effect.requires, scenario)} in effect" if effect.requires else "")
            events.append(Event("clock", f"Deadline: {effect.title}, by the end of "
                                f"Q{clock.due}{met}.", team.id, "team", quarter,
                                {"inject": inject.id, "due": clock.due}))
    team = add_evidence(team, quarter, "inject_received", ("LO1",),
                        {"inject": inject.id, "title": inject.title})
    # The quarter's report tells what the inject did too: "every change and its causes" once
    # showed a metric fall that the quarter's resolution alone did not explain. The incident
    # it opens is left out, as every opening is: read at the review, beside that incident's
    # outcome (often "escalated"), "New incident" misled a newcomer; the inject says it.
    told = tuple(e.plain() for e in events if e.team == team.id and e.audience == "team"
                 and e.kind != "incident_opened")
    team = evolve(team, reports={**team.reports, start: (*team.reports.get(start, ()), *told)})
    return team, events


def _budget(team: Team, shares: Mapping[str, int], amount: int) -> tuple[Team, int]:
    """Spread a budget change over the envelopes like the quarterly budget; cuts stop at 0."""
    if amount < 0:
        team, lost = take_loss(team, -amount)
        return team, -lost
    total = sum(shares.values()) or 1
    given = 0
    for i, role in enumerate(ROLES):
        part = amount - given if i == len(ROLES) - 1 else amount * shares.get(role, 0) // total
        team = credit(team, role, part)
        given += part
    return team, amount


def spared_by(conditions: Iterable[Condition], scenario: Scenario) -> str:
    """What spares a team an inject's harm, in words."""
    names = {i: spec.name for i, spec in scenario.initiatives.items()}
    return " and ".join(condition_words(c, names) for c in conditions)
