"""Rich renderables for the projector: leaderboard, metric bars per team, ticker, podium.

Everything is drawn from the spectator view only (public information). Sizes favour the
back of the room: few words, thick bars, numbers beside every bar (never colour alone).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from triops.client.projector.bigtext import FONT, big, width
from triops.game.model.vocab import METRIC_CODES, METRIC_NAMES, METRICS

SPARK = "▁▂▃▄▅▆▇█"
SHORT_NAMES = {
    "data_trust": "Data trust",
    "model_reliability": "Models",
    "delivery_velocity": "Velocity",
    "cost_efficiency": "Cost eff.",
    "governance": "Governance",
    "team_capability": "Capability",
    "business_value": "Value",
}
MEDALS = ("1st", "2nd", "3rd")


def spark(values: Sequence[int], hi: int = 100) -> str:
    return "".join(SPARK[min(7, max(0, v * 8 // (hi + 1)))] for v in values)


def bar(value: int, width: int) -> str:
    filled = round(max(0, min(100, value)) * width / 100)
    return "█" * filled + "░" * (width - filled)


def leaderboard(rows: Sequence[Mapping[str, Any]]) -> Table:
    """Rank, team, score now, the score at the end of the last quarter with its change, value."""
    table = Table(box=None, expand=True, show_edge=False, pad_edge=False, padding=(0, 1, 1, 1))
    table.add_column("#", justify="right", style="bold")
    table.add_column("team", style="bold", ratio=3)
    resolved = max((len(r.get("history", ())) for r in rows), default=0) - 1
    table.add_column("score now", justify="right", style="bold")
    table.add_column(f"end of Q{resolved}" if resolved >= 0 else "", justify="right")
    table.add_column("value", justify="right")
    table.add_column("trend", ratio=2)
    for r in rows:
        history = list(r.get("history", ()))
        last = ""
        if history:
            last = str(history[-1])
            if len(history) >= 2:
                delta = history[-1] - history[-2]
                last += f" ▲{delta}" if delta > 0 else (f" ▼{-delta}" if delta < 0 else " =")
        table.add_row(str(r["rank"]), str(r["name"]), str(r["outcome"]), last,
                      f"{r['value']} cr", spark(history))
    return table


def team_card(team: Mapping[str, Any], rank: int | None, width: int = 16) -> RenderableType:
    head = Text()
    if rank is not None:
        head.append(f"#{rank} ", style="bold reverse")
        head.append(" ")
    head.append(str(team["name"]), style="bold")
    head.append(f"   value {team.get('value', 0)} cr")
    metrics = team.get("metrics", {})
    history = team.get("history", ())
    lowest = min(metrics.values()) if metrics else 0
    lines = [head]
    for m in METRICS:
        value = int(metrics.get(m, 0))
        before = int(history[-2]["metrics"][m]) if len(history) >= 2 else value
        arrow = "▲" if value > before else ("▼" if value < before else " ")
        line = Text(f"{METRIC_CODES[m]} {SHORT_NAMES[m]:<10} ")
        line.append(bar(value, width), style="bold" if value != lowest else "bold underline")
        line.append(f" {value:>3} {arrow}")
        if value == lowest:
            line.append(" lowest", style="italic")
        lines.append(line)
    return Group(*lines)


def metric_legend() -> Text:
    return Text("  ".join(f"{METRIC_CODES[m]} {METRIC_NAMES[m]}" for m in METRICS),
                style="dim")


def ticker(entries: Sequence[Mapping[str, Any]], count: int = 4) -> Text:
    out = Text()
    recent = list(entries)[-count:]
    for n, e in enumerate(recent):
        newest = n == len(recent) - 1
        out.append(f"Q{e.get('quarter', 0)}  ", style="bold")
        out.append(str(e.get("text", "")), style="bold" if newest else "")
        if n < len(recent) - 1:
            out.append("\n")
    return out


def podium(rows: Sequence[Mapping[str, Any]], room: int = 150,
           early_end: str = "", tie_break: str = "") -> RenderableType:
    """The top three in block letters (names too, when they fit), the rest on one line;
    `early_end` (the server's words) says why the scores changed when the game ended early."""
    parts: list[RenderableType] = [Text("FINAL RESULTS", style="bold reverse", justify="center")]
    for r in list(rows)[:3]:
        rank = int(r["rank"])
        place = MEDALS[rank - 1] if rank <= 3 else f"{rank}th"
        name = str(r["name"])
        headline = f"{place} {name}"
        drawable = all(ch.upper() in FONT for ch in name) and width(headline) <= room
        parts.append(Text(""))
        parts.append(Text(big(headline if drawable else place), style="bold", justify="center"))
        caption = f"score {r['outcome']} · value {r['value']} cr"
        parts.append(Text(caption if drawable else f"{name} — {caption}", style="bold",
                          justify="center"))
    rest = list(rows)[3:]
    if rest:
        parts.append(Text(""))
        parts.append(Text("   ".join(f"{r['rank']}. {r['name']} {r['outcome']}" for r in rest),
                          justify="center"))
    if tie_break:
        parts.append(Text(tie_break, style="dim", justify="center"))
    if early_end:
        parts.append(Text(""))
        parts.append(Text(early_end, style="bold", justify="center"))
    return Group(*parts)
