"""Small modal dialogs: pick one option, enter an amount or a line of text, confirm.

Each returns its answer through `dismiss` (None when cancelled with Esc), so callers use
`self.app.push_screen(ChoiceScreen(...), callback)`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from triops.client.common.theme import GLYPHS


@dataclass(frozen=True)
class Choice:
    """One option of a ChoiceScreen. A disabled option says why in its prompt."""

    id: str
    prompt: Content
    disabled: bool = False
    # The label the prompt starts with ("3", "c"): typing it moves the cursor there. A
    # newcomer counted ↓ presses past blocked plans (the cursor skips them) and justified
    # plan 3 believing it was plan 6.
    key: str = ""


def next_outside_text(screen: Screen[Any]) -> Widget | None:
    """The next widget in `screen`'s focus chain, after the focused text field, that is not a
    text field (keys are commands again there), or None when there is none."""
    chain = screen.focus_chain
    focused = screen.focused
    at = chain.index(focused) if focused in chain else -1
    return next((w for w in (*chain[at + 1:], *chain[:max(at, 0)])
                 if not isinstance(w, Input)), None)


class Dialog(ModalScreen[object]):
    """Shared frame: a bordered box in the middle, Esc cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = """
    Dialog { align: center middle; }
    Dialog > Vertical {
        width: 92%; max-width: 116; height: auto; max-height: 92%;
        border: thick $primary; background: $surface; padding: 0 1;
    }
    Dialog .dialog-intro { margin-bottom: 1; height: auto; }
    Dialog .dialog-error { color: $error; text-style: bold; height: auto; }
    Dialog .dialog-buttons { height: auto; margin-top: 1; }
    Dialog .dialog-buttons Button { margin-right: 2; }
    Dialog Input { margin-bottom: 1; }
    """

    def action_cancel(self) -> None:
        """Esc: out of a text field that holds something first, as everywhere (a newcomer's
        Esc in a plan's justification threw the whole plan away); a second Esc cancels."""
        focused = self.focused
        if isinstance(focused, Input) and focused.value.strip() and (
                focused.value != self._initial.get(id(focused))):
            after = next_outside_text(self)
            if after is not None:
                after.focus()
                return
            said = self.query(".dialog-error")
            if said and not self._discard_armed:
                # Only a text field here: ask before throwing away what was typed.
                self._discard_armed = True
                said.first(Static).update("Esc again throws away what you typed; Enter "
                                          "keeps it.")
                return
        self.dismiss(None)

    _discard_armed = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._initial: dict[int, str] = {}

    def on_mount(self) -> None:
        # What each field held when the dialog opened: a prefilled amount left as it was is
        # nothing typed ("Esc again throws away what you typed" when nothing was).
        self._initial = {id(field): field.value for field in self.query(Input)}

    @on(Input.Changed)
    def _typing(self, event: Input.Changed) -> None:
        self._discard_armed = False


class ChoiceList(OptionList):
    """An OptionList that stops at its ends instead of wrapping, and shows what lies past
    them: ↓ on the last option that can be taken scrolls the rows below it (a blocked plan
    and why) into view rather than jumping to the top. Newcomers counted rows with ↓ and
    landed back on the first, and never saw the blocked sixth plan's reason."""

    def _enabled(self) -> list[int]:
        return [n for n, option in enumerate(self.options) if not option.disabled]

    def action_cursor_down(self) -> None:
        enabled = self._enabled()
        if enabled and self.highlighted is not None and self.highlighted >= enabled[-1]:
            self.scroll_end(animate=False)
            return
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        enabled = self._enabled()
        if enabled and self.highlighted is not None and self.highlighted <= enabled[0]:
            self.scroll_home(animate=False)
            return
        super().action_cursor_up()

    def action_last(self) -> None:
        super().action_last()
        self.call_after_refresh(self.scroll_end, animate=False)

    def action_page_down(self) -> None:
        enabled = self._enabled()
        if enabled and self.highlighted is not None and self.highlighted >= enabled[-1]:
            self.scroll_end(animate=False)
            return
        super().action_page_down()  # type: ignore[no-untyped-call]


class ChoiceScreen(Dialog):
    """Pick one option with ↑↓ and Enter (or a click). Returns the option id, or None.

    The cursor starts on `current` (the team's pick) when it can be taken, else on the first
    option that can. An option named in `confirm` asks twice: the first Enter shows its
    warning, a second Enter on it confirms; moving to another option takes the warning away.
    """

    DEFAULT_CSS = """
    ChoiceScreen OptionList { height: auto; max-height: 70vh; }
    ChoiceScreen #choices-read { height: auto; max-height: 70vh; }
    ChoiceScreen #choice-warning { margin-bottom: 1; }
    """

    def __init__(self, title: str, choices: Sequence[Choice], intro: Content | str = "",
                 current: str | None = None, footer: str = "",
                 confirm: Mapping[str, Content | str] | None = None) -> None:
        super().__init__()
        self.dialog_title = title
        self.choices = list(choices)
        self.intro = intro
        self.current = current
        self.footer = footer
        self.confirm = dict(confirm or {})
        self.armed: str | None = None  # the option whose warning shows

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.dialog_title
            keys = [c.key for c in self.choices if c.key]
            pick = f"↑↓ or {keys[0]}–{keys[-1]}" if len(keys) > 1 else "↑↓"
            box.border_subtitle = self.footer or f"{pick} choose · Enter confirm · Esc cancel"
            if self.intro:
                yield Static(self.intro, classes="dialog-intro")
            # Above the list: below a long one it fell off a 40-row screen, and a newcomer
            # who never saw "blocked" pressed Enter on the plan the cursor was still on.
            yield Static("", classes="dialog-error", id="choice-warning")
            if any(not c.disabled for c in self.choices):
                options = [Option(c.prompt, id=c.id, disabled=c.disabled)
                           for c in self.choices]
                yield ChoiceList(*options, id="choices")
            else:
                # Nothing can be chosen: the cursor of a list whose options are all disabled
                # cannot move, so the rows below its height could not be reached. Read them.
                with VerticalScroll(id="choices-read", can_focus=True):
                    yield Static(Content("\n").join(c.prompt for c in self.choices))

    def on_mount(self) -> None:
        self.query_one("#choice-warning").display = False
        if not self.query("#choices"):
            self.query_one("#choices-read").focus()
            return
        options = self.query_one(OptionList)
        ids = [c.id for c in self.choices]
        enabled = [n for n, c in enumerate(self.choices) if not c.disabled]
        if self.current in ids and not self.choices[ids.index(self.current)].disabled:
            options.highlighted = ids.index(str(self.current))
        elif enabled:
            options.highlighted = enabled[0]
        options.focus()

    def on_key(self, event: events.Key) -> None:
        """A choice's own label (its number or letter) moves the cursor to it; a blocked
        one says so instead, since the cursor cannot rest on it."""
        typed = (event.character or "").lower()
        at = next((n for n, c in enumerate(self.choices) if c.key and c.key == typed), None)
        if at is None and typed.isdigit() and all(c.key.isalpha() for c in self.choices
                                                   if c.key):
            # Lettered choices (the diagnoses) also take their position as a number: a
            # tester pressed 5 for E, saw nothing move, and Enter drafted A.
            at = int(typed) - 1 if 0 < int(typed) <= len(self.choices) else None
        if at is None or not self.query("#choices"):
            return
        event.stop()
        if self.choices[at].disabled:
            # No row stays picked: Enter right after a blocked number must not take the
            # plan the cursor happened to be on.
            self.query_one(ChoiceList).highlighted = None
            shown = self.query_one("#choice-warning", Static)
            shown.update(Content.assemble((f"{self.choices[at].key.upper()} is blocked: its "
                                           f"{GLYPHS['no']} line says why. Pick another.",
                                           "$warning")))
            shown.display = True
            return
        self.query_one(ChoiceList).highlighted = at

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        ident = event.option.id
        warning = self.confirm.get(str(ident))
        if warning and self.armed != ident:
            self.armed = ident
            shown = self.query_one("#choice-warning", Static)
            shown.update(Content.assemble(warning, "\n", (
                "Enter again to go ahead · ↑↓ another choice · Esc cancel", "$text")))
            shown.display = True
            return
        self.dismiss(ident)

    @on(OptionList.OptionHighlighted)
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id != self.armed:  # a warning belongs to the option it was shown for
            self.armed = None
            self.query_one("#choice-warning").display = False


class AmountScreen(Dialog):
    """Enter a whole number between `low` and `high`. Returns it, or None."""

    def __init__(self, title: str, intro: Content | str, default: int, low: int,
                 high: int) -> None:
        super().__init__()
        self.dialog_title = title
        self.intro = intro
        self.default = default
        self.low = low
        self.high = high

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.dialog_title
            box.border_subtitle = "Enter confirm · Esc cancel"
            yield Static(self.intro, classes="dialog-intro")
            yield Label(f"Amount in credits ({self.low} to {self.high}):")
            yield Input(str(self.default), type="integer", id="amount")
            yield Static("", classes="dialog-error", id="amount-error")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.select_all()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        try:
            value = int(event.value)
        except ValueError:
            value = self.low - 1
        if not self.low <= value <= self.high:
            self.query_one("#amount-error", Static).update(
                f"Enter a whole number from {self.low} to {self.high}.")
            return
        self.dismiss(value)


class TextScreen(Dialog):
    """Enter one line of text (required unless `optional`). Returns it, or None."""

    def __init__(self, title: str, intro: Content | str, placeholder: str = "",
                 value: str = "", optional: bool = False, max_length: int = 200) -> None:
        super().__init__()
        self.dialog_title = title
        self.intro = intro
        self.placeholder = placeholder
        self.value = value
        self.optional = optional
        self.max_length = max_length

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.dialog_title
            box.border_subtitle = "Enter confirm · Esc cancel"
            yield Static(self.intro, classes="dialog-intro")
            yield Input(self.value, placeholder=self.placeholder, id="text",
                        max_length=self.max_length)
            yield Static("", classes="dialog-error", id="text-error")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text and not self.optional:
            self.query_one("#text-error", Static).update("Write one line (it is recorded).")
            return
        self.dismiss(text)


class ConfirmScreen(Dialog):
    """A summary and two buttons. Enter (or y) confirms, Esc (or n) cancels."""

    # The arrows and page keys scroll the summary while Enter stays on Yes: a tester's Ready
    # summary ran past 120x40 and the standards at its end could not be reached.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "confirm", "Yes", show=False),
        Binding("n", "cancel", "No", show=False),
        Binding("down", "scroll_body('down')", show=False),
        Binding("up", "scroll_body('up')", show=False),
        Binding("pagedown", "scroll_body('page_down')", show=False),
        Binding("pageup", "scroll_body('page_up')", show=False),
    ]

    DEFAULT_CSS = """
    ConfirmScreen VerticalScroll { height: auto; max-height: 70vh; }
    """

    def __init__(self, title: str, body: Content | str, yes: str = "Yes", no: str = "Not yet"
                 ) -> None:
        super().__init__()
        self.dialog_title = title
        self.body = body
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.dialog_title
            box.border_subtitle = "Enter confirm · Esc cancel · ↑↓ PgUp PgDn scroll"
            with VerticalScroll(id="confirm-scroll"):
                yield Static(self.body, id="confirm-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, variant="primary", id="yes")
                yield Button(self.no, id="no")

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_scroll_body(self, how: str) -> None:
        """`how`: down, up, page_down or page_up (VerticalScroll's scroll_<how>)."""
        scroll = self.query_one("#confirm-scroll", VerticalScroll)
        getattr(scroll, f"scroll_{how}")(animate=False)

    def action_cancel(self) -> None:
        self.dismiss(False)


class InfoScreen(Dialog):
    """Read-only text (hints and the like). Esc or Enter closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "cancel", "Close", show=False)]

    DEFAULT_CSS = """
    InfoScreen VerticalScroll { height: auto; max-height: 80vh; }
    """

    def __init__(self, title: str, body: Content | str) -> None:
        super().__init__()
        self.dialog_title = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.dialog_title
            box.border_subtitle = "Esc closes"
            with VerticalScroll(can_focus=True) as scroll:
                yield Static(self.body, id="info-body")
            scroll.can_focus = True
