"""Typed rejections. A rejected command raises one of these and changes nothing.

Each carries a stable machine `code` (clients and the protocol depend on it) and a sentence a
player can act on.
"""

from __future__ import annotations


class RuleError(ValueError):
    """A command the rules refuse. `code` is stable; the message is for people."""

    code = "rejected"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0])


class NotAllowed(RuleError):
    """This actor may not send this command (wrong seat, not the facilitator, ...)."""

    code = "not_allowed"


class WrongPhase(RuleError):
    """The command does not fit the game's current phase."""

    code = "wrong_phase"


class Paused(RuleError):
    """The facilitator has paused the game."""

    code = "paused"


class UnknownTarget(RuleError):
    """The command names something that does not exist (initiative, incident, clue, ...)."""

    code = "unknown_target"


class NotEnoughCredits(RuleError):
    code = "insufficient_credits"


class NotEnoughActionPoints(RuleError):
    code = "insufficient_ap"


class InvalidCommand(RuleError):
    """The command is well-formed but its values break a rule (bad level, empty text, ...)."""

    code = "invalid"


class Unavailable(RuleError):
    """The option exists but its conditions do not hold yet (a missing initiative, ...)."""

    code = "unavailable"
