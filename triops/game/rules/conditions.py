"""Conditions: the small strings scenario files use to say "only when ..."
(triops/scenarios/README.md).

Parsing happens once, at validation; rules evaluate the parsed form against a team.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from triops.game.model.vocab import (
    DECISION_RIGHT_LABELS,
    DECISION_RIGHTS,
    LEVEL_RANK,
    LEVELS,
    METRIC_NAMES,
    METRICS,
)

_INITIATIVE = re.compile(r"^(I\d{1,2})(?:>=(crawl|walk|run))?$")
_COUNT = re.compile(r"^(\d)of:((?:I\d{1,2},)*I\d{1,2})$")
_METRIC = re.compile(r"^([a-z_]+)>=(\d{1,3})$")


@dataclass(frozen=True, slots=True)
class Condition:
    """One parsed condition. `kind` picks which of the other fields matter."""

    kind: str  # initiative | count | metric | committee | right | standard
    text: str
    ids: tuple[str, ...] = ()
    rank: int = 1
    count: int = 0
    metric: str = ""
    threshold: int = 0

    def __str__(self) -> str:
        return self.text


class ConditionSyntaxError(ValueError):
    """The text is not a condition; the message says which forms are accepted."""


CONDITION_FORMS = (
    "I7, I7>=walk, 2of:I3,I5,I9, data_trust>=50, committee, right:<decision right>, "
    "standard:<standard id>"
)


def parse_condition(text: str) -> Condition:
    """Parse one condition string, raising ConditionSyntaxError if it is not one."""
    if text == "committee":
        return Condition("committee", text)
    if text.startswith("right:"):
        right = text.removeprefix("right:")
        if right not in DECISION_RIGHTS:
            raise ConditionSyntaxError(f"a decision right ({', '.join(DECISION_RIGHTS)})")
        return Condition("right", text, ids=(right,))
    if text.startswith("standard:"):
        return Condition("standard", text, ids=(text.removeprefix("standard:"),))
    if m := _INITIATIVE.match(text):
        return Condition(
            "initiative", text, ids=(m.group(1),), rank=LEVEL_RANK[m.group(2) or "crawl"]
        )
    if m := _COUNT.match(text):
        ids = tuple(m.group(2).split(","))
        count = int(m.group(1))
        if not 1 <= count <= len(ids):
            raise ConditionSyntaxError("NofA,B,... with N between 1 and the number of ids")
        return Condition("count", text, ids=ids, count=count)
    if m := _METRIC.match(text):
        if m.group(1) not in METRICS:
            raise ConditionSyntaxError(f"a metric name ({', '.join(METRICS)}) before >=")
        return Condition("metric", text, metric=m.group(1), threshold=int(m.group(2)))
    raise ConditionSyntaxError(CONDITION_FORMS)


def condition_words(cond: Condition, names: Mapping[str, str] | None = None) -> str:
    """A condition in words, as reports and the apps say it ("Team Capability at 50 or
    more", "I12 Continuous Education & Upskilling at walk or above"); `names`: initiative id
    -> name."""
    names = names or {}

    def ini(ident: str) -> str:
        return f"{ident} {names.get(ident, '')}".strip()

    if cond.kind == "metric":
        return f"{METRIC_NAMES[cond.metric]} at {cond.threshold} or more"
    if cond.kind == "initiative":
        level = LEVELS[cond.rank - 1]
        return ini(cond.ids[0]) if level == "crawl" else f"{ini(cond.ids[0])} at {level} or above"
    if cond.kind == "count":
        return f"{cond.count} of: {', '.join(ini(i) for i in cond.ids)}"
    if cond.kind == "committee":
        return "a working governance committee (I11 funded, charter complete)"
    if cond.kind == "right":
        return f"the charter's right: {DECISION_RIGHT_LABELS[cond.ids[0]].lower()}"
    return f"the adopted standard {cond.ids[0]}"
