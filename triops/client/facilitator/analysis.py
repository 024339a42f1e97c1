"""What the console reads out of the facilitator view: alerts, coverage, inject advice.

Pure functions of plain view data (and, where it helps, the scenario installed beside the
console). Nothing here talks to the server or touches a widget, so each rule that makes a
team stand out can be tested on its own and explained in the facilitator guide.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from triops.client.common.countdown import remaining
from triops.game.model.vocab import METRIC_CODES, METRIC_NAMES, OBJECTIVES, ROLE_NAMES, ROLES

View = Mapping[str, Any]
# Seats (team id, role) whose player's client is connected, from the server's `presence`;
# None while the console has not heard (an older server): then nothing is called dropped.
Presence = frozenset[tuple[str, str]] | None
DROPPED = "✗"  # a person's seat whose client is not connected

ROLE_SHORT = {"dataops": "D", "mlops": "M", "finops": "F"}
PAIRS: tuple[tuple[str, str], ...] = (("dataops", "mlops"), ("mlops", "finops"),
                                      ("dataops", "finops"))
OBJECTIVE_SHORT = {
    "LO1": "roadmap",
    "LO2": "diagnosing",
    "LO3": "responding",
    "LO4": "governance committee",
    "LO5": "standards",
}
# The team's own decisions that count as having worked on an objective. Passive entries
# (an incident opening, an inject arriving) do not: they happen to a team.
EXERCISED_BY: dict[str, tuple[str, ...]] = {
    "LO1": ("roadmap", "initiative_funded"),
    "LO2": ("diagnosis_proposed", "investigate", "share_clue"),
    "LO3": ("response_proposed", "notify"),
    "LO4": ("charter", "budget_pooled"),
    "LO5": ("standard_proposed",),
}
IDLE_SECONDS = 150.0  # no move from any seat of a team for this long in planning: idle
# Event kinds that mean a seat did something.
ACTIVITY_KINDS = frozenset({"chat", "draft", "pledge", "transfer", "clue_found", "artefact",
                            "ready", "standard", "notify"})


def pair_name(pair: tuple[str, str]) -> str:
    return f"{ROLE_NAMES[pair[0]]}–{ROLE_NAMES[pair[1]]}"


def pair_short(pair: tuple[str, str]) -> str:
    return f"{ROLE_SHORT[pair[0]]}–{ROLE_SHORT[pair[1]]}"


# --- the clock -----------------------------------------------------------------------------


def mmss(seconds: float) -> str:
    whole = int(max(0.0, seconds) + 0.999)  # past the deadline shows 00:00
    return f"{whole // 60:02d}:{whole % 60:02d}"


def clock_text(game: Mapping[str, Any], now: float) -> str:
    phase = game.get("phase", "lobby")
    if phase in ("lobby", "ended"):
        return ""
    left = remaining(game, now)
    if game.get("paused"):
        return "PAUSED" + (f" ({mmss(left)} left)" if left is not None else "")
    if left is None:
        return "waiting for you" if phase == "review" else "no clock"
    return "time is up" if left <= 0 else f"{mmss(left)} left"


def phase_text(game: Mapping[str, Any]) -> str:
    phase = str(game.get("phase", "lobby"))
    q = int(game.get("quarter", 0))
    if phase == "lobby":
        return "lobby (not started)"
    if phase == "ended":
        return "game over"
    name = "setup" if q == 0 and phase == "planning" else phase
    return f"Q{q}/{game.get('quarters', '?')} {name}"


# --- alerts --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Alert:
    """Why a team stands out: a word for the overview and a sentence for the drill-down."""

    word: str  # CRISIS | STUCK | OVER BUDGET | IDLE
    reason: str


def open_incidents(team: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [i for i in team.get("incidents", ()) if i.get("status") == "open"]


def upkeep_due(team: Mapping[str, Any]) -> int:
    return sum(int(i.get("upkeep") or 0) for i in team.get("initiatives", ())
               if i.get("level", "none") != "none")


def last_income(team: Mapping[str, Any]) -> int:
    """The quarterly budget the team last received (one income entry per envelope)."""
    incomes = [e for e in team.get("treasury", ()) if e.get("kind") == "income"]
    if not incomes:
        return 0
    last = max(int(e["quarter"]) for e in incomes)
    return sum(int(e["amount"]) for e in incomes if int(e["quarter"]) == last)


def alerts(team: Mapping[str, Any], game: Mapping[str, Any], last_move: float | None,
           now: float, idle_after: float = IDLE_SECONDS) -> list[Alert]:
    """Every reason this team needs the facilitator's eye, most urgent first.

    `last_move` is when the console last saw any seat of the team act in this phase (or
    when the phase began, or the console started, whichever is latest).
    """
    out: list[Alert] = []
    phase = game.get("phase")
    quarter = int(game.get("quarter", 0))
    incidents = open_incidents(team)
    seats = team.get("seats", {})
    # STUCK and IDLE call for coaching; a team of bots has nobody to coach.
    people = any(s.get("holder") == "human" for s in seats.values())
    for inc in incidents:
        if inc.get("crisis"):
            out.append(Alert("CRISIS", f"{inc['title']} is a crisis (severity "
                             f"{inc['severity']}): it damages the team every quarter."))
    for inc in incidents:
        if inc.get("crisis"):
            continue
        escalated = any(o.get("result") in ("escalated", "crisis") for o in inc.get("outcomes", ()))
        old = int(inc.get("opened", quarter)) < quarter
        missing = [w for w, k in (("diagnosis", "diagnosis"), ("response", "response"))
                   if not inc.get(k)]
        if phase == "planning" and people and (escalated or old) and missing:
            since = f"open since Q{inc.get('opened')}" + (", escalated" if escalated else "")
            out.append(Alert("STUCK", f"{inc['title']} ({since}) has no "
                             f"{' or '.join(missing)} drafted yet."))
    held = int(team.get("budget", {}).get("held", 0))
    due = upkeep_due(team)
    income = last_income(team)
    if phase in ("planning", "review") and quarter > 0 and due > held + income:
        out.append(Alert("OVER BUDGET", f"Upkeep of {due} cr is due next quarter; the team "
                         f"holds {held} cr and last received {income} cr, so levels will be "
                         "lost."))
    everyone_ready = all(s.get("ready") for s in seats.values()) if seats else False
    if (phase == "planning" and people and not game.get("paused") and not everyone_ready
            and last_move is not None and now - last_move >= idle_after):
        out.append(Alert("IDLE", f"No seat has made a move for {mmss(now - last_move)} "
                         "minutes; check on the team (or a dropped player)."))
    return out


# --- coverage ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Coverage:
    """Which objectives and which role pairs a team has worked on so far."""

    objectives: Mapping[str, int]  # LO -> the persons' decisions (a bots-only team: all)
    pairs: Mapping[tuple[str, str], int]  # role pair -> joint actions counted
    bots: Mapping[str, int] = field(default_factory=dict)  # LO -> the bots' decisions
    people: bool = False  # whether persons play in the team (then bots' work is apart)

    @property
    def missing_objectives(self) -> list[str]:
        """Objectives the team's people have not worked on (a bots-only team: nobody)."""
        return [o for o in OBJECTIVES if not self.objectives.get(o)]

    @property
    def missing_pairs(self) -> list[tuple[str, str]]:
        return [p for p in PAIRS if not self.pairs.get(p)]


def _pair(a: str, b: str) -> tuple[str, str] | None:
    if a == b or a not in ROLES or b not in ROLES:
        return None
    for pair in PAIRS:
        if {a, b} == set(pair):
            return pair
    return None


def _pairs_of(roles: Iterable[str]) -> list[tuple[str, str]]:
    found = []
    for a, b in itertools.combinations(sorted(set(roles)), 2):
        pair = _pair(a, b)
        if pair is not None:
            found.append(pair)
    return found


def coverage(team: Mapping[str, Any]) -> Coverage:
    """Read from the evidence ledger: decisions per objective, joint work per role pair.

    A role pair has worked together when a diagnosis pooled both roles' clues, both paid
    into an initiative that was funded, one moved credits to the other, or one investigated
    a clue of the other's discipline.
    """
    objectives = {o: 0 for o in OBJECTIVES}
    bots = {o: 0 for o in OBJECTIVES}
    pairs = {p: 0 for p in PAIRS}
    ledger = team.get("ledger", ())
    people = any(s.get("holder") == "human" for s in team.get("seats", {}).values()) or any(
        e.get("actor") == "person" for e in ledger)
    for e in ledger:
        kind = e.get("kind")
        # A bot's decision is the bots' work, never the people's (a bots-only team's counts).
        counts = bots if people and e.get("actor") == "bot" else objectives
        for objective, kinds in EXERCISED_BY.items():
            if kind in kinds:
                counts[objective] += 1
        d = e.get("detail", {})
        found: list[tuple[str, str]] = []
        if kind == "diagnosis_proposed":
            found = _pairs_of(d.get("pooled_roles") or ())
        elif kind == "initiative_funded":
            found = _pairs_of(d.get("contributors") or ())
        elif kind == "transfer":
            found = [p for p in [_pair(str(e.get("by", "")), str(d.get("to", "")))] if p]
        elif kind == "investigate":
            found = [p for p in [_pair(str(e.get("by", "")), str(d.get("clue_role", "")))] if p]
        for p in found:
            pairs[p] += 1
    return Coverage(objectives, pairs, bots, people)


# --- artefacts and seats -------------------------------------------------------------------


def artefacts_text(team: Mapping[str, Any]) -> str:
    """One line: roadmap size and revisions, charter state, standards adopted of proposed."""
    roadmap = team.get("roadmap", ())
    revisions = max(0, len(team.get("roadmap_revisions", ())) - 1)
    rm = f"R{len(roadmap)}" + (f"+{revisions}rev" if revisions else "") if roadmap else "R–"
    if not team.get("charter"):
        ch = "C–"
    elif team.get("committee_active"):
        ch = "C✓"
    else:
        ch = "Cdraft"
    standards = team.get("standards", ())
    adopted = sum(1 for s in standards if s.get("adopted") is not None)
    st = f"S{adopted}/{len(standards)}" if standards else "S–"
    return f"{rm} {ch} {st}"


def seats_text(team: Mapping[str, Any], presence: Presence = None) -> str:
    """Per seat: role letter, holder (P person, ✗ person dropped, B bot, - empty) and ready
    (✓ or ·)."""
    gone = set(dropped(team, presence))
    parts = []
    for role in ROLES:
        seat = team.get("seats", {}).get(role, {})
        holder = {"human": "P", "bot": "B"}.get(seat.get("holder", "empty"), "-")
        if role in gone:
            holder = DROPPED
        parts.append(f"{ROLE_SHORT[role]}{holder}{'✓' if seat.get('ready') else '·'}")
    return " ".join(parts)


def dropped(team: Mapping[str, Any], presence: Presence) -> list[str]:
    """The roles a person holds whose client is not connected (laptop shut, Wi-Fi gone)."""
    if presence is None:
        return []
    return [role for role in ROLES
            if team.get("seats", {}).get(role, {}).get("holder") == "human"
            and (str(team.get("id")), role) not in presence]


def returned(team: Mapping[str, Any], presence: Presence) -> list[str]:
    """The roles a bot plays for a person whose client is connected again."""
    if presence is None:
        return []
    return [role for role in ROLES
            if (seat := team.get("seats", {}).get(role, {})).get("holder") == "bot"
            and seat.get("name") and (str(team.get("id")), role) in presence]


def connection_label(team_id: str, role: str, seat: Mapping[str, Any],
                     presence: Presence) -> str:
    """Whether the seat's player is connected: words and a glyph, not colour alone."""
    human = seat.get("holder") == "human"
    if presence is None:  # not heard yet (or an older server): say so rather than guess
        return "unknown" if human else "—"
    if (team_id, role) in presence:
        return "connected"
    return f"{DROPPED} DROPPED" if human else "—"


def dropped_alert(team: Mapping[str, Any], presence: Presence,
                  game: Mapping[str, Any]) -> Alert | None:
    """A team with a person who is not connected: nobody plays that seat until they return."""
    return _people_alert("DROPPED", dropped(team, presence), team, game,
                         "not connected: nobody plays the seat. Their client reconnects by "
                         "itself; if they are gone, 4 then b seats a bot.")


def returned_alert(team: Mapping[str, Any], presence: Presence,
                   game: Mapping[str, Any]) -> Alert | None:
    """A person is back while the bot that stood in for them still plays: hand it back."""
    return _people_alert("BACK", returned(team, presence), team, game,
                         "connected again while a bot plays the seat: 4, highlight it, "
                         "h hands it back.")


def empty_seat_alert(team: Mapping[str, Any], game: Mapping[str, Any],
                     empty_level: str | None) -> Alert | None:
    """A seat nobody plays (a "no bots" game, after a move or before anyone joined): the
    quarter cannot end before the clock, since the seat will never say ready."""
    if empty_level != "none" or game.get("phase") in ("ended", "lobby"):
        return None
    roles = [r for r, s in team.get("seats", {}).items() if s.get("holder") == "empty"]
    if not roles:
        return None
    seats = ", ".join(ROLE_NAMES.get(r, r) for r in roles)
    return Alert("EMPTY SEAT", f"{seats}: nobody plays it and this game has no bots, so the "
                 "quarter waits for the clock. Move a person in (4, m) or seat a bot (4, b).")


def _people_alert(label: str, roles: Sequence[str], team: Mapping[str, Any],
                  game: Mapping[str, Any], says: str) -> Alert | None:
    if not roles or game.get("phase") == "ended":
        return None
    seats = team.get("seats", {})
    who = ", ".join(f"{seats[r].get('name') or 'a person'} ({ROLE_NAMES[r]})" for r in roles)
    return Alert(label, f"{who} {says}")


def incidents_text(team: Mapping[str, Any]) -> str:
    incidents = open_incidents(team)
    crises = sum(1 for i in incidents if i.get("crisis"))
    if not incidents:
        return "0"
    return f"{len(incidents)}" + (f" ({crises} CRISIS)" if crises else "")


def seat_label(seat: Mapping[str, Any], empty_level: str | None = None) -> str:
    """Who plays the seat. `empty_level` is the game's bot level for empty seats, if known."""
    holder = seat.get("holder", "empty")
    if holder == "human":
        return f"{seat.get('name') or 'a person'}"
    if holder == "bot":
        return f"bot ({seat.get('bot_level')})" + (f", standing in for {seat['name']}"
                                                    if seat.get("name") else "")
    if empty_level == "none":
        return "empty: waits for a person"
    if empty_level:
        return f"empty: a {empty_level} bot plays it"
    return "empty: a bot plays it if the game has bots"


def empty_text(empty_level: str | None) -> str:
    """What happens to a seat left empty, in this game."""
    if empty_level == "none":
        return "nobody plays it (this game has no bots), so the quarter waits for the clock"
    if empty_level:
        return f"a {empty_level} bot plays it"
    return "a bot plays it if the game has bots"


# --- injects -------------------------------------------------------------------------------


def describe_effect(effect: Mapping[str, Any]) -> str:
    kind = effect.get("kind")
    metric = str(effect.get("metric", ""))
    name = METRIC_NAMES.get(metric, metric)
    quarters = int(effect.get("quarters") or 0)
    lasting = f" for {quarters} quarter{'s' if quarters != 1 else ''}" if quarters else ""
    unless = [c.get("text", "") for c in effect.get("unless", ()) if isinstance(c, Mapping)]
    tail = f" unless {' and '.join(unless)}" if unless else ""
    if kind == "budget":
        amount = int(effect.get("amount") or 0)
        return f"budget {amount:+d} cr"
    if kind == "metric":
        return f"{name} {int(effect.get('delta') or 0):+d}{tail}"
    if kind == "modifier":
        return f"{name} {int(effect.get('delta') or 0):+d} each quarter{lasting}{tail}"
    if kind == "incident":
        return f"opens incident {effect.get('incident')}"
    if kind == "probability":
        tags = ", ".join(effect.get("tags") or ()) or "all"
        return f"{tags} incidents ×{float(effect.get('factor') or 1):g} likely{lasting}"
    if kind == "cost":
        which = ", ".join(effect.get("initiatives") or ()) or "initiatives"
        return f"{which} cost ×{float(effect.get('factor') or 1):g}{lasting}"
    if kind == "clock":
        fine = int(effect.get("fine") or 0)
        return (f"deadline in {quarters} quarter{'s' if quarters != 1 else ''}: "
                f"{effect.get('title', '')} (miss: {name} {int(effect.get('delta') or 0):+d}"
                + (f", {fine} cr fine" if fine else "") + ")")
    return str(kind)


def describe_inject(inject: Mapping[str, Any]) -> str:
    effects = [describe_effect(e) for e in inject.get("effects", ())]
    return "; ".join(effects) if effects else "narrative only (no effect on the numbers)"


def inject_reach(inject: Mapping[str, Any]) -> tuple[set[str], set[tuple[str, str]]]:
    """The objectives and role pairs an inject calls on, as the server worked them out
    (triops/game/scoring/inject_reach.py)."""
    reach = inject.get("reach") or {}
    return (set(reach.get("objectives", ())),
            {(str(a), str(b)) for a, b in reach.get("pairs", ())})


def received_injects(team: Mapping[str, Any]) -> set[str]:
    return {str(e.get("detail", {}).get("inject")) for e in team.get("ledger", ())
            if e.get("kind") == "inject_received"}


@dataclass(frozen=True, slots=True)
class Suggestion:
    team: str
    team_name: str
    inject: str
    title: str
    gap: str  # what the team has not touched, in words
    why: str
    objectives: tuple[str, ...] = field(default_factory=tuple)


def suggestions(view: View) -> list[Suggestion]:
    """For each team with a gap, the library inject that would make it work on the gap.

    The inject that reaches most of the team's untouched objectives wins, then the one that
    reaches most of its untouched role pairs, then library order. LO1 is left out: every
    inject invites a roadmap revision, and a team with no roadmap needs a word, not an event.
    Injects the team already received, or that the schedule will bring anyway, are passed
    over.
    """
    library = list(view.get("library", ()))
    pending = {s.get("inject") for s in view.get("schedule", ()) if s.get("status") == "pending"}
    reach = {i["id"]: inject_reach(i) for i in library}
    out = []
    for team in view.get("teams", ()):
        cov = coverage(team)
        got = received_injects(team)
        gaps_lo = [o for o in cov.missing_objectives if o != "LO1"]
        gaps_pairs = set(cov.missing_pairs)
        best: tuple[tuple[int, int], Mapping[str, Any], list[str], list[tuple[str, str]]] | None
        best = None
        for inject in library:
            if inject["id"] in got or inject["id"] in pending:
                continue
            objectives, pairs = reach[inject["id"]]
            hit_lo = [o for o in gaps_lo if o in objectives]
            hit_pairs = sorted(pairs & gaps_pairs)
            score = (len(hit_lo), len(hit_pairs))
            if score > (0, 0) and (best is None or score > best[0]):
                best = (score, inject, hit_lo, hit_pairs)
        if best is None:
            continue
        _, inject, hit_lo, hit_pairs = best
        gap = ", ".join(f"{o} ({OBJECTIVE_SHORT[o]})" for o in hit_lo)
        if hit_pairs:
            gap += ("; " if gap else "") + ", ".join(pair_name(p) for p in hit_pairs)
        out.append(Suggestion(team["id"], team["name"], inject["id"], inject["title"], gap,
                              describe_inject(inject), tuple(hit_lo)))
    return out


def library_row(inject: Mapping[str, Any]) -> tuple[str, str, str, str]:
    sched = inject.get("scheduled")
    return (inject["id"], inject["title"], describe_inject(inject),
            f"Q{sched}" if sched is not None else "")


def team_names(view: View) -> dict[str, str]:
    return {t["id"]: t["name"] for t in view.get("game", {}).get("teams", ())}


def targets_text(targets: Sequence[str], names: Mapping[str, str]) -> str:
    return ", ".join(names.get(t, t) for t in targets) if targets else "all teams"


def metric_row(team: Mapping[str, Any]) -> list[str]:
    metrics = team.get("metrics", {})
    return [str(metrics.get(m, "")) for m in METRIC_CODES]
