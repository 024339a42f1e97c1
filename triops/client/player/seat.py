"""One seat over the shared link: how a player joins, and what the link's news means here.

`Seat.run()` is the body of the player app's network worker. It looks the team up (a name
matches whatever its case), has the link join the seat or resume it with a saved token, and
turns what the link hears into the small messages of `client.player.messages`, posted to
the app. Reconnecting, resuming, action ids and retries are the link's (`client.link`);
what is the seat's own is which refusals end the attempt and what each close means for it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from textual.message import Message
from websockets.exceptions import InvalidURI, WebSocketException

from triops.client.link import Link, reason
from triops.client.player.messages import (
    ActionAnswered,
    EventsReplayed,
    JoinRefused,
    LinkStatus,
    SeatJoined,
    ServerNotice,
    ViewArrived,
)
from triops.client.player.tokens import JoinRequest
from triops.client.transport import ServerError
from triops.protocol import normalise_code, room_url

Post = Callable[[Message], Any]

VERSION_TEXT = "This client and the server speak different protocol versions; update TriOps."
# Join errors that will not go away by trying again.
FINAL_JOIN_ERRORS = {"unknown_game", "unknown_team", "seat_taken", "bad_message", "bad_token",
                     "version_mismatch"}


class Seat:
    """A seat followed through `link`; see the module docstring."""

    def __init__(self, link: Link, post: Post, request: JoinRequest, token: str = "") -> None:
        self.link = link
        self.post = post
        self.request = request
        self.token = token
        self.ever_attached = False
        link.on_message = self._heard
        link.on_status = lambda state, detail: post(LinkStatus(state, detail))
        link.on_answer = self._answered

    async def run(self) -> None:
        """Join (or resume) and follow the seat until the app stops, or the seat is gone."""
        r, link = self.request, self.link
        link.room = normalise_code(r.code)  # every connection goes to the game's address
        if self.token:
            link.attach_with = {"type": "resume", "token": self.token}
        else:
            self.post(LinkStatus("connecting"))
            try:
                team = await self._team_of()
            except (InvalidURI, ValueError) as err:
                self.post(JoinRefused("bad_url", f"That server address does not work: {err}"))
                return
            except (OSError, TimeoutError, WebSocketException) as err:
                self.post(LinkStatus("offline"))
                self.post(JoinRefused("unreachable", f"Cannot reach {r.server}: {reason(err)}"))
                return
            except ServerError as err:  # the hello was refused: another protocol version
                self.post(JoinRefused(err.code, VERSION_TEXT))
                return
            if team is None:
                return
            link.attach_with = {"type": "join", "code": r.code, "team": team, "role": r.role,
                                "name": r.name}
        why = await link.run()
        if why == "moved":
            self.post(LinkStatus("moved"))
        elif why == "reassigned":
            self.token = ""
            self.post(LinkStatus("offline"))
            self.post(JoinRefused("seat_reassigned", "The facilitator gave your seat to "
                                  "another player. Ask them which seat is yours now, then "
                                  "join it.", token_rejected=True))
        elif why in ("version", "refused"):
            self.post(JoinRefused("version_mismatch", VERSION_TEXT))
        elif why == "bad_url":
            self.post(JoinRefused("bad_url", link.error))

    async def _team_of(self) -> str | None:
        """The team id the player meant: names match whatever their case ("red" is Red).

        Asks as a spectator, on a second connection (a connection follows one game).
        Returns None, after saying why, when the game or the team does not exist.
        """
        r = self.request
        lookup = await self.link.connect(room_url(r.server, r.code))
        try:
            await lookup.send({"type": "spectate", "code": r.code})
            reply = await lookup.until(lambda m: m.get("type") in ("state", "error"))
        finally:
            with contextlib.suppress(Exception):
                await lookup.close()
        if reply["type"] == "error":
            self.post(JoinRefused(str(reply.get("code")), str(reply.get("message"))))
            return None
        teams = reply.get("view", {}).get("game", {}).get("teams", [])
        wanted = r.team.strip().casefold()
        for t in teams:
            if wanted in (str(t.get("id", "")).casefold(), str(t.get("name", "")).casefold()):
                return str(t["id"])
        names = ", ".join(str(t.get("name")) for t in teams)
        self.post(JoinRefused("unknown_team", f'This game has no team "{r.team}". Its teams '
                              f"are: {names}."))
        return None

    def _heard(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "joined":
            self.token = str(message.get("token", ""))
            self.post(SeatJoined(self.token, str(message.get("code", "")),
                                 str(message.get("team", "")), str(message.get("role", ""))))
        elif kind == "state":
            self.ever_attached = True
            self.post(ViewArrived(message.get("view") or {}, [], initial=True))
        elif kind == "update":
            events = list(message.get("events") or [])
            view = message.get("view")
            if view is None:  # replayed after a resume: events only
                self.post(EventsReplayed(int(message.get("seq", 0)), events))
            else:
                self.post(ViewArrived(view, events))
        elif kind == "error":
            self._refused(str(message.get("code", "")), str(message.get("message", "")))

    def _refused(self, code: str, text: str) -> None:
        """An error no action of ours waits for: before the seat is attached, the join or
        resume was refused (final unless it is passing); after, a notice."""
        if not self.link.attached:
            if code == "bad_token":
                self.token = ""
                self.link.attach_with = None
                self.post(JoinRefused(code, text, token_rejected=True))
                self.link.stop()
                return
            if code in FINAL_JOIN_ERRORS or not self.ever_attached:
                self.post(JoinRefused(code, text))
                self.link.stop()
                return
        self.post(ServerNotice(code, text))

    def _answered(self, action_id: str, label: str, reply: dict[str, Any]) -> None:
        self.post(ActionAnswered(action_id, label, reply.get("type") == "ack",
                                 str(reply.get("code", "")), str(reply.get("message", ""))))
