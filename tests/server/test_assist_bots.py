"""Bots that help a person learn (mode "assist"), on a real server over real WebSockets.

A team holds one person (FinOps) and two competent bots. The bots propose and ask in setup
and draft only when asked or once the person has had their share; they answer questions in
team chat from their own state, push back on a cause their clues contradict, and pledge
exactly what they announce. Every wait is on a condition of the person's view.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import Any

from tests.game.helpers import scripted
from tests.server.harness import create_game, join, running_server
from triops.client.transport import Connection
from triops.game.bots import assist
from triops.game.bots.casebook import Casebook
from triops.game.bots.talk import short_name
from triops.game.model.vocab import ROLE_NAMES

PERSON = "finops"
BOTS = ("dataops", "mlops")


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 120))


async def view_until(conn: Connection, check: Callable[[dict[str, Any]], Any],
                     timeout: float = 30.0) -> Any:
    """Read updates until the connection's view satisfies `check`; return what it returned."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        if conn.view is not None:
            found = check(conn.view)
            if found:
                return found
        left = deadline - loop.time()
        if left <= 0:
            raise TimeoutError("the view never got there")
        await conn.recv(left)


def chat(view: dict[str, Any], sender: str | None = None) -> list[str]:
    return [m["text"] for m in view["team"]["chat"] if m["kind"] == "chat"
            and (sender is None or m["sender"] == sender)]


def replies_to(view: dict[str, Any], bot: str, question: str) -> list[str]:
    prefix = f"FinOps, re {assist.quote(question)}"
    return [t for t in chat(view, bot) if t.startswith(prefix)]


async def ask(conn: Connection, bot: str, question: str) -> str:
    await conn.act({"type": "chat", "text": question})
    found = await view_until(conn, lambda v: replies_to(v, bot, question))
    print(f"{PERSON}: {question}\n{bot}: {found[-1]}")  # shown with pytest -s
    return str(found[-1])


async def mixed_team(server: Any, **options: Any) -> tuple[Connection, Connection]:
    fac, created = await create_game(server, teams=("Red",), bots="competent", **options)
    person, _ = await join(server, created["code"], "t1", PERSON, "Ana")
    await fac.act({"type": "start_game"})
    await view_until(person, lambda v: v["game"]["phase"] == "planning")
    return fac, person


async def drafted_to_q1(server: Any, say: str = "Go ahead and draft everything.",
                        **options: Any) -> tuple[Connection, Connection]:
    """A mixed team whose person asks the bots to draft everything, moved on to Q1."""
    fac, person = await mixed_team(server, **options)
    await person.act({"type": "chat", "text": say})
    await view_until(person, lambda v: v["team"]["roadmap"] and v["team"]["charter"] is not None)
    await to_q1(fac, person)
    return fac, person


async def to_q1(fac: Connection, person: Connection) -> None:
    """The person ends setup; the facilitator moves the game on to Q1's planning."""
    await person.act({"type": "ready", "ready": True})
    await view_until(person, lambda v: v["game"]["phase"] == "review")
    await view_until(fac, lambda v: v["game"]["phase"] == "review")
    await fac.act({"type": "advance"})
    await view_until(person, lambda v: v["game"]["quarter"] == 1
                     and v["game"]["phase"] == "planning")


def test_bots_suggest_in_setup_and_draft_only_when_asked_or_after_the_persons_share() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            _, person = await mixed_team(server)
            # The bots suggest every artefact in chat ...
            await view_until(person, lambda v: any("suggest a roadmap" in t for t in chat(v))
                             and any("charter I'd suggest" in t for t in chat(v))
                             and sum("I'd propose" in t for t in chat(v)) == 2)
            # ... and a question answered proves they have looked at the latest state: still
            # nothing drafted, nobody ready, the person's setup is theirs.
            why = await ask(person, "mlops", "MLOps, why that roadmap?")
            assert "prerequisites" in why
            team = person.view["team"]
            assert team["roadmap"] == [] and team["charter"] is None and team["standards"] == []
            assert not any(team["seats"][b]["ready"] for b in BOTS)
            org = assist.organisation(person.view["briefing"]["organisation"], "")
            assert org == "Marrowby's Market"  # the scenario's own organisation
            assert any(t.startswith(f"For {org}") for t in chat(person.view))
            # Asked, the roadmap drafter puts its suggestion in; the charter waits.
            await person.act({"type": "chat", "text": "Please draft the roadmap."})
            await view_until(person, lambda v: v["team"]["roadmap"]
                             and any("put in the roadmap" in t for t in chat(v)))
            assert person.view["team"]["charter"] is None
            assert person.view["team"]["roadmap_revisions"][-1]["by"] in BOTS
            # Once the person is done with setup, the bots fill in what is missing, say so,
            # and mark ready: setup resolves.
            await person.act({"type": "ready", "ready": True})
            await view_until(person, lambda v: v["game"]["phase"] == "review")
            team = person.view["team"]
            assert team["charter"] is not None and len(team["standards"]) == 2
            setup_chat = [m["text"] for m in team["chat"] if m["quarter"] == 0]
            assert any("fair share of setup" in t for t in setup_chat)
    run(scenario())


def test_full_mode_keeps_bots_drafting_at_once() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            _, person = await mixed_team(server, bot_mode="full")
            await view_until(person, lambda v: v["team"]["roadmap"]
                             and v["team"]["charter"] is not None
                             and all(v["team"]["seats"][b]["ready"] for b in BOTS))
    run(scenario())


def _co_owned(view: dict[str, Any]) -> dict[str, Any]:
    return next(i for i in view["team"]["initiatives"] if "dataops" in i["owners"]
                and i["next"] is not None and not i["needs_charter"]
                and not i["prerequisites"])


def test_bots_answer_questions_and_pledge_exactly_what_they_say() -> None:
    async def scenario() -> None:
        async with running_server() as server:
            fac, person = await drafted_to_q1(server)
            # Credits: the answer is the bot's envelope as the person's view shows it with the
            # answer (`ask` stops at the first view holding it; nobody else acts meanwhile).
            reply = await ask(person, "dataops", "DataOps, how many credits do you have?")
            held = int(re.search(r"I hold (\d+) cr", reply).group(1))  # type: ignore[union-attr]
            assert held == person.view["team"]["budget"]["envelopes"]["dataops"], reply
            # Action points: what it holds now, as the view shows it (a newcomer's "how many
            # AP do you have left?" got "I'm not sure what you're asking").
            reply = await ask(person, "dataops", "DataOps, how many AP do you have left?")
            have = int(re.search(r"I have (\d+) AP", reply).group(1))  # type: ignore[union-attr]
            assert have == person.view["team"]["seats"]["dataops"]["ap"], reply
            # What to fund: the roadmap's lines still to buy come first, by name.
            advice = await ask(person, "mlops", "MLOps, what should we fund first?")
            assert "I'm not sure" not in advice, advice
            # Co-funding: the bot says an amount and pledges exactly that much.
            target = _co_owned(person.view)
            before = target["next"]["pledges"].get("dataops", 0)
            question = f"DataOps, could you co-fund {target['name']}?"
            reply = await ask(person, "dataops", question)
            said = re.search(r"I'll pledge (\d+) cr to", reply)
            if said is not None:
                amount = int(said.group(1))
                assert f"to {short_name(target)} (" in reply

                def pledged_now(v: dict[str, Any]) -> int | None:
                    init = next(i for i in v["team"]["initiatives"] if i["id"] == target["id"])
                    got = init["next"]["pledges"].get("dataops", 0) if init["next"] else 0
                    return got if got >= before + amount else None
                assert await view_until(person, pledged_now) == before + amount
            else:
                assert "I can't" in reply or "already" in reply
            # Why: an honest answer, never a blank.
            why = await ask(person, "mlops", "MLOps, why?")
            assert len(why) > 40
            # An unclear question gets what the bot can answer.
            unclear = await ask(person, "mlops", "MLOps, what about the weather?")
            assert "I can answer" in unclear
            # By the end of the quarter every bot has pledged what it said, to the credit.
            await person.act({"type": "ready", "ready": True})
            await view_until(person, lambda v: v["game"]["phase"] == "review")
            await view_until(fac, lambda v: v["game"]["phase"] == "review")
            view = {"team": fac.view["teams"][0]}
            names = {i["id"]: short_name(i) for i in view["team"]["initiatives"]}
            announced = 0
            for bot in BOTS:
                promised = assist.promises(
                    [m["text"] for m in view["team"]["chat"]
                     if m["sender"] == bot and m["kind"] == "chat" and m["quarter"] == 1],
                    names)
                pledges: dict[str, int] = {}
                for entry in view["team"]["ledger"]:
                    if entry["kind"] == "pledge" and entry["by"] == bot \
                            and entry["quarter"] == 1:
                        ident = entry["detail"]["initiative"]
                        pledges[ident] = pledges.get(ident, 0) + entry["detail"]["amount"]
                    if entry["kind"] == "unpledge" and entry["by"] == bot \
                            and entry["quarter"] == 1:
                        pledges.pop(entry["detail"]["initiative"], None)
                assert pledges == promised, (bot, chat(view, bot))
                announced += len(promised)
            assert announced  # the bots did announce pledges this quarter
    run(scenario())


def _bot_pledges(view: dict[str, Any], bot: str, quarter: int, ident: str) -> int:
    """What a bot has pledged to an initiative this quarter, by the ledger (a take-back
    cancels it)."""
    total = 0
    for entry in view["ledger"]:
        if entry["by"] != bot or entry["quarter"] != quarter or \
                entry["detail"].get("initiative") != ident:
            continue
        if entry["kind"] == "pledge":
            total += entry["detail"]["amount"]
        elif entry["kind"] == "unpledge":
            total = 0
    return total


def test_a_bot_with_spare_credits_says_yes_to_co_funding_and_pledges_exactly_that() -> None:
    """Asked to co-fund, a bot with credits to spare says yes with an amount and pledges
    exactly that amount, at once; whatever it adds later it announces first."""
    async def scenario() -> None:
        async with running_server() as server:
            fac, person = await drafted_to_q1(server)
            # Cost tagging: FinOps (the person) and DataOps own it, and nobody has pledged
            # to it yet; DataOps holds more than its own lines and its reserve need.
            target = next(i for i in person.view["team"]["initiatives"] if i["id"] == "I1")
            assert "dataops" in target["owners"] and target["next"] is not None
            assert target["next"]["pledges"].get("dataops", 0) == 0
            reply = await ask(person, "dataops", f"DataOps, could you co-fund {target['name']}?")
            said = re.search(r": yes: I'll pledge (\d+) cr to (.+?) \(", reply)
            if said is None:
                # The bots' own parts came in first and all it lacks is the person's minimum
                # share: the bot asks for exactly that, and with it the line is bought.
                own = re.search(r"please pledge exactly your (\d+) cr", reply)
                assert own is not None, reply
                await person.act({"type": "pledge", "initiative": "I1",
                                  "amount": int(own.group(1))})
                await person.act({"type": "ready", "ready": True})
                await view_until(fac, lambda v: v["game"]["phase"] == "review")
                assert any(e["kind"] == "initiative_funded" and e["quarter"] == 1
                           and e["detail"]["initiative"] == "I1"
                           for e in fac.view["teams"][0]["ledger"])
                return
            amount = int(said.group(1))
            assert amount >= 1 and said.group(2) == short_name(target)

            def pledged(v: dict[str, Any]) -> int:
                init = next(i for i in v["team"]["initiatives"] if i["id"] == "I1")
                return int(init["next"]["pledges"].get("dataops", 0)) if init["next"] else 0
            # It pledges what it said, no more and no less, while the person still plays ...
            assert await view_until(person, lambda v: pledged(v) or None) == amount
            # ... and what it said stands when the quarter resolves.
            await person.act({"type": "ready", "ready": True})
            await view_until(fac, lambda v: v["game"]["phase"] == "review")
            team = fac.view["teams"][0]
            first = next(e for e in team["ledger"] if e["kind"] == "pledge"
                         and e["by"] == "dataops" and e["detail"]["initiative"] == "I1")
            assert first["quarter"] == 1 and first["detail"]["amount"] == amount
            # Anything it adds later it says first ("My pledges for Q1: 1 cr to cost
            # tagging"): what it said of cost tagging, in all, is what it pledged.
            promised = assist.promises(
                [m["text"] for m in team["chat"]
                 if m["sender"] == "dataops" and m["kind"] == "chat" and m["quarter"] == 1],
                {i["id"]: short_name(i) for i in team["initiatives"]})
            assert promised.get("I1", 0) >= amount
            assert _bot_pledges(team, "dataops", 1, "I1") == promised["I1"]
    run(scenario())


def test_a_bot_pushes_back_on_a_cause_its_clue_contradicts() -> None:
    scenario_data = scripted(R1=[1])

    async def scenario() -> None:
        async with running_server(scenarios={scenario_data.id: scenario_data}) as server:
            _, person = await drafted_to_q1(server, "Yes, go ahead and draft everything.",
                                            scenario=scenario_data.id)
            book = Casebook.of(scenario_data)

            def contradicted(v: dict[str, Any]) -> Any:
                """A cause the shared clues speak against, once a bot asks for the view."""
                if v["game"]["quarter"] != 1 or v["game"]["phase"] != "planning":
                    return None
                if not any("what's your view" in t for t in chat(v)):
                    return None
                for inc in v["team"]["incidents"]:
                    best, p, _ = book.best_guess(inc)
                    if best is None or p < 0.6:
                        continue
                    for d in inc["diagnoses"]:
                        against = [c for c in inc["clues"] if c["role"] in BOTS
                                   and book.speaks_for(inc, c, best)
                                   and not book.speaks_for(inc, c, d["id"])]
                        if d["id"] != best and against:
                            return inc, d["id"], against
                return None

            incident, wrong, against = await view_until(person, contradicted, 60)
            # Waiting for the person: nothing is drafted yet.
            assert incident["diagnosis"] is None
            await person.act({"type": "diagnose", "incident": incident["id"],
                              "diagnosis": wrong})
            pushback = await view_until(person, lambda v: [
                t for t in chat(v) if "push back" in t and incident["title"] in t])
            print(f"{PERSON} drafts {wrong}\nbot: {pushback[0]}")  # shown with pytest -s
            assert any(c["text"].rstrip(".") in pushback[0] for c in against)
            inc = next(i for i in person.view["team"]["incidents"] if i["id"] == incident["id"])
            assert inc["diagnosis"] == wrong and inc["diagnosis_by"] == PERSON
    run(scenario())


def test_a_bot_that_has_marked_ready_still_answers_a_person() -> None:
    """Bots marked ready answer a person's question in team chat, and stay ready. A second
    team's person keeps the quarter open, so the first team's person can be done, see their
    bots mark ready, take their own ready back and ask."""
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, teams=("Red", "Blue"), bots="competent")
            person, _ = await join(server, created["code"], "t1", PERSON, "Ana")
            other, _ = await join(server, created["code"], "t2", PERSON, "Bo")
            await fac.act({"type": "start_game"})
            await view_until(person, lambda v: v["game"]["phase"] == "planning")
            await person.act({"type": "ready", "ready": True})
            await view_until(person, lambda v: all(v["team"]["seats"][b]["ready"] for b in BOTS))
            await person.act({"type": "ready", "ready": False})
            reply = await ask(person, "mlops", "MLOps, how many credits will we get in Q1?")
            assert reply
            assert all(person.view["team"]["seats"][b]["ready"] for b in BOTS)
            assert person.view["game"]["phase"] == "planning"
            await other.close()
    run(scenario())


def test_a_question_about_a_clue_gets_the_clue_and_why_roadmap_gets_the_roadmap() -> None:
    """A question that mentions a clue gets that seat's clue answer, even when it also asks
    why; "why that roadmap for Q2?" explains Q2's roadmap lines; the seat named answers."""
    scenario_data = scripted(R1=[1])

    async def scenario() -> None:
        async with running_server(scenarios={scenario_data.id: scenario_data}) as server:
            _, person = await drafted_to_q1(server, "Yes, go ahead and draft everything.",
                                            scenario=scenario_data.id)
            title = next(i["title"] for i in person.view["team"]["incidents"])
            clue = await ask(person, "dataops", "So why is it mostly compute? DataOps, what "
                             "does your clue say about what writes or copies into it?")
            assert f"on {title} my clue" in clue or f"on {title} I hold no clue" in clue
            assert "roadmap has" not in clue
            plain = await ask(person, "mlops", "MLOps, what does your clue say?")
            assert f"on {title}" in plain
            why = await ask(person, "mlops", "MLOps, why that roadmap for Q2?")
            assert "for Q2 the roadmap has" in why, why
            assert "haven't proposed anything" not in why
    run(scenario())


def test_novice_bots_beside_a_person_still_talk_in_setup() -> None:
    """A novice bot's slip has nothing to act on in setup (no clues yet); it must then play
    its turn and answer, not stay silent for the whole phase."""
    async def scenario() -> None:
        async with running_server() as server:
            for seed in (1, 2, 3):
                fac, created = await create_game(server, teams=("Red",), bots="novice",
                                                 seed=seed)
                person, _ = await join(server, created["code"], "t1", PERSON, "Ana")
                await fac.act({"type": "start_game"})
                await view_until(person, lambda v: v["game"]["phase"] == "planning")
                for bot in BOTS:
                    answer = await ask(person, bot,
                                       f"{ROLE_NAMES[bot]}, how many credits do you have?")
                    assert "credits" in answer
                await person.close()
                await fac.close()
    run(scenario())


def test_a_bare_yes_answers_the_latest_suggestion_only() -> None:
    """Three suggestions in chat, then "yes": the person said yes to the last one asked,
    not to every artefact above it (a "yes" used to draft the roadmap, the charter and
    both standards at once)."""
    async def scenario() -> None:
        async with running_server() as server:
            _, person = await mixed_team(server)
            await view_until(person, lambda v: any("suggest a roadmap" in t for t in chat(v))
                             and any("charter I'd suggest" in t for t in chat(v))
                             and sum("I'd propose" in t for t in chat(v)) == 2)
            latest = [t for t in chat(person.view) if assist.offers(t)][-1]
            await person.act({"type": "chat", "text": "yes"})
            drafted = ("roadmap" if "suggest a roadmap" in latest else
                       "charter" if "charter I'd suggest" in latest else "standards")

            def done(v: dict[str, Any]) -> bool:
                return bool(v["team"][drafted])

            await view_until(person, done)
            await ask(person, "mlops", "MLOps, why that roadmap?")  # the bots have caught up
            team = person.view["team"]
            others = {"roadmap": bool(team["roadmap"]), "charter": team["charter"] is not None,
                      "standards": bool(team["standards"])}
            others.pop(drafted)
            if drafted == "standards":
                assert len(team["standards"]) == 1
            assert not any(others.values()), (latest, others)
    run(scenario())


def test_why_that_response_and_why_those_initiatives_get_answers_about_them() -> None:
    scenario_data = scripted(R1=[1])

    async def scenario() -> None:
        async with running_server(scenarios={scenario_data.id: scenario_data}) as server:
            _, person = await drafted_to_q1(server, "Please draft everything.",
                                            scenario=scenario_data.id)
            title = person.view["team"]["incidents"][0]["title"]
            await view_until(person, lambda v: any("what's your view" in m for m in chat(v)))
            await person.act({"type": "chat", "text": "Yes, agreed."})
            await view_until(person, lambda v: any(m.startswith(f"On {title}, I'd")
                                                   for m in chat(v)), 60)
            plan = await ask(person, "mlops", "MLOps, why that response?")
            assert f"on {title}, " in plan and " cr): " in plan, plan
            lines = await ask(person, "mlops", "MLOps, why those initiatives?")
            assert "roadmap has" in lines or "for Q1" in lines, lines
    run(scenario())
