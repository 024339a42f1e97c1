"""The rubric's words, in one place.

The objective ladders (scoring/objectives/) grade a team on these criteria from the evidence;
the peer review of roadmaps (rules/peer_review.py) asks peers and the facilitator to level
the same criteria by hand, on the same four levels (vocab.OBJECTIVE_LEVELS). One rubric, two
readers: change a criterion here and both follow.
"""

from __future__ import annotations

from dataclasses import dataclass

OBJECTIVE_TITLES: dict[str, str] = {
    "LO1": "Develop a comprehensive integration roadmap",
    "LO2": "Analyse the challenges in integrating the disciplines",
    "LO3": "Evaluate strategies for overcoming integration challenges",
    "LO4": "Design a cross-functional AI governance committee",
    "LO5": "Propose standardization practices across the Ops disciplines",
}

# LO1's proficient criteria about the plan itself (the ones a presentation shows; funding,
# KPI results and idle money are the evidence's to judge).
COVERAGE = "Covers DataOps, MLOps, FinOps and governance (the committee)"
PHASED = "Phased: lines spread over three or more quarters"
DEPENDENCIES = "Dependencies respected in the plan"
KPI_TARGETS = "Every phase has a KPI target"
GOALS = "Tied to the organisation's goals"


@dataclass(frozen=True, slots=True)
class ReviewCriterion:
    """One line of the peer-review form: `text` is the rubric's criterion, word for word."""

    id: str
    objective: str
    title: str
    text: str


ROADMAP_CRITERIA: tuple[ReviewCriterion, ...] = (
    ReviewCriterion("coverage", "LO1", "Coverage", COVERAGE),
    ReviewCriterion("phasing", "LO1", "Phasing", PHASED),
    ReviewCriterion("dependencies", "LO1", "Dependencies", DEPENDENCIES),
    ReviewCriterion("kpis", "LO1", "KPI targets", KPI_TARGETS),
    ReviewCriterion("goals", "LO1", "Goals", GOALS),
)
CHARTER_CRITERION = ReviewCriterion("charter", "LO4", "The committee", OBJECTIVE_TITLES["LO4"])
STANDARDS_CRITERION = ReviewCriterion("standards", "LO5", "The standards",
                                      OBJECTIVE_TITLES["LO5"])
ALL_CRITERIA: tuple[ReviewCriterion, ...] = (*ROADMAP_CRITERIA, CHARTER_CRITERION,
                                             STANDARDS_CRITERION)


def review_criteria(charter: bool, standards: bool) -> tuple[ReviewCriterion, ...]:
    """The form's criteria: the roadmap's, with the charter's and standards' if included."""
    return (*ROADMAP_CRITERIA, *((CHARTER_CRITERION,) if charter else ()),
            *((STANDARDS_CRITERION,) if standards else ()))
