"""The debrief page's style sheet: screen and A4 print, inlined into the one HTML file."""

from __future__ import annotations

CSS = """
:root { --ink: #1d2330; --muted: #5a6372; --line: #d7dce3; --soft: #f3f5f8; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.45; font-size: 15px;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 28px 32px 48px; }
h1 { font-size: 28px; margin: 0 0 4px; line-height: 1.2; }
h2 { font-size: 21px; border-bottom: 2px solid var(--ink); padding-bottom: 4px;
  margin: 38px 0 12px; }
h3 { font-size: 17px; margin: 22px 0 8px; }
h4 { font-size: 15px; margin: 14px 0 6px; }
p { margin: 6px 0 10px; }
.subtitle { color: var(--muted); margin: 0 0 16px; }
.muted { color: var(--muted); }
.small { font-size: 13px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13.5px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; }
td.num { white-space: nowrap; }
td.q, th.q { white-space: nowrap; width: 3.6em; }
td.status, td.met, td.unmet { white-space: nowrap; }
.scroll { overflow-x: auto; }
.card.wide { grid-column: span 2; }
td.steps ul { margin: 0; padding-left: 18px; }
.entries div + div { margin-top: 3px; padding-top: 3px; border-top: 1px dotted var(--line); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(165px, 1fr));
  gap: 10px; margin: 14px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.card .label { font-size: 12px; color: var(--muted); text-transform: uppercase;
  letter-spacing: .04em; }
.card .big { font-size: 26px; font-weight: 700; line-height: 1.2; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 10px; font-size: 12px;
  font-weight: 600; white-space: nowrap; border: 1px solid; }
.lvl-1 { background: #fde8e6; color: #8a1c12; border-color: #f0b4ac; }
.lvl-2 { background: #fff3d6; color: #6f4a00; border-color: #efd390; }
.lvl-3 { background: #e3f4e8; color: #17612f; border-color: #a9d9b7; }
.lvl-4 { background: #e2ecfb; color: #153f82; border-color: #a9c3ec; }
.chip { display: inline-block; min-width: 1.7em; text-align: center; border-radius: 4px;
  font-weight: 700; font-size: 12px; padding: 0 3px; border: 1px solid; }
nav.toc { border: 1px solid var(--line); border-radius: 8px; padding: 8px 14px;
  background: var(--soft); font-size: 14px; }
nav.toc a { margin-right: 14px; color: #0b4f8a; text-decoration: none; white-space: nowrap; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(310px, 1fr));
  gap: 14px; }
figure { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 8px 8px 4px;
  break-inside: avoid; page-break-inside: avoid; }
figcaption { font-weight: 600; font-size: 13.5px; margin: 0 0 2px 2px; }
svg.chart { width: 100%; height: auto; display: block; }
svg .plot { fill: #fbfcfd; stroke: var(--line); }
svg .grid { stroke: #e4e7ec; stroke-width: 1; }
svg .axis { font-size: 10px; fill: #5a6372; }
svg .target { stroke: #444; stroke-dasharray: 5 3; stroke-width: 1.2; }
svg .target-label { font-size: 10px; fill: #333; }
svg .series { fill: none; stroke-width: 2.2; stroke-linejoin: round; }
svg .series.faint { stroke-width: 1.6; stroke-dasharray: 2 3; }
svg .value { font-size: 11px; font-weight: 700; }
ul.legend { list-style: none; padding: 0; margin: 4px 0 12px; display: flex;
  flex-wrap: wrap; gap: 4px 18px; font-size: 13px; }
ul.legend svg { width: 34px; height: 10px; vertical-align: middle; margin-right: 5px; }
tr.tone-positive td:first-child { border-left: 4px solid #2e8b57; }
tr.tone-negative td:first-child { border-left: 4px solid #c0392b; }
tr.tone-neutral td:first-child { border-left: 4px solid #b8c0cc; }
li.tone-positive::marker { color: #2e8b57; }
li.tone-negative::marker { color: #c0392b; }
.met { color: #17612f; font-weight: 700; }
.unmet { color: #8a1c12; font-weight: 700; }
article.objective { border: 1px solid var(--line); border-radius: 8px; padding: 4px 16px 8px;
  margin: 14px 0; }
article.objective h3 { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; }
.lift { background: #fffbea; border: 1px solid #efd390; border-radius: 6px;
  padding: 6px 12px; margin: 8px 0; }
.lift ul { margin: 4px 0; padding-left: 20px; }
.comment { background: var(--soft); border-left: 4px solid #153f82; padding: 6px 10px; }
.quarter { break-inside: avoid; }
.quarter ul { margin: 4px 0 10px; padding-left: 22px; }
.tag { display: inline-block; font-size: 11px; text-transform: uppercase; letter-spacing: .04em;
  color: var(--muted); min-width: 5.6em; }
ol.questions li { margin: 4px 0; }
article.debrief { border: 1px solid var(--line); border-radius: 8px; padding: 4px 16px 8px;
  margin: 14px 0; break-inside: avoid; }
article.debrief ul { padding-left: 20px; }
footer { margin-top: 40px; font-size: 12px; color: var(--muted);
  border-top: 1px solid var(--line); padding-top: 8px; }
@media (max-width: 820px) {
  main { padding: 16px 14px 32px; }
  table { font-size: 12.5px; }
  th, td { padding: 4px 5px; }
  .card.wide { grid-column: auto; }
}
@page { size: A4; margin: 14mm; }
@media print {
  body { font-size: 10.5pt; }
  table { font-size: 9pt; }
  th, td { padding: 3px 5px; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3, h4 { break-after: avoid; }
  tr, article.objective h3, .lift { break-inside: avoid; page-break-inside: avoid; }
  .charts { grid-template-columns: repeat(3, 1fr); gap: 8px; }
  a { color: inherit; text-decoration: none; }
  .scroll { overflow: visible; }
}
"""
