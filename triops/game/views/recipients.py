"""The views themselves: what a seat, the facilitator and a spectator get, the parts every
view shares (the game, the briefing, the leaderboard), and bots' lazy views.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triops.game.model.state import GameState, Team
from triops.game.model.vocab import FRAMEWORK_NAMES, ROLES
from triops.game.rules.affordances import affordances
from triops.game.rules.artefact_rules import CHANGE_LOAD
from triops.game.rules.in_effect import (
    carry_over_cap,
)
from triops.game.rules.metrics import MECHANISM_WEIGHT
from triops.game.scoring.inject_reach import reach_plain
from triops.game.scoring.outcome import game_outcome
from triops.game.scoring.score import TIE_BREAK, early_end
from triops.game.views.assessment import release, team_assessment
from triops.game.views.leaderboard import leaderboard
from triops.game.views.review import review_view
from triops.game.views.shared import (
    LazyView,
    _latest,
    _latest_each,
    _per_state,
    _plain,
    _plain_once,
    _remember,
)
from triops.game.views.team import (
    _private_signals,
    _shared_team,
    _shared_team_own,
    _sources_but_chat,
    _team,
    _team_parts,
)


def seat_view(state: GameState, team_id: str, role: str, shared: bool = False,
              bots: str | None = None) -> dict[str, Any]:
    """What one seat sees. `shared` reuses parts built for earlier views (see "shared views");
    `bots`, the game's empty-seat bot level (or "none"), adds each seat's `bot` (the server's
    views: which bot plays it, "" for none)."""
    team = state.team(team_id)
    if shared:
        return _shared_seat_view(state, team, role, bots)
    return {
        "kind": "seat",
        "game": _game(state),
        "you": _you_now(team, role),
        "briefing": _briefing(state),
        "team": _team(state, team, role, bots),
        "private": _private_signals(state, team, role),
        "leaderboard": _per_state(state, "leaderboard", lambda: leaderboard(state)),
        "review": _review(state, team.id, role),
        # Fixed scenario content the seat chooses from; built once per scenario.
        "catalogue": _per_state(state, "catalogue", lambda: _remember(
            ("catalogue",), (state.scenario,), lambda: _catalogue(state))),
        "can": affordances(state, team, role),
    }


def _shared_seat_view(state: GameState, team: Team, role: str,
                      bots: str | None) -> dict[str, Any]:
    """`seat_view`, shared. The parts that read neither the team's chat nor other teams are
    looked up as one entry (one lookup, not one each: the server builds a view for each seat
    that sees a chat line, the commonest update, and the lookups were most of its cost)."""
    own = _seat_own(state, team, role, bots)
    return {
        "kind": "seat",
        "game": game_part(state),
        "you": own["you"],
        "briefing": own["briefing"],
        "team": _shared_team(state, team, role, bots, own["team"]),
        "private": own["private"],
        "leaderboard": _per_state(state, "leaderboard", lambda: leaderboard(state)),
        "review": _review(state, team.id, role),
        "catalogue": own["catalogue"],
        "can": own["can"],
    }


def _seat_own(state: GameState, team: Team, role: str, bots: str | None) -> dict[str, Any]:
    """The parts of a seat's view that depend on the state only through the team's fields
    but its chat (one stand-in), the phase, quarter, pause and difficulty, the scenario and
    the settings; one entry a seat, replaced when one of them changes. Each part comes from
    its own memo, so a part whose sources did not change stays the same object."""
    def build() -> dict[str, Any]:
        return {
            "you": _you(team, role),
            "briefing": _shared_briefing(state),
            "team": _shared_team_own(state, team, role),
            "private": _private_signals(state, team, role),
            "catalogue": _remember(("catalogue",), (state.scenario,), lambda: _catalogue(state)),
            "can": affordances(state, team, role),
        }

    key = (state.quarter, state.difficulty, state.phase, state.paused)
    built: dict[str, Any] = _latest(
        ("seat", id(state.settings), team.id, role, bots), key,
        (*_sources_but_chat(state, team), state.scenario, state.settings), build)
    return built


def _you_now(team: Team, role: str) -> dict[str, Any]:
    return {"team": team.id, "team_name": team.name, "role": role,
            "name": team.seats[role].name}


def _you(team: Team, role: str) -> dict[str, Any]:
    """`_you_now`, the same object while its four values are the same."""
    seat = team.seats[role]
    built: dict[str, Any] = _remember(("you", team.id, team.name, role, seat.name), (),
                                      lambda: _you_now(team, role))
    return built


def _catalogue(state: GameState) -> dict[str, Any]:
    """The standards a team may propose, with what each asks for, and the frameworks its
    charter may cite (those this organisation answers to)."""
    return {"standards": {
        s.id: {"name": s.name, "spec": s.spec, "kpi": s.kpi,
               "disciplines": list(s.disciplines), "addresses": list(s.addresses),
               "effects": dict(s.effects), "requires": [c.text for c in s.requires]}
        for s in state.scenario.standards.values()},
        # how much of a standard's pull counts, by how it is adopted
        "mechanism_weight": dict(MECHANISM_WEIGHT),
        # credits each standard already adopted adds to the next one's rollout
        "change_load": CHANGE_LOAD,
        "frameworks": [{"id": f, "name": FRAMEWORK_NAMES[f]} for f in state.scenario.frameworks]}


def facilitator_view(state: GameState, shared: bool = False,
                     bots: str | None = None) -> dict[str, Any]:
    """Everything, hidden causes included. `shared` and `bots` as for `seat_view`."""
    if shared:
        return _shared_facilitator_view(state, bots)
    return {
        "kind": "facilitator",
        "game": _game(state),
        "briefing": _briefing(state),
        "teams": [_team(state, team, None, bots) for team in state.teams],
        "leaderboard": _per_state(state, "leaderboard", lambda: leaderboard(state)),
        "schedule": _plain(state.schedule),
        "library": _library(state),
        "overrides": _plain(state.overrides),
        # Each team's objective levels, so the console shows what the server computed: at
        # each quarter's review and after the game, when the quarter's evidence is in.
        "assessments": _assessments(state),
        "ticker": list(state.ticker),
        "review": _review(state, None, None, True),
        "catalogue": _remember(("facilitator-catalogue",), (state.scenario,),
                               lambda: _facilitator_catalogue(state)),
    }


def _shared_facilitator_view(state: GameState, bots: str | None) -> dict[str, Any]:
    """`facilitator_view`, shared. The parts that read no team are looked up as one entry,
    as a seat's own parts are."""
    rest = _facilitator_rest(state)
    return {
        "kind": "facilitator",
        "game": game_part(state),
        "briefing": rest["briefing"],
        "teams": _facilitator_teams(state, bots),
        "leaderboard": _per_state(state, "leaderboard", lambda: leaderboard(state)),
        "schedule": rest["schedule"],
        "library": rest["library"],
        "overrides": rest["overrides"],
        "assessments": _assessments(state),
        "ticker": rest["ticker"],
        "review": _review(state, None, None, True),
        "catalogue": rest["catalogue"],
    }


def _facilitator_rest(state: GameState) -> dict[str, Any]:
    """The facilitator's parts that depend on the state only through the schedule, the
    overrides, the ticker, the custom injects, the quarter and difficulty, the scenario and
    the settings: one entry a game. Each part comes from its own memo, so a part whose
    sources did not change stays the same object."""
    def build() -> dict[str, Any]:
        return {
            "briefing": _shared_briefing(state),
            "schedule": _plain_once(state.schedule),
            "library": _remember(("library",), (state.scenario, state.custom_injects),
                                 lambda: _library(state)),
            "overrides": _plain_once(state.overrides),
            "ticker": _remember(("ticker",), (state.ticker,), lambda: list(state.ticker)),
            "catalogue": _remember(("facilitator-catalogue",), (state.scenario,),
                                   lambda: _facilitator_catalogue(state)),
        }

    built: dict[str, Any] = _latest(
        ("facilitator", id(state.settings)), (state.quarter, state.difficulty),
        (state.schedule, state.overrides, state.ticker, state.custom_injects, state.scenario,
         state.settings), build)
    return built


def _facilitator_teams(state: GameState, bots: str | None) -> list[dict[str, Any]]:
    """Every team as the facilitator sees it, shared. Most updates change one team of the
    six: the others keep their parts without a lookup each."""
    parts: list[dict[str, Any]] = _latest_each(
        ("facilitator-teams", id(state.settings), bots),
        (state.quarter, state.difficulty, state.phase == "ended"),
        (state.scenario, state.settings), state.teams,
        lambda team: _shared_team(state, team, None, bots))
    return parts


def _assessments(state: GameState) -> dict[str, Any]:
    # At each quarter's review and after the game: the setup's review has no quarter's
    # evidence to judge yet.
    if state.phase not in ("review", "ended") or (state.phase == "review" and not state.quarter):
        release(state)
        return {}
    return {team.id: team_assessment(state, team.id) for team in state.teams}


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
    """The peer review of roadmaps as this recipient sees it (triops/game/views/review.py), after
    the game; None before. Views of one state share its presentation and results."""
    if state.review is None or state.phase != "ended":
        return None
    built: dict[str, Any] | None = _remember(
        ("review", team, role, facilitator), (state.review, state.teams, state.scenario),
        lambda: review_view(state, team, role, facilitator))
    return built


def _game(state: GameState, shared: bool = False) -> dict[str, Any]:
    s = state.scenario
    return {
        "scenario": s.id, "title": s.title, "industry": s.industry,
        "difficulty": state.difficulty, "quarter": state.quarter, "quarters": s.quarters,
        "phase": state.phase, "paused": state.paused, "deadline": state.deadline,
        "paused_remaining": state.paused_remaining, "version": state.version,
        "phase_seq": state.phase_seq,
        "teams": _team_names(state) if shared else [{"id": t.id, "name": t.name}
                                                    for t in state.teams],
        # Why the final scores differ, when the facilitator ended the game early ("" if not).
        "early_end": early_end(state.teams, s, ended=True) if state.phase == "ended" else "",
        "tie_break": TIE_BREAK,  # how the leaderboard orders equal outcomes
        # How it came out, once it has (public: the final standings are announced anyway).
        "outcome": _remember(("outcome",), (state.teams, state.scenario),
                             lambda: _outcome(state)) if state.phase == "ended" else None,
    }


def game_part(state: GameState) -> dict[str, Any]:
    """The game part of the shared views: built once per state, the same for every one."""
    built: dict[str, Any] = _per_state(state, "game", lambda: _game(state, True))
    return built


def _team_names(state: GameState) -> list[dict[str, str]]:
    """Every team's id and name, the same list while they are the same: they never change
    during a game, while the teams themselves change with every move."""
    names = tuple((t.id, t.name) for t in state.teams)
    built: list[dict[str, str]] = _remember(
        ("team-names", names), (), lambda: [{"id": i, "name": n} for i, n in names])
    return built


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


# --- shared views: the server's ----------------------------------------------------------
# The server sends each client only what changed since its last view (game/view_patch.py).
# Parts built here are the same objects for as long as the state they come from is, so the
# difference skips them unread. Their contents equal the fresh views' (a test holds them to
# it at every step of whole games); treat them as read-only.


def _shared_briefing(state: GameState) -> dict[str, Any]:
    built: dict[str, Any] = _remember(("briefing", state.quarter, state.difficulty),
                                    (state.scenario,), lambda: _briefing(state))
    return built


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
