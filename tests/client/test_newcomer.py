"""What a newcomer met playing a whole game at a person's pace: the brief's next step, the
Notify price, the Investigate cursor, moving between incidents, toasts over a dialog, the
leaderboard's names and the charter's focus.

Each test drives the real player app against a real local server over WebSockets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.color import Color
from textual.widgets import OptionList, Static

from tests.client.live import (
    LiveApp,
    LiveGame,
    ScreenHost,
    at_planning,
    run,
    screen_text,
    to_charter,
    to_planning,
    wait_until,
)
from triops.client.common.help import HelpScreen
from triops.client.player import TokenStore
from triops.client.player.panels.incidents import IncidentsPanel
from triops.client.player.screens.modals import ChoiceScreen, ConfirmScreen, TextScreen
from triops.client.player.text import response_ap_needs


def open_incidents(app: LiveApp) -> list[dict[str, Any]]:
    return [i for i in app.view["team"]["incidents"] if i["status"] == "open"]


async def incidents_tab(pilot, app: LiveApp) -> IncidentsPanel:  # type: ignore[no-untyped-def]
    """Open the Incidents tab (2) and wait until it shows an incident."""
    await pilot.press("2")
    panel = app.main.query_one(IncidentsPanel)
    await wait_until(pilot, lambda: panel.selected)
    return panel


def toast_text(app: LiveApp) -> str:
    return "\n".join(f"{n.title} {n.message}" for n in app._notifications)


def test_in_a_workshop_the_brief_says_the_facilitator_starts_the_next_quarter(
        tmp_path: Path) -> None:
    """The other side of the solo wording (tests/solo): with a facilitator, the brief names
    them."""
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await game.fac_act({"type": "start_game"})
            await game.to_phase("planning", 0)
            await game.fac_act({"type": "force_resolve"})
            await wait_until(pilot, lambda: app.view["game"]["phase"] == "review")
            await pilot.press("1")
            await wait_until(pilot, lambda: "What to do now" in screen_text(app))
            text = screen_text(app)
            assert "The facilitator starts the next quarter." in text, text
            assert "Press n" not in text
    run(scenario())


def test_the_notify_dialog_says_what_notifying_costs_and_what_ap_it_leaves(
        tmp_path: Path) -> None:
    """It said "1 AP and a few credits"; a newcomer lost their last AP and did not know how
    many credits. The AP it takes and what that leaves (against what responding asks) are
    from the view, and so are the credits: the server's figure (`team.notify_cost`)."""
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_planning(game, pilot, app, 1)
            ap = app.view["team"]["seats"]["dataops"]["ap"]
            cr = app.view["team"]["budget"]["envelopes"]["dataops"]
            assert app.view["team"]["committee_active"] is False
            await pilot.press("2", "m")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen),
                             what="the notify dialog")
            body = str(app.screen.query_one("#confirm-body", Static).content)
            assert "a few credits" not in body
            fee = app.view["team"]["notify_cost"]
            assert fee == 2  # the scenario's fee, no committee working
            assert f"Costs you 1 AP and {fee} cr." in body, body
            assert f"You have {ap} AP" in body and f"leaves {ap - 1} AP" in body, body
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.view["team"]["seats"]["dataops"]["ap"]
                             == ap - 1, what="the notification")
            # what it took: the 1 AP and the credits the dialog named
            paid = cr - app.view["team"]["budget"]["envelopes"]["dataops"]
            assert paid == fee, paid
            # the dialog shows whatever figure the server sends (halved with the committee)
            panel = app.main.query_one(IncidentsPanel)
            inc = next(i for i in open_incidents(app) if not i.get("notified"))
            panel.selected = inc["id"]
            panel.view = {**app.view, "team": {**app.view["team"], "notify_cost": 1}}
            panel.action_notify_stakeholders()
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            body = str(app.screen.query_one("#confirm-body", Static).content)
            assert "Costs you 1 AP and 1 cr." in body, body
            await pilot.press("escape")
            # why the fee fell, and why an incident that came back is reported again
            back = {**inc, "source": "recurrence", "clock_due": 3}
            panel.view = {**app.view, "team": {
                **app.view["team"], "notify_cost": 1, "committee_active": True,
                "incidents": [back if i["id"] == inc["id"] else i
                              for i in app.view["team"]["incidents"]]}}
            panel.action_notify_stakeholders()
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            body = str(app.screen.query_one("#confirm-body", Static).content)
            assert "1 cr (halved while the governance committee works)." in body, body
            assert "this one needs its own" in body, body
            assert "less than the fee" not in body, body
            await pilot.press("escape")
            # a fee above what the seat holds is said before Enter, with the way out
            held = app.view["team"]["budget"]["envelopes"]["dataops"]
            panel.view = {**app.view, "team": {**app.view["team"], "notify_cost": held + 1}}
            panel.action_notify_stakeholders()
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
            body = str(app.screen.query_one("#confirm-body", Static).content)
            assert f"You hold {held} cr, less than the fee" in body, body
            await pilot.press("escape")
    run(scenario())


def test_investigate_starts_on_the_first_row_and_asks_twice_before_leaving_too_few_ap(
        tmp_path: Path) -> None:
    """A newcomer pressed Down twice expecting their own 1 AP clue (Diagnose starts on its
    first row; Investigate started in the middle), took another role's 3 AP clue with one
    Enter, and had 0 AP left to respond. Both dialogs now start on their first row (the
    cheapest clue is listed first), and a clue that leaves too few AP to respond asks for a
    second Enter."""
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_planning(game, pilot, app, 1)
            inc = open_incidents(app)[0]
            ap = app.view["team"]["seats"]["dataops"]["ap"]
            least = sum(lo for _, lo, _ in response_ap_needs(app.view))
            await pilot.press("2", "d")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
            assert app.screen.query_one(OptionList).highlighted == 0  # Diagnose: first row
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, ChoiceScreen))
            await pilot.press("i")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
            options = app.screen.query_one(OptionList)
            assert options.highlighted == 0  # Investigate too
            first = options.get_option_at_index(0).id
            cheapest = min(inc["investigable"], key=lambda c: (c["ap"], c["role"] != "dataops"))
            assert first == cheapest["id"] and cheapest["role"] == "dataops"
            # the newcomer's keys: Down twice, Enter, on a clue that leaves too few AP
            await pilot.press("down", "down")
            row = options.get_option_at_index(options.highlighted or 0).id
            clue = next(c for c in inc["investigable"] if c["id"] == row)
            assert clue["role"] != "dataops" and ap - clue["ap"] < least, (clue, ap, least)
            await pilot.press("enter")
            await pilot.pause(0.2)
            assert isinstance(app.screen, ChoiceScreen), "one Enter spent the AP"
            text = screen_text(app)
            assert f"leaves you {ap - clue['ap']}: too few to respond" in text, text
            assert "Enter again to go ahead" in text
            # moving away takes the warning back; coming back asks again
            await pilot.press("up")
            await pilot.pause()
            assert "Enter again to go ahead" not in screen_text(app)
            await pilot.press("down", "enter")
            await pilot.pause(0.2)
            assert isinstance(app.screen, ChoiceScreen)
            assert app.view["team"]["seats"]["dataops"]["ap"] == ap
            await pilot.press("enter")  # the second Enter: done on purpose
            await wait_until(pilot, lambda: app.view["team"]["seats"]["dataops"]["ap"]
                             == ap - clue["ap"], what="the investigation")
    run(scenario())


def test_brackets_move_between_incidents_and_the_list_shows_it_has_the_keys(
        tmp_path: Path) -> None:
    """There was no key to move between incidents in the footer or the help, and the list
    showed no focus: a newcomer needed Shift+Tab three times, then Down."""
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_planning(game, pilot, app, 1)
            incs = open_incidents(app)
            assert len(incs) >= 2, [i["title"] for i in incs]
            await pilot.press("2")
            panel = app.main.query_one(IncidentsPanel)
            listing = panel.query_one("#incident-list", OptionList)
            await wait_until(pilot, lambda: listing.display and panel.selected)
            footer = screen_text(app).splitlines()[-1]
            assert "] Next incident" in footer, footer
            start = panel.selected
            await pilot.press("right_square_bracket")
            await wait_until(pilot, lambda: panel.selected != start, what="the next incident")
            title = next(i["title"] for i in incs if i["id"] == panel.selected)
            assert title in str(panel.query_one("#incident-text", Static).content)
            # the list has the keys, and shows it: a bar on its left
            assert app.focused is listing
            bar = listing.styles.outline_left
            assert bar[0] == "thick" and bar[1] == secondary(app), bar
            await pilot.press("left_square_bracket")
            await wait_until(pilot, lambda: panel.selected == start, what="back again")
            # the arrows go on from there
            await pilot.press("down")
            await wait_until(pilot, lambda: panel.selected != start)
            # away from the list, no bar
            await pilot.press("tab")
            await pilot.pause()
            assert listing.styles.outline_left[1] != secondary(app)
            await pilot.press("question_mark")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
            text = str(app.screen.query_one("#help-keys", Static).content)
            assert "The next incident in the list" in text, text
            assert "The previous incident in the list" in text, text
    run(scenario())


def test_the_help_key_stays_on_the_key_bar_of_a_100_column_terminal(tmp_path: Path) -> None:
    """With two incidents' keys on the bar, a 100-column terminal cut "? Help" off its end:
    the key that lists every other one is drawn first."""
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(100, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_planning(game, pilot, app, 1)
            assert len(open_incidents(app)) >= 2
            await incidents_tab(pilot, app)
            await wait_until(pilot, lambda: "] Next incident" in screen_text(app).splitlines()[-1])
            footer = screen_text(app).splitlines()[-1]
            assert footer.strip().startswith("? Help"), footer
    run(scenario())


def test_page_keys_on_a_single_incident_scroll_its_text_and_never_crash(
        tmp_path: Path) -> None:
    """With one incident the list is hidden, but it kept the focus: PageDown reached the
    hidden list and the app died (KeyError in OptionList's paging), and End did nothing.
    The keys now scroll the incident's text."""
    async def scenario() -> None:
        game = LiveGame(bots="none", seed=1)
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 24)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_planning(game, pilot, app, 1)
            assert len(open_incidents(app)) == 1
            panel = await incidents_tab(pilot, app)
            listing = panel.query_one("#incident-list", OptionList)
            assert not listing.display
            detail = panel.query_one("#incident-detail")
            await wait_until(pilot, lambda: detail.max_scroll_y > 0, what="a text to scroll")
            for key in ("pagedown", "pageup", "end", "home", "pagedown"):
                await pilot.press(key)
                await pilot.pause()
            assert app.is_running
            assert app.focused is not listing
            assert detail.scroll_y > 0, "PageDown scrolls the incident's text"
            await pilot.press("end")
            await wait_until(pilot, lambda: detail.scroll_y == detail.max_scroll_y)
            # Opening the area puts the focus on the text (the hidden list took it), and the
            # page keys read it from anywhere in the area, a button included.
            await pilot.press("1")
            await incidents_tab(pilot, app)
            await wait_until(pilot, lambda: app.focused is detail, what="focus on the text")
            await pilot.press("home")
            panel.query_one("#btn-investigate").focus()
            await pilot.press("pagedown")
            await wait_until(pilot, lambda: detail.scroll_y > 0, what="PageDown from a button")
    run(scenario())


def secondary(app: LiveApp) -> Color:
    return Color.parse(app.theme_variables["secondary"])


def test_toasts_do_not_cover_an_open_dialog_and_show_once_it_closes(tmp_path: Path) -> None:
    """Toasts stayed over the "Justify plan" dialog and the player's next key went into its
    field unseen. Those showing when a dialog opens are hidden while it is open; those raised
    while it is open wait, and show when it closes."""
    async def scenario() -> None:
        async with at_planning(tmp_path, notifications=True) as (game, app, pilot):
            await game.fac_act({"type": "fire_inject", "inject": "peak-season"})
            await wait_until(pilot, lambda: "Inject: Holiday peak campaign" in screen_text(app),
                             what="the inject toast")
            # the justification dialog, as the newcomer had it
            await pilot.press("2", "p")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
            await pilot.press("enter")
            await wait_until(pilot, lambda: isinstance(app.screen, TextScreen),
                             what="the justify dialog")
            await pilot.pause()
            assert "Inject: Holiday peak campaign" not in screen_text(app)
            assert not shown_toasts(app)
            # a notice raised now (another inject) waits
            await game.fac_act({"type": "fire_inject", "inject": "cfo-mandate"})
            await wait_until(pilot, lambda: any(n.title.startswith("Inject") for n in app._held),
                             what="the held notice")
            title = next(n.title for n in app._held if n.title.startswith("Inject"))
            await pilot.pause(0.2)
            assert not shown_toasts(app)
            await pilot.press("escape")
            await wait_until(pilot, lambda: any(title in t for t in shown_toasts(app)),
                             what="the notice after the dialog")
    run(scenario())


def test_the_same_notice_held_several_times_shows_once(tmp_path: Path) -> None:
    """Ten roadmap lines added through the line dialog stacked ten "✓ add roadmap line"
    toasts over half the screen once the dialogs closed: a notice held more than once
    shows once."""
    async def scenario() -> None:
        async with at_planning(tmp_path, notifications=True) as (_game, app, pilot):
            await pilot.press("2", "p")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
            for _ in range(3):
                app.notify("✓ add roadmap line", timeout=5)
            assert sum(n.message == "✓ add roadmap line" for n in app._held) == 3
            await pilot.press("escape")
            await wait_until(pilot, lambda: shown_toasts(app), what="the held notices")
            await pilot.pause(0.2)
            assert sum("add roadmap line" in t for t in shown_toasts(app)) == 1, \
                shown_toasts(app)
    run(scenario())


def shown_toasts(app: LiveApp) -> list[str]:
    """The toasts on the top screen that take room on it (a hidden rack gives them none)."""
    from textual.widgets._toast import Toast, ToastRack

    rack = app.screen.get_child_by_type(ToastRack)
    return [str(t.render()) for holder in rack.children for t in holder.children
            if isinstance(t, Toast) and t.region.area]


def test_the_leaderboard_shows_team_names_in_full_at_120_columns(tmp_path: Path) -> None:
    """"Your team" was cut to "Your" (and "Red ◀ you" to "Red")."""
    async def scenario() -> None:
        game = LiveGame(teams=("Red", "Your team"), bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await game.fac_act({"type": "start_game"})
            await wait_until(pilot, lambda: app.view["game"]["phase"] == "planning"
                             and app.view.get("leaderboard"))
            await pilot.press("7")
            await wait_until(pilot, lambda: "Outcome" in screen_text(app))
            text = screen_text(app)
            assert "Your team" in text, text
            assert "Red ◀ you" in text, text
    run(scenario())


def test_the_charter_field_with_the_keys_is_marked(tmp_path: Path) -> None:
    """A newcomer could not tell which charter field had the keys: Down and Space meant for
    "Security / privacy" in the members list opened the Chair dropdown."""
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_charter(game, pilot, app)
            fields = ["#charter-members", "#charter-chair", "#charter-cadence",
                      "#charter-tiering", "#charter-purpose"]
            for ident in fields:
                field = app.screen.query_one(ident)
                field.focus()
                await pilot.pause()
                for other in fields:
                    widget = app.screen.query_one(other)
                    marked = widget.styles.border_left[1] == secondary(app) \
                        and widget.styles.background_tint.a > 0
                    assert marked == (other == ident), (ident, other, widget.styles.border_left)
    run(scenario())


def test_the_charter_offers_the_frameworks_the_server_lists_for_the_organisation(
        tmp_path: Path) -> None:
    """A practitioner found the EU AI Act offered to a US bank's charter: the form offers the
    frameworks the scenario's organisation answers to, as the server sends them (a grocer:
    no bank supervisor's guidance), and saving keeps a choice among them."""
    from textual.widgets import SelectionList

    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_charter(game, pilot, app)  # the charter, beside the roadmap
            listing = app.screen.query_one("#charter-frameworks", SelectionList)
            sent = [f["id"] for f in app.view["catalogue"]["frameworks"]]
            assert sent == ["nist_ai_rmf_govern", "iso_42001_a3", "eu_ai_act"]
            await wait_until(pilot, lambda: [listing.get_option_at_index(i).value
                                             for i in range(listing.option_count)] == sent)
            listing.select("eu_ai_act")
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: (app.view["team"].get("charter") or {}).get(
                "frameworks") == ["eu_ai_act"], what="the saved charter")
    run(scenario())


def test_esc_leaves_a_form_field_as_the_help_says(tmp_path: Path) -> None:
    """The help says "press Esc to leave the field"; in the charter's purpose it did nothing,
    and a newcomer's next keys were typed in ("…cost-controlled[]]")."""
    from textual.widgets import Input

    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_charter(game, pilot, app)
            purpose = app.screen.query_one("#charter-purpose", Input)
            purpose.focus()
            await pilot.press(*"cost-controlled")
            await pilot.press("escape")
            await pilot.pause()
            assert not isinstance(app.focused, Input), app.focused
            await pilot.press("right_square_bracket", "right_square_bracket")
            assert purpose.value == "cost-controlled"
    run(scenario())


def test_the_budget_says_how_each_quarters_money_is_split_and_who_pays_upkeep(
        tmp_path: Path) -> None:
    """A newcomer's envelope went 16, 13, 3, 1, 0 cr while the team held 30-38 cr, and
    nothing explained how the budget is split or where upkeep comes from."""
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_planning(game, pilot, app, 1)
            await pilot.press("4")
            split = app.view["briefing"]["envelopes"]
            await wait_until(pilot, lambda: "arrive split" in screen_text(app))
            text = str(app.main.query_one("#budget-text", Static).content)
            assert f"DataOps {split['dataops']} cr" in text, text
            assert "Upkeep of what is bought comes first out of the lead owner's" in text
    run(scenario())


def test_esc_in_a_dialogs_text_field_does_not_throw_away_what_was_typed() -> None:
    """A newcomer typed a plan's justification, pressed Esc to leave the field, and the plan
    was silently not drafted: with only a text field, the first Esc asks, the second cancels;
    an empty field cancels at once."""
    from textual.widgets import Input

    results: list[object] = []

    async def scenario() -> None:
        app = ScreenHost(lambda: TextScreen("Justify plan 5", "Why this plan?",
                                            optional=True), results)
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            await pilot.press(*"treats the feed")
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, TextScreen) and results == []
            said = str(app.screen.query_one("#text-error", Static).content)
            assert "Esc again throws away what you typed" in said, said
            await pilot.press("escape")
            await pilot.pause()
            assert results == [None]
            app.push_screen(TextScreen("Justify", "Why?", optional=True), results.append)
            await pilot.pause()
            await pilot.press("escape")  # nothing typed: cancels at once
            await pilot.pause()
            assert results == [None, None] and not isinstance(app.screen, TextScreen)
            app.push_screen(TextScreen("Justify", "Why?", optional=True), results.append)
            await pilot.pause()
            await pilot.press(*"kept", "enter")
            await pilot.pause()
            assert results[-1] == "kept"
            assert not app.screen.query(Input)
    run(scenario())


def test_closing_the_glossary_gives_the_focus_back_where_it_was(tmp_path: Path) -> None:
    """A newcomer on the charter's decision rights pressed g, then Esc: the next Space and
    Down did nothing, and the charter was saved without the rights they meant to tick."""
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(100, 32)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_charter(game, pilot, app)
            rights = app.screen.query_one("#charter-rights")
            rights.focus()
            await pilot.pause()
            await pilot.press("g")
            await wait_until(pilot, lambda: type(app.screen).__name__ == "GlossaryScreen")
            await pilot.press("escape")
            await wait_until(pilot, lambda: type(app.screen).__name__ != "GlossaryScreen")
            await pilot.pause()
            assert app.focused is rights, app.focused
    run(scenario())


def test_page_keys_on_the_incident_list_read_on_in_the_incidents_text(tmp_path: Path) -> None:
    """With two incidents PageDown moved the list (to a resolved incident) instead of the
    text a newcomer was reading; the page keys now scroll the text, ↑ ↓ still choose."""
    async def scenario() -> None:
        game = LiveGame(bots="none")
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(120, 24)) as pilot:
            await wait_until(pilot, lambda: app.view)
            await to_planning(game, pilot, app, 1)
            assert len(open_incidents(app)) >= 2
            panel = await incidents_tab(pilot, app)
            listing = panel.query_one("#incident-list", OptionList)
            listing.focus()
            detail = panel.query_one("#incident-detail")
            await wait_until(pilot, lambda: detail.max_scroll_y > 0, what="a text to scroll")
            chosen = panel.selected
            await pilot.press("pagedown")
            await pilot.pause()
            assert panel.selected == chosen and detail.scroll_y > 0
            await pilot.press("end")
            await wait_until(pilot, lambda: detail.scroll_y == detail.max_scroll_y)
            await pilot.press("home")
            await wait_until(pilot, lambda: detail.scroll_y == 0)
            assert app.focused is listing
            await pilot.press("down")
            await wait_until(pilot, lambda: panel.selected != chosen)
    run(scenario())


def test_the_brief_takes_the_page_keys_from_the_start(tmp_path: Path) -> None:
    """A newcomer's Brief did not scroll until they pressed Tab: the tab bar held the focus.
    At the start the Brief's text has it, and PageDown reads on."""
    async def scenario() -> None:
        game = LiveGame(bots="none", seed=1)
        app = LiveApp(game, TokenStore(tmp_path / "player.json"))
        async with app.run_test(size=(100, 24)) as pilot:
            await wait_until(pilot, lambda: app.view)
            brief = app.screen.query_one("#brief-scroll")
            await wait_until(pilot, lambda: app.focused is brief, what="focus on the Brief")
            await wait_until(pilot, lambda: brief.max_scroll_y > 0, what="a Brief to scroll")
            await pilot.press("pagedown")
            await wait_until(pilot, lambda: brief.scroll_y > 0, what="PageDown reads on")
    run(scenario())


def test_a_share_that_costs_an_action_point_asks_for_a_second_enter(tmp_path: Path) -> None:
    """A newcomer paid an AP by accident, twice: the fourth share of a quarter costs one, the
    price sat in the dialog's intro, and Enter shared at once. A paid share now asks again."""
    from tests.client.test_snapshots import act

    async def scenario() -> None:
        async with at_planning(tmp_path) as (_game, app, pilot):
            first, second = open_incidents(app)[:2]
            for inc in (first, second):  # dig our own clue on each: two clues an incident
                own = next(c for c in inc["investigable"] if c["role"] == "dataops")
                await act(app, {"type": "investigate", "incident": inc["id"], "clue": own["id"]})
            # the paid (fourth) share on the incident the panel opens on, the first
            shares = [(inc["id"], c["id"]) for inc in reversed(open_incidents(app)[:2])
                      for c in inc["clues"] if c["role"] == "dataops"]
            assert len(shares) >= 4, shares
            for incident, clue in shares[:3]:  # the three free shares
                await act(app, {"type": "share_clue", "incident": incident, "clue": clue})
            ap = app.view["team"]["seats"]["dataops"]["ap"]
            assert ap >= 1
            assert shares[3][0] == open_incidents(app)[0]["id"]
            await pilot.press("2", "s")
            await wait_until(pilot, lambda: isinstance(app.screen, ChoiceScreen))
            await pilot.press("enter")
            await pilot.pause(0.2)
            assert isinstance(app.screen, ChoiceScreen), "one Enter spent the AP"
            assert "This share costs 1 AP: Enter again" in screen_text(app)
            assert app.view["team"]["seats"]["dataops"]["ap"] == ap
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.view["team"]["seats"]["dataops"]["ap"] == ap - 1,
                             what="the paid share")
    run(scenario())
