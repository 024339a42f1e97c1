"""`triops solo`: a full game against bots, on an embedded server, in one command."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from triops.game.scenario.model import Scenario
from triops.scenarios import load_all_scenarios
from triops.server.app import ServerConfig, TriOpsServer


def add_parser(sub: Any) -> None:
    p = sub.add_parser("solo", help="practise alone: your seat, bot teammates, optional rivals")
    p.add_argument("--scenario", default="", help="scenario id (default: a picker)")
    p.add_argument("--difficulty", default="", choices=["", "novice", "experienced"])
    p.add_argument("--role", default="", choices=["", "dataops", "mlops", "finops"])
    p.add_argument("--rivals", type=int, default=0, help="rival bot teams (0 to 5)")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--clock", type=float, default=None, metavar="MINUTES",
                   help="a planning clock, in minutes (default: none)")
    p.add_argument("--resume", action="store_true", help="continue the last solo game")
    p.add_argument("--bots-play-fully", action="store_true",
                   help="bot teammates play fully instead of assisting you (propose, ask, "
                        "answer questions, leave the decisions to you)")
    p.add_argument("--no-tutorial", action="store_true",
                   help="skip the guided first quarter (shown at novice level)")
    p.add_argument("--state", type=Path, default=None,
                   help="where solo games are kept (default $XDG_DATA_HOME/triops)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from triops.client.solo.launch import SoloError, offer_resume, pick_options, play

    scenarios = load_all_scenarios()
    try:
        fresh = args.scenario or args.role or args.difficulty or args.seed is not None
        if args.resume or (not fresh and offer_resume(args.state)):
            options = None
        elif args.scenario and args.role:
            from triops.client.solo.session import SoloOptions

            if args.scenario not in scenarios:
                raise SoloError(f"No scenario {args.scenario!r}; known: "
                                f"{', '.join(sorted(scenarios))}.")
            options = SoloOptions(args.scenario, args.difficulty, args.role,
                                  max(0, min(5, args.rivals)), args.seed,
                                  clock_minutes=args.clock,
                                  bot_mode="full" if args.bots_play_fully else "assist")
        else:
            options = pick_options(scenarios, args)
            if options is None:
                return 0
        asyncio.run(play(solo_server(scenarios), options, args.state,
                         tutorial=not args.no_tutorial))
    except SoloError as err:
        print(f"triops solo: {err}")
        return 1
    except FileNotFoundError as err:
        print(f"triops solo: {err}")
        return 1
    return 0


def solo_server(scenarios: dict[str, Scenario], bot_delay: float = 0.5,
                base: ServerConfig | None = None) -> Callable[[Path], TriOpsServer]:
    """How solo builds its embedded server: loopback only, a free port, the given SQLite file.
    `base` supplies the other settings (tests shorten the keepalive)."""
    settings = base or ServerConfig()

    def make(db: Path) -> TriOpsServer:
        return TriOpsServer(ServerConfig("127.0.0.1", 0, db, None, bot_delay,
                                         settings.max_backlog, settings.ping_interval,
                                         settings.ping_timeout), scenarios)
    return make
