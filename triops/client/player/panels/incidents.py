"""Incidents: my symptoms and clues, teammates' clues, investigate, diagnose, respond."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from triops.client.common.redraw import set_content
from triops.client.common.theme import GLYPHS, severity_dots
from triops.client.player.labels import SOURCES, STEPS, condition_label, role_label
from triops.client.player.panels.base import Panel, refuse_if_closed
from triops.client.player.screens.modals import Choice, ChoiceScreen, ConfirmScreen, TextScreen
from triops.client.player.text import (
    cost_text,
    first_words,
    incident_draft,
    initiative_names,
    left_without_a_plan,
    letter,
    me,
    my_ap,
    my_credits,
    option_text,
    response_ap_needs,
    shortfalls,
    span,
)
from triops.game.model.vocab import (
    OUTCOME_TEXT,
    SEAM_NAMES,
    counted,
    listing,
    plan_class_words,
)

Inc = Mapping[str, Any]

# The core's words for a result, so the list, the quarter report and the debrief agree.
RESULTS = {k: v.rstrip(".") for k, v in OUTCOME_TEXT.items()}


def _fits(outcome: Mapping[str, Any]) -> bool | None:
    """Whether the outcome's plan fitted the cause: a seat is not sent `fits` (it would tell
    the cause), but a plan that only contained the incident did not."""
    if outcome.get("fits") is not None:
        return bool(outcome["fits"])
    return False if outcome.get("result") == "contained" else None


def ap_after(view: Mapping[str, Any], cost: int) -> tuple[str, str]:
    """What spending `cost` AP leaves this seat, against what responding asks of it (the
    plans' AP per role the server sends), as a line and its style."""
    ap = my_ap(view)
    if cost == 0:  # the joint review: nothing spent, nothing to warn about
        return f"  · free (joint review): you keep all {ap} AP", "$success"
    needs = response_ap_needs(view)
    least = sum(lo for _, lo, _ in needs)
    keep = sum(hi for _, _, hi in needs)
    if cost > ap:
        return f"  {GLYPHS['no']} you have {ap} AP", "$warning"
    left = ap - cost
    if left < least:
        return (f"  · leaves {left} AP {GLYPHS['warn']} too few to respond "
                f"(needs {span(least, keep)})", "bold $warning")
    if left < keep:
        return (f"  · leaves {left} AP {GLYPHS['warn']} too few for some plans "
                f"(they ask up to {keep})", "bold $warning")
    return f"  · leaves {left} AP", "$text-muted"


def notify_price(view: Mapping[str, Any]) -> Content:
    """The credits notifying costs this team now, as the server works it out
    (`team.notify_cost`: the fee, halved while the governance committee works)."""
    return Content.styled(f"{view.get('team', {}).get('notify_cost', '?')} cr", "bold")


def incident_label(inc: Inc, title: bool = True) -> Content:
    status = str(inc.get("status"))
    sev = int(inc.get("severity", 1))
    if inc.get("crisis"):
        mark = (f"{GLYPHS['crisis']} CRISIS ", "bold $error")
    elif status == "open":
        mark = (f"{GLYPHS['warn']} OPEN ", "bold $warning")
    elif status == "contained":  # a symptom fix: quiet for now, the cause is still there
        mark = (f"{GLYPHS['warn']} contained ", "$warning")
    else:
        mark = (f"{GLYPHS['yes']} {status} ", "$text-muted")
    return Content.assemble(mark, (str(inc.get("title", "")) if title else "", "bold"),
                            f"  severity {sev} {severity_dots(sev)}",
                            (f"  · opened Q{inc.get('opened')}", "$text-muted"))


def clue_lines(view: Mapping[str, Any], inc: Inc) -> list[Content]:
    mine = me(view)
    clues = list(inc.get("clues", []))
    out: list[Content] = []
    own = [c for c in clues if c.get("source") in ("symptom", "found")]
    others = [c for c in clues if c not in own]
    out.append(Content.styled(f"Clues you hold ({len(own)})", "bold $accent"))
    if not own:
        out.append(Content.styled("  none yet: investigate (i) to find one", "$text-muted"))
    # The dashboard (I10) shows every seat the clues of the roles whose feeds it carries: a
    # tester read "not shared yet" beside "every seat's clue is on the table".
    on_board = set(view.get("team", {}).get("dashboard_roles") or ())
    for c in own:
        seen = bool(c.get("shared")) or c.get("role") in on_board
        shared = (f"{GLYPHS['yes']} shared" if c.get("shared")
                  else f"{GLYPHS['yes']} on the dashboard: every seat sees it" if seen
                  else f"{GLYPHS['warn']} not shared yet: s shares it with the team")
        out.append(Content.assemble(
            (f" {GLYPHS['clue']} {role_label(str(c.get('role')))} clue", "bold"),
            (f" · {SOURCES.get(str(c.get('source')), c.get('source'))} · ", "$text-muted"),
            (shared, "$success" if seen else "$warning")))
        out.append(Content.assemble("   ", str(c.get("text", ""))))
    out.append(Content.styled(f"Clues from teammates ({len(others)})", "bold $accent"))
    if not others:
        out.append(Content.styled("  none yet: ask in chat what they see", "$text-muted"))
    for c in others:
        out.append(Content.assemble(
            (f" {GLYPHS['clue']} {role_label(str(c.get('role')))} clue", "bold"),
            (f" · {SOURCES.get(str(c.get('source')), c.get('source'))}", "$text-muted")))
        out.append(Content.assemble("   ", str(c.get("text", ""))))
    hidden = inc.get("investigable", [])
    if hidden:
        by_role: dict[str, list[int]] = {}
        for c in hidden:
            by_role.setdefault(str(c["role"]), []).append(int(c["ap"]))
        bits = []
        for role, costs in by_role.items():
            count = f"{len(costs)} clues" if len(costs) > 1 else "1 clue"
            each = " each" if len(costs) > 1 else ""
            yours = " (your role's)" if role == mine else ""
            bits.append(f"{GLYPHS['hidden_clue']} {role_label(role)}: {count}, "
                        f"{min(costs)} AP{each}{yours}")
        out.append(Content.styled("Still hidden (i to investigate)", "bold $accent"))
        out.extend(Content(f"  {bit}") for bit in bits)
        holders = sorted({r for c in hidden for r in c.get("found_by", [])})
        if holders:
            out.append(Content.styled(
                f"  {listing([role_label(r) for r in holders])} found one of these "
                "already: ask them to share it (s) rather than pay for it again.", "$warning"))
        if inc.get("joint_review"):
            out.append(Content.styled(
                "  Joint review: every seat's clue is on the table, so the team's next "
                "investigation here costs no AP (once).", "$success"))
    return out


def option_lines(view: Mapping[str, Any], inc: Inc) -> list[Content]:
    names = initiative_names(view)
    out = [Content.styled("Diagnosis options (d)", "bold $accent")]
    for n, d in enumerate(inc.get("diagnoses", [])):
        chosen = d.get("id") == inc.get("diagnosis")
        verdict: tuple[str, str] | str = ""
        if "correct" in d:
            verdict = ((f"  {GLYPHS['yes']} correct", "bold $success") if d["correct"]
                       else (f"  {GLYPHS['no']} wrong", "bold $error"))
        out.append(Content.assemble(
            (f" {letter(n)}. ", "bold"), str(d.get("text", "")),
            ("  ◀ team draft", "bold $secondary") if chosen else "", verdict))
        if d.get("explanation"):
            # A wrong pick's explanation describes what that cause would have looked like,
            # not what happened: say so, or it reads as the answer.
            lead = "" if d.get("correct") else "If this had been the cause: "
            out.append(Content.styled(f"    {lead}{d['explanation']}", "$text-muted"))
    out.append(Content.styled("Response options (p) — cost per role", "bold $accent"))
    for n, r in enumerate(inc.get("responses", [])):
        chosen = r.get("id") == inc.get("response")
        out.append(Content.assemble(
            (f" {n + 1}. ", "bold"), str(r.get("text", "")),
            ("  ◀ team draft", "bold $secondary") if chosen else ""))
        # Steps show in the review of a plan the team committed, never before.
        steps = ", ".join(STEPS.get(s, s) for s in r.get("steps", []))
        out.append(Content.styled(f"    {cost_text(r.get('cost', {}), r.get('ap', {}))}"
                                  + (f"   [{steps}]" if steps else ""), "$text-muted"))
        if r.get("missing"):
            out.append(Content.styled(
                f"    {GLYPHS['no']} not available yet: needs "
                + "; ".join(condition_label(m, names) for m in r["missing"]), "$warning"))
        if r.get("class"):
            out.append(Content.styled(f"    judged {plan_class_words(r['class'], r.get('fits'))}: "
                                      f"{r.get('explanation', '')}", "$text-muted"))
    return out


def incident_text(view: Mapping[str, Any], inc: Inc | None) -> Content:
    if inc is None:
        quarter = view.get("game", {}).get("quarter", 0)
        return Content.styled("No incidents." + (" Incidents start in Q1; setup is for the "
                                                 "roadmap, charter and standards (5)."
                                                 if quarter == 0 else ""), "$text-muted")
    seams = ", ".join(SEAM_NAMES.get(s, s) for s in inc.get("seams", []))
    parts: list[Content] = [
        Content.assemble((str(inc.get("title")), "bold underline"), "  ",
                         incident_label(inc, title=False)),
        Content.styled(f"Crosses the seams: {seams}", "$text-muted"),
    ]
    if inc.get("clock_due") is not None:
        done = f"{GLYPHS['yes']} notified" if inc.get("notified") else (
            f"{GLYPHS['warn']} not notified yet (m)" + (
                ": notify before the drafted plan lands, or the clock closes with it, "
                "unreported" if inc.get("response") else ""))
        parts.append(Content.styled(f"Regulator clock: report by Q{inc['clock_due']} · {done}",
                                    "bold $warning"))
    elif inc.get("notified"):
        parts.append(Content.styled(f"{GLYPHS['yes']} Stakeholders notified", "$text-muted"))
    if inc.get("hint"):
        parts.append(Content.assemble(("Hint: ", "bold $accent"), str(inc["hint"])))
    parts.append(Content(""))
    parts.extend(clue_lines(view, inc))
    parts.append(Content(""))
    if inc.get("status") == "open":
        parts.append(Content.styled("Team draft (committed when the quarter resolves)",
                                    "bold $accent"))
        parts.extend(Content.assemble(" ", line) for line in incident_draft(view, inc))
        parts.append(Content(""))
    for o in inc.get("outcomes", []):
        right = o.get("diagnosis_correct")
        diag = ("diagnosis right" if right else "diagnosis wrong" if right is False
                else "diagnosis not tested (no plan)" if o.get("diagnosis")
                else "no diagnosis")
        parts.append(Content.assemble(
            (f"Outcome in Q{o.get('quarter')}: ", "bold $accent"),
            RESULTS.get(str(o.get("result")), str(o.get("result"))),
            f" · {diag} · response "
            f"{plan_class_words(o.get('response_class'), _fits(o))}"))
    parts.extend(option_lines(view, inc))
    return Content("\n").join(parts)


class IncidentList(OptionList):
    """The list of incidents: ↑ ↓ choose one, while the page keys scroll its text (a
    newcomer's PageDown jumped to a resolved incident instead of reading on; the list is a
    few lines long and has no use for them)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pagedown", "read(1)", "Read on", show=False),
        Binding("pageup", "read(-1)", "Read back", show=False),
        Binding("end", "read_end(1)", "End of the text", show=False),
        Binding("home", "read_end(-1)", "Top of the text", show=False),
    ]

    def _detail(self) -> Any:
        return self.screen.query_one("#incident-detail")

    def action_read(self, direction: int) -> None:
        detail = self._detail()
        (detail.scroll_page_down if direction > 0 else detail.scroll_page_up)(animate=False)

    def action_read_end(self, direction: int) -> None:
        detail = self._detail()
        (detail.scroll_end if direction > 0 else detail.scroll_home)(animate=False)


class IncidentsPanel(Panel):
    TITLE = "Incidents"
    HOW_TO = (
        "Each seat sees a different piece of an incident. 1) Read your clues below. "
        "2) Share them (s) so the team sees them, and read your teammates' in chat. "
        "3) Investigate (i) for more: your own role's hidden clue costs 1 AP, another role's "
        "more. 4) Choose the diagnosis (d) that fits every clue the team holds: each seat's "
        "clue fits more than one cause, so only the clues together tell. 5) Choose the "
        "response (p) that treats that cause and say why in one line; each seat pays its part "
        "in credits and AP. A plan for the wrong cause only contains the incident; doing "
        "nothing lets it escalate. With more than one incident, [ and ] switch between them "
        "(or ↑↓ in the list at the top)."
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "investigate", "Investigate"),
        Binding("s", "share", "Share clue"),
        Binding("d", "diagnose", "Diagnose"),
        Binding("p", "respond", "Respond"),
        Binding("x", "clear_response", "Clear response", show=False),
        # The page keys read the incident wherever the focus is in the area (on a button,
        # say): a newcomer's PageDown did nothing with one incident open.
        Binding("pagedown", "read(1)", "Read on", show=False),
        Binding("pageup", "read(-1)", "Read back", show=False),
        # m, not n: in solo n is the next quarter everywhere, this area included
        Binding("m", "notify_stakeholders", "Notify stakeholders", show=False),
        # [ and ] as in Artefacts, where they switch between the three artefacts
        Binding("left_square_bracket", "step(-1)", "Prev incident", show=False,
                tooltip="The previous incident in the list (↑ in the list does it too)"),
        Binding("right_square_bracket", "step(1)", "Next incident",
                tooltip="The next incident in the list (↓ in the list does it too)"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.selected: str | None = None
        self._list_key: Any = None
        self._text_key: Any = None

    def compose(self) -> ComposeResult:
        yield IncidentList(id="incident-list")
        with VerticalScroll(id="incident-detail"):
            yield Static(id="incident-text")
        with Horizontal(id="incident-actions", classes="action-bar"):
            for ident, label in (("investigate", "i Investigate"), ("share", "s Share"),
                                 ("diagnose", "d Diagnose"), ("respond", "p Respond"),
                                 ("notify_stakeholders", "m Notify")):
                yield Button(label, id=f"btn-{ident}", compact=True)

    def incidents(self) -> list[Inc]:
        incs = list(self.view.get("team", {}).get("incidents", []))
        return sorted(incs, key=lambda i: (i.get("status") != "open", -int(i.get("opened", 0)),
                                           str(i.get("id"))))

    def current(self) -> Inc | None:
        incs = self.incidents()
        for inc in incs:
            if inc.get("id") == self.selected:
                return inc
        return incs[0] if incs else None

    def show(self, view: Mapping[str, Any]) -> None:
        super().show(view)
        incs = self.incidents()
        ids = [str(i.get("id")) for i in incs]
        key = tuple((i.get("id"), i.get("status"), i.get("severity"), i.get("crisis"))
                    for i in incs)
        if self.selected not in ids:
            self.selected = ids[0] if ids else None
        elif key != self._list_key and self._list_key is not None:
            # The list changed (one closed, one opened): a closed incident stays in view only
            # while no open one needs the team.
            chosen = next((i for i in incs if i.get("id") == self.selected), {})
            if chosen.get("status") != "open" and incs and incs[0].get("status") == "open":
                self.selected = ids[0]
                self.query_one("#incident-detail").scroll_home(animate=False)
        options = self.query_one("#incident-list", OptionList)
        if key != self._list_key:
            self._list_key = key
            options.clear_options()
            options.add_options([Option(incident_label(i), id=str(i.get("id"))) for i in incs])
            if self.selected in ids:
                options.highlighted = ids.index(str(self.selected))
        if options.display != (len(incs) > 1):
            self.refresh_bindings()  # [ and ] show from the second incident on
        options.display = len(incs) > 1  # one incident: its title heads the detail
        if not options.display and options.has_focus:
            # A hidden list keeps the keys it had: paging it crashed OptionList. The text
            # takes them, so PageDown, End and the arrows scroll it.
            self.query_one("#incident-detail").focus()
        self._render_detail()

    def _render_detail(self) -> None:
        inc = self.current()
        seats = self.view.get("team", {}).get("seats", {})
        key = (inc, tuple(sorted((r, s.get("ap")) for r, s in seats.items())))
        if key == self._text_key:
            return
        self._text_key = key
        set_content(self.query_one("#incident-text", Static), incident_text(self.view, inc))
        open_ = bool(inc and inc.get("status") == "open" and self.closed is None)
        for button in self.query(".action-bar Button"):
            button.disabled = not open_

    @on(OptionList.OptionHighlighted, "#incident-list")
    def _pick(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.selected:
            self.selected = event.option.id
            self._render_detail()
            self.query_one("#incident-detail").scroll_home(animate=False)

    def action_read(self, direction: int) -> None:
        detail = self.query_one("#incident-detail")
        (detail.scroll_page_down if direction > 0 else detail.scroll_page_up)(animate=False)

    def focus_main(self) -> None:
        """The list when there is one to choose from, else the incident's text (a hidden
        list took the focus and the keys with it)."""
        listing = self.query_one("#incident-list", OptionList)
        (listing if listing.display else self.query_one("#incident-detail")).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """[ and ] show in the key bar only when there is another incident to go to."""
        if action == "step":
            return len(self.incidents()) > 1
        return True

    def action_step(self, step: int) -> None:
        """Move to the previous or next incident, and put the focus on the list so the arrows
        go on from there."""
        incs = self.incidents()
        if len(incs) < 2:
            return  # check_action keeps the keys off then
        ids = [str(i.get("id")) for i in incs]
        now = ids.index(self.selected) if self.selected in ids else 0
        options = self.query_one("#incident-list", OptionList)
        options.highlighted = (now + step) % len(ids)
        options.focus()

    @on(Button.Pressed, ".action-bar Button")
    async def _button(self, event: Button.Pressed) -> None:
        await self.run_action(str(event.button.id).removeprefix("btn-"))

    def glossary_text(self) -> str:
        inc = self.current()
        if inc is None:
            return self.HOW_TO
        bits = [str(inc.get("title")), str(inc.get("hint", ""))]
        bits += [str(c.get("text")) for c in inc.get("clues", [])]
        bits += [str(o.get("text")) for o in (*inc.get("diagnoses", []),
                                             *inc.get("responses", []))]
        return " ".join(bits)

    def hint_text(self) -> str:
        inc = self.current()
        if inc and inc.get("hint"):
            return f"{self.HOW_TO}\n\nAbout {inc.get('title')}: {inc['hint']}"
        return self.HOW_TO

    # --- actions ------------------------------------------------------------------------

    def _open(self) -> Inc | None:
        inc = self.current()
        if inc is None:
            self.notify("There is no incident to work on.", severity="warning")
            return None
        if inc.get("status") != "open":
            self.notify(f"{inc.get('title')} is {inc.get('status')}; nothing more to do.",
                        severity="warning")
            return None
        if refuse_if_closed(self, self.view):
            return None
        return inc

    def action_investigate(self) -> None:
        inc = self._open()
        if inc is None:
            return
        hidden = inc.get("investigable", [])
        if not hidden:
            self.notify("You can already see every clue of this incident.")
            return
        ap = my_ap(self.view)
        needs = response_ap_needs(self.view)
        least = sum(lo for _, lo, _ in needs)
        keep = sum(hi for _, _, hi in needs)  # a plan that fits may ask the most
        mine = me(self.view)
        # The cheapest clue (your own role's) first: the cursor starts on the first row, as
        # in Diagnose and Respond, so Enter does not spend 3 AP by surprise.
        ordered = sorted(hidden, key=lambda c: (int(c["ap"]), c["role"] != mine))
        choices = [Choice(c["id"], Content.assemble(
            f"A hidden {role_label(c['role'])} clue", ("  (your own role's)" if c["role"] ==
                                                       mine else ""),
            (f"  — {c['ap']} AP", "bold"), ap_after(self.view, int(c["ap"])),
            ((f"\n    {GLYPHS['warn']} "
              f"{listing([role_label(r) for r in c['found_by']])} found it already: "
              "ask them to share it", "$warning") if c.get("found_by") else "")),
            disabled=c["ap"] > ap) for c in ordered]
        # A clue that leaves too few AP to take part in any plan asks for a second Enter.
        confirm = {str(c["id"]): Content.styled(
            f"{GLYPHS['warn']} This clue costs {c['ap']} AP and leaves you {ap - c['ap']}: "
            f"too few to respond (you need {span(least, keep)} AP for "
            + ", ".join(title for title, _, _ in needs) + ").", "bold $warning")
            for c in ordered if c["ap"] <= ap and ap - c["ap"] < least}
        intro = (f"Investigating costs action points (you have {ap}). Your own role's clue is "
                 "cheapest; another role's costs more (less with the lineage catalog, I6).")
        if inc.get("joint_review"):
            intro = (f"Joint review: every seat's clue on {inc.get('title')} is on the table, "
                     "so the team's next investigation here costs no AP (once), whoever's clue "
                     f"it is. After it, investigating costs action points again (you have {ap}).")
        if needs:
            each = "; ".join(f"{title}: {span(lo, hi)} AP" for title, lo, hi in needs)
            # "Keep 4 AP" read as impossible to a seat holding 3: say all of them instead.
            keeping = (f"Keep {keep} AP to respond" if keep < ap else
                       f"Keep all {ap} AP to respond" if ap else
                       "You have no AP left to respond")
            intro += (f" {keeping} ({each}: what the plans ask of you, or your part of the "
                      "team's draft). AP spent investigating is gone for the quarter.")

        def done(choice: object) -> None:
            if isinstance(choice, str):
                self.act({"type": "investigate", "incident": inc["id"], "clue": choice},
                         "investigate")
        self.app.push_screen(ChoiceScreen(f"Investigate: {inc.get('title')}", choices, intro,
                                          confirm=confirm), done)

    def action_share(self) -> None:
        inc = self._open()
        if inc is None:
            return
        shareable = [c for c in inc.get("clues", []) if not c.get("shared")]
        if not shareable:
            self.notify("Every clue you can see is already shared.")
            return
        choices = [Choice(c["id"], Content.assemble(
            (f"{role_label(str(c.get('role')))} clue: ", "bold"), str(c.get("text", ""))))
            for c in shareable]

        def done(choice: object) -> None:
            if isinstance(choice, str):
                self.act({"type": "share_clue", "incident": inc["id"], "clue": choice},
                         "share clue")
        mine = self.view.get("team", {}).get("seats", {}).get(me(self.view), {})
        rules = self.view.get("briefing", {}).get("rules", {})
        left = int(rules.get("free_shares", 1)) - int(mine.get("shared", 0))
        price = (f"You have {counted(left, 'free share')} left this quarter." if left > 0 else
                 f"You have used this quarter's free shares: this one costs "
                 f"{rules.get('share_ap', 1)} AP (you have {mine.get('ap', 0)}).")
        # A paid share asks twice, as a costly dig does: a newcomer paid an AP by accident,
        # twice, with the price in the intro and Enter confirming at once.
        confirm = {} if left > 0 else {str(c["id"]): Content.styled(
            f"{GLYPHS['warn']} This share costs {rules.get('share_ap', 1)} AP: Enter again to "
            "share it, or tell your team in chat (c) for free.", "bold $warning")
            for c in shareable}
        self.app.push_screen(ChoiceScreen(
            "Share a clue in team chat", choices,
            f"A shared clue shows in chat and in every seat's incident view. {price} The "
            "dashboard (I10) shares its feeds for free, and you can always tell your team in "
            "chat in your own words. Once every seat's clue is on the table, the team's first "
            "investigation of the incident costs no AP (a joint review).", confirm=confirm),
            done)

    def action_diagnose(self) -> None:
        inc = self._open()
        if inc is None:
            return
        clues = inc.get("clues", [])
        choices = [Choice(d["id"], Content.assemble((f"{letter(n)}. ", "bold"),
                                                     str(d.get("text", ""))),
                          key=letter(n).lower())
                   for n, d in enumerate(inc.get("diagnoses", []))]
        pooled = sorted({str(c.get("role")) for c in clues})
        intro = Content.assemble(
            "The team submits one diagnosis; the review says whether it was right once a plan "
            "acts on it. ",
            (f"You can see clues from {len(pooled)} of 3 roles"
             + (" — share and ask before you decide." if len(pooled) < 3 else "."), "bold"),
            # A new call withdraws a plan drafted for another cause (rules.seat_rules): say so
            # here, and the seats get a notice when it happens (notices.toasts).
            ("\n" + GLYPHS["warn"] + " A plan is drafted: if it treats another cause than the "
             "one you pick, it is withdrawn and its credits and AP come back."
             if inc.get("response") else "", "$warning"))

        def done(choice: object) -> None:
            if isinstance(choice, str):
                self.act({"type": "diagnose", "incident": inc["id"], "diagnosis": choice},
                         "diagnose")
        self.app.push_screen(ChoiceScreen(f"Diagnose: {inc.get('title')}", choices, intro,
                                          current=inc.get("diagnosis")), done)

    def action_respond(self) -> None:
        inc = self._open()
        if inc is None:
            return
        names = initiative_names(self.view)
        reserved = inc.get("reserved", {})
        choices = []
        for n, r in enumerate(inc.get("responses", [])):
            problems = [f"needs {condition_label(m, names)}" for m in r.get("missing", [])]
            problems += shortfalls(self.view, r.get("cost", {}), r.get("ap", {}),
                                   reserved.get("cr"), reserved.get("ap"))
            prompt = Content.assemble(
                (f"{n + 1}. ", "bold"), str(r.get("text", "")), "\n   ",
                (cost_text(r.get("cost", {}), r.get("ap", {})), "$secondary"),
                (("\n   " + GLYPHS["no"] + " " + "; ".join(problems)) if problems else "",
                 "$warning"))
            choices.append(Choice(r["id"], prompt, disabled=bool(problems), key=str(n + 1)))
        intro = ("The response is the team's draft: choosing one reserves its credits and AP "
                 "from each seat named (yours and your teammates'), until it is cleared (x) or "
                 "replaced. A plan that treats a cause needs that cause as the team's "
                 "diagnosis (d) first. It fixes the incident only if that is the true cause; "
                 "on a wrong diagnosis it just contains it.")
        if not inc.get("diagnosis"):
            intro += ("\n" + GLYPHS["warn"] + " The team has no diagnosis yet: diagnose first "
                      "(d), or only a plan that treats no particular cause will be accepted.")
        if choices and all(c.disabled for c in choices):
            # Every plan blocked: say the way out (a newcomer found none and let it escalate).
            intro += ("\n" + GLYPHS["warn"] + " Every plan is blocked. Short of credits: a "
                      "teammate can send you some (Budget, 4, then t), or take back a pledge "
                      "(Initiatives, 3, then u); ask in chat (c). Short of AP: a teammate "
                      "whose seat has AP can submit the plan.")

        def justify(choice: object) -> None:
            if not isinstance(choice, str):
                return
            cause = next((d["text"] for d in inc.get("diagnoses", [])
                          if d.get("id") == inc.get("diagnosis")), "")
            plans = list(inc.get("responses", []))
            n = next((k for k, r in enumerate(plans) if r.get("id") == choice), 0)
            picked = f"plan {n + 1}: {first_words(option_text(plans, choice))}"
            ask = (f"You picked {picked}\nWhy this plan? One line the debrief quotes: the cause "
                   "it treats and the trade-off you accept."
                   + (f"\nThe team's diagnosis: {cause}" if cause
                      else "\nThe team has no diagnosis yet."))
            stranded = left_without_a_plan(self.view, inc, choice)
            if stranded:
                ask += (f"\n{GLYPHS['warn']} With this plan, every plan for "
                        + " and for ".join(stranded) + " is blocked: it will escalate "
                        "unanswered. Esc and pick a plan that leaves the AP, or agree in chat "
                        "who answers which.")

            def send(reason: object) -> None:
                if isinstance(reason, str):
                    self.act({"type": "respond", "incident": inc["id"], "response": choice,
                              "reason": reason}, "respond")
            self.app.push_screen(TextScreen(f"Justify {picked}", ask,
                                            "e.g. it treats the feed, and the contract stops "
                                            "a repeat", optional=True), send)
        self.app.push_screen(ChoiceScreen(f"Respond: {inc.get('title')}", choices, intro,
                                          current=inc.get("response")), justify)

    def action_clear_response(self) -> None:
        inc = self._open()
        if inc is None:
            return
        if not inc.get("response"):
            self.notify("There is no draft response to clear.")
            return
        self.act({"type": "clear_response", "incident": inc["id"]}, "clear response")

    def action_notify_stakeholders(self) -> None:
        inc = self._open()
        if inc is None:
            return
        if inc.get("notified"):
            self.notify("Stakeholders have already been notified.")
            return

        def done(yes: object) -> None:
            if yes:
                self.act({"type": "notify", "incident": inc["id"]}, "notify")
        ap = my_ap(self.view)
        need = int(self.view["team"].get("notify_ap", 1))
        left, style = ap_after(self.view, need) if ap >= need else (
            f"{GLYPHS['no']} not enough to notify now", "$warning")
        held, pooled = my_credits(self.view)
        fee = self.view["team"].get("notify_cost")
        short = (f"\n{GLYPHS['no']} {'The pooled budget holds' if pooled else 'You hold'} "
                 f"{held} cr, less than the fee: a teammate can send you credits (Budget, 4, "
                 "then t), or notify it themselves." if isinstance(fee, int) and held < fee
                 else "")
        # A newcomer asked to notify again after the incident came back took it for a bot's
        # slip, and read a fee of 2 cr, then 1 cr, with no reason given.
        again = (" It came back after a fix that treated the symptom: the earlier report "
                 "covered the first time, this one needs its own." if inc.get("source") ==
                 "recurrence" and inc.get("clock_due") is not None else "")
        halved = (" (halved while the governance committee works)"
                  if self.view["team"].get("committee_active") else "")
        body = Content.assemble(
            f"Tell stakeholders, the committee or the regulator about {inc.get('title')}. "
            + ("Only notifying meets its regulator's clock "
               f"(report by Q{inc['clock_due']}).{again}\n\n"
               if inc.get("clock_due") is not None
               else "No regulator's clock runs on it: whether to tell anyone is the team's "
               "judgement.\n\n"),
            ("Costs you ", "bold"), (f"{need} AP", "bold"), " and ",
            notify_price(self.view), halved, f".\nYou have {ap} AP ", (left.strip(), style),
            ". The activity line says what was paid.", (short, "bold $warning"))
        self.app.push_screen(ConfirmScreen("Notify stakeholders", body, yes="Notify",
                                           no="Cancel"), done)
