"""Scenario validation: a shipped scenario passes; a broken one names file, field, expectation."""

from __future__ import annotations

import copy

import pytest

from tests.game.helpers import RETAIL, retail, retail_data
from triops.game.scenario.loader import ScenarioError, load_scenario


def broken(mutate) -> list[str]:  # type: ignore[no-untyped-def]
    data = copy.deepcopy(retail_data())
    mutate(data)
    with pytest.raises(ScenarioError) as err:
        load_scenario(data, "broken.toml")
    return [str(i) for i in err.value.issues]


def test_retail_scenario_is_valid_and_complete() -> None:
    s = retail()
    assert s.id == "retail-novice" and s.difficulty == "novice" and s.quarters == 6
    assert len(s.initiatives) == 12 and len(s.standards) >= 7
    assert len(s.injects) >= 10  # the ten archetypes plus the scenario's own
    assert len(s.incidents) >= 5
    from triops.game.model.vocab import ROLES
    from triops.game.scenario.audit import ONE_SEAT_MAX, audit
    from triops.game.scenario.loader import pooled_candidates

    for inc in s.incidents.values():
        assert len(inc.causes) >= 2, inc.id  # the cause is drawn per game
        for cause in inc.causes:
            assert any(r.klass == "good" and cause in r.fits for r in inc.responses)
            # the three seats' symptoms together always tell the causes apart (novice)
            assert pooled_candidates(inc, cause, ROLES) == (cause,), (inc.id, cause)
    found = audit(s)
    assert found.one_seat <= ONE_SEAT_MAX and not found.warnings()


def test_every_error_names_file_field_expected_and_found() -> None:
    def mutate(d):  # type: ignore[no-untyped-def]
        poor = next(r for r in d["incidents"][2]["responses"] if r["class"] == "poor")
        poor["class"] = "ok"
        d["incidents"][0]["mitigated_by"].append("I13")
        d["start"]["metrics"]["data_trust"] = 140
        del d["briefing"]["situation"]

    issues = broken(mutate)
    assert len(issues) == 4  # all at once, not only the first
    assert any(i.startswith("broken.toml: incidents[2].responses[") and i.endswith(
        '.class: expected one of good, partial, poor, over; found "ok"') for i in issues)
    assert any(i.startswith("broken.toml: incidents[0].mitigated_by[") and '"I13"' in i
               and "initiative id" in i for i in issues)
    assert any("start.metrics.data_trust: expected an integer from 0 to 100; found 140" in i
               for i in issues)
    assert any("briefing.situation: expected a non-empty string; found nothing" in i
               for i in issues)


def test_typos_in_field_names_are_caught() -> None:
    issues = broken(lambda d: d["incidents"][0].update(severty=2))
    assert any("incidents[0].severty" in i and "unknown field" in i for i in issues)


def test_cross_references_must_resolve() -> None:
    def mutate(d):  # type: ignore[no-untyped-def]
        d["incidents"][0]["responses"][0]["requires"] = ["I99>=walk"]
        d["incidents"][0]["clues"][0]["variants"][0]["causes"].append("nonsense")
        d["injects"].append({"id": "extra", "title": "x", "narrative": "y",
                             "effects": [{"kind": "incident", "incident": "Z9"}]})

    issues = broken(mutate)
    assert any("responses[0].requires[0]" in i and "I99>=walk" in i for i in issues)
    assert any("clues[0].variants[0].causes" in i and '"nonsense"' in i for i in issues)
    assert any("inject extra.effects[0].incident" in i and '"Z9"' in i for i in issues)


def test_pooled_clues_must_tell_every_cause_apart() -> None:
    def mutate(d):  # type: ignore[no-untyped-def]
        for clue in d["incidents"][0]["clues"]:  # every clue reads the same whatever the cause
            if "variants" in clue:
                clue["text"] = clue.pop("variants")[0]["text"]

    issues = broken(mutate)
    assert any(i.startswith("broken.toml: incidents[0].clues: expected clues that, pooled, "
                            "tell") for i in issues)


def test_a_plan_for_each_cause_and_no_free_bonus() -> None:
    def mutate(d):  # type: ignore[no-untyped-def]
        inc = d["incidents"][0]
        cause = inc["diagnoses"][0]["id"]
        inc["responses"] = [r for r in inc["responses"] if cause not in r.get("fits", [])]
        good = next(r for r in inc["responses"] if r["class"] == "good")
        good["effects"] = {"model_reliability": 4}

    issues = broken(mutate)
    assert any("incidents[0].responses: expected a good response that fits" in i for i in issues)
    assert any("effects: expected no gains" in i for i in issues)


def test_bad_condition_syntax_explains_the_accepted_forms() -> None:
    issues = broken(lambda d: d["incidents"][1]["responses"][0].update(requires=["I4 > walk"]))
    assert any("I7>=walk" in i and '"I4 > walk"' in i for i in issues)


def test_envelopes_must_add_up_to_the_budget() -> None:
    issues = broken(lambda d: d["start"]["envelopes"].update(finops=30))
    assert any("start.envelopes: expected envelopes adding up to start.budget (50)" in i
               for i in issues)


def test_scenario_can_override_and_retire_initiatives() -> None:
    data = copy.deepcopy(retail_data())
    data["initiatives"] = [{"id": "I8", "levels": {"crawl": {"cost": 20}}}]
    data["retired_initiatives"] = ["I12"]
    data["reference_roadmap"] = [r for r in data["reference_roadmap"] if r["initiative"] != "I12"]
    for inc in data["incidents"]:
        inc["mitigated_by"] = [m for m in inc.get("mitigated_by", []) if m != "I12"]
    s = load_scenario(data, "override.toml")
    assert s.initiatives["I8"].levels["crawl"].cost == 20
    assert s.initiatives["I8"].levels["walk"].cost == retail().initiatives["I8"].levels["walk"].cost
    assert "I12" not in s.initiatives


def test_digest_changes_with_content() -> None:
    data = copy.deepcopy(retail_data())
    data["summary"] = "changed"
    assert load_scenario(data, "x.toml").digest != retail().digest


def test_retail_file_path_is_in_errors() -> None:
    assert RETAIL.name == "retail-novice.toml"


def test_an_anchor_is_read_as_reported_composite_or_unmarked() -> None:
    from triops.game.scenario.anchors import anchor_kind, anchor_problem

    assert anchor_kind("Reported by Fortune: in spring 2020 ...") == "reported"
    assert anchor_kind("Composite, adapting the retail archetype ...") == "composite"
    assert anchor_kind("Moffatt v. Air Canada (2024 BCCRT 149): a chatbot ...") == "reported"
    assert anchor_kind("Knight Capital, 2012: ... The SEC's order (Release 70694) ...") \
        == "reported"
    assert anchor_kind("In 2020 the OCC fined Citibank $400M ...") == "reported"
    assert anchor_kind("Wong et al. (JAMA Internal Medicine, 2021) validated ...") == ""
    assert anchor_kind("") == ""
    assert anchor_problem("Composite. Built on the FinOps Framework.") == ""
    assert "empty" in anchor_problem("  ")
    assert "unmarked" in anchor_problem("Wong et al. (2021) ...")


def test_an_anchor_is_introduced_without_repeating_its_kind() -> None:
    from triops.game.scenario.anchors import case_intro

    assert case_intro("composite", "Composite. Built on NIST AI RMF.") == (
        "Drawn from (composite)", "Built on NIST AI RMF.")
    assert case_intro("composite", "Composite. Reported by a founder: a bill ran away.") == (
        "Drawn from (composite)", "Reported by a founder: a bill ran away. What caused it "
        "there need not be what caused it in your game.")
    assert case_intro("reported", "Reported by Fortune: a model fell.") == (
        "The real case", "Reported by Fortune: a model fell. What caused it there need not be "
        "what caused it in your game.")
    assert case_intro("reported", "Moffatt v. Air Canada, 2024 BCCRT 149.") == (
        "The real case (reported)", "Moffatt v. Air Canada, 2024 BCCRT 149. What caused it "
        "there need not be what caused it in your game.")


def test_anchors_speak_to_learners_not_to_authors() -> None:
    """An anchor is shown to players: it names the case or framework, not how the scenario
    was written ("adapting the archetype", "the experienced twist"), and leaves the reminder
    that the game's cause may differ to the one sentence the review adds (OWN_CAUSE)."""
    from triops.scenarios import read_scenario, shipped_paths

    for path in shipped_paths():
        scenario = read_scenario(path)
        for spec in scenario.incidents.values():
            words = spec.anchor.lower()
            for author_word in ("archetype", "twist", "may differ"):
                assert author_word not in words, f"{scenario.id} {spec.id}: {author_word!r}"


def test_the_audit_counts_what_one_seat_can_dig_out_alone() -> None:
    """A team that never shares still investigates its own clues (the cheapest): the audit
    says how often that alone names the cause, not only the opening clues."""
    from triops.game.scenario.audit import audit
    from triops.scenarios import find_scenario

    for name in ("retail-novice", "retail-experienced"):
        found = audit(find_scenario(name))
        assert found.one_seat_digging > found.one_seat
        assert all(i.one_seat <= i.one_seat_digging <= 1 for i in found.incidents)


def test_frameworks_default_to_all_and_name_the_file_and_field_when_wrong() -> None:
    from triops.game.model.vocab import FRAMEWORKS

    data = copy.deepcopy(retail_data())  # the cached table is shared: never changed
    data.pop("frameworks", None)
    assert load_scenario(data, "shop.toml").frameworks == FRAMEWORKS
    data["frameworks"] = ["eu_ai_act", "gdpr"]
    with pytest.raises(ScenarioError, match=r"shop.toml: frameworks\[1\]: expected one of "
                       r"nist_ai_rmf_govern, .*; found \"gdpr\""):
        load_scenario(data, "shop.toml")
    data["frameworks"] = []
    with pytest.raises(ScenarioError, match=r"shop\.toml: frameworks: expected at least one"):
        load_scenario(data, "shop.toml")


def test_an_event_that_rests_on_a_law_is_in_the_library_only_where_it_applies() -> None:
    """A US bank's facilitator is not offered the EU AI Act's deadline, nor a hospital's a
    bank supervisor's exam; a scenario inject built on one of them where it does not apply
    names the archetypes it may use."""
    from triops.scenarios import find_scenario

    bank = find_scenario("finance-novice")
    assert "supervisory-exam" in bank.injects and "regulatory-milestone" not in bank.injects
    us_hospital = find_scenario("healthcare-novice")
    assert not {"supervisory-exam", "regulatory-milestone"} & set(us_hospital.injects)
    eu_hospital = find_scenario("healthcare-experienced")
    assert "regulatory-milestone" in eu_hospital.injects
    assert "supervisory-exam" not in eu_hospital.injects
    data = copy.deepcopy(retail_data())
    data["frameworks"] = ["nist_ai_rmf_govern"]
    data.setdefault("injects", []).append({"id": "exam", "archetype": "supervisory-exam",
                                           "narrative": "The supervisor writes."})
    with pytest.raises(ScenarioError) as err:
        load_scenario(data, "shop.toml")
    said = str(err.value).splitlines()[0]
    assert said.startswith("shop.toml: injects[3].archetype: expected one of cfo-mandate"), said
    assert said.endswith('found "supervisory-exam"') and said.count("supervisory") == 1, said


def test_who_pays_and_the_dearest_plan_on_offer_give_nothing_away() -> None:
    """Once a cause is diagnosed only its plan, the symptom fix and the sledgehammer are on
    offer (a plan for a cause needs that cause diagnosed), so the audit warns when the plan for
    the cause is the dearest of those for most causes, and when the symptom fix asks fewer
    seats than every fix (a newcomer picked it out by who pays). No shipped scenario does."""
    import glob

    from triops.game.scenario.audit import audit
    from triops.scenarios import find_scenario

    for path in sorted(glob.glob("triops/scenarios/*.toml")):
        assert audit(find_scenario(path)).warnings() == [], path

    def alone(d):  # type: ignore[no-untyped-def]
        poor = next(r for r in d["incidents"][0]["responses"] if r["class"] == "poor")
        poor["cost"], poor["ap"] = {"finops": 3}, {"finops": 1}

    def cheap(d):  # type: ignore[no-untyped-def]
        for r in d["incidents"][0]["responses"]:
            if r["class"] in ("poor", "over"):
                r["cost"] = {role: 1 for role in r["cost"]}

    for mutate, words in ((alone, "asks fewer seats than every plan that treats a cause"),
                          (cheap, "the dearest plan on offer is the answer")):
        data = copy.deepcopy(retail_data())
        mutate(data)
        warned = audit(load_scenario(data, "shop.toml")).warnings()
        assert any(words in w for w in warned), warned


def test_the_playbooks_standards_name_a_seat_a_standard_it_can_own_once() -> None:
    data = copy.deepcopy(retail_data())
    data["reference_standards"] = {"dataops": "odcs", "finops": "focus"}
    assert dict(load_scenario(data, "ok.toml").reference_standards) == {
        "dataops": "odcs", "finops": "focus"}
    assert broken(lambda d: d.update(reference_standards={"finops": "odcs"})) == [
        'broken.toml: reference_standards.finops: expected a standard finops can own (one of '
        'tag-taxonomy, focus, openlineage, shared-ids, risk-tiering, blameless-review); '
        'found "odcs"']
    assert broken(lambda d: d.update(reference_standards={"dataops": "odcs",
                                                          "mlops": "odcs"})) == [
        'broken.toml: reference_standards.mlops: expected a standard no other seat proposes; '
        'found "odcs"']
    issues = broken(lambda d: d.update(reference_standards={"boss": "odcs", "mlops": "iso"}))
    assert [i.split(":")[1].strip() for i in issues] == [
        "reference_standards.boss", "reference_standards.mlops"]
    assert "unknown field" in issues[0] and 'found "iso"' in issues[1]
