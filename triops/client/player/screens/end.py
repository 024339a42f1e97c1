"""The end of the game: outcome, rank, goals, final metrics, objective levels, the real cases
behind the incidents, the report."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from triops.client.common.charts import MetricsPanel
from triops.client.common.redraw import set_content
from triops.client.common.theme import GLYPHS
from triops.client.player.text import case_line

LEVEL_NAMES = ("", "beginning", "developing", "proficient", "exemplary")


def outcome_lines(view: Mapping[str, Any]) -> list[Content]:
    you = view.get("you", {})
    rows = view.get("leaderboard", [])
    row = next((r for r in rows if r.get("team") == you.get("team")), None)
    out = [Content.styled("Game over", "bold $accent")]
    if row is not None:
        name = str(row.get("name"))
        out.append(Content.assemble(
            "" if name.lower().startswith("your ") else "Team ", (name, "bold $secondary"), ": ",
            (f"outcome {row.get('outcome')}/100", "bold"), f" · rank {row.get('rank')} of "
            f"{len(rows)} · business value {row.get('value')} cr"))
    team = view.get("team", {})
    goals = view.get("briefing", {}).get("goals", [])
    met = team.get("goals", {})
    out.append(Content(""))
    out.append(Content.styled(f"Goals met: {sum(1 for g in goals if met.get(g.get('id')))} of "
                              f"{len(goals)}", "bold"))
    for g in goals:
        ok = bool(met.get(g.get("id")))
        out.append(Content.assemble(("  " + (GLYPHS["yes"] if ok else GLYPHS["no"]) + " ",
                                     "$success" if ok else "$error"), str(g.get("text"))))
    tally = team.get("incident_tally")
    if tally:
        out.append(Content(""))
        out.append(Content(tally_text(tally)))
    return out


def case_lines(view: Mapping[str, Any]) -> list[Content]:
    """Every incident of the game, once each, with the real case or framework it draws on
    (the server sends each anchor once the game has ended)."""
    seen: set[str] = set()
    rows: list[Content] = []
    incidents = sorted(view.get("team", {}).get("incidents", []),
                       key=lambda i: (int(i.get("opened") or 0), str(i.get("id"))))
    for inc in incidents:
        spec = str(inc.get("spec") or inc.get("id"))
        line = case_line(inc, indent="    ")
        if spec in seen or line is None:
            continue
        seen.add(spec)
        rows.append(Content.assemble("  ", (str(inc.get("title", spec)), "bold"),
                                     (f"  (Q{inc.get('opened')})", "$text-muted")))
        rows.append(line)
    if not rows:
        return []
    return [Content.styled("The real cases behind your incidents", "bold $accent"), *rows]


def debrief_lines(view: Mapping[str, Any]) -> list[Content]:
    """The debrief cards the server sends once the game has ended: per incident, what it
    was, the red herring, your team's call, every plan judged against the true cause, and
    the real case. Falls back to the real cases alone when no cards came."""
    cards = view.get("team", {}).get("debrief") or []
    if not cards:
        return case_lines(view)
    out = [Content.styled("Debrief: each incident, its cause and the real case", "bold $accent")]
    for c in cards:
        out += [Content(""), Content.assemble("  ", (str(c.get("title")), "bold"),
                                              (f"  (Q{c.get('opened')})", "$text-muted")),
                Content.assemble("    ", ("What it was: ", "bold"), str(c.get("cause_text")))]
        if c.get("chain"):
            out.append(Content.assemble("    ", ("How it showed: ", "bold"),
                                        (str(c["chain"]), "$text-muted")))
        for h in c.get("herrings") or []:
            fell = " You fell for it." if h.get("fell") else ""
            out.append(Content.assemble("    ", ("The red herring: ", "bold"), str(h.get("text")),
                                        (fell, "bold $warning")))
        for t in c.get("teams") or []:
            right = bool(t.get("correct"))
            said = (Content.assemble("you diagnosed “", str(t["diagnosis"]), "” ",
                                     ("(right)" if right else "(wrong)",
                                      "$success" if right else "$error"))
                    if t.get("diagnosis") else Content("you made no diagnosis"))
            plan = (f"; your plan {t.get('verdict')}" if t.get("response")
                    else "; you committed no plan")
            out.append(Content.assemble("    ", ("Your call: ", "bold"), said, plan, ". ",
                                        str(t.get("result_text") or "")))
        out.append(Content.assemble("    ", ("The plans, against this cause:", "bold")))
        for p in c.get("plans") or []:
            fits = str(p.get("verdict", "")).startswith("treats this cause")
            out.append(Content.assemble("      " + GLYPHS["dot_full"] + " “", str(p.get("text")),
                                        "” — ", (str(p.get("verdict")),
                                                 "bold $success" if fits else "bold")))
            if p.get("explanation"):
                out.append(Content.styled(f"        {p['explanation']}", "$text-muted"))
        line = case_line({"anchor": c.get("anchor"), "anchor_kind": c.get("anchor_kind")})
        if line is not None:
            out.append(line)
    return out


def tally_text(tally: Mapping[str, int]) -> str:
    """The server's count of incidents and diagnoses (the debrief's): each incident once,
    judged by its last diagnosis; one that came back after a symptom fix counts again."""
    returned = int(tally.get("returned", 0))
    back = f" ({returned} came back after a symptom fix)" if returned else ""
    return (f"Incidents: {tally.get('incidents', 0)}{back} · diagnosed right "
            f"{tally.get('right', 0)} of {tally.get('judged', 0)} judged · escalations "
            f"{tally.get('escalations', 0)}")


def objective_lines(debrief: Mapping[str, Any] | None) -> list[Content]:
    """The objective levels of a team report (triops.report's model), when one is given.

    With `own` set (solo) they are the learner's own levels, graded on what the learner
    decided with the bots' work taken out, and `bots` says what the bots did, apart.
    """
    objectives = (debrief or {}).get("objectives") or []
    own = bool((debrief or {}).get("own"))
    out = [Content.styled("Your own decisions: learning objectives" if own
                          else "Learning objectives", "bold $accent")]
    if own and objectives:
        out.append(Content.styled("Graded on what you decided; what the bots did does not "
                                  "count towards your levels.", "$text-muted"))
    if not objectives:
        out.append(Content.styled(
            "Your levels on the five learning objectives, with the evidence behind each, are "
            "in the debrief report your facilitator exports and shares.", "$text-muted"))
        return out
    # The five levels together first, the evidence after: with each level's evidence under
    # it, LO1's long lines filled the screen and a newcomer took it for the only one.
    out += [level_line(o) for o in objectives]
    if own:
        out += team_level_lines(objectives, (debrief or {}).get("team_objectives") or [])
    # What kept a level low, from the report's own criteria: the evidence below lists what
    # went well, and a tester at "beginning" on LO1 found no reason on this screen.
    held = [(o, c) for o in objectives if (c := _holding_back(o)) is not None]
    if held:
        out.append(Content.styled("What kept a level down", "bold"))
    out += [Content.styled(f"  {o.get('id')} short of {c.get('level_name')}: {c.get('text')} "
                           f"({c.get('measured')})", "$text-muted") for o, c in held]
    evidence = [(o.get("id"), e) for o in objectives for e in (o.get("evidence") or [])[:2]]
    if evidence:
        out.append(Content.styled("Why: the decisions behind each level", "bold"))
    for ident, e in evidence:
        out.append(Content.styled(f"  {ident} Q{e.get('quarter')}: {e.get('decision')}"
                                  f"{evidence_who(e)} → {e.get('consequence')}",
                                  "$text-muted"))
    return out


def _holding_back(o: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The first criterion of the next level an objective below proficient did not meet."""
    level = int(o.get("computed") or 0)
    if level >= 3:
        return None
    return next((c for c in o.get("criteria") or []
                 if not c.get("met") and int(c.get("level") or 0) == level + 1), None)


def level_line(o: Mapping[str, Any], title: bool = True) -> Content:
    level = int(o.get("level", 0))
    name = o.get("level_name") or LEVEL_NAMES[max(0, min(4, level))]
    bar = GLYPHS["dot_full"] * level + GLYPHS["dot_empty"] * (4 - level)
    return Content.assemble((f"  {o.get('id')} ", "bold"), (bar, "$primary"),
                            (f" {name}", "bold"), f"  {o.get('title', '')}" if title else "")


def team_level_lines(own: list[Mapping[str, Any]], team: list[Mapping[str, Any]]
                     ) -> list[Content]:
    """The whole team's levels (you and the bots), as the report's objectives table gives
    them, apart from your own: a newcomer read "LO1 beginning" here and "LO1 proficient"
    in the report and could not tell which was theirs."""
    if not team:
        return []
    if same_levels(own, team):
        return [Content.styled("Your team (you and the bots): the same levels; the report's "
                               "objectives table shows these.", "$text-muted")]
    out = [Content.styled("Your team (you and the bots together): the levels in the report's "
                          "objectives table", "bold")]
    out += [level_line(o, title=False) for o in team]
    return out


def same_levels(own: list[Mapping[str, Any]], team: list[Mapping[str, Any]]) -> bool:
    levels = {str(o.get("id")): int(o.get("level", 0)) for o in own}
    return all(levels.get(str(o.get("id"))) == int(o.get("level", 0)) for o in team)


def evidence_who(e: Mapping[str, Any]) -> str:
    """Who made an evidence line's decision, in the report's words (`who`, from the line's
    stored actor): the bots, a person by name, or nothing for what happened to the team."""
    from triops.report.markdown import who  # the report's rule; only solo has a debrief

    said = who(dict(e))
    return f" ({said})" if said else ""


def bot_lines(debrief: Mapping[str, Any] | None) -> list[Content]:
    """What the bot teammates did (solo), apart from the learner's own levels."""
    if not (debrief or {}).get("own"):
        return []
    bots = [str(b) for b in (debrief or {}).get("bots") or []]
    out = [Content.styled("What the bots did", "bold $accent")]
    if not bots:
        out.append(Content.styled("The bots made no decision for the team: every level "
                                  "above is from your own work.", "$text-muted"))
    out += [Content(f"  {b}") for b in bots]
    return out


def report_lines(debrief: Mapping[str, Any] | None) -> list[Content]:
    d = debrief or {}
    path = d.get("path")
    if path and d.get("own") and not same_levels(d.get("objectives") or [],
                                                 d.get("team_objectives") or []):
        return [Content.assemble(("Your team's report: ", "bold"), str(path)),
                Content.styled("Its objectives table grades the whole team, bots included; "
                               "your own levels are under \"What the people decided, apart "
                               "from the bots\".", "$text-muted")]
    if path:
        return [Content.assemble(("Your team's report: ", "bold"), str(path))]
    return [Content.styled("The debrief report (Markdown, HTML and JSON) is exported by your "
                           "facilitator (from the console, or with `triops report`); ask for "
                           "your team's file.",
                           "$text-muted")]


class EndScreen(ModalScreen[None]):
    """Shown once when the game ends; Esc returns to the main screen to look around."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,e", "close", "Back to the game"),
                Binding("v", "app.review", "Peer review", show=False),
                Binding("q", "app.quit", "Quit")]

    def __init__(self, view: Mapping[str, Any], debrief: Mapping[str, Any] | None = None
                 ) -> None:
        super().__init__()
        self.view = view
        self.debrief = debrief
        self._composed = False

    def compose(self) -> ComposeResult:
        with Vertical(id="end-box") as box:
            box.border_title = "The end"
            box.border_subtitle = "Esc back to the game · q quit"
            with VerticalScroll():
                yield Static(id="end-outcome")
                yield MetricsPanel(full_names=True, id="end-metrics")
                yield Static(id="end-objectives")
                yield Static(id="end-cases")
                yield Static(id="end-bots")
                yield Static(id="end-report")

    def on_mount(self) -> None:
        self._composed = True
        self.show(self.view, self.debrief)

    def show(self, view: Mapping[str, Any], debrief: Mapping[str, Any] | None) -> None:
        self.view, self.debrief = view, debrief
        if not self._composed:
            return  # on_mount shows it
        team = view.get("team", {})
        set_content(self.query_one("#end-outcome", Static), Content("\n").join(outcome_lines(view)))
        metrics = self.query_one(MetricsPanel)
        metrics.border_title = "Final metrics"
        metrics.show(team.get("metrics", {}), team.get("history", []))
        set_content(self.query_one("#end-objectives", Static),
                    Content("\n").join(objective_lines(debrief)))
        cases = self.query_one("#end-cases", Static)
        lines = debrief_lines(view)
        set_content(cases, Content("\n").join(lines))
        cases.display = bool(lines)
        bots = self.query_one("#end-bots", Static)
        set_content(bots, Content("\n").join(bot_lines(debrief)))
        bots.display = bool(bot_lines(debrief))
        set_content(self.query_one("#end-report", Static),
                    Content("\n").join(report_lines(debrief)))
        # Lay the scroll area out again: the objectives once stayed at the placeholder's
        # height when the debrief arrived (a newcomer saw LO1 alone; a loaded CI run of the
        # solo debrief test, once), and a nested Static's new height does not always reach its
        # scroll parent's arrangement.
        self.query_one("#end-box VerticalScroll", VerticalScroll).refresh(layout=True)

    def action_close(self) -> None:
        self.dismiss(None)
