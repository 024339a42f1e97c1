"""`triops` as this person can type it, for the hints that tell them how to come back.

`make play` runs `.venv/bin/triops`, which is not on PATH unless the virtual environment is
active; a hint saying "run triops …" would then fail as typed. `triops_command()` gives the
bare name only when PATH finds this very program, and otherwise the path to it, relative to
the current directory when that is shorter.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def _this_triops() -> Path | None:
    """The `triops` script running now: the one started, or the one beside this Python."""
    if sys.argv and sys.argv[0] and Path(sys.argv[0]).name == "triops":
        return Path(sys.argv[0]).resolve()
    beside = Path(sys.executable).parent / "triops"
    return beside.resolve() if beside.exists() else None


def triops_command() -> str:
    """`triops`, or the path to it when PATH would not find the same program."""
    me = _this_triops()
    found = shutil.which("triops")
    if me is None or (found and Path(found).resolve() == me):
        return "triops"
    try:
        relative = os.path.relpath(me)
    except ValueError:  # another drive (Windows)
        return str(me)
    shown = relative if len(relative) < len(str(me)) else str(me)
    return shown if os.sep in shown else f".{os.sep}{shown}"
