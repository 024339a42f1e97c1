"""`evolve`: a fast `dataclasses.replace` for the engine's frozen, slotted value types.

The engine changes state by building new values; `dataclasses.replace` re-validates every
field and dominated the engine's profile, so this copies the slots directly.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")
_set = object.__setattr__


def evolve(obj: T, **changes: Any) -> T:
    """A copy of the frozen dataclass `obj` with `changes` applied (no validation)."""
    cls = obj.__class__
    new = object.__new__(cls)
    for name in cls.__slots__:  # type: ignore[attr-defined]
        _set(new, name, changes.pop(name) if name in changes else getattr(obj, name))
    if changes:
        raise TypeError(f"{cls.__name__} has no field(s) {', '.join(changes)}")
    return new
