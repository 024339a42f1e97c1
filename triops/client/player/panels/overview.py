"""The brief: what to do now, the team's draft at a glance, hints, my private dashboard,
goals, seam maturity, recent events and the organisation's story."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from triops.client.common.redraw import set_content
from triops.client.common.theme import GLYPHS
from triops.client.player.labels import role_label
from triops.client.player.panels.base import Panel
from triops.client.player.text import (
    event_line,
    incident_draft,
    open_incidents,
    pledged_initiatives,
)
from triops.game.model.vocab import SEAM_NAMES

SIGNALS = {
    "freshness_slo_met_pct": ("Critical tables meeting their freshness SLO", "%"),
    "contract_coverage_pct": ("Critical feeds under a data contract", "%"),
    "lineage_coverage_pct": ("Lineage coverage of critical data", "%"),
    "open_data_alerts": ("Open data-quality alerts", ""),
    "models_monitored_pct": ("Production models monitored for drift", "%"),
    "models_in_registry_pct": ("Models in the registry", "%"),
    "drift_alerts": ("Drift alerts", ""),
    "release_automation_pct": ("Release steps automated", "%"),
    "allocated_spend_pct": ("Spend allocated to an owner (tagged)", "%"),
    "forecast_variance_pct": ("Forecast variance", "%"),
    "unit_cost_visible": ("Unit costs visible", ""),
    "cost_anomalies": ("Cost anomalies open", ""),
}


def what_now(view: Mapping[str, Any], solo: bool = False) -> Content:
    """The steps for now. `solo`: no facilitator runs the game; the player moves it on (n)."""
    game = view.get("game", {})
    phase = game.get("phase")
    q = int(game.get("quarter", 0))
    seat = view.get("team", {}).get("seats", {}).get(view.get("you", {}).get("role"), {})
    if phase == "lobby":
        steps = [("The game starts in a moment. " if solo else
                  "Waiting for the facilitator to start the game. ")
                 + "Meanwhile read the organisation and its goals below, and say hello in "
                 "team chat (c)."]
    elif phase == "ended":
        steps = ["The game is over: see the end-of-game summary (e), the quarter reports "
                 "(key 6) and the leaderboard (key 7). "
                 + ("The summary names the debrief report written for you." if solo
                    else "Your facilitator has the debrief report.")]
    elif phase == "review":
        steps = ["The quarter has been resolved. Read the quarter report (key 6): every metric "
                 "change names its causes, and each diagnosis is marked right or wrong.",
                 "Press n when you have read it: that starts the next quarter." if solo
                 else "The facilitator starts the next quarter."]
    elif seat.get("ready"):
        steps = ["You are ready. Your teammates may still change drafts; r takes your ready "
                 "back if you want to change something."]
    elif q == 0:
        steps = ["Setup: no incidents and no funding yet. Together, draft the lesson's "
                 "artefacts (key 5): the roadmap (which initiative, when, who owns it, which "
                 "KPI), "
                 "the committee charter, and a few standards.",
                 "Talk in team chat (c): agree who drafts what.",
                 "Press r when you are done."]
    else:
        count = len(open_incidents(view))
        work = (f"{count} open incident{'s' if count > 1 else ''} (key 2): read your clues, "
                "share them (s), investigate (i), then agree a diagnosis (d) and a response "
                "(p)." if count else "No open incidents this quarter (key 2 lists the closed "
                "ones).")
        steps = [work,
                 "Initiatives (key 3): pledge credits (f) to what your roadmap says; check "
                 "owners and prerequisites.",
                 "Talk in team chat (c); pool clues before diagnosing.",
                 "Press r when your part is done: it shows what the team will commit."]
    lines = [Content.styled("What to do now", "bold $accent")]
    lines += [Content.assemble((f" {n}. ", "bold"), s) for n, s in enumerate(steps, 1)]
    return Content("\n").join(lines)


def team_status(view: Mapping[str, Any]) -> list[Content]:
    game = view.get("game", {})
    if game.get("phase") != "planning" or int(game.get("quarter", 0)) == 0:
        return []
    out = [Content.styled("The team's draft so far", "bold $accent")]
    incs = open_incidents(view)
    for inc in incs:
        out.append(Content.assemble(" ", (str(inc.get("title")), "bold")))
        out.extend(Content.assemble("   ", line) for line in incident_draft(view, inc))
    if not incs:
        out.append(Content.styled(" No open incidents.", "$text-muted"))
    pledged = pledged_initiatives(view)
    out.append(Content(f" Pledges on {len(pledged)} initiative(s): see 3 or press r."))
    return out


def private_lines(view: Mapping[str, Any]) -> list[Content]:
    role = str(view.get("you", {}).get("role", ""))
    signals = view.get("private", {})
    out = [Content.styled(f"Your {role_label(role)} dashboard (only you see this)",
                          "bold $accent")]
    for key, value in signals.items():
        if key not in SIGNALS:
            continue
        label, unit = SIGNALS[key]
        if isinstance(value, bool):
            shown = f"{GLYPHS['yes']} yes" if value else f"{GLYPHS['no']} no"
        else:
            shown = f"{value}{unit}"
        out.append(Content.assemble(f"  {label}: ", (shown, "bold")))
    return out


def goal_lines(view: Mapping[str, Any]) -> list[Content]:
    goals = view.get("briefing", {}).get("goals", [])
    met = view.get("team", {}).get("goals", {})
    out = [Content.styled("The organisation's goals", "bold $accent")]
    for g in goals:
        ok = bool(met.get(g.get("id")))
        out.append(Content.assemble(
            ("  " + (GLYPHS["yes"] + " met " if ok else GLYPHS["no"] + " not yet "),
             "bold $success" if ok else "$warning"), str(g.get("text", ""))))
    value = view.get("team", {}).get("value", 0)
    out.append(Content(f"  Business value delivered so far: {value} cr"))
    return out


def seam_lines(view: Mapping[str, Any]) -> list[Content]:
    seams = view.get("team", {}).get("seams", {})
    out = [Content.styled("Integration maturity by seam", "bold $accent")]
    out.append(Content("  " + " · ".join(f"{SEAM_NAMES.get(s, s)}: {lvl}"
                                         for s, lvl in seams.items())))
    return out


def inject_lines(view: Mapping[str, Any], activity: Sequence[Mapping[str, Any]]
                 ) -> list[Content]:
    """The injects that landed on the team this quarter, as the server's events told them."""
    quarter = view.get("game", {}).get("quarter")
    seen: set[str] = set()
    out: list[Content] = []
    for e in activity:
        if e.get("kind") != "inject" or e.get("quarter") != quarter:
            continue
        text = str(e.get("text", ""))
        if text in seen:
            continue
        seen.add(text)
        title = str(e.get("data", {}).get("title") or "")
        if title and text.startswith(f"{title}: "):
            out.append(Content.assemble((f"{GLYPHS['warn']} Inject: {title}", "bold $warning"),
                                        "\n   ", text[len(title) + 2:]))
        else:
            out.append(Content.styled(f"{GLYPHS['warn']} Inject: {text}", "bold $warning"))
    if out:
        out.insert(0, Content.styled("Injects this quarter", "bold $accent"))
    return out


def situation_lines(view: Mapping[str, Any]) -> list[Content]:
    game = view.get("game", {})
    team = view.get("team", {})
    out = []
    for clock in team.get("clocks", []):
        if clock.get("status") == "running":
            out.append(Content.styled(f"{GLYPHS['warn']} Clock: {clock.get('title')} — due "
                                      f"Q{clock.get('due')}", "bold $warning"))
    for mod in team.get("modifiers", []):
        out.append(Content.styled(f"Rule change in force to the end of Q{mod.get('until')}: "
                                  f"{mod.get('title', mod.get('inject'))} (changes "
                                  f"{mod.get('changes', mod.get('kind'))})", "$warning"))
    if game.get("paused"):
        out.append(Content.styled("Paused: the facilitator has paused the game.", "bold $warning"))
    return out


def brief_sections(view: Mapping[str, Any], activity: Sequence[Mapping[str, Any]],
                   solo: bool = False) -> dict[str, Content]:
    """The brief in sections, each drawn by its own widget: most change rarely."""
    game = view.get("game", {})
    briefing = view.get("briefing", {})
    head: list[Content] = [
        Content.assemble((str(game.get("title", "")), "bold underline"),
                         (f"  ({game.get('difficulty', '')})", "$text-muted")),
        Content(""), what_now(view, solo)]
    situation = [*inject_lines(view, activity), *situation_lines(view)]
    if situation:
        head += [Content(""), *situation]
    status = team_status(view)
    if status:
        head += [Content(""), *status]
    hints: list[Content] = []
    if briefing.get("hints"):
        hints = [Content.styled("Hints", "bold $accent")]
        hints += [Content.assemble((f"  Q{h.get('quarter')}: ", "bold"), str(h.get("text")))
                  for h in reversed(briefing["hints"][-2:])]
    state = [*private_lines(view), Content(""), *goal_lines(view), Content(""),
             *seam_lines(view)]
    recent: list[Content] = []
    if activity:
        recent = [Content.styled("Recent events", "bold $accent")]
        recent += [Content.assemble("  ", event_line(e)) for e in list(activity)[-8:]]
    story = [Content.styled("The organisation", "bold $accent"),
             Content(str(briefing.get("organisation", ""))), Content(""),
             Content.styled("The situation", "bold $accent"),
             Content(str(briefing.get("situation", "")))]
    join = Content("\n").join
    return {"head": join(head), "hints": join(hints), "state": join(state),
            "recent": join(recent), "story": join(story)}


def brief_text(view: Mapping[str, Any], activity: Sequence[Mapping[str, Any]]) -> Content:
    """The whole brief as one text (for tests and plain output)."""
    parts = [c for c in brief_sections(view, activity).values() if c.plain]
    return Content("\n\n").join(parts)


class OverviewPanel(Panel):
    TITLE = "Brief"
    HOW_TO = (
        "TriOps: your team of three runs an organisation's AI operations, one seat per "
        "discipline (DataOps, MLOps, FinOps). Each quarter: work the incidents, fund "
        "initiatives, keep the roadmap, charter and standards up to date, talk, then press r. "
        "The seven metrics on the right are the organisation's health; the learning "
        "objectives reward working across the seams: pooling clues, treating causes, "
        "planning in order, governing together."
    )

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.activity: Sequence[Mapping[str, Any]] = ()

    SECTIONS = ("head", "hints", "state", "recent", "story")

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="brief-scroll"):
            for name in self.SECTIONS:
                yield Static(id=f"brief-{name}", classes="brief-section")

    def show(self, view: Mapping[str, Any]) -> None:
        super().show(view)
        solo = bool(getattr(self.app, "SOLO", False))
        for name, content in brief_sections(view, self.activity, solo).items():
            widget = self.query_one(f"#brief-{name}", Static)
            set_content(widget, content)
            widget.display = bool(content.plain)

    def glossary_text(self) -> str:
        b = self.view.get("briefing", {})
        return " ".join([self.HOW_TO, str(b.get("organisation", "")),
                         str(b.get("situation", ""))]
                        + [str(h.get("text")) for h in b.get("hints", [])])
