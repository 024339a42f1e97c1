"""Views on the wire as patches: what changed since the view a client already holds.

A full facilitator view of six teams is about 300 KB; a chat message changes a few hundred
bytes of it. The server keeps, per client, the last view it sent and sends only the
difference; the client applies it to its copy. Operations (docs/protocol.md, "Patches"):

    ["s", path, value]   set the entry at path (a list of map keys and list indices)
    ["d", path]          delete the map entry at path
    ["a", path, items]   append items to the list at path

`diff` is cheap when the views share unchanged parts as the same objects (triops/game/views/
builds them that way): identical objects are skipped without being read.
"""

from __future__ import annotations

from operator import is_
from typing import Any

Path = list[str | int]
Patch = list[list[Any]]


class PatchError(ValueError):
    """A patch that does not fit the view it is applied to."""


def diff(old: Any, new: Any, parts: Parts | None = None) -> Patch:
    """The operations that turn `old` into `new` (both plain maps, lists and scalars).

    `parts`, kept across the views of one update, remembers the operations found for each
    entry of a view: recipients' views hold many of the same parts (the game, at a turn's
    resolution the leaderboard and more), and each is compared once."""
    ops: Patch = []
    if old is new:
        return ops
    if parts is None or type(old) is not dict or type(new) is not dict:
        _diff(old, new, [], ops)
        return ops
    added = 0
    for key, value in new.items():
        was = old.get(key, _MISSING)
        if was is value:
            continue
        if was is _MISSING:
            ops.append(["s", [key], value])
            added += 1
            continue
        hit = parts.get((key, id(was), id(value)))
        if hit is None or hit[0] is not was or hit[1] is not value:
            start = len(ops)
            _diff(was, value, [key], ops)
            # The entry holds both parts, so their ids stay theirs while it lives.
            parts[(key, id(was), id(value))] = (was, value, ops[start:])
        else:
            ops.extend(hit[2])  # the same path in every view: the operations as they are
    if len(old) + added != len(new):  # some keys of the old map are gone
        ops.extend(["d", [key]] for key in old if key not in new)
    return ops


# (a view's key, id of the entry it held, id of the entry it holds) -> (the old entry, the
# new entry, their operations)
Parts = dict[tuple[str, int, int], tuple[Any, Any, Patch]]


def _diff(old: Any, new: Any, path: Path, ops: Patch) -> None:
    # Identity is checked before each recursive call: most parts of a shared view are the
    # very objects of the last one, and a call per unchanged part was most of the cost.
    if type(old) is dict and type(new) is dict:
        added = 0
        for key, value in new.items():
            was = old.get(key, _MISSING)
            if was is value:
                continue
            if was is _MISSING:
                ops.append(["s", [*path, key], value])
                added += 1
            else:
                _diff(was, value, [*path, key], ops)
        if len(old) + added != len(new):  # some keys of the old map are gone
            ops.extend(["d", [*path, key]] for key in old if key not in new)
        return
    if type(old) is list and type(new) is list and len(new) >= len(old) and path:
        if not all(map(is_, old, new)):  # a list that only grew (a chat) is checked in C
            for index, item in enumerate(old):
                if item is not new[index]:
                    _diff(item, new[index], [*path, index], ops)
        if len(new) > len(old):
            ops.append(["a", path, new[len(old):]])
        return
    if type(old) is type(new) and old == new:
        return
    if not path:  # the root itself changed kind: only a full view can say so
        raise PatchError("the root of a view must stay a map")
    ops.append(["s", path, new])


_MISSING = object()


def apply_patch(view: dict[str, Any], ops: Patch) -> dict[str, Any]:
    """A new view with `ops` applied; `view` and everything it holds stay unchanged.

    Containers on a changed path are copied once, the rest is shared, so a client can keep
    the previous view and compare.
    """
    if not isinstance(view, dict) or not isinstance(ops, list):
        raise PatchError("a patch is a list of operations applied to a map")
    root = dict(view)
    copied = {id(root)}
    for op in ops:
        if not isinstance(op, list) or len(op) < 2 or not isinstance(op[1], list):
            raise PatchError(f"malformed operation {op!r:.80}")
        kind, path = op[0], op[1]
        if kind == "a":
            target = _walk(root, path, copied, len(path))
            if not isinstance(target, list) or len(op) != 3 or not isinstance(op[2], list):
                raise PatchError(f"cannot append at {path!r:.80}")
            target.extend(op[2])
            continue
        if not path:
            raise PatchError("an operation needs a path")
        parent = _walk(root, path, copied, len(path) - 1)
        key = path[-1]
        try:
            if kind == "s" and len(op) == 3:
                parent[key] = op[2]
            elif kind == "d" and len(op) == 2 and isinstance(parent, dict):
                del parent[key]
            else:
                raise PatchError(f"unknown operation {kind!r:.20}")
        except (KeyError, IndexError, TypeError) as err:
            raise PatchError(f"no entry at {path!r:.80}") from err
    return root


def _walk(root: Any, path: Path, copied: set[int], depth: int) -> Any:
    """The container at path[:depth], copying each container on the way that is not ours."""
    node = root
    for key in path[:depth]:
        try:
            child = node[key]
        except (KeyError, IndexError, TypeError) as err:
            raise PatchError(f"no entry at {path!r:.80}") from err
        if id(child) not in copied:
            if isinstance(child, dict):
                child = dict(child)
            elif isinstance(child, list):
                child = list(child)
            else:
                raise PatchError(f"no container at {path!r:.80}")
            node[key] = child
            copied.add(id(child))
        node = child
    return node
