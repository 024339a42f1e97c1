"""Counter-based randomness: every draw is a pure function of the seed and a key.

Teams draw with the same keys (quarter, purpose, item), so the n-th draw of a quarter is the
same for every team: common random numbers. A team's initiatives move the thresholds a draw
is compared with, never the draws themselves.
"""

from __future__ import annotations

import hashlib

_SCALE = float(1 << 53)


def draw(seed: int, *key: object) -> float:
    """A uniform number in [0, 1) fixed by the seed and the key."""
    text = ":".join(str(k) for k in (seed, *key)).encode()
    digest = hashlib.blake2b(text, digest_size=8).digest()
    return (int.from_bytes(digest, "big") >> 11) / _SCALE


def draw_int(seed: int, low: int, high: int, *key: object) -> int:
    """A uniform integer in [low, high] fixed by the seed and the key."""
    return low + int(draw(seed, *key) * (high - low + 1))


def pick(seed: int, options: list[str] | tuple[str, ...], *key: object) -> str:
    """One of the options, fixed by the seed and the key."""
    return options[int(draw(seed, *key) * len(options))]


def weighted(seed: int, options: list[tuple[str, float]] | tuple[tuple[str, float], ...],
             *key: object) -> str:
    """One option id, each with a chance proportional to its weight, fixed by seed and key."""
    total = sum(w for _, w in options if w > 0)
    if total <= 0:
        raise ValueError("no option has a weight above 0")
    x = draw(seed, *key) * total
    for ident, w in options:
        if w <= 0:
            continue
        if x < w:
            return ident
        x -= w
    return next(ident for ident, w in reversed(options) if w > 0)


def shuffled(seed: int, items: list[str] | tuple[str, ...], *key: object) -> list[str]:
    """The items in an order fixed by the seed and the key (the same for every team)."""
    return sorted(items, key=lambda item: draw(seed, *key, item))
