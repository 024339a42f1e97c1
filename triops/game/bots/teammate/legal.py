"""Whether a bot may send a command: the legal list, read only when asked."""

from __future__ import annotations

from collections.abc import Sequence

from triops.game.bots.base import View
from triops.game.bots.reading import by_id, credits_of, open_incidents, quarter_of, role_of
from triops.game.model.commands import (
    Chat,
    Command,
    Pledge,
    ProposeStandard,
    Respond,
    SetCharter,
    SetRoadmap,
    ShareClue,
    Transfer,
)

# Commands whose content is free: legal_commands shows one example of each.
OPEN_ENDED = (SetRoadmap, SetCharter, ProposeStandard)


class LegalCheck:
    """Answers "may I send this?" from the legal list, read only when a question is asked.

    Sharing a clue and pledging are the commonest moves, and the view alone says exactly
    when `legal_commands` would list them (a visible clue not yet shared; an initiative's
    next level, not bought this quarter, within its room and the seat's credits), so those
    are answered from the view without reading the list.
    """

    def __init__(self, legal: Sequence[Command], view: View, artefacts: bool = False) -> None:
        self.legal = legal
        self.view = view
        # legal_commands shows an artefact edit only by example (the next roadmap line, say);
        # a seat may send its own content whenever it could pay for a revision.
        self.artefacts = artefacts

    def __call__(self, cmd: Command) -> bool:
        if isinstance(cmd, Chat):
            return True
        view = self.view
        if view["game"]["phase"] != "planning" or view["game"]["paused"]:
            return False
        if isinstance(cmd, ShareClue):
            seat = view["team"]["seats"][role_of(view)]
            rules = view["briefing"].get("rules", {})
            if int(seat.get("shared", 0)) >= int(rules.get("free_shares", 1)) and int(
                    seat["ap"]) < int(rules.get("share_ap", 1)):
                return False
            return any(i["id"] == cmd.incident and any(
                c["id"] == cmd.clue and not c["shared"] for c in i["clues"])
                for i in open_incidents(view))
        if isinstance(cmd, Pledge):  # any amount up to the room left and the seat's credits
            init = by_id(view).get(cmd.initiative)
            nxt = init["next"] if init else None
            if init is None or nxt is None or nxt["bought_this_quarter"] or quarter_of(view) == 0:
                return False
            if init["needs_charter"] and view["team"]["charter_problems"]:
                return False
            room = nxt["cost"] - sum(nxt["pledges"].values())
            return bool(1 <= cmd.amount <= min(room, credits_of(view, role_of(view))))
        if isinstance(cmd, Transfer):
            return cmd.amount >= 1 and any(
                isinstance(c, Transfer) and c.amount >= cmd.amount for c in self.legal)
        if isinstance(cmd, OPEN_ENDED):  # legal lists examples; the content is ours
            return any(type(c) is type(cmd) for c in self.legal) or (
                self.artefacts and bool(self.legal))
        kind = type(cmd)
        if isinstance(cmd, Respond):  # the justification is ours to write
            return any(isinstance(c, Respond) and (c.incident, c.response) == (
                cmd.incident, cmd.response) for c in self.legal)
        return any(type(c) is kind and c == cmd for c in self.legal)
