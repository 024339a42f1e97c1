"""A seat plays a quarter through the real app against a real local server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.client.live import SCENARIO, LiveApp, LiveGame, run, screen_text, wait_until
from triops.client.player import TokenStore
from triops.client.player.panels.incidents import IncidentsPanel
from triops.client.player.screens.modals import ChoiceScreen, ConfirmScreen, TextScreen
from triops.scenarios import read_scenario


def seat(app: LiveApp, role: str = "dataops") -> dict[str, Any]:
    return app.view["team"]["seats"][role]


def incident(app: LiveApp) -> dict[str, Any]:
    return app.view["team"]["incidents"][0]


def test_a_seat_plays_a_full_quarter(tmp_path: Path) -> None:
    async def scenario() -> None:
        # The bots play fully here, so the client's whole quarter is exercised around them;
        # bots beside a person (assist) have their own tests in tests/server.
        game = LiveGame(bots="competent", bot_mode="full")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(100, 30)) as pilot:
            # join: the seat's view arrives and the token is kept for later
            await wait_until(pilot, lambda: app.view, what="the first view")
            assert app.view["you"]["role"] == "dataops"
            assert TokenStore(tmp_path / "player.json").find(game.url, game.code) is not None
            assert "Lobby" in screen_text(app)

            # setup (Q0): the bots draft the artefacts; the player marks ready from the summary
            await game.fac_act({"type": "start_game"})
            await game.bots_ready()
            await wait_until(pilot, lambda: app.view["game"]["phase"] == "planning"
                             and seat(app, "mlops")["ready"] and seat(app, "finops")["ready"])
            await pilot.press("r")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            assert "What your team will commit" in screen_text(app) or \
                "Roadmap:" in screen_text(app)
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.view["game"]["phase"] == "review",
                             what="the setup review")

            # Q1: an incident opens; the bots do their part first
            await game.fac_act({"type": "advance"})
            await game.bots_ready()
            await wait_until(pilot, lambda: app.view["game"]["quarter"] == 1
                             and seat(app, "mlops")["ready"] and seat(app, "finops")["ready"]
                             and app.view["team"]["incidents"], what="quarter 1")
            # the bot teammates talk in the chat beside the work
            bot_lines = [str(w.content) for w in app.query(".chat-line")
                         if "MLOps ⚙" in str(w.content) or "FinOps ⚙" in str(w.content)]
            assert bot_lines, "no bot teammate's message in the chat panel"
            await pilot.press("2")
            assert isinstance(app.screen.focused.parent, IncidentsPanel)  # type: ignore[union-attr]
            title = incident(app)["title"]
            assert title in screen_text(app)

            # investigate: spend an AP on a hidden clue of our own role
            clues_before = len(incident(app)["clues"])
            ap_before = seat(app)["ap"]
            await pilot.press("i")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
            await pilot.press("enter")  # the dialog starts on our own role's clue, the cheapest
            await wait_until(pilot, lambda: len(incident(app)["clues"]) > clues_before,
                             what="the investigated clue")
            assert seat(app)["ap"] == ap_before - 1  # our own role's clue: 1 AP

            # share a clue, then diagnose
            await pilot.press("s")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
            await pilot.press("enter")
            await wait_until(pilot, lambda: any(m.get("kind") == "clue" and m.get("sender")
                                                == "dataops" for m in app.view["team"]["chat"]),
                             what="the shared clue in chat")
            await pilot.press("d")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
            await pilot.press("down", "enter")
            await wait_until(pilot, lambda: incident(app)["diagnosis_by"] == "dataops",
                             what="our diagnosis")
            chosen = incident(app)["diagnosis"]
            assert chosen in {d["id"] for d in incident(app)["diagnoses"]}

            # respond: the first response the team can afford that the diagnosis allows (a
            # plan for a cause needs that cause diagnosed), with a one-line justification
            team = app.view["team"]
            spec = read_scenario(SCENARIO).incidents[incident(app)["id"].split("@")[0]]
            allowed = {r.id for r in spec.responses if not r.fits or chosen in r.fits}
            affordable = [n for n, r in enumerate(incident(app)["responses"])
                          if not r["missing"] and r["id"] in allowed
                          and all(team["seats"][k]["ap"] >= v for k, v in r["ap"].items())
                          and all(team["budget"]["envelopes"][k] >= v
                                  for k, v in r["cost"].items())]
            assert affordable, ("no response the team can afford",
                                {k: v["ap"] for k, v in team["seats"].items()},
                                team["budget"]["envelopes"],
                                [(r["ap"], r["cost"], r["missing"])
                                 for r in incident(app)["responses"]])
            await pilot.press("p")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
            await pilot.press(*["down"] * affordable[0], "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, TextScreen),
                             what="the justification")
            # It names the plan picked: counting Down presses had picked another one.
            named = app.screen.dialog_title  # type: ignore[attr-defined]
            assert named.startswith("Justify plan "), named
            number = int(named.removeprefix("Justify plan ").split(":")[0])
            picked = incident(app)["responses"][number - 1]
            assert " ".join(picked["text"].split()[:3]) in named, (named, picked["text"])
            assert f"You picked plan {number}: " in screen_text(app)
            await pilot.press(*"it treats the cause we agreed on")
            await pilot.press("enter")
            await wait_until(pilot, lambda: incident(app)["response_by"] == "dataops",
                             what="our response")
            assert incident(app)["response"] == picked["id"]
            assert incident(app)["reserved"]["cr"]
            assert all("steps" not in r and "class" not in r  # no tells before the review
                       for r in incident(app)["responses"])

            # fund: pledge to an initiative this seat owns
            await pilot.press("3")
            await pilot.press("f")
            await wait_until(pilot, lambda: app.screen.__class__.__name__ == "AmountScreen")
            await pilot.press("enter")  # the default: this owner's minimum share
            await wait_until(pilot, lambda: any(
                (i.get("next") or {}).get("pledges", {}).get("dataops")
                for i in app.view["team"]["initiatives"]), what="our pledge")

            # chat
            await pilot.press("c")
            await pilot.press(*"drift?", "enter")
            await wait_until(pilot, lambda: any(m["text"] == "drift?"
                                                for m in app.view["team"]["chat"]))
            await pilot.press("escape")
            assert "DataOps (you): drift" in screen_text(app)

            # ready: the summary shows what will be committed; the quarter resolves
            await pilot.press("r")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            summary = screen_text(app)
            assert title in summary and "Funding" in summary
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.view["game"]["phase"] == "review",
                             what="the quarter's review")

            # the report: every metric change with its causes; the diagnosis judged
            await wait_until(pilot, lambda: app.main.area == "report")
            assert "Quarter 1 report" in screen_text(app)
            # the whole report, including what sits below the fold
            text = "\n".join(str(w.render()) for w in app.query_one("#report-scroll").query("*"))
            assert "Metrics: every change and its causes" in text, text
            assert "drift toward the baseline" in text
            assert incident(app)["outcomes"][0]["diagnosis"] == chosen
    run(scenario())


def test_respond_before_a_diagnosis_says_to_diagnose_and_a_plan_for_another_cause_is_refused(
        tmp_path: Path) -> None:
    """A plan that treats a cause needs that cause diagnosed: the Respond dialog says so while
    the team has no diagnosis, and picking a plan for another cause than the diagnosis shows
    the server's refusal, with the way out, and drafts nothing."""
    from tests.client.test_snapshots import act, quarter_one

    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(140, 60)) as pilot:
            await quarter_one(pilot, app)
            await pilot.press("2")
            await pilot.press("p")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
            assert "The team has no diagnosis yet: diagnose first" in " ".join(
                screen_text(app).split())
            await pilot.press("escape")
            inc = app.view["team"]["incidents"][0]
            spec = read_scenario(SCENARIO).incidents[inc["id"].split("@")[0]]
            cause = inc["diagnoses"][0]["id"]
            await act(app, {"type": "diagnose", "incident": inc["id"], "diagnosis": cause})
            fits = {p.id: p.fits for p in spec.responses}
            other = next(n for n, r in enumerate(inc["responses"])
                         if fits[r["id"]] and cause not in fits[r["id"]])
            await pilot.press("p")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
            assert "no diagnosis yet" not in screen_text(app)
            await pilot.press(str(other + 1), "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, TextScreen))
            await pilot.press("enter")
            await wait_until(pilot, lambda: any(
                "treats another cause than the team's diagnosis" in n.message
                for n in app._notifications), what="the refusal")
            assert app.view["team"]["incidents"][0]["response"] is None
            # the plan for the diagnosed cause is accepted; a new call withdraws it, and says so
            fitting = next(r["id"] for r in inc["responses"] if cause in fits[r["id"]])
            await act(app, {"type": "respond", "incident": inc["id"], "response": fitting})
            assert app.view["team"]["incidents"][0]["response"] == fitting
            await act(app, {"type": "diagnose", "incident": inc["id"],
                            "diagnosis": next(c for c in fits[inc["responses"][other]["id"]])})
            await wait_until(pilot, lambda: any(n.title == "Plan withdrawn"
                                                for n in app._notifications),
                             what="the notice that the plan was withdrawn")
            assert app.view["team"]["incidents"][0]["response"] is None

    run(scenario())
