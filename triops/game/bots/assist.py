"""What an assisting bot understands of a person's chat, and how it proposes and answers.

A bot in a team with a person (mode "assist", the default for such teams) proposes and asks
rather than decides: it suggests roadmap lines, charter terms and standards in chat, posts
its clues and hypotheses and waits for the person's view, and answers what the person asks.
Understanding is rule-based: a message is read for a few simple intents (a question about a
clue, a co-funding request, a question about credits, "why?", a request to draft, agreement);
anything else that looks like a question gets an honest "this is what I can answer".

Every answer quotes the opening of the question it answers, so a bot can tell from the chat
alone which questions it has answered (bots keep no memory of their own).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from triops.game.bots.talk import excerpt, listing, lower_first, sentence, short_name
from triops.game.model.vocab import ROLE_NAMES
from triops.game.rules.seat_rules import MAX_CHAT

_AGREE = re.compile(r"\b(yes|yep|yeah|ok|okay|agreed?|go ahead|do it|sounds good|fine|sure|"
                    r"makes sense|go for it|please do|lgtm|fair enough|right|"
                    r"add (?:them|those|it))\b", re.IGNORECASE)
_NEGATE = re.compile(r"\b(no|not|nope|don'?t|disagree|wait|hold on|stop|never)\b|n't\b",
                     re.IGNORECASE)
_DRAFT = re.compile(r"\b(draft|write|set up|put (it |them )?in|propose|fill in|go ahead|"
                    r"do it|you do|please do|take care of|handle)\b", re.IGNORECASE)
_TOPICS = {"roadmap": re.compile(r"\broadmap\b", re.IGNORECASE),
           "charter": re.compile(r"\b(charter|committee)\b", re.IGNORECASE),
           "standard": re.compile(r"\bstandards?\b", re.IGNORECASE)}
_EVERYTHING = re.compile(r"\b(everything|all of (it|them)|all three|the lot|(it|them) all)\b",
                         re.IGNORECASE)
_ADVICE = re.compile(r"\b(?:what|which)(?: (?:initiatives?|lines?|levels?|ones?))? (should|shall|"
                     r"could|do) we (fund|buy|invest in|spend (it )?on|add)\b|"
                     r"\b(?:what|which)(?: (?:initiatives?|ones?))? (to|should I) (fund|buy)\b",
                     re.IGNORECASE)
_PLAN_WORDS = re.compile(r"\b(responses?|plans?|fix(es)?|options?|initiatives?|roadmap)\b",
                         re.IGNORECASE)
_WHY = re.compile(r"\bwhy\b|\bhow come\b|\breason\b", re.IGNORECASE)
_COFUND = re.compile(r"\b(co-?fund\w*|fund|chip in|pledge|contribute|help (?:to )?pay|"
                     r"pay (?:for|towards?)|put (?:some )?(?:money|credits|cr) (?:in|into|on))\b",
                     re.IGNORECASE)
_CLUE = re.compile(r"\b(clues?|seeing|see|saw|evidence|signals?|noticed?|observ\w*|"
                   r"what do you (?:think|make))\b", re.IGNORECASE)
_CLUE_STRONG = re.compile(r"\b(clues?|evidence|incidents?)\b", re.IGNORECASE)
_QUARTER = re.compile(r"\bQ([0-9])\b", re.IGNORECASE)
_AP = re.compile(r"\b(?:AP|action points?)\b")
# "Can you check my roadmap?", "what do you think of the roadmap?", "is our draft OK?"
_REVIEW = re.compile(r"\b(?:check|review|look (?:at|over)|go over|think (?:of|about)|"
                     r"thoughts on|feedback on|opinion)\b.*\b(?:roadmap|draft)\b|"
                     r"\b(?:roadmap|draft)\b.*\b(?:ok|okay|good|right|fine|make sense|"
                     r"work|enough)\b", re.IGNORECASE)
_CREDITS = re.compile(r"\b(credits?|cr|budget|money|envelope|afford|spare|how much)\b",
                      re.IGNORECASE)
_IDS = re.compile(r"\bI(\d{1,2})\b")

ALL_TOPICS = tuple(_TOPICS)


_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
# A request is a yes to the offer it names: "FinOps, can you notify on it now?", "MLOps, you
# notify", or a bare "notify it" (a newcomer's replies to "notify it yourself, or shall I?"
# went unanswered).
_REQUEST = re.compile(r"\b(?:(?:can|could|would|will) you(?: please)?|please|(?<!did )(?<!have )"
                      r"(?<!why )(?<!do )you) (?:notify|draft|add|pledge|fund|propose|share|"
                      r"send|commit|go ahead|do (?:it|that))\b"
                      r"|(?:^|[,:]\s*)(?:notify|draft|add|commit) (?:it|them|that|on)\b",
                      re.IGNORECASE)


_INVESTIGATE = re.compile(r"\b(investigat\w*|dig (?:into|out|deeper)|look into)\b",
                          re.IGNORECASE)


def investigate_request(text: str) -> bool:
    """Whether a message asks a bot to investigate ("can you investigate your clue on X?")."""
    return bool(_INVESTIGATE.search(text)) and not _NEGATE.search(text)


def agreeing_part(text: str) -> str | None:
    """The first sentence of a message that says yes or asks for something without saying
    no: "No symptom fix. FinOps, please notify on it." agrees in its second sentence. A yes
    word in a question asks the others ("I think it is E. Agree?"): a bot once took that for
    a yes to its offer to notify; a request put as a question ("can you notify?") is one."""
    for part in _SENTENCE.split(text):
        said_yes = _AGREE.search(part) and not part.rstrip().endswith("?")
        if (said_yes or _REQUEST.search(part)) and not _NEGATE.search(part):
            return part
    return None


def declining_part(text: str) -> str | None:
    """The first sentence of a message that says no ("No symptom fix for the CV screen")."""
    for part in _SENTENCE.split(text):
        if _NEGATE.search(part):
            return part
    return None


def agrees(text: str) -> bool:
    """Whether a message says yes (or asks for something) in a sentence that does not say no."""
    return agreeing_part(text) is not None


def offers(text: str) -> bool:
    """Whether a bot's message asks the person something or offers to do something."""
    return "?" in text or 'say "' in text


def answered(chat: Sequence[dict[str, Any]], people: Iterable[str], n: int) -> int | None:
    """The bot message a person's reply at `n` answers: the latest bot question or offer
    before it. A bare "yes" says yes to that one, not to every suggestion above it."""
    people = set(people)
    asked = [k for k in range(n - 1, -1, -1)
             if chat[k]["sender"] not in people and offers(str(chat[k]["text"]))]
    # "Yes, please notify on the CV screen" answers the offer that shares most of its words
    # (notifying, and on the CV screen), even if another bot offered to notify on something
    # else since: a reply's own words pick its question when they can; a tie goes to the
    # latest.
    text = str(chat[n]["text"])
    words = {w for w in re.findall(r"[a-z]{5,}", (agreeing_part(text) or text).lower())
             if w not in ("please", "thanks", "agree", "agreed", "sounds", "could", "would")}
    shared = {k: len(words & set(re.findall(r"[a-z]{5,}", str(chat[k]["text"]).lower())))
              for k in asked}
    best = max(asked, key=lambda k: (shared[k], k), default=None)
    if best is not None and shared[best]:
        return best
    return asked[0] if asked else None


def draft_request(text: str) -> set[str]:
    """The artefacts a message asks the bots to draft ("please draft the roadmap"), sentence
    by sentence: "I drafted a roadmap and the charter. Please propose the standards" asks for
    the standards only (a bot took it for all three and replaced the person's roadmap)."""
    if _NEGATE.search(text):
        return set()
    asked: set[str] = set()
    for part in _SENTENCE.split(text):
        if not _DRAFT.search(part):
            continue
        if _EVERYTHING.search(part):
            return set(_TOPICS)
        asked |= {topic for topic, pattern in _TOPICS.items() if pattern.search(part)}
    return asked


def initiative_in(text: str, initiatives: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """The initiative a message names: by id (I4), by its conversational or full name, or by
    most of the distinctive words of its name."""
    inits = list(initiatives)
    m = _IDS.search(text)
    if m is not None:
        found = next((i for i in inits if i["id"] == f"I{m.group(1)}"), None)
        if found is not None:
            return found
    lower = text.lower()
    for init in inits:
        short = short_name(init).lower().removeprefix("the ")
        if short in lower or str(init["name"]).lower() in lower:
            return init
    words = set(re.findall(r"[a-z][a-z/-]+", lower))
    # An acronym chain names its initiative alone: "CI/CD" is "CI/CD/CT Pipeline Automation".
    for init in inits:
        chains = [k for k in re.findall(r"[a-z][a-z/-]+", str(init["name"]).lower()) if "/" in k]
        if any(k.startswith(w) for k in chains for w in words if "/" in w):
            return init
    best, best_score = None, 0.0
    for init in inits:
        keys = {w for w in re.findall(r"[a-z][a-z/-]+", str(init["name"]).lower())
                if len(w) > 3 and w not in ("with", "from", "for", "and", "the")}
        if keys:
            score = len(keys & words) / len(keys)
            if score > best_score:
                best, best_score = init, score
    return best if best_score >= 0.5 else None


_TITLE_STOP = {"the", "a", "an", "in", "on", "of", "and", "for", "to", "after", "with", "our"}


def incidents_named(text: str, incidents: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The incidents a message names: by full title, or by most of a title's distinctive
    words or one of them that no other incident's title shares ("the stock-outs", "the CV
    screen"), best match first."""
    lower = text.lower()
    words = set(re.findall(r"[a-z0-9][a-z0-9'-]+", lower))
    scored = []
    keys = {i["id"]: {w for w in re.findall(r"[a-z0-9][a-z0-9'-]+", str(i["title"]).lower())
                      if w not in _TITLE_STOP} for i in incidents}
    for inc in incidents:
        if str(inc["title"]).lower() in lower:
            scored.append((2.0, inc))
            continue
        mine = keys[inc["id"]]
        others = set().union(*(k for i, k in keys.items() if i != inc["id"])) if keys else set()
        own = {w for w in mine & words if w not in others and len(w) > 3}
        share = len(mine & words) / len(mine) if mine else 0.0
        if own or share >= 0.5:
            scored.append((share + (0.5 if own else 0.0), inc))
    return [inc for _, inc in sorted(scored, key=lambda pair: -pair[0])]


def intent(text: str, initiatives: Iterable[dict[str, Any]],
           incidents: Iterable[str] = ()) -> tuple[str, Any] | None:
    """What a person's message asks of the bots: ("why", None), ("cofund", initiative),
    ("clue", None), ("credits", None), ("ap", None), ("review", None) (check the roadmap),
    ("question", None), or None (not a question to us).

    A question that mentions a clue, the evidence or an incident (by its title, among
    `incidents`) asks for the clue answer, even when it also asks why: "why is it mostly
    compute? DataOps, what does your clue say?" wants the clue."""
    question = "?" in text
    asking = question or bool(re.search(r"\b(what|tell|share|show)\b", text, re.IGNORECASE))
    named = incidents_named(text, [{"id": str(n), "title": t} for n, t in enumerate(incidents)])
    if _WHY.search(text) and _PLAN_WORDS.search(text):
        return ("why", None)  # "why that response on the CV screen?" asks about the plan
    if asking and (_CLUE_STRONG.search(text) or named):
        return ("clue", None)
    if _REVIEW.search(text) and (question or re.search(r"\b(check|review|look|go over)\b",
                                                       text, re.IGNORECASE)):
        return ("review", None)  # before "what do you think", which asks for clues
    if _WHY.search(text):
        return ("why", None)
    if _COFUND.search(text):
        init = initiative_in(text, initiatives)
        if init is not None:
            return ("cofund", init)
    if _CLUE.search(text) and (question or re.search(r"\b(what|tell|share|show)\b", text,
                                                     re.IGNORECASE)):
        return ("clue", None)
    if _ADVICE.search(text):
        return ("advice", None)
    if _AP.search(text) and (question or re.search(r"\b(how|what|tell)\b", text,
                                                   re.IGNORECASE)):
        return ("ap", None)
    if _CREDITS.search(text) and (question or re.search(r"\b(how|what|tell)\b", text,
                                                        re.IGNORECASE)):
        return ("credits", None)
    return ("question", None) if question else None


def quarter_named(text: str) -> int | None:
    """The quarter a message names ("for Q5"), if any."""
    m = _QUARTER.search(text)
    return int(m.group(1)) if m else None


def quote(text: str) -> str:
    """The opening of a message, as an answer quotes it."""
    words = text.strip().split()
    head = " ".join(words[:6])
    head = head[:40].rstrip(" ,.;:?!")
    return f'"{head}…"' if len(words) > 6 or len(head) < len(" ".join(words[:6])) else (
        f'"{head}"')


def reply(to: str, question: str, answer: str) -> str:
    return f"{ROLE_NAMES[to]}, re {quote(question)}: {answer}"


# --- proposals in setup ------------------------------------------------------------------------


def organisation(description: str, title: str) -> str:
    """The organisation's name, as the scenario introduces it ("Marrowby's Market is a
    regional grocer ..."), or the scenario's title."""
    name = re.split(r"\s(?:is|are|was|has|runs|sells|makes|operates|serves)\s|[,.;:(]",
                    description.strip(), maxsplit=1)[0]
    # "Corvane Living sells furniture" has no "is": its name is the title's, before the colon.
    short = (title or "").split(":")[0].strip()
    if short and name.lower().startswith(short.lower()):
        return short
    return name if name and len(name.split()) <= 4 else (short or "us")



def roadmap_suggestion(org: str, first: Sequence[str], later: Sequence[str],
                       people: Sequence[str]) -> str:
    who = listing([ROLE_NAMES[p] for p in people])
    body = f"For {org}, I'd suggest a roadmap that starts Q1 with {listing(first)}"
    if later:
        body += f", then {listing(later)}"
    return (f"{body}. {who}, draft it your way on the roadmap tab, or say \"draft the "
            "roadmap\" and I'll put my suggestion in.")


def roadmap_put_in(lines: int, reason: str) -> str:
    return (f"I've put in the roadmap I suggested ({lines} lines), {reason}. Change any line "
            "you like.")


def charter_suggestion(charter: Any, people: Sequence[str]) -> str:
    from triops.game.bots.talk import MEMBER_NAMES, RIGHT_NAMES

    members = [MEMBER_NAMES.get(m, m) for m in charter.members]
    rights = [RIGHT_NAMES.get(r, r) for r in charter.decision_rights]
    who = listing([ROLE_NAMES[p] for p in people])
    return (f"For the governance committee charter I'd suggest: {listing(members)}, chaired by "
            f"{MEMBER_NAMES.get(charter.chair, charter.chair)}, meeting {charter.cadence}, "
            f"with risk tiering; decision rights: {listing(rights)}. {who}, write it on the "
            "charter tab, or say \"draft the charter\" and I'll write this up.")


def charter_put_in(reason: str) -> str:
    return f"I've written up the committee charter I suggested, {reason}. Edit it as you see fit."


def standard_suggestion(name: str, owner: str, people: Sequence[str]) -> str:
    who = listing([ROLE_NAMES[p] for p in people])
    return (f"I'd propose {name} as a standard, owned by {ROLE_NAMES[owner]}, as a policy to "
            f"start with. {who}, propose it yourself, or say \"propose the standards\" and I "
            "will.")


def standard_put_in(name: str, reason: str) -> str:
    return f"I've proposed {name} as a standard, {reason}."


def reason_for_drafting(asked: bool, people: Sequence[str]) -> str:
    who = listing([ROLE_NAMES[p] for p in people])
    if asked:
        return f"as {who} asked"
    return f"since {who} {'has' if len(people) == 1 else 'have'} had a fair share of setup"


# --- incidents ---------------------------------------------------------------------------------


def hypothesis(title: str, cause_text: str, clues: Sequence[str], confidence: float,
               people: Sequence[str], alternative: str = "", tellers: str = "",
               heard: bool = False) -> str:
    """My clue and a hedged reading, with the main alternative and what would tell them
    apart: until the person has shared what they see, never the answer announced."""
    cause = lower_first(excerpt(cause_text, 14))
    alt_words = 12
    if alternative and lower_first(excerpt(alternative, alt_words)) == cause:
        # Two causes that open alike ("the forecast is right in each region, but …"): quote
        # them long enough to differ, or the lean says the same thing twice.
        cause = lower_first(excerpt(cause_text, 40))
        alt_words = 40
    if heard:
        hedge = ("my best guess is" if confidence >= 0.6 else "it might be")
    else:  # the person's side is still missing: a lean, not a verdict
        hedge = "my lean is" if confidence >= 0.6 else "it might be"
    who = listing([ROLE_NAMES[p] for p in people])
    ask = f" {who}, what's your view? I won't draft a cause until you've had your say."
    quoted = list(dict.fromkeys(f"'{lower_first(excerpt(c, 14))}'" for c in clues))[:2]
    # The question is what the person answers and what the bots look for before asking
    # again, so it always stays: when the message would run long, the second clue goes,
    # then the first, then the alternative and what would tell them apart.
    out = ""
    for n in range(len(quoted), -1, -1):
        basis = (f"My clue{'s' if n > 1 else ''}: {'; '.join(quoted[:n])}. " if n else "")
        out = f"{title}: {basis}From what the team has shared, {hedge} that {sentence(cause)}"
        if len(out + ask) <= MAX_CHAT:
            break
    # "What would tell them apart" only beside an alternative: with one cause named there
    # is no "them" (a newcomer read it as a slip).
    for extra in (f" It could also be that "
                  f"{sentence(lower_first(excerpt(alternative, alt_words)))}"
                  if alternative else "", f" What would tell them apart: {tellers}."
                  if tellers and alternative else ""):
        if extra and len(out + extra + ask) <= MAX_CHAT:
            out += extra
    if len(out + ask) > MAX_CHAT:  # a cause too long to quote whole (never in the library)
        out = out[:MAX_CHAT - len(ask) - 1].rsplit(" ", 1)[0].rstrip(",;: ") + "…"
    return out + ask


def doubt(title: str, who: str, their_text: str, mine_text: str, clue_role: str,
          clue_text: str, mine: bool, drafted: bool = True) -> str:
    theirs = lower_first(excerpt(their_text, 10))
    other = lower_first(excerpt(mine_text, 12))
    source = "my clue" if mine else f"the {ROLE_NAMES[clue_role]} clue"
    leave = "I won't change your draft; worth" if drafted else "Worth"
    return (f"{ROLE_NAMES[who]}, I'd push back on {title}: that {theirs} doesn't fit "
            f"{source}, which says '{sentence(clue_text)}' That reads more like "
            f"{sentence(other)} {leave} a second look before we commit?")


def ruled_out(title: str, who: str, their_text: str, mine_text: str) -> str:
    theirs = lower_first(excerpt(their_text, 10))
    other = lower_first(excerpt(mine_text, 12))
    return (f"{ROLE_NAMES[who]}, I'd push back on {title}: that {theirs} is what the last "
            f"review ruled out, and it came back. What we've seen since reads more like "
            f"{sentence(other)} Worth another look before we commit?")


def funding_advice(quarter: int, lines: Sequence[str], people: Sequence[str],
                   held: int | None = None) -> str:
    who = listing([ROLE_NAMES[p] for p in people])
    idle = (f"We hold {held} cr and nothing on the roadmap is due this quarter; what is left "
            "above the carry-over cap lapses. ") if held is not None else ""
    return (f"{idle}I'd add to the roadmap for Q{quarter}: {listing(lines)}. {who}, add "
            "them on the roadmap tab yourself, or say \"add them\" and I will.")


def notify_proposal(title: str, urgent: bool, people: Sequence[str], can: bool = True) -> str:
    """The offer to notify; `can` says whether this seat could do it now (the AP and credits),
    so it never offers what it would then have to decline."""
    who = listing([ROLE_NAMES[p] for p in people])
    why = ("a regulator's clock is running on it" if urgent else
           "it is serious enough that the stakeholders should hear it from us")
    if not can:
        return (f"I'd notify on {title}: {why}. {who}, please notify it yourself (m on the "
                "incident): I've no action point to spare for it this quarter.")
    return (f"I'd notify on {title}: {why}. {who}, notify it yourself (m on the incident), or "
            "shall I?")


def committing(people: Sequence[str]) -> str:
    who = listing([ROLE_NAMES[p] for p in people])
    return (f"I'm drafting it now, since {who} {'has' if len(people) == 1 else 'have'} had a "
            "fair share of the quarter; change it if you disagree.")


def response_question(people: Sequence[str]) -> str:
    who = listing([ROLE_NAMES[p] for p in people])
    return f"{who}, OK to go ahead?"


# --- money -------------------------------------------------------------------------------------

_PLEDGES = re.compile(r"My pledges for Q(\d+): ([^.]*)\.")
_ITEM = re.compile(r"(\d+) cr to (.+)")
_ONE = re.compile(r"I'll pledge (\d+) cr to ([^(;.]+?) \(")
_BACK = re.compile(r"I'm taking back my \d+ cr on ([^:]+):")


def pledges_said(quarter: int, amounts: Sequence[tuple[str, int]],
                 ahead: Sequence[str] = ()) -> str:
    """What a bot pledged this quarter. `ahead` names the lines the roadmap puts in a later
    quarter: "as planned" beside those read as the bots ignoring the person's roadmap."""
    items = "; ".join(f"{amount} cr to {name}" for name, amount in amounts)
    total = sum(a for _, a in amounts)
    why = (f"; {listing(list(ahead))} ahead of the roadmap's quarter, since the money is "
           "there" if ahead else ", as planned")
    return f"My pledges for Q{quarter}: {items}. That's {total} cr from my envelope{why}."


def promises(texts: Iterable[str], names: dict[str, str]) -> dict[str, int]:
    """Initiative id -> credits this seat has said it will pledge (in its own chat, in
    order); a later "I'm taking back my ... on X" cancels what was said of X before it."""
    out: dict[str, int] = {}
    by_name = {v: k for k, v in names.items()}
    for text in texts:
        for m in _PLEDGES.finditer(text):
            for item in m.group(2).split("; "):
                hit = _ITEM.fullmatch(item.strip())
                if hit and hit.group(2) in by_name:
                    ident = by_name[hit.group(2)]
                    out[ident] = out.get(ident, 0) + int(hit.group(1))
        for m in _ONE.finditer(text):
            if m.group(2) in by_name:
                ident = by_name[m.group(2)]
                out[ident] = out.get(ident, 0) + int(m.group(1))
        for m in _BACK.finditer(text):
            if m.group(1) in by_name:
                out.pop(by_name[m.group(1)], None)
    return out


def taking_back(amount: int, name: str, reason: str) -> str:
    return f"I'm taking back my {amount} cr on {name}: {reason}."


def pledge_changed(said_amount: int, name: str, now: int, reason: str) -> str:
    return (f"I said I'd pledge {said_amount} cr to {name}, but {reason}; I'm pledging "
            f"{now} cr instead.")


def capabilities(titles: Sequence[str]) -> str:
    about = f"what my clues on {listing(list(titles))} say, " if titles else "my clues, "
    return (f"I'm not sure what you're asking. I can answer {about}how many credits and AP I "
            "hold and what they're for, whether I can co-fund an initiative (name it), why I "
            "proposed something, and check the roadmap; I draft the roadmap, charter or "
            "standards when you ask.")
