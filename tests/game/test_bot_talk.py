"""Bot chat says whole sentences: a long text is cut only between clauses, never mid-clause
("…drift), and. I'll put …"), over every shipped scenario and many generated lines."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest

from triops.game.bots import assist, talk
from triops.game.bots.driver import bot_game
from triops.game.model.state import GameSettings
from triops.game.rules.artefact_rules import MAX_REASON
from triops.game.rules.seat_rules import MAX_CHAT
from triops.game.scenario.model import Scenario
from triops.scenarios import load_all_scenarios

SCENARIOS = load_all_scenarios()
# A word a sentence cannot end on: it promises more ("… and.", "… of the.").
DANGLING_END = re.compile(r"\b(and|or|but|nor|the|a|an|of|while|whose|than)[.!?]"
                          r"(\s|$)", re.IGNORECASE)
CUT_CLAUSE = re.compile(r"[,;:]\s*(and|or|but|so|then)\s*[.;:!?…]", re.IGNORECASE)


def mid_clause(line: str) -> str | None:
    """Why a bot line is not made of whole sentences, or None."""
    if CUT_CLAUSE.search(line):
        return "a clause cut after its conjunction"
    if "…" in line:
        return "an ellipsis: text cut off"
    if DANGLING_END.search(line):
        return "a sentence ending on a word that promises more"
    if line.count("(") != line.count(")"):
        return "an unclosed bracket"
    return None


def incident_texts(scenario: Scenario) -> Iterator[tuple[str, str, str]]:
    """(title, kind, text) for every clue text (each variant), cause and response."""
    for inc in scenario.incidents.values():
        for clue in inc.clues:
            yield inc.title, "clue", clue.text
            for variant in getattr(clue, "variants", ()) or ():
                yield inc.title, "clue", variant.text
        for d in inc.diagnoses:
            yield inc.title, "cause", d.text
        for r in inc.responses:
            yield inc.title, "response", r.text


def test_the_reported_cut_is_gone() -> None:
    cause = ("Spending behaviour moved (data and concept drift), and with no monitoring, no "
             "retraining trigger and a twelve-month window, the fraud model kept judging "
             "last year's customers.")
    gist = talk.excerpt(cause, 14)
    assert gist == "Spending behaviour moved (data and concept drift)"
    line = talk.hypothesis("The Holiday Fraud Shift", cause, {"finops", "mlops"}, "dataops",
                           0.9, random.Random(1))
    assert ", and." not in line and mid_clause(line) is None


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_every_excerpt_of_every_shipped_text_is_a_whole_clause(scenario_id: str) -> None:
    for _title, _kind, text in incident_texts(SCENARIOS[scenario_id]):
        first = re.split(r"(?<=[.!?])\s", text.strip(), maxsplit=1)[0]
        for words in (6, 10, 12, 14):
            gist = talk.excerpt(text, words)
            start = re.sub(r"^Do (all of that|the same),? and ", "", first).rstrip(".,;: ")
            # a cut keeps the beginning: the opening words still mark what it quotes
            assert start.lower().startswith(gist.lower()), (text, gist)
            if len(gist) < len(start):  # cut: what is left is a whole clause
                assert talk.whole_clause(gist), (text, words, gist)
                assert mid_clause(talk.sentence(gist)) is None, (text, words, gist)


@pytest.mark.parametrize("scenario_id", sorted(SCENARIOS))
def test_the_lines_bots_build_from_shipped_texts_are_whole_sentences(scenario_id: str) -> None:
    rand = random.Random(7)
    lines: list[str] = []
    for title, kind, text in incident_texts(SCENARIOS[scenario_id]):
        for _ in range(3):  # the wording varies with the generator
            if kind == "clue":
                lines.append(talk.second(title, "DataOps", text, rand))
            elif kind == "cause":
                lines.append(talk.hypothesis(title, text, {"finops", "mlops"}, "dataops",
                                             0.9, rand))
                lines.append(talk.agree_with(title, "mlops", text, rand))
                lines.append(talk.doubt(title, "mlops", text, text, {"finops"}, rand))
                lines.append(assist.hypothesis(title, text, [text, text], 0.7, ["mlops"]))
                lines.append(assist.doubt(title, "mlops", text, text, "finops", "A clue.",
                                          False))
            else:
                option = {"text": text, "cost": {"finops": 3}}
                lines.append(talk.response_plan(title, option, "It is cheap.", rand))
    assert lines
    for line in lines:
        line = talk.within(line, MAX_CHAT)
        assert len(line) <= MAX_CHAT
        assert mid_clause(line) is None, line


def test_chat_in_many_all_bot_games_is_whole_sentences_within_the_limits() -> None:
    """Every shipped scenario, two seeds, bots of three levels: every chat line and every
    response reason is whole sentences, and fits what the rules accept."""
    count = 0
    for seed, (sid, scenario) in enumerate(sorted(SCENARIOS.items())):
        for levels in ({"t1": "expert", "t2": "competent"}, {"t1": "novice", "t2": "expert"}):
            table = bot_game(scenario, GameSettings(seed=seed + 1, team_names=("A", "B")),
                             levels)
            table.play_to_end()
            for team in table.state.teams:
                for message in team.chat:
                    count += 1
                    assert len(message.text) <= MAX_CHAT
                    assert mid_clause(message.text) is None, (sid, message.text)
                for incident in team.incidents:
                    reason = getattr(incident, "response_reason", "") or ""
                    assert len(reason) <= MAX_REASON
                    assert mid_clause(reason) is None, (sid, reason)
    assert count > 500


def test_a_long_message_loses_whole_sentences_only() -> None:
    text = "First part is here. " + "Second sentence goes on. " * 30 + "Last?"
    cut = talk.within(text, 100)
    assert len(cut) <= 100 and cut.endswith(".") and cut.startswith("First part is here.")


def test_a_long_hypothesis_keeps_its_question() -> None:
    """The question is what bots look for before asking again: cut away, a bot asked again
    every step (a workshop saw the same message 28 times in a minute)."""
    long = ("the nightly feature job silently dropped the regional stock feed after the "
            "partner changed its schema and nobody owned the contract between them " * 3)
    text = assist.hypothesis("Waste Climbs in Thirty Stores", long, [long, long], 0.7,
                             ["finops"], alternative=long, tellers=long, heard=False)
    assert len(text) <= MAX_CHAT
    assert "FinOps, what's your view?" in text
    short = assist.hypothesis("Waste", "a stale input", ["a clue"], 0.7, ["finops"],
                              alternative="a renamed event", tellers="the DataOps clue")
    assert "It could also be" in short and "tell them apart" in short


def test_what_a_message_rules_out_is_not_what_it_proposes() -> None:
    incident = {"diagnoses": [
        {"id": "code", "text": "a change to the re-ranking step in the new release"},
        {"id": "data", "text": "the partner feed dropped a field the model needs"}]}
    assert talk.mentioned_diagnosis("the drop travels with the data, not the code",
                                    incident) is None
    assert talk.mentioned_diagnosis("partner feed dropped a field, not the release",
                                    incident) == "data"
    assert talk.mentioned_diagnosis("I'd say the re-ranking step in the release",
                                    incident) == "code"
    chat_only = assist.doubt("T", "mlops", "a", "b", "dataops", "clue", False, drafted=False)
    assert "your draft" not in chat_only


def test_what_should_we_fund_asks_for_advice_not_for_credits() -> None:
    question = "DataOps, we have 53 cr and nothing due this quarter. What should we fund?"
    assert assist.intent(question, []) == ("advice", None)
    assert assist.intent("How many credits do you have?", []) == ("credits", None)
    assert assist.agrees("Yes, add them.")


def test_two_causes_that_open_alike_are_quoted_until_they_differ() -> None:
    a = ("The forecast is right in each region, but stock is allocated centrally from last "
         "year's split, so the regions that grew run short")
    b = ("The forecast is right in each region, but the marketplace partners' events arrive a "
         "day late, so the regions they serve look quieter than they are")
    text = assist.hypothesis("Stock-outs", a, ["a clue"], 0.7, ["finops"], alternative=b)
    assert "allocated centrally" in text and "partners' events" in text


def test_an_incident_named_by_a_short_name_is_the_one_answered() -> None:
    incidents = [{"id": "1", "title": "Stock-Outs in the Growing Regions"},
                 {"id": "2", "title": "The Chatbot Promised a Refund"},
                 {"id": "3", "title": "The CV Screen Nobody Reviewed"}]
    assert [i["id"] for i in assist.incidents_named("what about the stock-outs?",
                                                    incidents)] == ["1"]
    assert [i["id"] for i in assist.incidents_named("your clue on the chatbot?",
                                                    incidents)] == ["2"]
    assert assist.intent("MLOps, why that response on the CV screen?", [],
                         [i["title"] for i in incidents]) == ("why", None)
    assert assist.intent("DataOps, what is your clue on the CV screen?", [],
                         [i["title"] for i in incidents]) == ("clue", None)


def test_a_reply_answers_the_offer_it_shares_most_words_with() -> None:
    """Two bots offered to notify on two incidents; "yes please notify on the CV screen"
    answers the one about the CV screen, not the latest offer that merely says notify. A
    request in a later sentence counts ("No symptom fix. FinOps, can you notify on it?"),
    a question does not."""
    chat = [
        {"sender": "finops", "text": "I'd notify on A Complaint About the CV Screen: a "
         "regulator's clock is running on it. MLOps, notify it yourself, or shall I?"},
        {"sender": "dataops", "text": "I'd notify on Stock-Outs North, Markdowns South: it is "
         "serious enough. MLOps, notify it yourself, or shall I?"},
        {"sender": "mlops", "text": "FinOps, yes please notify on the CV screen."},
    ]
    assert assist.answered(chat, ["mlops"], 2) == 0
    chat[2] = {"sender": "mlops", "text": "Yes."}
    assert assist.answered(chat, ["mlops"], 2) == 1  # a bare yes: the latest offer
    assert assist.agrees("No symptom fix for the CV screen. FinOps, can you notify on it now?")
    assert assist.agreeing_part("No symptom fix. FinOps, please notify on it.") == (
        "FinOps, please notify on it.")
    assert not assist.agrees("MLOps, why that response on the CV screen? Can you explain?")
    assert not assist.agrees("Please don't notify yet.")


def test_what_a_pledge_leaves_adds_up() -> None:
    """A newcomer read "That leaves 6 cr to find. Still missing among it: DataOps's 2 cr and
    MLOps's 2 cr" as sums gone wrong: the reply says how the rest splits."""
    from triops.game.bots.teammate.answers import what_is_left

    said = what_is_left(6, {"dataops": 2, "mlops": 2})
    assert said == (" That leaves 6 cr to find: 4 cr of it the owners' minimum shares still "
                    "missing (DataOps's 2 cr and MLOps's 2 cr), and 2 cr anyone may put in.")
    assert what_is_left(4, {"dataops": 2, "mlops": 2}).startswith(
        " That leaves 4 cr, the owners' minimum shares still missing")
    assert what_is_left(3, {}) == " That leaves 3 cr to find."
    assert what_is_left(0, {"mlops": 1}).startswith(" That covers it")


def test_a_draft_request_is_read_sentence_by_sentence() -> None:
    """"I drafted a roadmap and the charter. Please propose the standards" asked for the
    standards, and a bot replaced the person's roadmap with its own."""
    from triops.game.bots.assist import draft_request

    assert draft_request("I drafted a roadmap and the charter. Please propose the standards"
                         ) == {"standard"}
    assert draft_request("I wrote the charter; you draft the roadmap") == {"roadmap"}
    assert draft_request("Go ahead and draft everything.") == {"roadmap", "charter", "standard"}
    assert draft_request("Please draft the roadmap, the charter and the standards.") == {
        "roadmap", "charter", "standard"}
    assert draft_request("Don't draft the roadmap, I will.") == set()


def test_which_initiatives_should_we_fund_asks_for_advice() -> None:
    """"Which initiatives should we fund this quarter?" got "I'm not sure what you're
    asking"."""
    from triops.game.bots.assist import intent

    for text in ("Which initiatives should we fund this quarter?", "What should we fund?",
                 "which one should I buy?"):
        assert intent(text, [], []) == ("advice", None), text
