"""The phase clock: how long is left of the current phase, ticking once a second.

The server sends `view["game"]["deadline"]` (Unix time on the server's clock, or nil for no
clock) and, while the game is paused, `paused_remaining`. The widget reads the time from an
injected `clock` callable: the apps pass the server's time (`client.link.Link.server_time`,
this machine's clock corrected by the offset the link measured), so a laptop whose clock is
off counts down right; tests freeze it, so snapshots never hold wall-clock text.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from textual.content import Content
from textual.widgets import Static

from triops.client.common.redraw import same

Clock = Callable[[], float]

URGENT_SECONDS = 60


def format_remaining(seconds: float) -> str:
    """'4:05', '1:02:03'; never negative."""
    whole = max(0, int(seconds + 0.999))  # 4.2 s left reads as 0:05, not 0:04
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def remaining(game: Mapping[str, Any], now: float) -> float | None:
    """Seconds left in the phase, or None when the phase has no clock."""
    if game.get("paused"):
        left = game.get("paused_remaining")
        return None if left is None else float(left)
    deadline = game.get("deadline")
    return None if deadline is None else float(deadline) - now


def countdown_text(game: Mapping[str, Any], now: float) -> Content:
    phase = game.get("phase")
    if phase == "lobby":
        return Content("")
    if phase == "ended":
        return Content("")
    # Words, not clock or pause glyphs: the browser client's fonts draw those as empty boxes.
    left = remaining(game, now)
    if game.get("paused"):
        tail = f" · {format_remaining(left)}" if left is not None else ""
        return Content.styled(f"paused{tail}", "$warning bold")
    if left is None:
        return Content.styled("no time limit", "$text-muted")
    if left <= 0:
        return Content.styled("time's up", "$warning bold")
    text = f"{format_remaining(left)} left"
    if left <= URGENT_SECONDS:
        return Content.styled(text + " !", "$warning bold reverse")
    return Content.styled(text, "bold")


class Countdown(Static):
    """Shows `countdown_text` for the last game map given to `show`, refreshed every second."""

    DEFAULT_CSS = """
    Countdown { width: 22; height: 1; }
    """

    def __init__(self, clock: Clock = time.time, *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.clock = clock
        self._game: dict[str, Any] = {}
        self._text: Content | None = None

    def on_mount(self) -> None:
        self.set_interval(1.0, self.tick)

    def show(self, game: Mapping[str, Any]) -> None:
        self._game = {k: game.get(k) for k in ("phase", "deadline", "paused",
                                               "paused_remaining")}
        self.tick()

    def tick(self) -> None:
        text = countdown_text(self._game, self.clock())
        if self._text is None or not same(text, self._text):
            self._text = text
            self.update(text, layout=False)  # a fixed width: no new layout every second
