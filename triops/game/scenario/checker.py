"""Reading a scenario table field by field, and every problem found, each in words.

Each getter checks one field's type and range, records an issue naming the file, the field
path, what was expected and what was found, and returns a safe default so reading goes on:
one run reports every problem at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from triops.game.rules.conditions import Condition, ConditionSyntaxError, parse_condition

T = TypeVar("T")

# A field that is not there (None can be a default).
MISSING = object()


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


class InWords(str):
    """A finding already put into words, shown as is rather than quoted."""


def _describe(value: object) -> str:
    if isinstance(value, InWords):
        return str(value)
    if value is MISSING:
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


class Checker:
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
                    InWords(f'an unknown field "{key}"'),
                )

    def get(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        kind: type[T] | tuple[type, ...],
        expected: str,
        default: Any = MISSING,
        check: Callable[[Any], bool] | None = None,
    ) -> Any:
        full = f"{path}.{key}" if path else key
        value = table.get(key, MISSING)
        if value is MISSING:
            if default is MISSING:
                self.fail(full, expected, value)
                return _fallback(kind)
            return default
        ok = isinstance(value, kind) and not (isinstance(value, bool) and kind in (int, float))
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value, ok = float(value), True
        if not ok or (check is not None and not check(value)):
            self.fail(full, expected, value)
            return default if default is not MISSING else _fallback(kind)
        return value

    def text(self, table: Mapping[str, Any], key: str, path: str, default: Any = MISSING) -> str:
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
        default: Any = MISSING,
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
        default: Any = MISSING,
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
        default: Any = MISSING,
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
        value = table.get(key, MISSING)
        if value is MISSING:
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
        value = table.get(key, MISSING)
        if value is MISSING:
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
                    self.fail(f"{full}.{name}", "an integer (every entry is required)", MISSING)
        return out

    def conditions(self, table: Mapping[str, Any], key: str, path: str) -> tuple[Condition, ...]:
        full = f"{path}.{key}" if path else key
        raw = table.get(key, MISSING)
        if isinstance(raw, str):  # a single condition may be written without brackets
            raw = [raw]
        if raw is MISSING:
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


def is_ident(value: str) -> bool:
    """An id: letters, digits, - and _, at least one."""
    return bool(value) and all(c.isalnum() or c in "-_" for c in value)
