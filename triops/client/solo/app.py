"""The solo app: the player's client plus what a facilitator would do, on one key.

It is `PlayerApp` unchanged in everything a seat does; it adds the `n` key that moves the
game on from the review (the facilitator's `advance`), a guided first quarter at novice
level, and a debrief that writes the reports when the game ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, ClassVar

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from triops.client.common.typed import triops_command
from triops.client.link import LinkDown
from triops.client.player.app import PlayerApp
from triops.client.player.tokens import JoinRequest, TokenStore
from triops.client.solo.session import SoloSession
from triops.client.solo.tutorial import tutorial_text
from triops.client.transport import ServerError


def resume_command() -> str:
    """`triops solo --resume` as this person can type it: on PATH, or the path to it."""
    return f"{triops_command()} solo --resume"


class TutorialPage(ModalScreen[bool]):
    """One page of the guided first game: Enter for the next, Esc to stop the guide."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,right,space", "next", "Next"),
        Binding("escape", "skip", "Skip the guide"),
    ]
    DEFAULT_CSS = """
    TutorialPage { align: center middle; }
    TutorialPage > Vertical { width: 80; max-width: 95%; height: auto; padding: 1 2;
                              border: thick $primary; background: $surface; }
    """

    def __init__(self, title: str, body: str, number: int, total: int) -> None:
        super().__init__()
        self.page_title = title
        self.body = body
        self.number = number
        self.total = total

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"Guide {self.number}/{self.total}: {self.page_title}"
            box.border_subtitle = "Enter next · Esc skip the guide"
            yield Static(self.body)

    def action_next(self) -> None:
        self.dismiss(self.number < self.total)

    def action_skip(self) -> None:
        self.dismiss(False)


class SoloApp(PlayerApp):
    SUB_TITLE = "solo practice"
    SOLO = True
    BINDINGS: ClassVar[list[BindingType]] = [
        *(b for b in PlayerApp.BINDINGS if not (isinstance(b, Binding) and b.key == "ctrl+q")),
        Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="Quit (the game is kept: "
                f"run make play, which offers to resume it, or {resume_command()})"),
        Binding("n", "next_quarter", "Next quarter",
                tooltip="After reading the review, move on to the next quarter"),
        Binding("ctrl+g", "tutorial", "Guide", tooltip="The guided walk through the game"),
    ]

    def __init__(self, session: SoloSession, join: JoinRequest, store: TokenStore,
                 tutorial: bool = False, **kwargs: Any) -> None:
        super().__init__(join=join, token_store=store, debrief=self._debrief, **kwargs)
        self.session = session
        self.show_tutorial = tutorial
        self.report_dir: Path | None = None

    def on_mount(self) -> None:
        super().on_mount()
        if self.show_tutorial:
            self.call_after_refresh(self.action_tutorial)

    def action_tutorial(self, page: int = 0) -> None:
        pages = tutorial_text()
        if page >= len(pages):
            return
        title, body = pages[page]

        def after(more: bool | None) -> None:
            if more:
                self.action_tutorial(page + 1)

        self.push_screen(TutorialPage(title, body, page + 1, len(pages)), after)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Next quarter", "After reading the review, move on to the next "
                            "quarter (key n)", self.action_next_quarter)

    def action_next_quarter(self) -> None:
        phase = (self.view.get("game") or {}).get("phase")
        if phase != "review":
            self.notify("The game moves on after the quarter resolves: mark yourself ready "
                        "first (your bot teammates will follow).", title="Not yet")
            return
        self.advance()

    @work(exclusive=True, group="solo-advance", exit_on_error=False,
          description="Moving on to the next quarter")
    async def advance(self) -> None:
        try:
            await self.session.act({"type": "advance"})
        except ServerError as err:
            self.notify(str(err.reply.get("message") or err), title="Could not move on",
                        severity="warning")
        except (LinkDown, TimeoutError) as err:
            self.notify(f"The game's own server did not answer ({err or 'timed out'}). "
                        "Press n again; if it keeps failing, quit (your game is kept) and "
                        "resume it.", title="Could not move on", severity="error", timeout=20)

    async def _debrief(self, view: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """Write the reports as a workshop would, and show the learner's own levels.

        The report's `people` section grades what the learner decided, with the bots' work
        taken out, and says what the bots did; it is None when no bot decided anything, and
        then the team's levels are the learner's own.
        """
        from triops.report import write_reports
        from triops.report.model import build_team_report

        state = await self.session.game_state()
        out = self.session.state_dir / "reports" / self.session.record.code
        paths = write_reports(state, out)
        self.report_dir = out
        team = build_team_report(state, "t1")
        html = next((p for p in paths if p.name.startswith("team-t1") and p.suffix == ".html"),
                    out)
        people = team.get("people")
        return {"path": str(html),
                "objectives": people["objectives"] if people else team["objectives"],
                "own": True, "team_objectives": team["objectives"],
                "bots": list(people["bots"]) if people else []}
