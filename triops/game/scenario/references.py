"""Cross-references between a scenario's records, checked once every record is read."""

from __future__ import annotations

from collections.abc import Mapping

from triops.game.rules.conditions import Condition
from triops.game.scenario.checker import Checker, InWords
from triops.game.scenario.model import IncidentSpec, InitiativeSpec, InjectSpec, StandardSpec


def check_references(
    c: Checker,
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
                    InWords("no cost and no ap"),
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


def _check_condition_refs(
    c: Checker,
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
