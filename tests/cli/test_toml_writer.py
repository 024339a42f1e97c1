"""The small TOML writer: what it writes reads back the same with tomllib, comments included."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triops.cli.toml_writer import Inline, Note, dumps, key_text, value_text


def test_tables_arrays_of_tables_and_inline_tables_read_back_the_same() -> None:
    data: dict[str, Any] = {
        "schema_version": 2,
        "title": "A title",
        "ratio": 0.3,
        "ok": True,
        "tags": ["a", "b"],
        "briefing": {"organisation": "Org", "situation": "Sit"},
        "start": {"budget": 50, "metrics": {"data_trust": 45}, "envelopes": {"dataops": 16}},
        "incidents": [
            {"id": "A1", "damage": Inline(data_trust=-4, governance=-2),
             "clues": [{"role": "dataops", "variants": [{"causes": ["x"], "text": "one"},
                                                       {"causes": ["y"], "text": "two"}]},
                       {"role": "mlops", "text": "plain"}]},
            {"id": "A2", "clues": [{"role": "finops", "text": "three"}]},
        ],
        "empty": [],
    }
    text = dumps(data)
    assert tomllib.loads(text) == data
    assert "damage = { data_trust = -4, governance = -2 }" in text
    assert "[[incidents.clues.variants]]" in text and "[start.metrics]" in text
    # Plain keys come before a table's sub-tables, as TOML requires.
    assert text.index("empty = []") < text.index("[briefing]")


def test_notes_go_above_their_key_or_header_and_at_the_end_of_a_line() -> None:
    data = {"quarters": 6, "start": {"budget": 50}, "goals": [{"id": "value"}]}
    notes = {"": Note("the file\n\nand a paragraph"), "quarters": Note(after="4 to 12"),
             "start": Note("the start", "header note"), "start.budget": Note("credits"),
             "goals[0]": Note("1 to 6 goals")}
    text = dumps(data, notes)
    assert text.startswith("# the file\n\n# and a paragraph\nquarters = 6")
    assert "quarters = 6" + " " * 20 + "# 4 to 12" in text
    assert "\n# the start\n[start]" in text and "# header note" in text
    assert "# credits\nbudget = 50" in text
    assert "\n# 1 to 6 goals\n[[goals]]" in text
    assert tomllib.loads(text) == data


def test_a_note_for_a_path_the_data_lacks_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"start\.budgte"):
        dumps({"start": {"budget": 50}}, {"start.budgte": Note("credits")})


def test_strings_are_escaped_and_odd_keys_quoted() -> None:
    assert value_text('say "hi"\\\n\t\x01\x7f') == '"say \\"hi\\"\\\\\\n\\t\\u0001\\u007F"'
    assert key_text("a b") == '"a b"' and key_text("a_b-1") == "a_b-1"
    with pytest.raises(TypeError):
        value_text(object())


_SCALARS = (st.text() | st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.booleans()
            | st.floats(allow_nan=False))
_KEYS = st.text(min_size=1, max_size=8)


@given(st.recursive(st.dictionaries(_KEYS, _SCALARS | st.lists(_SCALARS, max_size=3),
                                    max_size=4),
                    lambda inner: st.dictionaries(_KEYS, inner | st.lists(inner, min_size=1,
                                                                          max_size=2),
                                                  max_size=3),
                    max_leaves=12))
def test_any_table_of_the_subset_reads_back_the_same(data: dict[str, Any]) -> None:
    assert tomllib.loads(dumps(data)) == data
