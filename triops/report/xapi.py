"""Learning records for a learning-management system: xAPI 1.0.3 statements per person.

For every person who played (by the name the facilitator or the player entered), from the
same report model the debrief reads, so a level or a line of evidence is never worked out
twice:

- *joined* their team (Activity Streams' `join`: ADL's own list has no "joined");
- *interacted* with each key decision the evidence ledger credits to them by name
  (diagnoses, responses, purchases they paid into, artefacts, as the objectives' evidence
  lists them), with what it led to;
- *completed* the game, with the team's outcome (0 to 100) as the score;
- *scored* each learning objective, LO1 to LO5: the level (1 beginning to 4 exemplary) as
  raw score, scaled to [0, 1], its name as the response and its evidence lines as a result
  extension. A team where bots decided too is scored on what its people decided, as the
  solo debrief grades it (`people` in the report model).

The last two only once the game has ended: a level mid-game is not a result.

Nothing else about a person leaves the room: the actor is an account on the game's own home
page named as entered (no e-mail, no address). Ids are UUIDv5s of the game and the
statement's content, so writing the file again gives the same ids and an LRS that already
holds them takes them as the same statements. The statement `version` is left out: the
specification asks a Learning Record Provider not to set it (and to set `1.0.0` if it does);
the 1.0.3 of the exchange goes in the `X-Experience-API-Version` header of the POST.

Pure functions; `triops.report.write_reports` writes the file.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

from triops.game.model.codec import to_plain
from triops.game.model.state import GameState
from triops.game.model.vocab import ROLE_NAMES
from triops.report.markdown import who
from triops.report.model import build_game_report

Plain = dict[str, Any]

FILE_NAME = "xapi-statements.json"
# `.invalid` is reserved (RFC 2606): it never resolves and belongs to nobody, so the default
# ids cannot collide with anyone's real ones. A school sets its own base with --xapi-base.
DEFAULT_BASE = "https://triops.invalid/"
LANG = "en"  # the game's text is English; the shortest valid tag, as the spec prefers

# Well-known verb IRIs: ADL's vocabulary where it has one, Activity Streams' for joining.
VERBS: dict[str, str] = {
    "joined": "http://activitystrea.ms/schema/1.0/join",
    "interacted": "http://adlnet.gov/expapi/verbs/interacted",
    "completed": "http://adlnet.gov/expapi/verbs/completed",
    "scored": "http://adlnet.gov/expapi/verbs/scored",
}
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
OBJECTIVE = "http://adlnet.gov/expapi/activities/objective"
LEVELS = 4  # beginning, developing, proficient, exemplary
OUTCOME_MAX = 100  # `triops.game.scoring.score.outcome_score` is 0 to 100


def check_base(base: str) -> str:
    """The base IRI with one trailing slash; an error unless it is an absolute http(s) IRL
    (it is also the account's homePage, which the spec wants resolvable in form)."""
    parts = urlsplit(base.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"the xAPI base must be an http(s) address, like {DEFAULT_BASE}; "
                         f"got {base!r}")
    return base.strip().rstrip("/") + "/"


def game_key(state: GameState) -> str:
    """A stable id for one game: its scenario, seed, teams and evidence ledgers. The same
    game replayed (from a record or from the server's store) gets the same key; a facilitator
    confirming a level afterwards does not change it, so the registration stays put."""
    plain = {"scenario": state.scenario.id, "seed": state.settings.seed,
             "teams": [[t.id, t.name, [to_plain(e) for e in t.ledger]] for t in state.teams]}
    text = json.dumps(plain, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def build_statements(state: GameState, base: str = DEFAULT_BASE,
                     timestamp: datetime | None = None) -> list[Plain]:
    """Every person's statements, person by person in the order the report lists them.

    `timestamp` is when the statements say the experience happened: the game's events carry
    quarters, not clock times, so the caller passes the end of the game when it knows it and
    the report time otherwise (now, by default)."""
    base = check_base(base)
    report = build_game_report(state)
    ids = _Ids(base, game_key(state))
    when = _timestamp(timestamp or datetime.now(UTC))
    teams = {t["id"]: t for t in report["teams"]}
    ranks = {r["team"]: r for r in report["leaderboard"]["final"]}
    out: list[Plain] = []
    seen: set[str] = set()
    for person in report["persons"]:
        name = str(person["name"])
        roles: dict[str, list[str]] = {}  # team -> the roles this person held in it
        for seat in person["seats"]:
            roles.setdefault(seat["team"], []).append(seat["role"])
        for team_id, held in roles.items():
            team = teams[team_id]
            for statement in _for_team(report, team, ranks.get(team_id), name, held, ids):
                statement = _stamp(statement, ids, when)
                # The same content is the same id; an LRS refuses a batch with an id twice.
                if statement["id"] not in seen:
                    seen.add(statement["id"])
                    out.append(statement)
    return out


def render_statements(statements: list[Plain]) -> str:
    """The JSON array an LRS accepts in one POST /statements."""
    return json.dumps(statements, indent=2, ensure_ascii=False) + "\n"


# --- the statements ------------------------------------------------------------------------


class _Ids:
    """The IRIs and UUIDs of one game under one base."""

    def __init__(self, base: str, key: str) -> None:
        self.base = base
        self.game = f"{base}games/{key}"
        self.registration = str(uuid.uuid5(uuid.NAMESPACE_URL, self.game))

    def team(self, team_id: str) -> str:
        return f"{self.game}/teams/{quote(team_id, safe='')}"

    def decision(self, team_id: str, quarter: int, text: str) -> str:
        digest = hashlib.sha256(text.encode()).hexdigest()[:12]
        return f"{self.team(team_id)}/decisions/q{quarter}-{digest}"

    def objective(self, objective: str) -> str:
        # The same LO in every game, so an LMS can line levels up across sessions.
        return f"{self.base}objectives/{quote(objective, safe='')}"

    def scenario(self, scenario_id: str) -> str:
        return f"{self.base}scenarios/{quote(scenario_id, safe='')}"

    def extension(self, name: str) -> str:
        return f"{self.base}xapi/extensions/{name}"

    def activity_type(self, name: str) -> str:
        return f"{self.base}xapi/activity-types/{name}"


def _for_team(report: Plain, team: Plain, rank: Plain | None, name: str, roles: list[str],
              ids: _Ids) -> Iterable[Plain]:
    game = report["game"]
    actor = {"objectType": "Agent", "name": name,
             "account": {"homePage": ids.base, "name": name}}
    game_activity = _activity(ids.game, f"TriOps: {game['scenario']['title']}",
                              game["scenario"]["summary"], SIMULATION)
    team_activity = _activity(ids.team(team["id"]), f"Team {team['name']}",
                              f"A team of the TriOps game {game['scenario']['title']}.",
                              ids.activity_type("team"))
    in_game = _context(ids, game, team, roles, parent=game_activity)

    yield {"actor": actor, "verb": _verb("joined"), "object": team_activity,
           "context": in_game}

    for decision in _decisions(team, name):
        yield {"actor": actor, "verb": _verb("interacted"),
               "object": _activity(ids.decision(team["id"], decision["quarter"],
                                                decision["decision"]),
                                   decision["decision"], None, ids.activity_type("decision")),
               "result": {"response": decision["consequence"],
                          "extensions": {ids.extension("tone"): decision["tone"]}},
               "context": _with(in_game, ids, quarter=decision["quarter"],
                                objectives=decision["objectives"])}

    outcome = team["outcome"]
    if not game["ended"]:
        return
    score = int(outcome["score"])
    yield {"actor": actor, "verb": _verb("completed"), "object": game_activity,
           "result": {"completion": True,
                      "score": {"scaled": round(score / OUTCOME_MAX, 4), "raw": score,
                                "min": 0, "max": OUTCOME_MAX},
                      "extensions": {ids.extension("outcome"): _outcome(outcome, rank)}},
           "context": _context(ids, game, team, roles, parent=None)}

    # A team where bots decided too is graded on its people's decisions (the solo rule).
    people = team.get("people")
    levels = people["objectives"] if people else team["objectives"]
    basis = "people" if people else "team"
    for objective in levels:
        level = int(objective["level"])
        result: Plain = {
            "score": {"scaled": round((level - 1) / (LEVELS - 1), 4), "raw": level,
                      "min": 1, "max": LEVELS},
            "response": objective["level_name"],
            "extensions": {
                ids.extension("evidence"): [_evidence_line(e) for e in objective["evidence"]],
                ids.extension("level"): _level(objective, basis),
            },
        }
        yield {"actor": actor, "verb": _verb("scored"),
               "object": _activity(ids.objective(objective["id"]),
                                   f"{objective['id']}: {objective['title']}", None, OBJECTIVE),
               "result": result, "context": in_game}


def _decisions(team: Plain, name: str) -> list[Plain]:
    """The person's key decisions: the evidence lines of the team's objectives credited to
    them by name, once each, with the objectives they bear on, oldest first."""
    found: dict[tuple[int, str, str], Plain] = {}
    for objective in team["objectives"]:
        for e in objective["evidence"]:
            if e.get("actor") != "person" or e.get("name") != name:
                continue
            key = (int(e["quarter"]), str(e["decision"]), str(e["consequence"]))
            entry = found.setdefault(key, {"quarter": key[0], "decision": key[1],
                                           "consequence": key[2], "tone": e["tone"],
                                           "objectives": []})
            entry["objectives"].append(objective["id"])
    return sorted(found.values(), key=lambda d: d["quarter"])


def _evidence_line(e: Plain) -> str:
    return f"Q{e['quarter']} · {e['decision']} (by {who(e)}) → {e['consequence']}"


def _level(objective: Plain, basis: str) -> Plain:
    """The level's own words: computed and, where the facilitator confirmed one, theirs."""
    out: Plain = {"basis": basis, "level": objective["level"],
                  "level_name": objective["level_name"], "computed": objective["computed"],
                  "computed_name": objective["computed_name"]}
    if objective.get("confirmed"):
        out["confirmed"] = objective["confirmed"]
        out["confirmed_name"] = objective["confirmed_name"]
        if objective.get("comment"):
            out["comment"] = objective["comment"]
    if objective.get("lift"):  # what would have lifted the computed level one rung
        out["next_level"] = objective["next_level"]
        out["lift"] = list(objective["lift"])
    return out


def _outcome(outcome: Plain, rank: Plain | None) -> Plain:
    out: Plain = {"value": outcome["value"], "value_goal": outcome["value_goal"],
                  "goals_met": sum(1 for g in outcome["goals"] if g["met"]),
                  "goals": len(outcome["goals"])}
    if rank is not None:
        out["rank"] = rank["rank"]
    return out


def _context(ids: _Ids, game: Plain, team: Plain, roles: list[str],
             parent: Plain | None) -> Plain:
    activities: Plain = {"grouping": [_activity(ids.scenario(game["scenario"]["id"]),
                                                game["scenario"]["title"], None,
                                                ids.activity_type("scenario"))]}
    if parent is not None:  # the game itself has no parent
        activities = {"parent": [parent], **activities}
    return {
        "registration": ids.registration,
        "platform": "TriOps",
        "contextActivities": activities,
        "extensions": {
            ids.extension("team"): {"id": team["id"], "name": team["name"]},
            ids.extension("roles"): [ROLE_NAMES.get(r, r) for r in roles],
            ids.extension("difficulty"): game["difficulty"],
        },
    }


def _with(context: Plain, ids: _Ids, **extensions: Any) -> Plain:
    return {**context, "extensions": {**context["extensions"],
                                      **{ids.extension(k): v for k, v in extensions.items()}}}


def _verb(name: str) -> Plain:
    return {"id": VERBS[name], "display": {LANG: name}}


def _activity(iri: str, name: str, description: str | None, kind: str) -> Plain:
    definition: Plain = {"name": {LANG: name}, "type": kind}
    if description:
        definition["description"] = {LANG: description}
    return {"objectType": "Activity", "id": iri, "definition": definition}


def _timestamp(when: datetime) -> str:
    """RFC 3339 in UTC to the millisecond, as the spec asks."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _stamp(statement: Plain, ids: _Ids, when: str) -> Plain:
    """Id and timestamp last: the id hashes the content without the time, so the same
    statement keeps its id whenever the file is written."""
    content = json.dumps(statement, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    ident = str(uuid.uuid5(uuid.UUID(ids.registration), content))
    return {"id": ident, **statement, "timestamp": when}
