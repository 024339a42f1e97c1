"""Who pays what: turning the purchases a team wants this quarter into each seat's part.

Every seat computes the same split from what all of them can see (the initiatives' pledges and
the envelopes), so three bots fund an initiative together without negotiating: co-owners put
in their minimum share, the lead owner covers the rest, and anyone with spare credits tops up
what the owners cannot. A seat that cannot cover its own share gets a transfer from the seat
with the most to spare. Human seats are never counted on for more than their owner's share.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from triops.game.bots.base import View
from triops.game.bots.reading import by_id, credits_of, humans, pooled
from triops.game.model.vocab import ROLES


@dataclass
class Split:
    """Each purchase's parts per seat, and the credits a seat must receive to pay its part."""

    parts: dict[str, dict[str, int]] = field(default_factory=dict)  # initiative -> role -> cr
    short: dict[str, int] = field(default_factory=dict)  # role -> cr it lacks for its parts
    order: list[str] = field(default_factory=list)
    # Fully pledged, but an owner's minimum share is missing: it bounces unless someone who
    # put in more than their share takes some back to make room.
    blocked: list[str] = field(default_factory=list)


def split(view: View, wanted: list[str], reserve: dict[str, int]) -> Split:
    """Parts for the wanted purchases (initiative ids, in priority order) this quarter.

    A purchase is planned only if the team can pay all of it; otherwise it is skipped, so no
    seat locks credits into a pledge that will bounce at resolution.
    """
    initiatives = by_id(view)
    people = humans(view)
    out = Split()
    if pooled(view):
        left = credits_of(view, ROLES[0]) - sum(reserve.values())
        for ident in wanted:
            nxt = initiatives[ident]["next"]
            room = nxt["cost"] - sum(nxt["pledges"].values())
            if room > left:
                continue
            out.parts[ident] = {"pool": room} if room > 0 else {}
            out.order.append(ident)
            left -= room
        return out
    cap = {r: credits_of(view, r) - (0 if r in people else reserve.get(r, 0)) for r in ROLES}
    cap = {r: max(0, c) for r, c in cap.items()}
    for ident in wanted:
        init = initiatives[ident]
        nxt = init["next"]
        if nxt is None:
            continue
        pledges: dict[str, int] = nxt["pledges"]
        room = nxt["cost"] - sum(pledges.values())
        owners = list(init["owners"])
        share = nxt["min_share"]
        owes = {r: max(0, share - pledges.get(r, 0)) for r in owners} if len(owners) > 1 else {}
        if room <= 0:
            if any(owes.values()):
                out.blocked.append(ident)
                continue
            out.parts[ident] = {}  # fully pledged: planned, nothing left to pay
            out.order.append(ident)
            continue
        # A human owner pays its own share or the purchase fails: plan on it only if it can,
        # and only while they are still playing (a person who has marked ready without it
        # will not put it in this quarter: the bots' credits go to what they can buy).
        seats = view["team"]["seats"]
        if any(r in people and owes[r] > 0 and (owes[r] > credits_of(view, r)
                                                 or seats[r]["ready"]) for r in owes):
            continue
        rest = room - sum(owes.values())
        payers = [*owners, *[r for r in ROLES if r not in owners]]
        bots = [r for r in payers if r not in people]
        if rest < 0 or sum(cap[r] for r in bots) < rest + sum(owes.get(r, 0) for r in bots):
            continue
        parts = {r: owes[r] for r in bots if owes.get(r)}
        spare = {r: cap[r] - parts.get(r, 0) for r in bots}
        for r in bots:  # the lead first, then co-owners, then anyone
            take = min(rest, max(0, spare[r]))
            if take:
                parts[r] = parts.get(r, 0) + take
                rest -= take
        for r, amount in parts.items():
            cap[r] -= amount
        out.parts[ident] = parts
        out.order.append(ident)
    for r in ROLES:
        need = sum(p.get(r, 0) for p in out.parts.values())
        lack = need - (credits_of(view, r) - (0 if r in people else reserve.get(r, 0)))
        if need and lack > 0:
            out.short[r] = min(lack, need)
    return out


def donor(view: View, reserve: dict[str, int], plan: Split, gap: int) -> str | None:
    """The bot seat with the most credits to spare beyond its own parts, if it can cover gap."""
    people = humans(view)
    best, most = None, 0
    for r in ROLES:
        if r in people or r in plan.short:
            continue
        mine = sum(p.get(r, 0) for p in plan.parts.values())
        spare = credits_of(view, r) - reserve.get(r, 0) - mine
        if spare >= gap and spare > most:
            best, most = r, spare
    return best


def my_part(plan: Split, role: str) -> list[tuple[str, int]]:
    out = []
    for ident in plan.order:
        parts = plan.parts[ident]
        amount = parts.get(role, 0) or parts.get("pool", 0)
        if amount:
            out.append((ident, amount))
    return out
