"""Drafting the artefacts (roadmap, committee charter, standards), in setup and after."""

from __future__ import annotations

from dataclasses import replace

from triops.game.bots import assist, talk
from triops.game.bots.planner import HEALTH, PREVENTION, metric_weights
from triops.game.bots.reading import by_id, open_incidents, said
from triops.game.bots.teammate.artefacts import (
    ALL_RIGHTS,
    BOT_CHARTER,
    CHARTER_DRAFTERS,
    REVIEWED_CHARTER,
    ROADMAP_DRAFTERS,
    STANDARD_FOR_ROLE,
    STANDARD_NAMES,
)
from triops.game.bots.teammate.response_plan import ResponsePlan
from triops.game.bots.teammate.roadmap_plan import RoadmapPlan
from triops.game.model.codec import from_plain
from triops.game.model.commands import Command, ProposeStandard, SetCharter, SetRoadmap
from triops.game.model.state import Charter, RoadmapEntry
from triops.game.model.vocab import LEVEL_RANK
from triops.game.rules.metrics import MECHANISM_WEIGHT


class Drafting(RoadmapPlan, ResponsePlan):
    """Setup's drafts (or, beside a person, suggestions first), cosmetic edits, standards."""

    def setup(self) -> Command | None:
        if self.q != 0 or not self.style.artefacts:
            return None
        if self.assisting:
            return self._setup_assist()
        if self.me == self.first_bot(ROADMAP_DRAFTERS) and self.style.funding != "silo":
            if not self.team["roadmap"]:
                entries = self._initial_roadmap()
                cmd: Command = SetRoadmap(tuple(entries), "")
                if entries and self.ok(cmd):
                    return cmd
            elif not said(self.view, "roadmap", quarter=0):
                return self.say(self._roadmap_message())
        if self.me == self.first_bot(CHARTER_DRAFTERS) and self.style.funding != "silo":
            if self.team["charter"] is None and self.ok(SetCharter(BOT_CHARTER)):
                return SetCharter(BOT_CHARTER, "")
            if self.team["charter"] is not None and not said(self.view, "harter", quarter=0):
                charter = from_plain(Charter, self.team["charter"])
                return self.say(talk.charter_drafted(charter, self.rand))
        standard = self._my_standard()
        if standard and not any(p["standard"] == standard for p in self.team["standards"]):
            cmd = ProposeStandard(standard, self.me, "policy", "")
            if self.ok(cmd):
                return cmd
        if standard and not said(self.view, "standard", quarter=0):
            return self.say(talk.standard_proposed(self._standard_name(standard), self.me,
                                                   "policy", self.rand))
        return None

    def _my_standard(self) -> str | None:
        """The standard this seat proposes in setup. An expert brings the playbook's, where
        the organisation has one (none for this seat: it proposes none); without one it picks,
        among those its discipline can own and that need nothing first, the one worth most
        here: its pull on the metrics the goals need, and the incidents this organisation is
        prone to that it makes rarer. Each standard in place makes the next dearer to roll
        out, so a few that fit beat the whole catalogue. Others propose their discipline's
        usual one."""
        usual = STANDARD_FOR_ROLE.get(self.me)
        if self.level != "expert":
            return usual
        if self.book.playbook_standards:
            return self.book.playbook_standards.get(self.me)
        mine = [p["standard"] for p in self.team["standards"] if p["by"] == self.me]
        if mine:
            return str(mine[0])
        catalogue = (self.view.get("catalogue") or {}).get("standards") or {}
        taken = {p["standard"] for p in self.team["standards"]}
        # Weighed against what its roadmap will already do: a standard goes where the plan
        # leaves a goal short (in finance-novice the expert added cost standards to a plan
        # that already reached the cost goal, and missed the data-trust goal every game).
        weights = metric_weights(self.view, added=self._planned_pull())
        # One standard per goal first: a metric a teammate's proposal already pulls counts
        # as health only (in finance-novice two seats proposed cost standards and none the
        # data-trust one the goal needed).
        covered = {m for ident in taken for m in (catalogue.get(ident) or {}).get("effects", {})}
        weights = {m: HEALTH if m in covered else w for m, w in weights.items()}
        weight = MECHANISM_WEIGHT["policy"]

        def worth(ident: str) -> float:
            effects = catalogue[ident].get("effects") or {}
            pull = sum(weights.get(m, 0.0) * float(v) * weight for m, v in effects.items())
            return pull + PREVENTION * self.book.standard_prevention.get(ident, 0.0)

        fits = [i for i, spec in catalogue.items() if self.me in spec.get("disciplines", ())
                and not spec.get("requires") and i not in taken]
        return max(sorted(fits), key=worth) if fits else usual

    def _planned_pull(self) -> dict[str, float]:
        """What the roadmap this seat would draft adds to each metric at its top levels."""
        initiatives = by_id(self.view)
        top: dict[str, str] = {}
        for line in self._draft_roadmap():
            if line.initiative in initiatives:
                top[line.initiative] = max(line.level, top.get(line.initiative, "none"),
                                           key=LEVEL_RANK.__getitem__)
        out: dict[str, float] = {}
        for ident, level in top.items():
            for m, v in initiatives[ident]["levels"][level]["effects"].items():
                out[m] = out.get(m, 0.0) + float(v)
        return out

    def _standard_name(self, ident: str) -> str:
        if ident in STANDARD_NAMES:
            return STANDARD_NAMES[ident]
        spec = ((self.view.get("catalogue") or {}).get("standards") or {}).get(ident) or {}
        name = str(spec.get("name") or ident)
        return name[:1].lower() + name[1:]

    def _setup_assist(self) -> Command | None:
        """Setup beside a person: suggest each artefact in chat, and draft it only when a
        person asks (or says yes to the suggestion) or has had a fair share of setup."""
        people = sorted(self.people)
        share = self.fair_share()
        org = assist.organisation(str(self.view["briefing"].get("organisation") or ""),
                                  str(self.view["game"]["title"]))
        if self.me == self.first_bot(ROADMAP_DRAFTERS) and self.style.funding != "silo":
            revisions = self.team["roadmap_revisions"]
            if not self.team["roadmap"]:
                entries = self._initial_roadmap()
                if entries and not said(self.view, "suggest a roadmap", quarter=0):
                    first, later = self._roadmap_words(entries)
                    return self.say(assist.roadmap_suggestion(org, first, later, people))
                if entries and (share or self._asked("roadmap", "suggest a roadmap")):
                    cmd: Command = SetRoadmap(tuple(entries), "")
                    if self.ok(cmd):
                        return cmd
            elif revisions and revisions[-1]["by"] == self.me and not said(
                    self.view, "put in the roadmap", quarter=0):
                return self.say(assist.roadmap_put_in(len(self.team["roadmap"]),
                                assist.reason_for_drafting(
                                    self._asked("roadmap", "suggest a roadmap"), people)))
            elif self._asked("roadmap", "suggest a roadmap"):
                # Asked to draft after a person wrote lines of their own (the roadmap tab
                # invites them to add the first): add mine beside theirs, keeping theirs.
                have = [from_plain(RoadmapEntry, e) for e in self.team["roadmap"]]
                taken = {(e.initiative, e.level) for e in have}
                extra = [e for e in self._initial_roadmap() if (e.initiative, e.level) not in taken]
                if extra and self.ok(SetRoadmap((*have, *extra), "")):
                    return SetRoadmap((*have, *extra), "")
        if self.me == self.first_bot(CHARTER_DRAFTERS) and self.style.funding != "silo":
            charter = self.team["charter"]
            if charter is None:
                if not said(self.view, "charter I'd suggest", quarter=0):
                    return self.say(assist.charter_suggestion(BOT_CHARTER, people))
                if (share or self._asked("charter", "charter I'd suggest")) and self.ok(
                        SetCharter(BOT_CHARTER)):
                    return SetCharter(BOT_CHARTER, "")
            elif from_plain(Charter, charter) == BOT_CHARTER and not said(
                    self.view, "written up the committee charter", quarter=0):
                return self.say(assist.charter_put_in(assist.reason_for_drafting(
                    self._asked("charter", "charter I'd suggest"), people)))
        standard = STANDARD_FOR_ROLE.get(self.me)
        if standard:
            name = STANDARD_NAMES[standard]
            proposed = {p["standard"]: p for p in self.team["standards"]}
            if standard not in proposed:
                if not said(self.view, f"I'd propose {name}", quarter=0):
                    return self.say(assist.standard_suggestion(name, self.me, people))
                if share or self._asked("standard", f"I'd propose {name}"):
                    cmd = ProposeStandard(standard, self.me, "policy", "")
                    if self.ok(cmd):
                        return cmd
            elif proposed[standard]["by"] == self.me and not said(
                    self.view, f"I've proposed {name}", quarter=0):
                return self.say(assist.standard_put_in(name, assist.reason_for_drafting(
                    self._asked("standard", f"I'd propose {name}"), people)))
        return None

    def cosmetic(self) -> Command | None:
        """The artefacts as decoration: each quarter the roadmap's KPI targets are nudged,
        the charter claims every decision right, and every standard is proposed on paper."""
        if not self.style.cosmetic or self.q == 0:
            return None
        if self.me == self.first_bot(ROADMAP_DRAFTERS):
            revisions = self.team["roadmap_revisions"]
            if self.team["roadmap"] and not (revisions and revisions[-1]["quarter"] == self.q):
                lines = tuple(RoadmapEntry(**{**e, "kpi_target": min(100, e["kpi_target"] + 1)})
                              for e in self.team["roadmap"])
                cmd: Command = SetRoadmap(lines, f"Q{self.q} update: targets refreshed")
                if self.ok(cmd):
                    return cmd
        if self.me == self.first_bot(CHARTER_DRAFTERS) and self.team["charter"] is not None:
            charter = from_plain(Charter, self.team["charter"])
            if charter.decision_rights != ALL_RIGHTS:
                cmd = SetCharter(replace(charter, decision_rights=ALL_RIGHTS),
                                 "the committee should decide everything")
                if self.ok(cmd):
                    return cmd
        proposed = {p["standard"] for p in self.team["standards"]}
        for standard in sorted(self._catalogue_standards() - proposed):
            cmd = ProposeStandard(standard, self.me, "policy", "")
            if self.ok(cmd):
                return cmd
        return None

    def _catalogue_standards(self) -> set[str]:
        return {c.standard for c in self.ok.legal if isinstance(c, ProposeStandard)}

    def standards(self) -> Command | None:
        """The expert proposes shared identifiers once tagging, lineage and the registry
        exist, by the firmest means the team has (code once CI/CD is in effect, training once
        upskilling is). It does not switch a standard already proposed to another means: that
        drops its adoption and pays a second rollout, which measured as a loss in every retail
        game. It also reviews the committee's charter once."""
        if self.level != "expert" or self.q == 0 or self.spare_ap() < 1:
            return None
        if any(i["response"] is None for i in open_incidents(self.view)):
            return None
        initiatives = by_id(self.view)

        def live(ident: str) -> bool:
            return ident in initiatives and initiatives[ident]["effective"] != "none"

        best = "code" if live("I8") else "training" if live("I12") else "policy"
        proposed = {p["standard"]: p for p in self.team["standards"]}
        if self.me == "finops" and "shared-ids" not in proposed and all(
                live(i) for i in ("I1", "I6", "I7")):
            cmd: Command = ProposeStandard("shared-ids", "finops", best, "")
            if self.ok(cmd):
                return cmd
        return self._review_charter()

    def _review_charter(self) -> Command | None:
        if self.me != self.first_bot(CHARTER_DRAFTERS) or not self.team["committee_active"]:
            return None
        charter = self.team["charter"]
        judged = [i for i in self.team["incidents"] if i["outcomes"]]
        if charter is None or from_plain(Charter, charter) != BOT_CHARTER or not judged:
            return None
        title = judged[-1]["title"]
        cmd = SetCharter(REVIEWED_CHARTER, f"Effectiveness review after {title}: internal audit "
                         "joins as observer and risk/legal joins the escalation path")
        return cmd if self.ok(cmd) else None
