"""The end-of-game debrief report: per team and for the whole game, as Markdown, a single
self-contained HTML file, and JSON for a learning-management system; each team's roadmap
to take home (Markdown and CSV, `takehome.py`); and, when asked for, xAPI statements per
person for a learning record store (`xapi.py`).

Renderers are pure functions of the plain model in `model.py`; `write_reports` is the only
function here that touches the file system.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from triops.game.model.state import GameState
from triops.report.html import render_html
from triops.report.markdown import render_markdown
from triops.report.model import build_game_report, build_team_report
from triops.report.takehome import build_takehome, render_takehome_csv, render_takehome_md
from triops.report.xapi import FILE_NAME as XAPI_FILE
from triops.report.xapi import build_statements, render_statements

FORMATS = ("md", "html", "json")

__all__ = [
    "FORMATS",
    "build_game_report",
    "build_team_report",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "write_reports",
]


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def render(report: dict[str, Any], fmt: str) -> str:
    if fmt == "md":
        return render_markdown(report)
    if fmt == "html":
        return render_html(report)
    if fmt == "json":
        return render_json(report)
    raise ValueError(f"unknown report format {fmt!r}; choose from {', '.join(FORMATS)}")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "team"


def write_reports(state: GameState, out_dir: Path, formats: tuple[str, ...] = FORMATS, *,
                  xapi_base: str | None = None, xapi_time: datetime | None = None
                  ) -> list[Path]:
    """One report per team plus one for the whole game, in each format; returns the paths.

    With `xapi_base`, also the xAPI statements per person (`xapi-statements.json`), dated
    `xapi_time` (default now). Only when asked: they are meant to leave the room."""
    # Checked before anything is written, so a bad base leaves no half-written folder.
    statements = (build_statements(state, xapi_base, xapi_time)
                  if xapi_base is not None else None)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    reports: list[tuple[str, dict[str, Any]]] = [("game", build_game_report(state))]
    for team in state.teams:
        reports.append((f"team-{team.id}-{slug(team.name)}", build_team_report(state, team.id)))
    for stem, report in reports:
        for fmt in formats:
            path = out_dir / f"{stem}.{fmt}"
            path.write_text(render(report, fmt), encoding="utf-8")
            written.append(path)
    for team in state.teams:  # the roadmap to take home, to read and to edit
        plan = build_takehome(state, team.id)
        stem = f"team-{team.id}-{slug(team.name)}-roadmap"
        for path, text in ((out_dir / f"{stem}.md", render_takehome_md(plan)),
                           (out_dir / f"{stem}.csv", render_takehome_csv(plan))):
            path.write_text(text, encoding="utf-8")
            written.append(path)
    if statements is not None:
        path = out_dir / XAPI_FILE
        path.write_text(render_statements(statements), encoding="utf-8")
        written.append(path)
    return written
