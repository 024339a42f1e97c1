"""A help screen that lists every key of an app, grouped in sections.

    self.push_screen(HelpScreen("TriOps — keys", [
        ("Anywhere", App.BINDINGS),              # Binding objects or (key, action, text) tuples
        ("Incidents", IncidentsPanel.BINDINGS),
        ("Mouse", [("click", "select, press buttons, switch tabs")]),  # plain (key, text) rows
    ], intro="…"))

Keys bound to the same action are shown together ("1 / 2"). A binding's `tooltip`, when set,
is shown as the longer explanation, otherwise its `description`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

Row = tuple[str, str]
Section = tuple[str, Sequence[Any]]


def key_rows(app: Any, bindings: Iterable[Any]) -> list[Row]:
    """(keys, explanation) rows from BINDINGS entries or plain (key, text) pairs."""
    rows: list[Row] = []
    merged: dict[tuple[str, str], list[str]] = {}
    order: list[tuple[str, str]] = []
    for entry in bindings:
        if isinstance(entry, tuple) and len(entry) == 2:
            rows.append((str(entry[0]), str(entry[1])))
            continue
        for binding in Binding.make_bindings([entry]):
            text = binding.tooltip or binding.description
            if not text:
                continue
            display = app.get_key_display(binding) if app is not None else binding.key
            slot = (binding.action, text)
            if slot not in merged:
                merged[slot] = []
                order.append(slot)
            if display not in merged[slot]:
                merged[slot].append(display)
    rows.extend((" / ".join(merged[slot]), slot[1]) for slot in order)
    return rows


def render_sections(app: Any, sections: Sequence[Section]) -> Content:
    parts: list[Content] = []
    for title, entries in sections:
        rows = key_rows(app, entries)
        if not rows:
            continue
        width = max(len(k) for k, _ in rows)
        parts.append(Content.styled(title, "bold $accent"))
        for keys, text in rows:
            parts.append(Content.assemble("  ", (keys.ljust(width), "bold $primary"), "  ", text))
        parts.append(Content(""))
    return Content("\n").join(parts)


class HelpScreen(ModalScreen[None]):
    """Every key, by section. Escape, q or ? closes it."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 110; height: 90%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    HelpScreen .help-intro { margin-bottom: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close help", show=True),
    ]

    def __init__(self, title: str, sections: Sequence[Section], intro: str = "") -> None:
        super().__init__()
        self.help_title = title
        self.sections = sections
        self.intro = intro

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = self.help_title
            scroll.border_subtitle = "Esc closes"
            if self.intro:
                yield Static(Content(self.intro), classes="help-intro")
            yield Static(render_sections(self.app, self.sections), id="help-keys")

    def action_close(self) -> None:
        self.dismiss(None)


def binding_list(*groups: Sequence[BindingType]) -> list[BindingType]:
    """Concatenate BINDINGS lists (a small convenience for building sections)."""
    out: list[BindingType] = []
    for group in groups:
        out.extend(group)
    return out
