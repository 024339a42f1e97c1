"""What a person hit at their own pace (issue 17): small screens, injects, waste, keys.

Each test drives the real player app against a real local server over WebSockets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Static, Tab, Tabs

from tests.client.live import (
    LiveApp,
    LiveGame,
    ScreenHost,
    run,
    screen_text,
    to_planning,
    wait_until,
)
from triops.client.player import TokenStore
from triops.client.player.panels.incidents import IncidentsPanel
from triops.client.player.screens.end import EndScreen


def toasts(app: App[Any]) -> list[str]:
    return [f"{n.title}\n{n.message}" for n in app._notifications]


def test_at_80_by_24_the_header_shows_the_role_and_every_tab_fits(tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"), role="finops")
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: app.view, what="the first view")
            await game.fac_act({"type": "start_game"})
            await wait_until(pilot, lambda: app.view["game"]["phase"] == "planning")
            lines = screen_text(app).splitlines()
            assert "FinOps" in lines[0], lines[0]
            assert "Red" in lines[0] and "no time limit" in lines[0], lines[0]
            tabs = app.main.query_one(Tabs)
            # every tab is on screen: the bar does not scroll
            assert tabs.max_scroll_x == 0
            assert tabs.query_one("#tabs-list").outer_size.width <= tabs.size.width
            for n in range(1, 8):
                assert f" {n} " in f" {lines[2]} ", lines[2]
    run(scenario())


def test_at_80_by_24_the_ready_line_shows_every_seat_beside_the_budget(
        tmp_path: Path) -> None:
    """It was cut: "Ready: ○ DataOps ⚙bot · ○ MLOps (you) · ○ " with the budget beside it."""
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"), role="mlops")
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: app.view, what="the first view")
            await game.fac_act({"type": "start_game"})
            await wait_until(pilot, lambda: app.view["game"]["phase"] == "planning")
            await game.fac_act({"type": "force_resolve"})
            await game.to_phase("review", 0)
            await game.fac_act({"type": "advance"})
            await wait_until(pilot, lambda: app.view["game"]["quarter"] == 1
                             and "AP" in screen_text(app).splitlines()[1], what="quarter 1")
            line = screen_text(app).splitlines()[1]
            assert "Ready ○ D ⚙ · ○ M you · ○ F ⚙" in line, line
            assert "Envelope" in line and "AP 3" in line, line
            await pilot.resize_terminal(130, 40)  # room for the words again
            await wait_until(pilot, lambda: "Ready:" in screen_text(app).splitlines()[1],
                             what="the wide header")
            line = screen_text(app).splitlines()[1]
            assert "Ready: ○ DataOps ⚙bot · ○ MLOps (you) · ○ FinOps ⚙bot" in line, line
    run(scenario())


def test_an_inject_shows_on_the_players_screen_when_it_lands(tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(100, 40)) as pilot:
            await wait_until(pilot, lambda: app.view, what="the first view")
            await game.fac_act({"type": "start_game"})
            await wait_until(pilot, lambda: app.view["game"]["phase"] == "planning")
            await game.fac_act({"type": "fire_inject", "inject": "peak-season"})
            # a notice, titled, that stays long enough to read the narrative
            await wait_until(pilot, lambda: any("Inject: Holiday peak campaign" in t
                                                for t in toasts(app)), what="the inject notice")
            assert any("biggest holiday campaign" in t for t in toasts(app))
            # and a line the brief keeps for the quarter
            await wait_until(pilot, lambda: "Injects this quarter" in screen_text(app),
                             what="the inject in the brief")
            text = screen_text(app)
            assert "! Inject: Holiday peak campaign" in text
    run(scenario())


def test_ctrl_q_quits_from_the_end_screen(tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await game.fac_act({"type": "start_game"})
            await game.fac_act({"type": "end_game"})
            await wait_until(pilot, lambda: isinstance(app.screen, EndScreen),
                             what="the end screen")
            await pilot.press("ctrl+q")
            await wait_until(pilot, lambda: app._exit, what="the app to quit")
    run(scenario())


def test_the_incidents_tab_counts_open_incidents_and_the_brief_says_when_there_are_none(
        tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_planning(game, pilot, app, 1)
            await wait_until(pilot, lambda: app.view["team"]["incidents"], what="quarter 1")
            await pilot.press("1")
            open_now = [i for i in app.view["team"]["incidents"] if i["status"] == "open"]
            tab = str(app.main.query_one(Tabs).query_one("#incidents", Tab).label)
            assert tab == f"2 Incidents ({len(open_now)} open)", tab
            text = screen_text(app)
            assert f"{len(open_now)} open incident" in text
            assert "Incidents (2)" not in text  # the key is never written like a count
    run(scenario())


def test_the_quarter_report_flags_lapsed_money(tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await game.fac_act({"type": "start_game"})
            await wait_until(pilot, lambda: app.view["game"]["phase"] == "planning")
            await game.fac_act({"type": "force_resolve"})
            await game.to_phase("review", 0)
            await game.fac_act({"type": "advance"})
            await game.to_phase("planning", 1)
            await game.fac_act({"type": "force_resolve"})  # nobody spent a credit
            await wait_until(pilot, lambda: app.view["game"]["phase"] == "review"
                             and "1" in app.view["team"]["reports"], what="the Q1 review")
            await pilot.press("6")
            await wait_until(pilot, lambda: "Waste and idle money" in screen_text(app),
                             what="the waste section of the report")
            idle = next(e for e in app.view["team"]["reports"]["1"]
                        if e["kind"] == "idle_money")
            assert "carried over into the next quarter and the other" in idle["text"]
            assert "carried over" in screen_text(app)
    run(scenario())


class _IncidentsOnly(App[None]):
    def compose(self) -> ComposeResult:
        yield IncidentsPanel(id="incidents")
        yield Static()


def _incident(ident: str, title: str, status: str, opened: int) -> dict[str, Any]:
    return {"id": ident, "title": title, "status": status, "severity": 2, "opened": opened,
            "seams": [], "clues": [], "diagnoses": [], "responses": []}


def test_the_detail_pane_follows_when_the_selected_incident_closes() -> None:
    def view(*incidents: dict[str, Any]) -> dict[str, Any]:
        return {"game": {"phase": "planning", "quarter": 2},
                "you": {"role": "dataops"},
                "team": {"incidents": list(incidents), "seats": {}}}

    async def scenario() -> None:
        app = _IncidentsOnly()
        async with app.run_test(size=(100, 30)) as pilot:
            panel = app.query_one(IncidentsPanel)
            panel.show(view(_incident("i1", "Stale stock feed", "open", 1)))
            await pilot.pause()
            assert panel.selected == "i1"
            # i1 closes in the review and a new incident opens: the pane moves to it
            panel.show(view(_incident("i1", "Stale stock feed", "resolved", 1),
                            _incident("i2", "Drift on the availability model", "open", 2)))
            await pilot.pause()
            assert panel.selected == "i2"
            shown = str(app.query_one("#incident-text", Static).content)
            assert "Drift on the availability model" in shown
    run(scenario())


def test_the_standards_status_reads_in_full_at_160_columns(tmp_path: Path) -> None:
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(160, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await game.fac_act({"type": "start_game"})
            await wait_until(pilot, lambda: app.view["game"]["phase"] == "planning")
            assert app.link is not None
            app.link.queue({"type": "propose_standard", "standard": "tag-taxonomy",
                            "owner": "dataops", "mechanism": "code", "kpi": "tagged spend"})
            await wait_until(pilot, lambda: app.view["team"]["standards"])
            await pilot.press("5", "right_square_bracket", "right_square_bracket")
            await wait_until(pilot, lambda: "Shared cost-allocation tag taxonomy" in
                             screen_text(app), what="the standards board")
            row = next(line for line in screen_text(app).splitlines()
                       if "Shared cost-allocation tag taxonomy" in line)
            assert "proposed" in row and "DataOps" in row and "code" in row, row
            # the detail says what the standard pulls and what its rollout costs the team
            # now, from the catalogue and the team's view the server sends
            detail = " ".join(str(app.query_one("#standard-detail", Static).render()).split())
            rollout = app.view["team"]["standard_rollout"]
            assert ("Raises where metrics settle: Cost Efficiency +3 enforced as code "
                    "(training 0.75×; policy 0.5×; each metric moves half the way there per "
                    "quarter)") in detail, detail
            assert (f"Rollout now: policy {rollout['policy']} cr, training "
                    f"{rollout['training']} cr, code {rollout['code']} cr") in detail, detail
            assert "1 cr more for each standard already adopted" in detail, detail
    run(scenario())


def test_the_investigate_dialog_says_what_ap_is_left_and_warns_before_responding_is_lost(
        tmp_path: Path) -> None:
    """A clue that costs the AP this seat may need to respond is flagged, with the numbers the
    server sends (AP held, each clue's price, each plan's AP per role); the advice is the most
    a plan asks of the seat, not the cheapest plan's part (which misled a newcomer)."""
    from textual.widgets import Static

    from triops.client.player.screens.modals import ChoiceScreen
    from triops.client.player.text import response_ap_needs

    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_planning(game, pilot, app, 1)
            await wait_until(pilot, lambda: app.view["team"]["incidents"], what="quarter 1")
            view = app.view
            ap = view["team"]["seats"]["dataops"]["ap"]
            needs = response_ap_needs(view)
            keep = sum(most for _, _, most in needs)
            least = sum(lo for _, lo, _ in needs)
            inc = next(i for i in view["team"]["incidents"] if i["status"] == "open")
            await pilot.press("2")
            await pilot.press("i")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen),
                             what="the investigate dialog")
            text = screen_text(app)
            # The intro as written, not as wrapped on screen.
            intro = str(app.screen.query_one(".dialog-intro", Static).render())
            advice = (f"Keep {keep} AP to respond" if keep < ap else
                      f"Keep all {ap} AP to respond")
            assert keep > 0 and advice in intro, intro
            assert inc["title"] in text
            for c in inc["investigable"]:
                if c["ap"] <= ap:
                    assert f"leaves {ap - c['ap']} AP" in text
            # The advice is the most a plan asks of this seat (the one that fits may be the
            # dearest), not the cheapest plan's part.
            for title, lo, most in needs:
                asks = [r["ap"].get("dataops", 0) for i in view["team"]["incidents"]
                        if i["title"] == title for r in i["responses"] if not r.get("missing")]
                assert most == max(asks) and lo == min(asks), (title, asks)
                assert f"{title}: {lo if lo == most else f'{lo}–{most}'} AP" in intro, intro
            risky = [c for c in inc["investigable"] if ap - keep < c["ap"] <= ap]
            assert risky, (ap, keep, inc["investigable"])  # the case the newcomer met
            assert ("too few to respond" if any(ap - least < c["ap"] for c in risky)
                    else "too few for some plans") in text, text
            # the cursor starts on the cheapest clue (this role's own), not the first row
            from textual.widgets import OptionList

            options = app.screen.query_one(OptionList)
            highlighted = options.get_option_at_index(options.highlighted or 0).id
            cheapest = min(inc["investigable"], key=lambda c: (c["ap"], c["role"] != "dataops"))
            assert highlighted == cheapest["id"]
            await pilot.press("escape")
    run(scenario())


def test_a_roadmap_kpi_needs_a_target_above_the_metric_now(tmp_path: Path) -> None:
    """A blank target used to save "≥ 0", which the debrief counted as met."""
    from textual.widgets import Input, Select, Static

    from triops.client.player.screens.forms import RoadmapLineScreen

    def error(app: LiveApp) -> str:
        return str(app.screen.query_one("#form-error", Static).render())

    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await game.fac_act({"type": "start_game"})
            await wait_until(pilot, lambda: app.view["game"]["phase"] == "planning")
            now = app.view["team"]["metrics"]["cost_efficiency"]
            await pilot.press("5")
            await pilot.press("a")
            await wait_until(pilot, lambda: isinstance(app.screen, RoadmapLineScreen),
                             what="the roadmap line form")
            app.screen.query_one("#rm-initiative", Select).value = "I1"
            app.screen.query_one("#rm-kpi", Select).value = "cost_efficiency"
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: "Give the KPI target" in error(app),
                             what="the blank target refused")
            assert f"it is {now} now" in error(app)
            app.screen.query_one("#rm-target", Input).value = str(now)
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: "asks for no improvement" in error(app),
                             what="a target at the current value refused")
            app.screen.query_one("#rm-target", Input).value = str(now + 5)
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: app.view["team"]["roadmap"], what="the line")
            line = app.view["team"]["roadmap"][0]
            assert (line["kpi_metric"], line["kpi_target"]) == ("cost_efficiency", now + 5)
            chat = [m.get("text", "") for m in app.view["team"]["chat"]]
            assert not any("(1 lines)" in t for t in chat)
            # Opened from the button and cancelled: the keys go back to the table (the focus
            # stayed on the button, so ↓ moved nothing and e edited the first line).
            from textual.widgets import Button, DataTable

            app.screen.query_one("#rm-add", Button).press()
            await wait_until(pilot, lambda: isinstance(app.screen, RoadmapLineScreen))
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.focused, DataTable),
                             what="the focus back on the roadmap table")
    run(scenario())


def test_the_guide_describes_the_screen_as_it_is_laid_out(tmp_path: Path) -> None:
    """Page 2 said the metrics were on the left and chat on the right; at 120×40 the
    metrics sit top right, chat below them. Page 6 said "the Ready key" without naming it."""
    from triops.client.player.screens.main import MainScreen
    from triops.client.solo.tutorial import tutorial_text

    pages = dict(tutorial_text())
    screen_page = pages["What is on the screen"]
    assert "On the left, the seven metrics" not in screen_page
    assert "on the right, the seven metrics" in screen_page
    assert "team chat below them" in screen_page
    keys = {b.key: b.action for b in MainScreen.BINDINGS if hasattr(b, "key")}
    assert keys["r"] == "app.ready" and "press r (Ready)" in pages["Ready"]

    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await pilot.pause()
            work = app.screen.query_one("#work").region
            metrics = app.screen.query_one("#metrics").region
            chat = app.screen.query_one("#chat").region
            assert metrics.x >= work.right and chat.x >= work.right  # on the right
            assert chat.y >= metrics.bottom  # chat below the metrics
    run(scenario())


def test_a_choice_dialog_with_nothing_to_choose_still_scrolls_to_its_last_row() -> None:
    """Every plan blocked: the Respond dialog listed six plans at 110×34, but the list stopped
    at the fifth and ↓, PageDown and End did nothing (a cursor cannot move among disabled
    options). With nothing to choose, the rows are for reading, and the keys scroll them."""
    from textual.content import Content

    from triops.client.player.screens.modals import Choice, ChoiceScreen

    choices = [Choice(f"p{n}", Content(f"{n}. A plan with a long description\n"
                                       f"   blocked: needs 9 cr (row {n})"), disabled=True)
               for n in range(1, 13)]

    async def scenario() -> None:
        app = ScreenHost(lambda: ChoiceScreen("Respond", choices, "Every plan is blocked."))
        async with app.run_test(size=(80, 20)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
            box = app.screen.query_one("#choices-read")
            assert app.screen.focused is box
            assert box.max_scroll_y > 0  # the last rows are below the fold
            await pilot.press("end")
            await wait_until(pilot, lambda: box.scroll_y == box.max_scroll_y,
                             what="scrolled to the last row")
            await pilot.press("home")
            await wait_until(pilot, lambda: box.scroll_y == 0, what="back at the top")
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, ChoiceScreen))
    run(scenario())


def test_a_choice_dialog_stops_at_its_ends_and_shows_the_blocked_rows_below() -> None:
    """Plan 6 was blocked (a teammate out of AP): ↓ from plan 5 wrapped to plan 1, so a
    newcomer counting rows committed the wrong plan and never saw why plan 6 was out. The
    cursor now stops at the last plan that can be taken, and ↓ there scrolls the blocked
    rows into view; ↑ on the first does not wrap to the bottom."""
    from textual.content import Content

    from triops.client.player.screens.modals import Choice, ChoiceList, ChoiceScreen

    choices = [Choice(f"p{n}", Content(f"{n}. A plan with a long description that takes\n"
                                       f"   two lines and a price (row {n})"),
                      disabled=n == 6) for n in range(1, 7)]
    picked: list[object] = []

    async def scenario() -> None:
        app = ScreenHost(lambda: ChoiceScreen("Respond", choices, "Plan 6 is blocked."), picked)
        async with app.run_test(size=(80, 16)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
            options = app.screen.query_one(ChoiceList)
            assert options.highlighted == 0
            await pilot.press("up")  # no wrap to the bottom
            assert options.highlighted == 0
            for _ in range(7):
                await pilot.press("down")
            assert options.highlighted == 4  # plan 5: the last that can be taken
            await wait_until(pilot, lambda: options.scroll_y == options.max_scroll_y > 0,
                             what="the blocked plan scrolled into view")
            await pilot.press("enter")
            await wait_until(pilot, lambda: picked == ["p5"], what="plan 5 committed")
    run(scenario())


def test_a_plan_is_picked_by_its_number_and_a_blocked_one_says_so() -> None:
    """Counting ↓ presses past a blocked plan (the cursor skips it) landed a newcomer on
    plan 3 while they meant plan 6, and their reason for plan 6 was saved against plan 3.
    Typing a plan's number moves the cursor to it; a blocked plan's number says it is
    blocked, above the list, and leaves no row picked: a newcomer who did not see the line
    pressed Enter and drafted the plan the cursor was still on."""
    from textual.content import Content
    from textual.widgets import Static

    from triops.client.player.screens.modals import Choice, ChoiceList, ChoiceScreen

    choices = [Choice(f"p{n}", Content(f"{n}. Plan {n}"), disabled=n == 2, key=str(n))
               for n in range(1, 7)]
    picked: list[object] = []

    async def scenario() -> None:
        app = ScreenHost(lambda: ChoiceScreen("Respond", choices), picked)
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
            screen = app.screen
            options = screen.query_one(ChoiceList)
            assert "1–6 choose" in str(screen.query_one("Vertical").border_subtitle)
            await pilot.press("6")
            assert options.highlighted == 5
            await pilot.press("2")  # blocked: no row picked, a line says why
            assert options.highlighted is None
            warning = screen.query_one("#choice-warning", Static)
            assert warning.display and "blocked" in str(warning.render())
            assert warning.region.y < options.region.y  # above the list, never off screen
            await pilot.press("enter")  # takes nothing
            await pilot.pause()
            assert picked == [] and isinstance(app.screen, ChoiceScreen)
            await pilot.press("4")
            assert options.highlighted == 3 and not warning.display
            await pilot.press("enter")
            await wait_until(pilot, lambda: picked == ["p4"], what="plan 4 committed")
    run(scenario())


def test_esc_on_an_untouched_prefilled_amount_closes_at_once() -> None:
    """The pledge dialog opens with an amount filled in; Esc asked "Esc again throws away
    what you typed" though nothing was typed. Only a changed field asks first."""
    from triops.client.player.screens.modals import AmountScreen

    closed: list[object] = []

    async def scenario() -> None:
        app = ScreenHost(lambda: AmountScreen("Pledge", "How much?", 3, 1, 9), closed)
        async with app.run_test(size=(80, 20)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, AmountScreen))
            await pilot.press("escape")
            await wait_until(pilot, lambda: closed == [None], what="closed on one Esc")
            app.push_screen(AmountScreen("Pledge", "How much?", 3, 1, 9), closed.append)
            await wait_until(pilot, lambda: isinstance(app.screen, AmountScreen))
            await pilot.press("backspace", "5", "escape")
            await pilot.pause()
            assert isinstance(app.screen, AmountScreen)  # typed: it asks first
            assert "Esc again throws away" in str(app.screen.query_one(".dialog-error").render())
    run(scenario())


def test_an_escalation_path_shows_the_order_it_was_chosen_in() -> None:
    """"Escalation path (selected in order…)" showed a ✓ beside each choice, so a newcomer
    could not see the order they had picked. The boxes show 1, 2, 3 in the order chosen."""
    from textual.widgets.selection_list import Selection

    from triops.client.common.toggles import OrderedSelectionList

    class Host(App[None]):
        def compose(self) -> Any:
            yield OrderedSelectionList(Selection("Risk / legal", "risk"),
                                       Selection("Executive sponsor", "sponsor"),
                                       Selection("Security / privacy", "security"))

    async def scenario() -> None:
        app = Host()
        async with app.run_test(size=(60, 10)) as pilot:
            widget = app.query_one(OrderedSelectionList)
            widget.select("security")
            widget.select("risk")
            await pilot.pause()
            lines = [widget.render_line(y).text for y in range(3)]
            assert "2" in lines[0] and "Risk" in lines[0], lines
            assert "1" not in lines[1] and "2" not in lines[1], lines
            assert "1" in lines[2] and "Security" in lines[2], lines
    run(scenario())


def test_a_lettered_choice_also_takes_its_position_as_a_number() -> None:
    """A tester pressed 5 for diagnosis E (plans take numbers, diagnoses letters), saw
    nothing move, and Enter drafted diagnosis A. A number now picks the lettered choice at
    that position; its letter still does."""
    from textual.content import Content

    from triops.client.player.screens.modals import Choice, ChoiceList, ChoiceScreen

    choices = [Choice(f"d{n}", Content(f"{letter}. A possible cause"), key=letter)
               for n, letter in enumerate("abcde", start=1)]
    picked: list[object] = []

    async def scenario() -> None:
        app = ScreenHost(lambda: ChoiceScreen("Diagnose", choices, "Pick a cause."), picked)
        async with app.run_test(size=(80, 20)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
            options = app.screen.query_one(ChoiceList)
            await pilot.press("5")
            assert options.highlighted == 4
            await pilot.press("b")
            assert options.highlighted == 1
            await pilot.press("9")  # past the last choice: nothing moves
            assert options.highlighted == 1
            await pilot.press("5", "enter")
            await wait_until(pilot, lambda: picked == ["d5"], what="diagnosis E drafted")
    run(scenario())


def test_a_long_ready_summary_scrolls_with_the_arrows_and_enter_still_confirms() -> None:
    """A tester's Ready summary ran past 120x40: the standards about to be adopted sat below
    the fold and neither Down nor PageDown reached them (the focus is on Yes)."""
    from textual.containers import VerticalScroll

    from triops.client.player.screens.modals import ConfirmScreen

    answers: list[bool | None] = []

    body = "\n".join(f"line {n}" for n in range(80)) + "\nStandards adopted at the end"

    async def scenario() -> None:
        app = ScreenHost(lambda: ConfirmScreen("Ready?", body), answers)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            scroll = app.screen.query_one("#confirm-scroll", VerticalScroll)
            assert scroll.max_scroll_y > 0 and scroll.scroll_y == 0
            await pilot.press("pagedown", "pagedown", "pagedown", "down")
            await wait_until(pilot, lambda: scroll.scroll_y == scroll.max_scroll_y,
                             what="the end of the summary")
            await pilot.press("up")
            await wait_until(pilot, lambda: scroll.scroll_y == scroll.max_scroll_y - 1)
            await pilot.press("enter")
            await wait_until(pilot, lambda: answers == [True], what="the confirmation")
    run(scenario())
