"""The end of the game: the summary opens by itself, with the host's debrief when given."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from textual.widgets import Static

from tests.client.live import LiveApp, LiveGame, run, screen_text, wait_until
from triops.client.player import TokenStore
from triops.client.player.screens.end import EndScreen


def test_the_end_screen_shows_outcome_objectives_and_the_report_path(tmp_path: Path) -> None:
    asked: list[Mapping[str, Any]] = []

    async def debrief(view: Mapping[str, Any]) -> Mapping[str, Any]:
        asked.append(view)
        return {"path": "/srv/reports/team-t1-red.html", "objectives": [
            {"id": "LO2", "title": "Analyse the challenges", "level": 3,
             "level_name": "proficient",
             "evidence": [{"quarter": 1, "decision": "pooled clues from 3 roles",
                           "consequence": "right diagnosis", "actor": "person",
                           "name": "Ada"},
                          {"quarter": 4, "decision": "Diagnosed a CV complaint",
                           "consequence": "wrong", "actor": "bot", "name": ""}]},
            {"id": "LO1", "title": "Develop a roadmap", "level": 1, "computed": 1,
             "level_name": "beginning",
             "criteria": [{"level": 2, "level_name": "developing", "met": False,
                           "text": "Half the spend follows the roadmap",
                           "measured": "31% of 80 cr"},
                          {"level": 2, "level_name": "developing", "met": True,
                           "text": "A roadmap drafted", "measured": "12 lines"}],
             "evidence": []}]}

    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"), debrief=debrief)
        async with app.run_test(size=(100, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await game.fac_act({"type": "start_game"})
            await game.fac_act({"type": "end_game"})
            await wait_until(pilot, lambda: isinstance(app.screen, EndScreen)
                             and "proficient" in screen_text(app), what="the end screen")
            text = screen_text(app)
            assert "Game over" in text and "outcome" in text and "rank 1 of 1" in text
            assert "LO2 ●●●○ proficient" in text
            # Who decided, as the report says it (the evidence's stored actor).
            assert "LO2 Q1: pooled clues from 3 roles (Ada) → right diagnosis" in text
            assert "LO2 Q4: Diagnosed a CV complaint (bot) → wrong" in text
            assert "/srv/reports/team-t1-red.html" in text
            # what kept a level down, from the report's own criteria (a tester at
            # "beginning" on LO1 found no reason on this screen)
            assert "What kept a level down" in text
            assert ("LO1 short of developing: Half the spend follows the roadmap (31% of 80 "
                    "cr)") in " ".join(text.split())
            assert "A roadmap drafted" not in text
            assert asked and asked[0]["game"]["phase"] == "ended"
            await pilot.press("escape")  # back to the game to look around
            assert not isinstance(app.screen, EndScreen)
    run(scenario())


def test_the_end_screen_counts_incidents_as_the_debrief_does(tmp_path: Path) -> None:
    """Each incident once, judged by its last diagnosis: an incident left open and judged
    every quarter is one incident, not one per quarter."""
    from triops.client.player.screens.end import tally_text

    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await game.fac_act({"type": "start_game"})
            for quarter in (0, 1, 2):  # nobody does anything: incidents stay open
                await game.to_phase("planning", quarter)
                await game.fac_act({"type": "force_resolve"})
                await game.to_phase("review", quarter)
                await game.fac_act({"type": "advance"})
            await game.to_phase("planning", 3)
            await game.fac_act({"type": "end_game"})
            await wait_until(pilot, lambda: isinstance(app.screen, EndScreen),
                             what="the end screen")
            tally = app.view["team"]["incident_tally"]
            judgements = sum(len(i["outcomes"]) for i in app.view["team"]["incidents"])
            assert tally["judged"] and judgements > tally["judged"]
            assert tally["right"] == 0 and tally["diagnosed"] == 0
            text = screen_text(app)
            assert tally_text(tally) in text
            assert f"diagnosed right 0 of {tally['judged']} judged" in text
    run(scenario())


def test_the_review_and_the_end_screen_name_the_real_case_behind_each_incident(
        tmp_path: Path) -> None:
    """The quarter's review names, under the incident it resolved, the real case or framework
    it draws on, marked reported or composite; an incident still open shows none. The end
    screen lists every incident of the game with its case."""
    from tests.client.test_snapshots import quarter_one_resolved, settle_screen

    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(140, 60)) as pilot:
            await quarter_one_resolved(pilot, app)  # pinned scenario: R3 resolved, X1 open
            await settle_screen(pilot)
            await wait_until(pilot, lambda: "Drawn from (composite)" in screen_text(app),
                             what="the case under the resolved incident")
            review = screen_text(app)
            assert "Drawn from (composite): Built on 'undeclared consumers'" in review
            assert "Milkie Way" not in review  # X1 is still open: its case is not sent
            await game.fac_act({"type": "end_game"})
            await wait_until(pilot, lambda: isinstance(app.screen, EndScreen))
            screen = app.screen
            assert isinstance(screen, EndScreen)
            cases = screen.query_one("#end-cases")
            screen.query_one("VerticalScroll").scroll_to_widget(cases, animate=False)
            await wait_until(pilot, lambda: "Debrief: each incident, its cause and the real "
                             "case" in screen_text(app), what="the debrief cards on the end screen")
            # the cards are longer than the screen: read what the widget holds (it scrolls)
            text = cases.content.plain if isinstance(cases, Static) else ""
            assert "The Unallocated Warehouse Line" in text and "The Weekend Bill Spike" in text
            assert "The real case: Reported by the founder's post-mortem" in text
            # each card: the true cause, the team's call and every plan judged against it
            assert "What it was:" in text and "The plans, against this cause:" in text
            assert "you made no diagnosis" in text  # X1: nobody drafted a cause
            assert "treats this cause: it resolves the incident" in text
    run(scenario())


def test_the_end_screen_shows_all_five_objectives_when_the_debrief_comes_late(
        tmp_path: Path) -> None:
    """Solo's debrief arrives after the end screen opened with its two-line placeholder; the
    objectives block kept the placeholder's height and showed LO1 alone."""
    release = asyncio.Event()
    # Evidence as long as a real game's ("Left 42 cr unspent at the end of Q1 → 25 cr
    # carried over and 17 cr lapsed back to the organisation ..."), two per objective.
    long = ("carried over and lapsed back to the organisation, the carry-over cap being "
            "what it is, which a reader takes three lines to get through at this width")
    objectives = [{"id": f"LO{n}", "title": f"Objective {n}", "level": 2,
                   "level_name": "developing",
                   "evidence": [{"quarter": q, "decision": f"decision {n}.{q}",
                                 "consequence": long, "actor": "person", "name": "Ada"}
                                for q in (1, 2)]}
                  for n in range(1, 6)]

    async def debrief(view: Mapping[str, Any]) -> Mapping[str, Any]:
        await release.wait()
        return {"own": True, "bots": [], "objectives": objectives}

    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"), debrief=debrief)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await game.fac_act({"type": "start_game"})
            await game.fac_act({"type": "end_game"})
            await wait_until(pilot, lambda: isinstance(app.screen, EndScreen)
                             and "debrief report your facilitator" in str(
                                 app.screen.query_one("#end-objectives", Static).content),
                             what="the end screen with its placeholder")
            await pilot.pause()  # laid out with the placeholder
            release.set()
            block = app.screen.query_one("#end-objectives", Static)
            await wait_until(pilot, lambda: "Your own decisions" in str(block.content),
                             what="the debrief's objectives")
            lines = str(block.content).splitlines()
            # heading, note, the five levels together, then the evidence under its heading
            assert len(lines) == 2 + 5 + 1 + 10, lines
            assert [line.split()[0] for line in lines[2:7]] == [f"LO{n}" for n in range(1, 6)]
            await wait_until(pilot, lambda: block.size.height >= len(lines),
                             what=f"the block to grow to {len(lines)} lines (it has "
                                  f"{block.size.height})")
            text = "\n".join(strip.text for strip in block.render_lines(
                block.content_region.reset_offset))
            for n in range(1, 6):
                assert f"LO{n} ●●○○ developing" in text, text
            # ... and on one 80x24 screen together, the block scrolled to its top
            block.scroll_visible(top=True, animate=False)
            await pilot.pause(0.1)
            shown = screen_text(app)
            for n in range(1, 6):
                assert f"LO{n} ●●○○ developing" in shown, shown
    run(scenario())
