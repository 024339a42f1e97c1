"""Which commands each phase allows: the one table that says it, in the manner of h11's.

`flow.TRANSITIONS` says how a game moves from phase to phase; this says what may be sent in
each. `apply` consults it before any handler runs, so no handler checks the phase itself.
Being paused is not a phase: seats' planning commands also wait while the game is paused.

    lobby ──start──▶ planning ──resolve──▶ review ──advance──▶ planning ... ──▶ ended
"""

from __future__ import annotations

from collections.abc import Callable

from triops.game.model.commands import (
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
from triops.game.model.errors import WrongPhase
from triops.game.model.state import GameState

PHASES = ("lobby", "planning", "review", "ended")
ANY = frozenset(PHASES)
NOT_OVER = frozenset(("lobby", "planning", "review"))
RUNNING = frozenset(("planning", "review"))
PLANNING = frozenset(("planning",))
REVIEW = frozenset(("review",))
LOBBY = frozenset(("lobby",))
ENDED = frozenset(("ended",))

Sentence = Callable[[GameState], str]


def _planning_sentence(state: GameState) -> str:
    if state.phase == "lobby":
        return "The game has not started yet."
    if state.phase == "review":
        return f"Quarter {state.quarter} is in review; planning resumes next quarter."
    return "The game is over."


def _say(text: str) -> Sentence:
    return lambda state: text


OVER = _say("The game is over.")
AFTER_THE_GAME = _say("The peer review of roadmaps runs after the game has ended.")

# command → (the phases that allow it, what a sender is told in any other phase)
TABLE: dict[type[Command], tuple[frozenset[str], Sentence]] = {
    # a seat's decisions belong to planning
    **{kind: (PLANNING, _planning_sentence) for kind in (
        SetReady, Pledge, Unpledge, Transfer, Investigate, ShareClue, Diagnose, Respond,
        ClearResponse, Notify, SetRoadmap, SetCharter, ProposeStandard, WithdrawStandard)},
    Chat: (NOT_OVER, OVER),
    SubmitReview: (ENDED, AFTER_THE_GAME),
    # the facilitator runs the game
    StartGame: (LOBBY, _say("The game has already started.")),
    Pause: (RUNNING, _say("That works only while the game is running.")),
    Resume: (RUNNING, _say("That works only while the game is running.")),
    Extend: (RUNNING, _say("That works only while the game is running.")),
    EndPhase: (RUNNING, _say("That works only while the game is running.")),
    FireInject: (RUNNING, _say("That works only while the game is running.")),
    CustomInject: (RUNNING, _say("That works only while the game is running.")),
    ForceResolve: (PLANNING, _say("Resolution can only be forced during planning.")),
    Advance: (REVIEW, _say("The game moves on from the review; resolve the quarter first.")),
    CancelInject: (NOT_OVER, OVER),
    PostponeInject: (NOT_OVER, OVER),
    SeatBot: (NOT_OVER, OVER),
    MoveSeat: (NOT_OVER, OVER),
    JoinSeat: (NOT_OVER, OVER),
    Broadcast: (NOT_OVER, OVER),
    EndGame: (NOT_OVER, _say("The game is already over.")),
    ReleaseBot: (ANY, OVER),
    OverrideLevel: (ANY, OVER),
    Tick: (ANY, OVER),  # the clock's tick does what the phase calls for, or nothing
    StartReview: (ENDED, AFTER_THE_GAME),
    PresentTeam: (ENDED, AFTER_THE_GAME),
    CloseReview: (ENDED, AFTER_THE_GAME),
    AssessTeam: (ENDED, AFTER_THE_GAME),
}


def check_phase(state: GameState, command: Command) -> None:
    """Raise WrongPhase, with its sentence, unless the phase allows `command`."""
    allowed, sentence = TABLE[type(command)]
    if state.phase not in allowed:
        raise WrongPhase(sentence(state))


def allowed_in(phase: str) -> frozenset[type[Command]]:
    """Every command the phase allows (for documentation and tests)."""
    return frozenset(kind for kind, (phases, _) in TABLE.items() if phase in phases)
