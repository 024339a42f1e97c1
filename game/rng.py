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
