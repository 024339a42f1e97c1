"""The peer review of roadmaps from the console's keys, and its results on the projector."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable

from tests.client_facilitator.helpers import run, screen_text, wait_until
from tests.server.harness import KEY, join, running_server, settle, url
from triops.client.facilitator.app import FacilitatorApp
from triops.client.facilitator.modals import ConfirmScreen
from triops.client.facilitator.review import AssessScreen, StartReviewScreen
from triops.client.facilitator.sessions import Sessions
from triops.client.projector.app import ProjectorApp
from triops.client.transport import Connection
from triops.game.scoring.rubric import review_criteria

SIZE = (150, 45)


def marks(level: str, comment: str = "") -> list[dict[str, str]]:
    return [{"criterion": c.id, "level": level, "comment": comment}
            for c in review_criteria(True, True)]


def review(app: FacilitatorApp) -> dict[str, Any]:
    return dict((app.view or {}).get("review") or {})


def row(app: FacilitatorApp, team: str) -> dict[str, Any]:
    return next(t for t in review(app).get("teams", ()) if t["team"] == team)


def test_the_console_runs_a_review_round_and_the_projector_shows_the_results(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_server() as server:
            conn = await Connection.open(url(server))
            created = await conn.request({
                "type": "create_game", "key": KEY, "scenario": "retail-novice",
                "teams": ["Red", "Blue", "Green"], "seed": 5, "bots": "none"})
            await conn.close()
            code, token = created["code"], created["facilitator_token"]
            ada, _ = await join(server, code, "t1", "dataops", "Ada")
            bo, _ = await join(server, code, "t2", "dataops", "Bo")
            cy, _ = await join(server, code, "t3", "dataops", "Cy")
            app = FacilitatorApp(url(server), key=KEY, code=code, token=token,
                                 sessions=Sessions(tmp_path), reports_dir=tmp_path / "r")
            async with app.run_test(size=SIZE) as pilot:
                await wait_until(pilot, lambda: app.view is not None, what="the view")
                app.send({"type": "start_game"}, "start")
                await wait_until(pilot, lambda: (app.view or {})["game"]["phase"]
                                 == "planning", what="the start")
                app.send({"type": "end_game"}, "end")
                await wait_until(pilot, lambda: (app.view or {})["game"]["phase"] == "ended",
                                 what="the end")
                await pilot.press("6")
                await wait_until(pilot, lambda: "n starts one" in screen_text(app),
                                 what="the review pane")
                # n: the round, per team, the charter and standards on the form.
                await pilot.press("n")
                assert isinstance(app.screen, StartReviewScreen)
                # on or off in words, not by a checkbox's colour alone
                await wait_until(pilot, lambda: "the charter (LO4): on the form"
                                 in screen_text(app), what="the charter's setting in words")
                assert "the standards (LO5): on the form" in screen_text(app)
                await pilot.press("ctrl+s")
                await wait_until(pilot, lambda: len(review(app).get("teams", ())) == 3,
                                 what="the round")
                assert [c["id"] for c in review(app)["criteria"]][-2:] == ["charter",
                                                                          "standards"]
                # enter on the first row: Red presents.
                app.console_screen.query_one("#review-table", DataTable).focus()
                await pilot.press("enter")
                await wait_until(pilot, lambda: review(app).get("presenting") == "t1",
                                 what="Red presenting")
                await wait_until(pilot, lambda: "Red presents: 0 of 2 reviews in"
                                 in screen_text(app), what="the progress")
                for c in (ada, bo, cy):
                    await settle(c, 0.1)
                await bo.act({"type": "submit_review", "team": "t1",
                              "marks": marks("developing", "Q3 is thin")})
                await wait_until(pilot, lambda: row(app, "t1")["submitted"] == ["Blue"],
                                 what="Blue's review on the console")
                await wait_until(pilot, lambda: "Red presents: 1 of 2 reviews in"
                                 in screen_text(app), what="the progress")
                text = screen_text(app)
                assert "Blue" in text and "Green" in text  # in, and still to review
                # f: the facilitator's own assessment, from the keyboard.
                await pilot.press("f")
                assert isinstance(app.screen, AssessScreen)
                await pilot.press("ctrl+s")  # nothing picked: the form says what is missing
                assert "Pick a level for Coverage" in screen_text(app)
                for n in range(len(review(app)["criteria"])):
                    await pilot.press("3", "tab")  # a level, then into its comment
                    if n == 0:
                        await pilot.press(*"Clear phases")
                    await pilot.press("tab")
                await pilot.press("ctrl+s")
                await wait_until(pilot, lambda: bool(review(app).get("assessments")),
                                 what="the assessment saved")
                saved = review(app)["assessments"][0]
                assert saved["team"] == "t1"
                assert {m["level"] for m in saved["marks"]} == {"proficient"}
                assert saved["marks"][0]["comment"] == "Clear phases"
                # c: close Red's reviews before Green's is in.
                await pilot.press("c")
                assert isinstance(app.screen, ConfirmScreen)
                await pilot.press("y")
                await wait_until(pilot, lambda: review(app).get("status") == "closed",
                                 what="the reviews closed")
                await wait_until(pilot, lambda: "results shown" in screen_text(app),
                                 what="the closed row")
                assert "Q3 is thin" in screen_text(app)  # the results, comments included
            await ada.close()
            await bo.close()

            projector = ProjectorApp(url(server), code)
            async with projector.run_test(size=(120, 36)) as pilot:
                await wait_until(pilot, lambda: "Results: Red" in screen_text(projector),
                                 what="the results on the projector")
                text = screen_text(projector)
                assert "developing" in text and "proficient" in text
                assert "Blue: Q3 is thin" in text and "facilitator: Clear phases" in text
                print(text)  # the results screen, as text (pytest -s shows it)
                # Next team: the projector switches to Blue's presentation.
                fac = await Connection.open(url(server))
                await fac.send({"type": "facilitate", "code": code, "token": token})
                await fac.until(lambda m: m["type"] == "state")
                await fac.act({"type": "present_team", "team": "t2"})
                await wait_until(pilot, lambda: "Blue presents its roadmap"
                                 in screen_text(projector), what="Blue presenting")
                assert "Peer review: 0 of 2 reviews in" in screen_text(projector)
                await fac.close()
            await cy.close()

    run(scenario())
