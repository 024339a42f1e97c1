"""LO5, standards: adopted through effort (policy through the committee, training, enforcement
as code) with a measured effect; proposals alone stop at developing."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from triops.game.model.state import Evidence
from triops.game.model.vocab import ROLE_NAMES
from triops.game.scoring.objectives.facts import Facts, Standard
from triops.game.scoring.objectives.ladder import (
    Ladder,
    discipline_names,
    metric_name,
    share,
    yes_no,
)
from triops.game.scoring.objectives.ledger import actor_of, int_at, str_at, strs_at
from triops.game.scoring.objectives.results import Criterion, EvidenceItem
from triops.game.scoring.objectives.terms import SHARED_IDS, UPSKILLING
from triops.game.scoring.objectives.thresholds import (
    ADOPTED_PROFICIENT,
    EFFECTS_EXEMPLARY,
    ON_PAPER_MAX,
    OWNED_MAX,
)


def _effect(f: Facts, std: Standard) -> str:
    """What an adopted standard measurably changed, in words; empty when nothing yet: fewer
    or milder incidents of the kinds it addresses after its adoption than before, or the
    metric it moves higher now than the quarter before it was adopted."""
    sc = f.scenario
    spec = sc.standards.get(std.id)
    adopted = std.adopted
    if spec is None or adopted is None or f.quarter <= adopted:
        return ""
    tagged = [ep for ep in f.episodes if ep.spec in sc.incidents
              and set(sc.incidents[ep.spec].tags) & set(spec.addresses)]
    before = [ep for ep in tagged if ep.opened <= adopted]
    after = [ep for ep in tagged if ep.opened > adopted]
    if before and len(after) < len(before):
        return f"incidents of its kind: {len(before)} up to Q{adopted}, {len(after)} since"
    if before and after and max(ep.start for ep in after) < max(ep.start for ep in before):
        return (f"incidents of its kind milder: severity {max(ep.start for ep in before)} up to "
                f"Q{adopted}, at most {max(ep.start for ep in after)} since")
    records = f.history()
    then, now = records.get(adopted - 1), records.get(max(records)) if records else None
    if then is not None and now is not None and now.quarter > adopted:
        moved = [f"{metric_name(m)} {then.metrics.get(m, 0)} → {now.metrics.get(m, 0)}"
                 for m in spec.effects if now.metrics.get(m, 0) > then.metrics.get(m, 0)]
        if moved:
            return ", ".join(moved) + f" since Q{adopted - 1}"
    return ""


@dataclass(frozen=True, slots=True)
class _Standards:
    """The standards proposed and still current, and what became of them."""

    current: list[Standard]
    adopted: list[Standard]
    on_paper: list[Standard]  # proposed and never adopted
    cross: list[Standard]  # adopted, and across two disciplines or more
    effects: dict[str, str]  # standard -> what it measurably changed
    owned: dict[str, int]  # seat -> how many it owns

    @property
    def effect_text(self) -> str:
        return "; ".join(f"{k}: {v}" for k, v in self.effects.items()) or "none measured yet"


def _standards(f: Facts) -> _Standards:
    sc = f.scenario
    current = [s for s in f.standards.values() if s.current]
    adopted = [s for s in current if s.adopted is not None]
    owned: dict[str, int] = {}
    for s in current:
        owned[s.owner] = owned.get(s.owner, 0) + 1
    return _Standards(
        current, adopted, [s for s in current if s.adopted is None],
        [s for s in adopted if s.id in sc.standards and len(sc.standards[s.id].disciplines) >= 2],
        {s.id: e for s in adopted if (e := _effect(f, s))}, owned)


def ladder(f: Facts) -> Ladder:
    """LO5's criteria, rung by rung, and its evidence."""
    std = _standards(f)
    criteria = [*_developing(std), *_proficient(std), *_exemplary(f, std)]
    if f.experienced:
        led = _evidence_led(f, std.adopted)
        criteria.append(Criterion(
            4, "Evidence-led: a standard adopted against a kind of incident already faced",
            bool(led), "; ".join(led) or "none",
            "Adopt the standard that addresses the incidents you actually had."))
    return criteria, _evidence(f, std.effects)


def _developing(std: _Standards) -> list[Criterion]:
    return [Criterion(
        2, "At least one standard proposed", bool(std.current), f"{len(std.current)} proposed",
        "Propose a standard from the catalogue, with an owner, a mechanism and a KPI.")]


def _proficient(std: _Standards) -> list[Criterion]:
    current, on_paper, owned = std.current, std.on_paper, std.owned
    overloaded = {o: n for o, n in owned.items() if n > OWNED_MAX}
    return [
        Criterion(
            3, f"{ADOPTED_PROFICIENT} or more cross-discipline standards adopted through effort "
            "(policy through the committee, training, or enforcement as code)",
            len(std.cross) >= ADOPTED_PROFICIENT, f"{len(std.cross)} adopted",
            "Get standards adopted, not just proposed: a policy needs the committee's right to "
            "approve standards, training needs upskilling (I12), code needs CI/CD (I8)."),
        Criterion(
            3, "Not on paper: at most half of the standards proposed are still only proposals",
            share(len(on_paper), len(current)) <= ON_PAPER_MAX,
            f"{len(on_paper)} of {len(current)} on paper only",
            "Propose only what the team will put the effort into adopting."),
        Criterion(
            3, f"Owned: no seat owns more than {OWNED_MAX} standards (each needs an owner who "
            "drives its adoption)", not overloaded,
            "; ".join(f"{ROLE_NAMES.get(o, o)} owns {n}" for o, n in overloaded.items())
            or f"at most {max(owned.values(), default=0)} per seat",
            "Choose the few standards your incidents call for and give each an owner with the "
            "time to drive it, rather than proposing the whole catalogue."),
        Criterion(
            3, "A measured effect: an adopted standard followed by fewer or milder incidents of "
            "its kind, or a better metric", bool(std.effects), std.effect_text,
            "Adopt early the standard that addresses the incidents you face, and watch its KPI."),
    ]


def _exemplary(f: Facts, std: _Standards) -> list[Criterion]:
    code = [s for s in std.current if s.adopted_code]
    quarters = {q for s in std.current for q in s.adoptions}
    shared_ids = (SHARED_IDS not in f.scenario.standards
                  or any(s.id == SHARED_IDS for s in std.adopted))
    upskilling = f.funded_ever(UPSKILLING) or not f.has_initiative(UPSKILLING)
    return [
        Criterion(
            4, "Shared identifiers across billing, lineage and the registry adopted", shared_ids,
            yes_no(shared_ids), "Adopt shared identifiers (needs I1, I6 and I7 in effect)."),
        Criterion(
            4, "At least one standard enforced as code", bool(code), f"{len(code)} as code",
            "Enforce a standard as code (needs the CI/CD initiative, I8)."),
        Criterion(
            4, "Adoption sequenced: standards adopted in two or more quarters (pilot, expand)",
            len(quarters) >= 2, f"{len(quarters)} quarters",
            "Pilot one standard, then expand: adopt them over several quarters."),
        Criterion(
            4, "Upskilling funded to support adoption (I12)", upskilling,
            yes_no(f.funded_ever(UPSKILLING)),
            "Fund continuous education (I12) alongside standards."),
        Criterion(
            4, f"A measured effect from {EFFECTS_EXEMPLARY} or more standards",
            len(std.effects) >= EFFECTS_EXEMPLARY, std.effect_text,
            "Adopt standards where they change outcomes, and show it with their KPIs."),
    ]


def _evidence_led(f: Facts, adopted: list[Standard]) -> list[str]:
    sc = f.scenario
    out = []
    for std in adopted:
        spec = sc.standards.get(std.id)
        if spec is None or not std.adoptions:
            continue
        last = max(std.adoptions)  # any adoption since it was proposed counts
        before = {ep.spec for ep in f.episodes if ep.opened <= last
                  and ep.spec in sc.incidents and set(sc.incidents[ep.spec].tags)
                  & set(spec.addresses)}
        if before:
            out.append(f"{std.id} after {', '.join(sorted(before))}")
    return out


_MECHANISM_WORDS = {"policy": "as policy, through the committee",
                    "training": "by training (upskilling in effect)",
                    "code": "enforced as code (CI/CD in effect)"}


def _adoption_words(f: Facts, proposal: Evidence) -> str:
    """What became of a proposal, read from the same adoptions the quarter reports list."""
    adopted = f.adopted_at.get(id(proposal))
    if adopted is not None:
        return f"Adopted in Q{adopted}."
    return f"Not adopted by the end of Q{f.quarter}: on paper only."


def _evidence(f: Facts, effects: Mapping[str, str]) -> list[EvidenceItem]:
    sc = f.scenario
    items: list[EvidenceItem] = []
    for e in f.ledger:
        d = e.detail
        ident = str_at(d, "standard")
        spec = sc.standards.get(ident)
        name = spec.name if spec else ident
        if e.kind == "standard_proposed":
            disc = strs_at(d, "disciplines")
            scope = (f"Cross-discipline ({discipline_names(disc)})" if len(disc) >= 2
                     else f"One discipline ({discipline_names(disc)})")
            real = f"; specification: {spec.spec}" if spec else ""
            owner = ROLE_NAMES.get(str_at(d, "owner"), "?")
            items.append(EvidenceItem(
                e.quarter, f"Proposed “{name}”, owned by {owner}, "
                f"adopted by {str_at(d, 'mechanism')}, KPI: {str_at(d, 'kpi')}",
                f"{scope}{real}. {_adoption_words(f, e)}", "neutral", **actor_of(e)))
        elif e.kind == "standard_adopted":
            how = _MECHANISM_WORDS.get(str_at(d, "mechanism"), str_at(d, "mechanism"))
            cost = f", {int_at(d, 'cost')} cr to roll out" if int_at(d, "cost") else ""
            effect = effects.get(ident, "")
            items.append(EvidenceItem(e.quarter, f"“{name}” adopted {how}{cost}",
                                      f"In force. Measured effect: {effect}." if effect
                                      else "In force. No measured effect yet.", "positive"))
        elif e.kind == "standard_withdrawn":
            items.append(EvidenceItem(e.quarter, f"Withdrew “{name}”",
                                      "No longer proposed.", "neutral", **actor_of(e)))
    if not any(s.current for s in f.standards.values()):
        items.append(EvidenceItem(f.quarter, "No standard proposed",
                                  "Nothing connects the disciplines' practices (a standard a "
                                  "bot proposed counts for the bot, not for a person).",
                                  "negative"))
    return items
