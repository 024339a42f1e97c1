"""Reading one incident: its clues, diagnoses and responses, in schema 1 or 2."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from triops.game.model.vocab import (
    INCIDENT_TAGS,
    METRICS,
    RESPONSE_CLASSES,
    RESPONSE_STEPS,
    ROLES,
    SEAMS,
)
from triops.game.scenario.checker import Checker, is_ident
from triops.game.scenario.model import (
    ClueSpec,
    ClueVariant,
    DiagnosisSpec,
    IncidentSpec,
    ResponseSpec,
)

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


def _variants(c: Checker, table: Mapping[str, Any], path: str) -> tuple[ClueVariant, ...]:
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


def read_incident(c: Checker, raw: object, path: str, quarters: int, schema: int) -> IncidentSpec:
    t = c.table(raw, path)
    c.known_fields(t, path, _INCIDENT_FIELDS)
    v2 = schema >= 2
    clues = _clues(c, t, path, v2)
    diagnoses = _diagnoses(c, t, path, v2)
    responses = _responses(c, t, path, v2, diagnoses)
    scheduled = _scheduled(c, t, path, quarters)
    return IncidentSpec(
        id=c.get(t, "id", path, str, "an id of letters, digits and -", check=is_ident),
        title=c.text(t, "title", path),
        severity=c.integer(t, "severity", path, 1, 3),
        seams=c.words(t, "seams", path, SEAMS, "a seam", required=True),
        tags=c.words(t, "tags", path, INCIDENT_TAGS, "a tag", required=True),
        damage=c.int_map(t, "damage", path, METRICS, -30, 0, required=True),
        clues=clues,
        diagnoses=diagnoses,
        responses=responses,
        archetype=c.get(t, "archetype", path, str, "an archetype id such as R1", default=""),
        anchor=c.get(t, "anchor", path, str, "a string", default=""),
        probability=c.number(t, "probability", path, 0.0, 1.0, default=0.0),
        earliest=c.integer(t, "earliest", path, 1, quarters, default=1),
        scheduled=scheduled,
        mitigated_by=c.words(t, "mitigated_by", path, None, "an initiative id"),
        loss=c.integer(t, "loss", path, 0, 50, default=0),
        clock=c.integer(t, "clock", path, 0, 4, default=0),
        hint=c.get(t, "hint", path, str, "a string", default=""),
    )


def _clues(c: Checker, t: Mapping[str, Any], path: str, v2: bool) -> tuple[ClueSpec, ...]:
    """Schema 2 clues read by cause (`variants`); schema 1 clues name the cause they suggest.
    A clue's id is its role and its position among that role's clues."""
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
    return tuple(clues)


def _diagnoses(
    c: Checker, t: Mapping[str, Any], path: str, v2: bool
) -> tuple[DiagnosisSpec, ...]:
    """Schema 2 causes carry a weight; schema 1 marks the one correct cause."""
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
                id=c.get(dt, "id", dp, str, "an id of letters, digits and -", check=is_ident),
                text=c.text(dt, "text", dp),
                correct=correct,
                red_herring=c.flag(dt, "red_herring", dp),
                explanation=c.get(dt, "explanation", dp, str, "a string", default=""),
                weight=weight,
            )
        )
    return tuple(diagnoses)


def _responses(
    c: Checker, t: Mapping[str, Any], path: str, v2: bool, diagnoses: Sequence[DiagnosisSpec]
) -> tuple[ResponseSpec, ...]:
    """Schema 2 plans name the causes they fit; in schema 1 good and partial plans fit the
    one correct cause."""
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
                id=c.get(rt, "id", rp, str, "an id of letters, digits and -", check=is_ident),
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
    return tuple(responses)


def _scheduled(c: Checker, t: Mapping[str, Any], path: str, quarters: int) -> tuple[int, ...]:
    """The quarters the incident opens for sure."""
    scheduled = []
    for i, q in enumerate(c.items(t, "scheduled", path)):
        if isinstance(q, int) and not isinstance(q, bool) and 1 <= q <= quarters:
            scheduled.append(q)
        else:
            c.fail(f"{path}.scheduled[{i}]", f"a quarter from 1 to {quarters}", q)
    return tuple(scheduled)
