"""Update a Static only when what it shows changes.

Every `Static.update` asks Textual for a new layout of the screen, which is the expensive
part of drawing. A client that receives a fresh view several times a second should only
touch the widgets whose text or style actually changed.
"""

from __future__ import annotations

from typing import Any

from textual.content import Content
from textual.widgets import Static


def same(a: Any, b: Any) -> bool:
    """Equal text and styles (Content's own == compares the text only)."""
    if isinstance(a, Content) and isinstance(b, Content):
        return a.plain == b.plain and list(a.spans) == list(b.spans)
    return bool(a == b) if type(a) is type(b) else False


def set_content(widget: Static, content: Any, *, layout: bool = True) -> bool:
    """`widget.update(content)` unless it already shows exactly that; True if updated.

    Pass `layout=False` for a widget whose size does not depend on its text (a fixed width
    and height), so the update repaints it without laying out the screen again.
    """
    if same(widget.content, content):
        return False
    widget.update(content, layout=layout)
    return True
