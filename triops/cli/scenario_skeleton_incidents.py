"""The skeleton's three incidents, as data, with the comments that explain the first.

Schema 2 (triops/scenarios/README.md, "How an incident works (schema 2)"): each has three or
four possible causes, clues that read by cause, and a good plan that fits each cause. Each
seat's opening clue fits more than one cause; only the seats' clues pooled tell it, so the
audit of `triops scenario validate -v` finds nothing to say. The first incident is the worked
example; the other two are the smallest incidents that validate.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from triops.cli.toml_writer import Inline, Note
from triops.game.model.vocab import ROLES

Table = dict[str, Any]

FIVE_STEPS = ["contain", "diagnose", "remediate", "prevent", "communicate"]
ANCHOR = "Composite. TODO: the case behind it, in your own words."


def incidents(p: dict[str, Any], experienced: bool) -> list[Table]:
    """The three incidents for a difficulty's profile (`scenario_skeleton.PROFILES`)."""
    return [_first_incident(p, experienced), _spend_incident(p, experienced),
            _ownership_incident(p, experienced)]


def _clue(role: str, when: str, variants: dict[tuple[str, ...], str],
          requires: tuple[str, ...] = ()) -> Table:
    """A clue that reads by cause: each variant lists the causes under which it shows."""
    clue: Table = {"role": role, "when": when}
    if requires:
        clue["requires"] = list(requires)
    clue["variants"] = [{"causes": list(causes), "text": text}
                        for causes, text in variants.items()]
    return clue


def _good(ident: str, text: str, cause: str, cost: dict[str, int], ap: dict[str, int],
          prevents_with: str) -> Table:
    """The plan that treats one cause: it fits that cause and makes the fix stick."""
    return {"id": ident, "text": text, "class": "good", "fits": [cause], "steps": FIVE_STEPS,
            "cost": Inline(cost), "ap": Inline(ap), "prevents_with": prevents_with}


def _symptom_fix(text: str, cost: dict[str, int], ap: dict[str, int]) -> Table:
    """A poor plan: it treats the symptom, so the incident recurs."""
    return {"id": "symptom-fix", "text": text, "class": "poor",
            "steps": ["remediate", "communicate"], "cost": Inline(cost), "ap": Inline(ap)}


def _sledgehammer(text: str, cost: dict[str, int], ap: dict[str, int],
                  effects: dict[str, int]) -> Table:
    """An over-correction: it stops the harm whatever the cause, at a price elsewhere."""
    return {"id": "sledgehammer", "text": text, "class": "over", "steps": ["contain"],
            "cost": Inline(cost), "ap": Inline(ap), "effects": Inline(effects)}


def _first_incident(p: dict[str, Any], experienced: bool) -> Table:
    """The worked example: a scheduled incident at the data-ML seam. Experienced adds a
    compound cause and a red herring with the clue that tempts toward it."""
    heavy, light = p["damage"]
    incident: Table = {
        "id": "A1", "title": "TODO: incident title", "archetype": "F1", "anchor": ANCHOR,
        "severity": p["severity"][0], "seams": ["data-ml", "governance"],
        "tags": ["schema", "quality"], "scheduled": [2], "mitigated_by": ["I4", "I5", "I9"],
        "damage": Inline(data_trust=heavy, model_reliability=light), "loss": p["loss"][0],
        "clock": p["clock"][0],
    }
    if not experienced:
        incident["hint"] = ("TODO: a hint card for novices: name the real framework or "
                            "practice that applies.")
    incident["clues"] = _first_clues(experienced)
    incident["diagnoses"] = _first_diagnoses(experienced)
    incident["responses"] = _first_responses(experienced)
    return incident


def _first_clues(experienced: bool) -> list[Table]:
    """Each seat's opening clue splits the causes its own way; DataOps' observability clue
    names the cause; MLOps' investigation confirms its opening clue. Experienced: the
    compound cause shows on both the DataOps and the MLOps side, and a plain clue tempts."""
    feed = ("feed", "compound") if experienced else ("feed",)
    model = ("model", "compound") if experienced else ("model",)
    clues = [
        _clue("dataops", "start", {
            feed: "TODO: what DataOps sees when the feed is at fault: one table fails its "
                  "reconciliation.",
            ("model", "demand"): "TODO: what DataOps sees otherwise: every pipeline green, "
                                 "the inputs reconcile."}),
        _clue("dataops", "investigate", {
            ("feed",): "TODO: the observability alert that shows the feed changed.",
            ("model",): "TODO: the observability alert that shows the model drifted.",
            ("demand",): "TODO: the observability alert that shows demand moved.",
            **({("compound",): "TODO: the alert that shows the feed changed, unwatched."}
               if experienced else {})}, requires=("I5",)),
        _clue("mlops", "start", {
            model: "TODO: what MLOps sees when the model is at fault: misses in every "
                   "segment at once.",
            ("feed", "demand"): "TODO: what MLOps sees otherwise: the model scores as it "
                                "was trained to."}),
        _clue("mlops", "investigate", {
            model: "TODO: what MLOps finds by digging when the model is at fault.",
            ("feed", "demand"): "TODO: what MLOps finds by digging when the model is sound."}),
        _clue("finops", "start", {
            ("demand",): "TODO: what FinOps sees when demand moved: sales far off plan "
                         "everywhere.",
            ("feed", "model", *feed[1:]): "TODO: what FinOps sees otherwise: sales on plan, "
                                          "refunds and spend up."}),
    ]
    if experienced:
        clues.append({"role": "finops", "when": "investigate",
                      "text": "TODO: a misleading signal that tempts toward the red herring."})
    return clues


def _first_diagnoses(experienced: bool) -> list[Table]:
    diagnoses: list[Table] = [
        {"id": "feed", "text": "TODO: a data feed the model reads broke or changed.",
         "explanation": "TODO: what this cause looks like from each seat."},
        {"id": "model", "text": "TODO: the model itself drifted or was changed.",
         "explanation": "TODO: what this cause looks like from each seat."},
        {"id": "demand", "text": "TODO: the world moved: demand or behaviour changed.",
         "explanation": "TODO: what this cause looks like from each seat."},
    ]
    if experienced:
        diagnoses += [
            {"id": "compound", "text": "TODO: the compound cause, naming both seams.",
             "weight": 0.5, "explanation": "TODO: why each half alone is not enough."},
            {"id": "herring", "text": "TODO: the convenient wrong cause.", "weight": 0,
             "red_herring": True, "explanation": "TODO: which clue it fails to explain."},
        ]
    return diagnoses


def _first_responses(experienced: bool) -> list[Table]:
    """A good plan for each possible cause (novice: and a partial one), a symptom fix and a
    sledgehammer."""
    responses = [
        _good("fix-feed", "TODO: repair the feed, put a contract on it and tell its users.",
              "feed", {"dataops": 3, "mlops": 1, "finops": 1},
              {"dataops": 2, "mlops": 1, "finops": 1}, "I4"),
        _good("fix-model", "TODO: roll back the model, monitor it and tell its users.",
              "model", {"dataops": 1, "mlops": 3, "finops": 1},
              {"dataops": 1, "mlops": 2, "finops": 1}, "I9"),
        _good("retrain", "TODO: retrain on the new demand and agree a retraining cadence.",
              "demand", {"dataops": 1, "mlops": 2, "finops": 2},
              {"dataops": 1, "mlops": 1, "finops": 2}, "I8"),
    ]
    if experienced:
        responses.append(_good(
            "fix-both", "TODO: repair the feed and monitor the model, then tell their users.",
            "compound", {"dataops": 2, "mlops": 2, "finops": 1},
            {"dataops": 2, "mlops": 2, "finops": 1}, "I4"))
    else:
        responses.append({
            "id": "patch", "text": "TODO: patch the feed for today; prevent nothing yet.",
            "class": "partial", "fits": ["feed"], "steps": ["remediate"],
            "cost": Inline(dataops=2), "ap": Inline(dataops=1),
            "explanation": "TODO: what it leaves undone."})
    responses += [
        _symptom_fix("TODO: recalibrate the outputs by hand and reassure the users.",
                     {"dataops": 1, "mlops": 2, "finops": 4}, {"mlops": 1, "finops": 1}),
        _sledgehammer("TODO: switch the model off and fall back to rules until it is clear.",
                      {"finops": 2}, {"finops": 1},
                      {"delivery_velocity": -6, "business_value": -6}),
    ]
    return responses


def incident_notes(experienced: bool) -> dict[str, Note]:
    """The first incident's comments on every field, and a banner above each incident."""
    clue = "incidents[0].clues"
    return {
        "incidents[0]": Note(
            "-" * 93 + "\n"
            "Incident 1: scheduled. Which cause is true is drawn for each game. Each seat's "
            "clue reads\nby cause (`variants`): every possible cause shows in exactly one "
            "variant of each clue, and\neach seat's opening clue fits more than one cause, so "
            "only the team's clues pooled tell\nthem apart. A clue's id is its role and "
            "position: dataops1, dataops2, ...\n" + "-" * 93),
        "incidents[0].archetype": Note(after="library archetype: F1-F5, H1-H5, R1-R5, M1-M4"),
        "incidents[0].anchor": Note("The real case behind it: \"Reported by ...\" for "
                                    "secondary sources, \"Composite\" for\ninvented ones."),
        "incidents[0].severity": Note(after="1 to 3 when it opens"),
        "incidents[0].seams": Note(after="data-ml, ml-fin, data-fin, governance"),
        "incidents[0].tags": Note(after="standards addressing these tags make it rarer"),
        "incidents[0].scheduled": Note(after="quarters it opens for sure"),
        "incidents[0].mitigated_by": Note(after="initiatives that make it rarer and milder"),
        "incidents[0].damage": Note(after="per quarter open, at severity 1"),
        "incidents[0].loss": Note(after="credits lost per quarter open, at severity 1"),
        "incidents[0].clock": Note(
            after="quarters to notify a regulator (only Notify meets it)" if experienced
            else "novice: no regulator clock"),
        f"{clue}[0]": Note("Split the causes differently for each seat: DataOps tells the "
                           "feed apart, MLOps the\nmodel, FinOps demand. Never name the cause: "
                           "describe what the seat's tools show."),
        f"{clue}[0].when": Note(after="start: a symptom; investigate: costs AP to find"),
        f"{clue}[1].requires": Note(after="this clue exists only when observability is in "
                                          "effect"),
        f"{clue}[1]": Note("An initiative's clue may name the cause: that is what the "
                           "initiative is for."),
        f"{clue}[3]": Note("A seat's own investigation confirms what its opening clue "
                           "said; it does not name the\ncause, or a team that never shares "
                           "digs the answer out alone."),
        **({f"{clue}[5]": Note("A clue with `text` instead of variants reads the same "
                               "whatever the cause: how a red\nherring tempts.")}
           if experienced else {}),
        "incidents[0].diagnoses[0]": Note("One diagnosis per plausible cause, of similar "
                                          "length. weight (default 1) is its chance of\nbeing "
                                          "this game's true cause; 0 makes a red herring that "
                                          "is never true."),
        "incidents[0].responses[0]": Note("Up to six plans: a good plan that fits each "
                                          "possible cause, and the usual poor and over\n"
                                          "plans. Plans for different causes cost about the "
                                          "same; responses earn no bonus."),
        "incidents[0].responses[0].class": Note(after="good, partial, poor (the symptom; it "
                                                      "recurs) or over"),
        "incidents[0].responses[0].fits": Note(after="the causes this plan treats"),
        "incidents[0].responses[0].prevents_with": Note(after="the initiative that makes the "
                                                              "fix stick"),
        "incidents[0].responses[5].effects": Note("An over-correction's side effects, at least "
                                                  "one negative (only `over` has effects)."),
        "incidents[1]": Note("-" * 93 + "\nIncident 2: random, from the deck (cross-industry "
                             "runaway spend, F2): the smallest\nincident that validates, "
                             "start clues only.\n" + "-" * 93),
        "incidents[1].probability": Note(after="chance per quarter of opening, 0 to 1"),
        "incidents[1].earliest": Note(after="first quarter it can be drawn"),
        "incidents[2]": Note("-" * 93 + "\nIncident 3: random (cross-industry inventory and "
                             "ownership, F3).\n" + "-" * 93),
    }


@dataclass(frozen=True)
class _Cause:
    """One possible cause of a small incident: the seat whose opening clue tells it apart
    from the others, what that seat sees under it and otherwise, and the plan that fits it
    (that seat pays most)."""

    seat: str
    cause: str
    diagnosis: str
    seen: str
    otherwise: str
    plan: str
    plan_text: str
    prevents_with: str


def _small_incident(head: Table, causes: list[_Cause], symptom_fix: Table,
                    sledgehammer: Table) -> Table:
    """An incident with start clues only: each seat's symptom names one cause and leaves the
    other two open, so one seat alone knows in a third of the games and the team always."""
    ids = [c.cause for c in causes]
    return {
        **head,
        "clues": [_clue(c.seat, "start", {(c.cause,): c.seen,
                                          tuple(i for i in ids if i != c.cause): c.otherwise})
                  for c in causes],
        "diagnoses": [{"id": c.cause, "text": c.diagnosis} for c in causes],
        "responses": [*(_good(c.plan, c.plan_text, c.cause, _most(c.seat, 3), _most(c.seat, 2),
                              c.prevents_with) for c in causes),
                      symptom_fix, sledgehammer],
    }


def _most(seat: str, amount: int) -> dict[str, int]:
    """A plan's costs or action points: `amount` for the seat it is about, 1 for the others."""
    return {r: amount if r == seat else 1 for r in ROLES}


def _spend_incident(p: dict[str, Any], experienced: bool) -> Table:
    """Random, from the deck: cross-industry runaway spend (F2), the smallest valid one."""
    head: Table = {
        "id": "A2", "title": "TODO: incident title", "archetype": "F2", "anchor": ANCHOR,
        "severity": p["severity"][1], "seams": ["ml-fin", "data-fin"],
        "tags": ["cost-spike", "allocation"], "probability": 0.3, "earliest": 1,
        "mitigated_by": ["I1", "I3", "I10"], "damage": Inline(cost_efficiency=p["damage"][0]),
        "loss": p["loss"][1], "clock": p["clock"][1],
    }
    if not experienced:
        head["hint"] = ("TODO: a hint card: e.g. a budget alert tells you, a budget action "
                        "stops the spend.")
    return _small_incident(head, [
        _Cause("mlops", "guardrails", "TODO: no budget guardrail capped a runaway job.",
               "TODO: what MLOps sees when nothing capped a job: one experiment still running.",
               "TODO: what MLOps sees otherwise: every job it owns ended on time.",
               "cap", "TODO: stop the job, set budget caps and alerts, tell its owner.", "I3"),
        _Cause("dataops", "loop", "TODO: a pipeline retried in a loop all night.",
               "TODO: what DataOps sees when a pipeline loops: the same load retried all night.",
               "TODO: what DataOps sees otherwise: every load ran once, as scheduled.",
               "fix-loop", "TODO: stop the loop, fix its retry rule and tell finance.", "I3"),
        _Cause("finops", "pricing", "TODO: a provider's price changed unnoticed.",
               "TODO: what FinOps sees when a price changed: the same usage, billed higher.",
               "TODO: what FinOps sees otherwise: usage itself far above any budget.",
               "renegotiate", "TODO: move to the old tier, review prices, tell finance.", "I1"),
    ], _symptom_fix("TODO: raise the budget alert's threshold and move on.",
                    {"dataops": 1, "finops": 4, "mlops": 2}, {"finops": 1, "mlops": 1}),
        _sledgehammer("TODO: freeze every cloud account until the bill is explained.",
                      {"finops": 1}, {"finops": 1},
                      {"delivery_velocity": -6, "business_value": -4}))


def _ownership_incident(p: dict[str, Any], experienced: bool) -> Table:
    """Random: cross-industry inventory and ownership (F3), the smallest valid one."""
    head: Table = {
        "id": "A3", "title": "TODO: incident title", "archetype": "F3", "anchor": ANCHOR,
        "severity": p["severity"][2], "seams": ["governance", "data-ml"],
        "tags": ["ownership", "lineage"], "probability": 0.2, "earliest": 2,
        "mitigated_by": ["I6", "I7", "I11"], "damage": Inline(governance=p["damage"][0]),
        "loss": p["loss"][2], "clock": p["clock"][2],
    }
    if not experienced:
        head["hint"] = "TODO: a hint card."
    return _small_incident(head, [
        _Cause("mlops", "inventory", "TODO: no inventory of the models in production.",
               "TODO: what MLOps sees when nothing is inventoried: no record of the model.",
               "TODO: what MLOps sees otherwise: the model is listed, its record stale.",
               "inventory-owners", "TODO: inventory every model, name owners, tell the board.",
               "I7"),
        _Cause("dataops", "handover", "TODO: an owner left with no handover.",
               "TODO: what DataOps sees when an owner left: jobs under a closed account.",
               "TODO: what DataOps sees otherwise: every job has a current owner.",
               "handover", "TODO: hand the jobs to a named owner and write the runbook.", "I6"),
        _Cause("finops", "vendor", "TODO: a vendor's model that nobody registered.",
               "TODO: what FinOps sees when a vendor runs it: an invoice nobody approved.",
               "TODO: what FinOps sees otherwise: the spend sits on our own account.",
               "register-vendor", "TODO: register the vendor model and review its contract.",
               "I11"),
    ], _symptom_fix("TODO: list what we know in a spreadsheet and move on.",
                    {"dataops": 1, "mlops": 2, "finops": 5}, {"mlops": 1, "finops": 1}),
        _sledgehammer("TODO: switch off every model nobody can name an owner for.",
                      {"finops": 1}, {"finops": 1}, {"business_value": -6}))
