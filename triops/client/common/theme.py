"""Colour-blind-safe themes and the glyphs that carry meaning beside colour.

The palette is Okabe and Ito's (2008), which stays distinguishable under the common forms of
colour blindness. Colour is never the only signal: every status also has a glyph or a word
(`GLYPHS`), so a screenshot in greyscale still reads correctly.
"""

from __future__ import annotations

from typing import Any, Final

from textual.app import App
from textual.theme import Theme

# Okabe–Ito
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
BLUISH_GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
REDDISH_PURPLE = "#CC79A7"

DARK = Theme(
    name="triops-dark",
    primary=SKY_BLUE,
    secondary=ORANGE,
    accent=REDDISH_PURPLE,
    warning=YELLOW,
    error=VERMILLION,
    success=BLUISH_GREEN,
    foreground="#E8E8E8",
    background="#101418",
    surface="#161B21",
    panel="#1F262E",
    dark=True,
)

LIGHT = Theme(
    name="triops-light",
    primary=BLUE,
    secondary=VERMILLION,
    accent=REDDISH_PURPLE,
    warning="#8A6D00",
    error=VERMILLION,
    success=BLUISH_GREEN,
    foreground="#1A1A1A",
    background="#FAFAF7",
    surface="#F0F0EB",
    panel="#E2E4E0",
    dark=False,
)

THEMES: Final[tuple[Theme, ...]] = (DARK, LIGHT)

GLYPHS: Final[dict[str, str]] = {
    "yes": "✓",
    "no": "✗",
    "up": "▲",
    "down": "▼",
    "same": "·",
    "ready": "✓",
    "waiting": "…",
    "bot": "⚙",
    "you": "◀",
    "clue": "◆",
    "hidden_clue": "◇",
    "warn": "!",
    "crisis": "‼",
    "dot_full": "●",
    "dot_empty": "○",
}


def register_themes(app: App[Any], default: str = DARK.name) -> None:
    """Register both TriOps themes on `app` and switch to `default`."""
    for theme in THEMES:
        app.register_theme(theme)
    app.theme = default


def severity_dots(severity: int, top: int = 3) -> str:
    """'●●○' for severity 2 of 3; a crisis (4) shows four dots."""
    top = max(top, severity)
    return GLYPHS["dot_full"] * severity + GLYPHS["dot_empty"] * (top - severity)
