"""Persons and bots in a team: what each did in each seat, the record as persons made it (a solo
learner is graded on that alone), and what the bots did, in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from triops.game.model.state import Evidence, GameState, Team
from triops.game.model.vocab import ROLE_NAMES, ROLES, counted
from triops.game.scoring.objectives.assessment import assess_team
from triops.game.scoring.objectives.ledger import int_at, str_at, true_at
from triops.game.scoring.objectives.results import Assessment, SeatContribution
from triops.game.scoring.score import outcome_score


def seat_contributions(team: Team) -> tuple[SeatContribution, ...]:
    """One row per seat and per whoever acted in it: each person by name, and the bots.

    Rows follow who acted when they acted (the ledger and the chat keep it), so a person
    moved to another seat or team keeps their rows here; the seat's current holder always
    has a row, even an empty one.
    """
    counts: dict[tuple[str, str, str], dict[str, int]] = {}

    def row(role: str, actor: str, name: str) -> dict[str, int]:
        return counts.setdefault((role, actor or "bot", name if actor == "person" else ""), {})

    def add(role: str, actor: str, name: str, key: str, n: int = 1) -> None:
        if role in ROLES:
            bucket = row(role, actor, name)
            bucket[key] = bucket.get(key, 0) + n

    for role in ROLES:  # the current holders first, in seat order
        seat = team.seats.get(role)
        if seat is not None and seat.holder == "human":
            row(role, "person", seat.name)
        elif seat is not None:
            row(role, "bot", "")
    # Pledges count once committed: (initiative) -> (quarter, role, actor, name, amount).
    pending: dict[str, list[tuple[int, str, str, str, int]]] = {}
    for e in team.ledger:
        d = e.detail
        if e.kind == "share_clue":
            add(e.by, e.actor, e.name, "clues_shared")
        elif e.kind == "investigate":
            add(e.by, e.actor, e.name, "investigations")
            if true_at(d, "cross_role"):
                add(e.by, e.actor, e.name, "cross_role_investigations")
        elif e.kind == "diagnosis_proposed":
            add(e.by, e.actor, e.name, "diagnoses_proposed")
        elif e.kind == "response_proposed":
            add(e.by, e.actor, e.name, "responses_proposed")
        elif e.kind == "notify":
            add(e.by, e.actor, e.name, "notifications")
        elif e.kind == "pledge":
            ident = str_at(d, "initiative")
            # Pledges not funded at a resolution went back: older quarters' are stale.
            mine = [p for p in pending.get(ident, []) if p[0] == e.quarter]
            pending[ident] = [*mine, (e.quarter, e.by, e.actor, e.name, int_at(d, "amount"))]
        elif e.kind == "unpledge":
            ident = str_at(d, "initiative")
            pending[ident] = [p for p in pending.get(ident, []) if p[1] != e.by]
        elif e.kind == "initiative_funded":
            for _, who, actor, name, amount in pending.pop(str_at(d, "initiative"), []):
                add(who, actor, name, "credits_pledged", amount)
        elif e.kind == "transfer":
            add(e.by, e.actor, e.name, "credits_moved", int_at(d, "amount"))
        elif e.kind in ("roadmap", "charter", "standard_proposed", "standard_withdrawn"):
            add(e.by, e.actor, e.name, "artefact_edits")
    for message in team.chat:
        if message.kind == "chat" and message.sender in ROLES:
            author = message.author or _holder_kind(team, message.sender)
            add(message.sender, author, message.name, "chat_messages")
    out = []
    for role in ROLES:
        seat = team.seats.get(role)
        for (r, actor, name), c in counts.items():
            if r != role:
                continue
            if actor == "person":
                holder = "person"
            elif seat is not None and seat.holder == "bot":
                holder = f"bot ({seat.bot_level})"
            else:
                holder = "bot"
            out.append(SeatContribution(role, holder, name, **c))
    return tuple(out)


def _holder_kind(team: Team, role: str) -> str:
    seat = team.seats.get(role)
    return "person" if seat is not None and seat.holder == "human" else "bot"


def people_only(team: Team) -> Team:
    """The team's record as persons made it: every decision a bot made taken out.

    A solo learner is graded on this, so bots' work never lifts (or sinks) their levels.
    What happened to the team stays (incidents, injects, money lapsing, deadlines). An
    incident whose every judgement bots decided goes with them; of the others, a judgement
    bots decided alone goes, and in one a person took part the bots' part (diagnosis or
    response) is marked, so it counts neither for nor against the person, while the
    person's part counts, a wrong diagnosis too. A purchase stays when a person pledged to
    it, an adoption when a person proposed it, and only the persons' roadmap and charter
    revisions remain (as what they wrote: `assess_people` still judges their purchases
    against the roadmap the team had, whoever drafted it).
    """
    judged_by, bots_only = _who_judged(team.ledger)
    ledger = _persons_ledger(team.ledger, judged_by, bots_only)
    roadmap_keep = [e.actor != "bot" for e in team.ledger if e.kind == "roadmap"]
    charter_keep = [e.actor != "bot" for e in team.ledger if e.kind == "charter"]
    roadmaps = tuple(r for r, keep in zip(team.roadmap_revisions, roadmap_keep, strict=False)
                     if keep)
    charters = tuple(c for c, keep in zip(team.charter_revisions, charter_keep, strict=False)
                     if keep)
    return replace(team, ledger=ledger, roadmap_revisions=roadmaps,
                   roadmap=roadmaps[-1].entries if roadmaps else (),
                   charter_revisions=charters, charter=charters[-1].charter if charters else None)


def _who_judged(ledger: tuple[Evidence, ...]) -> tuple[dict[int, tuple[str, str]], set[str]]:
    """Who decided each judgement (by the outcome's index in the ledger: the diagnoser's and
    the responder's kind), and the incidents whose every judgement bots decided.

    The diagnosis committed is its proposer's (a person's when a person proposed it in this
    episode, whoever echoed it since), the response its proposer's (the outcome's own actor).
    """
    diagnosed: dict[tuple[str, str], str] = {}  # (incident, diagnosis) -> actor
    judged_by: dict[int, tuple[str, str]] = {}  # outcome's ledger index -> (diagnoser, responder)
    people_decided: dict[str, bool] = {}  # incident -> a person decided one of its judgements
    for index, e in enumerate(ledger):
        d = e.detail
        ident = str_at(d, "incident")
        if e.kind == "incident_recurred":
            diagnosed = {k: v for k, v in diagnosed.items() if k[0] != ident}
        elif e.kind == "diagnosis_proposed":
            key = (ident, str_at(d, "diagnosis"))
            if diagnosed.get(key) != "person":
                diagnosed[key] = e.actor
        elif e.kind == "incident_outcome":
            diagnosis = str_at(d, "diagnosis")
            diagnoser = diagnosed.get((ident, diagnosis), "") if diagnosis else ""
            responder = e.actor if str_at(d, "class") else ""
            judged_by[index] = (diagnoser, responder)
            people_decided[ident] = people_decided.get(ident, False) or not _bots_judged(
                diagnoser, responder)
    return judged_by, {i for i, person in people_decided.items() if not person}


def _persons_ledger(ledger: tuple[Evidence, ...], judged_by: Mapping[int, tuple[str, str]],
                    bots_only: set[str]) -> tuple[Evidence, ...]:
    """The ledger without the bots' decisions: what happened to the team stays, a purchase
    when a person pledged to it, an adoption when a person proposed it."""
    kept: list[Evidence] = []
    pledged_by_person: set[str] = set()
    proposed_by_person: dict[str, bool] = {}
    for index, e in enumerate(ledger):
        d = e.detail
        if e.kind == "pledge" and e.actor == "person":
            pledged_by_person.add(str_at(d, "initiative"))
        elif e.kind == "standard_proposed":
            proposed_by_person[str_at(d, "standard")] = e.actor != "bot"
        if e.kind == "incident_outcome":
            # Each judgement is the persons' when a person decided a part of it, or nobody
            # acted (left undone); a bot's part of it is marked, so it counts for nobody.
            diagnoser, responder = judged_by[index]
            if _bots_judged(diagnoser, responder) or str_at(d, "incident") in bots_only:
                continue
            kept.append(replace(e, detail={**d, "bot_diagnosis": diagnoser == "bot",
                                           "bot_response": responder == "bot"}))
            continue
        if e.actor == "bot" or str_at(d, "incident") in bots_only:
            continue
        if e.kind == "initiative_funded":
            ident = str_at(d, "initiative")
            if ident not in pledged_by_person:
                continue
            pledged_by_person.discard(ident)
        if e.kind == "standard_adopted" and not proposed_by_person.get(str_at(d, "standard")):
            continue
        kept.append(e)
    return tuple(kept)


def _bots_judged(diagnoser: str, responder: str) -> bool:
    """Whether bots alone decided a judgement (nobody acting leaves it the persons')."""
    return "bot" in (diagnoser, responder) and "person" not in (diagnoser, responder)


def has_bot_work(team: Team) -> bool:
    """Whether bots made any decision in this team (so persons' and bots' work differ)."""
    return any(e.actor == "bot" for e in team.ledger)


def people_in(team: Team) -> tuple[str, ...]:
    """The persons who acted in this team, in the order they first did."""
    names: dict[str, None] = {}
    for e in team.ledger:
        if e.actor == "person" and e.name:
            names.setdefault(e.name)
    for m in team.chat:
        if m.author == "person" and m.name:
            names.setdefault(m.name)
    return tuple(names)


def bot_summary(team: Team) -> tuple[str, ...]:
    """What the bots did in this team, in plain words, one line per seat they acted in."""
    out = []
    for c in seat_contributions(team):
        if c.holder == "person":
            continue
        parts = contribution_words(c)
        if parts:
            out.append(f"The {ROLE_NAMES.get(c.role, c.role)} bot: " + ", ".join(parts) + ".")
    return tuple(out)


def contribution_words(c: SeatContribution) -> list[str]:
    """What one seat did, counted in words ("1 investigation", "2 diagnoses proposed")."""
    return [counted(n, one, many) for n, one, many in (
            (c.artefact_edits, "roadmap, charter or standard edit",
             "roadmap, charter or standard edits"),
            (c.clues_shared, "clue shared", "clues shared"),
            (c.investigations, "investigation", ""),
            (c.diagnoses_proposed, "diagnosis proposed", "diagnoses proposed"),
            (c.responses_proposed, "response proposed", "responses proposed"),
            (c.notifications, "notification", ""),
            (c.credits_pledged, "cr committed to purchases", "cr committed to purchases"),
            (c.credits_moved, "cr moved to other seats", "cr moved to other seats"),
            (c.chat_messages, "chat message", "")) if n]


def assess_people(state: GameState, team_id: str) -> Assessment:
    """A team's levels from what its persons decided alone (`people_only`), now.

    Never overridden by the facilitator (their word is on the team's levels)."""
    whole = state.team(team_id)
    result = assess_team(people_only(whole), state.scenario, state.difficulty, state.quarter,
                         followed=whole)
    return replace(result, outcome=outcome_score(state.team(team_id), state.scenario,
                                                 state.quarter, final=state.phase == "ended"))
