"""What the player client remembers between runs: the last join values and seat tokens.

A seat token is what lets a restarted client take its seat back without joining again, so it
is kept in a file only the user can read (mode 600), by default
`$XDG_DATA_HOME/triops/player.json` (`~/.local/share/triops/player.json`). Tests pass their
own path. Nothing about the game itself is stored here: the server holds the game.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from triops.paths import data_dir
from triops.protocol import normalise_code

MAX_SEATS = 20


def default_path() -> Path:
    return data_dir() / "player.json"


@dataclass(frozen=True, slots=True)
class JoinRequest:
    """Where and as whom to play: the values of the join screen (or of `triops play` flags)."""

    server: str
    code: str
    team: str
    role: str
    name: str

    @property
    def complete(self) -> bool:
        return all((self.server, self.code, self.team, self.role, self.name))


@dataclass(slots=True)
class SavedSeat:
    """A seat this client holds: the token that resumes it and where it was last seen."""

    server: str
    code: str
    team: str
    role: str
    token: str
    name: str = ""
    team_name: str = ""
    last_seq: int = 0
    saved: float = field(default_factory=time.time)


class TokenStore:
    """A small JSON file; every write replaces it atomically. Unreadable files are ignored."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, Any]) -> None:
        with contextlib.suppress(OSError):  # a read-only home must not stop the game
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, indent=1)
            os.replace(tmp, self.path)

    # --- last values of the join screen -------------------------------------------------

    def last(self) -> JoinRequest:
        raw = self._read().get("last", {})
        raw = raw if isinstance(raw, dict) else {}
        return JoinRequest(*(str(raw.get(k, "")) for k in ("server", "code", "team", "role",
                                                          "name")))

    def remember(self, request: JoinRequest) -> None:
        data = self._read()
        data["last"] = asdict(request)
        self._write(data)

    # --- seat tokens ----------------------------------------------------------------------

    def seats(self) -> list[SavedSeat]:
        out = []
        for raw in self._read().get("seats", []):
            with contextlib.suppress(TypeError):
                out.append(SavedSeat(**raw))
        return out

    def find(self, server: str, code: str, team: str = "", role: str = "") -> SavedSeat | None:
        """The newest saved seat in that game (and, if given, that team and role)."""
        code = normalise_code(code)
        for seat in sorted(self.seats(), key=lambda s: -s.saved):
            if seat.server.rstrip("/") != server.rstrip("/") or seat.code != code:
                continue
            if team and team.casefold() not in (seat.team.casefold(),
                                                seat.team_name.casefold()):
                continue
            if role and role != seat.role:
                continue
            return seat
        return None

    def save(self, seat: SavedSeat) -> None:
        seat.code = normalise_code(seat.code)
        seat.saved = time.time()
        data = self._read()
        kept = [s for s in self.seats() if s.token != seat.token
                and not (s.server == seat.server and s.code == seat.code
                         and s.team == seat.team and s.role == seat.role)]
        data["seats"] = [asdict(s) for s in [seat, *kept][:MAX_SEATS]]
        self._write(data)

    def forget(self, token: str) -> None:
        data = self._read()
        data["seats"] = [asdict(s) for s in self.seats() if s.token != token]
        self._write(data)
