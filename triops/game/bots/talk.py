"""What bot teammates say in team chat, in plain and varied words, and what they understand.

Every message names its subject (an incident's title, an initiative's name, a quarter), so a
bot can tell from the chat alone whether it has already spoken about something: bots keep no
memory of their own. Wording is picked with the bot's seeded generator, so a game's chat is
reproducible.

Bots understand two kinds of human message: a proposed cause for an incident (by the
diagnosis id or a distinctive phrase of its text) and a request for credits ("can someone
send me 4 cr?").
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from typing import Any

from triops.game.model.vocab import ROLE_NAMES
from triops.game.model.vocab import listing as listing  # bots say lists as the rules do

# A shortened initiative name for conversation: "Data Contracts for Critical Feeds" reads
# "data contracts" when said aloud.
SHORT_NAMES = {
    "I1": "cost tagging", "I2": "the FOCUS cost pipeline", "I3": "unit economics and guardrails",
    "I4": "data contracts", "I5": "data observability", "I6": "the lineage catalog",
    "I7": "the model registry", "I8": "CI/CD automation", "I9": "model monitoring",
    "I10": "the ops dashboard", "I11": "the governance committee", "I12": "upskilling",
}

MEMBER_NAMES = {
    "dataops_lead": "the DataOps lead", "mlops_lead": "the MLOps lead",
    "finops_lead": "the FinOps lead", "executive_sponsor": "an executive sponsor",
    "risk_legal": "risk/legal", "security_privacy": "security/privacy",
    "business_owner": "a business owner", "internal_audit": "internal audit",
}

RIGHT_NAMES = {
    "approve_high_risk": "approving high-risk go-lives", "block_kill": "block/kill",
    "budget_pooling": "budget pooling", "approve_exceptions": "exceptions",
    "approve_standards": "approving standards",
}


def short_name(initiative: dict[str, Any]) -> str:
    return SHORT_NAMES.get(initiative["id"], str(initiative["name"]))


# Where a long sentence may be cut so that what is left is a whole clause: before ", so ",
# "; " and the like. The cut must not leave a word that promises more ("…, and", "… with"),
# an open bracket, or a last phrase that only qualifies ("…, and with only X"); when no cut
# leaves a clause short enough, the shortest whole one is said, or the sentence whole: a bot
# never stops mid-clause ("…drift), and.").
CLAUSE_JOINTS = (", so ", "; ", " with no ", ", and ", ", then ", ", but ", ", while ",
                 " while ", ", ", " (", " — ")
DANGLING = frozenset({
    "a", "an", "and", "as", "at", "because", "but", "by", "for", "from", "in", "into", "its",
    "nor", "of", "on", "or", "so", "than", "that", "the", "their", "then", "to", "when",
    "where", "which", "while", "who", "whose", "with", "without", "yet",
})
# A last phrase after a comma that opens with one of these qualifies what came before and
# needs what follows it ("…, and with only aggregate monitoring").
QUALIFYING = frozenset({
    "after", "although", "as", "because", "before", "if", "since", "though", "unless",
    "until", "when", "where", "which", "while", "who", "whose", "with", "without",
})


def whole_clause(text: str) -> bool:
    """Whether a cut piece of a sentence reads as a whole clause: brackets and quotes
    closed, no last word that promises more ("and", "with", "the"…), and no last phrase
    that only qualifies ("…, and with only aggregate monitoring")."""
    if text.count("(") != text.count(")") or text.count('"') % 2:
        return False
    words = text.rstrip(",;: ").split()
    if not words or words[-1].lower() in DANGLING:
        return False
    tail = re.split(r"[,;:] ", text)[-1].lower().split() if re.search(r"[,;:] ", text) else []
    if tail:
        opener = tail[1] if len(tail) > 1 and tail[0] in ("and", "or", "but") else tail[0]
        if opener in QUALIFYING:
            return False
    return True


def excerpt(text: str, words: int = 12, least: int = 5) -> str:
    """The gist of an option's text: its first sentence, cut at a clause if it runs long.

    The cut keeps whole clauses only (see `CLAUSE_JOINTS`): the longest that fits in
    `words`, else the shortest whole one; a sentence with no such cut is kept whole,
    however long, rather than stopped mid-clause."""
    first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0].rstrip(".,;: ")
    # "Do all of that and ..." leans on the option before it; say what is new.
    first = re.sub(r"^Do (all of that|the same),? and ", "", first)
    first = first[:1].upper() + first[1:]
    if len(first.split()) <= words:
        return first
    cuts = set()
    for joint in CLAUSE_JOINTS:
        at = first.find(joint)
        while at > 0:
            clause = first[:at].rstrip(",;: ")
            if len(clause.split()) >= least and whole_clause(clause):
                cuts.add(clause)
            at = first.find(joint, at + 1)
    fits = [c for c in cuts if len(c.split()) <= words]
    if fits:
        return max(fits, key=len)
    return min(cuts, key=len) if cuts else first


def within(text: str, limit: int) -> str:
    """A message cut to `limit` characters by dropping whole sentences from its end (the
    first stays, whatever its length): never a sentence stopped mid-clause."""
    if len(text) <= limit:
        return text
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"'])", text.strip())
    while len(parts) > 1 and len(" ".join(parts)) > limit:
        parts.pop()
    return " ".join(parts)


def sentence(text: str) -> str:
    return text if text.endswith(("…", ".", "?", "!")) else text + "."


def opening(text: str, words: int = 4) -> str:
    """The first words of a text, as every message quoting it contains them."""
    return " ".join(text.split()[:words]).rstrip(".,;:")


# Words that keep their capital mid-sentence ("Monday's library upgrade", not "monday's").
PROPER = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
    "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", "hr", "gdpr", "eu", "us", "uk",
})


def upper_first(text: str) -> str:
    """Capitalise a phrase's first letter to start a sentence with it ("the lineage
    catalog" → "The lineage catalog")."""
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """Lower-case a sentence's first letter to quote it mid-sentence; acronyms, names of days
    and months, and other words that keep a capital stay."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first.upper() == first:
        return text
    if first.split("'")[0].split("’")[0].strip(",.:;").lower() in PROPER:
        return text
    if any(ch.isupper() for ch in first[1:]):  # CamelCase product names: "FinOps", "iPhone"
        return text
    return text[:1].lower() + text[1:]


def pick(rand: random.Random, options: Sequence[str]) -> str:
    return options[rand.randrange(len(options))]


# --- setup -----------------------------------------------------------------------------------


def roadmap_drafted(first: Sequence[str], later: Sequence[str], rand: random.Random) -> str:
    opener = pick(rand, ("I've drafted our roadmap.", "Roadmap draft is in.",
                         "I put a first roadmap together."))
    body = f" Q1 is crawl on {listing(first)}"
    if later:
        body += f"; after that {listing(later)}"
    closer = pick(rand, (" Shout if you'd order it differently.",
                         " Cheap visibility first, so the later lines have something to stand on.",
                         " Each line has a KPI so we can tell if it worked."))
    return opener + body + "." + closer


def charter_drafted(charter: Any, rand: random.Random) -> str:
    members = [MEMBER_NAMES.get(m, m) for m in charter.members]
    rights = [RIGHT_NAMES.get(r, r) for r in charter.decision_rights]
    opener = pick(rand, ("Charter draft for the governance committee:",
                         "I've written up a committee charter:",
                         "First go at the committee charter:"))
    tiering = "risk tiering on, so low-risk changes don't queue behind it" if (
        charter.risk_tiering) else "no risk tiering yet"
    return (f"{opener} {listing(members)}, meeting {charter.cadence}, {tiering}. "
            f"Decision rights: {listing(rights)}.")


def standard_proposed(name: str, owner: str, mechanism: str, rand: random.Random) -> str:
    how = {"policy": "as a policy to start with", "training": "through training",
           "code": "enforced as code"}[mechanism]
    return pick(rand, (
        f"I've proposed {name} as a standard, owned by {ROLE_NAMES[owner]}, {how}.",
        f"Standard proposal from me: {name}. {ROLE_NAMES[owner]} owns it; adoption {how}.",
    ))


# --- incidents -------------------------------------------------------------------------------


def second(title: str, me: str, clue: str, rand: random.Random) -> str:
    gist = lower_first(excerpt(clue, 14, least=5))
    return pick(rand, (
        f"Agree on {title}. From the {me} side: {sentence(gist)} That fits.",
        f"I agree, and it explains what I saw on {title}: {sentence(gist)}",
        f"Agreed on {title}; on my side {sentence(gist)}",
    ))


def ask_for_clues(title: str, who: Sequence[str], rand: random.Random) -> str:
    names = listing([ROLE_NAMES[r] for r in who])
    return pick(rand, (
        f"{names}: what are you seeing on {title}? Please share your clues before we pick a cause.",
        f"Before we diagnose {title}: {names}, could you post what your side is seeing?",
    ))


def hypothesis(title: str, cause_text: str, backing: Iterable[str], me: str,
               confidence: float, rand: random.Random) -> str:
    others = [ROLE_NAMES[r] for r in sorted(backing) if r != me]
    cause = lower_first(excerpt(cause_text, 14))
    if others:
        basis = pick(rand, (f"Putting the {listing(others)} clues next to mine",
                            f"Reading my clue together with what {listing(others)} posted",
                            f"With the {listing(others)} clues on the table"))
    else:
        basis = pick(rand, ("From what I can see on my side", "Going only on my own clue"))
    hedge = ("I'm fairly sure" if confidence >= 0.85 else
             "my best guess is that" if confidence >= 0.6 else "it may be that")
    closer = pick(rand, (" I'll put that down as the cause unless someone objects.",
                         " Proposing that as the cause.",
                         " Drafting that as our diagnosis; say if you read it differently."))
    return f"{title}: {basis}, {hedge} the cause is this: {sentence(cause)}{closer}"


def agree_with(title: str, who: str, cause_text: str, rand: random.Random) -> str:
    cause = lower_first(excerpt(cause_text, 10))
    return pick(rand, (
        f"Agree with {ROLE_NAMES[who]} on {title}: {sentence(cause)} My clues point the same way.",
        f"+1 to {ROLE_NAMES[who]}'s call on {title} ({cause}); that matches what I see.",
    ))


def doubt(title: str, who: str, their_text: str, mine_text: str, backing: Iterable[str],
          rand: random.Random) -> str:
    theirs = lower_first(excerpt(their_text, 10))
    mine = lower_first(excerpt(mine_text, 12))
    roles = listing([ROLE_NAMES[r] for r in sorted(backing)])
    return pick(rand, (
        f"{ROLE_NAMES[who]}, I'm not convinced on {title} that {theirs}. The clues "
        f"from {roles} point elsewhere: {sentence(mine)} Worth a second look before we commit?",
        f"Hmm, on {title}: {ROLE_NAMES[who]} has '{theirs}', but the {roles} clues say "
        f"{sentence(mine)} I won't change your draft; just flagging it.",
    ))


def response_gist(response: dict[str, Any]) -> str:
    """How a response is quoted in chat; its opening words mark that it was proposed."""
    return lower_first(excerpt(response["text"], 12, least=4))


def response_plan(title: str, response: dict[str, Any], why: str, rand: random.Random) -> str:
    text = response_gist(response)
    cost = sum(response["cost"].values())
    opener = pick(rand, (f"For {title} I'd go with: {text}",
                         f"Proposed response to {title}: {text}",
                         f"On {title}, let's {text}"))
    return f"{opener} ({cost} cr). {why}"


# --- money -----------------------------------------------------------------------------------


def funding_plan(quarter: int, items: Sequence[tuple[str, str, int]], keep: int, pool: bool,
                 rand: random.Random) -> str:
    """The team's purchases for the quarter, (initiative, level, price), the list cut short."""
    shown = [f"{name} to {level} ({amount} cr)" for name, level, amount in items[:3]]
    if len(items) > 3:
        rest = sum(a for _, _, a in items[3:])
        more = len(items) - 3
        shown.append(f"{more} more roadmap line{'s' if more > 1 else ''} ({rest} cr)")
    if pool:
        opener = pick(rand, (f"Funding for Q{quarter} from the team pool:",
                             f"Q{quarter} funding, straight from the pool:",
                             f"For Q{quarter} I'm funding from the team pool"))
        closer = pick(rand, (f" That leaves {keep} cr in the pool for upkeep and incidents.",
                             f" {keep} cr stays in the pool in case something breaks."))
    else:
        opener = pick(rand, (f"Funding for Q{quarter}, per the roadmap:",
                             f"Q{quarter} funding plan:",
                             f"For Q{quarter} we're funding"))
        closer = pick(rand, (" Co-owners, please put in your share; I've split it so nobody "
                             "runs dry.",
                             f" Everyone pledges their share; {keep} cr stays back across our "
                             "envelopes for upkeep and incidents.",
                             " I'll pledge my part now; shout if your envelope can't cover "
                             "yours."))
    return f"{opener} {listing(shown)}.{closer}"


def needs_share(owner: str, owed: Sequence[tuple[str, int]], rand: random.Random) -> str:
    items = listing([f"{name} ({amount} cr)" for name, amount in owed])
    total = sum(a for _, a in owed)
    return pick(rand, (
        f"{ROLE_NAMES[owner]}, this quarter's plan needs your share too: {items}. Without it "
        "those purchases bounce at resolution.",
        f"Heads up {ROLE_NAMES[owner]}: every owner has to chip in, and we need your share on "
        f"{items}, {total} cr in all. Can you pledge it?",
    ))


def short_of(initiative: str, gap: int, rand: random.Random) -> str:
    return pick(rand, (
        f"I'm {gap} cr short of my share for {initiative}. Could someone send me {gap} cr?",
        f"Can anyone spare {gap} cr? I can't cover my part of {initiative} otherwise.",
    ))


def sending(to: str, amount: int, what: str, keep: int, rand: random.Random) -> str:
    """A promise to transfer. "I'll still have N cr" is how the bot later knows it paid."""
    opener = pick(rand, (f"Sure, {ROLE_NAMES[to]}", f"No problem, {ROLE_NAMES[to]}",
                         f"{ROLE_NAMES[to]}, got it"))
    purpose = f" for {what}" if what else ""
    return f"{opener}: sending you {amount} cr{purpose}. I'll still have {keep} cr."


def cannot_send(to: str, amount: int, have: int, quarter: int, rand: random.Random) -> str:
    if quarter == 0:
        return (f"{ROLE_NAMES[to]}, nobody has credits during setup: the first budget arrives "
                "in Q1. Ask again then and I'll see what I can spare.")
    return pick(rand, (
        f"Sorry {ROLE_NAMES[to]}, I can't spare {amount} cr: I hold {have} cr and my own lines "
        "need it.",
        f"{ROLE_NAMES[to]}, I only have {have} cr and it's committed. Maybe the others can help?",
    ))


_PROMISE = re.compile(r"sending you (\d+) cr(?: for [^.]*)?\. I'll still have (\d+) cr")


def promise_in(text: str) -> tuple[int, int] | None:
    """(amount, kept) if the text is one of this module's transfer promises."""
    m = _PROMISE.search(text)
    return (int(m.group(1)), int(m.group(2))) if m else None


# --- understanding people --------------------------------------------------------------------

_REQUEST = re.compile(
    r"\b(?:send|transfer|move|give|spare|lend|need|short)\b[^.?!]*?\b(\d{1,3})\s*(?:cr|credits?)\b",
    re.IGNORECASE,
)


def credit_request(text: str) -> int | None:
    """The amount a message asks for ("can you send me 4 cr?"), or None."""
    m = _REQUEST.search(text)
    if m is None:
        return None
    amount = int(m.group(1))
    return amount if 1 <= amount <= 100 else None


def named_roles(text: str, roles: Iterable[str]) -> list[str]:
    """The seats a message names ("DataOps, could you...")."""
    lower = text.lower()
    return [r for r in roles if ROLE_NAMES[r].lower() in lower]


_STOP = {"the", "a", "an", "and", "or", "of", "to", "in", "on", "is", "was", "it", "its",
         "for", "with", "by", "from", "that", "this", "no", "not", "our", "we", "be", "are"}


# "not the code", "isn't the feed", "no schema change": what follows, to the clause's end.
_RULED_OUT = re.compile(r"\b(?:not|no|isn't|wasn't|never|rather than|instead of)\b[^,.;!?]*")


def mentioned_diagnosis(text: str, incident: dict[str, Any]) -> str | None:
    """The diagnosis a message proposes for an incident, by id or by its distinctive words.

    What the message rules out is not a proposal ("the data, not the code"), and an id that
    is an everyday word ("code", "drift") counts only where the words match too."""
    lower = _RULED_OUT.sub(" ", text.lower())
    words = set(re.findall(r"[a-z][a-z-]+", lower))
    best, best_score = None, 0.0
    for option in incident["diagnoses"]:
        ident = str(option["id"]).lower()
        if re.search(r"[-_0-9]", ident) and re.search(rf"\b{re.escape(ident)}\b", lower):
            return str(option["id"])
        keys = {w for w in re.findall(r"[a-z][a-z-]+", option["text"].lower())
                if w not in _STOP and len(w) > 3}
        if not keys:
            continue
        score = len(keys & words) / len(keys)
        if score > best_score:
            best, best_score = str(option["id"]), score
    return best if best_score >= 0.4 else None
