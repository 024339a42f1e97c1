"""Small pieces every section of the HTML debrief uses: level badges and chips, who decided,
the game's progress, the table of contents and the reflection questions."""

from __future__ import annotations

from html import escape
from typing import Any

from triops.report.markdown import who

Plain = dict[str, Any]

LEVEL_LETTERS = {1: "B", 2: "D", 3: "P", 4: "E"}


def _who(e: Plain) -> str:
    return escape(who(e))


def _early(g: Plain) -> str:
    if not g.get("early_end"):
        return ""
    return f'<p class="lift"><strong>Ended early.</strong> {escape(g["early_end"])}</p>'


def _progress(g: Plain) -> str:
    if g["ended"]:
        return f"game over after Q{g['quarter']} of {g['quarters']}"
    return f"in progress: Q{g['quarter']} of {g['quarters']} ({g['phase']})"


def _toc(items: list[tuple[str, str]]) -> str:
    links = " ".join(f'<a href="#{a}">{escape(t)}</a>' for a, t in items)
    return f'<nav class="toc">{links}</nav>'


def _badge(level: int, name: str) -> str:
    return f'<span class="badge lvl-{level}">{escape(name)}</span>'


def _chip(level: int, label: str = "") -> str:
    letter = LEVEL_LETTERS[level]
    tip = f"{label} {letter}" if label else letter
    text = f"{escape(label)}&nbsp;{letter}" if label else letter
    return f'<span class="chip lvl-{level}" title="{escape(tip)}">{text}</span>'


def _questions(heading: str, questions: list[Plain]) -> str:
    items = "".join(
        f"<li>{'<strong>' + escape(q['objective']) + '</strong> ' if q['objective'] else ''}"
        f"{escape(q['text'])}"
        + (f"<br><span class=\"muted small\">From this game: {escape(q['evidence'])}</span>"
           if q.get("evidence") else "") + "</li>" for q in questions)
    return f"<h3>{escape(heading)}</h3><ol class=\"questions\">{items}</ol>"
