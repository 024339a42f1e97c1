"""Scenario validation: a parsed TOML table in, a typed `Scenario` or every problem at once out.

This module never opens files: the caller parses TOML and passes the table and the file name,
so each error can name the file, the field path, what was expected and what was found.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from triops.game.catalogue.initiatives import INITIATIVES
from triops.game.catalogue.injects import INJECT_ARCHETYPES
from triops.game.catalogue.standards import STANDARDS
from triops.game.conditions import Condition, ConditionSyntaxError, parse_condition
from triops.game.scenario_model import (
    ClueSpec,
    ClueVariant,
    DiagnosisSpec,
    EffectSpec,
    GoalSpec,
    HintSpec,
    IncidentSpec,
    InitiativeSpec,
    InjectSpec,
    LevelSpec,
    ResponseSpec,
    RoadmapTarget,
    Rules,
    Scenario,
    StandardSpec,
)
from triops.game.vocab import (
    DIFFICULTIES,
    INCIDENT_TAGS,
    INDUSTRIES,
    LEVELS,
    METRICS,
    RESPONSE_CLASSES,
    RESPONSE_STEPS,
    ROLES,
    SEAMS,
)

SCHEMA_VERSION = 2
# Schema 1: one correct diagnosis per incident, clues that read the same in every game.
# Schema 2: any weighted diagnosis can be a game's true cause, clues read by cause
# (`variants`), and responses name the causes they fit (triops/scenarios/README.md).
SCHEMA_VERSIONS = (1, 2)
T = TypeVar("T")

_MISSING = object()


@dataclass(frozen=True, slots=True)
class ScenarioIssue:
    source: str
    path: str
    expected: str
    found: str

    def __str__(self) -> str:
        return f"{self.source}: {self.path}: expected {self.expected}; found {self.found}"


class ScenarioError(ValueError):
    """A scenario failed validation. `issues` holds every problem found, not only the first."""

    def __init__(self, issues: Sequence[ScenarioIssue]) -> None:
        self.issues = tuple(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


class _Text(str):
    """A finding already put into words, shown as is rather than quoted."""


def _describe(value: object) -> str:
    if isinstance(value, _Text):
        return str(value)
    if value is _MISSING:
        return "nothing (the field is missing)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return json.dumps(shown)
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)}"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class _Checker:
    """Collects issues while walking a table; getters return a safe default after an issue."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.issues: list[ScenarioIssue] = []

    def fail(self, path: str, expected: str, found: object) -> None:
        self.issues.append(ScenarioIssue(self.source, path, expected, _describe(found)))

    def table(self, value: object, path: str) -> Mapping[str, Any]:
        if isinstance(value, Mapping):
            return value
        self.fail(path, "a table", value)
        return {}

    def known_fields(self, table: Mapping[str, Any], path: str, allowed: Sequence[str]) -> None:
        for key in table:
            if key not in allowed:
                self.fail(
                    f"{path}.{key}" if path else key,
                    f"one of the known fields ({', '.join(allowed)})",
                    _Text(f'an unknown field "{key}"'),
                )

    def get(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        kind: type[T] | tuple[type, ...],
        expected: str,
        default: Any = _MISSING,
        check: Callable[[Any], bool] | None = None,
    ) -> Any:
        full = f"{path}.{key}" if path else key
        value = table.get(key, _MISSING)
        if value is _MISSING:
            if default is _MISSING:
                self.fail(full, expected, value)
                return _fallback(kind)
            return default
        ok = isinstance(value, kind) and not (isinstance(value, bool) and kind in (int, float))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if not ok or (check is not None and not check(value)):
            self.fail(full, expected, value)
            return default if default is not _MISSING else _fallback(kind)
        return value

    def text(self, table: Mapping[str, Any], key: str, path: str, default: Any = _MISSING) -> str:
        value: str = self.get(
            table, key, path, str, "a non-empty string", default, lambda v: bool(v.strip())
        )
        return value

    def choice(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        options: Sequence[str],
        default: Any = _MISSING,
    ) -> str:
        value: str = self.get(
            table, key, path, str, f"one of {', '.join(options)}", default, lambda v: v in options
        )
        return value

    def integer(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        low: int,
        high: int,
        default: Any = _MISSING,
    ) -> int:
        value: int = self.get(
            table,
            key,
            path,
            int,
            f"an integer from {low} to {high}",
            default,
            lambda v: low <= v <= high,
        )
        return value

    def number(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        low: float,
        high: float,
        default: Any = _MISSING,
    ) -> float:
        value: float = self.get(
            table,
            key,
            path,
            float,
            f"a number from {low:g} to {high:g}",
            default,
            lambda v: low <= v <= high,
        )
        return value

    def flag(self, table: Mapping[str, Any], key: str, path: str, default: bool = False) -> bool:
        value: bool = self.get(table, key, path, bool, "true or false", default)
        return value

    def items(
        self, table: Mapping[str, Any], key: str, path: str, *, required: bool = False
    ) -> list[Any]:
        full = f"{path}.{key}" if path else key
        value = table.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.fail(full, "a list", value)
            return []
        if not isinstance(value, list):
            self.fail(full, "a list", value)
            return []
        return value

    def words(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        options: Sequence[str] | None,
        what: str,
        *,
        required: bool = False,
    ) -> tuple[str, ...]:
        full = f"{path}.{key}" if path else key
        out: list[str] = []
        for i, item in enumerate(self.items(table, key, path, required=required)):
            if not isinstance(item, str) or (options is not None and item not in options):
                expected = f"one of {', '.join(options)}" if options is not None else what
                self.fail(f"{full}[{i}]", expected, item)
                continue
            out.append(item)
        return tuple(out)

    def int_map(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        keys: Sequence[str],
        low: int,
        high: int,
        *,
        required: bool = False,
        complete: bool = False,
    ) -> dict[str, int]:
        full = f"{path}.{key}" if path else key
        value = table.get(key, _MISSING)
        if value is _MISSING:
            if required:
                self.fail(full, f"a table of {', '.join(keys)}", value)
            return {}
        if not isinstance(value, Mapping):
            self.fail(full, f"a table of {', '.join(keys)}", value)
            return {}
        out: dict[str, int] = {}
        for name, number in value.items():
            if name not in keys:
                self.fail(f"{full}.{name}", f"one of {', '.join(keys)}", name)
            elif (
                not isinstance(number, int)
                or isinstance(number, bool)
                or not (low <= number <= high)
            ):
                self.fail(f"{full}.{name}", f"an integer from {low} to {high}", number)
            else:
                out[name] = number
        if complete:
            for name in keys:
                if name not in value:
                    self.fail(f"{full}.{name}", "an integer (every entry is required)", _MISSING)
        return out

    def conditions(self, table: Mapping[str, Any], key: str, path: str) -> tuple[Condition, ...]:
        full = f"{path}.{key}" if path else key
        raw = table.get(key, _MISSING)
        if isinstance(raw, str):  # a single condition may be written without brackets
            raw = [raw]
        if raw is _MISSING:
            return ()
        if not isinstance(raw, list):
            self.fail(full, "a list of conditions", raw)
            return ()
        out: list[Condition] = []
        for i, item in enumerate(raw):
            if not isinstance(item, str):
                self.fail(f"{full}[{i}]", "a condition string", item)
                continue
            try:
                out.append(parse_condition(item))
            except ConditionSyntaxError as err:
                self.fail(f"{full}[{i}]", f"a condition ({err})", item)
        return tuple(out)


def _fallback(kind: type | tuple[type, ...]) -> Any:
    first = kind[0] if isinstance(kind, tuple) else kind
    return {str: "", int: 0, float: 0.0, bool: False}.get(first)


def _ident(value: str) -> bool:
    return bool(value) and all(c.isalnum() or c in "-_" for c in value)


# --- catalogues -------------------------------------------------------------------------------

_INITIATIVE_FIELDS = (
    "id",
    "name",
    "summary",
    "owners",
    "concept",
    "anchor",
    "discipline",
    "levels",
    "prerequisites",
    "feeds_dashboard",
    "shares_clues",
    "investigate_ap",
    "damage_factor",
    "open_damage_factor",
    "ap_bonus",
    "weak_unless",
    "penalty",
    "penalty_unless",
    "extra_upkeep",
    "extra_upkeep_unless",
    "needs_charter",
    "on_fund",
)


def _level_numbers(
    c: _Checker, table: Mapping[str, Any], key: str, path: str, kind: type, low: float, high: float
) -> dict[str, Any]:
    full = f"{path}.{key}"
    raw = table.get(key)
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        c.fail(full, "a table of crawl, walk, run", raw)
        return {}
    out: dict[str, Any] = {}
    for level in LEVELS:
        if level in raw:
            if kind is int:
                out[level] = c.integer(raw, level, full, int(low), int(high))
            else:
                out[level] = c.number(raw, level, full, low, high)
    return out


def _initiative(c: _Checker, raw: object, path: str) -> InitiativeSpec | None:
    t = c.table(raw, path)
    c.known_fields(t, path, _INITIATIVE_FIELDS)
    levels_raw = c.table(t.get("levels", {}), f"{path}.levels")
    levels: dict[str, LevelSpec] = {}
    for level in LEVELS:
        lp = f"{path}.levels.{level}"
        lt = c.table(levels_raw.get(level, _MISSING), lp)
        c.known_fields(lt, lp, ("cost", "upkeep", "delay", "effects"))
        levels[level] = LevelSpec(
            cost=c.integer(lt, "cost", lp, 0, 200),
            upkeep=c.integer(lt, "upkeep", lp, 0, 50),
            delay=c.integer(lt, "delay", lp, 0, 4),
            effects=c.int_map(lt, "effects", lp, METRICS, -50, 50, required=True),
        )
    damage = c.table(t.get("damage_factor", {}), f"{path}.damage_factor")
    penalty_raw = c.table(t.get("penalty", {}), f"{path}.penalty")
    penalty = {
        lvl: c.int_map(penalty_raw, lvl, f"{path}.penalty", METRICS, -50, 50)
        for lvl in LEVELS
        if lvl in penalty_raw
    }
    feeds = t.get("feeds_dashboard")
    if feeds is not None and feeds not in ROLES:
        c.fail(f"{path}.feeds_dashboard", f"one of {', '.join(ROLES)}", feeds)
        feeds = None
    return InitiativeSpec(
        id=c.get(t, "id", path, str, "an initiative id such as I4", check=lambda v: v[:1] == "I"),
        name=c.text(t, "name", path),
        summary=c.text(t, "summary", path),
        owners=c.words(t, "owners", path, ROLES, "a role", required=True),
        concept=c.text(t, "concept", path),
        anchor=c.text(t, "anchor", path),
        discipline=c.choice(t, "discipline", path, (*ROLES, "governance", "all")),
        levels=levels,
        prerequisites=c.conditions(t, "prerequisites", path),
        feeds_dashboard=feeds,
        shares_clues=c.flag(t, "shares_clues", path),
        investigate_ap=_level_numbers(c, t, "investigate_ap", path, int, 0, 6),
        damage_factor_tags=c.words(damage, "tags", f"{path}.damage_factor", INCIDENT_TAGS, "a tag"),
        damage_factor=_level_numbers(c, t, "damage_factor", path, float, 0.0, 1.0),
        open_damage_factor=_level_numbers(c, t, "open_damage_factor", path, float, 0.0, 1.0),
        ap_bonus=_level_numbers(c, t, "ap_bonus", path, int, 0, 3),
        weak_unless=c.conditions(t, "weak_unless", path),
        penalty=penalty,
        penalty_unless=c.conditions(t, "penalty_unless", path),
        extra_upkeep=_level_numbers(c, t, "extra_upkeep", path, int, 0, 20),
        extra_upkeep_unless=c.conditions(t, "extra_upkeep_unless", path),
        needs_charter=c.flag(t, "needs_charter", path),
        on_fund=c.int_map(t, "on_fund", path, METRICS, -20, 20),
    )


def _standard(c: _Checker, raw: object, path: str) -> StandardSpec:
    t = c.table(raw, path)
    c.known_fields(
        t,
        path,
        ("id", "name", "spec", "disciplines", "addresses", "kpi", "effects", "requires"),
    )
    return StandardSpec(
        id=c.get(t, "id", path, str, "an id of letters, digits and -", check=_ident),
        name=c.text(t, "name", path),
        spec=c.text(t, "spec", path),
        disciplines=c.words(t, "disciplines", path, ROLES, "a role", required=True),
        addresses=c.words(t, "addresses", path, INCIDENT_TAGS, "a tag", required=True),
        kpi=c.text(t, "kpi", path),
        effects=c.int_map(t, "effects", path, METRICS, -20, 20),
        requires=c.conditions(t, "requires", path),
    )


# --- injects -------------------------------------------------------------------------------

_EFFECT_FIELDS: dict[str, tuple[str, ...]] = {
    "budget": ("amount",),
    "metric": ("metric", "delta", "unless"),
    "incident": ("incident",),
    "modifier": ("metric", "delta", "quarters", "unless"),
    "probability": ("tags", "factor", "quarters"),
    "cost": ("initiatives", "factor", "quarters"),
    "clock": ("title", "quarters", "requires", "metric", "delta", "fine"),
}


def parse_effect(c: _Checker, raw: object, path: str) -> EffectSpec:
    t = c.table(raw, path)
    kind = c.choice(t, "kind", path, tuple(_EFFECT_FIELDS))
    if kind not in _EFFECT_FIELDS:
        return EffectSpec(kind="metric")
    fields = _EFFECT_FIELDS[kind]
    c.known_fields(t, path, ("kind", *fields))

    def need(name: str) -> bool:
        return name in fields

    return EffectSpec(
        kind=kind,
        amount=c.integer(t, "amount", path, -100, 100) if need("amount") else 0,
        metric=c.choice(t, "metric", path, METRICS) if need("metric") else "",
        delta=c.integer(t, "delta", path, -50, 50) if need("delta") else 0,
        incident=c.text(t, "incident", path) if need("incident") else "",
        quarters=c.integer(t, "quarters", path, 1, 12) if need("quarters") else 0,
        unless=c.conditions(t, "unless", path) if need("unless") else (),
        tags=c.words(t, "tags", path, INCIDENT_TAGS, "a tag", required=True)
        if need("tags")
        else (),
        factor=c.number(t, "factor", path, 0.0, 5.0) if need("factor") else 1.0,
        initiatives=(
            c.words(t, "initiatives", path, None, "an initiative id", required=True)
            if need("initiatives")
            else ()
        ),
        title=c.text(t, "title", path) if need("title") else "",
        requires=c.conditions(t, "requires", path) if need("requires") else (),
        fine=c.integer(t, "fine", path, 0, 100, default=0) if need("fine") else 0,
    )


def _inject(
    c: _Checker, raw: object, path: str, archetypes: Mapping[str, InjectSpec], quarters: int
) -> InjectSpec:
    t = c.table(raw, path)
    c.known_fields(t, path, ("id", "archetype", "title", "narrative", "scheduled", "effects"))
    base: InjectSpec | None = None
    archetype = ""
    if "archetype" in t:
        archetype = c.choice(t, "archetype", path, tuple(archetypes))
        base = archetypes.get(archetype)
    effects_raw = c.items(t, "effects", path, required=base is None)
    effects = tuple(parse_effect(c, e, f"{path}.effects[{i}]") for i, e in enumerate(effects_raw))
    return InjectSpec(
        id=c.get(t, "id", path, str, "an id of letters, digits and -", check=_ident),
        title=c.text(t, "title", path, default=base.title if base else _MISSING),
        narrative=c.text(t, "narrative", path),
        effects=effects or (base.effects if base else ()),
        scheduled=c.integer(t, "scheduled", path, 1, quarters, default=None),
        archetype=archetype,
    )


# --- incidents -----------------------------------------------------------------------------

_INCIDENT_FIELDS = (
    "id",
    "title",
    "archetype",
    "anchor",
    "severity",
    "seams",
    "tags",
    "probability",
    "earliest",
    "scheduled",
    "mitigated_by",
    "damage",
    "loss",
    "clock",
    "hint",
    "clues",
    "diagnoses",
    "responses",
)


def _variants(c: _Checker, table: Mapping[str, Any], path: str) -> tuple[ClueVariant, ...]:
    out: list[ClueVariant] = []
    for i, vraw in enumerate(c.items(table, "variants", path)):
        vp = f"{path}.variants[{i}]"
        vt = c.table(vraw, vp)
        c.known_fields(vt, vp, ("causes", "text"))
        out.append(ClueVariant(c.words(vt, "causes", vp, None, "a diagnosis id", required=True),
                               c.text(vt, "text", vp)))
    if not out:
        c.fail(f"{path}.variants", "at least one variant", table.get("variants"))
    return tuple(out)


def _incident(c: _Checker, raw: object, path: str, quarters: int, schema: int) -> IncidentSpec:
    t = c.table(raw, path)
    c.known_fields(t, path, _INCIDENT_FIELDS)
    v2 = schema >= 2
    clues: list[ClueSpec] = []
    per_role: dict[str, int] = {}
    clue_fields = ("role", "text", "when", "requires", "variants") if v2 else (
        "role", "text", "when", "requires", "suggests")
    for i, craw in enumerate(c.items(t, "clues", path, required=True)):
        cp = f"{path}.clues[{i}]"
        ct = c.table(craw, cp)
        c.known_fields(ct, cp, clue_fields)
        role = c.choice(ct, "role", cp, ROLES)
        per_role[role] = per_role.get(role, 0) + 1
        variants = _variants(c, ct, cp) if v2 and "variants" in ct else ()
        if variants and "text" in ct:
            c.fail(f"{cp}.text", "no text beside variants (each variant has its own)",
                   ct["text"])
        clues.append(
            ClueSpec(
                id=f"{role}{per_role[role]}",
                role=role,
                text=variants[0].text if variants else c.text(ct, "text", cp),
                when=c.choice(ct, "when", cp, ("start", "investigate")),
                requires=c.conditions(ct, "requires", cp),
                suggests=None if v2 else c.get(ct, "suggests", cp, str, "a diagnosis id",
                                               default=None),
                variants=variants,
            )
        )
    diagnoses: list[DiagnosisSpec] = []
    diagnosis_fields = ("id", "text", "weight", "red_herring", "explanation") if v2 else (
        "id", "text", "correct", "red_herring", "explanation")
    for i, draw in enumerate(c.items(t, "diagnoses", path, required=True)):
        dp = f"{path}.diagnoses[{i}]"
        dt = c.table(draw, dp)
        c.known_fields(dt, dp, diagnosis_fields)
        correct = False if v2 else c.flag(dt, "correct", dp)
        weight = c.number(dt, "weight", dp, 0.0, 10.0, default=1.0) if v2 else float(correct)
        diagnoses.append(
            DiagnosisSpec(
                id=c.get(dt, "id", dp, str, "an id of letters, digits and -", check=_ident),
                text=c.text(dt, "text", dp),
                correct=correct,
                red_herring=c.flag(dt, "red_herring", dp),
                explanation=c.get(dt, "explanation", dp, str, "a string", default=""),
                weight=weight,
            )
        )
    legacy_truth = next((d.id for d in diagnoses if d.correct), "")
    responses: list[ResponseSpec] = []
    response_fields = ("id", "text", "class", "steps", "cost", "ap", "requires",
                       "prevents_with", "effects", "explanation", *(("fits",) if v2 else ()))
    for i, rraw in enumerate(c.items(t, "responses", path, required=True)):
        rp = f"{path}.responses[{i}]"
        rt = c.table(rraw, rp)
        c.known_fields(rt, rp, response_fields)
        klass = c.choice(rt, "class", rp, RESPONSE_CLASSES)
        if v2:
            fits = c.words(rt, "fits", rp, None, "a diagnosis id")
        else:  # schema 1: good and partial responses treat the one correct cause
            fits = (legacy_truth,) if klass in ("good", "partial") and legacy_truth else ()
        responses.append(
            ResponseSpec(
                id=c.get(rt, "id", rp, str, "an id of letters, digits and -", check=_ident),
                text=c.text(rt, "text", rp),
                klass=klass,
                steps=c.words(rt, "steps", rp, RESPONSE_STEPS, "a step", required=True),
                cost=c.int_map(rt, "cost", rp, ROLES, 0, 50),
                ap=c.int_map(rt, "ap", rp, ROLES, 0, 6),
                requires=c.conditions(rt, "requires", rp),
                prevents_with=c.get(rt, "prevents_with", rp, str, "an initiative id", default=None),
                effects=c.int_map(rt, "effects", rp, METRICS, -30, 30),
                explanation=c.get(rt, "explanation", rp, str, "a string", default=""),
                fits=fits,
            )
        )
    scheduled = []
    for i, q in enumerate(c.items(t, "scheduled", path)):
        if isinstance(q, int) and not isinstance(q, bool) and 1 <= q <= quarters:
            scheduled.append(q)
        else:
            c.fail(f"{path}.scheduled[{i}]", f"a quarter from 1 to {quarters}", q)
    return IncidentSpec(
        id=c.get(t, "id", path, str, "an id of letters, digits and -", check=_ident),
        title=c.text(t, "title", path),
        severity=c.integer(t, "severity", path, 1, 3),
        seams=c.words(t, "seams", path, SEAMS, "a seam", required=True),
        tags=c.words(t, "tags", path, INCIDENT_TAGS, "a tag", required=True),
        damage=c.int_map(t, "damage", path, METRICS, -30, 0, required=True),
        clues=tuple(clues),
        diagnoses=tuple(diagnoses),
        responses=tuple(responses),
        archetype=c.get(t, "archetype", path, str, "an archetype id such as R1", default=""),
        anchor=c.get(t, "anchor", path, str, "a string", default=""),
        probability=c.number(t, "probability", path, 0.0, 1.0, default=0.0),
        earliest=c.integer(t, "earliest", path, 1, quarters, default=1),
        scheduled=tuple(scheduled),
        mitigated_by=c.words(t, "mitigated_by", path, None, "an initiative id"),
        loss=c.integer(t, "loss", path, 0, 50, default=0),
        clock=c.integer(t, "clock", path, 0, 4, default=0),
        hint=c.get(t, "hint", path, str, "a string", default=""),
    )


def _check_incident_logic(c: _Checker, inc: IncidentSpec, path: str, schema: int) -> None:
    """The rules that make an incident teach pooling: they span records, so they run last."""
    if not 3 <= len(inc.diagnoses) <= 5:
        c.fail(f"{path}.diagnoses", "3 to 5 diagnoses", list(inc.diagnoses))
    most = 6 if schema >= 2 else 5
    if not 3 <= len(inc.responses) <= most:
        c.fail(f"{path}.responses", f"3 to {most} responses", list(inc.responses))
    groups: tuple[tuple[str, Sequence[DiagnosisSpec | ResponseSpec]], ...] = (
        ("diagnoses", inc.diagnoses),
        ("responses", inc.responses),
    )
    for kind, items in groups:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                c.fail(
                    f"{path}.{kind}[{i}].id",
                    "an id unique within the incident",
                    _Text(f'a second "{item.id}"'),
                )
            seen.add(item.id)
    for role in ROLES:
        if not any(cl.role == role and cl.when == "start" and not cl.requires for cl in inc.clues):
            c.fail(
                f"{path}.clues",
                f"at least one unconditional start clue (a symptom) for {role}",
                _Text(f"none for {role}"),
            )
    if schema >= 2:
        _check_causes(c, inc, path)
    else:
        _check_legacy(c, inc, path)


def _check_legacy(c: _Checker, inc: IncidentSpec, path: str) -> None:
    correct = [d for d in inc.diagnoses if d.correct]
    if len(correct) != 1:
        c.fail(
            f"{path}.diagnoses",
            "exactly one diagnosis with correct = true",
            _Text(f"{len(correct)} marked correct"),
        )
    if not any(r.klass == "good" for r in inc.responses):
        c.fail(
            f"{path}.responses",
            'at least one response with class = "good"',
            _Text("none of class good"),
        )
    ids = {d.id for d in inc.diagnoses}
    for i, clue in enumerate(inc.clues):
        if clue.suggests is not None and clue.suggests not in ids:
            c.fail(
                f"{path}.clues[{i}].suggests",
                f"a diagnosis id of this incident ({', '.join(sorted(ids))})",
                clue.suggests,
            )
    if len(correct) == 1:
        roles = {cl.role for cl in inc.clues if cl.suggests == correct[0].id}
        if len(roles) < 2:
            c.fail(
                f"{path}.clues",
                f'clues of at least two roles suggesting the correct diagnosis "{correct[0].id}"',
                _Text(f"clues of {len(roles)} role(s)"),
            )


def _check_causes(c: _Checker, inc: IncidentSpec, path: str) -> None:
    """Schema 2: every possible cause has its own fitting response, and the team's clues
    pooled (symptoms and investigations) tell every possible cause apart."""
    ids = {d.id for d in inc.diagnoses}
    known = ", ".join(sorted(ids))
    causes = inc.causes
    if len(causes) < 2:
        c.fail(f"{path}.diagnoses", "at least two diagnoses that can be the true cause "
               "(weight above 0)", _Text(f"{len(causes)}"))
    for i, clue in enumerate(inc.clues):
        covered: list[str] = []
        texts: set[str] = set()
        for j, variant in enumerate(clue.variants):
            vp = f"{path}.clues[{i}].variants[{j}]"
            for cause in variant.causes:
                if cause not in ids:
                    c.fail(f"{vp}.causes", f"diagnosis ids of this incident ({known})", cause)
            covered += variant.causes
            if variant.text in texts:
                c.fail(f"{vp}.text", "a text of its own (two variants reading the same are "
                       "one variant with both causes)", _Text("a repeated text"))
            texts.add(variant.text)
        if clue.variants:
            for cause in causes:
                n = covered.count(cause)
                if n != 1:
                    c.fail(f"{path}.clues[{i}].variants",
                           f'variants naming each possible cause once ("{cause}")',
                           _Text(f"{n} times"))
    for i, r in enumerate(inc.responses):
        rp = f"{path}.responses[{i}]"
        for cause in r.fits:
            if cause not in ids:
                c.fail(f"{rp}.fits", f"diagnosis ids of this incident ({known})", cause)
        if r.klass in ("good", "partial") and not r.fits:
            c.fail(f"{rp}.fits", f"the causes a {r.klass} response treats", _Text("none"))
        if r.klass in ("poor", "over") and r.fits:
            c.fail(f"{rp}.fits", f"no fits: a {r.klass} response treats no cause",
                   list(r.fits))
        gains = [m for m, d in r.effects.items() if d > 0]
        if r.klass != "over" and gains:
            c.fail(f"{rp}.effects", "no gains: a response repairs damage, it earns no bonus "
                   "(set costs and side effects only)", _Text(", ".join(gains)))
        if r.klass == "over" and not any(d < 0 for d in r.effects.values()):
            c.fail(f"{rp}.effects", "the heavy side effects of an over-correction (a negative "
                   "effect on some metric)", dict(r.effects))
    for cause in causes:
        if not any(r.klass == "good" and cause in r.fits for r in inc.responses):
            c.fail(f"{path}.responses", f'a good response that fits "{cause}"',
                   _Text("none"))
    for cause in causes:
        left = pooled_candidates(inc, cause, ROLES, investigated=True)
        if len(left) > 1:
            c.fail(f"{path}.clues", f'clues that, pooled, tell "{cause}" apart from '
                   f'{", ".join(x for x in left if x != cause)}',
                   _Text("the same words under each"))


def pooled_candidates(inc: IncidentSpec, cause: str, roles: Sequence[str],
                      investigated: bool = False) -> tuple[str, ...]:
    """The possible causes still consistent when `cause` is true and the clues of `roles`
    (symptoms, and with `investigated` every unconditional clue too) are all on the table."""
    left = set(inc.causes)
    for clue in inc.clues:
        if clue.role not in roles or clue.requires:
            continue
        if clue.when != "start" and not investigated:
            continue
        reading = clue.causes_with(clue.text_for(cause))
        if reading is not None:
            left &= set(reading)
    return tuple(sorted(left))


# --- the scenario --------------------------------------------------------------------------

_TOP_FIELDS = (
    "schema_version",
    "id",
    "title",
    "industry",
    "difficulty",
    "quarters",
    "summary",
    "briefing",
    "goals",
    "start",
    "rules",
    "incidents",
    "injects",
    "hints",
    "initiatives",
    "retired_initiatives",
    "reference_roadmap",
)


def _merge_initiatives(
    c: _Checker, overrides: list[Any], retired: tuple[str, ...]
) -> dict[str, InitiativeSpec]:
    defaults = {str(d["id"]): d for d in INITIATIVES}
    merged: dict[str, Mapping[str, Any]] = dict(defaults)
    for i, raw in enumerate(overrides):
        path = f"initiatives[{i}]"
        t = c.table(raw, path)
        ident = t.get("id")
        if not isinstance(ident, str) or ident not in defaults:
            c.fail(f"{path}.id", f"a catalogue initiative id ({', '.join(defaults)})", ident)
            continue
        base: dict[str, Any] = dict(defaults[ident])
        for key, value in t.items():
            if key == "levels" and isinstance(value, Mapping):
                levels = {k: dict(v) for k, v in base["levels"].items()}
                for lvl, fields in value.items():
                    if isinstance(fields, Mapping) and lvl in levels:
                        levels[lvl].update(fields)
                    else:
                        levels[lvl] = fields
                base["levels"] = levels
            else:
                base[key] = value
        merged[ident] = base
    for i, ident in enumerate(retired):
        if ident not in merged:
            c.fail(
                f"retired_initiatives[{i}]",
                f"a catalogue initiative id ({', '.join(defaults)})",
                ident,
            )
    out: dict[str, InitiativeSpec] = {}
    for ident, table in merged.items():
        if ident in retired:
            continue
        path = (
            f"initiatives[{ident}]"
            if any(isinstance(o, Mapping) and o.get("id") == ident for o in overrides)
            else f"catalogue initiative {ident}"
        )
        spec = _initiative(c, table, path)
        if spec is not None:
            out[ident] = spec
    return out


def _check_condition_refs(
    c: _Checker,
    conds: tuple[Condition, ...],
    path: str,
    initiatives: Mapping[str, object],
    standards: Mapping[str, object],
) -> None:
    for i, cond in enumerate(conds):
        if cond.kind in ("initiative", "count"):
            for ident in cond.ids:
                if ident not in initiatives:
                    c.fail(
                        f"{path}[{i}]",
                        "conditions naming initiatives this scenario has "
                        f"({', '.join(initiatives)})",
                        cond.text,
                    )
        if cond.kind == "standard" and cond.ids[0] not in standards:
            c.fail(f"{path}[{i}]", f"a standard id ({', '.join(standards)})", cond.text)


def load_scenario(data: Mapping[str, Any], source: str = "<scenario>") -> Scenario:
    """Validate a parsed scenario table and build the typed scenario, or raise ScenarioError."""
    c = _Checker(source)
    if not isinstance(data, Mapping):
        c.fail("(top level)", "a table", data)
        raise ScenarioError(c.issues)
    c.known_fields(data, "", _TOP_FIELDS)
    schema = c.get(
        data,
        "schema_version",
        "",
        int,
        " or ".join(str(v) for v in SCHEMA_VERSIONS),
        check=lambda v: v in SCHEMA_VERSIONS,
    )
    if schema not in SCHEMA_VERSIONS:
        schema = SCHEMA_VERSION
    quarters = c.integer(data, "quarters", "", 4, 12, default=6)
    briefing = c.table(data.get("briefing", _MISSING), "briefing")
    c.known_fields(briefing, "briefing", ("organisation", "situation"))

    start = c.table(data.get("start", _MISSING), "start")
    c.known_fields(
        start,
        "start",
        ("metrics", "baseline", "budget", "envelopes", "action_points", "value_per_quarter"),
    )
    start_metrics = c.int_map(
        start, "metrics", "start", METRICS, 0, 100, required=True, complete=True
    )
    baseline = c.int_map(start, "baseline", "start", METRICS, 0, 100)
    baseline = {m: baseline.get(m, max(0, start_metrics.get(m, 50) - 5)) for m in METRICS}
    budget = c.integer(start, "budget", "start", 1, 500)
    envelopes = c.int_map(start, "envelopes", "start", ROLES, 0, 500, required=True, complete=True)
    if envelopes and len(envelopes) == len(ROLES) and sum(envelopes.values()) != budget:
        c.fail(
            "start.envelopes",
            f"envelopes adding up to start.budget ({budget})",
            _Text(f"a sum of {sum(envelopes.values())}"),
        )

    rules_t = c.table(data.get("rules", {}), "rules")
    defaults = Rules()
    c.known_fields(rules_t, "rules", tuple(f.name for f in fields(Rules)))
    rules = Rules(
        max_random_incidents=c.integer(
            rules_t, "max_random_incidents", "rules", 0, 5, default=defaults.max_random_incidents
        ),
        min_owner_share=c.number(
            rules_t, "min_owner_share", "rules", 0.0, 0.5, default=defaults.min_owner_share
        ),
        cross_role_investigate_ap=c.integer(
            rules_t,
            "cross_role_investigate_ap",
            "rules",
            1,
            6,
            default=defaults.cross_role_investigate_ap,
        ),
        metric_pull=c.number(
            rules_t, "metric_pull", "rules", 0.1, 1.0, default=defaults.metric_pull
        ),
        notify_cost=c.integer(rules_t, "notify_cost", "rules", 0, 20, default=defaults.notify_cost),
        clock_miss_fine=c.integer(
            rules_t, "clock_miss_fine", "rules", 0, 50, default=defaults.clock_miss_fine
        ),
        free_shares=c.integer(rules_t, "free_shares", "rules", 0, 10,
                              default=defaults.free_shares),
        share_ap=c.integer(rules_t, "share_ap", "rules", 0, 3, default=defaults.share_ap),
        carry_over=c.number(rules_t, "carry_over", "rules", 0.0, 10.0,
                            default=defaults.carry_over),
        transfer_cap=c.integer(rules_t, "transfer_cap", "rules", 0, 500,
                               default=defaults.transfer_cap),
    )

    goals: list[GoalSpec] = []
    goal_items = c.items(data, "goals", "", required=True)
    if goal_items and not 1 <= len(goal_items) <= 6:
        c.fail("goals", "1 to 6 goals", goal_items)
    for i, raw in enumerate(goal_items):
        p = f"goals[{i}]"
        t = c.table(raw, p)
        c.known_fields(t, p, ("id", "text", "kind", "metric", "target"))
        kind = c.choice(t, "kind", p, ("value", "metric"))
        goals.append(
            GoalSpec(
                id=c.get(t, "id", p, str, "an id of letters, digits and -", check=_ident),
                text=c.text(t, "text", p),
                kind=kind,
                target=c.integer(t, "target", p, 0, 10_000 if kind == "value" else 100),
                metric=c.choice(t, "metric", p, METRICS) if kind == "metric" else "",
            )
        )

    initiatives = _merge_initiatives(
        c,
        c.items(data, "initiatives", ""),
        c.words(data, "retired_initiatives", "", None, "an initiative id"),
    )
    standards = {
        s.id: s
        for s in (_standard(c, raw, f"catalogue standard {raw.get('id')}") for raw in STANDARDS)
    }
    archetypes = {
        a.id: a
        for a in (
            _inject(c, raw, f"catalogue inject {raw.get('id')}", {}, quarters)
            for raw in INJECT_ARCHETYPES
        )
    }

    incidents: dict[str, IncidentSpec] = {}
    incident_items = c.items(data, "incidents", "", required=True)
    if isinstance(data.get("incidents"), list) and len(incident_items) < 3:
        c.fail("incidents", "at least 3 incidents", incident_items)
    for i, raw in enumerate(incident_items):
        inc = _incident(c, raw, f"incidents[{i}]", quarters, schema)
        if inc.id in incidents:
            c.fail(
                f"incidents[{i}].id", "an id unique among incidents", _Text(f'a second "{inc.id}"')
            )
        incidents[inc.id] = inc
        _check_incident_logic(c, inc, f"incidents[{i}]", schema)

    injects: dict[str, InjectSpec] = dict(archetypes)
    for i, raw in enumerate(c.items(data, "injects", "")):
        inj = _inject(c, raw, f"injects[{i}]", archetypes, quarters)
        if inj.id in injects and inj.id not in archetypes:
            c.fail(f"injects[{i}].id", "an id unique among injects", _Text(f'a second "{inj.id}"'))
        injects[inj.id] = inj

    hints: list[HintSpec] = []
    for i, raw in enumerate(c.items(data, "hints", "")):
        p = f"hints[{i}]"
        t = c.table(raw, p)
        c.known_fields(t, p, ("quarter", "text"))
        hints.append(
            HintSpec(quarter=c.integer(t, "quarter", p, 0, quarters), text=c.text(t, "text", p))
        )

    roadmap: list[RoadmapTarget] = []
    for i, raw in enumerate(c.items(data, "reference_roadmap", "")):
        p = f"reference_roadmap[{i}]"
        t = c.table(raw, p)
        c.known_fields(t, p, ("initiative", "level", "quarter", "owner", "kpi"))
        roadmap.append(
            RoadmapTarget(
                initiative=c.choice(t, "initiative", p, tuple(initiatives)),
                level=c.choice(t, "level", p, LEVELS),
                quarter=c.integer(t, "quarter", p, 0, quarters),
                owner=c.choice(t, "owner", p, ROLES),
                kpi=c.get(t, "kpi", p, str, "a string", default=""),
            )
        )
    if not roadmap:
        roadmap = list(_default_reference_roadmap(quarters, initiatives))

    _check_references(c, incidents, injects, initiatives, standards, quarters)

    scenario = Scenario(
        id=c.get(data, "id", "", str, "an id of lowercase letters, digits and -", check=_ident),
        title=c.text(data, "title", ""),
        industry=c.choice(data, "industry", "", INDUSTRIES),
        difficulty=c.choice(data, "difficulty", "", DIFFICULTIES),
        quarters=quarters,
        summary=c.text(data, "summary", ""),
        organisation=c.text(briefing, "organisation", "briefing"),
        situation=c.text(briefing, "situation", "briefing"),
        goals=tuple(goals),
        start_metrics=start_metrics,
        baseline=baseline,
        budget=budget,
        envelopes=envelopes,
        action_points=c.integer(start, "action_points", "start", 1, 6),
        value_per_quarter=c.integer(start, "value_per_quarter", "start", 0, 500),
        rules=rules,
        incidents=incidents,
        injects=injects,
        initiatives=initiatives,
        standards=standards,
        hints=tuple(hints),
        reference_roadmap=tuple(roadmap),
        digest=scenario_digest(data),
        source=source,
    )
    if c.issues:  # every field has been read, so this is the whole list
        raise ScenarioError(c.issues)
    return scenario


def _check_references(
    c: _Checker,
    incidents: Mapping[str, IncidentSpec],
    injects: Mapping[str, InjectSpec],
    initiatives: Mapping[str, InitiativeSpec],
    standards: Mapping[str, StandardSpec],
    quarters: int,
) -> None:
    """Cross-references between records, checked once every record is read."""
    for ident, spec in initiatives.items():
        base = f"initiative {ident}"
        _check_condition_refs(
            c, spec.prerequisites, f"{base}.prerequisites", initiatives, standards
        )
        _check_condition_refs(
            c, spec.penalty_unless, f"{base}.penalty_unless", initiatives, standards
        )
        _check_condition_refs(
            c, spec.extra_upkeep_unless, f"{base}.extra_upkeep_unless", initiatives, standards
        )
    for ident, std in standards.items():
        _check_condition_refs(c, std.requires, f"standard {ident}.requires", initiatives, standards)
    for n, inc in enumerate(incidents.values()):
        path = f"incidents[{n}]"
        for i, ref in enumerate(inc.mitigated_by):
            if ref not in initiatives:
                c.fail(
                    f"{path}.mitigated_by[{i}]",
                    f"an initiative id this scenario has ({', '.join(initiatives)})",
                    ref,
                )
        for i, clue in enumerate(inc.clues):
            _check_condition_refs(
                c, clue.requires, f"{path}.clues[{i}].requires", initiatives, standards
            )
        for i, resp in enumerate(inc.responses):
            rp = f"{path}.responses[{i}]"
            _check_condition_refs(c, resp.requires, f"{rp}.requires", initiatives, standards)
            if resp.prevents_with is not None and resp.prevents_with not in initiatives:
                c.fail(
                    f"{rp}.prevents_with",
                    f"an initiative id this scenario has ({', '.join(initiatives)})",
                    resp.prevents_with,
                )
            if not resp.cost and not resp.ap:
                c.fail(
                    f"{rp}",
                    "a response that costs credits or AP of at least one role",
                    _Text("no cost and no ap"),
                )
    for ident, inj in injects.items():
        for i, eff in enumerate(inj.effects):
            ep = f"inject {ident}.effects[{i}]"
            if eff.kind == "incident" and eff.incident not in incidents:
                # The default archetypes never add incidents, so this names a scenario inject.
                c.fail(
                    f"{ep}.incident",
                    f"an incident id of this scenario ({', '.join(incidents)})",
                    eff.incident,
                )
            for j, ref in enumerate(eff.initiatives):
                if ref not in initiatives:
                    c.fail(
                        f"{ep}.initiatives[{j}]",
                        f"an initiative id this scenario has ({', '.join(initiatives)})",
                        ref,
                    )
            _check_condition_refs(c, eff.unless, f"{ep}.unless", initiatives, standards)
            _check_condition_refs(c, eff.requires, f"{ep}.requires", initiatives, standards)


def _default_reference_roadmap(
    quarters: int, initiatives: Mapping[str, InitiativeSpec]
) -> tuple[RoadmapTarget, ...]:
    """The default: crawl on visibility first, walk on contracts and lineage, run last."""
    plan = [
        ("I1", "crawl", 1, "finops", "cost_efficiency>=50"),
        ("I7", "crawl", 1, "mlops", "governance>=45"),
        ("I5", "crawl", 1, "dataops", "data_trust>=50"),
        ("I11", "crawl", 1, "finops", "governance>=50"),
        ("I12", "crawl", 2, "dataops", "team_capability>=50"),
        ("I1", "walk", 2, "finops", "cost_efficiency>=55"),
        ("I7", "walk", 2, "mlops", "model_reliability>=50"),
        ("I4", "crawl", 3, "dataops", "data_trust>=55"),
        ("I6", "crawl", 3, "dataops", "governance>=55"),
        ("I3", "crawl", 3, "finops", "cost_efficiency>=60"),
        ("I9", "crawl", 3, "mlops", "model_reliability>=55"),
        ("I2", "crawl", 4, "finops", "cost_efficiency>=60"),
        ("I6", "walk", 4, "dataops", "governance>=60"),
        ("I9", "walk", 4, "mlops", "model_reliability>=60"),
        ("I8", "crawl", 5, "mlops", "delivery_velocity>=55"),
        ("I10", "crawl", 5, "finops", "business_value>=60"),
    ]
    return tuple(
        RoadmapTarget(initiative=i, level=lvl, quarter=min(q, quarters), owner=o, kpi=k)
        for i, lvl, q, o, k in plan
        if i in initiatives
    )


def scenario_digest(data: Mapping[str, Any]) -> str:
    """A short, stable fingerprint of a scenario's content, pinned in game records."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]
