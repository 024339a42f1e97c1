"""A glossary of the lesson's technical terms, in plain language, and a searchable screen.

Each entry says what the term means in practice and where it shows up in TriOps. `terms_in`
finds the terms a text mentions, so a panel can offer "press g: drift, lineage".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import ClassVar, Final

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option


@dataclass(frozen=True, slots=True)
class Term:
    """One glossary entry: what it means, and where it matters in the game."""

    term: str
    meaning: str
    in_game: str = ""
    aliases: tuple[str, ...] = ()
    # The industries whose scenarios use it (empty: every one). The list a game opens on
    # leaves the others out (a bank's learner was offered ONC HTI-1); a search finds all.
    industries: tuple[str, ...] = ()


_TERMS: tuple[Term, ...] = (
    Term("DataOps", "Running data pipelines like software: automated, tested, monitored and "
         "owned, so the data people and models rely on arrives on time and correct.",
         "One of the three seats. DataOps sees pipeline health, freshness, contract coverage "
         "and the DataOps clues of each incident."),
    Term("MLOps", "Running machine-learning models in production: versioning, automated "
         "training and release, monitoring and rollback.",
         "One of the three seats. MLOps sees model performance, drift and deployment signals."),
    Term("FinOps", "The practice of making technology spend visible, owned and tied to "
         "business value, through collaboration between engineering, finance and the "
         "business.",
         "One of the three seats. FinOps sees spend by allocation, anomalies, forecast "
         "variance and unit costs. It also speaks for finance and sits closest to legal, so "
         "finance, legal and regulator news (a refund bill, a claim, an authority's inquiry) "
         "usually reaches FinOps first: share it."),
    Term("Seam", "The hand-over between two disciplines, where most integration incidents "
         "start: a data change that breaks a model, a model that runs up a bill.",
         "Each incident names the seams it crosses. The Overview shows each seam's maturity "
         "(none, crawl, walk, run).", ("seams",)),
    Term("Crawl / walk / run", "The FinOps Foundation's maturity levels: start small (crawl), "
         "make it routine (walk), make it complete and automated (run). Mature where value "
         "calls for it, not everywhere at once.",
         "Every initiative is bought one level at a time; each level costs more and does "
         "more. Plan the levels over quarters on the roadmap.",
         ("crawl", "walk", "run", "crawl/walk/run", "maturity")),
    Term("Baseline", "Where a metric settles when nothing is invested in it: estates decay "
         "without upkeep and effort.",
         "Each quarter every metric moves part of the way toward its baseline plus the pull of "
         "the initiatives and standards in effect. The quarter report shows the two apart: "
         "\"drift toward the baseline\" is large and negative when your initiatives hold a "
         "metric far above its baseline, and the metric still climbs while they pull harder.",
         ("drift toward the baseline", "recovery toward the baseline")),
    Term("Drift", "A model's world changing under it. Data drift: the inputs look different "
         "(new products, new customers). Concept drift: the relationship between inputs and "
         "outcome changes. Either way accuracy falls quietly unless someone monitors it.",
         "Drift alerts show on the MLOps dashboard; production model monitoring (I9) catches "
         "drift sooner.", ("data drift", "concept drift", "model drift")),
    Term("Training-serving skew", "A feature computed one way when the model was trained and "
         "another way in production, so the model sees data it never learned from.",
         "", ("skew",)),
    Term("Lineage", "The map of where data comes from and where it goes: which sources feed "
         "which tables, which tables train which models, which models drive which "
         "decisions and costs.",
         "The metadata and lineage catalog (I6), from walk, makes investigating another "
         "role's clue cost 1 AP instead of 3, because you can follow the data across the "
         "seam.",
         ("data lineage",)),
    Term("OpenLineage", "An open standard for lineage events: every pipeline run and training "
         "run reports the jobs and datasets it read and wrote (Run, Job, Dataset, with "
         "facets).",
         "One of the standards you can propose."),
    Term("Standard adoption", "A proposed standard counts once it is adopted: as a policy "
         "(through the committee's right to approve standards), by training (needs upskilling, "
         "I12) or enforced as code (needs CI/CD, I8). Its owner pays the rollout, and each "
         "standard already adopted makes the next 1 cr dearer, since they compete for the same "
         "people's attention. Code counts in full, training three quarters, a policy half.",
         "The Standards list on the Artefacts tab shows each standard's pull and its rollout "
         "cost for your team now.", aliases=("rollout", "adoption mechanism")),
    Term("Data contract", "A written, checkable agreement between the producer of a data "
         "feed and its consumers: schema, meaning and units, quality rules, freshness SLA, "
         "owner. A breaking change fails a check instead of breaking a model.",
         "The data contracts initiative (I4) and the ODCS standard lower the odds of schema "
         "incidents.", ("data contracts", "contract", "contracts")),
    Term("ODCS", "The Open Data Contract Standard (Bitol, LF AI & Data): a YAML format for data "
         "contracts, covering schema, quality, SLA, support and roles.",
         "The standard behind data contracts on critical feeds.",
         ("open data contract standard",)),
    Term("FOCUS", "The FinOps Open Cost and Usage Specification: one schema for billing data "
         "from clouds, SaaS and AI providers, so costs can be joined and compared. FOCUS 1.2 "
         "covers virtual currencies such as tokens and credits.",
         "The FOCUS pipeline (I2) and the FOCUS standard make token and GPU spend visible.",
         ("focus 1.2",)),
    Term("Tagging / cost allocation", "Labelling every resource with owner, product, "
         "environment and model or data-product id, so each cost has an owner. Tags do not "
         "reach back: past spend can only be allocated approximately, by a split the teams "
         "agree, and that split is usually disputed.",
         "The tagging standard (I1) is the first FinOps step; FinOps's allocated-spend signal "
         "shows its coverage.", ("tagging", "tags", "cost allocation", "allocation")),
    Term("Unit economics", "Cost per unit of business output: per 1,000 predictions, per "
         "million tokens, per order served. It tells you whether AI is worth what it costs.",
         "AI unit economics and guardrails (I3) show unit costs and raise Business Value.",
         ("unit cost", "unit costs")),
    Term("Guardrails", "Limits that stop runaway spend or harm automatically: quotas, maximum "
         "instances, budget actions (not just alerts), kill switches.",
         "A budget alert is not a cap. Responses with guardrails prevent recurrences.",
         ("quota", "quotas", "budget action", "budget actions")),
    Term("Model card", "A short, standard document for a model: what it is for and not for, "
         "the data it was trained on, how it performs for different groups, known limits.",
         "Part of the model registry initiative (I7) and a standard you can propose.",
         ("model cards",)),
    Term("Model registry", "The inventory of every model: versions, who owns it, what is live, "
         "how to roll back.",
         "Initiative I7; a prerequisite of automation (I8) and monitoring (I9).",
         ("registry", "model inventory")),
    Term("SLO", "Service level objective: a target for a measured indicator (the SLI), such as "
         "'the orders table is under 2 hours old 99% of the time'. The error budget is what "
         "the target leaves (here 1%).",
         "Data observability (I5) sets freshness SLOs; the shared SLO standard uses one "
         "definition for data and models.", ("slos", "sli", "error budget", "slo definitions")),
    Term("Data observability", "Watching data the way SRE watches services: freshness, volume, "
         "schema, distribution and lineage (the 'five pillars').",
         "Initiative I5.", ("observability", "freshness")),
    Term("CI/CD/CT", "Continuous integration, delivery and training: code, data and models are "
         "tested and released by automated pipelines, with validation gates and canary or "
         "shadow releases.",
         "Initiative I8. Standards enforced 'as code' need it.",
         ("ci/cd", "continuous training", "canary", "shadow deploy")),
    Term("Governance committee", "A cross-functional group with the authority to approve, "
         "pause and review AI systems: who sits on it, what it may decide, how often it "
         "meets, how issues escalate.",
         "Funded as I11, defined by your charter (Artefacts, 5). A working committee unlocks "
         "responses such as the kill switch and makes notifying cheaper.",
         ("committee", "ai governance committee")),
    Term("Charter", "The committee's founding document: members, chair, cadence, decision "
         "rights, risk tiering, escalation path, decision log.",
         "Build it in Artefacts (5). Until it is complete, the tab says what blocks the committee.",
         ("governance charter",)),
    Term("Decision rights", "What the committee may decide on its own: approve high-risk "
         "go-lives, block or kill a system, pool budgets, approve exceptions, approve "
         "standards.",
         "What each does in play: approving high-risk go-lives and block/kill are what "
         "committee-routed incident plans need (block/kill unlocks the kill switch); budget "
         "pooling merges the envelopes; approving standards lets a standard be adopted as a "
         "policy. No event in these scenarios asks for approving exceptions: a charter that "
         "claims it holds a right on paper, which LO4 counts against it. Claim the rights the "
         "committee will use.", ("decision right", "budget pooling", "kill switch")),
    Term("Risk tiering", "Sorting AI systems by risk so high-risk ones get heavy review and "
         "low-risk ones move fast.",
         "A heavy meeting cadence without risk tiering slows Delivery Velocity every quarter.",
         ("risk tier",)),
    Term("RACI", "Responsible, Accountable, Consulted, Informed: who does what for each "
         "decision. Exactly one person is accountable.",
         "The charter names who is accountable for each key decision.",
         ("accountable",)),
    Term("Escalation path", "Who an incident goes to, in order, when it is beyond the team "
         "that found it.", "Part of the charter.", ("escalation",)),
    Term("Standard", "A practice every discipline agrees to follow, with an owner, a way to "
         "adopt it (policy, training or enforced as code) and a KPI that shows it works.",
         "Propose standards in Artefacts (5); adopted standards lower the odds of the "
         "incidents they address.", ("standards", "standardization")),
    Term("KPI", "Key performance indicator: the number that shows whether something worked.",
         "Roadmap lines and standards each name one.", ("kpi target", "kpis")),
    Term("Roadmap", "The plan: which initiative, at which level, in which quarter, owned by "
         "which seat, with which KPI target. Revise it when events prove it wrong.",
         "Draft it in setup (quarter 0); later revisions cost 1 AP and need a reason, and "
         "they count as evidence for objective LO1.", ("integration roadmap",)),
    Term("Envelope", "Your seat's share of the team budget, in credits (cr).",
         "You spend from your envelope and can transfer to another seat (Budget, 4). "
         "Unspent credits carry over up to a cap (the Budget tab says how much); the rest "
         "lapses, and what is left when the game ends is lost.",
         ("envelopes", "cr", "credits")),
    Term("Incident harm", "What an open incident costs the business each quarter in lost "
         "business or penalties, in credits, on top of what any plan costs.",
         "It is taken when the quarter resolves, FinOps' envelope first. What the money left "
         "then cannot cover comes out of the next quarter's budget, so spending every credit "
         "before an incident resolves does not make it free.", ("harm", "loss")),
    Term("Pool", "One shared team budget instead of three envelopes.",
         "Happens when the committee is funded and its charter holds the budget pooling "
         "right.", ("team pool",)),
    Term("Pledge", "Credits put toward an initiative's next level. Pledges are committed when "
         "the quarter resolves; an initiative whose pledges do not reach its cost is not "
         "bought and the credits come back.",
         "Initiatives owned by several seats need a share from each owner.", ("pledges",)),
    Term("Upkeep", "The running cost of an initiative, charged at the start of every quarter. "
         "Miss it and the initiative loses a level.", "", ("upkeep due",)),
    Term("Action points (AP)", "Your seat's time this quarter. Investigating, responding, "
         "notifying and revising artefacts after setup cost AP. Unspent AP are lost.",
         "Upskilling (I12) raises Team Capability.", ("ap", "action points", "action point")),
    Term("Clue", "A piece of evidence about an incident. Each seat sees its own; the root "
         "cause usually shows only when clues from two or three seats are put together.",
         "Share your clues (s on Incidents) before anyone diagnoses: three shares a quarter "
         "are free. The dashboard (I10) shares clues automatically.",
         ("clues", "symptom", "symptoms")),
    Term("Joint review", "Once every seat's clue on an incident is on the table (shared or "
         "on the dashboard), the team's next investigation of it costs no AP, once per "
         "incident, whoever's clue it digs for: the team knows where to look.",
         "A team that keeps its clues to itself pays for every investigation.",
         ("joint", "free investigation")),
    Term("Red herring", "A clue that points somewhere wrong.",
         "At the experienced level some clues mislead; pooled clues settle it.",
         ("red herrings",)),
    Term("Over-correction", "A response that fixes the incident with heavy side effects, such "
         "as freezing all ML spend.", "Resolves the incident but hurts other metrics.",
         ("overcorrection",)),
    Term("Recurrence", "An incident treated only at the symptom comes back later.",
         "Poor responses make the symptom go away; the incident silently returns.",
         ("recur", "recurs")),
    Term("Regulator clock", "A deadline to report an incident to a regulator. Real ones are "
         "counted in hours and days from becoming aware. In the EU: 72 hours for a "
         "personal-data breach (GDPR Art. 33); 2, 10 or 15 days for a serious incident with "
         "a medical device (MDR Art. 87); the EU AI Act's own serious-incident clocks "
         "(Art. 73: 15 days, or 10 or 2 in the gravest cases) bind high-risk systems from "
         "December 2027. In the US: 36 hours for a bank to tell "
         "its federal regulator of a significant computer-security incident; for a "
         "health-data breach, patients without unreasonable delay and within 60 days (HIPAA), "
         "and HHS too; a hospital reports a device-related death to the FDA and the maker "
         "within 10 work days. The hardest judgement is often whether the incident is "
         "reportable at all.",
         "Meet it with the Notify action (m on Incidents); no response plan notifies for you. "
         "A duty of days runs out as the quarter the incident opens in resolves; one of weeks "
         "or months at the end of the next quarter. The committee makes notifying cheaper.",
         ("clock", "deadline", "notify", "notification", "reportable")),
    Term("EU AI Act", "The EU's regulation on AI (2024/1689): risk categories, duties for "
         "high-risk systems, AI literacy, post-market monitoring, serious-incident "
         "reporting.", "", ("ai act",)),
    Term("GDPR", "The EU's General Data Protection Regulation. Among its duties: tell the "
         "data protection authority of a personal-data breach within 72 hours of becoming "
         "aware, unless it is unlikely to harm anyone (Art. 33); assess the impact before "
         "high-risk processing such as sending records to an outside AI provider (Art. 35, a "
         "DPIA); and give people the right not to be judged by an automated decision alone "
         "(Art. 22).",
         "Behind the privacy inquiries and breaches of the experienced scenarios.",
         ("data protection authority", "dpia", "impact assessment", "dpo")),
    Term("MDR vigilance", "The EU Medical Device Regulation's incident reporting (Art. 87): "
         "the manufacturer reports a serious incident with a device within 15 days of "
         "knowing, 10 days where a death or an unanticipated serious deterioration in health "
         "may be involved, 2 days for a serious public-health threat. Clinical AI that is a "
         "device reports patient harm this way; the hospital tells the manufacturer at once "
         "and follows its national rules. Under the AI Act it is also a deployer, but those "
         "duties bind device AI only from August 2028.",
         "", ("mdr", "medical device", "deployer"), industries=("healthcare",)),
    Term("Population stability index (PSI)", "A number that says how far a feature's "
         "distribution today has moved from the one the model was trained on. Around 0.1 is "
         "worth a look; above about 0.25 the model is seeing a different population.",
         "Drift monitors report it; production monitoring (I9) raises it as a clue.",
         ("psi", "population stability", "population-stability")),
    Term("AUC", "Area under the ROC curve: how well a model ranks positives above negatives, "
         "from 0.5 (a coin toss) to 1 (perfect). A good AUC can still mean many false alarms "
         "when the condition is rare, so also ask how many alerts are true.",
         "Vendors quote it; a local validation checks it on your own data.",
         ("roc", "ppv", "precision")),
    Term("Egress", "Data leaving a cloud, region or provider, which is usually billed per "
         "gigabyte. Moving or re-reading large tables across regions can cost more than "
         "storing them.", "A FinOps clue when a job reads far more than it should."),
    Term("On-demand", "Cloud capacity bought by the hour at list price, with no commitment: "
         "flexible and the dearest way to pay for steady use.",
         "GPU spend on demand is where runaway jobs and lapsed commitments show.",
         ("on demand", "list price")),
    Term("Commitment", "A discount bought by promising a level of use for one or three years "
         "(reserved instances, savings plans, committed-use discounts). It pays only if the "
         "workload runs on what it covers: a commitment half used while on-demand spend stays "
         "high means the workload moved to another type, family or region.",
         "FinOps watches coverage and utilisation together.",
         ("commitments", "reserved instances", "savings plan", "commitment utilisation")),
    Term("Spot instances", "Spare cloud capacity sold cheaply that the provider can take back "
         "at short notice: fine for work that can restart, risky for serving.", "",
         ("spot", "spot gpus")),
    Term("Showback / chargeback", "Showback shows each team what it used and what it cost; "
         "chargeback bills it to their budget. Both need allocation (tags) first. In card "
         "payments a chargeback is something else: a disputed payment the card issuer "
         "reverses, often weeks later, which is how fraud shows up.",
         "Shared clusters without showback are fought over; see Tagging. In the finance "
         "scenarios, late card chargebacks mean the newest fraud labels are not in yet.",
         ("showback", "chargeback", "chargebacks", "recharge")),
    Term("Hyperparameter sweep", "Training many versions of a model with different settings "
         "to find the best one. Hundreds of runs on GPUs add up fast without limits.",
         "A classic runaway-spend incident.", ("grid search", "sweep")),
    Term("Hallucination", "A generative model stating something fluent and false, such as a "
         "refund policy that does not exist. Grounding answers in governed sources and "
         "testing them reduces it; the organisation still answers for what its assistant "
         "says.", "", ("hallucinate", "hallucinates")),
    Term("Grounding", "Making a generative model answer from retrieved, governed sources "
         "(retrieval-augmented generation, RAG) and checking that the answer follows them.",
         "", ("rag", "grounded", "groundedness", "retrieval")),
    Term("Tokens", "The pieces of text a language model reads and writes, and what providers "
         "bill by. Long prompts (a whole record 'for context') cost tokens on every call.",
         "Token spend needs a unit cost, such as cost per summary.",
         ("token", "prompt", "prompts")),
    Term("DLP", "Data-loss prevention: tools that spot and block sensitive data (personal "
         "data, confidential drawings) leaving the organisation, for example into an outside "
         "AI tool.", "", ("data-loss prevention", "data-loss-prevention", "data loss prevention")),
    Term("Blameless review", "A post-incident review that asks how the system let the "
         "mistake happen, not who to punish, so that people report problems early.",
         "Good responses often end with one.",
         ("blameless", "post-mortem", "postmortem")),
    Term("Fail-safe", "Designing a check so that when it cannot decide (a timeout, a missing "
         "input) it stops or holds rather than lets things through. An inspection that "
         "passes parts on timeout is a quality defect in itself.", "",
         ("fail safe", "fails safe")),
    Term("PPAP", "The automotive Production Part Approval Process: a change of material, "
         "supplier or process needs the customer's re-approval before parts ship.",
         "Behind the supplier-change incidents in manufacturing.",
         ("production part approval",), industries=("manufacturing",)),
    Term("Plant historian", "A factory database that records machine and sensor readings "
         "over time, each under a tag name, for years.",
         "The source of the sensor data behind the manufacturing models; a renamed tag or a "
         "short export window silently leaves machines out.", ("historian", "historians")),
    Term("PLC", "Programmable logic controller: the industrial computer that runs a machine "
         "and publishes its sensor values (the historian's tags).",
         "A PLC upgrade can rename tags without anyone telling the data team."),
    Term("Dead-letter queue", "Where messages or events that keep failing are parked after a "
         "few retries, so one bad input raises an alert instead of being retried forever.",
         "The missing guard in the runaway test deployments.", ("dead-letter",)),
    Term("Time travel (warehouse)", "A data warehouse feature that keeps old versions of a "
         "table for a set number of days so they can be queried or restored; that history "
         "is billed as storage.",
         "Long retention on tables rewritten nightly can make history most of the bill.",
         ("time travel", "time-travel")),
    Term("Backfill", "Loading or recomputing data for a past period, for example after a "
         "feed was down or a bug was fixed.",
         "A missed or duplicated backfill shows up as a gap or a jump in the data.",
         ("backfills", "backfilled")),
    Term("Autoscaling", "Adding and removing servers automatically as load changes, between "
         "a set minimum and maximum.",
         "A minimum left at peak size keeps the peak bill after the peak.",
         ("autoscaler", "autoscale", "autoscales")),
    Term("Checkpoint", "A saved copy of a training job's progress, so an interrupted run can "
         "resume instead of starting again.", "", ("checkpoints", "checkpointing")),
    Term("System prompt", "The standing instructions an application sends to a language model "
         "with every request, before the user's words: its role, rules and sources.",
         "An edited system prompt changes what an assistant says without any model change.",
         ("system prompts",)),
    Term("Model alias", "A provider's moving name for a model (such as 'latest') that points "
         "to whichever version the provider chooses; pinning a version stops silent changes.",
         "", ("model aliases", "alias")),
    Term("HIPAA", "The US law on health data privacy and security. Patient data may go to a "
         "vendor (a business associate) only under an agreement and only as much as the task "
         "needs (minimum necessary). A breach is reported to the patients without unreasonable "
         "delay and within 60 days of its discovery, and to HHS (and the media when 500 or "
         "more people in a state are affected).",
         "The privacy frame of healthcare-novice, a US health system.",
         ("business associate", "minimum necessary"), industries=("healthcare",)),
    Term("ONC HTI-1", "A US rule of ONC (now ASTP/ONC) for certified health-record software "
         "(2024): for predictive "
         "decision support, the software must let users see source attributes such as the "
         "model's intended use and how it was validated.",
         "Ask the vendor for them before trusting a vendor model's alerts.",
         ("hti-1", "onc", "source attributes"), industries=("healthcare",)),
    Term("FDA (software as a medical device)", "The US Food and Drug Administration regulates "
         "software that diagnoses or treats as a medical device. Clinical decision support that "
         "a clinician can review independently falls outside the device definition (21st "
         "Century Cures Act); FDA's 2022 guidance keeps time-critical alerts, such as a "
         "sepsis alert, inside it.",
         "Binds the vendors' clinical software in healthcare-novice.", ("fda",),
         industries=("healthcare",)),
    Term("Expected credit loss (ECL)", "The losses a bank expects on its loans, computed each "
         "quarter-end for its provisions (IFRS 9, or CECL in the US). The model is run every "
         "quarter, not retrained every quarter.", "", ("ecl", "provisions", "provisioning")),
    Term("Adverse-action notice", "The notice a US lender must send when it declines credit "
         "or worsens its terms, with the main reasons (ECOA and Regulation B, FCRA).",
         "", ("adverse action",), industries=("finance",)),
    Term("NIST AI RMF", "The US NIST AI Risk Management Framework: Govern, Map, Measure, "
         "Manage.", "A framework a charter can cite.", ("nist",)),
    Term("ISO/IEC 42001", "The international standard for an AI management system.", "",
         ("iso 42001",)),
    Term("SR 26-2", "US banking supervisors' guidance on model risk management (Fed, OCC "
         "and FDIC), which superseded SR 11-7 in April 2026: inventory, validation, "
         "governance of models, scaled to each model's materiality. A new or retrained model "
         "is validated independently, with 'effective challenge', before it is used.", "",
         ("sr 11-7", "sr11-7", "model validation", "effective challenge"),
         industries=("finance",)),
    Term("BCBS 239", "The Basel Committee's principles for risk data: accurate, complete, "
         "timely and traceable (lineage).", "", industries=("finance",)),
    Term("DORA metrics", "Four measures of software delivery: deployment frequency, lead time, "
         "change failure rate, time to restore.", "Behind the Delivery Velocity metric.",
         ("dora",)),
    Term("MTTD / MTTR", "Mean time to detect / to restore: how long a problem goes unnoticed, "
         "and how long it takes to fix.", "", ("mttd", "mttr")),
    Term("Feature store", "A shared store of the inputs (features) models use, computed once "
         "for training and serving.", ""),
    Term("Business value", "Credits of value AI delivered to the organisation, accumulated "
         "over the game against the scenario's goals.",
         "Metric M7 and a quarter-by-quarter total; part of the outcome score."),
    Term("Outcome score", "0 to 100: 70% the organisation's goals (value delivered and each "
         "metric goal), 30% how far the team raised the seven metrics from where they started "
         "(the lowest counts double).",
         "Shown on the leaderboard. The learning objectives are scored separately."),
)

GLOSSARY: Final[dict[str, Term]] = {t.term: t for t in _TERMS}


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    out = []
    for term in _TERMS:
        for name in (term.term, *term.aliases):
            if len(name) < 3 and name.lower() not in ("ap", "cr"):
                continue
            out.append((re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])",
                                   re.IGNORECASE), term.term))
    return out


def terms_in(text: str) -> list[str]:
    """Glossary terms mentioned in `text`, in glossary order, without duplicates. The longest
    name wins where names overlap: "drift toward the baseline" is the baseline, not model
    drift."""
    matches = sorted(((m.start(), m.end(), term) for pattern, term in _patterns()
                      for m in pattern.finditer(text)), key=lambda x: x[0] - x[1])
    taken: list[tuple[int, int]] = []
    found = set()
    for start, end, term in matches:
        if any(start < e and s < end for s, e in taken):
            continue
        taken.append((start, end))
        found.add(term)
    return [t.term for t in _TERMS if t.term in found and t.term not in ("Envelope",)]


def search(query: str, industry: str = "") -> list[Term]:
    """Entries whose name, aliases or text contain `query` (names first). With no query,
    every entry but those of other industries than `industry` (all of them without one)."""
    q = query.strip().lower()
    if not q:
        return [t for t in _TERMS if not industry or not t.industries
                or industry in t.industries]
    # An exact name or alias first ("AP" found "Roadmap" first, whose name holds "ap"), then
    # names that start with it, then names holding it, then the texts.
    exact = [t for t in _TERMS if q == t.term.lower() or q in t.aliases]
    starts = [t for t in _TERMS if t not in exact and (t.term.lower().startswith(q) or any(
        a.startswith(q) for a in t.aliases))]
    named = [t for t in _TERMS if t not in exact and t not in starts and (
        q in t.term.lower() or any(q in a for a in t.aliases))]
    found = [*exact, *starts, *named]
    rest = [t for t in _TERMS if t not in found and (q in t.meaning.lower()
                                                     or q in t.in_game.lower())]
    return found + rest


def render_term(term: Term) -> Content:
    parts = [Content.styled(term.term, "bold $accent"), Content(""), Content(term.meaning)]
    if term.in_game:
        parts += [Content(""), Content.assemble(("In TriOps: ", "bold"), term.in_game)]
    if term.aliases:
        parts += [Content(""), Content.styled("Also: " + ", ".join(term.aliases),
                                              "$text-muted")]
    return Content("\n").join(parts)


class GlossaryScreen(ModalScreen[None]):
    """Type to filter; up/down to choose; Esc closes. `GlossaryScreen(start="Drift")`."""

    DEFAULT_CSS = """
    GlossaryScreen { align: center middle; }
    GlossaryScreen > Vertical {
        width: 92%; max-width: 120; height: 90%;
        border: thick $accent; background: $surface;
    }
    GlossaryScreen Input { margin: 0 1; }
    GlossaryScreen OptionList { width: 30; height: 1fr; }
    GlossaryScreen #glossary-detail { width: 1fr; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close glossary"),
        Binding("down", "move(1)", "Next term", show=False),
        Binding("up", "move(-1)", "Previous term", show=False),
    ]

    def __init__(self, start: str = "", mentioned: list[str] | None = None,
                 industry: str = "") -> None:
        super().__init__()
        self.start = start
        self.mentioned = mentioned or []
        self.industry = industry
        self._shown: list[Term] = []

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Glossary"
            box.border_subtitle = "type to search · ↑↓ choose · Esc close"
            yield Input(placeholder="search the glossary…", id="glossary-search")
            if self.mentioned:
                yield Static(Content.assemble(("On this screen: ", "bold"),
                                              ", ".join(self.mentioned)), id="glossary-here")
            with Horizontal():
                yield OptionList(id="glossary-terms")
                with VerticalScroll(id="glossary-detail"):
                    yield Static(id="glossary-text")

    def on_mount(self) -> None:
        self._fill("")
        if self.start:
            names = [t.term for t in self._shown]
            if self.start in names:
                self.query_one(OptionList).highlighted = names.index(self.start)
        self.query_one(Input).focus()

    def _fill(self, query: str) -> None:
        options = self.query_one(OptionList)
        self._shown = search(query, self.industry)
        if not query.strip() and self.mentioned:  # what this screen talks about, first
            first = [t for t in self._shown if t.term in self.mentioned]
            self._shown = first + [t for t in self._shown if t not in first]
        options.clear_options()
        options.add_options([Option(t.term) for t in self._shown])
        if self._shown:
            options.highlighted = 0
            self._detail(self._shown[0])
        else:
            self.query_one("#glossary-text", Static).update("No entry matches.")

    def _detail(self, term: Term) -> None:
        self.query_one("#glossary-text", Static).update(render_term(term))

    @on(Input.Changed, "#glossary-search")
    def _search(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(OptionList.OptionHighlighted)
    def _highlight(self, event: OptionList.OptionHighlighted) -> None:
        if 0 <= event.option_index < len(self._shown):
            self._detail(self._shown[event.option_index])

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self._shown:
            return
        current = options.highlighted if options.highlighted is not None else 0
        options.highlighted = max(0, min(len(self._shown) - 1, current + step))

    def action_close(self) -> None:
        self.dismiss(None)
