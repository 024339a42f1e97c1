"""The skeleton scenario `triops scenario new` writes, as data, with its comments beside it.

It is schema 2 and validates as it stands: every required field is present with `TODO`
placeholder text, and its three incidents (scenario_skeleton_incidents.py) already obey the
validator's rules. toml_writer.py writes it.
"""

from __future__ import annotations

from typing import Any

from triops.cli.scenario_skeleton_incidents import Table, incident_notes, incidents
from triops.cli.toml_writer import Note
from triops.game.model.vocab import METRICS, ROLES
from triops.game.scenario.loader import SCHEMA_VERSION

# Start values per difficulty: an experienced organisation starts with less money and lower
# metrics, and its incidents hit harder (triops/scenarios/README.md, "Writing a scenario").
PROFILES: dict[str, dict[str, Any]] = {
    "novice": {
        "budget": 50,
        "envelopes": (16, 18, 16),
        "metrics": (46, 47, 50, 43, 42, 47, 50),
        "drift": 4,
        "severity": (2, 1, 1),
        "damage": (-4, -3),
        "loss": (2, 2, 1),
        "clock": (0, 0, 0),
        "value": 85,
        "target": 55,
    },
    "experienced": {
        "budget": 35,
        "envelopes": (11, 13, 11),
        "metrics": (38, 40, 44, 34, 36, 40, 43),
        "drift": 5,
        "severity": (2, 2, 2),
        "damage": (-6, -4),
        "loss": (4, 3, 3),
        "clock": (1, 0, 0),
        "value": 70,
        "target": 48,
    },
}
RULES_NOTE = ("[rules] is optional; the defaults suit a novice game (see "
              "triops/scenarios/README.md).")


def skeleton_table(ident: str, industry: str, difficulty: str) -> tuple[Table, dict[str, Note]]:
    """The skeleton for one id, industry and difficulty, and the comments that explain it."""
    p = PROFILES[difficulty]
    experienced = difficulty == "experienced"
    data: Table = {
        "schema_version": SCHEMA_VERSION,
        "id": ident,
        "title": "TODO: Organisation name: the scenario's theme",
        "industry": industry,
        "difficulty": difficulty,
        "quarters": 6,
        "summary": "TODO: one line for pickers and lists.",
        "briefing": {
            "organisation": "TODO: the organisation, its AI systems, its teams and its "
                            "stakeholders.",
            "situation": "TODO: the goals, the pressures and how many quarters the team has.",
        },
        "goals": _goals(p),
        "start": _start(p),
    }
    if experienced:
        data["rules"] = {"clock_miss_fine": 8, "max_random_incidents": 3}
    data["incidents"] = incidents(p, experienced)
    data["injects"] = _injects()
    data["hints"] = _hints(experienced)
    data["reference_roadmap"] = _reference_roadmap()
    notes = {**_head_notes(p, experienced), **incident_notes(experienced),
             **_tail_notes(experienced)}
    if not experienced:  # no [rules] to hang it on: it goes above the first incident
        notes["incidents[0]"] = Note(f"{RULES_NOTE}\n\n{notes['incidents[0]'].above}")
    return data, notes


# --- the organisation -------------------------------------------------------------------------


def _goals(p: dict[str, Any]) -> list[Table]:
    return [
        {"id": "value", "text": f"TODO: Deliver at least {p['value']} cr of business value "
                                "from AI.",
         "kind": "value", "target": p["value"]},
        {"id": "trust", "text": f"TODO: Raise Data Trust to {p['target']} or more: why it "
                                "matters here.",
         "kind": "metric", "metric": "data_trust", "target": p["target"]},
    ]


def _start(p: dict[str, Any]) -> Table:
    metrics = dict(zip(METRICS, p["metrics"], strict=True))
    return {
        "budget": p["budget"],
        "action_points": 3,
        "value_per_quarter": 30,
        "metrics": metrics,
        "baseline": {m: v - p["drift"] for m, v in metrics.items()},
        "envelopes": dict(zip(ROLES, p["envelopes"], strict=True)),
    }


def _head_notes(p: dict[str, Any], experienced: bool) -> dict[str, Note]:
    return {
        "": Note(
            "TODO: one line naming the organisation (fictional) and the difficulty.\n"
            "Written by `triops scenario new` (schema 2). It validates as it stands; replace "
            "every TODO,\nthen run\n"
            "  triops scenario validate -v <this file>\n"
            "  triops simulate --scenario <this file> --games 50\n"
            "triops/scenarios/README.md explains every field, and how an incident works in "
            "\"How an\nincident works (schema 2)\"; the shipped scenarios are complete "
            "examples. Name real\nframeworks and public cases only as docs/cases.md states "
            "them: an incident's anchor says\n\"Reported by ...\" for a public report and "
            "\"Composite\" for an invented case.\n"),
        "id": Note("id: lowercase letters, digits and -; by convention <industry>-<difficulty>."),
        "industry": Note("industry: finance, healthcare, retail, manufacturing or other; "
                         "difficulty: novice or\nexperienced."),
        "quarters": Note(after="playing quarters after the setup quarter, 4 to 12"),
        "briefing.organisation": Note("Who they are, what AI they run, who the stakeholders "
                                      "are."),
        "briefing.situation": Note("What the board wants this year and what worries people."),
        "goals[0]": Note('1 to 6 goals. kind = "value": cumulative business value in credits; '
                         'kind = "metric": a\nmetric\'s final value. Check with `triops '
                         "simulate` that some strategy reaches all of them."),
        "start.budget": Note("Credits per quarter: " + ("about 35 at experienced level."
                                                        if experienced else
                                                        "about 50 at novice level.")),
        "start.action_points": Note(after="per seat per quarter, 1 to 6"),
        "start.value_per_quarter": Note(after="value delivered in a quarter at Business "
                                              "Value 100"),
        "start.metrics": Note(after="all seven, 0-100; " + ("30-45 at experienced level"
                                                            if experienced else
                                                            "40-55 at novice level")),
        "start.baseline": Note(after="where each metric drifts with no investment "
                                     "(default: start - 5)"),
        "start.envelopes": Note(after="must add up to start.budget"),
        **({"rules": Note(after="optional overrides of rule constants"),
            "rules.clock_miss_fine": Note(after="credits lost when a regulator's clock runs "
                                                "out"),
            "rules.max_random_incidents": Note(after="random incidents per quarter at most "
                                                     "(default 2)")}
           if experienced else {}),
    }


# --- injects, hints and the reference roadmap -----------------------------------------------


def _injects() -> list[Table]:
    return [
        {"id": "cfo-mandate", "archetype": "cfo-mandate",
         "narrative": "TODO: the CFO's mandate, in the organisation's words.", "scheduled": 4},
        {"id": "TODO-event", "title": "TODO: a scenario event the facilitator can fire",
         "narrative": "TODO: what happened.",
         "effects": [{"kind": "probability", "tags": ["drift", "volume"], "factor": 1.5,
                      "quarters": 2}]},
    ]


def _hints(experienced: bool) -> list[Table]:
    if experienced:
        return [{"quarter": 0, "text": "TODO: one hint that names no answers."}]
    return [
        {"quarter": 0, "text": "TODO: a hint for setup, e.g. draft the roadmap before "
                               "spending."},
        {"quarter": 1, "text": "TODO: a hint about pooling clues before diagnosing."},
        {"quarter": 3, "text": "TODO: a hint that names a real framework."},
    ]


def _reference_roadmap() -> list[Table]:
    return [
        {"initiative": "I1", "level": "crawl", "quarter": 1, "owner": "finops",
         "kpi": "cost_efficiency>=45"},
        {"initiative": "I7", "level": "crawl", "quarter": 1, "owner": "mlops",
         "kpi": "governance>=45"},
        {"initiative": "I5", "level": "crawl", "quarter": 1, "owner": "dataops",
         "kpi": "data_trust>=48"},
    ]


def _tail_notes(experienced: bool) -> dict[str, Note]:
    return {
        "injects[0]": Note("-" * 93 + "\nInjects. The ten default archetypes are always in "
                           "the library; name one as `archetype` to\ninherit its title and "
                           "effects and tell it in the organisation's words, or write your "
                           "own.\n" + "-" * 93),
        "injects[0].scheduled": Note(after="fires by itself in this quarter; leave out for "
                                           "library only"),
        "injects[1].effects[0].kind": Note(after="budget, metric, incident, modifier, "
                                                 "probability, cost, clock"),
        "hints[0]": Note("Hints: experienced games show none; keep one or two for a "
                         "facilitator running it as novice." if experienced else
                         "Hints: shown at novice difficulty, in the quarter given (0 is "
                         "setup)."),
        "reference_roadmap[0]": Note("Reference roadmap: the facilitator's model answer and "
                                     "the `reference` strategy's plan in\n`triops simulate`. "
                                     "Leave it out to use the default: crawl on visibility "
                                     "first, walk on\ncontracts and lineage, run last."),
    }
