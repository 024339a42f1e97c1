"""Whether the plan changed in answer to events: revisions after incidents and injects, and
re-plans after a failed bet (LO1, and LO3's learning from outcomes)."""

from __future__ import annotations

from collections.abc import Iterable

from triops.game.model.state import Evidence
from triops.game.scoring.objectives.facts import Facts
from triops.game.scoring.objectives.ledger import str_at, strs_at
from triops.game.scoring.objectives.roadmap import RoadmapChange
from triops.game.scoring.objectives.terms import CLOSING_TRIGGERS, OPENING_TRIGGERS, SETBACK_RESULTS


def something_to_answer(f: Facts, quarter: int, opening: Iterable[str],
                        closing: Iterable[str], extra: bool = False) -> bool:
    """Whether something a revision in `quarter` could answer had happened by then: events
    of a quarter's opening count from that quarter on, those of its resolution only after."""
    opening, closing = tuple(opening), tuple(closing)
    for e in f.ledger:
        if e.kind in opening and e.quarter <= quarter:
            return True
        if e.quarter < quarter and (e.kind in closing or (extra and _setback(e))):
            return True
    return False


def _setback(e: Evidence) -> bool:
    """A failed bet resolved in a quarter: an escalation or crisis, or a level bought before
    its prerequisites."""
    return ((e.kind == "incident_outcome" and str_at(e.detail, "result") in SETBACK_RESULTS)
            or (e.kind == "initiative_funded"
                and bool(strs_at(e.detail, "prerequisites_missing"))))


def responsive_revisions(f: Facts, changes: Iterable[RoadmapChange]) -> list[int]:
    """Quarters with a reasoned revision that changed the plan after an incident or inject."""
    return sorted({c.quarter for c in changes if c.material and c.reason
                   and something_to_answer(f, c.quarter, OPENING_TRIGGERS, CLOSING_TRIGGERS)})


def replanned_after_setbacks(f: Facts, changes: Iterable[RoadmapChange]) -> tuple[int, bool]:
    """Setbacks (failed bets) and whether a reasoned change of plan followed one."""
    opening = ("incident_recurred", "upkeep_missed")
    closing = ("deadline_missed", "clock_missed")
    setbacks = sum(1 for e in f.ledger if e.kind in (*opening, *closing) or _setback(e))
    replanned = any(c.material and c.reason
                    and something_to_answer(f, c.quarter, opening, closing, True)
                    for c in changes)
    return setbacks, replanned or not setbacks
