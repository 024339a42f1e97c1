"""Scenario text promises only what the game does (issue 16, practitioner accuracy).

A regulator's clock is met by the separate Notify action, never by a response: a plan that says
it notifies, reports to, files with or answers a regulator promises something the game does not
do, and the team that trusts it is fined. Responses may instead judge whether an incident is
reportable and hand the facts to the Notify decision. The detector is tested on the phrasings
the library used before, so this test can fail.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "triops" / "scenarios"
SCENARIOS = sorted(SCENARIO_DIR.glob("*.toml"))

# Who a notification goes to. Auditors count only where the incident carries a clock (a
# customer's or an examiner's audit that Notify must meet); elsewhere they are internal.
REGULATOR = re.compile(
    r"\b(regulators?|supervisors?|examiners?|authority|authorities|agency|agencies|ombudsman"
    r"|OCC|CFPB|FDA|SEC|Art\.\s?73|serious[- ]incident report|regulatory report)\b",
    re.IGNORECASE,
)
AUDITORS = re.compile(r"\bauditors?\b", re.IGNORECASE)
# What a notification does.
PROMISE = re.compile(
    r"\b(notif(?:y|ies|ied|ying)|notice|report(?:s|ed|ing)?|fil(?:e|es|ed|ing)|submit\w*"
    r"|answer(?:s|ed|ing)?|repl(?:y|ies|ied|ying)|tell(?:s|ing)?|told|inform\w*|send(?:s|ing)?"
    r"|sent|brief\w*|respond\w*|disclos\w*|give(?:s|n)?|hand(?:s|ed)?|confirm\w*|writ(?:e|es)"
    r"\s+to)\b",
    re.IGNORECASE,
)
# A clause that leaves the decision to Notify, or only judges reportability, promises nothing.
DEFERS = re.compile(r"\bNotify decision\b|\bwhether\b", re.IGNORECASE)


def promises_notification(text: str, clocked: bool = False) -> list[str]:
    """The clauses of a response that promise a communication to a regulator."""
    out = []
    for clause in re.split(r"(?:[,;:]|(?<!Art)\.)\s", text):
        to_regulator = REGULATOR.search(clause) or (clocked and AUDITORS.search(clause))
        if to_regulator and PROMISE.search(clause) and not DEFERS.search(clause):
            out.append(clause.strip())
    return out


# Phrasings the library used before this issue: each must be caught.
OLD_PHRASINGS = [
    "add input monitoring with invariants to the scorecard, and notify the supervisors before "
    "the clock runs out.",
    "assigns the contract to DataOps and the monitoring to MLOps with dates, and files the "
    "regulatory report through risk/legal.",
    "give the examiners a remediation plan with owners and dates, and notify them formally "
    "before the deadline.",
    "second-line validation with effective challenge, and the committee chair reporting to the "
    "board and the examiners.",
    "inform the vendor as Art. 26 requires, and report the serious incident under Art. 73 "
    "before the deadline.",
    "correct them all in one change, and notify each downstream owner and the agency.",
    "Retrain the readmission model again and tell the agency the decline is real.",
    "tell customers they are talking to an AI, and answer the authority.",
    "Reply to the authority that the vendor is responsible for its model, send rejected "
    "applicants a standard explanation.",
    "and have risk/legal reply to the authority.",
]
# Wording that defers to Notify, or speaks to people who are not regulators: never caught.
FINE_PHRASINGS = [
    "judge with risk/legal whether it is reportable, and hand the facts to the Notify decision.",
    "tell the vendor at once as AI Act Art. 26(5) requires so it can judge the case.",
    "report the saving to the CFO, and brief the fraud operations team.",
    "tell customers they are talking to an AI.",
]


@pytest.mark.parametrize("text", OLD_PHRASINGS)
def test_the_detector_catches_a_promised_notification(text: str) -> None:
    assert promises_notification(text)


@pytest.mark.parametrize("text", FINE_PHRASINGS)
def test_the_detector_lets_deferred_or_internal_communication_pass(text: str) -> None:
    assert not promises_notification(text)


def test_the_detector_counts_auditors_only_on_a_clock() -> None:
    text = "Join lots to inspection data, and give the auditors traceable evidence."
    assert promises_notification(text, clocked=True)
    assert not promises_notification(text, clocked=False)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_no_response_promises_a_notification_that_only_notify_makes(path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    found = []
    for incident in data.get("incidents", []):
        clocked = bool(incident.get("clock", 0))
        for response in incident.get("responses", []):
            for clause in promises_notification(response["text"], clocked):
                found.append(f"{incident['id']} {response['id']}: {clause!r}")
    assert not found, "responses that promise what only the Notify action does:\n" + "\n".join(
        found)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_no_card_cites_a_law_the_organisation_is_not_bound_by(path: Path) -> None:
    """A US health system's initiative cards cited the EU AI Act, SR 26-2 and BCBS 239 (a
    newcomer asked why banking supervision was on a hospital's card). The catalogue's
    sources are read as the organisation would: only the laws and supervisors its scenario
    lists (`frameworks`)."""
    from triops.scenarios import find_scenario

    scenario = find_scenario(path.stem)
    bound = {"EU AI Act": "eu_ai_act", "SR 26-2": "sr_11_7", "SR 11-7": "sr_11_7",
             "BCBS 239": "bcbs_239"}
    texts = [i.anchor for i in scenario.initiatives.values()] + [
        s.spec for s in scenario.standards.values()]
    for text in texts:
        for words, ident in bound.items():
            assert words not in text or ident in scenario.frameworks, (path.stem, text)
    if "eu_ai_act" in scenario.frameworks:  # and the organisations bound by it still see it
        assert any("EU AI Act" in text for text in texts)
