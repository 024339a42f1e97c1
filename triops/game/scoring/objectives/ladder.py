"""The parts every ladder shares: the climb to a level, and the words a criterion's measure
is written in."""

from __future__ import annotations

from collections.abc import Iterable

from triops.game.model.vocab import METRIC_NAMES, ROLE_NAMES
from triops.game.scoring.objectives.levels import BEGINNING, DEVELOPING, EXEMPLARY, PROFICIENT
from triops.game.scoring.objectives.results import Criterion, EvidenceItem

# What a ladder reads from the record: every rung's criteria, and the evidence behind them.
Ladder = tuple[list[Criterion], list[EvidenceItem]]


def climb(criteria: list[Criterion]) -> int:
    """The highest rung whose criteria, and those of every rung below it, are all met."""
    level = BEGINNING
    for rung in (DEVELOPING, PROFICIENT, EXEMPLARY):
        if all(c.met for c in criteria if c.level == rung):
            level = rung
        else:
            break
    return level


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def fraction(part: int, whole: int) -> str:
    return f"{part} of {whole} ({round(100 * share(part, whole))}%)" if whole else "none yet"


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def discipline_names(names: Iterable[str]) -> str:
    words = [ROLE_NAMES.get(n, n) for n in names]
    return ", ".join(words) if words else "none"


def first_sentence(text: str, limit: int = 110) -> str:
    first = text.split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def metric_name(name: str) -> str:
    return METRIC_NAMES.get(name, name.replace("_", " "))
