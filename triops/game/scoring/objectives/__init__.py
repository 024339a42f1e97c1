"""Learning-objective levels (LO1–LO5) from the evidence ledger, the artefacts and the record.

The rubric's criteria, rung by rung, are in docs/scoring.md, which explains them to
facilitators in plain words. Each objective is a ladder of criteria, one rung per level above
beginning. A team's level is the highest rung whose criteria, and those of every rung below,
are all met. Every criterion asks either "is there at least this much of something good" or
"is there no more than this much (or this share) of something bad", so a new piece of good
evidence can never lower a level: tests/game/test_objectives.py checks that property.

The levels follow behaviour, not form-filling (docs/balance.md: no exploit reaches
proficient on the objective it games):
- LO1 reads whether funding followed the team's own roadmap as it stood at the time, whether
  its KPI targets were met (or re-planned with a reason when missed), and how much money was
  wasted or left idle. A revision that only nudges KPI targets is cosmetic and earns nothing.
- LO2 rewards correct diagnoses that the other seats' clues decided (the diagnoser's own
  clues left several causes standing); sharing that decides nothing earns nothing.
- LO3 rewards responses that treat the cause the team diagnosed, each with the one-line
  justification the team wrote (quoted in the evidence); symptom fixes and over-corrections
  hold it down.
- LO4 needs the charter's form and the committee's decision rights used in play; a right
  claimed and never used counts against it.
- LO5 needs standards adopted through effort (policy through the committee, training,
  enforcement as code) with a measured effect; proposals alone stop at developing.

The game cannot hear a team talk. Where the rubric asks for a justification, the nearest
in-game evidence stands in for it (a response's one-line justification, a revision reason, a
notification through the committee), and the facilitator can confirm or override any level
with a comment (`LevelOverride`); reports show both.

Pure: no I/O. Everything is computed from a team, the scenario, the difficulty and a quarter,
so the level a team had at the end of any earlier quarter can be recomputed for the
per-quarter leaderboard.

The package, a module a purpose, from the ground up:
- levels, thresholds, terms: the four levels, the rubric's bars, and what the ladders look
  for in the record (with the words reports show for its codes);
- results: what an assessment hands out (criteria, evidence, levels, leaderboard rows);
- ledger, roadmap, facts: reading the record once (the ledger's details, the roadmap over
  time with its KPI checks, then every incident, response, standard and purchase);
- ladder, replanning: the parts the ladders share;
- lo1_roadmap, lo2_analysis, lo3_strategies, lo4_committee, lo5_standards: one ladder each;
- assessment, people, leaderboards: what the views and reports ask for (a team's levels,
  the persons' and the bots' parts, every team side by side).
"""

from __future__ import annotations

from triops.game.scoring.objectives.assessment import assess, assess_team, objective_levels
from triops.game.scoring.objectives.leaderboards import leaderboard, leaderboards
from triops.game.scoring.objectives.levels import (
    BEGINNING,
    CALIBRATION,
    DEVELOPING,
    EXEMPLARY,
    PROFICIENT,
    level_name,
    level_number,
)
from triops.game.scoring.objectives.lo2_analysis import incident_tally
from triops.game.scoring.objectives.people import (
    assess_people,
    bot_summary,
    has_bot_work,
    people_in,
    people_only,
    seat_contributions,
)
from triops.game.scoring.objectives.results import (
    Assessment,
    Criterion,
    EvidenceItem,
    LeaderboardRow,
    ObjectiveResult,
    SeatContribution,
)
from triops.game.scoring.objectives.roadmap import (
    KpiCheck,
    RoadmapChange,
    kpi_checks,
    roadmap_as_of,
    roadmap_changes,
)
from triops.game.scoring.objectives.terms import (
    CLOSING_TRIGGERS,
    COMMITTEE,
    CROSS_FUNCTIONAL,
    FIVE_STEPS,
    GENERIC_COMMITTEE_RIGHT,
    MEMBER_NAMES,
    OPENING_TRIGGERS,
    OPS_DISCIPLINES,
    OPS_LEADS,
    RACI_NAMES,
    REQUIRED_RIGHTS,
    RIGHT_NAMES,
    SETBACK_KINDS,
    SETBACK_RESULTS,
    SHARED_IDS,
    UPSKILLING,
    label,
    labels,
)
from triops.game.scoring.objectives.thresholds import (
    ACCURACY_DEVELOPING,
    ACCURACY_EXEMPLARY,
    ACCURACY_PROFICIENT,
    ADOPTED_PROFICIENT,
    BAD_PROFICIENT,
    EFFECTS_EXEMPLARY,
    EXEMPLARY_INCIDENTS,
    FOLLOW_EXEMPLARY,
    FOLLOW_LEAST,
    FOLLOW_PROFICIENT,
    FOLLOW_SLACK,
    GOOD_PROFICIENT,
    HANDLED_DEVELOPING,
    IDLE_EXEMPLARY,
    IDLE_PROFICIENT,
    JUSTIFIED_PROFICIENT,
    KPI_HONOURED_PROFICIENT,
    KPI_MET_EXEMPLARY,
    NUDGE,
    ON_PAPER_MAX,
    OWNED_MAX,
    POOLING_DECIDED_PROFICIENT,
    RACI_PROFICIENT,
    RUN_SHARE_MAX,
    TESTS_PASSED_PROFICIENT,
    TIMELY_PROFICIENT,
    UNSOUND_MAX,
    USES_PROFICIENT,
)

# The rubric's titles, as the reports read them from here.
from triops.game.scoring.rubric import OBJECTIVE_TITLES

__all__ = [
    "ACCURACY_DEVELOPING", "ACCURACY_EXEMPLARY", "ACCURACY_PROFICIENT", "ADOPTED_PROFICIENT",
    "BAD_PROFICIENT", "BEGINNING", "CALIBRATION", "CLOSING_TRIGGERS", "COMMITTEE",
    "CROSS_FUNCTIONAL", "DEVELOPING", "EFFECTS_EXEMPLARY", "EXEMPLARY", "EXEMPLARY_INCIDENTS",
    "FIVE_STEPS", "FOLLOW_EXEMPLARY", "FOLLOW_LEAST", "FOLLOW_PROFICIENT", "FOLLOW_SLACK",
    "GENERIC_COMMITTEE_RIGHT", "GOOD_PROFICIENT", "HANDLED_DEVELOPING", "IDLE_EXEMPLARY",
    "IDLE_PROFICIENT", "JUSTIFIED_PROFICIENT", "KPI_HONOURED_PROFICIENT", "KPI_MET_EXEMPLARY",
    "MEMBER_NAMES", "NUDGE", "OBJECTIVE_TITLES", "ON_PAPER_MAX", "OPENING_TRIGGERS",
    "OPS_DISCIPLINES", "OPS_LEADS", "OWNED_MAX", "POOLING_DECIDED_PROFICIENT", "PROFICIENT",
    "RACI_NAMES", "RACI_PROFICIENT", "REQUIRED_RIGHTS", "RIGHT_NAMES", "RUN_SHARE_MAX",
    "SETBACK_KINDS", "SETBACK_RESULTS", "SHARED_IDS", "TESTS_PASSED_PROFICIENT",
    "TIMELY_PROFICIENT", "UNSOUND_MAX", "UPSKILLING", "USES_PROFICIENT", "Assessment",
    "Criterion", "EvidenceItem", "KpiCheck", "LeaderboardRow", "ObjectiveResult",
    "RoadmapChange", "SeatContribution", "assess", "assess_people", "assess_team",
    "bot_summary", "has_bot_work", "incident_tally", "kpi_checks", "label", "labels",
    "leaderboard", "leaderboards", "level_name", "level_number", "objective_levels",
    "people_in", "people_only", "roadmap_as_of", "roadmap_changes", "seat_contributions",
]
