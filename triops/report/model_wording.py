"""Small wording helpers of the report model: reading ledger details safely, shortening text,
and naming a scenario's incidents, initiatives and standards."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triops.game.scenario.model import Scenario


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _strings(value: Any) -> list[str]:
    return [str(x) for x in value] if isinstance(value, list | tuple) else []


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def _first(text: str, limit: int = 90) -> str:
    first = text.split(". ")[0].split(", ")[0].rstrip(".")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def _incident_title(s: Scenario, d: Mapping[str, Any]) -> str:
    spec = str(d.get("spec") or str(d.get("incident", "")).split("@")[0])
    inc = s.incidents.get(spec)
    return inc.title if inc else spec


def _initiative(s: Scenario, ident: str) -> str:
    spec = s.initiatives.get(ident)
    return f"{spec.name} ({ident})" if spec else ident


def _standard(s: Scenario, ident: str) -> str:
    spec = s.standards.get(ident)
    return spec.name if spec else ident
