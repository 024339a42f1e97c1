"""What every work area shares: `show(view)`, a how-to hint, and a way to send commands."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.containers import Container
from textual.message import Message
from textual.widget import Widget

View = Mapping[str, Any]


@dataclass
class Act(Message):
    """A widget asks the app to send a command to the server on this seat's behalf."""

    command: dict[str, Any]
    label: str = ""


class Panel(Container):
    """A work area. Subclasses render `show(view)`; they keep only UI state (selection)."""

    TITLE: ClassVar[str] = ""
    HOW_TO: ClassVar[str] = ""  # the novice hint for this area (key h)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.view: View = {}
        self.stale = False  # a newer view arrived while the area was hidden

    def show(self, view: View) -> None:
        self.view = view

    def act(self, command: dict[str, Any], label: str = "") -> None:
        self.post_message(Act(command, label))

    def focus_main(self) -> None:
        """Put the keyboard focus on this area's main widget."""
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return

    def hint_text(self) -> str:
        return self.HOW_TO

    def glossary_text(self) -> str:
        """Text whose technical terms the glossary should offer (key g)."""
        return self.HOW_TO

    @property
    def closed(self) -> str | None:
        return closed_reason(self.view)

    @property
    def quarter(self) -> int:
        return int(self.view.get("game", {}).get("quarter", 0))


def closed_reason(view: Mapping[str, Any]) -> str | None:
    """Why this seat cannot make its decisions now (the phase, a pause), in the rules' words
    as the server sent them (`can.decide`); None while it can."""
    found = (view.get("can") or {}).get("decide")
    return str(found["why"]) if found else None


def refuse_if_closed(widget: Widget, view: Mapping[str, Any]) -> bool:
    """Tell the person why nothing can be decided now; True when that is so."""
    why = closed_reason(view)
    if why is not None:
        widget.notify(why, severity="warning")
    return why is not None
