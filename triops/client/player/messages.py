"""Messages the network worker posts to the app: small dataclasses, one line of doc each."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message


@dataclass
class LinkStatus(Message):
    """The connection changed state: connecting, connected, reconnecting, offline, moved."""

    state: str
    detail: str = ""


@dataclass
class SeatJoined(Message):
    """The server gave this client a seat; keep the token to resume it."""

    token: str
    code: str
    team: str
    role: str


@dataclass
class ViewArrived(Message):
    """A fresh view of the game for this seat, with the events that caused it."""

    view: dict[str, Any]
    events: list[dict[str, Any]] = field(default_factory=list)
    initial: bool = False  # a `state` (attach or resume) rather than an `update`


@dataclass
class EventsReplayed(Message):
    """Events missed while disconnected, replayed once in order (no view)."""

    seq: int
    events: list[dict[str, Any]]


@dataclass
class ActionAnswered(Message):
    """The server accepted (ack) or refused (error) one of this seat's actions."""

    action_id: str
    label: str
    ok: bool
    code: str = ""
    text: str = ""


@dataclass
class JoinRefused(Message):
    """Joining or resuming failed; the join screen should say why."""

    code: str
    text: str
    token_rejected: bool = False


@dataclass
class ServerNotice(Message):
    """An error not tied to an action (for example, rate limiting)."""

    code: str
    text: str
