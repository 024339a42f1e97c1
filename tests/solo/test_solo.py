"""Solo practice through the real app: a whole game to the end screen, and quit/resume."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import Static

from triops.cli.solo import solo_server
from triops.client.player.tokens import TokenStore
from triops.client.solo.app import SoloApp
from triops.client.solo.launch import prepare_seat
from triops.client.solo.session import SoloOptions, SoloRecord, SoloSession
from triops.scenarios import load_all_scenarios
from triops.server.app import ServerConfig

# A keepalive far shorter than the server's 10 s + 10 s, so a test can idle past it the way
# a person reading the review does, without waiting 40 s. The pong deadline leaves room for
# a loaded CI machine (the app, the bots and the server share one event loop, and a 0.3 s
# deadline once dropped a link that was being read); an idle longer than a ping round plus
# that deadline still drops a link nobody reads.
SHORT_KEEPALIVE = ServerConfig(ping_interval=0.3, ping_timeout=2.0)
IDLE = 2.5  # seconds: past ping_interval + ping_timeout, so an unread link would be closed


async def _until(pilot, predicate, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(timeout / 0.05)):
        if predicate():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never got there")


def _phase(app: SoloApp) -> tuple[str, int]:
    game = app.view.get("game") or {}
    return str(game.get("phase", "")), int(game.get("quarter", -1))


async def _open(state_dir: Path, options: SoloOptions | None,
                config: ServerConfig | None = None) -> tuple[SoloSession, SoloApp]:
    session = await SoloSession.start(solo_server(load_all_scenarios(), 0, config), options,
                                      state_dir)
    store = TokenStore(state_dir / "solo-seats.json")
    request = await prepare_seat(session, store)
    return session, SoloApp(session, request, store, clock=lambda: 1_000_000.0)


async def _play_quarter(pilot, app: SoloApp, idle: float = 0.0) -> None:  # type: ignore[no-untyped-def]
    """Ready, then on from the review; `idle` seconds of reading in planning and review."""
    _, quarter = _phase(app)
    await pilot.pause(idle)
    await pilot.press("r")
    await pilot.pause(0.2)
    await pilot.press("enter")
    await _until(pilot, lambda: _phase(app) == ("review", quarter))
    if quarter < 6:
        await pilot.pause(idle)
        await pilot.press("n")
        await _until(pilot, lambda: _phase(app) == ("planning", quarter + 1))


def test_a_whole_solo_game_reaches_the_end_screen_and_writes_the_report(tmp_path: Path) -> None:
    async def scenario() -> None:
        session, app = await _open(tmp_path, SoloOptions("retail-novice", "", "finops",
                                                         rivals=1, seed=4))
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                await _until(pilot, lambda: _phase(app) == ("planning", 0))
                shown = "\n".join(s.text for s in app.screen._compositor.render_strips())
                # the solo team is called "Your team": not "team Your team"
                assert "· Your team" in shown and "team Your team" not in shown, shown
                for _ in range(7):
                    await _play_quarter(pilot, app)
                await pilot.press("n")  # leave the last review: the game ends
                await _until(pilot, lambda: _phase(app)[0] == "ended")
                await _until(pilot, lambda: app.debrief_result is not None)
                assert type(app.screen).__name__ == "EndScreen"
                await pilot.pause(0.1)
                shown = "\n".join(s.text for s in app.screen._compositor.render_strips())
                assert "Your team: outcome" in shown and "Team Your team" not in shown, shown
                report = Path(str(app.debrief_result["path"]))  # type: ignore[index]
                assert report.exists() and report.suffix == ".html"
                assert "LO1" in report.read_text(encoding="utf-8")
                assert len(app.debrief_result["objectives"]) == 5  # type: ignore[index]
        finally:
            await session.close()
    asyncio.run(scenario())


def test_the_solo_debrief_grades_the_learners_own_decisions_and_says_what_the_bots_did(
        tmp_path: Path) -> None:
    """Bot teammates assist; the end screen grades only what the learner decided, and lists
    what the bots did apart."""
    from triops.client.player.screens.end import EndScreen
    from triops.game.scoring.objectives import assess_people, bot_summary

    async def scenario() -> None:
        session, app = await _open(tmp_path, SoloOptions("retail-novice", "", "dataops",
                                                         rivals=0, seed=5))
        try:
            async with app.run_test(size=(80, 24)) as pilot:
                await _until(pilot, lambda: _phase(app) == ("planning", 0))
                for _ in range(7):  # the learner only marks ready: the bots do the rest
                    await _play_quarter(pilot, app)
                await pilot.press("n")
                await _until(pilot, lambda: app.debrief_result is not None
                             and isinstance(app.screen, EndScreen))
                await pilot.pause(0.1)
                state = await session.game_state()
                own = {o.objective: o.level for o in assess_people(state, "t1").objectives}
                bots = bot_summary(state.team("t1"))
                assert bots, "the bots should have done something in this game"
                shown = {o["id"]: o["level"]
                         for o in app.debrief_result["objectives"]}  # type: ignore[index]
                assert shown == own
                assert list(app.debrief_result["bots"]) == list(bots)  # type: ignore[index]
                screen = app.screen
                levels = str(screen.query_one("#end-objectives", Static).content)
                assert "Your own decisions" in levels
                for ident in own:
                    assert ident in levels
                # ... and on the screen, not only in the widget's text: a newcomer saw LO1
                # alone, the block cut to the height of the placeholder it first showed.
                block = screen.query_one("#end-objectives", Static)
                await _until(pilot, lambda: block.size.height >= len(levels.splitlines()))
                rendered = "\n".join(strip.text for strip in block.render_lines(
                    block.content_region.reset_offset))
                for ident in own:
                    assert f"{ident} " in rendered, rendered
                # The five levels fit on one screen together: LO1's evidence, under it, had
                # filled an 80x24 screen, and the newcomer saw LO1 alone.
                block.scroll_visible(top=True, animate=False)
                await pilot.pause(0.1)
                shown = "\n".join(s.text for s in app.screen._compositor.render_strips())
                for ident in own:
                    assert f"{ident} ●" in shown or f"{ident} ○" in shown, shown
                said = str(screen.query_one("#end-bots", Static).content)
                assert said.startswith("What the bots did")
                assert all(line in said for line in bots)
                # The team's levels (the report's objectives table) are labelled apart from
                # the learner's own: a newcomer read "LO1 beginning" here and "LO1
                # proficient" in the report and could not tell which was theirs.
                team = {o["id"]: o for o in
                        app.debrief_result["team_objectives"]}  # type: ignore[index]
                assert any(team[i]["level"] != lvl for i, lvl in own.items()), (team, own)
                head = "Your team (you and the bots together): the levels in the report's"
                assert head in levels, levels
                after = levels[levels.index(head):]
                for ident, o in team.items():
                    assert f"{ident} " in after and str(o["level_name"]) in after, after
                report = str(screen.query_one("#end-report", Static).content)
                assert "grades the whole team, bots included" in report, report
        finally:
            await session.close()
    asyncio.run(scenario())


def test_the_ready_summary_and_the_brief_name_no_facilitator_in_solo(tmp_path: Path) -> None:
    """The brief said "The facilitator starts the next quarter." and Ready that the
    facilitator may end it; in solo there is none: the player presses n."""
    async def scenario() -> None:
        session, app = await _open(tmp_path, SoloOptions("retail-novice", "", "mlops",
                                                         rivals=0, seed=3))
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                await _until(pilot, lambda: _phase(app) == ("planning", 0))
                await pilot.press("r")
                await _until(pilot, lambda: type(app.screen).__name__ == "ConfirmScreen")
                summary = str(app.screen.query_one("#confirm-body", Static).content)
                assert "The quarter resolves when all 3 seats are ready." in summary
                assert "facilitator" not in summary, summary
                await pilot.press("enter")
                await _until(pilot, lambda: _phase(app) == ("review", 0))
                await pilot.press("1")
                head = app.main.query_one("#brief-head", Static)
                await _until(pilot, lambda: "What to do now" in str(head.content))
                text = str(head.content)
                assert "Press n when you have read it: that starts the next quarter." in text
                assert "facilitator" not in text, text
                await pilot.press("n")
                await _until(pilot, lambda: _phase(app) == ("planning", 1))
        finally:
            await session.close()
    asyncio.run(scenario())


def test_quit_mid_game_and_resume_with_the_state_intact(tmp_path: Path) -> None:
    async def first() -> dict[str, object]:
        session, app = await _open(tmp_path, SoloOptions("retail-novice", "", "mlops", seed=8))
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                await _until(pilot, lambda: _phase(app) == ("planning", 0))
                await _play_quarter(pilot, app)
                await _play_quarter(pilot, app)
                await _until(pilot, lambda: _phase(app) == ("planning", 2))
                team = app.view["team"]
                return {"metrics": team["metrics"], "chat": len(team["chat"]),
                        "code": session.record.code}
        finally:
            await session.close()

    async def second(before: dict[str, object]) -> None:
        session, app = await _open(tmp_path, None)  # --resume
        try:
            assert session.record.code == before["code"]
            async with app.run_test(size=(120, 40)) as pilot:
                await _until(pilot, lambda: _phase(app)[1] == 2)
                team = app.view["team"]
                assert team["metrics"] == before["metrics"]
                assert len(team["chat"]) >= int(str(before["chat"]))
                assert app.view["you"]["role"] == "mlops"
        finally:
            await session.close()

    before = asyncio.run(first())
    asyncio.run(second(before))


def test_a_person_who_reads_past_the_keepalive_in_every_phase_can_still_move_on(
        tmp_path: Path) -> None:
    """The blocker every learner hit: idle in a quarter, then `n` did nothing."""
    async def scenario() -> None:
        session, app = await _open(tmp_path, SoloOptions("finance-novice", "", "mlops",
                                                         seed=3), SHORT_KEEPALIVE)
        try:
            seen: list[str] = []
            note = session.facilitator.on_status

            def watch(state: str, detail: str) -> None:
                seen.append(state)
                if note is not None:
                    note(state, detail)
            session.facilitator.on_status = watch
            async with app.run_test(size=(120, 40)) as pilot:
                await _until(pilot, lambda: _phase(app) == ("planning", 0))
                for _ in range(3):  # setup, Q1, Q2: idle in planning and in review
                    await _play_quarter(pilot, app, idle=IDLE)
                assert _phase(app) == ("planning", 3)
                assert seen == [], f"the facilitator link dropped while idle: {seen}"
                assert session.link_status == "connected"
                assert app.link_state == "connected"
        finally:
            await session.close()
    asyncio.run(scenario())


def test_a_resumed_game_takes_new_actions_at_once(tmp_path: Path) -> None:
    """After --resume the first `n` moves the game on: no action id collides with the
    first run's."""
    async def first() -> None:
        session, app = await _open(tmp_path, SoloOptions("retail-novice", "", "dataops",
                                                         seed=2), SHORT_KEEPALIVE)
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                await _until(pilot, lambda: _phase(app) == ("planning", 0))
                await _play_quarter(pilot, app)
                await _play_quarter(pilot, app)
                await pilot.press("r")  # Q2 to its review, then quit there
                await pilot.pause(0.2)
                await pilot.press("enter")
                await _until(pilot, lambda: _phase(app) == ("review", 2))
        finally:
            await session.close()

    async def second() -> None:
        session, app = await _open(tmp_path, None, SHORT_KEEPALIVE)
        try:
            async with app.run_test(size=(120, 40)) as pilot:
                await _until(pilot, lambda: _phase(app) == ("review", 2))
                await pilot.pause(IDLE)
                await pilot.press("n")  # the first key after the resume works
                await _until(pilot, lambda: _phase(app) == ("planning", 3), timeout=10)
                await _play_quarter(pilot, app, idle=IDLE)
                assert _phase(app) == ("planning", 4)
        finally:
            await session.close()

    asyncio.run(first())
    asyncio.run(second())


def test_a_game_saved_on_an_earlier_scenario_is_refused_clearly_and_not_offered_again(
        tmp_path: Path) -> None:
    """A `git pull` that changes a scenario file must not turn `make play` into a traceback."""
    import copy
    import tomllib

    import pytest

    from triops.client.solo.session import saved_game
    from triops.game.scenario.loader import load_scenario
    from triops.scenarios import SCENARIO_DIR

    async def first() -> None:
        session, _ = await _open(tmp_path, SoloOptions("retail-novice", "", "mlops", seed=2))
        await session.close()

    async def after_an_edit() -> None:
        data = tomllib.loads((SCENARIO_DIR / "retail-novice.toml").read_text(encoding="utf-8"))
        edited = copy.deepcopy(data)
        edited["summary"] += " (edited)"
        scenario = load_scenario(edited, "retail-novice.toml")
        with pytest.raises(FileNotFoundError, match="earlier version of the retail-novice"):
            await SoloSession.start(solo_server({scenario.id: scenario}, 0), None, tmp_path)

    asyncio.run(first())
    assert saved_game(tmp_path) is not None  # offered while it can be resumed
    asyncio.run(after_an_edit())
    assert saved_game(tmp_path) is None  # and not offered again


def test_the_quit_key_gives_the_resume_command_that_works_as_typed(tmp_path: Path) -> None:
    """`make play` runs .venv/bin/triops, which is not on PATH: the help must not say "run
    triops play again", and the command it gives must run as typed."""
    import shlex
    import shutil

    from triops.client.common.help import HelpScreen
    from triops.client.solo.app import resume_command
    from triops.client.solo.launch import farewell

    command = resume_command()
    program = shlex.split(command)[0]
    assert shutil.which(program) is not None, f"{command!r} does not run as typed"
    assert command in farewell(SoloRecord("ABC", "tok", "mlops", "retail-novice"), None)

    async def scenario() -> None:
        session, app = await _open(tmp_path, SoloOptions("retail-novice", "", "mlops",
                                                         rivals=0, seed=3))
        try:
            async with app.run_test(size=(140, 40)) as pilot:
                await _until(pilot, lambda: _phase(app) == ("planning", 0))
                await pilot.press("question_mark")
                await _until(pilot, lambda: isinstance(app.screen, HelpScreen))
                await pilot.pause(0.1)
                keys = app.screen.query_one("#help-keys", Static).content
                text = " ".join(str(keys).split())
                assert command in text
                assert "triops play" not in text
        finally:
            await session.close()
    asyncio.run(scenario())


def test_the_command_palette_has_next_quarter(tmp_path: Path) -> None:
    async def scenario() -> None:
        session, app = await _open(tmp_path, SoloOptions("retail-novice", "", "mlops",
                                                         rivals=0, seed=3))
        try:
            async with app.run_test(size=(80, 24)) as pilot:
                await _until(pilot, lambda: _phase(app) == ("planning", 0))
                await pilot.press("ctrl+p")
                await pilot.press(*"next quarter")
                await pilot.pause(0.3)
                await pilot.press("enter")
                # in planning it says why it cannot move on yet: the action ran
                await _until(pilot, lambda: any(n.title == "Not yet"
                                                for n in app._notifications))
        finally:
            await session.close()
    asyncio.run(scenario())


def test_the_picker_says_bots_assist_by_default_and_offers_bots_play_fully(
        monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import argparse

    from triops.client.solo.launch import pick_options

    scenarios = load_all_scenarios()
    args = argparse.Namespace(scenario="", role="", difficulty="", rivals=1, seed=None,
                              clock=None, bots_play_fully=False)
    for answers, mode in ((["", "", ""], "assist"), (["", "", "2"], "full")):
        feed = iter(answers)
        monkeypatch.setattr("builtins.input", lambda _prompt, feed=feed: next(feed))
        options = pick_options(scenarios, args)
        assert options is not None and options.bot_mode == mode
        said = capsys.readouterr().out
        assert "assist you (the default)" in said and "--bots-play-fully" in said
    # given on the command line, it is not asked again
    monkeypatch.setattr("builtins.input", lambda _prompt: "")
    full = pick_options(scenarios, argparse.Namespace(**{**vars(args),
                                                         "bots_play_fully": True}))
    assert full is not None and full.bot_mode == "full"
    assert "Your two bot teammates" not in capsys.readouterr().out
