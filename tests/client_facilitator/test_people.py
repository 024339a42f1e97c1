"""The console tells people from bots: coverage, chat authors, and an empty seat after a move
(issue 17, "Credit goes to people" and "Seat moves and the room"). A real server, real
WebSockets, the console driven with Pilot."""

from __future__ import annotations

from pathlib import Path

from tests.client_facilitator.helpers import run, wait_until, widget_text
from tests.client_facilitator.test_console import SIZE, console, game, team
from tests.server.harness import create_game, join, running_server, settle
from triops.client.facilitator import analysis as an
from triops.client.facilitator.drilldown import chat_author


def flat(widget: object) -> str:
    """A widget's text with its wrapping undone."""
    return " ".join(widget_text(widget).split())


def test_empty_seat_after_a_move_is_flagged_in_a_no_bots_game(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, bots="none")
            code = created["code"]
            seats = {}
            for t in ("t1", "t2"):
                for role in ("dataops", "mlops", "finops"):
                    seats[(t, role)], _ = await join(server, code, t, role, f"{t}-{role}")
            ada = seats[("t1", "mlops")]
            await fac.act({"type": "start_game"})
            await fac.act({"type": "force_resolve"})
            await fac.act({"type": "advance"})
            await settle(ada)
            await ada.act({"type": "chat", "text": "said as t1-mlops"})
            app = console(server, tmp_path, code, created["facilitator_token"])
            async with app.run_test(size=SIZE) as pilot:
                await wait_until(pilot, lambda: app.view is not None
                                 and game(app)["phase"] == "planning", what="Q1 planning")
                notes = app.screen.query_one("#overview-alerts")
                assert "EMPTY SEAT" not in flat(notes)
                legend = app.screen.query_one("#overview-legend")
                await wait_until(pilot, lambda: "this game has no bots" in flat(legend),
                                 what="the legend for a no-bots game")
                assert "empty-seat bot" not in flat(legend)
                # Every seat is someone's: nothing to flag. Blue FinOps leaves (a bot stands
                # in) and Red's MLOps person moves there: Red MLOps is left empty.
                await seats[("t2", "finops")].close()
                await fac.act({"type": "seat_bot", "team": "t2", "role": "finops",
                               "level": "novice"})
                await fac.act({"type": "move_seat", "from_team": "t1", "from_role": "mlops",
                               "to_team": "t2", "to_role": "finops"})
                await wait_until(pilot, lambda: "EMPTY SEAT" in flat(notes),
                                 what="the empty seat flagged")
                text = flat(notes)
                assert "Red EMPTY SEAT" in text and "MLOps" in text
                assert "waits for the clock" in text
                # The chat line Ada wrote in Red MLOps stays hers, with her name on it.
                red = team(app, "t1")
                line = next(m for m in red["chat"] if m["text"] == "said as t1-mlops")
                assert chat_author(line) == "MLOps (t1-mlops)"
                assert red["seats"]["mlops"]["holder"] == "empty"
            for conn in seats.values():
                await conn.close()
            await fac.close()
    run(scenario())


def test_coverage_counts_the_bots_apart_from_the_people() -> None:
    def entry(kind: str, actor: str) -> dict[str, object]:
        return {"kind": kind, "actor": actor, "by": "dataops", "detail": {}}

    seats = {"dataops": {"holder": "bot"}, "mlops": {"holder": "human", "name": "Ada"},
             "finops": {"holder": "empty"}}
    t = {"seats": seats, "ledger": [entry("roadmap", "bot"), entry("charter", "bot"),
                                    entry("response_proposed", "person")]}
    cov = an.coverage(t)
    assert cov.people
    assert cov.objectives["LO1"] == 0 and cov.bots["LO1"] == 1  # the bots' roadmap
    assert cov.objectives["LO3"] == 1
    assert "LO1" in cov.missing_objectives and "LO4" in cov.missing_objectives
    # A team of bots only: nobody to tell apart, the bots' work is the team's.
    bots_only = {"seats": {r: {"holder": "bot"} for r in seats},
                 "ledger": [entry("roadmap", "bot")]}
    cov = an.coverage(bots_only)
    assert not cov.people and cov.objectives["LO1"] == 1


def test_seat_labels_never_promise_a_bot_in_a_no_bots_game() -> None:
    empty = {"holder": "empty"}
    assert "bot" not in an.seat_label(empty, "none").split(":")[1]
    assert "empty-seat bot" not in an.seat_label(empty, None)
    assert "no bots" in an.empty_text("none")
    assert an.empty_seat_alert({"seats": {"mlops": empty}}, {"phase": "planning"}, "novice"
                               ) is None
