"""The lesson's reflection questions: general ones per objective, plus ones drawn from the
team's own evidence, so the debrief starts from what actually happened in the game."""

from __future__ import annotations

from typing import Any

Plain = dict[str, Any]

GENERAL = [
    ("LO1", "Which roadmap line would you move earlier if you played again, and which "
            "dependency or goal makes you say so?"),
    ("LO2", "Pick one incident. Whose private clue was decisive, and how long did it take to "
            "reach the rest of the team?"),
    ("LO2", "Which of your incidents shared an underlying integration challenge (a missing "
            "contract, no lineage, no owner, billing that lags)?"),
    ("LO3", "For one incident, set the response you chose beside one you rejected: cost, time "
            "to effect, risk, and which discipline pays."),
    ("LO4", "Which decisions did your committee actually take? Which decision right did you "
            "never use, and what does that say about the charter?"),
    ("LO5", "Which standard connects at least two disciplines? Who would own it in your "
            "organisation, and which KPI would show it is adopted?"),
    ("", "What is the first thing you would change on Monday in your own organisation, and "
         "whose help would you need from the other two disciplines?"),
]


# The lesson plan's own reflection questions, verbatim: they open every team's reflection.
LESSON_LEARNERS = [
    "How can you apply the integration strategies learned today in your current role?",
    "What potential barriers do you foresee in implementing these strategies in your "
    "organization?",
    "How might improved integration of DataOps, MLOps, and FinOps benefit your specific "
    "projects or department?",
]
# ... and the lesson plan's questions for the facilitator, verbatim, each answered from the
# game's evidence in the game report.
LESSON_FACILITATOR = [
    "How effectively did the activities engage learners with diverse professional "
    "backgrounds?",
    "Were there any concepts that participants found particularly challenging, and how can I "
    "address this in future sessions?",
    "How can I improve the balance between theoretical knowledge and practical application in "
    "this lesson?",
]


def learner_questions(report: Plain) -> list[Plain]:
    """Questions for the learners: the lesson's three, then ones from the team's evidence,
    then the general set per objective."""
    out: list[Plain] = [{"objective": "", "text": q, "lesson": True} for q in LESSON_LEARNERS]
    if report.get("kind") == "team":
        out += _from_evidence(report["objectives"])
    out += [{"objective": o, "text": t} for o, t in GENERAL]
    return out


def lesson_facilitator_questions(report: Plain) -> list[Plain]:
    """The lesson's three facilitator questions, each with what the game shows about it."""
    teams: list[Plain] = report["teams"]
    return [{"objective": "", "text": q, "lesson": True, "evidence": e} for q, e in zip(
        LESSON_FACILITATOR, (_engagement(report), _challenging(report), _practice(teams)),
        strict=True)]


def _engagement(report: Plain) -> str:
    """Activity per person (across every seat they held) and how many seats bots played."""
    parts = []
    for person in report.get("persons", []):
        seats = person["seats"]
        moves = sum(s["clues_shared"] + s["investigations"] + s["diagnoses_proposed"]
                    + s["responses_proposed"] + s["artefact_edits"] for s in seats)
        chat = sum(s["chat_messages"] for s in seats)
        roles = ", ".join(sorted({s["role_name"] for s in seats}))
        parts.append(f"{person['name']} ({roles}): {moves} decisions, {chat} chat lines")
    bots = sum(1 for t in report["teams"] for c in t["contributions"] if c["actor"] == "bot")
    seats = sum(len(t["contributions"]) for t in report["teams"])
    people = "; ".join(parts) if parts else "No person held a seat"
    return f"{people}. Bots played {bots} of {seats} seats."


def _challenging(report: Plain) -> str:
    """The room table (the report's `room`) in a line: the incidents most teams misdiagnosed,
    fell for the red herring of, or only treated the symptom of."""
    rows = report.get("room") or []
    out = []
    for label, key in (("misdiagnosed", "wrong"), ("fell for the red herring", "herring"),
                       ("treated only the symptom", "symptom")):
        worst = sorted((r for r in rows if r[key]), key=lambda r: (-len(r[key]), r["title"]))
        if worst:
            out.append(f"{label}: " + "; ".join(
                f"{r['title']} ({len(r[key])} of {len(r['met'])} teams)" for r in worst[:3]))
    if not out:
        return ("No team misdiagnosed an incident, fell for a red herring or only treated a "
                "symptom.")
    text = ". ".join(out)
    return text[:1].upper() + text[1:] + "."


def _practice(teams: list[Plain]) -> str:
    """Where the room's levels were lowest: the objective whose practice lagged most."""
    if not teams:
        return "No team played."
    means = {}
    for objective in ("LO1", "LO2", "LO3", "LO4", "LO5"):
        levels = [next(o["level"] for o in t["objectives"] if o["id"] == objective)
                  for t in teams]
        means[objective] = sum(levels) / len(levels)
    low = min(means, key=lambda o: (means[o], o))
    spread = ", ".join(f"{o} {v:.1f}" for o, v in means.items())
    return (f"Mean objective levels across teams (1 beginning to 4 exemplary): {spread}. "
            f"{low} is lowest: the place where knowing the idea did not yet become practice.")


def _from_evidence(objectives: list[Plain]) -> list[Plain]:
    out: list[Plain] = []
    lowest = min(objectives, key=lambda o: (o["level"], o["id"]))
    if lowest["lift"]:
        out.append({"objective": lowest["id"], "text": (
            f"Your lowest objective was {lowest['id']} ({lowest['level_name']}). The next step "
            f"would have been: “{lowest['lift'][0]}” What stopped the team from taking it?")})
    by_id = {o["id"]: o for o in objectives}
    wrong = [e for e in by_id["LO2"]["evidence"] if e["tone"] == "negative"
             and e["decision"].startswith("Diagnosed")]
    if wrong:
        out.append({"objective": "LO2", "text": (
            f"Q{wrong[0]['quarter']}: {wrong[0]['decision']}. It was not the root cause. "
            "Which clue contradicted it, and who held that clue?")})
    came_back = [e for e in by_id["LO3"]["evidence"] if e["decision"].endswith("came back")]
    if came_back:
        title = came_back[0]["decision"].removesuffix(" came back")
        out.append({"objective": "LO3", "text": (
            f"{title} came back after a symptom-only fix. What made the quick fix attractive "
            "at the time, and what would the root-cause fix have cost?")})
    over = [e for e in by_id["LO3"]["evidence"] if "(over-correction)" in e["decision"]]
    if over:
        out.append({"objective": "LO3", "text": (
            f"Q{over[0]['quarter']}: your response over-corrected. Which discipline paid for "
            "it, and what smaller response would have contained the harm?")})
    justified = [e for e in by_id["LO3"]["evidence"] if "justification: “" in e["decision"]
                 and e["tone"] != "positive"]
    if justified:
        e = justified[0]
        out.append({"objective": "LO3", "text": (
            f"Q{e['quarter']}: {e['decision']}. {e['consequence']} Read the reason again "
            "beside the outcome: what did it leave out?")})
    cosmetic = [e for e in by_id["LO1"]["evidence"]
                if e["consequence"].startswith("A cosmetic edit")]
    if cosmetic:
        out.append({"objective": "LO1", "text": (
            f"Q{cosmetic[0]['quarter']}: your roadmap revision changed no line of the plan. "
            "Which line should it have moved, dropped or re-targeted, and why?")})
    if any(e["decision"] == "No charter drafted" for e in by_id["LO4"]["evidence"]):
        out.append({"objective": "LO4", "text": (
            "You never chartered a committee. Who decided the trade-offs between data, models "
            "and spend instead, and how did that go?")})
    return out


def facilitator_questions(report: Plain) -> list[Plain]:
    """Prompts for the facilitator's debrief, drawn from the whole game."""
    teams: list[Plain] = report["teams"]
    out: list[Plain] = []
    if len(teams) >= 2:
        spreads = []
        for objective in ("LO1", "LO2", "LO3", "LO4", "LO5"):
            levels = [(next(o["level"] for o in t["objectives"] if o["id"] == objective), t)
                      for t in teams]
            hi = max(levels, key=lambda x: x[0])
            lo = min(levels, key=lambda x: x[0])
            spreads.append((hi[0] - lo[0], objective, hi[1]["name"], lo[1]["name"]))
        spread, objective, best, worst = max(spreads)
        if spread:
            out.append({"objective": objective, "text": (
                f"{objective} split the room most: {best} against {worst}. Ask each team to "
                "present one decision from its evidence and what it led to.")})
    for t in teams:
        contributions = t["contributions"]
        diagnoses = [c["diagnoses_proposed"] for c in contributions]
        if sum(diagnoses) >= 3 and max(diagnoses) * 3 >= sum(diagnoses) * 2:
            seat = max(contributions, key=lambda c: c["diagnoses_proposed"])
            out.append({"objective": "LO2", "text": (
                f"In {t['name']}, {seat['role_name']} proposed most diagnoses. Ask how the "
                "other seats' clues reached the diagnosis.")})
        shared = sum(c["clues_shared"] for c in contributions)
        if shared == 0:
            out.append({"objective": "LO2", "text": (
                f"{t['name']} shared no clue in team chat. Ask what each seat knew that the "
                "others did not, and when they found out.")})
    out += [
        {"objective": "", "text": "Review each team's computed levels against what you heard "
                                  "in the room; confirm or override them with a comment."},
        {"objective": "LO1", "text": "Put two teams' roadmaps beside the reference roadmap: "
                                     "where did each deviate, and was the deviation justified "
                                     "by an incident or inject?"},
        {"objective": "", "text": "Peer evaluation: pair teams whose strongest objectives "
                                  "differ and let each review the other's evidence."},
        {"objective": "LO3", "text": "Which inject moved the standings most? Ask the teams "
                                     "whether their strategy changed because of it."},
    ]
    return out
