"""The scenario library (issue 9): eight scenarios that validate, teach at two levels, and play.

Content checks read the files; the skeleton checks run `triops scenario new` as a user would;
the balance smoke plays a few seeded bot games per scenario (the full figures come from
`triops simulate`, see triops/scenarios/README.md).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tomllib
from functools import cache
from pathlib import Path

import pytest

from triops.cli.scenario_new import skeleton
from triops.cli.scenario_skeleton import skeleton_table
from triops.game.bots.driver import bot_game
from triops.game.model.state import GameSettings
from triops.game.scenario.audit import ONE_SEAT_MAX, audit
from triops.game.scenario.loader import ScenarioError, load_scenario, pooled_candidates
from triops.game.scenario.model import Scenario
from triops.game.scoring.score import goals_met, outcome_score
from triops.scenarios import SCENARIO_DIR, read_scenario, scenario_paths

ROOT = Path(__file__).resolve().parents[2]
INDUSTRIES = ("finance", "healthcare", "retail", "manufacturing")
DIFFICULTIES = ("novice", "experienced")
LIBRARY = tuple(f"{i}-{d}" for i in INDUSTRIES for d in DIFFICULTIES)
NOVICE = tuple(s for s in LIBRARY if s.endswith("-novice"))
EXPERIENCED = tuple(s for s in LIBRARY if s.endswith("-experienced"))
ROLES = ("dataops", "mlops", "finops")
# Public cases known from secondary sources (press, blogs, analyses; docs/cases.md): the text
# must say "reported".
SECONDARY = ("Milkie Way", "Instacart", "Unity", "Equifax", "Zillow", "15,841", "$136M")
SMOKE_SEEDS = (1, 2, 3, 4, 5, 6)


def triops(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "triops", *args],
        cwd=ROOT,
        text=True,
        capture_output=True,
        timeout=120,
    )


@cache
def scenario(ident: str) -> Scenario:
    return read_scenario(SCENARIO_DIR / f"{ident}.toml")


# --- the library exists and validates --------------------------------------------------------


def test_the_eight_industries_and_difficulties_exist() -> None:
    found = {(s.industry, s.difficulty): s.id for s in map(read_scenario, scenario_paths())}
    for ident in LIBRARY:
        industry, difficulty = ident.split("-")
        assert found.get((industry, difficulty)) == ident


def test_every_shipped_scenario_validates_from_the_command_line() -> None:
    paths = [str(p) for p in scenario_paths()]
    assert len(paths) >= len(LIBRARY)
    result = triops("scenario", "validate", *paths)
    assert result.returncode == 0, result.stderr
    for ident in LIBRARY:
        assert f"ok ({ident}," in result.stdout


@pytest.mark.parametrize("ident", LIBRARY)
def test_every_incident_is_complete_and_anchored(ident: str) -> None:
    s = scenario(ident)
    assert 6 <= len(s.incidents) <= 8
    for inc in s.incidents.values():
        where = f"{ident} {inc.id}"
        assert inc.archetype and inc.anchor, where
        assert 3 <= len(inc.diagnoses) <= 5 and 3 <= len(inc.responses) <= 6, where
        assert any(r.klass == "good" and not r.requires for r in inc.responses), where
        for role in ROLES:
            assert any(
                c.role == role and c.when == "start" and not c.requires for c in inc.clues
            ), where
        if any(c.variants for c in inc.clues):  # schema 2: the cause is drawn per game
            for cause in inc.causes:
                assert any(r.klass == "good" and cause in r.fits for r in inc.responses), where
                assert pooled_candidates(inc, cause, ROLES, investigated=True) == (cause,)
            continue
        # Schema 1 (the scenarios the library issue converts next): one correct cause that
        # clues of two roles back, and a red herring backed by one role's misleading clue.
        correct = next(d for d in inc.diagnoses if d.correct)
        backing = {c.role for c in inc.clues if c.suggests == correct.id}
        assert len(backing) >= 2, where
        for d in inc.diagnoses:
            if d.red_herring:
                herring_roles = {c.role for c in inc.clues if c.suggests == d.id}
                assert len(herring_roles) == 1, where
        if ident.startswith("manufacturing"):
            assert inc.anchor.startswith("Composite"), where
        if any(case in inc.anchor for case in SECONDARY):
            assert "eported" in inc.anchor, where


@pytest.mark.parametrize("ident", LIBRARY)
def test_goals_budget_and_start_match_the_difficulty(ident: str) -> None:
    s = scenario(ident)
    metrics = s.start_metrics.values()
    if s.difficulty == "novice":
        assert 45 <= s.budget <= 55 and all(40 <= v <= 55 for v in metrics)
    else:
        assert 32 <= s.budget <= 49 and all(30 <= v <= 45 for v in metrics)
    assert sum(s.envelopes.values()) == s.budget
    assert any(g.kind == "value" for g in s.goals)
    own = tomllib.loads((SCENARIO_DIR / f"{ident}.toml").read_text(encoding="utf-8"))["injects"]
    assert any("scheduled" in i for i in own), "scheduled injects"
    assert any("scheduled" not in i for i in own), "an event for the facilitator's library"


# --- what each difficulty teaches ------------------------------------------------------------


@pytest.mark.parametrize("ident", NOVICE)
def test_novice_scenarios_give_hints_and_single_causes(ident: str) -> None:
    s = scenario(ident)
    assert len(s.hints) >= 3 and any(h.quarter == 0 for h in s.hints)
    assert all(inc.hint for inc in s.incidents.values())
    assert all(inc.clock == 0 for inc in s.incidents.values())


@pytest.mark.parametrize("ident", EXPERIENCED)
def test_experienced_scenarios_have_compound_causes_red_herrings_and_clocks(ident: str) -> None:
    s = scenario(ident)
    incidents = list(s.incidents.values())
    if any(c.variants for inc in incidents for c in inc.clues):
        # Schema 2: four possible causes, and most incidents offer a red herring too.
        assert all(len(inc.causes) >= 4 for inc in incidents)
        assert sum(any(d.weight == 0 for d in inc.diagnoses) for inc in incidents) >= len(
            incidents) // 2
    else:  # schema 1: a compound cause names two seams, written "X↔Y" in the diagnosis
        correct = [next(d for d in inc.diagnoses if d.correct) for inc in incidents]
        assert all(d.text.count("↔") >= 2 for d in correct)
        assert all(any(d.red_herring for d in inc.diagnoses) for inc in incidents)
    clocks = [inc for inc in incidents if inc.clock in (1, 2)]
    assert len(clocks) >= 2
    for inc in clocks:  # the good response tells the regulator; the Notify action meets it
        assert any(r.klass == "good" and "communicate" in r.steps for r in inc.responses)


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_experienced_is_tighter_and_nastier_than_novice(industry: str) -> None:
    novice, experienced = scenario(f"{industry}-novice"), scenario(f"{industry}-experienced")
    assert experienced.budget < novice.budget
    assert sum(experienced.start_metrics.values()) < sum(novice.start_metrics.values())
    assert len(experienced.incidents) > len(novice.incidents)
    assert len(experienced.hints) < len(novice.hints)
    assert any(inc.clock for inc in experienced.incidents.values())
    assert not any(inc.clock for inc in novice.incidents.values())


# --- triops scenario new ---------------------------------------------------------------------


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_scenario_new_prints_a_skeleton_that_validates_as_it_stands(difficulty: str) -> None:
    result = triops("scenario", "new", "--difficulty", difficulty, "--industry", "retail")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert "TODO" in text and text.lstrip().startswith("#")
    s = load_scenario(tomllib.loads(text), "<skeleton>")
    assert s.difficulty == difficulty and s.industry == "retail" and len(s.incidents) == 3
    if difficulty == "experienced":
        assert any(inc.clock for inc in s.incidents.values())
        assert any(d.red_herring for inc in s.incidents.values() for d in inc.diagnoses)
    else:
        assert s.hints and all(inc.hint for inc in s.incidents.values())


@pytest.mark.parametrize("difficulty", DIFFICULTIES)
def test_scenario_new_writes_schema_2_incidents_that_need_pooling(difficulty: str) -> None:
    """The library is schema 2, and so is the skeleton: causes drawn per game, clues that
    read by cause, a good plan that fits each cause. Each seat's opening clue leaves the
    cause open; the seats' clues pooled always tell it; the audit has nothing to say."""
    text = skeleton("acme", "other", difficulty)
    data, _ = skeleton_table("acme", "other", difficulty)
    assert tomllib.loads(text) == data  # the writer wrote the data, nothing more or less
    s = load_scenario(data, "<skeleton>")
    assert data["schema_version"] == 2
    for inc in s.incidents.values():
        assert len(inc.causes) >= 2 and any(c.variants for c in inc.clues)
        for cause in inc.causes:
            assert any(r.klass == "good" and cause in r.fits for r in inc.responses)
            assert pooled_candidates(inc, cause, ROLES) == (cause,)
    found = audit(s)
    assert found.warnings() == [] and found.one_seat <= ONE_SEAT_MAX
    if difficulty == "experienced":  # a compound cause and a red herring that is never true
        a1 = s.incidents["A1"]
        assert len(a1.causes) == 4 and any(d.red_herring and not d.weight for d in a1.diagnoses)


def test_scenario_new_skeleton_still_validates_once_filled_in() -> None:
    text = skeleton("acme-novice", "other", "novice")
    filled = text.replace("TODO-event", "heatwave").replace("TODO", "Acme Widgets")
    assert "TODO" not in filled
    load_scenario(tomllib.loads(filled), "<filled>")


def test_scenario_new_writes_a_file_and_will_not_overwrite_it(tmp_path: Path) -> None:
    path = tmp_path / "Acme Corp.toml"
    first = triops("scenario", "new", str(path), "--difficulty", "experienced")
    assert first.returncode == 0, first.stderr
    assert "triops scenario validate" in first.stdout
    assert read_scenario(path).id == "acme-corp"
    checked = triops("scenario", "validate", str(path))
    assert checked.returncode == 0 and "warning" not in checked.stdout, checked.stdout
    again = triops("scenario", "new", str(path))
    assert again.returncode == 1 and "exists" in again.stderr
    assert triops("scenario", "new", str(path), "--force").returncode == 0
    assert read_scenario(path).difficulty == "novice"


def test_a_broken_skeleton_reports_every_problem() -> None:
    text = skeleton("broken", "other", "novice").replace('class = "good"', 'class = "fine"')
    with pytest.raises(ScenarioError) as err:
        load_scenario(tomllib.loads(text), "<broken>")
    assert any('expected one of good, partial, poor, over; found "fine"' in str(i)
               for i in err.value.issues)


# Mistakes made in a copy of finance-novice.toml (schema 2), each a list of (old, new) edits;
# "Common mistakes and the errors they produce" in triops/scenarios/README.md quotes what each
# prints.
GUIDE_MISTAKES = {
    "no symptom for a role": [('role = "finops"\nwhen = "start"',
                               'role = "finops"\nwhen = "investigate"')],
    "a variant names an unknown cause": [('causes = ["producer", "branch-only"]',
                                          'causes = ["producer", "branch_only"]')],
    "a cause missing from a clue": [('causes = ["feature-code", "bureau"]\ntext = "Stage two',
                                     'causes = ["feature-code"]\ntext = "Stage two')],
    "a cause in two variants": [('causes = ["feature-code", "bureau"]\ntext = "Stage two',
                                 'causes = ["feature-code", "bureau", "producer"]\n'
                                 'text = "Stage two')],
    "a cause with no good plan": [('fits = ["producer"]', 'fits = ["feature-code"]')],
    "one possible cause": [(f'id = "{d}"\n', f'id = "{d}"\nweight = 0\n')
                           for d in ("feature-code", "bureau", "branch-only")],
    "text beside variants": [('role = "dataops"\nwhen = "start"\n',
                              'role = "dataops"\nwhen = "start"\ntext = "Pipelines are green."\n')],
    "schema 1 suggests": [('causes = ["producer", "branch-only"]\ntext',
                           'causes = ["producer", "branch-only"]\nsuggests = "producer"\ntext')],
    "schema 1 correct": [('id = "campaign"\n', 'id = "campaign"\ncorrect = true\n')],
    "a misspelt field": [('causes = ["producer", "branch-only"]',
                          'cause = ["producer", "branch-only"]')],
    "a response that costs nothing": [(
        "cost = { dataops = 1, mlops = 2, finops = 3 }\n"
        "ap = { dataops = 1, mlops = 1, finops = 1 }",
        "cost = {}\nap = {}")],
    "envelopes": [("dataops = 16\nmlops = 18\nfinops = 16",
                   "dataops = 16\nmlops = 20\nfinops = 16")],
    "an unknown initiative": [('mitigated_by = ["I4", "I5", "I6", "I9"]',
                               'mitigated_by = ["I4", "I5", "I6", "I13"]')],
    "a condition in the wrong form": [('requires = ["I5"]', 'requires = ["I5>walk"]')],
    "positive damage": [("damage = { data_trust = -4,", "damage = { data_trust = 4,")],
    "a quarter outside the game": [("scheduled = [2]", "scheduled = [8]")],
    "a missing start metric": [("team_capability = 47\n", "")],
    "an unknown incident": [('kind = "probability"', 'kind = "incident"\nincident = "F9"\n'
                             '[[injects.effects]]\nkind = "probability"')],
    "a made-up class": [('class = "poor"', 'class = "ok"')],
    "a made-up role": [('owner = "mlops"', 'owner = "ml"')],
}


@pytest.mark.parametrize("mistake", GUIDE_MISTAKES)
def test_the_authoring_guide_quotes_real_validator_errors(mistake: str) -> None:
    """The 'common mistakes' of triops/scenarios/README.md are what the validator really prints for
    a schema 2 file: each mistake fails validation, and every line it prints is in the guide."""
    guide = (SCENARIO_DIR / "README.md").read_text(encoding="utf-8")
    text = (SCENARIO_DIR / "finance-novice.toml").read_text(encoding="utf-8")
    assert tomllib.loads(text)["schema_version"] == 2
    for old, new in GUIDE_MISTAKES[mistake]:
        assert old in text, (mistake, old)
        text = text.replace(old, new, 1)
    with pytest.raises(ScenarioError) as err:
        load_scenario(tomllib.loads(text), "my-bank.toml")
    assert err.value.issues, mistake
    for issue in err.value.issues:
        line = (f"my-bank.toml: {issue.path}: expected {issue.expected}; "
                f"found {issue.found}")
        assert line in guide, (mistake, line)


def test_the_authoring_guide_quotes_the_real_syntax_error() -> None:
    guide = (SCENARIO_DIR / "README.md").read_text(encoding="utf-8")
    text = (SCENARIO_DIR / "finance-novice.toml").read_text(encoding="utf-8")
    old = 'title = "The Column That Changed Units"'
    assert old in text
    with pytest.raises(tomllib.TOMLDecodeError) as err:
        tomllib.loads(text.replace(old, 'title = "The Column That "Changed" Units"', 1))
    assert f"found {err.value}" in guide


# --- balance smoke (few seeds; the full table comes from triops simulate) --------------------

SMOKE_TEAMS = ("competent", "random", "reference", "expert")


def smoke(ident: str, seed: int) -> dict[str, tuple[int, bool]]:
    """Each strategy's outcome and whether it met every goal, on one seeded game."""
    s = scenario(ident)
    settings = GameSettings(seed=seed, team_names=SMOKE_TEAMS)
    table = bot_game(s, settings, {f"t{n + 1}": name for n, name in enumerate(SMOKE_TEAMS)})
    state = table.play_to_end()
    out = {}
    for n, name in enumerate(SMOKE_TEAMS):
        team = state.team(f"t{n + 1}")
        out[name] = (
            outcome_score(team, s, state.quarter, final=True),
            all(goals_met(team, s).values()),
        )
    return out


@pytest.mark.parametrize("industry", INDUSTRIES)
def test_balance_smoke(industry: str) -> None:
    """Per industry: competent beats random at both levels, some strategy reaches every goal,
    and the same bots do worse at experienced level than at novice level."""
    games = {d: [smoke(f"{industry}-{d}", seed) for seed in SMOKE_SEEDS] for d in DIFFICULTIES}
    for difficulty, results in games.items():
        for seed, game in zip(SMOKE_SEEDS, results, strict=True):
            assert game["competent"][0] > game["random"][0] + 5, (difficulty, seed, game)
        if industry == "retail":  # the others are rebalanced by the scenario-library issue
            assert any(game[name][1] for game in results for name in SMOKE_TEAMS
                       if name != "random"), f"{industry}-{difficulty}: nobody met every goal"
    for name in ("competent",):
        easy = statistics.mean(game[name][0] for game in games["novice"])
        hard = statistics.mean(game[name][0] for game in games["experienced"])
        assert hard < easy - 2, (name, easy, hard)


@pytest.mark.parametrize("ident", LIBRARY)
def test_every_anchor_is_marked_reported_composite_or_a_decision(ident: str) -> None:
    from triops.game.scenario.anchors import anchor_problem

    for inc in scenario(ident).incidents.values():
        assert not anchor_problem(inc.anchor), f"{ident} {inc.id}: {anchor_problem(inc.anchor)}"


# The reported cases the anchors name, each told in docs/cases.md (the facilitator's
# pre-reading). A new reported case in a scenario needs its paragraph there too.
REPORTED_CASES = ("Knight Capital", "Equifax", "Citibank", "Zillow", "Epic Sepsis Model",
                  "Obermeyer", "Public Health England", "Beede", "Instacart", "Unity",
                  "Moffatt v. Air Canada", "Milkie Way")


@pytest.mark.parametrize("ident", LIBRARY)
def test_every_reported_case_is_told_in_the_cases_doc(ident: str) -> None:
    from triops.game.scenario.anchors import anchor_kind

    cases = Path(__file__).resolve().parents[2] / "docs" / "cases.md"
    doc = " ".join(cases.read_text(encoding="utf-8").split())
    assert all(case in doc for case in REPORTED_CASES)
    for inc in scenario(ident).incidents.values():
        if anchor_kind(inc.anchor) == "reported":
            assert any(case in inc.anchor for case in REPORTED_CASES), f"{ident} {inc.id}"
        assert inc.title in doc, f"{ident} {inc.id}: title {inc.title!r} not in docs/cases.md"
