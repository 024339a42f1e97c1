"""The debrief as Markdown: the same sections as the HTML, with tables in place of charts."""

from __future__ import annotations

from typing import Any

from triops.game.scenario.anchors import case_intro

Plain = dict[str, Any]

LEVEL_LETTERS = {1: "B", 2: "D", 3: "P", 4: "E"}


def render_markdown(report: Plain) -> str:
    lines = _team(report) if report["kind"] == "team" else _game(report)
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(head: list[str], rows: list[list[object]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def _progress(g: Plain) -> str:
    if g["ended"]:
        return f"game over after Q{g['quarter']} of {g['quarters']}"
    return f"in progress: Q{g['quarter']} of {g['quarters']}"


def who(e: Plain) -> str:
    """Who made a decision: a person by name, the bots, or "team" for what the team did
    together or what befell it (a purchase several seats paid for, money left idle, an
    inject). The HTML report shows the same words."""
    if e.get("actor") == "person":
        return str(e.get("name") or "a person")
    return "bot" if e.get("actor") == "bot" else "team"


def seat_who(c: Plain) -> str:
    return f"{c['name'] or 'a person'}" if c.get("actor") == "person" else c["holder"]


def _early(g: Plain) -> list[str]:
    return [f"> **Ended early.** {g['early_end']}", ""] if g.get("early_end") else []


def _people(p: Plain | None) -> list[str]:
    if not p:
        return []
    names = ", ".join(p["names"]) or "nobody"
    out = ["## What the people decided, apart from the bots", "",
           f"Bots played some seats. These levels count only the decisions of the team's "
           f"people ({names}); the levels above are the whole team's.", ""]
    out += _table(["Objective", "People's level", "Their evidence"],
                  [[f"{x['id']} {x['title']}", x["level_name"],
                    sum(1 for e in x["evidence"] if e.get("actor") == "person")]
                   for x in p["objectives"]])
    out += ["What the bots did:", ""]
    out += [f"- {line}" for line in p["bots"]] or ["- Nothing."]
    return [*out, ""]


def _team(r: Plain) -> list[str]:
    g = r["game"]
    o = r["outcome"]
    out = [f"# Debrief: {r['team']['name']}", "",
           f"*{g['scenario']['title']} · {g['difficulty']} · seed {g['seed']} · "
           f"{_progress(g)}*", "",
           f"**Outcome score {o['score']}** · business value {o['value']} cr (goal "
           f"{o['value_goal']} cr) · goals met {sum(x['met'] for x in o['goals'])}/"
           f"{len(o['goals'])}", ""]
    out += _early(g)
    out += _table(["Organisation's goal", "Actual / target", "Status"],
                  [[x["text"], f"{x['actual']} / {x['target']}",
                    "met" if x["met"] else "not met"] for x in o["goals"]])
    out += ["## Learning objectives", "", f"_{r['calibration']}_", ""]
    out += _table(["Objective", "Computed", "Confirmed", "Comment"],
                  [[f"{x['id']} {x['title']}", x["computed_name"],
                    x["confirmed_name"] or "not reviewed", x["comment"]]
                   for x in r["objectives"]])
    for x in r["objectives"]:
        out += _objective(x)
    out += _people(r.get("people"))
    out += ["## Metrics over the quarters", ""]
    out += _metrics(r["metrics"], g)
    out += ["## Timeline: incidents, injects and decisions", ""]
    out += _timeline(r["timeline"])
    out += _cards_or_cases(r)
    out += ["## Roadmap beside the reference roadmap", ""]
    out += _roadmap(r["roadmap"])
    out += ["## Charter and standards", ""]
    out += _charter(r["charter"])
    out += _standards(r["standards"])
    out += _peer_review(r.get("peer_review"), "## Peer review of the roadmap")
    out += ["## Leaderboard", ""]
    out += _leaderboard(r["leaderboard"])
    out += ["## Reflection questions", ""]
    out += _questions(r["questions"]["learners"])
    return out


def _peer_review(pr: Plain | None, heading: str) -> list[str]:
    """Per presenting team: each criterion's level from the peers (median, and how many gave
    each level) beside the facilitator's, then every comment with who wrote it."""
    if not pr:
        return []
    per = "team" if pr["mode"] == "team" else "person"
    out = [heading, "", f"_One review per {per}; levels 1 beginning, 2 developing, "
           "3 proficient, 4 exemplary._", ""]
    if not pr["teams"]:
        return [*out, "No team has presented yet.", ""]
    for t in pr["teams"]:
        state = "" if t["closed"] else " (reviews still open)"
        out += [f"### {t['name']}: {t['reviews']} peer review"
                f"{'' if t['reviews'] == 1 else 's'}{state}", ""]
        out += _table(["Criterion", "Peers: median (mean)", "Peers 1·2·3·4", "Facilitator"],
                      [[f"{c['title']} ({c['objective']})",
                        f"{c['peer_level']} ({c['peer_mean']})" if c["peer_level"] else "—",
                        "·".join(str(c["peers"][lvl]) for lvl in c["peers"]),
                        c["facilitator"] or "—"] for c in t["criteria"]])
        notes = [f"- {c['title']}, {x['by']}: {x['text']}" for c in t["criteria"]
                 for x in c["comments"]]
        notes += [f"- {c['title']}, facilitator: {c['facilitator_comment']}"
                  for c in t["criteria"] if c["facilitator_comment"]]
        out += [*notes, ""] if notes else []
    return out


def _room(rows: list[Plain]) -> list[str]:
    """Per incident: teams that met it, and of those how many misdiagnosed it, fell for its
    red herring or only treated a symptom (the teams named)."""
    if not rows:
        return ["No incident was judged yet.", ""]

    def cell(names: list[str]) -> str:
        return f"{len(names)} ({', '.join(names)})" if names else "0"

    return _table(["Incident", "Teams that met it", "Misdiagnosed", "Red herring",
                   "Symptom fix only"],
                  [[r["title"], str(len(r["met"])), cell(r["wrong"]), cell(r["herring"]),
                    cell(r["symptom"])] for r in rows])


CARDS_HEADING = "Debrief cards: each incident, its cause and the real case"


def _cards_or_cases(r: Plain, teams: bool = False) -> list[str]:
    """Once the game has ended, a debrief card per incident (its real case included);
    before, the real cases of the incidents already closed."""
    if r.get("debrief"):
        return [f"## {CARDS_HEADING}", "", *_cards(r["debrief"], teams)]
    return ["## The real cases behind the incidents", "", *_cases(r.get("cases") or [], teams)]


def _cards(cards: list[Plain], teams: bool) -> list[str]:
    out: list[str] = []
    for c in cards:
        out += [f"### {c['title']} (Q{c['opened']})", "",
                f"**What it was:** {c['cause_text']}", ""]
        if c["chain"]:
            out += [f"**How it showed, seat by seat:** {c['chain']}", ""]
        for h in c["herrings"]:
            fell = ", ".join(h["fell"]) if h["fell"] else "nobody"
            out += [f"**The red herring:** {h['text']} Fell for it: {fell}. "
                    f"{h['explanation']}".rstrip(), ""]
        for t in c["teams"]:
            verdict = "right" if t["correct"] else "wrong"
            said = f"diagnosed “{t['diagnosis']}” ({verdict})" if t["diagnosis"] else (
                "made no diagnosis")
            plan = f"committed “{t['response']}”, which {t['verdict']}" if t["response"] else (
                "committed no plan")
            name = f"{t['team']}" if teams else "Your team"
            out += [f"**{name}:** {said}; {plan}. {t['result_text']}".rstrip(), ""]
        out += ["**The plans, against this cause:**", ""]
        out += [f"- “{p['text']}” — {p['verdict']}. {p['explanation']}".rstrip()
                for p in c["plans"]]
        label, text = case_intro(c["anchor_kind"], c["anchor"]) if c["anchor"] else ("", "")
        out += ["", f"{label}: {text}", ""] if text else [""]
    return [*out, "More on every case and framework: docs/cases.md in the TriOps project.", ""]


def _cases(cases: list[Plain], teams: bool = False) -> list[str]:
    """The real case or framework behind each incident, marked reported or composite."""
    if not cases:
        return ["No incident has been closed yet: each one's real case shows here once it is.",
                ""]
    out: list[str] = []
    for c in cases:
        who = f" — met by {', '.join(c['teams'])}" if teams and c.get("teams") else ""
        label, text = case_intro(c["kind"], c["anchor"])
        out.append(f"- **{c['title']}** (first opened Q{c['opened']}{who}). {label}: "
                   f"{text}")
    return [*out, "", "More on every case and framework: docs/cases.md in the TriOps "
            "project.", ""]


def _objective(x: Plain) -> list[str]:
    title = f"### {x['id']}: {x['title']} — {x['level_name']}"
    if x["confirmed"] and x["confirmed"] != x["computed"]:
        title += f" (computed: {x['computed_name']})"
    out = [title, ""]
    if x["comment"]:
        out += [f"> Facilitator: {x['comment']}", ""]
    if x["lift"]:
        out += [f"**To reach {x['next_level']}:**", ""]
        out += [f"- {t}" for t in x["lift"]] + [""]
    else:
        out += ["**Top band reached.**", ""]
    out += _table(["Level", "Criterion", "Measured", "Met"],
                  [[c["level_name"], c["text"], c["measured"], "yes" if c["met"] else "no"]
                   for c in x["criteria"]])
    mark = {"positive": "+", "negative": "−", "neutral": "·"}
    out += _table(["When", "", "Decision", "By", "Consequence"],
                  [[f"Q{e['quarter']}", mark.get(e["tone"], "·"), e["decision"], who(e),
                    e["consequence"]] for e in x["evidence"]])
    return out


def _metrics(m: Plain, g: Plain) -> list[str]:
    out: list[str] = []
    quarters = sorted({q for s in m["series"] for q, _ in s["outcome"]})
    head = ["Metric", *(f"Q{q}" for q in quarters), "Goal"]
    for s in m["series"]:
        if len(m["series"]) > 1:
            out += [f"**{s['name']}**", ""]
        rows = []
        for metric in m["metrics"]:
            values = dict((q, v) for q, v in s["values"][metric])
            rows.append([f"{g['metric_codes'][metric]} {g['metric_names'][metric]}",
                         *(values.get(q, "") for q in quarters), m["targets"].get(metric, "")])
        outcome = dict((q, v) for q, v in s["outcome"])
        value = dict((q, v) for q, v in s["value"])
        rows.append(["Outcome score", *(outcome.get(q, "") for q in quarters), ""])
        rows.append(["Business value (cr)", *(value.get(q, "") for q in quarters), ""])
        out += _table(head, rows)
    return out


def _timeline(items: list[Plain]) -> list[str]:
    out: list[str] = []
    current = None
    for item in items:
        if item["quarter"] != current:
            current = item["quarter"]
            out += ["", f"**{'Setup (Q0)' if current == 0 else f'Quarter {current}'}**", ""]
        out.append(f"- *{item['kind']}* — {item['text']}")
    return [*out, ""]


def _roadmap(rm: Plain) -> list[str]:
    out = _table(["Initiative", "Team's roadmap", "Reference roadmap", "Funded", "Compared"],
                 [[f"{x['initiative']} {x['name']}", "; ".join(x["team"]) or "—",
                   "; ".join(x["reference"]) or "—", ", ".join(x["funded"]) or "—",
                   x["status"]] for x in rm["rows"]])
    if rm["revisions"]:
        out += ["Revisions:", ""]
        out += [f"- Q{v['quarter']} — {v['reason']} ({v['by']}, {v['lines']} lines)"
                + (f" · {v['change']}" if v.get("change") else "")
                for v in rm["revisions"]] + [""]
    if rm.get("kpis"):
        out += ["KPI targets against the metrics:", ""]
        out += _table(["Roadmap line", "KPI target", "Due", "Best since", "Result"],
                      [[k["line"], k["kpi"], f"Q{k['due']}", k["best"],
                        k["status_text"] + (f": “{k['reason']}”" if k["reason"] else "")]
                       for k in rm["kpis"]])
    return out


def _charter(c: Plain | None) -> list[str]:
    if c is None:
        return ["No committee charter was drafted.", ""]
    raci = ", ".join(f"{x['decision']}: {x['accountable']}" for x in c["raci"]) or "none"
    return [
        f"- **Members:** {', '.join(c['members'])} (chair: {c['chair']})",
        f"- **Cadence:** {c['cadence']}; risk tiering {'on' if c['risk_tiering'] else 'off'}; "
        f"decision log {'kept' if c['decision_log'] else 'none'}",
        f"- **Decision rights:** {', '.join(c['decision_rights']) or 'none'}",
        f"- **Escalation:** {' → '.join(c['escalation']) or 'none'}",
        f"- **Accountable (RACI):** {raci}",
        f"- **Frameworks:** {', '.join(c['frameworks']) or 'none'}",
        "",
    ]


def _standards(standards: list[Plain]) -> list[str]:
    if not standards:
        return ["No standard was proposed.", ""]
    return _table(["Standard", "Disciplines", "Owner", "Adoption", "KPI", "Adopted"],
                  [[f"{s['name']} ({s['spec']})", ", ".join(s["disciplines"]), s["owner"],
                    s["mechanism"], s["kpi"],
                    f"Q{s['adopted']}" if s["adopted"] is not None else "not yet"]
                   for s in standards])


def _leaderboard(lb: Plain) -> list[str]:
    def levels(row: Plain) -> list[str]:
        return [LEVEL_LETTERS[row["levels"][o]] for o in sorted(row["levels"])]

    head = ["Rank", "Team", "Outcome", "Value", "Goals", "LO1", "LO2", "LO3", "LO4", "LO5"]
    title = "Final standings" if lb.get("game_over", True) else "Standings so far"
    out = [f"{title} (Q{lb['final_quarter']}). {lb.get('tie_break', '')}", ""]
    out += _table(head, [[r["rank"], r["name"], r["outcome"], r["value"],
                          f"{r['goals_met']}/{r['goals']}", *levels(r)] for r in lb["final"]])
    rows = [[f"Q{b['quarter']}", r["rank"], r["name"], r["outcome"], r["value"],
             f"{r['goals_met']}/{r['goals']}", *levels(r)]
            for b in lb["by_quarter"] for r in b["rows"]]
    out += ["Quarter by quarter (B beginning, D developing, P proficient, E exemplary):", ""]
    out += _table(["Quarter", *head], rows)
    return out


def _questions(questions: list[Plain]) -> list[str]:
    out = []
    for n, q in enumerate(questions, start=1):
        out.append(f"{n}. {('**' + q['objective'] + '** ') if q['objective'] else ''}"
                   f"{q['text']}")
        if q.get("evidence"):
            out.append(f"   *From this game:* {q['evidence']}")
    return [*out, ""]


def _game(r: Plain) -> list[str]:
    g = r["game"]
    out = [f"# Debrief: {g['scenario']['title']}", "",
           f"*Whole game · {len(r['teams'])} teams · {g['difficulty']} · seed {g['seed']} · "
           f"{_progress(g)}*", "", g["scenario"]["summary"], "", *_early(g), "## Leaderboard",
           ""]
    out += _leaderboard(r["leaderboard"])
    out += ["## Learning objectives across teams", "", f"_{r['calibration']}_", ""]
    out += _table(["Team", "Outcome", *g["objective_titles"]],
                  [[t["name"], t["outcome"]["score"],
                    *(o["level_name"] + (f" (computed {o['computed_name']})"
                                         if o["confirmed"] and o["confirmed"] != o["computed"]
                                         else "") for o in t["objectives"])]
                   for t in r["teams"]])
    out += _table(["Objective", *g["levels"]],
                  [[o, *counts] for o, counts in r["distribution"].items()])
    if r["overrides"]:
        out += ["Facilitator's confirmations and overrides:", ""]
        out += _table(["Team", "Objective", "Level", "Comment"],
                      [[o["team_name"], o["objective"], o["level"], o["comment"]]
                       for o in r["overrides"]])
    for t in r["teams"]:
        out += [f"### {t['name']}", ""]
        out += _table(["Objective", "Level", "Next step"],
                      [[o["id"], o["level_name"], " ".join(o["lift"]) or "top band reached"]
                       for o in t["objectives"]])
    out += _peer_review(r.get("peer_review"), "## Peer review of roadmaps")
    out += ["## Metrics over the quarters", ""]
    out += _metrics(r["metrics"], g)
    out += ["## The room table: which incidents caught most teams", ""]
    out += _room(r.get("room") or [])
    out += _cards_or_cases(r, teams=True)
    out += ["## Public ticker", ""]
    out += [f"- Q{t['quarter']}: {t['text']}" for t in r["ticker"]] + [""]
    out += ["## Per-seat contributions (not graded)", "",
            "One row per person and per bot in each seat; cr pledged is money committed to "
            "purchases, not pledges taken back.", ""]
    for t in r["teams"]:
        out += [f"**{t['name']}**", ""]
        out += _table(["Seat", "Who", "Clues shared", "Investigations", "Diagnoses", "Responses",
                       "Notified", "cr pledged", "cr moved", "Artefact edits", "Chat"],
                      [[c["role_name"], seat_who(c), c["clues_shared"], c["investigations"],
                        c["diagnoses_proposed"], c["responses_proposed"], c["notifications"],
                        c["credits_pledged"], c["credits_moved"], c["artefact_edits"],
                        c["chat_messages"]] for c in t["contributions"]])
        if t.get("people"):
            p = t["people"]
            out += ["People's own levels (bots' decisions left out): " + ", ".join(
                f"{x['id']} {x['level_name']}" for x in p["objectives"]), ""]
    if r.get("persons"):
        out += ["## Each person across seats", ""]
        out += _table(["Person", "Team", "Seat", "Clues", "Diagnoses", "Responses",
                       "cr pledged", "Artefact edits", "Chat"],
                      [[p["name"], c["team_name"], c["role_name"], c["clues_shared"],
                        c["diagnoses_proposed"], c["responses_proposed"],
                        c["credits_pledged"], c["artefact_edits"], c["chat_messages"]]
                       for p in r["persons"] for c in p["seats"]])
    out += ["## Reflection questions", "", "For the facilitator:", ""]
    out += _questions(r["questions"]["facilitator"])
    out += ["For every team:", ""]
    out += _questions(r["questions"]["learners"])
    return out
