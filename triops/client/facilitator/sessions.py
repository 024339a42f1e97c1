"""The facilitator's games on this machine: join code, server and facilitator token.

The facilitator token is the only key to a running game's controls. If the console is
closed or crashes, `triops facilitate --code CODE` finds the token here and reconnects.
The file is written with owner-only permissions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from triops.paths import data_dir


def default_dir() -> Path:
    return data_dir()


class Sessions:
    def __init__(self, directory: Path | None = None) -> None:
        self.path = (directory or default_dir()) / "facilitator-games.json"

    def load(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def save(self, code: str, server: str, token: str, **extra: Any) -> Path | None:
        """Remember a game; returns the file, or None if it could not be written."""
        games = self.load()
        games[code] = {"server": server, "token": token, **extra}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(games, indent=1), encoding="utf-8")
            tmp.chmod(0o600)
            tmp.replace(self.path)
        except OSError:
            return None
        return self.path

    def find(self, code: str) -> dict[str, Any] | None:
        key = code.strip().upper().replace("-", "").replace(" ", "")
        entry = self.load().get(key)
        return entry if isinstance(entry, dict) else None
