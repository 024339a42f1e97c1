"""`triops scenario new`: a commented skeleton scenario to start writing from.

The skeleton is valid as written: every required field is present, with `TODO` placeholder
text, and its three incidents already obey the validator's rules (a start clue per role, the
correct diagnosis backed by two roles, 3 to 5 diagnoses and responses, a good response that
needs no initiative). An author replaces the TODOs, runs `triops scenario validate` after each
change, and checks the balance with `triops simulate`. triops/scenarios/README.md explains
every field.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from triops.game.vocab import DIFFICULTIES, INDUSTRIES, METRICS

PLACEHOLDER = "TODO"

# Start values per difficulty: an experienced organisation starts with less money and lower
# metrics, and its incidents hit harder (triops/scenarios/README.md, "Writing a scenario").
_PROFILES: dict[str, dict[str, Any]] = {
    "novice": {
        "budget": 50,
        "envelopes": (16, 18, 16),
        "metrics": (46, 47, 50, 43, 42, 47, 50),
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
        "severity": (2, 2, 2),
        "damage": (-6, -4),
        "loss": (4, 3, 3),
        "clock": (1, 0, 0),
        "value": 70,
        "target": 48,
    },
}


def add_parser(scenario_sub: Any) -> None:
    """Register `new` under `triops scenario`."""
    p = scenario_sub.add_parser(
        "new",
        help="write a commented skeleton scenario to start from",
        description="Write a commented skeleton scenario that validates as it stands. Replace "
        "every TODO, then run `triops scenario validate` and `triops simulate`.",
    )
    p.add_argument(
        "path", nargs="?", default="-", help="file to write (default: print to standard output)"
    )
    p.add_argument(
        "--difficulty",
        choices=DIFFICULTIES,
        default="novice",
        help="novice (budget 50, hints) or experienced (budget 35, compound causes, "
        "red herrings, a regulator clock)",
    )
    p.add_argument("--industry", choices=INDUSTRIES, default="other")
    p.add_argument("--id", default="", help="scenario id (default: from the file name)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    to_stdout = args.path == "-"
    path = None if to_stdout else Path(args.path)
    ident = args.id or (scenario_id(path.stem) if path else f"{args.industry}-{args.difficulty}")
    if not re.fullmatch(r"[a-z0-9-]+", ident):
        print(
            f"triops scenario new: --id must be lowercase letters, digits and -; got {ident!r}",
            file=sys.stderr,
        )
        return 2
    text = skeleton(ident, args.industry, args.difficulty)
    if path is None:
        sys.stdout.write(text)
        return 0
    if path.exists() and not args.force:
        print(
            f"triops scenario new: {path} exists; choose another path or add --force",
            file=sys.stderr,
        )
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    todos = text.count(PLACEHOLDER)
    print(
        f"{path}: written ({ident}, {args.difficulty}). Replace the {todos} {PLACEHOLDER}s, "
        f"then run:\n  triops scenario validate {path}\n"
        f"  triops simulate --scenario {path} --games 50"
    )
    return 0


def scenario_id(stem: str) -> str:
    """A valid scenario id from a file name: lowercase, with other characters turned to -."""
    ident = re.sub(r"[^a-z0-9-]+", "-", stem.lower()).strip("-")
    return ident or "my-scenario"


def skeleton(ident: str, industry: str = "other", difficulty: str = "novice") -> str:
    """The skeleton's TOML text for one id, industry and difficulty."""
    p = _PROFILES[difficulty]
    experienced = difficulty == "experienced"
    metrics = "\n".join(f"{m} = {v}" for m, v in zip(METRICS, p["metrics"], strict=True))
    baseline = "\n".join(
        f"{m} = {v - (5 if experienced else 4)}"
        for m, v in zip(METRICS, p["metrics"], strict=True)
    )
    d, m, f = p["envelopes"]
    parts = [
        _HEAD.format(
            id=ident,
            industry=industry,
            difficulty=difficulty,
            budget_note="about 35 at experienced level"
            if experienced
            else "about 50 at novice level",
            metric_note="30-45 at experienced level" if experienced else "40-55 at novice level",
            value=p["value"],
            target=p["target"],
            budget=p["budget"],
            dataops=d,
            mlops=m,
            finops=f,
            metrics=metrics,
            baseline=baseline,
        ),
        _RULES_EXPERIENCED if experienced else _RULES_NOVICE,
        _incident_one(p, experienced),
        _incident_two(p, experienced),
        _incident_three(p, experienced),
        _INJECTS,
        _HINTS_EXPERIENCED if experienced else _HINTS_NOVICE,
        _ROADMAP,
    ]
    return "\n".join(parts)


_HEAD = """\
# TODO: one line naming the organisation (fictional) and the difficulty.
# Written by `triops scenario new`. It validates as it stands; replace every TODO, then run
#   triops scenario validate <this file>
#   triops simulate --scenario <this file> --games 50
# triops/scenarios/README.md explains every field; scenarios/*.toml are complete examples.
# Name real frameworks and public cases only as docs/cases.md states them, say
# "Reported by ..." for secondary sources and "Composite" for invented cases.

schema_version = 1
# id: lowercase letters, digits and -; by convention <industry>-<difficulty>.
id = "{id}"
title = "TODO: Organisation name: the scenario's theme"
# industry: finance, healthcare, retail, manufacturing or other; difficulty: novice or experienced.
industry = "{industry}"
difficulty = "{difficulty}"
quarters = 6                     # playing quarters after the setup quarter, 4 to 12
summary = "TODO: one line for pickers and lists."

[briefing]
# Who they are, what AI they run, who the stakeholders are.
organisation = "TODO: the organisation, its AI systems, its teams and its stakeholders."
# What the board wants this year and what worries people.
situation = "TODO: the goals, the pressures and how many quarters the team has."

# 1 to 6 goals. kind = "value": cumulative business value in credits; kind = "metric": a
# metric's final value. Check with `triops simulate` that some strategy reaches all of them.
[[goals]]
id = "value"
text = "TODO: Deliver at least {value} cr of business value from AI."
kind = "value"
target = {value}

[[goals]]
id = "trust"
text = "TODO: Raise Data Trust to {target} or more: why it matters here."
kind = "metric"
metric = "data_trust"
target = {target}

[start]
# Credits per quarter: {budget_note}.
budget = {budget}
action_points = 3                # per seat per quarter, 1 to 6
value_per_quarter = 30           # value delivered in a quarter at Business Value 100

[start.metrics]                  # all seven, 0-100; {metric_note}
{metrics}

[start.baseline]                 # where each metric drifts with no investment (default: start - 5)
{baseline}

[start.envelopes]                # must add up to start.budget
dataops = {dataops}
mlops = {mlops}
finops = {finops}
"""

_RULES_NOVICE = """\
# [rules] is optional; the defaults suit a novice game (see triops/scenarios/README.md).
"""

_RULES_EXPERIENCED = """\
[rules]                          # optional overrides of rule constants
clock_miss_fine = 8              # credits lost when a regulator's clock runs out
max_random_incidents = 3         # random incidents per quarter at most (default 2)
"""


def _incident_one(p: dict[str, Any], experienced: bool) -> str:
    heavy, light = p["damage"]
    if experienced:
        correct = (
            'id = "compound"\n'
            "# e.g. no contract on the feed (DataOps-MLOps) and no input monitoring on the\n"
            "# model (MLOps-governance).\n"
            'text = "TODO: the compound cause, naming both seams."\n'
            "correct = true\n"
            'explanation = "TODO: why pooling the clues leads here, and why each half alone is '
            'not enough."'
        )
        halves = (
            "\n[[incidents.diagnoses]]\n"
            'id = "half-a"\n'
            'text = "TODO: only the first half of the compound cause."\n'
            "correct = false\n"
            'explanation = "TODO: what this half leaves unexplained."\n'
        )
        herring = (
            "\n[[incidents.diagnoses]]\n"
            'id = "herring"\n'
            'text = "TODO: the convenient wrong cause one role\'s clue points to."\n'
            "correct = false\n"
            "red_herring = true             # backed by one role's misleading clue below\n"
            'explanation = "TODO: which clue it fails to explain."\n'
        )
        clock = (
            "# A regulator's deadline in quarters after opening; only the Notify action meets it.\n"
            f"clock = {p['clock'][0]}"
        )
        hint = ""
        finops_suggests = "herring"
        cid = "compound"
    else:
        correct = (
            'id = "cause"\n'
            'text = "TODO: the root cause, as the team would state it."\n'
            "correct = true\n"
            'explanation = "TODO: shown in the review: how the clues fit together."'
        )
        halves = (
            "\n[[incidents.diagnoses]]\n"
            'id = "symptom"\n'
            'text = "TODO: a plausible cause that mistakes the symptom for the problem."\n'
            "correct = false\n"
            'explanation = "TODO: why it is not the cause."\n'
        )
        herring = (
            "\n[[incidents.diagnoses]]\n"
            'id = "other"\n'
            'text = "TODO: another plausible but wrong cause."\n'
            "correct = false\n"
            'explanation = "TODO: why it is not the cause."\n'
        )
        clock = "clock = 0                        # novice: no regulator clock"
        hint = (
            'hint = "TODO: a hint card for novices: name the real framework or practice '
            'that applies."\n'
        )
        finops_suggests = "cause"
        cid = "cause"
    return f"""\
# ---------------------------------------------------------------------------------------------
# Incident 1: scheduled. Every incident needs a start clue (a symptom) for every role, and the
# correct diagnosis must be suggested by clues of at least two roles: the cause shows only when
# the team pools what it knows. A clue's id is its role and position: dataops1, dataops2, ...
# ---------------------------------------------------------------------------------------------

[[incidents]]
id = "A1"
title = "TODO: incident title"
archetype = "F1"                 # library archetype: F1-F5, H1-H5, R1-R5, M1-M4
# The real case behind it, in your own words: "Reported by ..." for secondary sources,
# "Composite" for invented ones.
anchor = "TODO: the real case behind it."
severity = {p["severity"][0]}                     # 1 to 3 when it opens
seams = ["data-ml", "governance"]  # data-ml, ml-fin, data-fin, governance
tags = ["schema", "quality"]     # standards addressing these tags make it rarer
scheduled = [2]                  # quarters it opens for sure
mitigated_by = ["I4", "I5", "I9"]  # initiatives that make it rarer and milder
damage = {{ data_trust = {heavy}, model_reliability = {light} }}  # per quarter open, at severity 1
loss = {p["loss"][0]}                         # credits lost per quarter open, at severity 1
{clock}
{hint}
[[incidents.clues]]
role = "dataops"
when = "start"                   # start: a symptom; investigate: costs AP to find
text = "TODO: what DataOps sees when the incident opens."
suggests = "{cid}"

[[incidents.clues]]
role = "dataops"
when = "investigate"
requires = ["I5"]                # this clue exists only when observability is in effect
text = "TODO: what the observability initiative would have shown."
suggests = "{cid}"

[[incidents.clues]]
role = "mlops"
when = "start"
text = "TODO: what MLOps sees when the incident opens."
suggests = "{cid}"

[[incidents.clues]]
role = "mlops"
when = "investigate"
text = "TODO: what MLOps finds by digging."
suggests = "{cid}"

[[incidents.clues]]
role = "finops"
when = "start"
text = "TODO: what FinOps sees (spend, business and finance signals)."
suggests = "{finops_suggests}"

[[incidents.diagnoses]]
{correct}
{halves}{herring}
[[incidents.responses]]
id = "fix"
text = "TODO: the response that treats the cause: contain, fix, prevent and tell people."
class = "good"                   # good, partial, poor (the symptom; it recurs) or over
steps = ["contain", "diagnose", "remediate", "prevent", "communicate"]
cost = {{ dataops = 3, mlops = 2, finops = 1 }}
ap = {{ dataops = 2, mlops = {2 if experienced else 1}, finops = 1 }}
prevents_with = "I4"             # the initiative that makes the fix stick
effects = {{ data_trust = 3, model_reliability = 2 }}
explanation = "TODO: shown in the review."

[[incidents.responses]]
id = "committee-fix"
text = "TODO: the same fix, run through the governance committee."
class = "good"
requires = ["committee"]         # offered only when the committee is in effect
steps = ["contain", "diagnose", "remediate", "prevent", "communicate"]
cost = {{ dataops = 2, mlops = 1, finops = 1 }}
ap = {{ dataops = 1, mlops = 1, finops = 1 }}
prevents_with = "I11"
effects = {{ data_trust = 3, governance = 3 }}
explanation = "TODO: what the committee adds."

[[incidents.responses]]
id = "patch"
text = "TODO: a partial response: fixes today's problem, prevents nothing."
class = "partial"
steps = ["remediate"]
cost = {{ dataops = 2 }}
ap = {{ dataops = 1 }}
effects = {{ data_trust = 1 }}
explanation = "TODO: what it leaves undone."

[[incidents.responses]]
id = "freeze"
text = "TODO: an over-correction: stops the harm at a heavy price elsewhere."
class = "over"
steps = ["contain"]
cost = {{ finops = 2 }}
ap = {{ finops = 1 }}
effects = {{ delivery_velocity = -6, business_value = -6 }}
explanation = "TODO: the side effects."
"""


def _incident_two(p: dict[str, Any], experienced: bool) -> str:
    heavy, _ = p["damage"]
    hint = (
        ""
        if experienced
        else (
            'hint = "TODO: a hint card: e.g. a budget alert tells you, a budget action stops the '
            'spend."\n'
        )
    )
    return f"""\
# ---------------------------------------------------------------------------------------------
# Incident 2: random, from the deck (cross-industry runaway spend, F2).
# ---------------------------------------------------------------------------------------------

[[incidents]]
id = "A2"
title = "TODO: incident title"
archetype = "F2"
anchor = "TODO: e.g. Reported by Milkie Way's founders in their own post-mortem: ..."
severity = {p["severity"][1]}
seams = ["ml-fin", "data-fin"]
tags = ["cost-spike", "allocation"]
probability = 0.3                # chance per quarter of opening, 0 to 1
earliest = 1                     # first quarter it can be drawn
mitigated_by = ["I1", "I3", "I10"]
damage = {{ cost_efficiency = {heavy} }}
loss = {p["loss"][1]}
clock = {p["clock"][1]}
{hint}
[[incidents.clues]]
role = "finops"
when = "start"
text = "TODO: what FinOps sees."
suggests = "guardrails"

[[incidents.clues]]
role = "mlops"
when = "start"
text = "TODO: what MLOps sees."
suggests = "guardrails"

[[incidents.clues]]
role = "dataops"
when = "start"
text = "TODO: what DataOps sees."
suggests = "loop"

[[incidents.diagnoses]]
id = "guardrails"
text = "TODO: the root cause."
correct = true

[[incidents.diagnoses]]
id = "loop"
text = "TODO: a plausible wrong cause."
correct = false

[[incidents.diagnoses]]
id = "billing"
text = "TODO: another plausible wrong cause."
correct = false

[[incidents.responses]]
id = "cap"
text = "TODO: the good response."
class = "good"
steps = ["contain", "diagnose", "remediate", "prevent", "communicate"]
cost = {{ finops = 2, mlops = 2, dataops = 1 }}
ap = {{ finops = 2, mlops = 1, dataops = 1 }}
prevents_with = "I3"
effects = {{ cost_efficiency = 4 }}

[[incidents.responses]]
id = "stop"
text = "TODO: a partial response."
class = "partial"
steps = ["contain"]
cost = {{ mlops = 1 }}
ap = {{ mlops = 1 }}

[[incidents.responses]]
id = "quieter-alert"
text = "TODO: a poor response that treats the symptom."
class = "poor"
steps = ["communicate"]
cost = {{ finops = 1 }}
ap = {{ finops = 1 }}
"""


def _incident_three(p: dict[str, Any], experienced: bool) -> str:
    hint = "" if experienced else 'hint = "TODO: a hint card."\n'
    return f"""\
# ---------------------------------------------------------------------------------------------
# Incident 3: random (cross-industry inventory and ownership, F3).
# ---------------------------------------------------------------------------------------------

[[incidents]]
id = "A3"
title = "TODO: incident title"
archetype = "F3"
anchor = "TODO: the real case or 'Composite, ...'."
severity = {p["severity"][2]}
seams = ["governance", "data-ml"]
tags = ["ownership", "lineage"]
probability = 0.2
earliest = 2
mitigated_by = ["I6", "I7", "I11"]
damage = {{ governance = {p["damage"][0]} }}
loss = {p["loss"][2]}
clock = {p["clock"][2]}
{hint}
[[incidents.clues]]
role = "mlops"
when = "start"
text = "TODO: what MLOps sees."
suggests = "inventory"

[[incidents.clues]]
role = "dataops"
when = "start"
text = "TODO: what DataOps sees."
suggests = "inventory"

[[incidents.clues]]
role = "finops"
when = "start"
text = "TODO: what FinOps sees."
suggests = "inventory"

[[incidents.diagnoses]]
id = "inventory"
text = "TODO: the root cause."
correct = true

[[incidents.diagnoses]]
id = "paperwork"
text = "TODO: a plausible wrong cause."
correct = false

[[incidents.diagnoses]]
id = "vendor"
text = "TODO: another plausible wrong cause."
correct = false

[[incidents.responses]]
id = "inventory-owners"
text = "TODO: the good response."
class = "good"
steps = ["contain", "diagnose", "remediate", "prevent", "communicate"]
cost = {{ mlops = 3, dataops = 2, finops = 1 }}
ap = {{ mlops = 2, dataops = 1, finops = 1 }}
prevents_with = "I7"
effects = {{ governance = 4 }}

[[incidents.responses]]
id = "spreadsheet"
text = "TODO: a poor response."
class = "poor"
steps = ["communicate"]
cost = {{ mlops = 1 }}
ap = {{ mlops = 1 }}

[[incidents.responses]]
id = "switch-off"
text = "TODO: an over-correction."
class = "over"
steps = ["contain"]
cost = {{ finops = 1 }}
ap = {{ finops = 1 }}
effects = {{ business_value = -6 }}
"""


_INJECTS = """\
# ---------------------------------------------------------------------------------------------
# Injects. The ten default archetypes are always in the library; name one as `archetype` to
# inherit its title and effects and tell it in the organisation's words, or write your own.
# ---------------------------------------------------------------------------------------------

[[injects]]
id = "cfo-mandate"
archetype = "cfo-mandate"
narrative = "TODO: the CFO's mandate, in the organisation's words."
scheduled = 4                    # fires by itself in this quarter; leave out for library only

[[injects]]
id = "TODO-event"
title = "TODO: a scenario event the facilitator can fire"
narrative = "TODO: what happened."

[[injects.effects]]
kind = "probability"             # budget, metric, incident, modifier, probability, cost, clock
tags = ["drift", "volume"]
factor = 1.5
quarters = 2
"""

_HINTS_NOVICE = """\
# Hints: shown at novice difficulty, in the quarter given (0 is setup).
[[hints]]
quarter = 0
text = "TODO: a hint for setup, e.g. draft the roadmap before spending."

[[hints]]
quarter = 1
text = "TODO: a hint about pooling clues before diagnosing."

[[hints]]
quarter = 3
text = "TODO: a hint that names a real framework."
"""

_HINTS_EXPERIENCED = """\
# Hints: experienced games show none; keep one or two for a facilitator running it as novice.
[[hints]]
quarter = 0
text = "TODO: one hint that names no answers."
"""

_ROADMAP = """\
# Reference roadmap: the facilitator's model answer and the `reference` strategy's plan in
# `triops simulate`. Leave it out to use the default: crawl on visibility first, walk on
# contracts and lineage, run last.
[[reference_roadmap]]
initiative = "I1"
level = "crawl"
quarter = 1
owner = "finops"
kpi = "cost_efficiency>=45"

[[reference_roadmap]]
initiative = "I7"
level = "crawl"
quarter = 1
owner = "mlops"
kpi = "governance>=45"

[[reference_roadmap]]
initiative = "I5"
level = "crawl"
quarter = 1
owner = "dataops"
kpi = "data_trust>=48"
"""
