"""The bars of the rubric, objective by objective, in one place so that docs/scoring.md and
the ladders agree."""

from __future__ import annotations

# LO1
FOLLOW_SLACK = 1  # a roadmap line is bought "on time" within this many quarters of its own
FOLLOW_LEAST = 0.5  # developing: at most this share of the initiative spend off the roadmap
FOLLOW_PROFICIENT = 0.75
FOLLOW_EXEMPLARY = 0.9
KPI_HONOURED_PROFICIENT = 0.5  # met, or re-planned with a reason when missed
KPI_MET_EXEMPLARY = 0.75
IDLE_PROFICIENT = 0.25  # wasted plus idle money, as a share of the budget received
IDLE_EXEMPLARY = 0.1
NUDGE = 2  # a KPI target moved by this much or less, and nothing else, is a cosmetic edit
RUN_SHARE_MAX = 1 / 3
# LO2
ACCURACY_DEVELOPING = 0.4
ACCURACY_PROFICIENT = 0.7
ACCURACY_EXEMPLARY = 0.85
EXEMPLARY_INCIDENTS = 3
POOLING_DECIDED_PROFICIENT = 2
TESTS_PASSED_PROFICIENT = 2 / 3  # of the incidents one seat could not settle alone
TIMELY_PROFICIENT = 0.7
UNSOUND_MAX = 0.25  # diagnoses against the clues in view, or guesses between causes left
# LO3
HANDLED_DEVELOPING = 0.5
GOOD_PROFICIENT = 0.6
BAD_PROFICIENT = 0.25
JUSTIFIED_PROFICIENT = 0.5
# LO4
RACI_PROFICIENT = 4
USES_PROFICIENT = 2
# LO5
ADOPTED_PROFICIENT = 2
OWNED_MAX = 2  # standards one seat can own and drive
ON_PAPER_MAX = 0.5
EFFECTS_EXEMPLARY = 2
