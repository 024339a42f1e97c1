"""xAPI learning records (issue 18, part 5): `triops report --xapi` writes, per person, joined,
key decisions, completed and a level per objective, and every statement is held to the
statement rules of xAPI 1.0.3 (Part Two, "Data") by a validator written here from the
specification: it is what an LRS would check before it accepts a POST /statements.

The game is a real one: two teams played to the end by bots and by people (their seats driven
by a small script that diagnoses, responds and pledges, as the tests of people's credit do)."""

from __future__ import annotations

import asyncio
import copy
import json
import re
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.game.helpers import retail
from triops.cli.main import main
from triops.game.bots.driver import BotTable
from triops.game.bots.strategies import team_policies
from triops.game.model.codec import to_plain
from triops.game.model.commands import (
    FACILITATOR,
    SERVER,
    Actor,
    Advance,
    Diagnose,
    ForceResolve,
    JoinSeat,
    OverrideLevel,
    Pledge,
    Respond,
    SetReady,
    StartGame,
    encode_actor,
    encode_command,
)
from triops.game.model.state import GameSettings, GameState
from triops.game.model.vocab import OBJECTIVES
from triops.game.record import GameRecord, record_to_plain, start_record
from triops.game.rules.legal import legal_commands
from triops.game.rules.new_game import new_game
from triops.game.rules.reducer import apply
from triops.report.model import build_game_report
from triops.report.xapi import DEFAULT_BASE, VERBS, build_statements, game_key

WHEN = datetime(2025, 5, 6, 15, 30, tzinfo=UTC)
# Herons: Ada with two bots. Otters: three people, no bot (so the team's levels, and the
# facilitator's confirmed level, are theirs).
PEOPLE = {("t1", "finops"): "Ada Lovelace", ("t2", "dataops"): "Bo",
          ("t2", "mlops"): "Chidi", ("t2", "finops"): "Dee"}
COMMENT = "Strong committee discussion in the room."


# --- the game ------------------------------------------------------------------------------


def _person_turn(table: BotTable, team_id: str, role: str) -> None:
    """What a person does in a planning phase: diagnoses what is open (Otters' FinOps
    guesses a red herring), answers one incident with a justified response, pledges once."""
    me = Actor.seat(team_id, role)
    for incident in table.state.team(team_id).incidents.values():
        if incident.status == "open" and incident.diagnosis is None:
            wrong = team_id == "t2" and role == "finops"
            table.submit(me, Diagnose(incident.id, "staffing" if wrong else incident.cause))
    legal = legal_commands(table.state, team_id, role)
    respond = next((c for c in legal if isinstance(c, Respond)), None)
    if respond is not None:
        table.submit(me, Respond(respond.incident, respond.response,
                                 "it treats the cause we found"))
    pledge = next((c for c in legal_commands(table.state, team_id, role)
                   if isinstance(c, Pledge)), None)
    if pledge is not None:
        table.submit(me, pledge)
    table.submit(me, SetReady(True))


def _table(end_at: int | None = None) -> BotTable:
    scenario = retail()
    settings = GameSettings(seed=5, team_names=("Herons", "Otters"))
    policies = {(team, role): policy for team, level in (("t1", "competent"), ("t2", "novice"))
                for role, policy in team_policies(level, scenario).items()
                if (team, role) not in PEOPLE}
    table = BotTable(new_game(scenario, settings), start_record(scenario, settings), policies)
    for (team, role), name in PEOPLE.items():
        table.submit(SERVER, JoinSeat(team, role, name))
    table.submit(FACILITATOR, StartGame())
    while table.state.phase != "ended" and (end_at is None or table.state.quarter < end_at):
        if table.state.phase == "planning":
            for team, role in PEOPLE:
                if not table.state.team(team).seats[role].ready:
                    _person_turn(table, team, role)
            table.play_planning()
            if table.state.phase == "planning":
                table.submit(FACILITATOR, ForceResolve())
        else:
            table.submit(FACILITATOR, Advance())
    return table


@cache
def finished() -> tuple[GameState, GameRecord]:
    """The game played to the end, then the facilitator confirms Otters' LO4 one level up."""
    table = _table()
    assert table.state.phase == "ended"
    computed = next(o for o in build_game_report(table.state)["teams"][1]["objectives"]
                    if o["id"] == "LO4")["computed"]
    level = ("developing", "proficient", "exemplary", "exemplary")[computed - 1]
    table.submit(FACILITATOR, OverrideLevel("t2", "LO4", level, COMMENT))
    return table.state, table.record


@cache
def statements() -> list[dict[str, Any]]:
    return build_statements(finished()[0], timestamp=WHEN)


# --- the validator: xAPI 1.0.3, Part Two (Data), statement rules ---------------------------
# Section numbers are the specification's. Each rule appends "path: what is wrong".

STATEMENT_KEYS = {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored",
                  "authority", "version", "attachments"}  # 2.4
AGENT_KEYS = {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}  # 2.4.2.1
GROUP_KEYS = {"objectType", "name", "member", "mbox", "mbox_sha1sum", "openid", "account"}
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")  # 2.4.2.3
ACTIVITY_KEYS = {"objectType", "id", "definition"}  # 2.4.4.1
DEFINITION_KEYS = {"name", "description", "type", "moreInfo", "extensions", "interactionType",
                   "correctResponsesPattern", "choices", "scale", "source", "target", "steps"}
INTERACTION_TYPES = {"true-false", "choice", "fill-in", "long-fill-in", "matching",
                     "performance", "sequencing", "likert", "numeric", "other"}
RESULT_KEYS = {"score", "success", "completion", "response", "duration", "extensions"}  # 2.4.5
SCORE_KEYS = {"scaled", "raw", "min", "max"}  # 2.4.5.1
CONTEXT_KEYS = {"registration", "instructor", "team", "contextActivities", "revision",
                "platform", "language", "statement", "extensions"}  # 2.4.6
CONTEXT_ACTIVITY_KEYS = {"parent", "grouping", "category", "other"}  # 2.4.6.2
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
                     re.IGNORECASE)  # 4.4: standard string form, RFC 4122 variant
# RFC 5646 in the shape the LRS must check (2.2.s4.b2): a 2-3 letter (or 4-8) language, then
# subtags of 1-8 letters or digits.
LANG_RE = re.compile(r"^(?:[A-Za-z]{2,3}|[A-Za-z]{4,8})(?:-[A-Za-z0-9]{1,8})*$")
# 4.5: ISO 8601, as RFC 3339 profiles it (SHOULD*), with a time zone (SHOULD*).
TIMESTAMP_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")
DURATION_RE = re.compile(r"^P(?=\d|T\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?"
                         r"(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$")  # 4.6
IRI_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`]")


def is_iri(value: Any) -> bool:
    """An absolute IRI (3.1, 2.2.s4.b1.b8): a scheme, something after it, nothing an IRI
    cannot hold; an http(s) one also names a host. A fragment alone is not one."""
    if not isinstance(value, str) or not value or IRI_FORBIDDEN.search(value):
        return False
    parts = urlsplit(value)
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme or ""):
        return False
    rest = value[len(parts.scheme) + 1:]
    if not rest:
        return False
    return bool(parts.netloc) if parts.scheme.lower() in ("http", "https") else True


def is_irl(value: Any) -> bool:
    return is_iri(value) and urlsplit(value).scheme.lower() in ("http", "https")


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class Rules:
    """Collects what breaks the rules in one statement."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, path: str, what: str) -> None:
        self.errors.append(f"{path}: {what}")

    def keys(self, value: dict[str, Any], allowed: set[str], path: str) -> None:
        for key in value:
            if key not in allowed:  # 2.2.s4.b1.b7, 2.2.s4.b8
                self.fail(f"{path}.{key}", "not a property the specification allows here")

    def obj(self, value: Any, path: str) -> bool:
        if not isinstance(value, dict):
            self.fail(path, "must be an object")
            return False
        if not value:
            self.fail(path, "an empty object SHOULD NOT be sent (2.2.s2.b1)")
        return True

    def string(self, value: Any, path: str) -> None:
        if not isinstance(value, str):
            self.fail(path, "must be a string")

    def language_map(self, value: Any, path: str) -> None:  # 4.2
        if not self.obj(value, path):
            return
        for tag, text in value.items():
            if not LANG_RE.match(tag):
                self.fail(f"{path}.{tag}", "key is not an RFC 5646 language tag")
            if not isinstance(text, str):
                self.fail(f"{path}.{tag}", "a language map's value must be a string")

    def iri(self, value: Any, path: str) -> None:
        if not is_iri(value):
            self.fail(path, f"must be an absolute IRI, got {value!r}")

    def uuid(self, value: Any, path: str) -> None:
        if not isinstance(value, str) or not UUID_RE.match(value):
            self.fail(path, f"must be a UUID in standard string form, got {value!r}")

    def timestamp(self, value: Any, path: str) -> None:  # 4.5, 2.4.7
        if not isinstance(value, str) or not TIMESTAMP_RE.match(value):
            self.fail(path, f"must be an ISO 8601 timestamp with a time zone, got {value!r}")
            return
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        if when > datetime.now(UTC) + timedelta(minutes=5):
            self.fail(path, "a Learning Record Provider MUST NOT use a future time (2.4.7)")

    def extensions(self, value: Any, path: str) -> None:  # 4.1
        if not isinstance(value, dict):
            self.fail(path, "extensions must be an object")
            return
        for key in value:
            if not is_iri(key):
                self.fail(f"{path}.{key}", "an extension key MUST be an IRI (4.1.s3.b1)")

    def no_nulls(self, value: Any, path: str) -> None:  # 2.2.s4.b1.b1
        if value is None:
            self.fail(path, "null is not allowed (except inside extensions)")
        elif isinstance(value, dict):
            for key, item in value.items():
                if key != "extensions":
                    self.no_nulls(item, f"{path}.{key}")
        elif isinstance(value, list):
            for n, item in enumerate(value):
                self.no_nulls(item, f"{path}[{n}]")

    # --- the parts ---

    def statement(self, s: Any, path: str = "statement") -> None:
        if not self.obj(s, path):
            return
        self.no_nulls(s, path)
        self.keys(s, STATEMENT_KEYS, path)
        for required in ("actor", "verb", "object"):  # 2.2.s2.b3
            if required not in s:
                self.fail(f"{path}.{required}", "required")
        if "id" in s:
            self.uuid(s["id"], f"{path}.id")  # 2.4.1
        if "actor" in s:
            self.agent_or_group(s["actor"], f"{path}.actor")
        if "verb" in s:
            self.verb(s["verb"], f"{path}.verb")
        if "object" in s:
            self.object(s["object"], f"{path}.object", s.get("verb"))
        if "result" in s:
            self.result(s["result"], f"{path}.result")
        if "context" in s:
            activity = isinstance(s.get("object"), dict) and \
                s["object"].get("objectType", "Activity") == "Activity"
            self.context(s["context"], f"{path}.context", activity)
        for key in ("timestamp", "stored"):
            if key in s:
                self.timestamp(s[key], f"{path}.{key}")
        if "authority" in s:
            self.agent_or_group(s["authority"], f"{path}.authority")
        if "version" in s and s["version"] != "1.0.0":
            # 2.4.10.s4.b1: a Learning Record Provider that sets it MUST set 1.0.0 (and an
            # LRS rejects anything not starting with 1.0.).
            self.fail(f"{path}.version", f"must be 1.0.0 when a provider sets it, got "
                                         f"{s['version']!r}")
        if "attachments" in s and not isinstance(s["attachments"], list):
            self.fail(f"{path}.attachments", "must be an array")

    def agent_or_group(self, a: Any, path: str, agent_only: bool = False) -> None:
        if not self.obj(a, path):
            return
        kind = a.get("objectType", "Agent")
        if kind == "Group" and not agent_only:
            self.group(a, path)
            return
        if kind != "Agent":
            self.fail(f"{path}.objectType", f"must be Agent{'' if agent_only else ' or Group'}")
            return
        self.keys(a, AGENT_KEYS, path)
        if "name" in a:
            self.string(a["name"], f"{path}.name")
        ifis = [k for k in IFIS if k in a]
        if len(ifis) != 1:  # 2.4.2.1.s2.b1, b2
            self.fail(path, f"an Agent needs exactly one inverse functional identifier, has "
                            f"{ifis or 'none'}")
        self.ifis(a, path)

    def group(self, g: dict[str, Any], path: str) -> None:  # 2.4.2.2
        self.keys(g, GROUP_KEYS, path)
        ifis = [k for k in IFIS if k in g]
        if len(ifis) > 1:
            self.fail(path, "an identified Group has exactly one inverse functional identifier")
        if not ifis and "member" not in g:
            self.fail(f"{path}.member", "an anonymous Group MUST list its members")
        if "member" in g:
            if not isinstance(g["member"], list):
                self.fail(f"{path}.member", "must be an array of Agents")
            else:
                for n, m in enumerate(g["member"]):
                    self.agent_or_group(m, f"{path}.member[{n}]", agent_only=True)
        self.ifis(g, path)

    def ifis(self, a: dict[str, Any], path: str) -> None:  # 2.4.2.3, 2.4.2.4
        if "mbox" in a and not (isinstance(a["mbox"], str) and a["mbox"].startswith("mailto:")):
            self.fail(f"{path}.mbox", "must be a mailto IRI")
        if "mbox_sha1sum" in a and not (isinstance(a["mbox_sha1sum"], str)
                                        and re.fullmatch(r"[0-9a-f]{40}", a["mbox_sha1sum"])):
            self.fail(f"{path}.mbox_sha1sum", "must be a hex SHA1")
        if "openid" in a:
            self.iri(a["openid"], f"{path}.openid")
        if "account" in a:
            acc = a["account"]
            if self.obj(acc, f"{path}.account"):
                self.keys(acc, {"homePage", "name"}, f"{path}.account")
                if not is_irl(acc.get("homePage")):
                    self.fail(f"{path}.account.homePage", "required, an IRL")
                if not isinstance(acc.get("name"), str) or not acc.get("name"):
                    self.fail(f"{path}.account.name", "required, a non-empty string")

    def verb(self, v: Any, path: str) -> None:  # 2.4.3
        if not self.obj(v, path):
            return
        self.keys(v, {"id", "display"}, path)
        self.iri(v.get("id"), f"{path}.id")
        if "display" not in v:
            self.fail(f"{path}.display", "SHOULD be used by all Statements (2.4.3.s5.b1)")
        else:
            self.language_map(v["display"], f"{path}.display")

    def object(self, o: Any, path: str, verb: Any) -> None:  # 2.4.4
        if not self.obj(o, path):
            return
        kind = o.get("objectType", "Activity")
        if isinstance(verb, dict) and verb.get("id") == "http://adlnet.gov/expapi/verbs/voided" \
                and kind != "StatementRef":
            self.fail(f"{path}.objectType", "a voiding statement's object is a StatementRef")
        if kind == "Activity":
            self.activity(o, path)
        elif kind in ("Agent", "Group"):
            self.agent_or_group(o, path)
        elif kind == "StatementRef":
            self.keys(o, {"objectType", "id"}, path)
            self.uuid(o.get("id"), f"{path}.id")
        elif kind == "SubStatement":
            for key in ("id", "stored", "version", "authority"):
                if key in o:
                    self.fail(f"{path}.{key}", "not allowed in a SubStatement")
            inner = {k: v for k, v in o.items() if k != "objectType"}
            if isinstance(inner.get("object"), dict) and \
                    inner["object"].get("objectType") == "SubStatement":
                self.fail(f"{path}.object", "a SubStatement cannot nest another")
            self.statement(inner, path)
        else:
            self.fail(f"{path}.objectType", f"unknown objectType {kind!r}")

    def activity(self, a: dict[str, Any], path: str) -> None:  # 2.4.4.1
        self.keys(a, ACTIVITY_KEYS, path)
        if a.get("objectType", "Activity") != "Activity":
            self.fail(f"{path}.objectType", "must be Activity")
        self.iri(a.get("id"), f"{path}.id")
        if "definition" not in a:
            return
        d = a["definition"]
        if not self.obj(d, f"{path}.definition"):
            return
        self.keys(d, DEFINITION_KEYS, f"{path}.definition")
        for key in ("name", "description"):
            if key in d:
                self.language_map(d[key], f"{path}.definition.{key}")
        if "type" in d:
            self.iri(d["type"], f"{path}.definition.type")
        if "moreInfo" in d and not is_irl(d["moreInfo"]):
            self.fail(f"{path}.definition.moreInfo", "must be an IRL")
        if "extensions" in d:
            self.extensions(d["extensions"], f"{path}.definition.extensions")
        if "interactionType" in d and d["interactionType"] not in INTERACTION_TYPES:
            self.fail(f"{path}.definition.interactionType", "not an interaction type")

    def result(self, r: Any, path: str) -> None:  # 2.4.5
        if not self.obj(r, path):
            return
        self.keys(r, RESULT_KEYS, path)
        for key in ("success", "completion"):
            if key in r and not isinstance(r[key], bool):
                self.fail(f"{path}.{key}", "must be a boolean")
        if "response" in r:
            self.string(r["response"], f"{path}.response")
        if "duration" in r and not (isinstance(r["duration"], str)
                                    and DURATION_RE.match(r["duration"])):
            self.fail(f"{path}.duration", "must be an ISO 8601 duration")
        if "extensions" in r:
            self.extensions(r["extensions"], f"{path}.extensions")
        if "score" in r:
            self.score(r["score"], f"{path}.score")

    def score(self, s: Any, path: str) -> None:  # 2.4.5.1
        if not self.obj(s, path):
            return
        self.keys(s, SCORE_KEYS, path)
        for key in SCORE_KEYS & s.keys():
            if not is_number(s[key]):
                self.fail(f"{path}.{key}", "must be a number")
        if any(not is_number(s[k]) for k in SCORE_KEYS & s.keys()):
            return
        if "scaled" in s and not -1 <= s["scaled"] <= 1:
            self.fail(f"{path}.scaled", "must be between -1 and 1")
        if "min" in s and "max" in s and not s["min"] < s["max"]:
            self.fail(f"{path}.min", "must be less than max")
        if "raw" in s and "min" in s and s["raw"] < s["min"]:
            self.fail(f"{path}.raw", "must not be below min")
        if "raw" in s and "max" in s and s["raw"] > s["max"]:
            self.fail(f"{path}.raw", "must not be above max")

    def context(self, c: Any, path: str, object_is_activity: bool) -> None:  # 2.4.6
        if not self.obj(c, path):
            return
        self.keys(c, CONTEXT_KEYS, path)
        if "registration" in c:
            self.uuid(c["registration"], f"{path}.registration")
        if "instructor" in c:
            self.agent_or_group(c["instructor"], f"{path}.instructor")
        if "team" in c and not (isinstance(c["team"], dict)
                                and c["team"].get("objectType") == "Group"):
            self.fail(f"{path}.team", "must be a Group")
        for key in ("revision", "platform"):
            if key in c:
                self.string(c[key], f"{path}.{key}")
                if not object_is_activity:  # 2.4.6.s4.b1, b2
                    self.fail(f"{path}.{key}", "only when the object is an Activity")
        if "language" in c and not (isinstance(c["language"], str)
                                    and LANG_RE.match(c["language"])):
            self.fail(f"{path}.language", "must be an RFC 5646 tag")
        if "statement" in c:
            self.object({**c["statement"], "objectType": "StatementRef"}
                        if isinstance(c["statement"], dict) else c["statement"],
                        f"{path}.statement", None)
        if "extensions" in c:
            self.extensions(c["extensions"], f"{path}.extensions")
        if "contextActivities" in c:
            ca = c["contextActivities"]
            if self.obj(ca, f"{path}.contextActivities"):
                self.keys(ca, CONTEXT_ACTIVITY_KEYS, f"{path}.contextActivities")  # 2.4.6.2
                for key, value in ca.items():
                    where = f"{path}.contextActivities.{key}"
                    if not isinstance(value, list):  # 2.4.6.2.s4.b5: arrays, always
                        self.fail(where, "SHOULD be an array of Activities")
                        value = [value]
                    for n, activity in enumerate(value):
                        if self.obj(activity, f"{where}[{n}]"):
                            self.activity(activity, f"{where}[{n}]")


def statement_errors(statement: Any) -> list[str]:
    rules = Rules()
    rules.statement(statement)
    return rules.errors


def batch_errors(statements: Any) -> list[str]:
    """A POST /statements body: an array of valid statements with distinct ids (an LRS
    rejects a batch holding one id twice, Part Three 2.1.2.s2.b6)."""
    if not isinstance(statements, list) or not statements:
        return ["the batch must be a non-empty array"]
    errors = [f"[{n}] {e}" for n, s in enumerate(statements) for e in statement_errors(s)]
    ids = Counter(s.get("id") for s in statements if isinstance(s, dict) and "id" in s)
    errors += [f"id {i} is used {k} times in the batch" for i, k in ids.items() if k > 1]
    return errors


def load_strict(text: str) -> Any:
    """JSON where an object naming a property twice is an error (2.2.s2.b2)."""
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in items]
        dupes = {k for k in keys if keys.count(k) > 1}
        assert not dupes, f"properties used more than once: {dupes}"
        return dict(items)
    return json.loads(text, object_pairs_hook=pairs)


# --- the tests -----------------------------------------------------------------------------


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def _by(verb: str, name: str | None = None) -> list[dict[str, Any]]:
    return [s for s in statements() if s["verb"]["id"] == VERBS[verb]
            and (name is None or s["actor"]["name"] == name)]


def test_triops_report_xapi_writes_statements_every_one_of_which_meets_the_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, record = finished()
    path = tmp_path / "game.json"
    path.write_text(json.dumps(record_to_plain(record)), encoding="utf-8")
    out = tmp_path / "debrief"
    assert main(["report", str(path), "--out", str(out), "--format", "json", "--xapi"]) == 0
    written = out / "xapi-statements.json"
    assert str(written) in capsys.readouterr().out.split()
    batch = load_strict(written.read_text(encoding="utf-8"))
    assert batch_errors(batch) == []
    assert len(batch) == len(statements()) > 4 * (1 + 1 + 5)
    # The same game gives the same statements, whenever it is written: only the time moves.
    same = [{k: v for k, v in s.items() if k != "timestamp"} for s in batch]
    assert same == [{k: v for k, v in s.items() if k != "timestamp"} for s in statements()]
    # Without --xapi nothing is written for an LRS.
    assert main(["report", str(path), "--out", str(tmp_path / "plain"), "--format", "json"]) == 0
    assert not (tmp_path / "plain" / "xapi-statements.json").exists()


def test_each_person_joined_decided_completed_and_scored_every_objective() -> None:
    state, _ = finished()
    report = build_game_report(state)
    teams = {t["name"]: t for t in report["teams"]}
    for (team_id, _role), name in PEOPLE.items():
        team = teams["Herons" if team_id == "t1" else "Otters"]
        joined = _by("joined", name)
        assert [s["object"]["definition"]["name"]["en"] for s in joined] == \
            [f"Team {team['name']}"]
        # One statement per decision the evidence credits to this person, none to anyone else.
        credited = {(e["quarter"], e["decision"]) for o in team["objectives"]
                    for e in o["evidence"] if e["actor"] == "person" and e["name"] == name}
        decided = _by("interacted", name)
        assert len(decided) == len(credited)
        assert {(s["context"]["extensions"][f"{DEFAULT_BASE}xapi/extensions/quarter"],
                 s["object"]["definition"]["name"]["en"]) for s in decided} == credited
        (completed,) = _by("completed", name)
        assert completed["result"]["score"]["raw"] == team["outcome"]["score"]
        assert completed["result"]["completion"] is True
        # Herons had bots: Ada is scored on what the people decided (as the solo debrief
        # grades). Otters had none: the team's levels, the facilitator's word included.
        levels = (team["people"] or team)["objectives"]
        scored = {s["object"]["id"].rsplit("/", 1)[1]: s for s in _by("scored", name)}
        assert list(scored) == list(OBJECTIVES)
        for objective in levels:
            result = scored[objective["id"]]["result"]
            assert result["score"]["raw"] == objective["level"]
            assert result["score"]["scaled"] == round((objective["level"] - 1) / 3, 4)
            assert result["response"] == objective["level_name"]
            lines = result["extensions"][f"{DEFAULT_BASE}xapi/extensions/evidence"]
            assert len(lines) == len(objective["evidence"])
            assert all(e["decision"] in line for e, line in zip(objective["evidence"], lines,
                                                                  strict=True))
    assert teams["Herons"]["people"] is not None and teams["Otters"]["people"] is None
    # Chidi's responses were all overtaken by Dee's: no decision is his, yet he played.
    assert _by("interacted", "Ada Lovelace") and _by("interacted", "Bo")
    assert not _by("interacted", "Chidi") and len(_by("scored", "Chidi")) == 5
    lo4 = next(s for s in _by("scored", "Bo") if s["object"]["id"].endswith("/LO4"))
    level = lo4["result"]["extensions"][f"{DEFAULT_BASE}xapi/extensions/level"]
    assert level["confirmed"] == lo4["result"]["score"]["raw"] > level["computed"]
    assert level["comment"] == COMMENT
    # Every statement sits in this game: one registration, the game as parent or object.
    game = _by("completed", "Bo")[0]["object"]["id"]
    for s in statements():
        assert s["context"]["registration"] == str(uuid.uuid5(uuid.NAMESPACE_URL, game))
        parents = [a["id"] for a in s["context"]["contextActivities"].get("parent", [])]
        assert parents == [game] or s["object"]["id"] == game


def test_only_the_names_entered_leave_the_room() -> None:
    names = set(PEOPLE.values())
    assert {s["actor"]["name"] for s in statements()} == names
    for s in statements():
        assert s["actor"] == {"objectType": "Agent", "name": s["actor"]["name"],
                              "account": {"homePage": DEFAULT_BASE, "name": s["actor"]["name"]}}
    text = json.dumps(statements(), ensure_ascii=False)
    assert "mailto:" not in text and "mbox" not in text and "openid" not in text
    assert not re.search(r"\b\d{1,3}(?:\.\d{1,3}){3}\b", text)  # no addresses
    # The bots never appear as people.
    assert not any("bot" in s["actor"]["name"].lower() for s in statements())


def test_ids_are_stable_the_time_apart_and_a_changed_level_is_a_new_statement() -> None:
    state, _ = finished()
    later = build_statements(state, timestamp=WHEN + timedelta(days=1))
    assert [s["id"] for s in later] == [s["id"] for s in statements()]
    assert {s["timestamp"] for s in later} == {"2025-05-07T15:30:00.000Z"}
    changed, _ = apply(state, FACILITATOR, OverrideLevel("t2", "LO1", "exemplary", "Seen."))
    again = build_statements(changed, timestamp=WHEN)
    assert game_key(changed) == game_key(state)
    differ = [(a["actor"]["name"], a["object"]["id"].rsplit("/", 1)[1])
              for a, b in zip(statements(), again, strict=True) if a["id"] != b["id"]]
    assert sorted(differ) == [(name, "LO1") for name in ("Bo", "Chidi", "Dee")]
    other = build_statements(state, base="https://lms.example.edu/triops", timestamp=WHEN)
    assert batch_errors(other) == []
    assert other[0]["actor"]["account"]["homePage"] == "https://lms.example.edu/triops/"
    assert other[0]["object"]["id"].startswith("https://lms.example.edu/triops/games/")


def test_a_game_still_running_has_no_completion_and_no_levels_yet() -> None:
    table = _table(end_at=2)
    assert table.state.phase != "ended"
    running = build_statements(table.state, timestamp=WHEN)
    assert batch_errors(running) == []
    assert {s["verb"]["id"] for s in running} == {VERBS["joined"], VERBS["interacted"]}


def test_the_statements_are_dated_when_the_stored_game_ended(store_db: str,
                                                              tmp_path: Path) -> None:
    """From either store: an SQLite file or PostgreSQL."""
    from triops.server.store import GameRow
    from triops.server.stores import store_for

    state, record = finished()
    db = store_db
    ended = datetime(2025, 3, 4, 10, 20, 30, 123000, tzinfo=UTC)

    async def store() -> None:
        s = store_for(db)
        await s.open()
        await s.create_game(GameRow("g1", "ABCDEF", record.scenario_id, record.scenario_digest,
                                    to_plain(record.settings), {}, "x", False))
        for seq, (actor, command) in enumerate(record.entries, start=1):
            await s.append("g1", seq, encode_actor(actor), encode_command(command), None, None)
        await s.finish("g1", ended.timestamp())
        await s.close()

    asyncio.run(store())
    out = tmp_path / "out"
    assert main(["report", "--db", db, "--game", "ABC-DEF", "--out", str(out),
                 "--format", "json", "--xapi"]) == 0
    batch = load_strict((out / "xapi-statements.json").read_text(encoding="utf-8"))
    assert batch_errors(batch) == []
    assert {s["timestamp"] for s in batch} == {"2025-03-04T10:20:30.123Z"}
    assert [s["id"] for s in batch] == [s["id"] for s in build_statements(state)]


def test_a_bots_only_game_has_nobody_to_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "demo"
    assert main(["report", "--demo", "--seed", "3", "--levels", "competent", "--format", "json",
                 "--out", str(out), "--xapi"]) == 0
    assert json.loads((out / "xapi-statements.json").read_text(encoding="utf-8")) == []
    assert "No person played" in capsys.readouterr().err


def test_a_bad_base_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x"
    assert main(["report", "--demo", "--out", str(out), "--xapi-base", "triops/local"]) == 2
    assert "--xapi-base" in capsys.readouterr().err
    assert not out.exists()


# --- the validator can fail ----------------------------------------------------------------

Mutation = Callable[[dict[str, Any]], None]


def _scored(s: dict[str, Any]) -> dict[str, Any]:
    return s["result"]["score"]  # type: ignore[no-any-return]


BROKEN: dict[str, tuple[Mutation, str]] = {
    "no actor": (lambda s: s.pop("actor"), "statement.actor: required"),
    "no verb": (lambda s: s.pop("verb"), "statement.verb: required"),
    "no object": (lambda s: s.pop("object"), "statement.object: required"),
    "two identifiers": (lambda s: s["actor"].update(mbox="mailto:ada@example.com"),
                        "exactly one inverse functional identifier"),
    "no identifier": (lambda s: s["actor"].pop("account"),
                      "exactly one inverse functional identifier"),
    "account without home page": (lambda s: s["actor"]["account"].pop("homePage"),
                                  "account.homePage"),
    "relative verb id": (lambda s: s["verb"].update(id="verbs/scored"), "statement.verb.id"),
    "display not a language map": (lambda s: s["verb"].update(display="scored"),
                                   "statement.verb.display: must be an object"),
    "bad language tag": (lambda s: s["verb"].update(display={"english!": "scored"}),
                         "not an RFC 5646 language tag"),
    "object id not an IRI": (lambda s: s["object"].update(id="LO1"), "statement.object.id"),
    "name not a language map": (lambda s: s["object"]["definition"].update(name="LO1"),
                                "definition.name: must be an object"),
    "activity type not an IRI": (lambda s: s["object"]["definition"].update(type="objective"),
                                 "definition.type"),
    "scaled above 1": (lambda s: _scored(s).update(scaled=1.5), "score.scaled"),
    "raw above max": (lambda s: _scored(s).update(raw=5), "score.raw: must not be above max"),
    "raw below min": (lambda s: _scored(s).update(raw=0), "score.raw: must not be below min"),
    "min not below max": (lambda s: _scored(s).update(min=4), "score.min"),
    "score as a string": (lambda s: _scored(s).update(raw="3"), "score.raw: must be a number"),
    "extension key not an IRI": (lambda s: s["result"]["extensions"].update(evidence=[]),
                                 "an extension key MUST be an IRI"),
    "id not a UUID": (lambda s: s.update(id="statement-1"), "statement.id"),
    "timestamp not ISO 8601": (lambda s: s.update(timestamp="6 May 2025"),
                               "statement.timestamp"),
    "timestamp without a zone": (lambda s: s.update(timestamp="2025-05-06T15:30:00"),
                                 "statement.timestamp"),
    "timestamp in the future": (lambda s: s.update(timestamp="2999-01-01T00:00:00Z"),
                                "future time"),
    "registration not a UUID": (lambda s: s["context"].update(registration="game-1"),
                                "context.registration"),
    "a null value": (lambda s: s["result"].update(response=None), "null is not allowed"),
    "version other than 1.0.0": (lambda s: s.update(version="1.0.3"), "statement.version"),
    "unknown property": (lambda s: s.update(learner="Ada"), "statement.learner"),
    "unknown context activity": (lambda s: s["context"]["contextActivities"].update(
        sibling=[]), "contextActivities.sibling"),
    "success as a string": (lambda s: s["result"].update(success="true"),
                            "result.success: must be a boolean"),
    "team not a group": (lambda s: s["context"].update(team={"name": "Otters"}),
                         "context.team: must be a Group"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_validator_catches_a_broken_statement(case: str) -> None:
    good = _by("scored", "Bo")[0]
    assert statement_errors(good) == []
    broken = copy.deepcopy(good)
    mutate, expected = BROKEN[case]
    mutate(broken)
    errors = statement_errors(broken)
    assert any(expected in e for e in errors), errors


def test_the_validator_catches_a_batch_with_one_id_twice() -> None:
    first = _by("joined")[0]
    assert batch_errors([first]) == []
    assert any("used 2 times" in e for e in batch_errors([first, copy.deepcopy(first)]))
    assert batch_errors([]) and batch_errors({"statements": []})
    with pytest.raises(AssertionError, match="more than once"):
        load_strict('{"id": "a", "id": "b"}')
