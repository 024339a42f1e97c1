"""What a seat is told as the game moves: toasts for the events it may see (an inject, a
teammate's response that reserves its credits), and the screens a new phase or a new
presenting team in the peer review opens."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from triops.client.player.labels import role_label
from triops.client.player.panels.report import ReportPanel
from triops.client.player.text import me

if TYPE_CHECKING:
    from triops.client.player.app import PlayerApp

# Events worth a toast. Phase changes get their own, more helpful one (phase_change), and
# an inject its own, titled and longer (inject_toast).
TOAST_KINDS = {"incident_opened", "crisis", "clock_missed", "notify", "paused", "resumed",
               "broadcast"}


def toasts(app: PlayerApp, events: Iterable[Mapping[str, Any]]) -> None:
    mine = me(app.view)
    for event in events:
        kind = event.get("kind")
        data = event.get("data", {})
        if kind == "chat" and data.get("sender") not in (mine, None):
            continue  # the chat panel shows it
        if kind == "draft" and data.get("field") == "response" and data.get("value") \
                and data.get("role") != mine:
            reserved_toast(app, str(data.get("incident")), str(data.get("role")))
        if kind == "draft" and data.get("field") == "diagnosis" and data.get("withdrawn"):
            # A new call withdrew the plan drafted for another cause: the team must know.
            app.notify(str(event.get("text", "")), title="Plan withdrawn", severity="warning",
                       timeout=10)
        if kind == "inject":
            inject_toast(app, event)
        if kind in TOAST_KINDS:
            urgent = kind in ("crisis", "clock_missed")
            app.notify(str(event.get("text", "")),
                       severity="warning" if urgent else "information", timeout=5)


def inject_toast(app: PlayerApp, event: Mapping[str, Any]) -> None:
    """An inject landed on this team: its title heads a notice that stays long enough to
    read the narrative; the brief (1) keeps it under "Injects this quarter"."""
    data = event.get("data", {})
    title = str(data.get("title") or "")
    text = str(event.get("text", ""))
    if title and text.startswith(f"{title}: "):
        text = text[len(title) + 2:]
    app.notify(f"{text}\nThe brief (key 1) keeps it.", title=f"Inject: {title or 'news'}",
               severity="warning", timeout=12)


def reserved_toast(app: PlayerApp, incident: str, by: str) -> None:
    """A teammate's response choice spends this seat's credits and AP: say so."""
    mine = me(app.view)
    for inc in app.view.get("team", {}).get("incidents", []):
        if inc.get("id") != incident:
            continue
        reserved = inc.get("reserved", {})
        cr = int(reserved.get("cr", {}).get(mine, 0))
        ap = int(reserved.get("ap", {}).get(mine, 0))
        if cr or ap:
            app.notify(f"{role_label(by)} chose the response to {inc.get('title')}: it "
                       f"reserves {cr} cr and {ap} AP of yours (2 shows it; x clears it).",
                       severity="warning", timeout=8)


def phase_change(app: PlayerApp, before: Mapping[str, Any], after: Mapping[str, Any],
                  initial: bool) -> None:
    old, new = before.get("game", {}), after.get("game", {})
    key_old = (old.get("phase"), old.get("quarter"))
    key_new = (new.get("phase"), new.get("quarter"))
    if new.get("phase") == "ended":
        if not app.ended_shown:
            app.ended_shown = True
            app.action_end_screen()
        return
    if initial or key_old == key_new:
        return
    app._save_progress()
    focus_in_chat = app.focused is not None and app.focused.id == "chat-input"
    quarter = new.get("quarter")
    if new.get("phase") == "review":
        app.main.query_one(ReportPanel).follow_latest()
        if not focus_in_chat and app.screen is app.main:
            app.main.action_area("report")
        app.notify("Here is what changed and why (6).", timeout=4,
                   title=f"{'Setup' if quarter == 0 else f'Quarter {quarter}'} resolved")
    elif new.get("phase") == "planning" and quarter == 0:
        app.notify("Draft the roadmap, charter and standards (5). Funding opens in Q1.",
                   title="Setup has started", timeout=5)
    elif new.get("phase") == "planning":
        if not focus_in_chat and app.screen is app.main:
            app.main.action_area("brief")
        app.notify("New incidents and budget: see the brief (1) and incidents (2).",
                   title=f"Quarter {quarter}: planning", timeout=5)


def review_change(app: PlayerApp, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
    """A new team presents in the peer review: open the review screen for this seat."""
    old, new = before.get("review") or {}, after.get("review") or {}
    if not new.get("presenting") or new.get("presenting") == old.get("presenting"):
        return
    presenting_us = new.get("presenting") == app.view.get("you", {}).get("team")
    if new.get("can_review") or presenting_us:
        app.action_review()  # our own team presenting: the screen says so, full size
    else:
        app.notify(f"{new.get('presenting_name')} presents. {new.get('why_not', '')} "
                   "(v opens the review)", title="Peer review", timeout=6)
