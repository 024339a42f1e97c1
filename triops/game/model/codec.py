"""Plain-data codec for the game's dataclasses: to dicts and lists, and strictly back.

One codec serves commands from the wire, game records and state snapshots. Decoding checks
every field against the dataclass's type hints, so a malformed command is refused with the
path of the first bad field instead of reaching the rules.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin

T = TypeVar("T")

MAX_DEPTH = 12


class DecodeError(ValueError):
    """Plain data did not match the expected shape; `path` says where."""

    def __init__(self, path: str, expected: str, found: object) -> None:
        self.path = path or "(top)"
        self.expected = expected
        self.found = _short(found)
        super().__init__(f"{self.path}: expected {expected}; found {self.found}")


def _short(value: object) -> str:
    name = type(value).__name__
    text = repr(value)
    return f"{name} {text[:40]}" if len(text) <= 40 else f"{name} {text[:37]}..."


def plain_converter(keys: Callable[[Any], Any] | None = None) -> Callable[[Any], Any]:
    """A converter to plain data: dataclasses become dicts (transient fields left out),
    tuples become lists, and `keys` (if given) maps every map key. How to convert each
    type is decided once, which matters for snapshots and views, built all the time."""
    converters: dict[type, Callable[[Any], Any]] = {}

    def plain(value: Any) -> Any:
        convert = converters.get(type(value))
        if convert is None:
            convert = converters[type(value)] = decide(type(value))
        return convert(value)

    def decide(cls: type) -> Callable[[Any], Any]:
        if dataclasses.is_dataclass(cls):
            names = tuple(f.name for f in _fields(cls))
            return lambda value: {name: plain(getattr(value, name)) for name in names}
        if issubclass(cls, tuple | list):
            return lambda value: [plain(v) for v in value]
        if issubclass(cls, Mapping):
            if keys is None:
                return lambda value: {k: plain(v) for k, v in value.items()}
            return lambda value: {keys(k): plain(v) for k, v in value.items()}
        return _same

    return plain


def _same(value: Any) -> Any:
    return value


to_plain = plain_converter()  # the form records and snapshots are stored in


@cache
def _fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return tuple(f for f in dataclasses.fields(cls) if not f.metadata.get("transient"))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_plain(
    cls: type[T], data: Any, path: str = "", extra: Mapping[str, Any] | None = None
) -> T:
    """Build `cls` from plain data, checking every field. `extra` fills transient fields."""
    return typing.cast(T, _decode(cls, data, path, 0, extra or {}))


def _decode(tp: Any, data: Any, path: str, depth: int, extra: Mapping[str, Any]) -> Any:
    if depth > MAX_DEPTH:
        raise DecodeError(path, "less deeply nested data", "too deep")
    # The commonest kinds first, each answered as the checks below would answer it: every
    # action from the wire comes through here.
    if tp is str:
        if isinstance(data, str):
            return data
        raise DecodeError(path, "a string", data)
    if tp is int:
        if isinstance(data, int) and not isinstance(data, bool):
            return data
        raise DecodeError(path, "an integer", data)
    if tp is Any or tp is object:
        return data
    plan = _PLANS.get(tp)
    if plan is not None:
        return _decode_dataclass(tp, plan, data, path, depth, extra)
    origin, args = _GENERIC.get(tp) or _generic(tp)
    if tp is Any or tp is object:
        return data
    if origin in (Union, types.UnionType):
        errors = []
        for option in args:
            try:
                return _decode(option, data, path, depth, extra)
            except DecodeError as err:
                errors.append(err.expected)
        raise DecodeError(path, " or ".join(errors), data)
    if tp is type(None):
        if data is None:
            return None
        raise DecodeError(path, "nil", data)
    if tp is bool:
        if isinstance(data, bool):
            return data
        raise DecodeError(path, "a boolean", data)
    if tp is int:
        if isinstance(data, int) and not isinstance(data, bool):
            return data
        raise DecodeError(path, "an integer", data)
    if tp is float:
        if isinstance(data, int | float) and not isinstance(data, bool):
            return float(data)
        raise DecodeError(path, "a number", data)
    if tp is str:
        if isinstance(data, str):
            return data
        raise DecodeError(path, "a string", data)
    if origin is tuple:
        if not isinstance(data, list | tuple):
            raise DecodeError(path, "a list", data)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(
                _decode(args[0], item, f"{path}[{i}]", depth + 1, extra)
                for i, item in enumerate(data)
            )
        if len(args) != len(data):
            raise DecodeError(path, f"a list of {len(args)}", data)
        return tuple(
            _decode(a, item, f"{path}[{i}]", depth + 1, extra)
            for i, (a, item) in enumerate(zip(args, data, strict=True))
        )
    if origin in (Mapping, dict, typing.Mapping) or tp is dict:
        key_type, value_type = args or (str, Any)
        if type(data) is not dict and not isinstance(data, Mapping):
            raise DecodeError(path, "a map", data)
        out = {}
        for k, v in data.items():
            key = _decode(key_type, k, f"{path}.<key>", depth + 1, extra)
            out[key] = _decode(value_type, v, f"{path}.{k}", depth + 1, extra)
        return out
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        plan = _PLANS[tp] = _plan(tp)
        return _decode_dataclass(tp, plan, data, path, depth, extra)
    raise DecodeError(path, f"a {tp}", data)


def _generic(tp: Any) -> tuple[Any, tuple[Any, ...]]:
    found = _GENERIC[tp] = (get_origin(tp), get_args(tp))
    return found


# A type's origin and arguments (typing.get_origin, get_args), worked out once per type.
_GENERIC: dict[Any, tuple[Any, tuple[Any, ...]]] = {}


# A dataclass's field names, and each field's (name, type hint, transient, required): worked
# out once per class rather than at every decoding.
_Plan = tuple[frozenset[str], tuple[tuple[str, Any, bool, bool], ...]]
_PLANS: dict[Any, _Plan] = {}


def _plan(tp: type) -> _Plan:
    hints = _hints(tp)
    return (frozenset(f.name for f in _fields(tp)),
            tuple((f.name, hints.get(f.name), bool(f.metadata.get("transient")),
                   f.default is dataclasses.MISSING
                   and f.default_factory is dataclasses.MISSING)
                  for f in dataclasses.fields(tp)))


def _decode_dataclass(tp: Any, plan: _Plan, data: Any, path: str, depth: int,
                      extra: Mapping[str, Any]) -> Any:
    if type(data) is not dict and not isinstance(data, Mapping):  # (the ABC check is slow)
        raise DecodeError(path, f"a map ({getattr(tp, '__name__', tp)})", data)
    known, fields = plan
    for key in data:
        if key not in known:
            raise DecodeError(f"{path}.{key}" if path else str(key), "no such field", key)
    kwargs: dict[str, Any] = {}
    for name, hint, transient, required in fields:
        if transient:
            if name in extra:
                kwargs[name] = extra[name]
            continue
        if name in data:
            sub = f"{path}.{name}" if path else name
            kwargs[name] = _decode(hint, data[name], sub, depth + 1, extra)
        elif required:
            raise DecodeError(f"{path}.{name}" if path else name, "a value (required)",
                              "nothing")
    return tp(**kwargs)
