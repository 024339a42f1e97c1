"""Budget: each seat's envelope, what is pledged or reserved, the pool, transfers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from triops.client.common.redraw import set_content
from triops.client.player.labels import role_label
from triops.client.player.panels.base import Panel, refuse_if_closed
from triops.client.player.screens.modals import AmountScreen, Choice, ChoiceScreen
from triops.client.player.text import me, my_credits
from triops.game.model.vocab import ROLES


def committed(view: Mapping[str, Any]) -> tuple[dict[str, int], dict[str, int]]:
    """(credits pledged to initiatives, credits reserved by draft responses) per role."""
    pledged: dict[str, int] = {r: 0 for r in ROLES}
    reserved: dict[str, int] = {r: 0 for r in ROLES}
    t = view.get("team", {})
    for ini in t.get("initiatives", []):
        for role, amount in ((ini.get("next") or {}).get("pledges") or {}).items():
            pledged[role] = pledged.get(role, 0) + int(amount)
    for inc in t.get("incidents", []):
        for role, amount in inc.get("reserved", {}).get("cr", {}).items():
            reserved[role] = reserved.get(role, 0) + int(amount)
    return pledged, reserved


def budget_text(view: Mapping[str, Any]) -> Content:
    t = view.get("team", {})
    budget = t.get("budget", {})
    envelopes = budget.get("envelopes", {})
    pool = budget.get("pool")
    pledged, reserved = committed(view)
    mine = me(view)
    out = [Content.styled("Credits by seat (cr)", "bold $accent"),
           Content.styled(f"  {'seat':<16}{'free':>6}{'pledged':>9}{'reserved':>10}"
                          f"{'AP':>5}", "bold")]
    seats = t.get("seats", {})
    for role in ROLES:
        label = role_label(role) + (" (you)" if role == mine else "")
        free = "pool" if pool is not None else str(envelopes.get(role, 0))
        line = (f"  {label:<16}{free:>6}{pledged.get(role, 0):>9}{reserved.get(role, 0):>10}"
                f"{seats.get(role, {}).get('ap', 0):>5}")
        out.append(Content.styled(line, "bold $secondary" if role == mine else ""))
    moved = budget.get("moved") or {}
    if moved:
        # What arrived plus what was moved is what a seat had: without this line a
        # newcomer's "free + pledged + reserved" did not add up to the envelope.
        parts = [f"{role_label(r)} {'received' if n > 0 else 'sent'} {abs(n)} cr"
                 for r, n in sorted(moved.items()) if n]
        out.append(Content.styled("  Moved between seats this quarter: " + ", ".join(parts)
                                  + ".", "$text-muted"))
    out.append(Content(""))
    if pool is not None:
        out.append(Content.assemble((f"Team pool: {pool} cr", "bold $secondary"),
                                    " — the charter's budget pooling right merged the "
                                    "envelopes; every seat spends from the pool."))
    else:
        out.append(Content.styled("No pool: each seat spends from its own envelope. A funded "
                                  "committee whose charter holds the budget pooling right "
                                  "merges them.", "$text-muted"))
    out.append(Content(f"The team holds {budget.get('held', 0)} cr in all (free, pledged and "
                       "reserved)."))
    brief = view.get("briefing", {})
    split = brief.get("envelopes") or {}
    if split and pool is None:
        # A newcomer's envelope ran dry while the team held 30 cr, and nothing said why.
        shares = ", ".join(f"{role_label(r)} {split.get(r, 0)} cr" for r in ROLES)
        arrived = int(budget.get("arrived", 0))
        # The header's envelope is what arrived, moved by cost efficiency: a newcomer read
        # "48 cr arrive" beside 45 cr and took one of them for a bug.
        moved = (f" (cost efficiency moves what arrives by up to a tenth: {arrived} cr this "
                 "quarter)" if arrived and arrived != int(brief.get("budget", 0) or 0) else "")
        out.append(Content.styled(
            f"Each quarter's {brief.get('budget', sum(split.values()))} cr arrive split: "
            f"{shares}{moved}. Upkeep of what is bought comes first out of the lead owner's "
            "envelope (then the other owners'), so the seat that leads many initiatives runs "
            "dry first: ask for a transfer (t) or pool the budgets through the committee.",
            "$text-muted"))
    cap = brief.get("rules", {}).get("carry_over_cap", 0)
    out.append(Content.styled(
        "free: spendable now · pledged: toward initiatives, bought at resolution or returned · "
        f"reserved: held by draft incident responses. Unspent credits carry over up to {cap} cr "
        "(the rest lapses back to the organisation); AP do not.",
        "$text-muted"))
    history = t.get("history", [])
    if history:
        out.append(Content(""))
        out.append(Content.styled("Credits held at the end of each quarter", "bold $accent"))
        out.append(Content("  " + "  ".join(f"Q{h.get('quarter')}: {h.get('credits')}"
                                             for h in history)))
    spend = view.get("private", {}).get("spend_by_kind")
    if spend:
        out.append(Content(""))
        out.append(Content.styled("Spend by kind so far (FinOps view)", "bold $accent"))
        out.append(Content("  " + ", ".join(f"{k} {v} cr" for k, v in spend.items())))
    return Content("\n").join(out)


class BudgetPanel(Panel):
    TITLE = "Budget"
    HOW_TO = (
        "Each quarter the team gets a budget split into one envelope per seat. You spend from "
        "yours: pledges to initiatives and your part of incident responses. If a teammate "
        "needs credits for something the team agreed, transfer them (t). Initiatives owned "
        "by several seats need a share from each owner, so funding is a negotiation."
    )

    BINDINGS: ClassVar[list[BindingType]] = [Binding("t", "transfer", "Transfer credits")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="budget-scroll"):
            yield Static(id="budget-text")
        with Horizontal(classes="action-bar"):
            yield Button("t Transfer credits", id="btn-transfer", compact=True)

    def show(self, view: Mapping[str, Any]) -> None:
        super().show(view)
        set_content(self.query_one("#budget-text", Static), budget_text(view))

    @on(Button.Pressed, "#btn-transfer")
    def _button(self) -> None:
        self.action_transfer()

    def action_transfer(self) -> None:
        if refuse_if_closed(self, self.view):
            return
        credits, pooled = my_credits(self.view)
        if pooled:
            self.notify("The budget is pooled: every seat already spends from one pool.")
            return
        if credits < 1:
            self.notify("Your envelope is empty.", severity="warning")
            return
        mine = me(self.view)
        envelopes = self.view.get("team", {}).get("budget", {}).get("envelopes", {})
        choices = [Choice(r, Content.assemble((role_label(r), "bold"),
                                              f"  (holds {envelopes.get(r, 0)} cr)"))
                   for r in ROLES if r != mine]

        def amount(role: object) -> None:
            if not isinstance(role, str):
                return

            def done(value: object) -> None:
                if isinstance(value, int):
                    self.act({"type": "transfer", "to_role": role, "amount": value},
                             f"transfer to {role_label(role)}")
            self.app.push_screen(AmountScreen(
                f"Transfer to {role_label(role)}",
                f"You hold {credits} cr. The credits move at once.",
                min(credits, 2), 1, credits), done)
        self.app.push_screen(ChoiceScreen("Transfer credits to…", choices,
                                          f"Your envelope holds {credits} cr."), amount)
