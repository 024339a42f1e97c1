"""The HTML debrief's artefacts: the roadmap beside the reference (revisions, KPI targets), the
governance committee charter and the standards."""

from __future__ import annotations

from html import escape

from triops.report.html_parts import Plain


def _roadmap(rm: Plain) -> str:
    rows = "".join(
        f"<tr><td>{escape(row['initiative'])} {escape(row['name'])}<br>"
        f"<span class=\"muted small\">{escape(row['discipline'])}</span></td>"
        f"<td class=\"entries\">{_entries(row['team'])}</td>"
        f"<td class=\"entries\">{_entries(row['reference'])}</td>"
        f"<td>{escape(', '.join(row['funded'])) or '—'}</td>"
        f"<td>{escape(row['status'])}</td></tr>" for row in rm["rows"])
    table = ("<table><thead><tr><th>Initiative</th><th>Team's roadmap</th>"
             "<th>Reference roadmap</th><th>Actually funded</th><th>Compared</th></tr></thead>"
             f"<tbody>{rows}</tbody></table>")
    revisions = "".join(f"<li>Q{v['quarter']} — {escape(v['reason'])} "
                        f"<span class=\"muted\">({escape(v['by'])}, {v['lines']} lines"
                        + (f"; {escape(v['change'])}" if v.get("change") else "")
                        + ")</span></li>" for v in rm["revisions"])
    kpis = "".join(
        f"<tr class=\"tone-{_KPI_TONES.get(k['status'], 'neutral')}\">"
        f"<td>{escape(k['line'])}</td>"
        f"<td>{escape(k['kpi'])}</td><td class=\"num\">Q{k['due']}</td>"
        f"<td class=\"num\">{k['best']}</td><td>{escape(k['status_text'])}"
        + (f": “{escape(k['reason'])}”" if k["reason"] else "") + "</td></tr>"
        for k in rm.get("kpis", ()))
    kpi_table = ("<h3>KPI targets against the metrics</h3><table><thead><tr><th>Roadmap line"
                 "</th><th>KPI target</th><th>Due</th><th>Best since</th><th>Result</th></tr>"
                 f"</thead><tbody>{kpis}</tbody></table>" if kpis else "")
    return table + ("<h3>Revisions</h3><ul>" + revisions + "</ul>" if revisions
                    else "<p class=\"muted\">The roadmap was never drafted.</p>") + kpi_table


_KPI_TONES = {"met": "positive", "replanned": "neutral", "pending": "neutral",
              "ignored": "negative"}


def _entries(entries: list[str]) -> str:
    return "".join(f"<div>{escape(x)}</div>" for x in entries) or "—"


def _charter(c: Plain | None) -> str:
    if c is None:
        return "<h3>Governance committee charter</h3><p>No charter was drafted.</p>"
    raci = ", ".join(f"{x['decision']}: {x['accountable']}" for x in c["raci"]) or "none"
    rows = [
        ("Members", ", ".join(c["members"])), ("Chair", c["chair"]), ("Cadence", c["cadence"]),
        ("Decision rights", ", ".join(c["decision_rights"]) or "none"),
        ("Risk tiering", "on" if c["risk_tiering"] else "off"),
        ("Escalation path", " → ".join(c["escalation"]) or "none"),
        ("Decision log", "kept" if c["decision_log"] else "none"),
        ("Accountable (RACI)", raci), ("Frameworks", ", ".join(c["frameworks"]) or "none"),
        ("Purpose", c["purpose"] or "—"),
        ("Revisions", "; ".join(f"Q{r['quarter']} {r['reason']}" for r in c["revisions"])),
    ]
    body = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in rows)
    return f"<h3>Governance committee charter</h3><table><tbody>{body}</tbody></table>"


def _standards(standards: list[Plain]) -> str:
    if not standards:
        return "<h3>Standards</h3><p>No standard was proposed.</p>"
    rows = "".join(
        f"<tr><td>{escape(s['name'])}<br><span class=\"muted small\">{escape(s['spec'])}"
        f"</span></td><td>{escape(', '.join(s['disciplines']))}</td><td>{escape(s['owner'])}"
        f"</td><td>{escape(s['mechanism'])}</td><td>{escape(s['kpi'])}</td>"
        f"<td>Q{s['proposed']}</td><td>{_adopted(s['adopted'])}</td></tr>" for s in standards)
    return ("<h3>Standards</h3><table><thead><tr><th>Standard</th><th>Disciplines</th>"
            "<th>Owner</th><th>Adoption</th><th>KPI</th><th>Proposed</th><th>Adopted</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>")


def _adopted(quarter: int | None) -> str:
    return f"Q{quarter}" if quarter is not None else "not yet"
