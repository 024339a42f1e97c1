"""Inline SVG line charts: no scripts, no fonts to fetch, readable when printed in greyscale.

The SVG is written inline in HTML5, which needs no namespace declaration, so the report holds
no URL at all.

Each team gets a colour from the Okabe–Ito palette (safe for colour-blind readers) and a dash
pattern, so lines stay apart on a black-and-white printout too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
           "#8C564B")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2", "10 4", "3 6")

WIDTH, HEIGHT = 340, 200
LEFT, RIGHT, TOP, BOTTOM = 36, 16, 14, 30


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    points: Sequence[Sequence[int]]  # [quarter, value] pairs
    style: int = 0
    faint: bool = False


def style(index: int) -> tuple[str, str]:
    return PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)]


def line_chart(
    title: str,
    series: Sequence[Series],
    quarters: int,
    *,
    y_max: int = 100,
    target: int | None = None,
    target_label: str = "goal",
    label_last: bool = True,
    attrs: str = "",
) -> str:
    """One chart as an <svg> element; `attrs` adds attributes (ids, data-*) to it."""
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    span = max(quarters, 1)

    def x(q: float) -> float:
        return LEFT + plot_w * q / span

    def y(v: float) -> float:
        return TOP + plot_h * (1 - min(max(v, 0), y_max) / y_max)

    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-label="{escape(title)}" class="chart" {attrs}>',
        f"<title>{escape(title)}</title>",
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" class="plot"/>',
    ]
    for tick in _ticks(y_max):
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(tick):.1f}" '
                     f'y2="{y(tick):.1f}" class="grid"/>')
        parts.append(f'<text x="{LEFT - 5}" y="{y(tick) + 4:.1f}" class="axis" '
                     f'text-anchor="end">{tick}</text>')
    for q in range(quarters + 1):
        parts.append(f'<text x="{x(q):.1f}" y="{TOP + plot_h + 16}" class="axis" '
                     f'text-anchor="middle">Q{q}</text>')
    if target is not None:
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y(target):.1f}" '
                     f'y2="{y(target):.1f}" class="target"/>')
        parts.append(f'<text x="{LEFT + 4}" y="{y(target) - 4:.1f}" class="target-label">'
                     f"{escape(target_label)} {target}</text>")
    for s in sorted(series, key=lambda s: not s.faint):
        if not s.points:
            continue
        colour, dash = style(s.style)
        coords = " ".join(f"{x(q):.1f},{y(v):.1f}" for q, v in s.points)
        klass = "series faint" if s.faint else "series"
        dash_attr = f' stroke-dasharray="{dash}"' if dash and not s.faint else ""
        stroke = "#888888" if s.faint else colour
        parts.append(f'<polyline points="{coords}" class="{klass}" stroke="{stroke}"'
                     f'{dash_attr}><title>{escape(s.label)}</title></polyline>')
        if not s.faint:
            for q, v in s.points:
                parts.append(f'<circle cx="{x(q):.1f}" cy="{y(v):.1f}" r="2.6" '
                             f'fill="{colour}"><title>{escape(s.label)}: Q{q} {v}</title>'
                             "</circle>")
            if label_last:
                q, v = s.points[-1]
                anchor = "end" if q >= span else "start"
                dx = -6 if anchor == "end" else 6
                parts.append(f'<text x="{x(q) + dx:.1f}" y="{y(v) - 7:.1f}" class="value" '
                             f'text-anchor="{anchor}" fill="{colour}">{v}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _ticks(y_max: int) -> list[int]:
    if y_max <= 100:
        return [0, 25, 50, 75, 100][: 1 + y_max // 25]
    step = _nice(y_max / 4)
    return list(range(0, y_max + 1, step))


def _nice(raw: float) -> int:
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if step >= raw:
            return step
    return int(raw)


def nice_max(values: Sequence[int]) -> int:
    top = max([*values, 1])
    step = _nice(top / 4)
    return step * max(1, -(-top // step))
