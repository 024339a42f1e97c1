"""Reading a seat view: the small questions every bot asks of what it can see.

Everything here takes the view a seat is given (a plain dict, or a lazy `bot_view`) and
nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeVar

from triops.game.bots.base import View
from triops.game.model.vocab import LEVEL_RANK, LEVELS

_IDS = re.compile(r"I\d{1,2}")
T = TypeVar("T")

# Answers about the view being read now: a policy reads one view per decision and asks the
# same questions of it many times. One slot, checked by identity, so nothing outlives it.
_LAST: list[Any] = [None, {}]


def cached(view: View, key: str, compute: Callable[[], T]) -> T:
    if _LAST[0] is not view:
        _LAST[0], _LAST[1] = view, {}
    answers: dict[str, Any] = _LAST[1]
    if key not in answers:
        answers[key] = compute()
    value: T = answers[key]
    return value


def role_of(view: View) -> str:
    return str(view["you"]["role"])


def quarter_of(view: View) -> int:
    return int(view["game"]["quarter"])


def quarters_of(view: View) -> int:
    return int(view["game"]["quarters"])


def my_ap(view: View) -> int:
    return int(view["team"]["seats"][role_of(view)]["ap"])


def pooled(view: View) -> bool:
    return view["team"]["budget"]["pool"] is not None


def credits_of(view: View, role: str) -> int:
    """Credits a seat can spend now: its envelope, or the team pool once pooled."""
    budget = view["team"]["budget"]
    return int(budget["pool"]) if budget["pool"] is not None else int(budget["envelopes"][role])


def humans(view: View) -> set[str]:
    return cached(view, "humans", lambda: {r for r, s in view["team"]["seats"].items()
                                           if s["holder"] == "human"})


def by_id(view: View) -> dict[str, dict[str, Any]]:
    return cached(view, "by_id", lambda: {i["id"]: i for i in view["team"]["initiatives"]})


def rank(initiative: dict[str, Any]) -> int:
    return LEVEL_RANK[initiative["level"]]


def effective(initiative: dict[str, Any]) -> int:
    return LEVEL_RANK[initiative["effective"]]


def open_incidents(view: View) -> list[dict[str, Any]]:
    return cached(view, "open", lambda: [i for i in view["team"]["incidents"]
                                         if i["status"] == "open"])


def prerequisites_bought(initiatives: dict[str, dict[str, Any]], init: dict[str, Any]) -> bool:
    """A prerequisite counts once it is bought; its delay runs alongside the new level's."""
    for prereq in init["prerequisites"]:
        condition = prereq["condition"]
        ids = _IDS.findall(condition)
        count = condition.split("of:")[0] if "of:" in condition else ""
        have = sum(1 for i in ids if initiatives.get(i, {}).get("level", "none") != "none")
        if have < (int(count) if count.isdigit() else len(ids)):
            return False
    return True


def due_lines(view: View) -> list[dict[str, Any]]:
    """Roadmap lines to work on now, in the order to fund them.

    A line is a target: its level by its quarter. Levels are bought one per quarter, so a
    line whose target is two levels up is due a quarter early.
    """
    return cached(view, "due", lambda: _due_lines(view))


def _due_lines(view: View) -> list[dict[str, Any]]:
    q = quarter_of(view)
    initiatives = by_id(view)
    out = []
    for line in sorted(view["team"]["roadmap"], key=lambda e: e["quarter"]):
        init = initiatives.get(line["initiative"])
        if init is None:
            continue
        gap = LEVELS.index(line["level"]) + 1 - rank(init)
        if gap <= 0 or line["quarter"] - (gap - 1) > q:
            continue
        out.append(line)
    return out


def chat_now(view: View) -> list[dict[str, Any]]:
    """This quarter's chat messages (not clues), in order."""
    q = quarter_of(view)
    return cached(view, "chat", lambda: [m for m in view["team"]["chat"]
                                         if m["quarter"] == q and m["kind"] == "chat"])


def my_chat(view: View, quarter: int | None = None) -> list[str]:
    """What this seat itself said in team chat (this quarter, unless told otherwise)."""
    me = role_of(view)
    if quarter is None or quarter == quarter_of(view):
        return cached(view, "mine", lambda: [m["text"] for m in chat_now(view)
                                             if m["sender"] == me])
    return [m["text"] for m in view["team"]["chat"]
            if m["sender"] == me and m["kind"] == "chat" and m["quarter"] == quarter]


def said(view: View, *needles: str, quarter: int | None = None) -> bool:
    """Whether this seat already posted a message containing every needle (this quarter)."""
    q = quarter_of(view) if quarter is None else quarter
    wanted = [n.lower() for n in needles]
    return any(all(n in text.lower() for n in wanted) for text in my_chat(view, q))


def who_said(view: View, *needles: str) -> set[str]:
    """Teammates (not this seat) who posted a message containing every needle this quarter."""
    me = role_of(view)
    wanted = [n.lower() for n in needles]
    return {m["sender"] for m in chat_now(view)
            if m["sender"] != me and all(n in m["text"].lower() for n in wanted)}
