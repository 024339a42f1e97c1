"""A game state rebuilt from the facilitator's view, for assessment and the debrief reports.

The console never holds the server's state; it holds the latest facilitator view. The
objective levels (`game.objectives`) and the reports (`triops.report`) read a `GameState`,
but only these parts of it: each team's evidence ledger, artefacts (roadmap, charter,
standards, with their revisions), history, metrics, value, seats and chat, and the game's
phase, quarter, difficulty, ticker, level overrides and peer review of roadmaps (the round
as stored, `review_state`). Every one of those is in the
facilitator view, so the state rebuilt here gives the same levels and the same reports as
the server's own state (tests/client_facilitator/test_rebuild.py checks it on whole games).

What the view does not carry is left empty (initiatives, incidents, modifiers, clocks), so
the rebuilt state is for reading levels and writing reports, never for applying commands.
Charter revisions are rebuilt from the ledger; of an earlier revision the ledger keeps only
how many escalation steps and RACI entries it had, which is all the rubric reads of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from triops.game.codec import from_plain
from triops.game.scenario_model import Scenario
from triops.game.state import (
    Charter,
    CharterRevision,
    ChatMessage,
    ClockSettings,
    CreditEntry,
    Evidence,
    GameSettings,
    GameState,
    LevelOverride,
    QuarterRecord,
    ReviewRound,
    RoadmapEntry,
    RoadmapRevision,
    Seat,
    StandardProposal,
    Team,
)


class RebuildError(ValueError):
    """The view cannot be turned into a state (another scenario, or a view of another kind)."""


@cache
def local_scenarios() -> dict[str, Scenario]:
    """The scenarios installed beside this client, by id (the server ships the same ones)."""
    from triops.scenarios import load_all_scenarios

    return load_all_scenarios()


def scenario_for(view: Mapping[str, Any]) -> Scenario | None:
    ident = str(view.get("game", {}).get("scenario", ""))
    return local_scenarios().get(ident)


def state_from_view(view: Mapping[str, Any], scenario: Scenario | None = None,
                    seed: int = 0) -> GameState:
    """The parts of the game state a facilitator view carries (see the module docstring)."""
    if view.get("kind") != "facilitator":
        raise RebuildError("Only the facilitator's view holds every team in full.")
    game = view["game"]
    scenario = scenario or scenario_for(view)
    if scenario is None or scenario.id != game.get("scenario"):
        raise RebuildError(f'The scenario "{game.get("scenario")}" is not installed beside '
                           "this console, so levels and reports cannot be computed here.")
    teams = tuple(_team(t) for t in view.get("teams", ()))
    difficulty = str(game.get("difficulty", ""))
    settings = GameSettings(seed, tuple(t.name for t in teams),
                            difficulty if difficulty != scenario.difficulty else "",
                            ClockSettings())
    overrides = tuple(from_plain(LevelOverride, o, "overrides")
                      for o in view.get("overrides", ()))
    review = (from_plain(ReviewRound, view["review_state"], "review_state")
              if view.get("review_state") else None)
    return GameState(
        scenario=scenario, settings=settings, teams=teams, phase=str(game["phase"]),
        quarter=int(game["quarter"]), version=int(game.get("version", 0)),
        phase_seq=int(game.get("phase_seq", 0)), paused=bool(game.get("paused")),
        ticker=tuple(dict(t) for t in view.get("ticker", ())), overrides=overrides,
        review=review,
    )


def _team(t: Mapping[str, Any]) -> Team:
    ledger = tuple(from_plain(Evidence, e, "ledger") for e in t.get("ledger", ()))
    charter = from_plain(Charter, t["charter"], "charter") if t.get("charter") else None
    budget = t.get("budget", {})
    return Team(
        id=str(t["id"]), name=str(t["name"]),
        # `bot` (who plays the seat now) is the server's, not the engine's Seat
        seats={r: from_plain(Seat, {k: v for k, v in s.items() if k != "bot"}, "seat")
               for r, s in t.get("seats", {}).items()},
        metrics=dict(t.get("metrics", {})),
        envelopes=dict(budget.get("envelopes", {})),
        pool=budget.get("pool"),
        roadmap=tuple(from_plain(RoadmapEntry, e, "roadmap") for e in t.get("roadmap", ())),
        roadmap_revisions=tuple(from_plain(RoadmapRevision, r, "roadmap_revisions")
                                for r in t.get("roadmap_revisions", ())),
        charter=charter,
        charter_revisions=_charter_revisions(ledger, charter),
        standards={p["standard"]: from_plain(StandardProposal, p, "standards")
                   for p in t.get("standards", ())},
        chat=tuple(from_plain(ChatMessage, m, "chat") for m in t.get("chat", ())),
        ledger=ledger,
        treasury=tuple(from_plain(CreditEntry, e, "treasury") for e in t.get("treasury", ())),
        value=int(t.get("value", 0)),
        history=tuple(from_plain(QuarterRecord, h, "history") for h in t.get("history", ())),
        reports={int(k): tuple(v) for k, v in t.get("reports", {}).items()},
    )


def _charter_revisions(ledger: tuple[Evidence, ...],
                       final: Charter | None) -> tuple[CharterRevision, ...]:
    entries = [e for e in ledger if e.kind == "charter"]
    out = []
    for n, e in enumerate(entries):
        d = e.detail
        if n == len(entries) - 1 and final is not None:
            charter = final
        else:
            charter = Charter(
                members=_strs(d.get("members")), chair=str(d.get("chair", "")),
                cadence=str(d.get("cadence", "")),
                decision_rights=_strs(d.get("decision_rights")),
                risk_tiering=d.get("risk_tiering") is True,
                escalation=tuple(f"step {i + 1}" for i in range(_int(d.get("escalation")))),
                decision_log=d.get("decision_log") is True,
                accountable={f"decision {i + 1}": "?" for i in range(_int(d.get("accountable")))},
                frameworks=_strs(d.get("frameworks")),
            )
        out.append(CharterRevision(e.quarter, str(d.get("reason", "")), e.by, charter))
    return tuple(out)


def _strs(value: object) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list | tuple) else ()


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
