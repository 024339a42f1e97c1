"""Every command a seat, the facilitator or the server's clock can send, as small value types.

A command's `type` is its wire name. `decode_command` turns plain data (a msgpack map from the
wire, or a record entry) back into a command, checking every field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from triops.game.model.codec import DecodeError, from_plain, to_plain
from triops.game.model.state import Charter, ReviewMark, RoadmapEntry


@dataclass(frozen=True, slots=True)
class Actor:
    """Who sends a command: a seat (team and role), the facilitator, or the server's clock."""

    kind: str  # seat | facilitator | server
    team: str = ""
    role: str = ""

    @staticmethod
    def seat(team: str, role: str) -> Actor:
        return Actor("seat", team, role)

    def __str__(self) -> str:
        return f"{self.team}/{self.role}" if self.kind == "seat" else self.kind


FACILITATOR = Actor("facilitator")
SERVER = Actor("server")


@dataclass(frozen=True, slots=True)
class Command:
    type: ClassVar[str] = ""
    actors: ClassVar[frozenset[str]] = frozenset({"seat"})


# --- seat commands -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pledge(Command):
    """Reserve credits toward the initiative's next level; committed at resolution."""

    type: ClassVar[str] = "pledge"
    initiative: str
    amount: int


@dataclass(frozen=True, slots=True)
class Unpledge(Command):
    """Take back this seat's pledge to an initiative."""

    type: ClassVar[str] = "unpledge"
    initiative: str


@dataclass(frozen=True, slots=True)
class Transfer(Command):
    """Move credits from this seat's envelope to another seat's."""

    type: ClassVar[str] = "transfer"
    to_role: str
    amount: int


@dataclass(frozen=True, slots=True)
class Investigate(Command):
    """Spend action points to find a clue of an open incident."""

    type: ClassVar[str] = "investigate"
    incident: str
    clue: str


@dataclass(frozen=True, slots=True)
class ShareClue(Command):
    """Post a clue this seat can see to team chat, so every seat sees it."""

    type: ClassVar[str] = "share_clue"
    incident: str
    clue: str


@dataclass(frozen=True, slots=True)
class Diagnose(Command):
    """Set the team's draft diagnosis of an incident."""

    type: ClassVar[str] = "diagnose"
    incident: str
    diagnosis: str


@dataclass(frozen=True, slots=True)
class Respond(Command):
    """Set the team's draft response to an incident, reserving its costs. `reason` is the
    one-line justification the report quotes (why this plan, for this cause)."""

    type: ClassVar[str] = "respond"
    incident: str
    response: str
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ClearResponse(Command):
    """Drop the draft response and release what it reserved."""

    type: ClassVar[str] = "clear_response"
    incident: str


@dataclass(frozen=True, slots=True)
class Notify(Command):
    """Communicate: tell stakeholders, the committee or the regulator about an incident."""

    type: ClassVar[str] = "notify"
    incident: str


@dataclass(frozen=True, slots=True)
class SetRoadmap(Command):
    """Replace the roadmap. After setup, a revision needs a reason and 1 AP per quarter."""

    type: ClassVar[str] = "set_roadmap"
    entries: tuple[RoadmapEntry, ...]
    reason: str = ""


@dataclass(frozen=True, slots=True)
class SetCharter(Command):
    """Replace the governance committee's charter draft."""

    type: ClassVar[str] = "set_charter"
    charter: Charter
    reason: str = ""


@dataclass(frozen=True, slots=True)
class ProposeStandard(Command):
    """Propose (or re-propose) a standard with its owner, adoption mechanism and KPI."""

    type: ClassVar[str] = "propose_standard"
    standard: str
    owner: str
    mechanism: str
    kpi: str = ""


@dataclass(frozen=True, slots=True)
class WithdrawStandard(Command):
    type: ClassVar[str] = "withdraw_standard"
    standard: str


@dataclass(frozen=True, slots=True)
class Chat(Command):
    type: ClassVar[str] = "chat"
    text: str


@dataclass(frozen=True, slots=True)
class SubmitReview(Command):
    """Review the presenting team: a level and an optional comment per criterion."""

    type: ClassVar[str] = "submit_review"
    team: str
    marks: tuple[ReviewMark, ...]


@dataclass(frozen=True, slots=True)
class SetReady(Command):
    """Mark this seat ready (or not). The last seat ready triggers resolution at `at`."""

    type: ClassVar[str] = "ready"
    ready: bool = True
    at: float = 0.0


# --- facilitator commands ------------------------------------------------------------------

_F = frozenset({"facilitator"})


@dataclass(frozen=True, slots=True)
class StartGame(Command):
    type: ClassVar[str] = "start_game"
    actors: ClassVar[frozenset[str]] = _F
    at: float = 0.0


@dataclass(frozen=True, slots=True)
class Pause(Command):
    type: ClassVar[str] = "pause"
    actors: ClassVar[frozenset[str]] = _F
    at: float = 0.0


@dataclass(frozen=True, slots=True)
class Resume(Command):
    type: ClassVar[str] = "resume"
    actors: ClassVar[frozenset[str]] = _F
    at: float = 0.0


@dataclass(frozen=True, slots=True)
class Extend(Command):
    """Lengthen (or, if negative, shorten) the current phase's clock."""

    type: ClassVar[str] = "extend"
    actors: ClassVar[frozenset[str]] = _F
    seconds: float
    at: float = 0.0


@dataclass(frozen=True, slots=True)
class EndPhase(Command):
    """End the current phase now: planning resolves, review moves to the next quarter."""

    type: ClassVar[str] = "end_phase"
    actors: ClassVar[frozenset[str]] = _F
    at: float = 0.0


@dataclass(frozen=True, slots=True)
class ForceResolve(Command):
    """Resolve the quarter now, committing every draft as it stands."""

    type: ClassVar[str] = "force_resolve"
    actors: ClassVar[frozenset[str]] = _F
    at: float = 0.0


@dataclass(frozen=True, slots=True)
class Advance(Command):
    """Leave the review and start the next quarter (or end the game after the last)."""

    type: ClassVar[str] = "advance"
    actors: ClassVar[frozenset[str]] = frozenset({"facilitator", "server"})
    at: float = 0.0


@dataclass(frozen=True, slots=True)
class FireInject(Command):
    """Fire a library inject now, or at the start of the next quarter."""

    type: ClassVar[str] = "fire_inject"
    actors: ClassVar[frozenset[str]] = _F
    inject: str
    targets: tuple[str, ...] = ()
    timing: str = "now"  # now | next


@dataclass(frozen=True, slots=True)
class CancelInject(Command):
    type: ClassVar[str] = "cancel_inject"
    actors: ClassVar[frozenset[str]] = _F
    inject: str


@dataclass(frozen=True, slots=True)
class PostponeInject(Command):
    type: ClassVar[str] = "postpone_inject"
    actors: ClassVar[frozenset[str]] = _F
    inject: str
    quarters: int = 1


@dataclass(frozen=True, slots=True)
class CustomEffect:
    """An effect the facilitator picks from a short list for a custom inject."""

    kind: str  # budget | metric | modifier | incident
    metric: str = ""
    delta: int = 0
    amount: int = 0
    quarters: int = 1
    incident: str = ""


@dataclass(frozen=True, slots=True)
class CustomInject(Command):
    type: ClassVar[str] = "custom_inject"
    actors: ClassVar[frozenset[str]] = _F
    title: str
    narrative: str
    effects: tuple[CustomEffect, ...] = ()
    targets: tuple[str, ...] = ()
    timing: str = "now"


@dataclass(frozen=True, slots=True)
class SeatBot(Command):
    """Put a bot in a seat (an abandoned one, or an empty one)."""

    type: ClassVar[str] = "seat_bot"
    actors: ClassVar[frozenset[str]] = _F
    team: str
    role: str
    level: str = "competent"


@dataclass(frozen=True, slots=True)
class ReleaseBot(Command):
    """Hand a bot's seat back to its person (or leave it empty)."""

    type: ClassVar[str] = "release_bot"
    actors: ClassVar[frozenset[str]] = _F
    team: str
    role: str


@dataclass(frozen=True, slots=True)
class MoveSeat(Command):
    """Move the person holding one seat to another seat that is empty or bot-held."""

    type: ClassVar[str] = "move_seat"
    actors: ClassVar[frozenset[str]] = _F
    from_team: str
    from_role: str
    to_team: str
    to_role: str


@dataclass(frozen=True, slots=True)
class Broadcast(Command):
    """A message from the facilitator to every team's chat, or to one team's."""

    type: ClassVar[str] = "broadcast"
    actors: ClassVar[frozenset[str]] = _F
    text: str
    team: str = ""


@dataclass(frozen=True, slots=True)
class EndGame(Command):
    type: ClassVar[str] = "end_game"
    actors: ClassVar[frozenset[str]] = _F
    at: float = 0.0


@dataclass(frozen=True, slots=True)
class OverrideLevel(Command):
    """Confirm or override a team's computed level on one learning objective."""

    type: ClassVar[str] = "override_level"
    actors: ClassVar[frozenset[str]] = _F
    team: str
    objective: str
    level: str
    comment: str = ""


@dataclass(frozen=True, slots=True)
class StartReview(Command):
    """Open the peer review of roadmaps (after the game): one review per team or per person,
    with or without the charter (LO4) and the standards (LO5) on the form."""

    type: ClassVar[str] = "start_review"
    actors: ClassVar[frozenset[str]] = _F
    mode: str = "team"
    charter: bool = True
    standards: bool = True


@dataclass(frozen=True, slots=True)
class PresentTeam(Command):
    """This team presents now: its roadmap goes on every screen, and the others review it."""

    type: ClassVar[str] = "present_team"
    actors: ClassVar[frozenset[str]] = _F
    team: str


@dataclass(frozen=True, slots=True)
class CloseReview(Command):
    """Close the reviews of a team (the presenting one if none is named); its results show."""

    type: ClassVar[str] = "close_review"
    actors: ClassVar[frozenset[str]] = _F
    team: str = ""


@dataclass(frozen=True, slots=True)
class AssessTeam(Command):
    """The facilitator's own assessment of a team, on the peers' form (replaces an earlier)."""

    type: ClassVar[str] = "assess_team"
    actors: ClassVar[frozenset[str]] = _F
    team: str
    marks: tuple[ReviewMark, ...]


# --- server commands -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JoinSeat(Command):
    """A person takes a seat (the server checks who; the engine records it)."""

    type: ClassVar[str] = "join_seat"
    actors: ClassVar[frozenset[str]] = frozenset({"server"})
    team: str
    role: str
    name: str


@dataclass(frozen=True, slots=True)
class Tick(Command):
    """The server's clock: resolves or advances a phase whose deadline has passed."""

    type: ClassVar[str] = "tick"
    actors: ClassVar[frozenset[str]] = frozenset({"server"})
    at: float


COMMAND_TYPES: dict[str, type[Command]] = {
    cls.type: cls
    for cls in (
        Pledge, Unpledge, Transfer, Investigate, ShareClue, Diagnose, Respond, ClearResponse,
        Notify, SetRoadmap, SetCharter, ProposeStandard, WithdrawStandard, Chat, SetReady,
        StartGame, Pause, Resume, Extend, EndPhase, ForceResolve, Advance, FireInject,
        CancelInject, PostponeInject, CustomInject, SeatBot, ReleaseBot, MoveSeat, Broadcast,
        EndGame, OverrideLevel, JoinSeat, Tick, SubmitReview, StartReview, PresentTeam,
        CloseReview, AssessTeam,
    )
}


def encode_command(command: Command) -> dict[str, Any]:
    """A command as a plain map with its `type`, ready for msgpack or a record."""
    data: dict[str, Any] = to_plain(command)
    data["type"] = command.type
    return data


def decode_command(data: Any) -> Command:
    """Plain data back to a command; raises DecodeError naming the bad field."""
    if not isinstance(data, dict):
        raise DecodeError("", "a map with a type", data)
    kind = data.get("type")
    cls = COMMAND_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise DecodeError("type", f"a command type ({', '.join(sorted(COMMAND_TYPES))})", kind)
    fields = {k: v for k, v in data.items() if k != "type"}
    return from_plain(cls, fields)


def encode_actor(actor: Actor) -> dict[str, Any]:
    out: dict[str, Any] = to_plain(actor)
    return out


def decode_actor(data: Any) -> Actor:
    actor = from_plain(Actor, data, "actor")
    if actor.kind not in ("seat", "facilitator", "server"):
        raise DecodeError("actor.kind", "seat, facilitator or server", actor.kind)
    return actor
