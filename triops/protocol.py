"""The wire protocol: message types, msgpack encoding, bounded decoding (docs/protocol.md).

Every frame is one msgpack map with a `type`. Decoding is bounded (frame size, collection
sizes) and checked field by field against the message types below, so whatever a client
sends becomes either a typed message or a `ProtocolError` with a stable code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import msgpack

from triops.game.model.codec import DecodeError, from_plain

PROTOCOL_VERSION = 3  # 2: updates carry a patch of the view; 3: incidents without tells (docs)
MAX_FRAME = 64 * 1024  # bytes a client frame may have
MAX_ITEMS = 512  # entries in any one list or map a client sends
MAX_DEPTH = 8


class ProtocolError(ValueError):
    """A frame the server cannot accept. `code` is stable (docs/protocol.md, "Errors")."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0])


# --- client messages ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClientMessage:
    type: ClassVar[str] = ""


@dataclass(frozen=True, slots=True)
class Hello(ClientMessage):
    type: ClassVar[str] = "hello"
    protocol: int
    client: str = ""


@dataclass(frozen=True, slots=True)
class ClockRequest:
    setup_seconds: float | None = None
    planning_seconds: float | None = None
    review_seconds: float | None = None
    auto_advance: bool = False


@dataclass(frozen=True, slots=True)
class CreateGame(ClientMessage):
    type: ClassVar[str] = "create_game"
    key: str
    scenario: str
    teams: tuple[str, ...]
    difficulty: str = ""
    seed: int | None = None
    clock: ClockRequest = field(default_factory=ClockRequest)
    bots: str = "novice"  # level for empty seats, or "none" to leave them waiting
    bot_mode: str = "assist"  # in a team with a person: "assist" or "full" (BOT_MODES)


@dataclass(frozen=True, slots=True)
class Join(ClientMessage):
    type: ClassVar[str] = "join"
    code: str
    team: str
    role: str
    name: str


@dataclass(frozen=True, slots=True)
class Spectate(ClientMessage):
    type: ClassVar[str] = "spectate"
    code: str


@dataclass(frozen=True, slots=True)
class Facilitate(ClientMessage):
    type: ClassVar[str] = "facilitate"
    code: str
    token: str


@dataclass(frozen=True, slots=True)
class Resume(ClientMessage):
    type: ClassVar[str] = "resume"
    token: str
    last_seq: int = 0


@dataclass(frozen=True, slots=True)
class Action(ClientMessage):
    type: ClassVar[str] = "action"
    action_id: str
    based_on: int
    command: dict[str, Any]


@dataclass(frozen=True, slots=True)
class Ping(ClientMessage):
    type: ClassVar[str] = "ping"
    nonce: int = 0


@dataclass(frozen=True, slots=True)
class ListScenarios(ClientMessage):
    type: ClassVar[str] = "list_scenarios"


@dataclass(frozen=True, slots=True)
class GetRecord(ClientMessage):
    """The facilitator asks for the game record (for the reports), with its scenario."""

    type: ClassVar[str] = "record"


CLIENT_TYPES: dict[str, type[ClientMessage]] = {
    cls.type: cls
    for cls in (Hello, CreateGame, Join, Spectate, Facilitate, Resume, Action, Ping,
                ListScenarios, GetRecord)
}


def encode(message: dict[str, Any]) -> bytes:
    """One server message as a msgpack frame."""
    out: bytes = msgpack.packb(message, use_bin_type=True)
    return out


def _depth(value: Any, limit: int) -> int:
    """How deeply `value` nests maps and lists (more than `limit`: some larger number). Map
    keys are strings or bytes (decode_frame's strict_map_key), so only values can nest."""
    if limit < 0:
        return 1 << 20
    if isinstance(value, dict):
        items: Any = value.values()
    elif isinstance(value, list):
        items = value
    else:
        return 0
    deepest = 0
    for item in items:
        if isinstance(item, dict | list):
            deepest = max(deepest, _depth(item, limit - 1))
    return 1 + deepest


def decode_frame(frame: bytes | str) -> dict[str, Any]:
    """Bytes to a map with a string `type`, within the size limits, or a ProtocolError."""
    if isinstance(frame, str):
        raise ProtocolError("bad_frame", "Frames are binary msgpack, not text.")
    if len(frame) > MAX_FRAME:
        raise ProtocolError("too_big", f"A frame is at most {MAX_FRAME} bytes.")
    try:
        data = msgpack.unpackb(
            frame, raw=False, strict_map_key=True, max_array_len=MAX_ITEMS,
            max_map_len=MAX_ITEMS, max_str_len=MAX_FRAME, max_bin_len=0, max_ext_len=0,
        )
    except (ValueError, TypeError, msgpack.ExtraData, msgpack.FormatError,
            msgpack.StackError, RecursionError) as err:
        raise ProtocolError("bad_frame", f"Not a valid msgpack frame ({type(err).__name__}).") \
            from err
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise ProtocolError("bad_message", "A message is a map with a string \"type\".")
    if _depth(data, MAX_DEPTH) > MAX_DEPTH:
        raise ProtocolError("bad_message", f"Messages nest at most {MAX_DEPTH} levels deep.")
    return data


def parse_message(data: dict[str, Any]) -> ClientMessage:
    """A decoded map to a typed client message, or a ProtocolError naming the bad field."""
    kind = data["type"]
    if kind == "action" and len(data) == 4:  # nearly every message: checked by hand
        action = _plain_action(data)
        if action is not None:
            return action
    cls = CLIENT_TYPES.get(kind)
    if cls is None:
        raise ProtocolError("unknown_type",
                            f'Unknown message type "{kind[:40]}"; expected one of '
                            f"{', '.join(sorted(CLIENT_TYPES))}.")
    try:
        return from_plain(cls, {k: v for k, v in data.items() if k != "type"}, kind)
    except DecodeError as err:
        raise ProtocolError("bad_message", str(err)) from err


def _plain_action(data: dict[str, Any]) -> Action | None:
    """The `action` `from_plain` would make of `data`, when every field is there with a type
    it takes as it is (no extra field, since `data` has four); None to let it say why not."""
    action_id, based_on, command = data.get("action_id"), data.get("based_on"), \
        data.get("command")
    if type(action_id) is str and type(based_on) is int and type(command) is dict \
            and all(type(key) is str for key in command):
        return Action(action_id, based_on, command)
    return None


def decode_server_frame(frame: bytes) -> dict[str, Any]:
    """A frame from the server, for clients: views are larger than anything a client sends."""
    data = msgpack.unpackb(frame, raw=False, strict_map_key=False)
    if not isinstance(data, dict):
        raise ProtocolError("bad_frame", "The server sent something that is not a map.")
    return data


def error(code: str, message: str, action_id: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "error", "code": code, "message": message}
    if action_id is not None:
        out["action_id"] = action_id
    return out


# --- room addresses -------------------------------------------------------------------------

# Every connection about an existing game opens `/room/<CODE>`, so a proxy in front of several
# server processes can send all of a room's connections to the same one by hashing the path
# (docs/protocol.md, "Transport"; docs/operations.md, "Several server processes").
ROOM_PREFIX = "/room/"


def normalise_code(code: str) -> str:
    """Join codes ignore case, spaces and dashes (`join`): the form in a room's path."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def room_url(server: str, code: str) -> str:
    """The address of game `code` on the server at `server` (`ws://host:port`, any path)."""
    base = server.split("?", 1)[0].rstrip("/")
    scheme, _, rest = base.partition("://")
    host = rest.split("/", 1)[0] if rest else scheme
    prefix = f"{scheme}://{host}" if rest else host
    return f"{prefix}{ROOM_PREFIX}{normalise_code(code)}"


def room_of_path(path: str) -> str | None:
    """The join code a connection's path names (`/room/K7MQ2P`), or None for any other path
    (`/`: a connection that names its game in its messages, as before rooms had addresses)."""
    path = path.split("?", 1)[0]
    if not path.startswith(ROOM_PREFIX):
        return None
    return normalise_code(path[len(ROOM_PREFIX):].strip("/"))
