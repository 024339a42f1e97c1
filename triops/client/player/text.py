"""The view, put into words: pure functions from a seat view (or part of one) to Content.

Panels and modals call these; nothing here keeps state or touches the network, so each
function can be tested with a plain dict.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from textual.content import Content

from triops.client.common.theme import GLYPHS
from triops.client.player.labels import PHASES, condition_label, role_label
from triops.game.model.vocab import METRIC_CODES, METRIC_NAMES, ROLES, counted
from triops.game.scenario.anchors import case_intro

View = Mapping[str, Any]


def me(view: View) -> str:
    return str(view.get("you", {}).get("role", ""))


def team(view: View) -> Mapping[str, Any]:
    return view.get("team", {})  # type: ignore[no-any-return]


def phase_text(game: Mapping[str, Any]) -> str:
    phase = str(game.get("phase", ""))
    q, total = game.get("quarter", 0), game.get("quarters", 0)
    if phase == "lobby":
        return "Lobby · waiting to start"
    if phase == "ended":
        return "Game over"
    label = PHASES.get(phase, phase)
    if q == 0:  # setup is not a quarter: drafting the plan before Q1
        return f"Setup, before Q1 of {total} · {'drafting' if phase == 'planning' else label}"
    return f"Q{q} of {total} · {label}"


def seat_label(view: View, role: str) -> str:
    seat = team(view).get("seats", {}).get(role, {})
    name = str(seat.get("name") or "")
    if role == me(view):
        if seat.get("holder") == "bot":  # the facilitator seated a bot while you were away
            # Short, so the ready line fits: the facilitator hands the seat back.
            return f"{role_label(role)} (you: {GLYPHS['bot']}bot plays until handed back)"
        return f"{role_label(role)} (you)"
    if seat.get("holder") == "human":
        return f"{role_label(role)} {name}".strip()
    if seat.get("holder") == "bot" or seat.get("holder") == "empty":
        return f"{role_label(role)} {GLYPHS['bot']}bot"
    return role_label(role)


def short_seat_label(view: View, role: str) -> str:
    """A seat in a few characters, for a narrow terminal: 'D ⚙', 'M you', 'F Bob'."""
    seat = team(view).get("seats", {}).get(role, {})
    initial = role_label(role)[:1]
    if role == me(view):
        return f"{initial} you" + (f" {GLYPHS['bot']}" if seat.get("holder") == "bot" else "")
    if seat.get("holder") == "human":
        name = str(seat.get("name") or "").strip()
        return f"{initial} {name[:8]}".strip()
    if seat.get("holder") in ("bot", "empty"):
        return f"{initial} {GLYPHS['bot']}"
    return initial


def teammates(view: View, short: bool = False) -> Content:
    """'Ready: ✓ MLOps ⚙bot · ○ FinOps Bob · ○ DataOps (you)': ✓ ready, ○ not yet; `short`
    (a narrow terminal): 'Ready ✓ D ⚙ · ○ F Bob · ○ M you'.

    A glyph carries the state; colour only repeats it.
    """
    seats = team(view).get("seats", {})
    parts: list[Content] = [Content.styled("Ready " if short else "Ready: ", "bold")]
    for n, role in enumerate(ROLES):
        ready = bool(seats.get(role, {}).get("ready"))
        if n:
            parts.append(Content(" · "))
        glyph = GLYPHS["ready"] if ready else GLYPHS["dot_empty"]
        label = short_seat_label(view, role) if short else seat_label(view, role)
        parts.append(Content.styled(f"{glyph} {label}", "$success" if ready else ""))
    return Content.assemble(*parts)


def ready_count(view: View) -> tuple[int, int]:
    seats = team(view).get("seats", {})
    return sum(1 for r in ROLES if seats.get(r, {}).get("ready")), len(ROLES)


def my_credits(view: View) -> tuple[int, bool]:
    """(credits this seat can spend now, whether that is the pooled budget)."""
    budget = team(view).get("budget", {})
    if budget.get("pool") is not None:
        return int(budget["pool"]), True
    return int(budget.get("envelopes", {}).get(me(view), 0)), False


def my_ap(view: View) -> int:
    return int(team(view).get("seats", {}).get(me(view), {}).get("ap", 0))


def budget_line(view: View) -> Content:
    game = view.get("game", {})
    if game.get("phase") == "lobby" or (game.get("quarter") == 0 and game.get("phase")
                                        == "planning"):
        return Content.styled("Budget and AP arrive in Q1", "$text-muted")
    credits, pooled = my_credits(view)
    held = team(view).get("budget", {}).get("held", 0)
    label = "Pool" if pooled else "Envelope"
    return Content.assemble((f"{label} ", "bold"), (f"{credits} cr", "bold $secondary"),
                            (f" (team {held})", "$text-muted"), " · ",
                            ("AP ", "bold"), (str(my_ap(view)), "bold $secondary"))


def cost_text(cost: Mapping[str, int], ap: Mapping[str, int]) -> str:
    """'DataOps 1 cr + 1 AP · FinOps 2 cr' in role order."""
    parts = []
    for role in ROLES:
        c, a = int(cost.get(role, 0)), int(ap.get(role, 0))
        if not (c or a):
            continue
        bits = [f"{c} cr"] if c else []
        bits += [f"{a} AP"] if a else []
        parts.append(f"{role_label(role)} {' + '.join(bits)}")
    return " · ".join(parts) or "free"


def shortfalls(view: View, cost: Mapping[str, int], ap: Mapping[str, int],
               reserved_cr: Mapping[str, int] | None = None,
               reserved_ap: Mapping[str, int] | None = None) -> list[str]:
    """Which seats cannot cover their part now (what a current draft reserves counts back)."""
    t = team(view)
    seats = t.get("seats", {})
    budget = t.get("budget", {})
    pool = budget.get("pool")
    out = []
    back_cr = reserved_cr or {}
    back_ap = reserved_ap or {}
    if pool is not None:
        need = sum(int(v) for v in cost.values()) - sum(int(v) for v in back_cr.values())
        if need > int(pool):
            out.append(f"the pool holds {pool} cr, this needs {need}")
    for role in ROLES:
        have_ap = int(seats.get(role, {}).get("ap", 0)) + int(back_ap.get(role, 0))
        if int(ap.get(role, 0)) > have_ap:
            out.append(f"{role_label(role)} has {have_ap} AP, needs {ap[role]}")
        if pool is None:
            have = int(budget.get("envelopes", {}).get(role, 0)) + int(back_cr.get(role, 0))
            if int(cost.get(role, 0)) > have:
                out.append(f"{role_label(role)} has {have} cr, needs {cost[role]}")
    return out


def option_text(options: Sequence[Mapping[str, Any]], ident: str | None) -> str:
    for option in options:
        if option.get("id") == ident:
            return str(option.get("text", ident))
    return str(ident or "")


def first_words(text: str, words: int = 6) -> str:
    """The opening words of an option, to name it in a prompt: "Quarantine the feed, roll…"."""
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def letter(n: int) -> str:
    return chr(ord("A") + n)


def open_incidents(view: View) -> list[Mapping[str, Any]]:
    return [i for i in team(view).get("incidents", []) if i.get("status") == "open"]


def span(least: int, most: int) -> str:
    """A number, or a range of them: "2", "1–2"."""
    return str(most) if least == most else f"{least}–{most}"


def response_ap_needs(view: View) -> list[tuple[str, int, int]]:
    """The AP this seat still needs to respond to each open incident, from the view's
    numbers, as (title, least, most): the drafted plan's part not reserved yet, or else the
    range the plans ask of this seat (plans available now first). The seat cannot tell which
    plan fits, so the most is what it should keep. Incidents whose plans need none of this
    seat's AP are left out."""
    mine = me(view)
    out = []
    for inc in open_incidents(view):
        responses = list(inc.get("responses", []))
        drafted = next((r for r in responses if r.get("id") == inc.get("response")), None)
        if drafted is not None:
            reserved = int(inc.get("reserved", {}).get("ap", {}).get(mine, 0))
            least = most = max(0, int(drafted.get("ap", {}).get(mine, 0)) - reserved)
        else:
            usable = [r for r in responses if not r.get("missing")] or responses
            asks = [int(r.get("ap", {}).get(mine, 0)) for r in usable] or [0]
            least, most = min(asks), max(asks)
        if most:
            out.append((str(inc.get("title", inc.get("id"))), least, most))
    return out


def left_without_a_plan(view: View, inc: Mapping[str, Any], plan: str) -> list[str]:
    """The other open incidents with no drafted plan that drafting `plan` on `inc` would leave
    with every plan blocked, each with the first reason. A newcomer's plan took a teammate's
    last AP, and every plan for the next incident was blocked: it escalated unanswered."""
    chosen = next((r for r in inc.get("responses", []) if r.get("id") == plan), None)
    if chosen is None:
        return []
    reserved = inc.get("reserved", {})
    # What this plan takes beyond what the incident's current draft already holds, as negative
    # "reserved" amounts: shortfalls then counts them as spent.
    held_cr, held_ap = reserved.get("cr", {}), reserved.get("ap", {})
    taken_cr: dict[str, int] = {r: int(held_cr.get(r, 0)) - int(chosen.get("cost", {}).get(r, 0))
                                for r in ROLES}
    taken_ap: dict[str, int] = {r: int(held_ap.get(r, 0)) - int(chosen.get("ap", {}).get(r, 0))
                                for r in ROLES}
    out = []
    for other in open_incidents(view):
        plans = [r for r in other.get("responses", []) if not r.get("missing")]
        if other.get("id") == inc.get("id") or other.get("response") or not plans:
            continue
        if any(not shortfalls(view, r.get("cost", {}), r.get("ap", {})) for r in plans):
            after = [shortfalls(view, r.get("cost", {}), r.get("ap", {}), taken_cr, taken_ap)
                     for r in plans]
            if all(after):
                reason = Counter(w for why in after for w in why).most_common(1)[0][0]
                out.append(f"{other.get('title', other.get('id'))} ({reason})")
    return out


def initiative_names(view: View) -> dict[str, str]:
    return {i["id"]: i["name"] for i in team(view).get("initiatives", [])}


def incident_draft(view: View, inc: Mapping[str, Any]) -> list[Content]:
    """The team's current draft for one incident, with what is missing called out."""
    lines = []
    diag = inc.get("diagnosis")
    if diag:
        n = next((k for k, d in enumerate(inc.get("diagnoses", [])) if d.get("id") == diag), 0)
        lines.append(Content.assemble(
            (f"{GLYPHS['yes']} Diagnosis {letter(n)}: ", "bold $success"),
            option_text(inc.get("diagnoses", []), diag),
            (f"  (by {role_label(str(inc.get('diagnosis_by', '')))})", "$text-muted")))
    else:
        lines.append(Content.styled(f"{GLYPHS['warn']} No diagnosis yet", "bold $warning"))
    resp = inc.get("response")
    if resp:
        n = next((k for k, r in enumerate(inc.get("responses", [])) if r.get("id") == resp), 0)
        reserved = inc.get("reserved", {})
        lines.append(Content.assemble(
            (f"{GLYPHS['yes']} Response {n + 1}: ", "bold $success"),
            option_text(inc.get("responses", []), resp),
            (f"  (by {role_label(str(inc.get('response_by', '')))}; reserves "
             f"{cost_text(reserved.get('cr', {}), reserved.get('ap', {}))})", "$text-muted")))
    else:
        lines.append(Content.styled(f"{GLYPHS['warn']} No response yet: an incident left "
                                    "alone escalates", "bold $warning"))
        # Plans another incident's draft has left unaffordable, said before the plan list: a
        # tester found out only there that the seat every fitting plan needed had no AP left.
        responses = list(inc.get("responses", []))
        names = initiative_names(view)
        why = [[*(condition_label(str(m), names) for m in r.get("missing") or []),
                *shortfalls(view, r.get("cost", {}), r.get("ap", {}))] for r in responses]
        blocked = [w for w in why if w]
        if blocked:
            reasons = Counter(m for w in blocked for m in w)
            lines.append(Content.styled(
                f"  {len(blocked)} of {len(responses)} plans blocked now, most often: "
                f"{reasons.most_common(1)[0][0]}", "$warning"))
    return lines


def pledged_initiatives(view: View) -> list[Mapping[str, Any]]:
    return [i for i in team(view).get("initiatives", [])
            if i.get("next") and i["next"].get("pledges")]


def funding_line(ini: Mapping[str, Any]) -> Content:
    nxt = ini["next"]
    pledged = sum(int(v) for v in nxt.get("pledges", {}).values())
    cost = int(nxt.get("cost", 0))
    short = list(nxt.get("owners_short") or [])
    head = f"{ini['id']} {ini['name']} → {nxt['level']}: {pledged}/{cost} cr"
    # The server marks a level that would land after the last quarter as waste.
    waste = ((f" — WASTE: it would take effect from Q{nxt.get('takes_effect')}, after the "
              "last quarter; take the pledges back (u)", "$warning bold")
             if nxt.get("wasted") else "")
    if pledged >= cost and not short:
        if waste:
            return Content.assemble((f"{GLYPHS['warn']} ", "$warning bold"), head,
                                    (" — will be bought", "$warning"), waste)
        return Content.assemble((f"{GLYPHS['yes']} ", "$success"), head,
                                (" — will be bought", "$success"))
    why = []
    if pledged < cost:
        why.append(f"{cost - pledged} cr short")
    if short:
        why.append("still needs a share from " + ", ".join(role_label(r) for r in short))
    return Content.assemble((f"{GLYPHS['warn']} ", "$warning bold"), head,
                            (" — NOT bought unless: " + "; ".join(why), "$warning"),
                            (" (pledges come back)", "$text-muted"), waste)


def commit_summary(view: View, solo: bool = False) -> Content:
    """What the team will commit if the quarter resolved now (the Ready screen). `solo`: no
    facilitator can end the quarter."""
    game = view.get("game", {})
    t = team(view)
    q = int(game.get("quarter", 0))
    out: list[Content] = []
    if q == 0:
        roadmap = t.get("roadmap", [])
        problems = t.get("charter_problems", [])
        out.append(Content.styled("Setup artefacts", "bold $accent"))
        out.append(Content(f"  Roadmap: {counted(len(roadmap), 'line')}"
                           + ("" if roadmap else f"  {GLYPHS['warn']} empty: draft one (5)")))
        if problems:
            out.append(Content(f"  Charter: {GLYPHS['warn']} not complete: " + "; "
                               .join(problems)))
        else:
            out.append(Content(f"  Charter: {GLYPHS['yes']} complete"))
        stds = t.get("standards", [])
        out.append(Content(f"  Standards proposed: {len(stds)}"))
        out.append(Content.styled("  Funding opens in Q1.", "$text-muted"))
    else:
        incidents = open_incidents(view)
        out.append(Content.styled(f"Incidents ({len(incidents)} open)", "bold $accent"))
        if not incidents:
            out.append(Content.styled("  none open", "$text-muted"))
        for inc in incidents:
            out.append(Content.assemble("  ", (str(inc.get("title")), "bold"),
                                        f"  severity {inc.get('severity')}"))
            out.extend(Content.assemble("    ", line) for line in incident_draft(view, inc))
            if inc.get("clock_due") is not None and not inc.get("notified"):
                due = int(inc["clock_due"])
                when = "as this quarter resolves" if due <= q else f"at the end of Q{due}"
                if due > q and inc.get("response"):
                    # Resolving it settles the clock too: "due at the end of Q3" beside a
                    # plan that resolved it in Q2 cost a newcomer the missed-deadline fine.
                    when = ("this quarter: a plan is drafted, and if it resolves the incident "
                            "the clock closes with it, unreported")
                out.append(Content.styled(
                    f"    {GLYPHS['warn']} Regulator clock on {inc.get('title')}: not notified, "
                    f"due {when} (m)", "bold $warning"))
        out.append(Content(""))
        pledged = pledged_initiatives(view)
        out.append(Content.styled("Funding (pledges)", "bold $accent"))
        if not pledged:
            out.append(Content.styled("  nothing pledged this quarter", "$text-muted"))
        out.extend(Content.assemble("  ", funding_line(i)) for i in pledged)
        adopting: list[dict[str, Any]] = t.get("standards_due") or []
        if adopting:
            catalogue = (view.get("catalogue") or {}).get("standards") or {}
            out.append(Content(""))
            out.append(Content.styled("Standards adopted as the quarter resolves", "bold $accent"))
            out.extend(Content(
                f"  {(catalogue.get(d['standard']) or {}).get('name', d['standard'])}: "
                f"{d['cost']} cr to roll out, from "
                + ("the team pool" if (t.get("budget") or {}).get("pool") is not None
                   else f"{role_label(str(d['owner']))}'s envelope")) for d in adopting)
    out.append(Content(""))
    credits, pooled = my_credits(view)
    out.append(Content.styled("Your seat", "bold $accent"))
    if q:
        cap = view.get("briefing", {}).get("rules", {}).get("carry_over_cap")
        keeps = f"up to {cap} cr of the team's carries over" if cap else "carries over"
        if q >= int(game.get("quarters", 0) or q + 1):  # the last quarter: nothing follows it
            keeps = "unspent money is lost when the game ends"
        out.append(Content(f"  {'Pool' if pooled else 'Envelope'}: {credits} cr left ({keeps}) · "
                           f"{my_ap(view)} AP left (lost at the end of the quarter)"))
    _, total = ready_count(view)
    out.append(Content.assemble("  ", teammates(view)))
    out.append(Content.styled(f"  The quarter resolves when all {total} seats are ready"
                              + ("." if solo else ", the clock runs out, or the facilitator "
                                 "ends it."), "$text-muted"))
    return Content("\n").join(out)


# --- the quarter report ---------------------------------------------------------------------

REPORT_ORDER = ("incident_outcome", "incident_opened", "crisis", "waste", "idle_money",
                "metric_change", "value", "inject", "clock_met", "clock_missed", "funding",
                "upkeep", "budget", "loss", "standard", "setup")
WASTE = "Waste and idle money"
REPORT_HEADINGS = {
    "incident_outcome": "Incidents", "incident_opened": "Incidents", "crisis": "Incidents",
    "waste": WASTE, "idle_money": WASTE,
    "inject": "Events", "clock_met": "Events", "clock_missed": "Events",
    "funding": "Funding", "upkeep": "Funding", "budget": "Funding", "loss": "Funding",
    "standard": "Standards", "metric_change": "Metrics: every change and its causes",
    "value": "Business value", "setup": "Setup",
}


def metric_change(event: Mapping[str, Any]) -> list[Content]:
    d = event.get("data", {})
    metric = str(d.get("metric", ""))
    before, after = int(d.get("before", 0)), int(d.get("after", 0))
    delta = after - before
    arrow = GLYPHS["up"] if delta > 0 else GLYPHS["down"] if delta < 0 else GLYPHS["same"]
    style = "$success" if delta > 0 else "$error" if delta < 0 else "$text-muted"
    head = Content.assemble(
        (f"{METRIC_CODES.get(metric, '')} {METRIC_NAMES.get(metric, metric)}", "bold"),
        f"  {before} → {after} ", (f"{arrow}{abs(delta)}", f"bold {style}"))
    lines = [head]
    for cause in d.get("causes", []):
        c = int(cause.get("delta", 0))
        lines.append(Content.assemble("     • ", str(cause.get("cause", "")), " ",
                                      (f"{c:+d}", "$success" if c > 0 else "$error" if c < 0
                                       else "$text-muted")))
    return lines


def report_kind(event: Mapping[str, Any]) -> str:
    """Where an event goes in the report: a level the server marks as wasted (it lands after
    the last quarter) is listed with the idle money, not with what was funded."""
    kind = str(event.get("kind"))
    if kind == "funding" and event.get("data", {}).get("wasted"):
        return "waste"
    return kind


# An incident's result that closes it: the review then shows the real case behind it.
CLOSING_RESULTS = ("resolved", "over")


def case_line(incident: Mapping[str, Any], indent: str = "    ") -> Content | None:
    """The real case or framework behind an incident, as the server sends it once the
    incident is closed or the game has ended (None while it is not sent)."""
    anchor = str(incident.get("anchor") or "")
    if not anchor:
        return None
    label, text = case_intro(str(incident.get("anchor_kind") or ""), anchor)
    return Content.assemble(indent, (f"{label}: ", "bold $secondary"), (text, "italic"))


def report_text(events: Sequence[Mapping[str, Any]],
                incidents: Sequence[Mapping[str, Any]] = ()) -> Content:
    """A quarter report (view.team.reports[q]) grouped under headings, causes spelled out.

    Under each incident the quarter resolved, the real case or framework it draws on, from
    the team's incidents (`incidents`), which carry it once they are closed."""
    by_id = {str(i.get("id")): i for i in incidents}
    if not events:
        return Content.styled("No report for this quarter yet.", "$text-muted")
    rank = {k: n for n, k in enumerate(REPORT_ORDER)}
    ordered = sorted(events, key=lambda e: rank.get(report_kind(e), len(REPORT_ORDER)))
    out: list[Content] = []
    heading = None
    for event in ordered:
        kind = report_kind(event)
        h = REPORT_HEADINGS.get(kind, "Other")
        if h != heading:
            if heading is not None:
                out.append(Content(""))
            out.append(Content.styled(f"{GLYPHS['warn']} {h}" if h == WASTE else h,
                                      "bold $warning" if h == WASTE else "bold $accent"))
            heading = h
            if kind == "metric_change":
                # Every metric fell in a quarter a newcomer had played well, by a cause
                # only the glossary explained.
                out.append(Content.styled(
                    "  Each quarter a metric moves part of the way toward its baseline (where "
                    "the estate sits with nothing funded) plus what the initiatives in effect "
                    "add; incidents push it off that course (g: glossary).", "$text-muted"))
        if kind == "metric_change":
            out.extend(Content.assemble("  ", line) for line in metric_change(event))
        elif h == WASTE:
            out.append(Content.assemble(("  ! ", "bold $warning"), str(event.get("text", ""))))
        else:
            out.append(Content.assemble("  • ", str(event.get("text", ""))))
            data = event.get("data", {})
            if kind == "incident_outcome" and data.get("result") in CLOSING_RESULTS:
                case = case_line(by_id.get(str(data.get("incident")), {}))
                if case is not None:
                    out.append(case)
    return Content("\n").join(out)


def event_line(event: Mapping[str, Any]) -> Content:
    q = event.get("quarter", "")
    return Content.assemble((f"Q{q} ", "$text-muted"), str(event.get("text", "")))
