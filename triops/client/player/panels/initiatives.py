"""Initiatives: levels, costs, upkeep, prerequisites, owners and pledges; fund or take back."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, DataTable, Static

from triops.client.common.redraw import set_content
from triops.client.common.tables import RowTable
from triops.client.common.theme import GLYPHS
from triops.client.player.labels import condition_label, pull_way, role_label
from triops.client.player.panels.base import Panel
from triops.client.player.screens.modals import AmountScreen, ConfirmScreen
from triops.client.player.text import me, my_credits
from triops.game.model.vocab import METRIC_NAMES

Ini = Mapping[str, Any]


def effects_text(effects: Mapping[str, Any]) -> str:
    return ", ".join(f"{METRIC_NAMES.get(k, k)} {int(v):+d}" for k, v in effects.items()
                     if isinstance(v, int | float)) or "no direct metric change"


def prereqs_met(ini: Ini) -> bool:
    return all(p.get("met") for p in ini.get("prerequisites", []))


def when_text(nxt: Ini) -> str:
    """When the next level takes effect, as the server works it out (`takes_effect`: the
    level's delay from the quarter it would be bought in)."""
    delay, lands = int(nxt.get("delay", 0)), nxt.get("takes_effect")
    if delay == 0:
        return (f"takes effect in the quarter it is bought (Q{lands}), "
                "counting when that quarter resolves")
    return (f"takes effect from Q{lands}, {delay} quarter{'s' if delay > 1 else ''} after the "
            "quarter it is bought in")


def waste_text(view: Mapping[str, Any], nxt: Ini) -> str:
    """The warning for a level the server marks `wasted`: it would land after the last
    quarter."""
    last = view.get("game", {}).get("quarters")
    return (f"Waste: bought now it would take effect from Q{nxt.get('takes_effect')}, after "
            f"the last quarter (Q{last}), so it would change nothing in this game.")


def initiative_detail(view: Mapping[str, Any], ini: Ini | None) -> Content:
    if ini is None:
        return Content.styled("No initiatives in this scenario.", "$text-muted")
    names = {i["id"]: i["name"] for i in view.get("team", {}).get("initiatives", [])}
    owners = ", ".join(role_label(r) for r in ini.get("owners", []))
    out = [
        Content.assemble((f"{ini['id']} {ini['name']}", "bold underline"),
                         (f"  owners: {owners}", "$text-muted")),
        Content(str(ini.get("summary", ""))),
    ]
    level, effective = ini.get("level", "none"), ini.get("effective", "none")
    now = f"Now: {level}" + (f" (in effect: {effective})" if effective != level else "")
    upkeep = int(ini.get("upkeep", 0))
    out.append(Content.assemble((now, "bold"), f" · upkeep {upkeep} cr per quarter"
                                if upkeep else ""))
    nxt = ini.get("next")
    if nxt is None:
        out.append(Content.styled("At run, its top level.", "$text-muted"))
    else:
        out.append(Content.assemble(
            ("Next level: ", "bold"), (f"{nxt['level']} for {nxt['cost']} cr", "bold $secondary"),
            f", then {nxt.get('upkeep', 0)} cr per quarter upkeep; {when_text(nxt)}"))
        if nxt.get("wasted"):
            out.append(Content.styled(f"  {GLYPHS['warn']} {waste_text(view, nxt)}",
                                      "bold $warning"))
        out.append(Content(f"  Raises where metrics settle: {effects_text(nxt.get('effects', {}))}"
                           f" (each metric moves {pull_way(view)} there per quarter)"))
        pledges = nxt.get("pledges", {})
        total = sum(int(v) for v in pledges.values())
        who = ", ".join(f"{role_label(r)} {v}" for r, v in pledges.items()) or "nobody yet"
        out.append(Content.assemble(
            ("  Pledged ", "bold"), (f"{total}/{nxt['cost']} cr", "bold"), f": {who}",
            (f" · yours: {pledges.get(me(view), 0)}", "$secondary")))
        short = nxt.get("owners_short") or []
        if short and nxt.get("min_share"):
            out.append(Content.styled(
                f"  {GLYPHS['warn']} Each owner puts in at least {nxt['min_share']} cr; still "
                f"short: {', '.join(role_label(r) for r in short)}", "$warning"))
        if nxt.get("bought_this_quarter"):
            out.append(Content.styled("  Already moved up a level this quarter.",
                                      "$text-muted"))
    prereqs = ini.get("prerequisites", [])
    if prereqs:
        out.append(Content.styled("Prerequisites", "bold"))
        for p in prereqs:
            ok = bool(p.get("met"))
            out.append(Content.assemble(
                ("  " + (GLYPHS["yes"] if ok else GLYPHS["no"]) + " ",
                 "$success" if ok else "$error bold"),
                condition_label(str(p.get("condition")), names),
                ("" if ok else "  (missing: funding now is wasted until it exists)",
                 "$warning")))
    if ini.get("needs_charter"):
        problems = view.get("team", {}).get("charter_problems", [])
        out.append(Content.styled(
            "Needs a complete charter (Artefacts, 5)" + (": " + "; ".join(problems)
                                                         if problems else f" {GLYPHS['yes']}"),
            "$warning" if problems else "$text-muted"))
    out.append(Content.styled(f"Framework: {ini.get('anchor', '')} · concept: "
                              f"{ini.get('concept', '')}", "$text-muted"))
    return Content("\n").join(out)


class InitiativesPanel(Panel):
    TITLE = "Initiatives"
    HOW_TO = (
        "Initiatives are bought one level at a time (crawl, walk, run). Pledge credits (f) "
        "toward the next level; the level is bought when the quarter resolves if the pledges "
        "cover its cost and every owner put in a share, otherwise the pledges come back. "
        "A level takes effect its delay after the quarter it is bought in: with no delay it "
        "already counts when that quarter resolves, with a delay of 1 from the next quarter; "
        "the list's Next column (→Q2) and the detail say from which quarter, and mark a level "
        "that would land after the last quarter as waste. "
        "Check prerequisites first (the Pre column: ✓ in place, ✗ missing; the detail names "
        "them): an initiative whose prerequisites are missing has no effect. Running "
        "initiatives charge upkeep every quarter. Funding opens in Q1."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "fund", "Fund (pledge)"),
        Binding("u", "unpledge", "Take back pledge"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.selected: str | None = None
        self._table_key: Any = None

    def compose(self) -> ComposeResult:
        yield RowTable(id="initiative-table")
        with VerticalScroll(id="initiative-detail"):
            yield Static(id="initiative-text")
        with Horizontal(classes="action-bar"):
            yield Button("f Fund / pledge", id="btn-fund", compact=True)
            yield Button("u Take back", id="btn-unpledge", compact=True)

    def initiatives(self) -> list[Ini]:
        return list(self.view.get("team", {}).get("initiatives", []))

    def current(self) -> Ini | None:
        inis = self.initiatives()
        return next((i for i in inis if i["id"] == self.selected), inis[0] if inis else None)

    def show(self, view: Mapping[str, Any]) -> None:
        super().show(view)
        inis = self.initiatives()
        if self.selected not in [i["id"] for i in inis]:
            self.selected = inis[0]["id"] if inis else None
        width = self.size.width or 64
        key = (tuple(repr(i) for i in inis), width, me(view))
        if key != self._table_key:
            self._table_key = key
            self._fill(inis, width)
        set_content(self.query_one("#initiative-text", Static), initiative_detail(view,
                                                                           self.current()))

    def on_resize(self) -> None:
        if self.view:
            self.show(self.view)

    def _fill(self, inis: list[Ini], width: int) -> None:
        table = self.query_one(DataTable)
        name_width = max(14, min(44, width - 48))
        rows = [self._row(ini) for ini in inis]

        def fit(header: str, column: int) -> int:
            # Explicit widths: after clear(columns=True) an auto-width column was once seen
            # keeping its header's width, which cut "I10" to "I1" and "crawl" to "craw".
            return max([len(header), *(len(str(row[column])) for row in rows)])

        table.clear(columns=True)
        table.add_column("ID", key="id", width=fit("ID", 0))
        table.add_column("Initiative", key="name", width=name_width)
        table.add_column("Now", key="now", width=fit("Now", 2))
        table.add_column("Next", key="next", width=fit("Next", 3))
        table.add_column("Pledged", key="pledged", width=fit("Pledged", 4))
        table.add_column("Pre", key="pre", width=3)
        for ini, row in zip(inis, rows, strict=True):
            table.add_row(*row, key=ini["id"])
        if self.selected:
            ids = [i["id"] for i in inis]
            if self.selected in ids:
                table.move_cursor(row=ids.index(self.selected), animate=False)

    @staticmethod
    def _row(ini: Ini) -> tuple[Any, ...]:
        nxt = ini.get("next")
        if nxt:
            pledges = nxt.get("pledges", {})
            total = sum(int(v) for v in pledges.values())
            # The server marks a level that would land after the last quarter.
            # When it would take effect, in the list too: a newcomer learned that some
            # levels wait a quarter only from the waste marks of the last quarter.
            lands = nxt.get("takes_effect")
            nxt_text = f"{nxt['level']} {nxt['cost']}cr" + (
                f" {GLYPHS['warn']}waste" if nxt.get("wasted")
                else f" →Q{lands}" if lands is not None else "")
            full = total >= int(nxt["cost"]) and not nxt.get("owners_short")
            pledged = Content.styled(f"{total}/{nxt['cost']}" + (GLYPHS["yes"] if full
                                                                  else ""),
                                     "$success" if full else "")
        else:
            nxt_text, pledged = "top", Content("—")
        pre = prereqs_met(ini)
        level = str(ini.get("level", "none"))
        now = "—" if level == "none" else level if level == ini.get("effective") else f"{level}*"
        return (ini["id"], ini["name"], now, nxt_text, pledged,
                Content.styled(GLYPHS["yes"] if pre else GLYPHS["no"],
                               "$success" if pre else "$error bold"))

    @on(DataTable.RowHighlighted)
    def _pick(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value
        if key and key != self.selected:
            self.selected = key
            set_content(self.query_one("#initiative-text", Static),
                initiative_detail(self.view, self.current()))

    @on(DataTable.RowSelected)
    def _enter(self, event: DataTable.RowSelected) -> None:
        self.action_fund()

    @on(Button.Pressed, ".action-bar Button")
    async def _button(self, event: Button.Pressed) -> None:
        await self.run_action(str(event.button.id).removeprefix("btn-"))

    def glossary_text(self) -> str:
        ini = self.current()
        return self.HOW_TO + (f" {ini['name']} {ini.get('summary', '')} {ini.get('anchor', '')}"
                              if ini else "")

    def action_fund(self) -> None:
        ini = self.current()
        if ini is None:
            return
        # What the rules allow now, as the server worked it out (the view's `can`).
        can = self.view.get("can", {}).get("pledge", {}).get(ini["id"], {})
        if "max" not in can:
            hint = (" Ask a teammate for a transfer (4)."
                    if can.get("code") == "insufficient_credits" else "")
            self.notify(str(can.get("why") or "You cannot pledge to this now.") + hint,
                        severity="warning")
            return
        nxt = ini["next"]
        credits, pooled = my_credits(self.view)
        pledged = sum(int(v) for v in nxt.get("pledges", {}).values())
        room = int(nxt["cost"]) - pledged
        high = int(can["max"])
        share = int(nxt.get("min_share") or 0)
        default = min(high, share) if me(self.view) in (nxt.get("owners_short") or []) and \
            share else high
        lines = [Content.assemble((f"{ini['id']} {ini['name']} → {nxt['level']}", "bold")),
                 Content(f"Costs {nxt['cost']} cr; {pledged} pledged, {room} still needed."),
                 Content(f"You can spend {credits} cr "
                         f"({'the team pool' if pooled else 'your envelope'}).")]
        if nxt.get("wasted"):
            lines.append(Content.styled(f"{GLYPHS['warn']} {waste_text(self.view, nxt)}",
                                        "bold $warning"))
        if not prereqs_met(ini):
            names = {i["id"]: i["name"] for i in self.view.get("team", {}).get("initiatives", [])}
            missing = [condition_label(str(p.get("condition")), names)
                       for p in ini.get("prerequisites", []) if not p.get("met")]
            lines.append(Content.styled(f"{GLYPHS['warn']} Its prerequisites are missing "
                                        f"({'; '.join(missing)}): it will have no effect "
                                        "until they exist.", "bold $warning"))
        if share and nxt.get("owners_short"):
            lines.append(Content.styled(
                f"Each owner must put in at least {share} cr; still short: "
                + ", ".join(role_label(r) for r in nxt["owners_short"]), "$warning"))

        def done(amount: object) -> None:
            if isinstance(amount, int):
                self.act({"type": "pledge", "initiative": ini["id"], "amount": amount},
                         f"pledge to {ini['id']}")
        self.app.push_screen(AmountScreen(f"Pledge to {ini['id']}", Content("\n").join(lines),
                                          default, 1, high), done)

    def action_unpledge(self) -> None:
        ini = self.current()
        if ini is None:
            return
        nxt = ini.get("next") or {}
        mine = int(nxt.get("pledges", {}).get(me(self.view), 0))
        if not mine:
            self.notify(f"You have no pledge on {ini['name']}.")
            return

        def done(yes: object) -> None:
            if yes:
                self.act({"type": "unpledge", "initiative": ini["id"]},
                         f"take back pledge to {ini['id']}")
        self.app.push_screen(ConfirmScreen("Take back your pledge",
                                           f"Take back your {mine} cr from {ini['name']}?",
                                           yes="Take back", no="Keep it"), done)
