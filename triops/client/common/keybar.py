"""A one-line key bar: the keys that work now, redrawn when the focus moves.

Textual's Footer builds one widget per key and rebuilds them on every focus change, which
costs tens of milliseconds on a busy laptop each time the player switches area. KeyBar draws
the same information as one line of text. Keys bound on the app or the screen can be
clicked; a key that does not apply now is shown dimmed.
"""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from triops.client.common.redraw import set_content


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $panel; padding: 0 1; }
    """
    # Drawn first, so a narrow terminal cuts other keys off the end of the line rather than
    # the one that lists them all (a newcomer at 100 columns lost "? Help" once two
    # incidents' keys were shown).
    FIRST = ("help",)

    def on_mount(self) -> None:
        self._screen = self.screen
        self._screen.bindings_updated_signal.subscribe(self, self._changed)
        self.call_after_refresh(self._draw)

    def on_unmount(self) -> None:
        self._screen.bindings_updated_signal.unsubscribe(self)

    def _changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._draw)

    def _draw(self) -> None:
        if not self.is_attached:
            return
        parts: list[Content] = []
        first: list[Content] = []
        seen: set[str] = set()
        palette: Content | None = None
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.action == "command_palette" and self.app.ENABLE_COMMAND_PALETTE:
                palette = self._key(node, binding.action, self.app.get_key_display(binding),
                                    "palette", enabled)
                continue
            if not binding.show or not binding.description or binding.action in seen:
                continue
            seen.add(binding.action)
            (first if binding.action in self.FIRST else parts).append(self._key(
                node, binding.action, self.app.get_key_display(binding), binding.description,
                enabled))
        if palette is not None:
            parts.append(palette)
        set_content(self, Content("  ").join([*first, *parts]), layout=False)

    def _key(self, node: Any, action: str, key: str, text: str, enabled: bool) -> Content:
        style = "" if enabled else "dim"
        label = Content.assemble((key, f"bold $secondary {style}".strip()),
                                 (f" {text}", style))
        if isinstance(node, App):
            return label.stylize_before(f"@click=app.{action}")
        if isinstance(node, Screen):
            return label.stylize_before(f"@click=screen.{action}")
        return label
