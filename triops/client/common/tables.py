"""A table of rows, one picked at a time, whose keys move the row cursor.

Textual's DataTable gives Home and End to horizontal scrolling, which in a row-cursor table
moves nothing a person can see, so an action on "the selected row" then acts on a row they
did not mean. Here Home and End go to the first and the last row, as in any list.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import DataTable


class RowTable(DataTable[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
