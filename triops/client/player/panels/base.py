"""What every work area shares: `show(view)`, a how-to hint, and a way to send commands."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from textual.containers import Container
from textual.message import Message

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
    def planning(self) -> bool:
        return bool(self.view.get("game", {}).get("phase") == "planning")

    @property
    def quarter(self) -> int:
        return int(self.view.get("game", {}).get("quarter", 0))
