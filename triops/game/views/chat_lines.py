"""Views after chat lines, the commonest update, without building the views again.

A chat line changes a state's version and the chat of a team (a broadcast: of every team),
nothing else. Before the end, every part of a seat's or the facilitator's view but the game
part and the teams' chats depends only on what a chat line leaves alone: the shared parts'
memos are keyed that way (a team's parts but its chat on a stand-in for every field but the
chat; a seat's own parts and the facilitator's others on fields of the state no chat line
changes). So the view of a state reached from another by chat lines only is the view of the
other with the game part and the chats of the new one: `with_chat_lines`. The server brings
a connection's last view up to date this way when only chat lines came since it was built
(`chat_lines_only`, asked at each step). The tests hold the result to the fresh views.
"""

from __future__ import annotations

from dataclasses import fields
from operator import attrgetter, is_
from typing import Any

from triops.game.model.state import GameState, Team
from triops.game.views.patch import Parts, Patch, _diff
from triops.game.views.recipients import game_part
from triops.game.views.team import _BUT_CHAT, _CHATS, _chat_part

# Every field of a state but its teams and its version.
_BUT_TEAMS = attrgetter(*(f.name for f in fields(GameState) if f.name not in ("teams", "version")))


def chat_lines_only(before: GameState, after: GameState) -> bool:
    """Whether `after` differs from `before` in nothing but its version and teams' chats
    (field by field, by identity: states are immutable, and a rule that changes a field
    makes a new object), before the end (where the debrief and the tally count chat
    messages)."""
    if before.phase == "ended" or after.phase == "ended" \
            or len(before.teams) != len(after.teams) \
            or not all(map(is_, _BUT_TEAMS(before), _BUT_TEAMS(after))):
        return False
    return all(a is b or all(map(is_, _BUT_CHAT(a), _BUT_CHAT(b)))
               for a, b in zip(before.teams, after.teams, strict=True))


def with_chat_lines(view: dict[str, Any], state: GameState) -> dict[str, Any] | None:
    """A seat's or the facilitator's shared view (as the server builds it) of a state that
    `state` follows by chat lines only, brought up to `state`; None for another kind of view
    (a spectator's shows no chat). Read-only, as the shared views are."""
    kind = view.get("kind")
    if kind == "seat":
        return {**view, "game": game_part(state),
                "team": _chatted(view["team"], state, state.team(view["team"]["id"]))}
    if kind == "facilitator":
        return {**view, "game": game_part(state),
                "teams": [_chatted(part, state, team)
                          for part, team in zip(view["teams"], state.teams, strict=True)]}
    return None


def chat_lines_patch(base: dict[str, Any], view: dict[str, Any], parts: Parts) -> Patch:
    """`diff(base, view, parts)` for a view `with_chat_lines` made from `base`, the same
    operations in the same order: only the game part and the chats can differ, so only
    they are compared."""
    ops: Patch = []
    was, game = base["game"], view["game"]
    if was is not game:  # compared once per update for every view, as `diff` does
        hit = parts.get(("game", id(was), id(game)))
        if hit is None or hit[0] is not was or hit[1] is not game:
            _diff(was, game, ["game"], ops)
            parts[("game", id(was), id(game))] = (was, game, ops[:])
        else:
            ops.extend(hit[2])
    if view["kind"] == "seat":
        if base["team"] is not view["team"]:
            _diff(base["team"]["chat"], view["team"]["chat"], ["team", "chat"], ops)
    else:
        for index, (old, new) in enumerate(zip(base["teams"], view["teams"], strict=True)):
            if old is not new:
                _diff(old["chat"], new["chat"], ["teams", index, "chat"], ops)
    return ops


def _chatted(part: dict[str, Any], state: GameState, team: Team) -> dict[str, Any]:
    """A team's part of a view with the team's chat as it is in `state`."""
    plain, chat = part["chat"], team.chat
    if chat:  # the chat the part's was converted from, if it was (team._plain_chat)
        hit = _CHATS.get(id(chat[-1]))
        if hit is not None and hit[1] is chat and hit[2] is plain:
            return part
    elif not plain:
        return part
    new = _chat_part(state, team)
    return part if new is plain else {**part, "chat": new}
