"""A scenario's injects: the default archetypes, its own injects and their effects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from triops.game.catalogue.injects import INJECT_ARCHETYPES
from triops.game.model.vocab import INCIDENT_TAGS, METRICS
from triops.game.scenario.checker import MISSING, Checker, is_ident
from triops.game.scenario.model import EffectSpec, InjectSpec

_EFFECT_FIELDS: dict[str, tuple[str, ...]] = {
    "budget": ("amount",),
    "metric": ("metric", "delta", "unless"),
    "incident": ("incident",),
    "modifier": ("metric", "delta", "quarters", "unless"),
    "probability": ("tags", "factor", "quarters"),
    "cost": ("initiatives", "factor", "quarters"),
    "clock": ("title", "quarters", "requires", "metric", "delta", "fine"),
}


def parse_effect(c: Checker, raw: object, path: str) -> EffectSpec:
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


def read_inject(
    c: Checker, raw: object, path: str, archetypes: Mapping[str, InjectSpec], quarters: int
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
        id=c.get(t, "id", path, str, "an id of letters, digits and -", check=is_ident),
        title=c.text(t, "title", path, default=base.title if base else MISSING),
        narrative=c.text(t, "narrative", path),
        effects=effects or (base.effects if base else ()),
        scheduled=c.integer(t, "scheduled", path, 1, quarters, default=None),
        archetype=archetype,
    )


def read_archetypes(c: Checker, quarters: int,
                    frameworks: Sequence[str] | None = None) -> dict[str, InjectSpec]:
    """The default inject archetypes a scenario's library holds: all of them, but an event
    that rests on a law or supervisor only where the organisation answers to it (one of
    `frameworks`, the scenario's own)."""
    def applies(raw: Mapping[str, object]) -> bool:
        rests_on = raw.get("frameworks")
        return frameworks is None or not isinstance(rests_on, list) or bool(
            set(rests_on) & set(frameworks))

    return {
        a.id: a
        for a in (
            read_inject(c, {k: v for k, v in raw.items() if k != "frameworks"},
                        f"catalogue inject {raw.get('id')}", {}, quarters)
            for raw in INJECT_ARCHETYPES if applies(raw)
        )
    }
