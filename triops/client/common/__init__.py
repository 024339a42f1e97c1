"""Widgets and helpers shared by the TriOps Textual apps (player, facilitator, projector).

Everything here renders data it is given and keeps no game state. The public, stable API:

- `client.common.theme`: `register_themes(app)`, the colour-blind-safe themes
  (`triops-dark`, `triops-light`, Okabe–Ito palette) and `GLYPHS`, the symbols that carry
  meaning beside colour (✓ ✗ ▲ ▼ …).
- `client.common.charts`: `spark()` and `trend()` (pure text helpers), `MetricsPanel` (the seven
  headline metrics with a sparkline, value and last change each) and `TrendChart` (one series
  as a multi-row bar chart).
- `client.common.countdown`: `Countdown`, the phase clock, driven by `view["game"]` and an
  injectable clock; `format_remaining()`.
- `client.common.status`: `ConnectionStatus`, connected / connecting / reconnecting / offline,
  as a glyph and a word.
- `client.common.help`: `HelpScreen`, a modal listing every key (from the app's bindings
  plus extra sections).
- `client.common.glossary`: `GLOSSARY` (term → plain-language definition and where it shows
  up in the game), `terms_in()`, and `GlossaryScreen`, a searchable modal.
- `client.common.keybar`: `KeyBar`, a one-line footer of the keys that work now (cheaper
  than Textual's Footer, which rebuilds a widget per key on every focus change).
- `client.common.toggles`: `MarkedCheckbox`, `MarkedRadioButton`, `MarkedSelectionList`,
  whose on state is a glyph (✓ ●), not only a colour.
- `client.common.render`: `set_content(static, content)`, which updates a Static only when
  its text or style changed (every update costs a screen layout).
- `client.common.typed`: `triops_command()`, `triops` as this person can type it (the path to
  it when PATH would not find it), for hints such as how to resume.

Docs: docs/player.md, section "Reusable widgets".
"""
