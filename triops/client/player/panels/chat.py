"""Team chat beside the work: everyone's messages, shared clues and the bots' talk."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Static

from triops.client.common.theme import GLYPHS
from triops.client.player.labels import role_label
from triops.client.player.panels.base import Act
from triops.game.model.vocab import ROLES

SHOWN = 80  # the newest messages (drawing more costs time on every message)


def sender_label(view: Mapping[str, Any], sender: str,
                 m: Mapping[str, Any] | None = None) -> str:
    """Who wrote it: the author stamped when it was sent, so a seat move relabels nothing."""
    author = (m or {}).get("author")
    if sender in ROLES and author in ("person", "bot"):
        you = view.get("you", {})
        if author == "bot":
            return f"{role_label(sender)} {GLYPHS['bot']}"
        name = str((m or {}).get("name") or "")
        if sender == you.get("role") and name == you.get("name"):
            return f"{role_label(sender)} (you)"
        return f"{role_label(sender)} {name}".rstrip()
    if sender in ROLES:
        you = view.get("you", {}).get("role")
        seat = view.get("team", {}).get("seats", {}).get(sender, {})
        if sender == you:
            return f"{role_label(sender)} (you)"
        if seat.get("holder") == "human" and seat.get("name"):
            return f"{role_label(sender)} {seat['name']}"
        return f"{role_label(sender)} {GLYPHS['bot']}"
    return {"facilitator": "Facilitator", "system": "Game"}.get(sender, sender)


def clue_role(view: Mapping[str, Any], m: Mapping[str, Any]) -> str:
    """The role a shared clue belongs to, from the incident it was shared on ("" unknown)."""
    for inc in view.get("team", {}).get("incidents", []):
        if inc.get("id") == m.get("incident"):
            return next((str(c.get("role")) for c in inc.get("clues", [])
                         if c.get("id") == m.get("clue")), "")
    return ""


def message_line(view: Mapping[str, Any], m: Mapping[str, Any]) -> Content:
    sender = str(m.get("sender", ""))
    you = view.get("you", {}).get("role")
    style = "bold $secondary" if sender == you else "bold $primary"
    if sender in ("facilitator", "system"):
        style = "bold $accent"
    tag = f" {GLYPHS['clue']} clue" if m.get("kind") == "clue" else ""
    role = clue_role(view, m) if tag else ""
    if role and role != sender:
        # A clue dug out of another role's side is that role's clue: "FinOps ◆ clue" over an
        # MLOps finding read as FinOps' own view.
        tag = f" {GLYPHS['clue']} {role_label(role)} clue"
    return Content.assemble((f"Q{m.get('quarter', '')} ", "$text-muted"),
                            (sender_label(view, sender, m), style), (tag, "$accent"), ": ",
                            str(m.get("text", "")))


def render_chat(view: Mapping[str, Any], messages: Sequence[Mapping[str, Any]]) -> Content:
    """The newest messages as one text (for tests and plain output)."""
    if not messages:
        return Content.styled(EMPTY, "$text-muted")
    return Content("\n").join(message_line(view, m) for m in messages[-SHOWN:])


EMPTY = ("No messages yet. Share what you see: the root cause of an incident shows only "
         "when clues are put together.")


class ChatPanel(Vertical):
    """The team's chat (view.team.chat) and a line to write in. Enter sends; Esc (or Tab)
    leaves."""

    # Tab leaves too: a person leaving a field with Tab expects the keys to work on the area
    # again, not on the tab bar the focus chain would reach next (where ↑ ↓ do nothing).
    # PageUp/PageDown page through the log while the line keeps the focus (the line has no
    # use for them; Home and End stay the line's own).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back to the work area"),
        Binding("tab,shift+tab", "leave", "Back to the work area", show=False),
        Binding("pageup", "page(-1)", "Earlier messages", show=False),
        Binding("pagedown", "page(1)", "Later messages", show=False),
    ]

    class Leave(Message):
        """The player left the chat line (Esc)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: list[Any] = []
        self._names: tuple[Any, ...] = ()

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="chat-log"):
            yield Static(Content.styled(EMPTY, "$text-muted"), id="chat-empty")
        yield Input(placeholder="c: message your team", id="chat-input", max_length=500)

    def on_mount(self) -> None:
        self.border_title = "Team chat (c)"
        self.query_one("#chat-log", VerticalScroll).anchor()

    def show(self, view: Mapping[str, Any]) -> None:
        """Add the new messages; redraw all only when earlier ones changed (a reset).

        Chat only grows, so each new message costs one small widget rather than wrapping
        the whole conversation again.
        """
        messages = list(view.get("team", {}).get("chat", []))
        seats = view.get("team", {}).get("seats", {})
        names = tuple((r, s.get("holder"), s.get("name")) for r, s in seats.items())
        log = self.query_one("#chat-log", VerticalScroll)
        shown = self._shown
        grew = (names == self._names and len(messages) >= len(shown)
                and messages[:len(shown)] == shown)
        if grew and len(messages) == len(shown):
            return
        if not grew:
            for old in log.query(".chat-line"):
                old.remove()
            shown = []
        new = messages[len(shown):][-SHOWN:]
        if new:
            log.mount_all([Static(message_line(view, m), classes="chat-line") for m in new])
            lines = log.query(".chat-line")
            for extra in list(lines)[:max(0, len(lines) - SHOWN)]:
                extra.remove()
        self.query_one("#chat-empty").display = not messages
        self._shown = messages
        self._names = names
        log.anchor()

    @on(Input.Submitted, "#chat-input")
    def _send(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if text:
            self.post_message(Act({"type": "chat", "text": text}, "chat"))
        event.input.clear()

    def action_page(self, direction: int) -> None:
        """Scroll the log a page; back at the bottom, it follows new messages again."""
        log = self.query_one("#chat-log", VerticalScroll)
        if direction < 0:
            log.scroll_page_up(animate=False)
        else:
            log.scroll_page_down(animate=False)

    def action_leave(self) -> None:
        self.post_message(self.Leave())
