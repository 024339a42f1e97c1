"""`triops scenario new`: a commented skeleton scenario to start writing from.

The skeleton (scenario_skeleton.py, schema 2) is valid as written: every required field is
present, with `TODO` placeholder text, and its three incidents already obey the validator's
rules. An author replaces the TODOs, runs `triops scenario validate` after each change, and
checks the balance with `triops simulate`. triops/scenarios/README.md explains every field.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from triops.cli.scenario_skeleton import skeleton_table
from triops.cli.toml_writer import dumps
from triops.game.model.vocab import DIFFICULTIES, INDUSTRIES

PLACEHOLDER = "TODO"


def add_parser(scenario_sub: Any) -> None:
    """Register `new` under `triops scenario`."""
    p = scenario_sub.add_parser(
        "new",
        help="write a commented skeleton scenario to start from",
        description="Write a commented skeleton scenario that validates as it stands. Replace "
        "every TODO, then run `triops scenario validate` and `triops simulate`.",
    )
    p.add_argument(
        "path", nargs="?", default="-", help="file to write (default: print to standard output)"
    )
    p.add_argument(
        "--difficulty",
        choices=DIFFICULTIES,
        default="novice",
        help="novice (budget 50, hints) or experienced (budget 35, compound causes, "
        "red herrings, a regulator clock)",
    )
    p.add_argument("--industry", choices=INDUSTRIES, default="other")
    p.add_argument("--id", default="", help="scenario id (default: from the file name)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    to_stdout = args.path == "-"
    path = None if to_stdout else Path(args.path)
    ident = args.id or (scenario_id(path.stem) if path else f"{args.industry}-{args.difficulty}")
    if not re.fullmatch(r"[a-z0-9-]+", ident):
        print(
            f"triops scenario new: --id must be lowercase letters, digits and -; got {ident!r}",
            file=sys.stderr,
        )
        return 2
    text = skeleton(ident, args.industry, args.difficulty)
    if path is None:
        sys.stdout.write(text)
        return 0
    if path.exists() and not args.force:
        print(
            f"triops scenario new: {path} exists; choose another path or add --force",
            file=sys.stderr,
        )
        return 1
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    todos = text.count(PLACEHOLDER)
    print(
        f"{path}: written ({ident}, {args.difficulty}). Replace the {todos} {PLACEHOLDER}s, "
        f"then run:\n  triops scenario validate {path}\n"
        f"  triops simulate --scenario {path} --games 50"
    )
    return 0


def scenario_id(stem: str) -> str:
    """A valid scenario id from a file name: lowercase, with other characters turned to -."""
    ident = re.sub(r"[^a-z0-9-]+", "-", stem.lower()).strip("-")
    return ident or "my-scenario"


def skeleton(ident: str, industry: str = "other", difficulty: str = "novice") -> str:
    """The skeleton's TOML text for one id, industry and difficulty."""
    return dumps(*skeleton_table(ident, industry, difficulty))
