"""The four objective levels, by number and by name, and what each difficulty asks of them."""

from __future__ import annotations

from triops.game.model.vocab import OBJECTIVE_LEVELS

BEGINNING, DEVELOPING, PROFICIENT, EXEMPLARY = 1, 2, 3, 4

CALIBRATION: dict[str, str] = {
    "novice": "Novice game: proficient is the realistic top band. Hints name the frameworks, "
    "so citing one is not asked for beyond the rubric.",
    "experienced": "Experienced game: exemplary also needs unprompted framework use and "
    "quantified trade-offs.",
}


def level_name(level: int) -> str:
    return OBJECTIVE_LEVELS[level - 1]


def level_number(name: str) -> int:
    return OBJECTIVE_LEVELS.index(name) + 1
