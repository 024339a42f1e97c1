"""The player's peer-review screen: it opens when a team presents, takes a review from the
keyboard, and shows the others' comments only once this player's review is in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.client.live import LiveApp, LiveGame, run, screen_text, wait_until
from tests.server.harness import settle
from triops.client.player import TokenStore
from triops.client.player.screens.review import ReviewScreen
from triops.client.transport import Connection
from triops.game.scoring.rubric import review_criteria


def marks(level: str, comment: str) -> list[dict[str, str]]:
    return [{"criterion": c.id, "level": level, "comment": comment}
            for c in review_criteria(True, False)]


def review(app: LiveApp) -> dict[str, Any]:
    return dict(app.view.get("review") or {})


def test_a_player_reviews_the_presenting_team_from_the_keyboard(tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(teams=("Red", "Blue", "Green"), bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(110, 44)) as pilot:
            await wait_until(pilot, lambda: app.view)
            cy = await Connection.open(game.url)
            await cy.request({"type": "join", "code": game.code, "team": "Green",
                              "role": "mlops", "name": "Cy"})
            await game.fac_act({"type": "start_game"})
            await game.fac_act({"type": "end_game"})
            await wait_until(pilot, lambda: app.view["game"]["phase"] == "ended")
            await pilot.press("v")  # before a round: a note, no screen
            assert not isinstance(app.screen, ReviewScreen)
            await game.fac_act({"type": "start_review", "mode": "team", "charter": True,
                                "standards": False})
            await game.fac_act({"type": "present_team", "team": "t2"})
            # The screen opens by itself: Blue presents, Red may review it.
            await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen)
                             and "Blue presents" in screen_text(app),
                             what="the review screen")
            await settle(cy, 0.1)
            await cy.act({"type": "submit_review", "team": "t2",
                          "marks": marks("exemplary", "Green loves the seams")})
            await wait_until(pilot, lambda: review(app)["others_hidden"] == 1,
                             what="Green's review counted")
            text = screen_text(app)
            assert "Green loves the seams" not in text
            assert "1 other review(s) are in" in text
            await pilot.press("ctrl+s")  # nothing picked yet: said, and nothing sent
            await wait_until(pilot, lambda: "Pick a level for Coverage" in screen_text(app),
                             what="the missing levels")
            for n in range(len(review(app)["criteria"])):
                await pilot.press("2", "tab")
                if n == 0:
                    await pilot.press(*"More KPIs")
                await pilot.press("tab")
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: "Your team's review of Blue is in"
                             in screen_text(app), what="the confirmation")
            sent = review(app)["mine"]
            assert sent["by"] == "Ada"
            assert {m["level"] for m in sent["marks"]} == {"developing"}
            assert sent["marks"][0]["comment"] == "More KPIs"
            # Both reviews are in: Blue's are closed, the others' comments and the results
            # show.
            await wait_until(pilot, lambda: "Green loves the seams" in screen_text(app),
                             what="the others' comments")
            assert review(app)["status"] == "closed"
            assert "Results: Blue" in screen_text(app)
            await pilot.press("escape")
            assert not isinstance(app.screen, ReviewScreen)
            # Red presents: the screen opens by itself and says Red is not the one to
            # review it (a workshop's presenting player saw only a passing toast).
            await game.fac_act({"type": "present_team", "team": "t1"})
            await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen),
                             what="the review screen for the presenting team")
            await pilot.press("escape")
            assert not isinstance(app.screen, ReviewScreen)
            await pilot.press("v")  # opens it again, from the end screen
            await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen),
                             what="the review screen again")
            await wait_until(pilot, lambda: "Your team is presenting" in screen_text(app),
                             what="Red presenting")
            await cy.close()
    run(scenario())
