"""Where TriOps keeps its files on this machine: one folder under the user's data home
($XDG_DATA_HOME, or ~/.local/share), shared by solo games, the workshop store, tokens and
the web sessions. `triops doctor` reports it."""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path


def data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "triops"


def packaged(package: str, name: str) -> Path:
    """A file or folder shipped inside one of TriOps's packages (a stylesheet, the web
    pages), found through importlib.resources rather than beside a checkout. pip and pipx
    unpack the wheel into plain files, so it is a real path that Textual and Jinja can open."""
    found = files(package) / name
    if not isinstance(found, Path):
        raise RuntimeError(f"{package}/{name} is not on disk; install TriOps unzipped")
    return found
