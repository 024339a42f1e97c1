"""What the views share: the memo that lets a view reuse the parts built for an earlier
one while the state they come from is the same object, plain conversion, and LazyView for
bots.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from operator import is_
from typing import Any

from triops.game.memo import IdentityMemo
from triops.game.model.codec import plain_converter
from triops.game.rules.capabilities import forget_capabilities


def _plain_once(value: Any) -> Any:
    """`_plain` of an immutable state value, shared between bot views while it lives."""
    hit = _PLAIN.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    plain = _plain(value)
    _PLAIN[id(value)] = (value, plain)
    if len(_PLAIN) > _MEMO_MAX:  # the oldest goes, as in IdentityMemo
        _PLAIN.popitem(last=False)
    return plain


# Bot views reuse parts built for an earlier view while the state they come from is the
# same object (states are immutable, so identity means equal contents). Entries hold the
# objects they were built from, so an id reused after garbage collection never matches.
_MEMO_MAX = 1 << 17  # entries; one busy server's rooms fit
_MEMO = IdentityMemo(_MEMO_MAX)
_PLAIN: OrderedDict[int, tuple[object, Any]] = OrderedDict()


def forget() -> None:
    """Drop every remembered bot-view part (a new game shares nothing with the last)."""
    _MEMO.clear()
    _PLAIN.clear()
    _STATES.clear()
    _LATEST.clear()
    _EACH.clear()
    forget_capabilities()


def _remember(key: tuple[Any, ...], sources: tuple[object, ...], build: Callable[[], Any]) -> Any:
    return _MEMO.remember(key, sources, build)


def _per_state(state: object, key: Any, build: Callable[[], Any]) -> Any:
    """`build()`, once per state: the server builds every recipient's view of one state in a
    row, and parts every view holds (the game, the leaderboard) or every view of a seat holds
    are then built, or looked up in the memo, once rather than once per recipient. Only the
    last few states are kept, so old states are not kept alive."""
    hit = _STATES.get(id(state))
    if hit is None or hit[0] is not state:
        hit = _STATES[id(state)] = (state, {})
        if len(_STATES) > _STATES_MAX:
            _STATES.popitem(last=False)
    parts = hit[1]
    value = parts.get(key, _NONE)
    if value is _NONE:  # (not a KeyError: most keys are new to each state, and raising costs)
        value = parts[key] = build()
    return value


_NONE = object()


_STATES_MAX = 8


def _latest(slot: tuple[Any, ...], key: tuple[Any, ...], sources: tuple[object, ...],
            build: Callable[[], Any]) -> Any:
    """`_remember` for parts of which only the newest is ever asked for again (a team as one
    seat sees it: its team changes with every move). One entry a slot, replaced when its
    `key` (compared by value) or `sources` (by identity) change, so the parts of states long
    gone are not kept. A slot names the game with its settings' id, so `sources` must hold
    the settings (they stay alive, and their id their own, while the entry does)."""
    hit = _LATEST.get(slot)
    if hit is not None and hit[0] == key and len(hit[1]) == len(sources) \
            and all(map(is_, hit[1], sources)):
        _LATEST.move_to_end(slot)
        return hit[2]
    value = build()
    _LATEST[slot] = (key, sources, value)
    _LATEST.move_to_end(slot)
    if len(_LATEST) > _MEMO_MAX:
        _LATEST.popitem(last=False)
    return value


_LATEST: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], tuple[object, ...], Any]] = \
    OrderedDict()


def _latest_each(slot: tuple[Any, ...], key: tuple[Any, ...], sources: tuple[object, ...],
                 items: tuple[Any, ...], build: Callable[[Any], Any]) -> list[Any]:
    """`_latest` for a list with one part for each of `items` (a state's teams), built by
    `build(item)`. An item that is the same object as in the slot's last list keeps its part
    without being looked up again, and when none changed the list is the same object."""
    hit = _EACH.get(slot)
    if hit is None or hit[0] != key or len(hit[1]) != len(sources) \
            or not all(map(is_, hit[1], sources)) or len(hit[2]) != len(items):
        hit = (key, sources, (), [])
    before, parts = hit[2], hit[3]
    if before and all(map(is_, before, items)):
        _EACH.move_to_end(slot)
        return parts
    parts = [parts[i] if before and before[i] is item else build(item)
             for i, item in enumerate(items)]
    _EACH[slot] = (key, sources, items, parts)
    _EACH.move_to_end(slot)
    if len(_EACH) > _MEMO_MAX:
        _EACH.popitem(last=False)
    return parts


_EACH: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], tuple[object, ...],
                                          tuple[Any, ...], list[Any]]] = OrderedDict()
_STATES: OrderedDict[int, tuple[object, dict[Any, Any]]] = OrderedDict()


# --- plain data, fast ----------------------------------------------------------------------


# `game.codec.to_plain`, with map keys as strings: views go to clients in any language.
_plain = plain_converter(str)


# --- bot views: the seat view, built on demand ---------------------------------------------


class LazyView(Mapping[str, Any]):
    """A read-only map whose entries are built the first time they are read.

    `bot_view` returns the seat view in this form: the same keys and, once read, the same
    values as `seat_view`, but a bot pays only for what it reads, and parts that did not
    change since an earlier bot view are shared with it. Treat it (and what it holds) as
    read-only; `materialise` turns it into plain dicts.
    """

    __slots__ = ("_makers", "_values")

    def __init__(self, makers: dict[str, Callable[[], Any]]) -> None:
        self._makers = makers
        self._values: dict[str, Any] = {}

    def __getitem__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            value = self._values[key] = self._makers[key]()
            return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._makers)

    def __len__(self) -> int:
        return len(self._makers)

    def __repr__(self) -> str:
        return f"LazyView({sorted(self._makers)})"
