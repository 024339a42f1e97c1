"""The join screen: server, join code, team, role and name, remembered between runs."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Input, Label, RadioSet, Static

from triops.client.common.keybar import KeyBar
from triops.client.common.toggles import MarkedRadioButton
from triops.client.player.labels import ROLE_BLURBS, role_label
from triops.client.player.tokens import JoinRequest
from triops.game.model.vocab import ROLES


class JoinScreen(Screen[JoinRequest]):
    """Returns the JoinRequest the player filled in (dismissed by Join)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+j", "join", "Join", show=False)]

    def __init__(self, values: JoinRequest, error: str = "") -> None:
        super().__init__()
        self.values = values
        self.error = error

    def compose(self) -> ComposeResult:
        v = self.values
        with VerticalScroll(id="join-scroll"), Center(), Vertical(id="join-box") as box:
            box.border_title = "TriOps — join your team"
            yield Static(Content.assemble(
                "Your facilitator gives you the server address, the join code and your "
                "team. Choose the seat (role) you play. ",
                ("Tab moves between fields; Enter joins.", "$text-muted")),
                id="join-intro")
            yield Label("Server address", id="join-server-label")
            yield Input(v.server, placeholder="ws://192.168.1.20:8765", id="join-server")
            with Horizontal(id="join-row"):
                with Vertical():
                    yield Label("Join code")
                    yield Input(v.code, placeholder="e.g. K7MQ2P", id="join-code",
                                max_length=16)
                with Vertical():
                    yield Label("Team (name or id)")
                    yield Input(v.team, placeholder="e.g. Red or t1", id="join-team",
                                max_length=30)
            yield Label("Your role")
            with RadioSet(id="join-role"):
                for role in ROLES:
                    yield MarkedRadioButton(f"{role_label(role)}: {ROLE_BLURBS[role]}",
                                      value=role == (v.role or "dataops"), id=f"role-{role}")
            yield Label("Your name")
            yield Input(v.name, placeholder="as your team will see it", id="join-name",
                        max_length=40)
            yield Static(Content.styled(self.error, "bold $error") if self.error else "",
                         id="join-error")
            yield Button("Join", variant="primary", id="join-go")
        yield KeyBar()

    def on_mount(self) -> None:
        for selector in ("#join-server", "#join-code", "#join-team", "#join-name"):
            field = self.query_one(selector, Input)
            if not field.value:
                field.focus()
                return
        self.query_one("#join-go", Button).focus()

    def show_error(self, text: str) -> None:
        self.query_one("#join-error", Static).update(Content.styled(text, "bold $error"))
        self.query_one("#join-go", Button).disabled = False

    def request(self) -> JoinRequest:
        role = "dataops"
        pressed = self.query_one(RadioSet).pressed_button
        if pressed is not None and pressed.id:
            role = pressed.id.removeprefix("role-")

        def value(selector: str) -> str:
            return self.query_one(selector, Input).value.strip()

        server = value("#join-server")
        if server and "://" not in server:
            server = "ws://" + server
        return JoinRequest(server, value("#join-code"), value("#join-team"), role,
                           value("#join-name"))

    @on(Input.Submitted)
    @on(Button.Pressed, "#join-go")
    def action_join(self) -> None:
        request = self.request()
        missing = [label for label, val in (("the server address", request.server),
                                            ("the join code", request.code),
                                            ("your team", request.team),
                                            ("your name", request.name)) if not val]
        if missing:
            self.show_error("Please fill in " + ", ".join(missing) + ".")
            return
        self.query_one("#join-error", Static).update(Content.styled("Joining…", "$text-muted"))
        self.query_one("#join-go", Button).disabled = True
        self.dismiss(request)
