"""Answers kept while the immutable parts of the state they came from are the same objects.

States never change in place, so an unchanged object means unchanged contents. Entries hold
the objects they were built from, so their ids cannot be reused while the entry lives.
When full, the entry used longest ago goes for each new one: dropping a whole full memo at
once freed so many objects that a busy server stalled for a tenth of a second.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class IdentityMemo:
    def __init__(self, max_size: int) -> None:
        self.max_size = max_size
        self._entries: OrderedDict[tuple[Any, ...], tuple[tuple[object, ...], Any]] = \
            OrderedDict()

    def remember(self, key: tuple[Any, ...], sources: tuple[object, ...],
                 build: Callable[[], Any]) -> Any:
        """`build()`, or the value it gave last time for this key and these same sources."""
        full = (*key, *map(id, sources))
        hit = self._entries.get(full)
        # An entry holds its sources, so no other live object can have their ids: a key
        # found is these very objects, with no need to compare them one by one.
        if hit is not None:
            # Kept as the newest, so what every view still reads (a team's initiatives, the
            # catalogue) stays while the many parts built once for one update age out.
            self._entries.move_to_end(full)
            return hit[1]
        value = build()
        self._entries[full] = (sources, value)
        if len(self._entries) > self.max_size:
            self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        self._entries.clear()

