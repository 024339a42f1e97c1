"""Reading the evidence ledger: a detail by its key, as the type a ladder expects (missing or
of another type, it reads as empty), and who made an entry."""

from __future__ import annotations

from collections.abc import Mapping

from triops.game.model.state import Evidence


def str_at(d: Mapping[str, object], key: str) -> str:
    v = d.get(key)
    return v if isinstance(v, str) else ""


def int_at(d: Mapping[str, object], key: str) -> int:
    v = d.get(key)
    return v if isinstance(v, int) and not isinstance(v, bool) else 0


def true_at(d: Mapping[str, object], key: str) -> bool:
    return d.get(key) is True


def bool_at(d: Mapping[str, object], key: str) -> bool | None:
    v = d.get(key)
    return v if isinstance(v, bool) else None


def strs_at(d: Mapping[str, object], key: str) -> tuple[str, ...]:
    v = d.get(key)
    if isinstance(v, list | tuple):
        return tuple(x for x in v if isinstance(x, str))
    return ()


def actor_of(e: Evidence | None) -> dict[str, str]:
    """The actor fields of an evidence item, from the ledger entry it comes from."""
    return {"actor": e.actor, "name": e.name} if e is not None else {}
