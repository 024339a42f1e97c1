"""Answers kept while the immutable parts of the state they came from are the same objects.

States never change in place, so an unchanged object means unchanged contents. Entries hold
the objects they were built from, so an id reused after garbage collection never matches.
When full, the oldest entry goes for each new one: dropping a whole full memo at once
freed so many objects that a busy server stalled for a tenth of a second.
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
        if hit is not None and all(a is b for a, b in zip(hit[0], sources, strict=True)):
            return hit[1]
        value = build()
        self._entries[full] = (sources, value)
        if len(self._entries) > self.max_size:
            self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        self._entries.clear()

