"""The rules that make an incident teach pooling, checked once the incident is read."""

from __future__ import annotations

from collections.abc import Sequence

from triops.game.model.vocab import ROLES
from triops.game.scenario.checker import Checker, InWords
from triops.game.scenario.model import DiagnosisSpec, IncidentSpec, ResponseSpec


def check_incident(c: Checker, inc: IncidentSpec, path: str, schema: int) -> None:
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
                    InWords(f'a second "{item.id}"'),
                )
            seen.add(item.id)
    for role in ROLES:
        if not any(cl.role == role and cl.when == "start" and not cl.requires for cl in inc.clues):
            c.fail(
                f"{path}.clues",
                f"at least one unconditional start clue (a symptom) for {role}",
                InWords(f"none for {role}"),
            )
    if schema >= 2:
        _check_causes(c, inc, path)
    else:
        _check_legacy(c, inc, path)


def _check_legacy(c: Checker, inc: IncidentSpec, path: str) -> None:
    correct = [d for d in inc.diagnoses if d.correct]
    if len(correct) != 1:
        c.fail(
            f"{path}.diagnoses",
            "exactly one diagnosis with correct = true",
            InWords(f"{len(correct)} marked correct"),
        )
    if not any(r.klass == "good" for r in inc.responses):
        c.fail(
            f"{path}.responses",
            'at least one response with class = "good"',
            InWords("none of class good"),
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
                InWords(f"clues of {len(roles)} role(s)"),
            )


def _check_causes(c: Checker, inc: IncidentSpec, path: str) -> None:
    """Schema 2: every possible cause has its own fitting response, and the team's clues
    pooled (symptoms and investigations) tell every possible cause apart."""
    ids = {d.id for d in inc.diagnoses}
    known = ", ".join(sorted(ids))
    causes = inc.causes
    if len(causes) < 2:
        c.fail(f"{path}.diagnoses", "at least two diagnoses that can be the true cause "
               "(weight above 0)", InWords(f"{len(causes)}"))
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
                       "one variant with both causes)", InWords("a repeated text"))
            texts.add(variant.text)
        if clue.variants:
            for cause in causes:
                n = covered.count(cause)
                if n != 1:
                    c.fail(f"{path}.clues[{i}].variants",
                           f'variants naming each possible cause once ("{cause}")',
                           InWords(f"{n} times"))
    for i, r in enumerate(inc.responses):
        rp = f"{path}.responses[{i}]"
        for cause in r.fits:
            if cause not in ids:
                c.fail(f"{rp}.fits", f"diagnosis ids of this incident ({known})", cause)
        if r.klass in ("good", "partial") and not r.fits:
            c.fail(f"{rp}.fits", f"the causes a {r.klass} response treats", InWords("none"))
        if r.klass in ("poor", "over") and r.fits:
            c.fail(f"{rp}.fits", f"no fits: a {r.klass} response treats no cause",
                   list(r.fits))
        gains = [m for m, d in r.effects.items() if d > 0]
        if r.klass != "over" and gains:
            c.fail(f"{rp}.effects", "no gains: a response repairs damage, it earns no bonus "
                   "(set costs and side effects only)", InWords(", ".join(gains)))
        if r.klass == "over" and not any(d < 0 for d in r.effects.values()):
            c.fail(f"{rp}.effects", "the heavy side effects of an over-correction (a negative "
                   "effect on some metric)", dict(r.effects))
    for cause in causes:
        if not any(r.klass == "good" and cause in r.fits for r in inc.responses):
            c.fail(f"{path}.responses", f'a good response that fits "{cause}"',
                   InWords("none"))
    for cause in causes:
        left = pooled_candidates(inc, cause, ROLES, investigated=True)
        if len(left) > 1:
            c.fail(f"{path}.clues", f'clues that, pooled, tell "{cause}" apart from '
                   f'{", ".join(x for x in left if x != cause)}',
                   InWords("the same words under each"))


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
