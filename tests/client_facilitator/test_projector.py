"""The projector against a real local server: public information only, start to podium."""

from __future__ import annotations

import json

from tests.client_facilitator.helpers import run, scenario, screen_text, wait_until
from tests.server.harness import create_game, join, running_server, settle, url
from triops.client.projector.app import ProjectorApp


def private_texts() -> list[str]:
    """Every text that only some seats (or only the facilitator) may ever read."""
    s = scenario()
    texts = []
    for inc in s.incidents.values():
        texts += [c.text for c in inc.clues]
        texts += [d.explanation for d in inc.diagnoses if d.explanation]
        texts += [r.explanation for r in inc.responses if r.explanation]
    return [t for t in texts if len(t) > 20]


def test_the_projector_shows_public_information_only() -> None:
    async def play() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, bots="competent")
            code = created["code"]
            # A person on Red shares clues in chat: team-visible, never on the big screen.
            ada, _ = await join(server, code, "t1", "dataops", "Ada")
            app = ProjectorApp(url(server), code.lower())  # codes are read aloud: any case
            app.keep_frames = True
            screens: list[str] = []
            async with app.run_test(size=(160, 48)) as pilot:
                await wait_until(pilot, lambda: app.view is not None, what="the first view")
                await wait_until(pilot, lambda: code in screen_text(app).replace("-", "")
                                 or code[:3] in screen_text(app), what="the lobby's code")
                screens.append(screen_text(app))
                assert "Waiting to start" in screens[-1]
                await fac.act({"type": "start_game"})
                shared = False
                while True:
                    await settle(fac, 0.05)
                    await settle(ada, 0.02)
                    view = ada.view or {}
                    game = fac.view["game"] if fac.view else {}
                    if game.get("phase") == "ended":
                        break
                    if not shared and view.get("game", {}).get("phase") == "planning":
                        for inc in view["team"]["incidents"]:
                            for clue in inc.get("clues", ()):
                                if clue["role"] == "dataops" and not clue.get("shared"):
                                    await ada.act({"type": "share_clue", "incident": inc["id"],
                                                   "clue": clue["id"]})
                                    shared = True
                                    break
                            if shared:
                                break
                    if view.get("game", {}).get("phase") == "planning" and not \
                            view["team"]["seats"]["dataops"]["ready"]:
                        await ada.act({"type": "ready", "ready": True})
                    if game.get("phase") == "review":
                        await pilot.pause(0.1)
                        screens.append(screen_text(app))
                        await fac.act({"type": "advance"})
                assert shared, "a clue was shared in Red's chat during the game"
                await wait_until(pilot, lambda: (app.view or {}).get("game", {}).get("phase")
                                 == "ended", what="the end on the projector")
                await wait_until(pilot, lambda: "FINAL RESULTS" in screen_text(app),
                                 what="the podium")
                screens.append(screen_text(app))
            await ada.close()

            kinds = {f.get("view", {}).get("kind") for f in app.frames if "view" in f}
            assert kinds == {"spectator"}
            wire = json.dumps(app.frames, ensure_ascii=False)
            for text in private_texts():
                assert text not in wire, f"a private text reached the projector: {text[:60]}"
                for screen in screens:
                    assert text[:25] not in screen
            for key in ("ledger", "incidents", "chat", "treasury", "clues"):
                assert f'"{key}"' not in wire
            leaderboard_names = {r["name"] for r in app.view["leaderboard"]} if app.view else set()
            assert leaderboard_names == {"Red", "Blue"}
            assert any("Quarter 6 resolved" in s or "Q6" in s for s in screens)

    run(play(), timeout=180)


def test_an_unknown_code_is_said_plainly() -> None:
    async def watch() -> None:
        async with running_server() as server:
            app = ProjectorApp(url(server), "ZZZZZZ")
            async with app.run_test(size=(120, 30)) as pilot:
                await wait_until(pilot, lambda: "join code" in screen_text(app),
                                 what="the error")
                assert "ZZZZZZ" in screen_text(app)

    run(watch())


def test_a_projector_in_a_browser_shows_the_join_link() -> None:
    async def watch() -> None:
        async with running_server() as server:
            _fac, created = await create_game(server, bots="none")
            code = created["code"]
            app = ProjectorApp(url(server), code, web="http://10.1.2.3:8080")
            async with app.run_test(size=(160, 48)) as pilot:
                await wait_until(pilot, lambda: "Waiting to start" in screen_text(app),
                                 what="the lobby")
                text = screen_text(app)
                assert f"http://10.1.2.3:8080/play?code={code}" in text
                assert "triops play" not in text

    run(watch())


def test_an_early_end_is_explained_on_the_podium() -> None:
    async def play() -> None:
        async with running_server() as server:
            fac, created = await create_game(server, bots="none")
            app = ProjectorApp(url(server), created["code"])
            async with app.run_test(size=(160, 48)) as pilot:
                await wait_until(pilot, lambda: app.view is not None, what="the first view")
                await fac.act({"type": "start_game"})
                for _ in range(2):  # setup, then Q1
                    await fac.act({"type": "force_resolve"})
                    await fac.act({"type": "advance"})
                await fac.act({"type": "end_game"})
                await wait_until(pilot, lambda: "FINAL RESULTS" in screen_text(app),
                                 what="the podium")
                text = " ".join(screen_text(app).split())
                assert "ended the game early, after Q1: 1 of 6 quarters" in text, text
                assert "Ties are broken by value delivered, then by team name." in text
            await fac.close()

    run(play(), timeout=60)
