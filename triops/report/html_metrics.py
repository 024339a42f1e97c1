"""The HTML debrief's metrics: one inline SVG chart per metric, the outcome score and the
business value, with their legend."""

from __future__ import annotations

from html import escape

from triops.report.charts import Series, line_chart, nice_max, style
from triops.report.html_parts import Plain


def _metric_section(m: Plain, g: Plain) -> str:
    series = m["series"]
    many = len(series) > 1
    parts = []
    legend = [(s["name"], i, False) for i, s in enumerate(series)]
    if m.get("average"):
        legend.append(("average of all teams", 0, True))
    parts.append(_legend(legend))
    charts = []
    for metric in m["metrics"]:
        lines = [Series(s["name"], s["values"][metric], i) for i, s in enumerate(series)]
        if m.get("average"):
            lines.append(Series("average of all teams", m["average"][metric], 0, faint=True))
        title = f"{g['metric_codes'][metric]} {g['metric_names'][metric]}"
        svg = line_chart(title, lines, m["quarters"], target=m["targets"].get(metric),
                         label_last=not many, attrs=f'data-metric="{metric}"')
        charts.append(f"<figure><figcaption>{escape(title)}</figcaption>{svg}</figure>")
    outcome = [Series(s["name"], s["outcome"], i) for i, s in enumerate(series)]
    charts.append("<figure><figcaption>Outcome score</figcaption>"
                  + line_chart("Outcome score", outcome, m["quarters"], label_last=not many,
                               attrs='data-chart="outcome"') + "</figure>")
    values = [v for s in series for _, v in s["value"]]
    goal = next((x["target"] for x in g["scenario"]["goals"] if x["kind"] == "value"), None)
    top = nice_max([*values, *([goal] if goal else [])])
    value = [Series(s["name"], s["value"], i) for i, s in enumerate(series)]
    charts.append("<figure><figcaption>Business value delivered (cr, cumulative)</figcaption>"
                  + line_chart("Business value delivered", value, m["quarters"], y_max=top,
                               target=goal, label_last=not many, attrs='data-chart="value"')
                  + "</figure>")
    parts.append('<div class="charts">' + "".join(charts) + "</div>")
    note = "Dashed horizontal lines are the organisation's goals. Metric charts run from 0 to 100."
    if m.get("average"):
        note += " The dotted grey line is the average of all teams."
    parts.append(f'<p class="muted small">{escape(note)}</p>')
    return "\n".join(parts)


def _legend(items: list[tuple[str, int, bool]]) -> str:
    out = []
    for name, index, faint in items:
        colour, dash = style(index)
        if faint:
            colour, dash = "#888888", "2 3"
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<li><svg viewBox="0 0 34 10" aria-hidden="true"><line x1="1" y1="5" '
                   f'x2="33" y2="5" stroke="{colour}" stroke-width="2.4"{dash_attr}/></svg>'
                   f"{escape(name)}</li>")
    return '<ul class="legend">' + "".join(out) + "</ul>"
