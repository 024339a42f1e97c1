"""Small text charts for metrics: sparklines, trend arrows, a metrics panel, a bar chart.

Widgets here take plain data in the shape the views send (docs/protocol.md, "Views"):
`metrics` is `{metric id: 0..100}` and `history` is a list of quarter records, each with a
`metrics` map (a seat's `team.history`, a spectator's `teams[i].history`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from textual.content import Content
from textual.widgets import Static

from triops.client.common.theme import GLYPHS
from triops.game.model.vocab import METRIC_CODES, METRIC_NAMES, METRICS

BLOCKS: Final = "▁▂▃▄▅▆▇█"
EIGHTHS: Final = " ▁▂▃▄▅▆▇█"

METRIC_SHORT: Final[dict[str, str]] = {
    "data_trust": "Data trust",
    "model_reliability": "Model rel.",
    "delivery_velocity": "Delivery",
    "cost_efficiency": "Cost eff.",
    "governance": "Governance",
    "team_capability": "Capability",
    "business_value": "Biz value",
}


def _bounds(values: Sequence[int], lo: int | None, hi: int | None,
            min_span: int) -> tuple[float, float]:
    low = float(min(values)) if lo is None else float(lo)
    high = float(max(values)) if hi is None else float(hi)
    if high - low < min_span:
        middle = (high + low) / 2
        low, high = middle - min_span / 2, middle + min_span / 2
    return low, high


def spark(values: Sequence[int], lo: int | None = None, hi: int | None = None,
          min_span: int = 12) -> str:
    """One character per value, ▁ (low) to █ (high).

    Without `lo`/`hi` the scale fits the data, but never spans fewer than `min_span`
    points, so a change of one point does not look like a cliff.
    """
    if not values:
        return ""
    low, high = _bounds(values, lo, hi, min_span)
    top = len(BLOCKS) - 1
    out = []
    for v in values:
        level = round((v - low) / (high - low) * top)
        out.append(BLOCKS[max(0, min(top, level))])
    return "".join(out)


def trend(delta: int) -> Content:
    """'▲3', '▼2' or '·0', styled; the arrow carries the meaning, the colour repeats it."""
    if delta > 0:
        return Content.styled(f"{GLYPHS['up']}{delta}", "$success")
    if delta < 0:
        return Content.styled(f"{GLYPHS['down']}{-delta}", "$error")
    return Content.styled(f"{GLYPHS['same']}0", "$text-muted")


def series(metric: str, metrics: Mapping[str, int],
           history: Sequence[Mapping[str, Any]]) -> list[int]:
    """The metric over the recorded quarters, plus its current value if it moved since."""
    values = [int(h["metrics"][metric]) for h in history if metric in h.get("metrics", {})]
    if metric in metrics and (not values or values[-1] != metrics[metric]):
        values.append(int(metrics[metric]))
    return values


class MetricsPanel(Static):
    """The seven headline metrics, one line each: code, name, sparkline, value, last change.

    Call `show(metrics, history)` with a view's data. `full_names` uses the long metric names
    (for wide layouts). Renders nothing it was not given; holds no state beyond the last call.
    """

    DEFAULT_CSS = """
    MetricsPanel { height: auto; }
    """

    def __init__(self, *, full_names: bool = False, spark_width: int = 8,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.full_names = full_names
        self.spark_width = spark_width
        self._shown: tuple[Any, ...] | None = None

    def show(self, metrics: Mapping[str, int], history: Sequence[Mapping[str, Any]]) -> None:
        key = (tuple(sorted(metrics.items())), tuple(h.get("quarter") for h in history),
               len(history), self.full_names)
        if key == self._shown:
            return
        self._shown = key
        self.update(self.render_metrics(metrics, history))

    def render_metrics(self, metrics: Mapping[str, int],
                       history: Sequence[Mapping[str, Any]]) -> Content:
        names = METRIC_NAMES if self.full_names else METRIC_SHORT
        width = max(len(names[m]) for m in METRICS)
        lines = []
        for metric in METRICS:
            if metric not in metrics:
                continue
            values = series(metric, metrics, history)[-self.spark_width:]
            delta = values[-1] - values[-2] if len(values) > 1 else 0
            value = int(metrics[metric])
            lines.append(Content.assemble(
                (f"{METRIC_CODES[metric]} ", "$text-muted"),
                names[metric].ljust(width), " ",
                (spark(values).rjust(self.spark_width), "$primary"), " ",
                (f"{value:3d}", "bold"), " ", trend(delta),
            ))
        return Content("\n").join(lines)


class TrendChart(Static):
    """One series as a bar chart `rows` lines high, with its scale on the left.

    `show(values, labels=None)`: `labels` (one per value, e.g. quarter numbers) are written
    under the bars when given.
    """

    DEFAULT_CSS = """
    TrendChart { height: auto; }
    """

    def __init__(self, *, rows: int = 4, lo: int | None = 0, hi: int | None = 100,
                 bar_width: int = 2, id: str | None = None, classes: str | None = None) -> None:
        super().__init__("", id=id, classes=classes)
        self.rows = rows
        self.lo = lo
        self.hi = hi
        self.bar_width = bar_width

    def show(self, values: Sequence[int], labels: Sequence[str] | None = None) -> None:
        self.update(bar_chart(values, self.rows, self.lo, self.hi, self.bar_width, labels))


def bar_chart(values: Sequence[int], rows: int = 4, lo: int | None = 0, hi: int | None = 100,
              bar_width: int = 2, labels: Sequence[str] | None = None) -> Content:
    """A multi-row bar chart of `values` as Content (eighth blocks give sub-row precision)."""
    if not values:
        return Content.styled("(no data yet)", "$text-muted")
    low, high = _bounds(values, lo, hi, 1)
    axis = max(len(str(int(high))), len(str(int(low))))
    cells = rows * 8
    heights = [round(max(0.0, min(1.0, (v - low) / (high - low))) * cells) for v in values]
    lines: list[Content] = []
    for row in range(rows):
        floor = (rows - 1 - row) * 8
        label = str(int(high)) if row == 0 else str(int(low)) if row == rows - 1 else ""
        bars = "".join(EIGHTHS[max(0, min(8, h - floor))] * bar_width + " " for h in heights)
        lines.append(Content.assemble((label.rjust(axis) + "┤", "$text-muted"),
                                      (bars.rstrip(), "$primary")))
    if labels:
        foot = "".join(str(lbl)[:bar_width].ljust(bar_width) + " " for lbl in labels)
        lines.append(Content.styled(" " * (axis + 1) + foot.rstrip(), "$text-muted"))
    return Content("\n").join(lines)
