"""Where TriOps keeps its files on this machine: one folder under the user's data home
($XDG_DATA_HOME, or ~/.local/share), shared by solo games, the workshop store, tokens and
the web sessions. `triops doctor` reports it."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "triops"
