"""A small TOML writer: the standard library reads TOML (tomllib) but does not write it.

It writes the subset the command line needs, so that a file is built as data and written in
one place: tables and arrays of tables (`[start]`, `[[incidents]]`, nested to any depth),
inline tables (`Inline`), arrays, strings, integers, floats and booleans; no dates. Comments
come apart from the data, keyed by the path of what they describe (`Note`), so the data stays
plain and `tomllib.loads(dumps(data, notes)) == data`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# Trailing comments line up at this column when the line leaves room.
COMMENT_COLUMN = 33

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
            "\r": "\\r"}


class Inline(dict[str, Any]):
    """A table written on its key's line, `damage = { data_trust = -4 }`, not under a header.
    It equals the plain dict it holds."""


@dataclass(frozen=True)
class Note:
    """Comments for one path: `above` goes on lines of its own before the key or the table's
    header (an empty line there is a blank line), `after` at the end of its line."""

    above: str = ""
    after: str = ""


def dumps(data: Mapping[str, Any], notes: Mapping[str, Note] | None = None) -> str:
    """The TOML text of `data`. Notes are keyed by path: "" for the top of the file, "quarters",
    "start.metrics", "incidents[0].clues[1].requires". A note whose path names nothing is an
    error, so a comment cannot silently drift away from its field."""
    writer = _Writer(notes or {})
    writer.table(data, "", ())
    unused = sorted(set(writer.notes) - writer.used)
    if unused:
        raise ValueError(f"notes for paths the data does not have: {', '.join(unused)}")
    return "\n".join(writer.lines).strip("\n") + "\n"


def value_text(value: Any) -> str:
    """One value as TOML writes it on a line: a string, number, boolean, array or inline
    table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{key_text(k)} = {value_text(v)}" for k, v in value.items()) + " }"
    if isinstance(value, Sequence):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML: {value!r}")


def key_text(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _string(text: str) -> str:
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _is_table(value: Any) -> bool:
    return isinstance(value, Mapping) and not isinstance(value, Inline)


def _is_table_array(value: Any) -> bool:
    return (isinstance(value, list) and bool(value)
            and all(_is_table(item) for item in value))


class _Writer:
    def __init__(self, notes: Mapping[str, Note]) -> None:
        self.notes = notes
        self.used: set[str] = set()
        self.lines: list[str] = []

    def note(self, path: str) -> Note:
        if path in self.notes:
            self.used.add(path)
            return self.notes[path]
        return Note()

    def comments(self, text: str) -> None:
        if text:
            self.lines += [f"# {line}" if line else "" for line in text.split("\n")]

    def line(self, text: str, after: str) -> None:
        if after:  # at the column, or two spaces on from a longer line
            text = f"{text}{' ' * max(2, COMMENT_COLUMN - 1 - len(text))}# {after}"
        self.lines.append(text)

    def table(self, table: Mapping[str, Any], path: str, names: tuple[str, ...],
              header: str = "") -> None:
        """A table's header (none at the top), its plain keys, then its tables in order."""
        note = self.note(path)
        if header:
            if self.lines:
                self.lines.append("")
            self.comments(note.above)
            self.line(header, note.after)
        else:
            self.comments(note.above)
        for key, value in table.items():
            if not (_is_table(value) or _is_table_array(value)):
                sub = self.note(f"{path}.{key}" if path else key)
                self.comments(sub.above)
                self.line(f"{key_text(key)} = {value_text(value)}", sub.after)
        for key, value in table.items():
            inner = (*names, key_text(key))
            where = f"{path}.{key}" if path else key
            if _is_table(value):
                self.table(value, where, inner, f"[{'.'.join(inner)}]")
            elif _is_table_array(value):
                for n, item in enumerate(value):
                    self.table(item, f"{where}[{n}]", inner, f"[[{'.'.join(inner)}]]")
