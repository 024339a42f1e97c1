"""Connection status as a glyph and a word, so it reads without colour."""

from __future__ import annotations

from typing import Final

from textual.content import Content
from textual.widgets import Static

# state -> (glyph, word, style)
STATES: Final[dict[str, tuple[str, str, str]]] = {
    "connecting": ("◌", "connecting…", "$warning"),
    "connected": ("●", "online", "$success"),
    "reconnecting": ("◐", "reconnecting…", "$warning bold"),
    "offline": ("○", "offline", "$error bold"),
    "moved": ("○", "opened elsewhere", "$error bold"),
}


class ConnectionStatus(Static):
    """`set_state("reconnecting", "attempt 3")`: one of STATES, plus an optional detail."""

    DEFAULT_CSS = """
    ConnectionStatus { width: auto; height: 1; }
    """

    def __init__(self, state: str = "connecting", *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.state = ""
        self.detail = ""
        self.set_state(state)

    def set_state(self, state: str, detail: str = "") -> None:
        if (state, detail) == (self.state, self.detail):
            return
        self.state, self.detail = state, detail
        glyph, word, style = STATES.get(state, ("?", state, "$text-muted"))
        text = f"{glyph} {word}" + (f" ({detail})" if detail else "")
        self.update(Content.styled(text, style))
        self.tooltip = f"Connection: {word}" + (f" — {detail}" if detail else "")
