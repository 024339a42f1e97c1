"""`triops report`: turn a game record into the debrief reports (Markdown, HTML, JSON).

    triops report game.json --out debrief/          # a record saved from a game
    triops report --demo --out debrief/             # a bots-only game, then its reports
    triops report --demo --save-record game.json    # ... and keep its record too
    triops report game.json --xapi                  # ... plus xAPI statements for an LRS

The record (as `triops.game.record.record_to_plain` writes it) is replayed through the engine, so
the report always matches what the rules computed. One report per team plus one for the
whole game is written in each format. `--xapi` adds `xapi-statements.json`: per person,
joined, key decisions, completed and a level per objective (`triops.report.xapi`).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from triops.game.bots.driver import bot_game
from triops.game.model.state import GameSettings, GameState
from triops.game.record import RecordError, record_from_plain, record_to_plain, replay
from triops.report import FORMATS, write_reports
from triops.report.xapi import DEFAULT_BASE, check_base
from triops.report.xapi import FILE_NAME as XAPI_FILE
from triops.scenarios import find_scenario


def add_parser(sub: Any) -> None:
    p = sub.add_parser("report", help="write the debrief reports (md, html, json) of a game")
    p.add_argument("record", nargs="?", help="a game record (JSON); omit with --demo")
    p.add_argument("--out", default="report", help="directory to write into (default: report)")
    p.add_argument("--format", default=",".join(FORMATS),
                   help="comma-separated formats: md, html, json (default: all)")
    p.add_argument("--scenario", default="",
                   help="scenario id or path (default: the one the record names)")
    p.add_argument("--db", default="", metavar="PATH|URL",
                   help="read the game from a server's store, an SQLite file or a "
                   "postgresql:// URL (with --game)")
    p.add_argument("--game", default="", metavar="CODE",
                   help="the join code (or game id) of a game in --db")
    p.add_argument("--demo", action="store_true", help="play a bots-only game and report it")
    p.add_argument("--seed", type=int, default=7, help="seed of the --demo game")
    p.add_argument("--levels", default="competent,novice",
                   help="--demo: one bot level per team (novice, competent, expert, random)")
    p.add_argument("--save-record", default="", metavar="FILE",
                   help="--demo: also save the game's record to FILE")
    p.add_argument("--xapi", action="store_true",
                   help="also write xapi-statements.json: xAPI 1.0.3 statements per person "
                        "for a learning record store (POST /statements)")
    p.add_argument("--xapi-base", default="", metavar="URL",
                   help=f"the base of the statements' ids and of the players' accounts "
                        f"(implies --xapi; default {DEFAULT_BASE})")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    formats = tuple(f.strip() for f in args.format.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        print(f"Unknown format {', '.join(unknown) or '(none)'}; choose from "
              f"{', '.join(FORMATS)}.", file=sys.stderr)
        return 2
    sources = [bool(args.record), args.demo, bool(args.db or args.game)]
    if sum(sources) != 1 or bool(args.db) != bool(args.game):
        print("Give one source: a record file, --db PATH --game CODE, or --demo.",
              file=sys.stderr)
        return 2
    xapi_base = None
    if args.xapi or args.xapi_base:
        try:
            xapi_base = check_base(args.xapi_base or DEFAULT_BASE)
        except ValueError as err:
            print(f"Bad --xapi-base: {err}.", file=sys.stderr)
            return 2
    ended_at: datetime | None = None
    try:
        if args.demo:
            state = _demo(args)
        elif args.db:
            state, ended_at = _from_store(args)
        else:
            state = _from_record(args)
    except (OSError, ValueError) as err:  # RecordError and JSON errors are ValueErrors
        print(f"Cannot read the game: {err}", file=sys.stderr)
        return 2
    # The statements are dated when the game ended if the store knows it; a record carries
    # no clock times, so then the report time.
    for path in write_reports(state, Path(args.out), formats, xapi_base=xapi_base,
                              xapi_time=ended_at or datetime.now(UTC)):
        print(path)
        if path.name == XAPI_FILE and not json.loads(path.read_text(encoding="utf-8")):
            print("No person played this game (bots only): the xAPI file holds no "
                  "statements.", file=sys.stderr)
    return 0


def _from_record(args: argparse.Namespace) -> GameState:
    path = Path(args.record)
    data = json.loads(path.read_text(encoding="utf-8"))
    record = record_from_plain(data)
    scenario = find_scenario(args.scenario or record.scenario_id)
    try:
        return replay(record, scenario)
    except RecordError as err:
        raise RecordError(f"{path}: {err}") from err


def _from_store(args: argparse.Namespace) -> tuple[GameState, datetime | None]:
    from triops.server.store import StoreError, describe_db, is_postgres_url, record_of
    from triops.server.stores import read_games

    where = describe_db(args.db)
    if not is_postgres_url(args.db) and not Path(args.db).exists():
        raise RecordError(f"{where}: no such game store")
    try:
        stored = read_games(args.db)
    except StoreError as err:
        raise RecordError(str(err)) from err
    wanted = args.game.strip().upper().replace("-", "")
    rows = [r for r in stored if r.code == wanted or r.id == args.game.strip()]
    if not rows:
        raise RecordError(f"{where} has no game {args.game!r}")
    record = record_of(rows[0])
    state = replay(record, find_scenario(args.scenario or record.scenario_id))
    # When the server marked the game finished: the xAPI statements are dated by it.
    finished = rows[0].finished_at
    return state, None if finished is None else datetime.fromtimestamp(finished, UTC)


def _demo(args: argparse.Namespace) -> GameState:
    scenario = find_scenario(args.scenario or "retail-novice")
    levels = [lvl.strip() for lvl in args.levels.split(",") if lvl.strip()] or ["competent"]
    names = tuple(f"{lvl.capitalize()} bots" + (f" {n + 1}" if levels.count(lvl) > 1 else "")
                  for n, lvl in enumerate(levels))
    table = bot_game(scenario, GameSettings(seed=args.seed, team_names=names),
                     {f"t{n + 1}": lvl for n, lvl in enumerate(levels)})
    state = table.play_to_end()
    if args.save_record:
        Path(args.save_record).write_text(json.dumps(record_to_plain(table.record), indent=1),
                                          encoding="utf-8")
    return state
