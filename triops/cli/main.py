"""The `triops` command and its sub-commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from triops.balance import roadmap_search, simulate
from triops.cli import (
    db,
    demo,
    doctor,
    facilitate,
    play,
    report,
    serve,
    solo,
    watch,
    web,
)
from triops.cli.scenario_new import add_parser as add_scenario_new
from triops.game.scenario.audit import audit
from triops.game.scenario.loader import ScenarioError
from triops.scenarios import (
    read_scenario,
    scenario_paths,
    shadowed,
    stem,
    user_dir,
    user_paths,
)

Handler = Callable[[argparse.Namespace], int]


def _validate(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.paths:
        try:
            scenario = read_scenario(path)
        except ScenarioError as err:
            failed += 1
            for issue in err.issues:
                print(issue, file=sys.stderr)
            print(f"{path}: {len(err.issues)} problem(s)", file=sys.stderr)
        else:
            found = audit(scenario)
            print(f"{path}: ok ({scenario.id}, {len(scenario.incidents)} incidents, "
                  f"{scenario.quarters} quarters; one seat alone names the cause in "
                  f"{found.one_seat:.0%} of cases, {found.one_seat_digging:.0%} with its own "
                  "investigations)")
            if args.verbose:
                for inc in found.incidents:
                    print(f"  {inc.incident:6} {inc.causes} causes · one seat alone "
                          f"{inc.one_seat:4.0%} (digging {inc.one_seat_digging:4.0%}) · three "
                          f"seats' symptoms {inc.pooled_start:4.0%}"
                          f" · with investigations {inc.pooled_all:4.0%}  {inc.title}")
            for warning in found.warnings():
                print(f"{path}: warning: {warning}")
    return 1 if failed else 0


def _list(args: argparse.Namespace) -> int:
    for path in scenario_paths():
        try:
            s = read_scenario(path)
        except ScenarioError as err:
            print(f"{stem(path):28} INVALID ({len(err.issues)} problems; run triops scenario "
                  f"validate {path})")
            continue
        print(f"{s.id:28} {s.industry:14} {s.difficulty:12} {s.summary}")
    print(f"\nYour own scenarios are listed from {user_dir()}"
          + ("" if user_paths() else " (none there yet)") + ".")
    for path in shadowed():
        print(f"Not used: {path} (a shipped scenario has this file name; rename yours)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="triops",
        description="TriOps: a multiplayer simulation for integrating DataOps, MLOps and FinOps.",
    )
    parser.add_argument("--version", action="version",
                        version=f"triops {doctor.version('triops') or 'unknown'}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    scenario = sub.add_parser("scenario", help="list and validate scenario files")
    scenario_sub = scenario.add_subparsers(dest="scenario_command", required=True,
                                           metavar="ACTION")
    validate = scenario_sub.add_parser("validate", help="check scenario files, all errors at once")
    validate.add_argument("paths", nargs="+", help="scenario .toml files")
    validate.add_argument("-v", "--verbose", action="store_true",
                          help="per incident: how often one seat, three seats' symptoms and "
                          "every investigation name the cause")
    validate.set_defaults(handler=_validate)
    listing = scenario_sub.add_parser("list", help="the shipped scenarios and your own")
    listing.set_defaults(handler=_list)
    add_scenario_new(scenario_sub)
    roadmap_search.add_parser(scenario_sub)

    demo.add_parser(sub)
    simulate.add_parser(sub)
    report.add_parser(sub)
    serve.add_parser(sub)
    db.add_parser(sub)
    play.add_parser(sub)
    solo.add_parser(sub)
    facilitate.add_parser(sub)
    watch.add_parser(sub)
    web.add_parser(sub)
    doctor.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except ScenarioError as err:
        for issue in err.issues:
            print(issue, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
