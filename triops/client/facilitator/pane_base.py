"""What the console's panes share: the `Pane` they are, the `Grid` tables they draw and
how a table is filled and read without moving its cursor."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from textual import events
from textual.widget import Widget
from textual.widgets import DataTable

if TYPE_CHECKING:
    from triops.client.facilitator.app import FacilitatorApp

View = Mapping[str, Any]
ALERT = "bold reverse"


class Grid(DataTable[Any]):
    """A DataTable whose header is redrawn once new rows have widened its columns.

    DataTable measures new rows when idle, possibly after drawing (and caching) the header
    at the old widths; bumping its update count makes the next frame draw it afresh.
    """

    async def _on_idle(self, event: events.Idle) -> None:
        resized = bool(self._new_rows or self._updated_cells)
        await super()._on_idle(event)
        if resized:
            self._update_count += 1
            self.refresh()


def fill(table: DataTable[Any], rows: Sequence[tuple[str, Sequence[Any]]]) -> None:
    """Make the table hold exactly these keyed rows, keeping the cursor where it was."""
    keys = [k for k, _ in rows]
    current = [str(r.value) for r in table.rows]
    if current != keys:
        where = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        if table.row_count:
            table.move_cursor(row=min(where, table.row_count - 1))
        return
    columns = list(table.columns)
    for key, cells in rows:
        for column, cell in zip(columns, cells, strict=False):
            if table.get_cell(key, column) != cell:
                table.update_cell(key, column, cell, update_width=True)


def cursor_key(table: DataTable[Any]) -> str | None:
    if not table.row_count:
        return None
    key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    return str(key) if key is not None else None


class Pane(Widget):
    """A pane of the console: knows its app and redraws from a view."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._team_ids: list[str] = []  # the teams the pane's pickers were built for

    @property
    def console(self) -> FacilitatorApp:
        return cast("FacilitatorApp", self.app)

    def show(self, view: View) -> None:
        raise NotImplementedError

    def focus_main(self) -> None:
        """Put the keyboard in this pane, so its keys work."""
