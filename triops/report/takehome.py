"""A roadmap to take home: a team's roadmap as a template for the learner's own organisation.

The game's roadmap speaks in game metrics ("Cost Efficiency ≥ 44"). At work a roadmap line
is measured in real units, so each initiative carries the KPI a practitioner would track for
it, with a target per maturity level to start from. The export holds the lines in order with
owners, quarters and dependencies, the committee charter as a proposal, the standards, and a
gap-analysis checklist the learner fills in for their own workplace. Markdown to read and
share, CSV to open and edit in a spreadsheet.

Pure functions of the game state; `triops.report.write_reports` writes the files.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from triops.game.model.state import GameState
from triops.game.model.vocab import LEVEL_RANK, ROLE_NAMES
from triops.report.model_artefacts import _charter, _standards

Plain = dict[str, Any]

# Per initiative: the KPI in real units, and a starting target at crawl, walk and run. These
# are common practitioner starting points (FinOps Foundation maturity guidance, MLOps
# maturity models), to be set against the learner's own baseline, not benchmarks.
REAL_KPIS: dict[str, tuple[str, tuple[str, str, str]]] = {
    "I1": ("Cloud and AI spend allocated to an owner by tags (%)", ("50%", "80%", "95%")),
    "I2": ("Spend (cloud, SaaS, tokens) in FOCUS format (%)", ("40%", "75%", "95%")),
    "I3": ("AI workloads with a unit-cost metric and a budget alert (%)", ("30%", "70%", "95%")),
    "I4": ("Critical feeds under a data contract (%)", ("30%", "70%", "95%")),
    "I5": ("Critical datasets with a freshness SLO that is monitored (%); time to detect a "
           "broken feed", ("40%; < 1 day", "75%; < 4 hours", "95%; < 1 hour")),
    "I6": ("Critical data elements with lineage captured (%)", ("30%", "70%", "90%")),
    "I7": ("Production models registered with a current model card (%)", ("50%", "90%", "100%")),
    "I8": ("Model releases through the automated pipeline (%); lead time to production",
           ("30%; < 4 weeks", "70%; < 1 week", "95%; < 1 day")),
    "I9": ("Production models monitored for drift and performance by segment (%)",
           ("40%", "80%", "100%")),
    "I10": ("Data, model and spend signals on one shared dashboard (of 3); time to detect an "
            "incident", ("1 of 3; < 1 week", "2 of 3; < 1 day", "3 of 3; < 1 hour")),
    "I11": ("High-risk AI changes decided by the committee before go-live (%)",
            ("50%", "90%", "100%")),
    "I12": ("Staff of the three disciplines trained on the shared standards (%)",
            ("30%", "60%", "90%")),
}

CSV_COLUMNS = ("order", "quarter", "initiative_id", "initiative", "level", "owner",
               "depends_on", "kpi", "target", "your_current_value", "your_target", "notes")


def build_takehome(state: GameState, team_id: str) -> Plain:
    """The team's roadmap as a template: lines in order, the charter, the standards."""
    team = state.team(team_id)
    s = state.scenario
    lines = sorted(team.roadmap, key=lambda e: (e.quarter, LEVEL_RANK[e.level], e.initiative))
    rows = []
    for n, e in enumerate(lines, start=1):
        spec = s.initiatives.get(e.initiative)
        kpi, targets = REAL_KPIS.get(e.initiative, ("", ("", "", "")))
        rows.append({
            "order": n, "quarter": e.quarter, "initiative_id": e.initiative,
            "initiative": spec.name if spec else e.initiative, "level": e.level,
            "owner": ROLE_NAMES.get(e.owner, e.owner),
            "depends_on": "; ".join(_named(c.text, state) for c in spec.prerequisites)
            if spec else "",
            "kpi": kpi, "target": targets[LEVEL_RANK[e.level] - 1] if kpi else "",
            "summary": spec.summary if spec else "",
        })
    return {"team": team.name, "scenario": s.title, "rows": rows,
            "charter": _charter(team), "standards": _standards(state, team)}


def _named(condition: str, state: GameState) -> str:
    """A prerequisite in words: "2of:I3,I5,I9" → "2 of: AI Unit Economics…, …"."""
    names = {i: spec.name for i, spec in state.scenario.initiatives.items()}
    text = re.sub(r"^(\d+)of:", r"\1 of: ", condition).replace(",", "; ")
    return re.sub(r"\bI\d{1,2}\b", lambda m: names.get(m.group(0), m.group(0)), text)


def render_takehome_csv(plan: Plain) -> str:
    """One row per roadmap line, with blank columns for the learner's own values."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore",
                            lineterminator="\n")
    writer.writeheader()
    for row in plan["rows"]:
        writer.writerow({**row, "your_current_value": "", "your_target": "", "notes": ""})
    return out.getvalue()


def render_takehome_md(plan: Plain) -> str:
    out = [f"# Integration roadmap: a template from {plan['team']}", "",
           f"*From the game “{plan['scenario']}”. Replace the game's quarters with your own "
           "calendar, and set each target against your organisation's baseline.*", "",
           "## The roadmap", ""]
    if plan["rows"]:
        out += ["| # | When | Initiative | Level | Owner | Depends on | KPI | Starting target |",
                "|---|---|---|---|---|---|---|---|"]
        out += [f"| {r['order']} | Q{r['quarter']} | {r['initiative']} | {r['level']} | "
                f"{r['owner']} | {r['depends_on'] or '—'} | {r['kpi'] or '—'} | "
                f"{r['target'] or '—'} |" for r in plan["rows"]]
    else:
        out.append("The team drafted no roadmap lines.")
    out += ["", "## A governance committee proposal", ""]
    c = plan["charter"]
    if c is None:
        out.append("The team drafted no charter. Start from: members from DataOps, MLOps and "
                   "FinOps, a business owner and risk/legal; an executive sponsor; the "
                   "decision rights you will really use; a decision log.")
    else:
        out += [f"- **Members:** {', '.join(c['members'])}", f"- **Chair:** {c['chair']}",
                f"- **Meets:** {c['cadence']}",
                f"- **Decision rights:** {', '.join(c['decision_rights']) or 'none yet'}",
                f"- **Risk tiering:** {'yes' if c['risk_tiering'] else 'no'}",
                f"- **Escalation:** {' → '.join(c['escalation']) or 'not set'}",
                f"- **Decision log:** {'yes' if c['decision_log'] else 'no'}"]
        if c["purpose"]:
            out.append(f"- **Purpose:** {c['purpose']}")
    out += ["", "## Standards", ""]
    if plan["standards"]:
        out += [f"- **{s['name']}**, owned by {s['owner']}, adopted by {s['mechanism']}"
                + (f"; KPI: {s['kpi']}" if s["kpi"] else "") for s in plan["standards"]]
    else:
        out.append("The team proposed no standards.")
    out += ["", "## Gap analysis: where does your organisation stand?", "",
            "For each line, tick what holds today and note the evidence.", ""]
    out += [f"- [ ] none  [ ] partial  [ ] in place — **{r['initiative']}** ({r['kpi'] or 'KPI'}"
            "): evidence: ____" for r in plan["rows"]]
    out += ["- [ ] none  [ ] partial  [ ] in place — **a cross-functional AI governance "
            "committee** with decision rights it uses: evidence: ____", ""]
    return "\n".join(out)
