"""Fuzzed scenario files give validation errors, never a traceback.

    TRIOPS_FUZZ_EXAMPLES=10000 .venv/bin/pytest tests/game/test_scenario_fuzz.py   # nightly
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.game.helpers import RETAIL
from triops.game.scenario.loader import ScenarioError, load_scenario
from triops.scenarios import read_scenario

EXAMPLES = int(os.environ.get("TRIOPS_FUZZ_EXAMPLES", "150"))
LINES = RETAIL.read_text(encoding="utf-8").splitlines()
junk = st.sampled_from(('"x"', "0", "-1", "9999", "true", "[]", "{}", '["I99"]', "1.5", '""',
                        "[[1]]", '"crawl"', "{ a = 1 }", "nan", "'''", "="))


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 6))):
        n = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(("delete", "value", "duplicate", "garble", "key")))
        line = lines[n]
        if action == "delete":
            del lines[n]
        elif action == "duplicate":
            lines.insert(n, line)
        elif action == "value" and "=" in line:
            lines[n] = line.split("=", 1)[0] + "= " + draw(junk)
        elif action == "key" and "=" in line:
            lines[n] = draw(st.text("abcdefghij_", min_size=1, max_size=8)) + " =" + \
                line.split("=", 1)[1]
        else:
            cut = draw(st.integers(0, max(0, len(line))))
            lines[n] = line[:cut] + draw(st.text(max_size=5)) + line[cut:]
    return "\n".join(lines)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated())
def test_fuzzed_scenario_files_give_errors_not_tracebacks(text: str) -> None:
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"fuzz-{os.getpid()}.toml"
    path.write_text(text, encoding="utf-8")
    try:
        read_scenario(path)
    except ScenarioError as err:
        assert err.issues and all(str(path) in str(i) for i in err.issues)


values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                                st.text(max_size=10)),
                      lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=25)


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.dictionaries(st.sampled_from(("schema_version", "id", "title", "start", "goals",
                                             "incidents", "injects", "rules", "briefing",
                                             "initiatives", "hints", "x")), values))
def test_arbitrary_tables_give_errors_not_tracebacks(data: dict[str, object]) -> None:
    try:
        load_scenario(data, "random.toml")
    except ScenarioError as err:
        assert err.issues
