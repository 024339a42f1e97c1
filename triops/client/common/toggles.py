"""Toggles whose state shows as a glyph, not only as a colour (colour-blind safe).

Textual draws a checkbox, a radio button and a selection-list box with the same glyph on
and off and tells them apart by colour. These subclasses draw the glyph only when the
toggle is on (✓ or ●) and leave the box empty when it is off.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList
from textual.widgets.option_list import OptionDoesNotExist

ON_CHECK = "✓"
ON_RADIO = "●"


class MarkedCheckbox(Checkbox):
    """A Checkbox showing ✓ when checked and an empty box when not."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = ON_CHECK if self.value else " "
        return super()._button


class MarkedRadioButton(RadioButton):
    """A RadioButton showing ● when chosen and an empty box when not."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = ON_RADIO if self.value else " "
        return super()._button


class MarkedSelectionList(SelectionList[Any]):
    """A SelectionList showing ✓ beside selected options and an empty box beside the rest."""

    def mark(self, value: Any) -> str:
        """What the box beside an option shows."""
        return ON_CHECK if value in self._selected else " "

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 3:
            return strip
        segments[1] = Segment(self.mark(option.value), segments[1].style)
        return Strip(segments, strip.cell_length)


class OrderedSelectionList(MarkedSelectionList):
    """A MarkedSelectionList whose selected options show their place in the order they were
    chosen (1, 2, 3…) instead of ✓: for lists where the order is the answer (an escalation
    path), which a ✓ did not show."""

    def mark(self, value: Any) -> str:
        order = list(self.selected)
        if value not in order:
            return " "
        place = order.index(value) + 1
        return str(place) if place < 10 else "+"
