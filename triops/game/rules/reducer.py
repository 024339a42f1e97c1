"""The one reducer: `apply(state, actor, command) -> (state, events)`.

Every command from a seat, the facilitator or the server's clock goes through here. A command
the rules refuse raises a RuleError and the caller keeps the old state, which no rule ever
mutates. An accepted command bumps `state.version`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from triops.game.model.commands import (
    Actor,
    Advance,
    AssessTeam,
    Broadcast,
    CancelInject,
    Chat,
    ClearResponse,
    CloseReview,
    Command,
    CustomInject,
    Diagnose,
    EndGame,
    EndPhase,
    Extend,
    FireInject,
    ForceResolve,
    Investigate,
    JoinSeat,
    MoveSeat,
    Notify,
    OverrideLevel,
    Pause,
    Pledge,
    PostponeInject,
    PresentTeam,
    ProposeStandard,
    ReleaseBot,
    Respond,
    Resume,
    SeatBot,
    SetCharter,
    SetReady,
    SetRoadmap,
    ShareClue,
    StartGame,
    StartReview,
    SubmitReview,
    Tick,
    Transfer,
    Unpledge,
    WithdrawStandard,
)
from triops.game.model.errors import InvalidCommand, NotAllowed, Paused, RuleError, UnknownTarget
from triops.game.model.events import Event
from triops.game.model.state import GameState, Team
from triops.game.model.values import evolve
from triops.game.model.vocab import ROLE_NAMES, ROLES
from triops.game.rules import artefact_rules, facilitator_rules, flow, peer_review, seat_rules
from triops.game.rules.phases import check_phase
from triops.game.rules.teams import clear_ready, find_team, put_seat, put_team

SeatHandler = Callable[[GameState, Team, str, Any], tuple[Team, list[Event]]]
GameHandler = Callable[[GameState, Any], tuple[GameState, list[Event]]]

SEAT_HANDLERS: dict[type[Command], SeatHandler] = {
    Pledge: seat_rules.pledge,
    Unpledge: seat_rules.unpledge,
    Transfer: seat_rules.transfer,
    Investigate: seat_rules.investigate,
    ShareClue: seat_rules.share_clue,
    Diagnose: seat_rules.diagnose,
    Respond: seat_rules.respond,
    ClearResponse: seat_rules.clear_response,
    Notify: seat_rules.notify,
    SetRoadmap: artefact_rules.set_roadmap,
    SetCharter: artefact_rules.set_charter,
    ProposeStandard: artefact_rules.propose_standard,
    WithdrawStandard: artefact_rules.withdraw_standard,
}

GAME_HANDLERS: dict[type[Command], GameHandler] = {
    StartGame: facilitator_rules.start_game,
    Pause: facilitator_rules.pause,
    Resume: facilitator_rules.resume,
    Extend: facilitator_rules.extend,
    EndPhase: facilitator_rules.end_phase,
    ForceResolve: facilitator_rules.force_resolve,
    Advance: facilitator_rules.advance,
    FireInject: facilitator_rules.fire,
    CancelInject: facilitator_rules.cancel,
    PostponeInject: facilitator_rules.postpone,
    CustomInject: facilitator_rules.custom,
    SeatBot: facilitator_rules.seat_bot,
    ReleaseBot: facilitator_rules.release_bot,
    MoveSeat: facilitator_rules.move_seat,
    Broadcast: facilitator_rules.broadcast,
    EndGame: facilitator_rules.end_game,
    OverrideLevel: facilitator_rules.override_level,
    JoinSeat: facilitator_rules.join_seat,
    StartReview: peer_review.start_review,
    PresentTeam: peer_review.present_team,
    CloseReview: peer_review.close_review,
    AssessTeam: peer_review.assess_team,
    Tick: facilitator_rules.tick,
}


def apply(state: GameState, actor: Actor, command: Command) -> tuple[GameState, list[Event]]:
    """Validate and apply one command. Raises a RuleError, changing nothing, if it is refused."""
    check_sender(actor, command)
    check_phase(state, command)
    if actor.kind == "seat":
        state, events = _apply_seat(state, actor, command)
    else:
        handler = GAME_HANDLERS.get(type(command))
        if handler is None:
            raise InvalidCommand(f'Unknown command "{command.type}".')
        state, events = handler(state, command)
    return evolve(state, version=state.version + 1), events


def check_sender(actor: Actor, command: Command) -> None:
    """Raise NotAllowed unless this kind of actor may send this command at all."""
    if actor.kind not in type(command).actors:
        who = "a seat" if actor.kind == "seat" else f"the {actor.kind}"
        raise NotAllowed(f'"{command.type}" cannot be sent by {who}.')


def decisions_closed(state: GameState) -> RuleError | None:
    """Why a seat cannot make its planning decisions now (the phase, or a pause), or None.
    The same refusal `apply` gives any of them; the views carry it to the apps."""
    try:
        check_phase(state, SetReady(True))
    except RuleError as err:
        return err
    return Paused("The facilitator has paused the game.") if state.paused else None


def _apply_seat(state: GameState, actor: Actor, command: Command) -> tuple[GameState, list[Event]]:
    if actor.role not in ROLES:
        raise UnknownTarget(f'There is no seat "{actor.role}".')
    team = find_team(state, actor.team)
    if isinstance(command, SubmitReview):  # after the game: the peer review of roadmaps
        return peer_review.submit_review(state, actor, command)
    if isinstance(command, Chat):
        team, events = seat_rules.chat(state, team, actor.role, command)
        return put_team(state, team), events
    if (closed := decisions_closed(state)) is not None:
        raise closed
    if isinstance(command, SetReady):
        return _set_ready(state, team, actor.role, command)
    handler = SEAT_HANDLERS.get(type(command))
    if handler is None:
        raise InvalidCommand(f'Unknown command "{command.type}".')
    team, events = handler(state, team, actor.role, command)
    team = clear_ready(team, actor.role)
    return put_team(state, team), events


def _set_ready(
    state: GameState, team: Team, role: str, command: SetReady
) -> tuple[GameState, list[Event]]:
    seat = team.seats[role]
    if seat.ready == command.ready:
        raise InvalidCommand(f"{ROLE_NAMES[role]} is already "
                             f"{'ready' if seat.ready else 'not ready'}.")
    team = put_seat(team, evolve(seat, ready=command.ready))
    state = put_team(state, team)
    word = "is ready" if command.ready else "is no longer ready"
    events = [Event("ready", f"{ROLE_NAMES[role]} {word}.", team.id, "team", state.quarter,
                    {"role": role, "ready": command.ready})]
    if command.ready and flow.all_ready(state):
        state, more = flow.resolve(state, command.at)
        events += more
    return state, events
