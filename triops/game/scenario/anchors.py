"""An incident's `anchor`: the real case or framework it draws on, and how it is marked.

Every anchor says what kind of source it rests on (triops/scenarios/README.md, "Content rules"):
"Reported ..." for a public report, "Composite ..." for an invented or adapted case, or it
names a court decision or a regulator's action (an order, a fine, a consent order). Players
see the anchor once the incident is closed or the game has ended (triops/game/views/), labelled
with the kind this module reads off it; `triops scenario validate` warns about an anchor
that is empty or says none of these.
"""

from __future__ import annotations

import re

REPORTED = "reported"
COMPOSITE = "composite"

# A court or tribunal decision ("Moffatt v. Air Canada", "2024 BCCRT 149") or a regulator's
# action ("the SEC's order", "Release 70694", "the OCC fined", "a consent order").
_DECISION = re.compile(
    r"\b[A-Z][\w'&-]* v\. [A-Z]"
    r"|\b(?:BCCRT|EWCA|EWHC|UKSC|CJEU|ECLI)\b"
    r"|\b(?:SEC|OCC|CFPB|FTC|FCA|ICO|Federal Reserve)(?:'s)? (?:order|fined|penalty|consent)"
    r"|\bRelease \d+"
    r"|\bconsent order\b"
    r"|\bRegulation \(EU\) \d{4}/\d+"
)

EXPECTED = ('start with "Reported" (a public report) or "Composite" (invented or adapted), '
            "or name a court decision or a regulator's action")


def anchor_kind(anchor: str) -> str:
    """"reported", "composite", or "" for an anchor that is empty or unmarked."""
    text = anchor.strip()
    if text.startswith("Composite"):
        return COMPOSITE
    if text.startswith("Reported") or _DECISION.search(text):
        return REPORTED
    return ""


def anchor_problem(anchor: str) -> str:
    """Why an anchor is not marked as the content rules ask, or "" when it is."""
    if not anchor.strip():
        return f"the anchor is empty: it should name the real case or framework and {EXPECTED}"
    if not anchor_kind(anchor):
        text = anchor.strip()
        start = text if len(text) <= 40 else text[:40] + "…"
        return f"the anchor is unmarked (it begins \"{start}\"): it should {EXPECTED}"
    return ""


OWN_CAUSE = "What caused it there need not be what caused it in your game."
CASE_LABELS = {REPORTED: "The real case (reported)", COMPOSITE: "Drawn from (composite)"}


def case_intro(kind: str, anchor: str) -> tuple[str, str]:
    """How a review, an end screen or a report introduces an anchor: (label, text). The
    label says the kind once, so a composite's own "Composite." opening is dropped and a
    report that starts "Reported by …" is introduced as the real case without repeating it."""
    text = anchor.strip()
    if kind == REPORTED or (kind == COMPOSITE and "Reported" in text):
        # The case is the incident's, but the cause is drawn for each game: a learner who
        # fixed a broken feed must not read a drift story as the answer they missed. A
        # composite that cites a reported case says so too.
        text = f"{text} {OWN_CAUSE}"
    if kind == COMPOSITE and text.startswith("Composite"):
        rest = re.sub(r"^Composite[.,:;]?\s*", "", text)
        return CASE_LABELS[COMPOSITE], rest[:1].upper() + rest[1:]
    if kind == REPORTED and text.startswith("Reported"):
        return "The real case", text
    return CASE_LABELS.get(kind, "Drawn from"), text
