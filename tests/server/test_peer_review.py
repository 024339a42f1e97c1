"""The peer review of roadmaps over real WebSockets: three teams, a restart in the middle."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from tests.server.harness import across_a_crash, caught_up, create_game, join, running_server, url
from triops.client.transport import Connection, ServerError
from triops.game.scoring.rubric import review_criteria


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 90))


def is_state(message: dict[str, Any]) -> bool:
    return message.get("type") == "state"


def form(level: str = "proficient", comment: str = "") -> list[dict[str, str]]:
    return [{"criterion": c.id, "level": level, "comment": comment}
            for c in review_criteria(True, False)]


def review(team: str, marks: list[dict[str, str]]) -> dict[str, Any]:
    return {"type": "submit_review", "team": team, "marks": marks}


async def refused(conn: Connection, command: dict[str, Any]) -> ServerError:
    with pytest.raises(ServerError) as err:
        await conn.act(command)
    assert err.value.reply.get("message")
    return err.value


async def resume(server: Any, token: str) -> Connection:
    conn = await Connection.open(url(server))
    await conn.send({"type": "resume", "token": token, "last_seq": 0})
    await conn.until(is_state)
    return conn


def test_a_peer_review_round_with_three_teams_survives_a_restart(tmp_path: Path) -> None:
    db = tmp_path / "games.sqlite3"

    async def first_life() -> dict[str, Any]:
        async with running_server(db) as server:
            fac, created = await create_game(server, ("Herons", "Otters", "Puffins"),
                                             bots="none")
            code = created["code"]
            ada, ada_token = await join(server, code, "t1", "dataops", "Ada")
            bo, bo_token = await join(server, code, "t2", "dataops", "Bo")
            cy, cy_token = await join(server, code, "t3", "dataops", "Cy")
            # Not before the game is over.
            early = await refused(fac, {"type": "start_review"})
            assert early.code == "wrong_phase"
            await fac.act({"type": "start_game"})
            await fac.act({"type": "end_game"})
            for conn in (ada, bo, cy):
                await caught_up(conn)
            no_round = await refused(bo, review("t1", form()))
            assert no_round.code == "no_review"
            await fac.act({"type": "start_review", "mode": "team", "charter": True,
                           "standards": False})
            await fac.act({"type": "present_team", "team": "t1"})
            for conn in (ada, bo, cy):
                await caught_up(conn)
            shown = cy.view["review"] if cy.view else {}
            assert shown["presenting_name"] == "Herons" and shown["can_review"]
            assert [c["id"] for c in shown["criteria"]][-1] == "charter"
            assert shown["presentation"]["name"] == "Herons"
            # A team cannot review itself; bad input gets a clear error and changes nothing.
            assert (await refused(ada, review("t1", form()))).code == "own_team"
            bad = form()
            bad[0]["level"] = "stellar"
            assert (await refused(bo, review("t1", bad))).code == "bad_level"
            extra = [*form(), {"criterion": "standards", "level": "proficient",
                               "comment": ""}]
            assert (await refused(bo, review("t1", extra))).code == "unknown_criterion"
            assert (await refused(bo, review("t9", form()))).code == "unknown_target"
            assert (await refused(bo, review("t1", form()[:-1]))).code == "missing_criteria"
            long = form("developing", "x" * 301)
            assert (await refused(bo, review("t1", long))).code == "comment_too_long"
            assert (await refused(bo, review("t2", form()))).code == "own_team"
            await bo.act(review("t1", form("developing", "Otters think Q3 is thin")))
            await caught_up(cy)
            await caught_up(bo)
            # Cy has not reviewed: the comment stays hidden from Cy (and the projector).
            assert cy.view is not None and bo.view is not None
            assert "Q3 is thin" not in repr(cy.view)
            assert cy.view["review"]["others_hidden"] == 1
            assert bo.view["review"]["mine"]["by"] == "Bo"
            await caught_up(fac)
            herons = next(t for t in fac.view["review"]["teams"] if t["team"] == "t1")
            assert (herons["submitted"], herons["waiting"]) == (["Otters"], ["Puffins"])
            for conn in (fac, ada, bo, cy):
                await conn.close()
            return {"code": code, "fac": created["facilitator_token"], "ada": ada_token,
                    "bo": bo_token, "cy": cy_token}

    async def second_life(memo: dict[str, Any]) -> None:
        async with running_server(db) as server:
            # The ended game under review came back with the server, reviews and all.
            cy = await resume(server, memo["cy"])
            assert cy.view is not None
            shown = cy.view["review"]
            assert shown["presenting"] == "t1" and shown["progress"] == {
                "submitted": 1, "expected": 2}
            assert "Q3 is thin" not in repr(cy.view)
            bo = await resume(server, memo["bo"])
            assert (await refused(bo, review("t1", form()))).code == "already_reviewed"
            watch = await Connection.open(url(server))
            await watch.send({"type": "spectate", "code": memo["code"]})
            await watch.until(is_state)
            assert watch.view is not None and watch.view["review"]["results"] is None
            fac = await Connection.open(url(server))
            await fac.send({"type": "facilitate", "code": memo["code"], "token": memo["fac"]})
            await fac.until(is_state)
            await fac.act({"type": "assess_team", "team": "t1",
                           "marks": form("proficient", "Phases are clear")})
            # The last review in closes the round for Herons: results on the projector.
            await cy.act(review("t1", form("exemplary", "Puffins like the seams")))
            await caught_up(cy)
            await caught_up(watch)
            others = cy.view["review"]["others"]
            assert [o["by"] for o in others] == ["Otters"]
            assert others[0]["marks"][0]["comment"] == "Otters think Q3 is thin"
            results = watch.view["review"]["results"]
            assert watch.view["review"]["status"] == "closed"
            coverage = results["criteria"][0]
            assert coverage["peers"]["developing"] == 1 and coverage["peers"]["exemplary"] == 1
            assert coverage["facilitator"] == "proficient"
            assert {c["by"] for c in coverage["comments"]} == {"Otters", "Puffins"}
            assert (await refused(cy, review("t1", form()))).code == "review_closed"
            # Next team: Otters present, Herons review them, the facilitator closes early.
            await fac.act({"type": "present_team", "team": "t2"})
            ada = await resume(server, memo["ada"])
            await ada.act(review("t2", form("proficient")))
            await fac.act({"type": "close_review"})
            await caught_up(watch)
            assert watch.view["review"]["results"]["name"] == "Otters"
            assert watch.view["review"]["results"]["reviews"] == 1
            for conn in (fac, ada, bo, cy, watch):
                await conn.close()

    memo = run(first_life())
    run(second_life(memo))


class At:
    """A server started as its own process: the harness needs only its port."""

    def __init__(self, port: int) -> None:
        self.port = port


def test_reviews_survive_a_server_killed_with_sigkill(tmp_path: Path) -> None:

    db = tmp_path / "killed.sqlite3"

    async def first_life(port: int) -> dict[str, Any]:
        server = At(port)
        fac, created = await create_game(server, ("Herons", "Otters", "Puffins"), bots="none")
        code = created["code"]
        bo, bo_token = await join(server, code, "t2", "dataops", "Bo")
        _cy, cy_token = await join(server, code, "t3", "dataops", "Cy")
        await fac.act({"type": "start_game"})
        await fac.act({"type": "end_game"})
        await fac.act({"type": "start_review", "mode": "person", "charter": True,
                       "standards": False})
        await fac.act({"type": "present_team", "team": "t1"})
        await caught_up(bo)
        ack = await bo.act(review("t1", form("developing", "acknowledged before the crash")))
        assert ack["type"] == "ack"
        return {"bo": bo_token, "cy": cy_token}

    async def second_life(port: int, memo: dict[str, Any]) -> None:
        server = At(port)
        cy = await resume(server, memo["cy"])
        assert cy.view is not None and cy.view["review"]["progress"] == {
            "submitted": 1, "expected": 2}
        assert "acknowledged before the crash" not in repr(cy.view)
        bo = await resume(server, memo["bo"])
        assert bo.view is not None
        assert bo.view["review"]["mine"]["marks"][0]["comment"] == \
            "acknowledged before the crash"
        await cy.act(review("t1", form("proficient")))
        await caught_up(cy)
        assert cy.view["review"]["status"] == "closed"
        assert cy.view["review"]["results"]["criteria"][0]["comments"] == [
            {"by": "Bo (Otters)", "text": "acknowledged before the crash"}]
        await cy.close()
        await bo.close()

    across_a_crash(db, lambda port: run(first_life(port)),
                   lambda port, memo: run(second_life(port, memo)))
