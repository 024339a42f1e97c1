"""The help a player can ask for: every key on one screen (?), the hint for the area they
are in (h), and the player's entries in the command palette (Ctrl+P)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import BindingType
from textual.content import Content

from triops.client.common.glossary import terms_in
from triops.client.common.help import HelpScreen
from triops.client.player.panels.artefacts import RoadmapEditor, StandardsBoard
from triops.client.player.panels.charter import CharterForm
from triops.client.player.panels.chat import ChatPanel
from triops.client.player.screens.main import AREAS, MainScreen
from triops.client.player.screens.modals import InfoScreen

if TYPE_CHECKING:
    from triops.client.player.app import PlayerApp


def keys_screen(bindings: list[BindingType]) -> HelpScreen:
    """Every key, by where it works; `bindings` are the app's own (a subclass may add)."""
    sections: list[tuple[str, Any]] = [
        ("Anywhere", bindings),
        ("Main screen", [*MainScreen.BINDINGS,
                         ("1 … 7", "the work areas: " + ", ".join(
                             f"{n} {t}" for n, (_, t, _) in enumerate(AREAS, 1))),
                         ("Ctrl+P", "command palette: every action by name, theme")]),
    ]
    for _, title, cls in AREAS:
        if cls.BINDINGS:
            sections.append((title, cls.BINDINGS))
    sections += [
        ("Artefacts: roadmap", RoadmapEditor.BINDINGS),
        ("Artefacts: charter", CharterForm.BINDINGS),
        ("Artefacts: standards", StandardsBoard.BINDINGS),
        ("Team chat", [("Enter", "send the message"), *ChatPanel.BINDINGS]),
        ("Peer review (v, after the game)", [
            ("Tab", "next field: a criterion's level, then its comment"),
            ("1 … 4", "on a level: beginning, developing, proficient, exemplary"),
            ("ctrl+s", "send the review (once: the first one counts)"),
            ("Esc", "back")]),
        ("Dialogs", [("↑ ↓ Enter", "choose and confirm"),
                     ("Esc", "cancel (in a text you have typed: leave the field first)"),
                     ("Tab", "next field")]),
        ("Mouse", [("click", "tabs, list rows, buttons and fields all take clicks"),
                   ("wheel", "scroll any area")]),
    ]
    return HelpScreen("TriOps — every key", sections, intro=(
        "Keys act on the area you are in; the footer shows the ones that apply now. "
        "Letters typed into a text field (chat, forms) are text, not commands: press Esc "
        "to leave the field."))


def hint_screen(app: PlayerApp) -> InfoScreen:
    """How the current area works, this game's hints and the terms the area uses."""
    parts: list[Content] = []
    if app._main is not None:
        panel = app.main.panel()
        parts.append(Content.styled(f"{panel.TITLE}: how it works", "bold $accent"))
        parts.append(Content(panel.hint_text()))
        hints = app.view.get("briefing", {}).get("hints", []) if app.view else []
        if hints:
            parts += [Content(""), Content.styled("Hints for this game", "bold $accent")]
            parts += [Content(f"Q{h.get('quarter')}: {h.get('text')}") for h in hints]
        terms = terms_in(panel.glossary_text())
        if terms:
            parts += [Content(""), Content.assemble(("Terms here (g explains them): ",
                                                     "bold"), ", ".join(terms))]
    return InfoScreen("Hint", Content("\n").join(parts))


def palette(app: PlayerApp) -> Iterable[SystemCommand]:
    """The player's commands in the palette, after Textual's own."""
    if app._main is not None:
        for n, (ident, title, _) in enumerate(AREAS, 1):
            yield SystemCommand(f"Go to {title}", f"Key {n}",
                                lambda ident=ident: app._goto(ident))
    yield SystemCommand("Ready", "Mark yourself ready, seeing what the team will commit "
                        "(key r)", app.action_ready)
    yield SystemCommand("Team chat", "Write to your team (key c)",
                        lambda: app._goto_chat())
    yield SystemCommand("Glossary", "What the technical terms mean (key g)",
                        app.action_glossary)
    yield SystemCommand("Hint", "How the current area works (key h)", app.action_hint)
    yield SystemCommand("Keys", "Every key on one screen (key ?)", app.action_help)
    yield SystemCommand("End-of-game summary", "Outcome, goals and report (key e)",
                        app.action_end_screen)
    yield SystemCommand("Peer review", "Review the presenting team's roadmap, after the "
                        "game (key v)", app.action_review)
    yield SystemCommand("Leave this game", "Forget this seat's token and join another "
                        "game", app.action_forget_seat)
