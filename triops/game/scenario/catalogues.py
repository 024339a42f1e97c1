"""The initiatives and standards of a scenario: the default catalogues, with its overrides."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any, Final

from triops.game.catalogue.initiatives import INITIATIVES
from triops.game.catalogue.standards import STANDARDS
from triops.game.model.vocab import INCIDENT_TAGS, LEVELS, METRICS, ROLES
from triops.game.scenario.checker import MISSING, Checker, is_ident
from triops.game.scenario.model import InitiativeSpec, LevelSpec, StandardSpec

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
    c: Checker, table: Mapping[str, Any], key: str, path: str, kind: type, low: float, high: float
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


def _initiative(c: Checker, raw: object, path: str) -> InitiativeSpec | None:
    t = c.table(raw, path)
    c.known_fields(t, path, _INITIATIVE_FIELDS)
    levels_raw = c.table(t.get("levels", {}), f"{path}.levels")
    levels: dict[str, LevelSpec] = {}
    for level in LEVELS:
        lp = f"{path}.levels.{level}"
        lt = c.table(levels_raw.get(level, MISSING), lp)
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


def _standard(c: Checker, raw: object, path: str) -> StandardSpec:
    t = c.table(raw, path)
    c.known_fields(
        t,
        path,
        ("id", "name", "spec", "disciplines", "addresses", "kpi", "effects", "requires"),
    )
    return StandardSpec(
        id=c.get(t, "id", path, str, "an id of letters, digits and -", check=is_ident),
        name=c.text(t, "name", path),
        spec=c.text(t, "spec", path),
        disciplines=c.words(t, "disciplines", path, ROLES, "a role", required=True),
        addresses=c.words(t, "addresses", path, INCIDENT_TAGS, "a tag", required=True),
        kpi=c.text(t, "kpi", path),
        effects=c.int_map(t, "effects", path, METRICS, -20, 20),
        requires=c.conditions(t, "requires", path),
    )


def read_initiatives(
    c: Checker, overrides: list[Any], retired: tuple[str, ...]
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


def read_standards(c: Checker) -> dict[str, StandardSpec]:
    """The standards catalogue (scenarios do not override it)."""
    return {
        s.id: s
        for s in (_standard(c, raw, f"catalogue standard {raw.get('id')}") for raw in STANDARDS)
    }


# Parts of a catalogue text that rest on one jurisdiction's law or supervisor, and the
# framework id a scenario lists (`frameworks`) when its organisation is bound by it.
_BOUND: Final = (("EU AI Act", "eu_ai_act"), ("SR 26-2", "sr_11_7"), ("SR 11-7", "sr_11_7"),
                 ("BCBS 239", "bcbs_239"))


def cited_for(text: str, frameworks: Sequence[str]) -> str:
    """A "; "-separated list of sources without the parts that cite a law or supervisor
    this organisation is not bound by: a US health system's initiative cards cited the EU
    AI Act and US banking supervision."""
    kept = [part for part in text.split("; ")
            if all(ident in frameworks for key, ident in _BOUND if key in part)]
    return "; ".join(kept)


def local_catalogues(initiatives: Mapping[str, InitiativeSpec],
                     standards: Mapping[str, StandardSpec], frameworks: Sequence[str]
                     ) -> tuple[dict[str, InitiativeSpec], dict[str, StandardSpec]]:
    """The catalogues as this organisation reads them (`cited_for`)."""
    return ({i: dataclasses.replace(s, anchor=cited_for(s.anchor, frameworks))
             for i, s in initiatives.items()},
            {i: dataclasses.replace(s, spec=cited_for(s.spec, frameworks))
             for i, s in standards.items()})
