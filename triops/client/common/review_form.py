"""The peer-review form: the rubric's criteria, each with a level and an optional comment.

One widget for the player's review screen and the facilitator's own assessment. It draws the
criteria the view sends (`review.criteria`, `review.levels`, `review.max_comment`) and
returns the marks for `submit_review` / `assess_team`; the server checks them again.
Keys: Tab moves from field to field; on a level, 1–4 (or Enter and the arrows) picks it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select, Static

from triops.client.common.review import level_text


class ReviewForm(Vertical):
    """A level (Select) and a comment (Input) per criterion."""

    DEFAULT_CSS = """
    ReviewForm { height: auto; }
    ReviewForm .rf-criterion { margin-top: 1; height: auto; }
    ReviewForm .rf-row { height: auto; }
    ReviewForm Select { width: 26; }
    ReviewForm Input { width: 1fr; }
    """

    def __init__(self, review: Mapping[str, Any],
                 marks: Sequence[Mapping[str, Any]] = (), id: str | None = None) -> None:
        super().__init__(id=id)
        self.criteria = [dict(c) for c in review.get("criteria") or []]
        self.levels = [str(level) for level in review.get("levels") or []]
        self.max_comment = int(review.get("max_comment") or 300)
        self.given = {str(m.get("criterion")): m for m in marks}

    def compose(self) -> ComposeResult:
        for n, c in enumerate(self.criteria, 1):
            yield Static(f"{n}. {c['title']} ({c['objective']}): {c['text']}",
                         classes="rf-criterion")
            mark = self.given.get(c["id"], {})
            with Horizontal(classes="rf-row"):
                yield Select([(level_text(level), level) for level in self.levels],
                             value=mark.get("level") if mark.get("level") in self.levels
                             else Select.NULL, prompt="level (1–4)",
                             id=f"rf-level-{c['id']}")
                yield Input(str(mark.get("comment") or ""),
                            placeholder=f"optional comment (≤ {self.max_comment} characters)",
                            max_length=self.max_comment, id=f"rf-comment-{c['id']}")

    def focus_first(self) -> None:
        if self.criteria:
            self.query_one(f"#rf-level-{self.criteria[0]['id']}", Select).focus()

    def pick(self, number: int) -> bool:
        """Set the focused level to the `number`th (1–4); False if no level has focus."""
        focused = self.screen.focused
        if not isinstance(focused, Select) or focused.parent is None \
                or focused.parent.parent is not self or not 1 <= number <= len(self.levels):
            return False
        focused.value = self.levels[number - 1]
        return True

    def marks(self) -> list[dict[str, str]] | str:
        """The marks, or a sentence naming the criteria still without a level."""
        out, missing = [], []
        for c in self.criteria:
            level = self.query_one(f"#rf-level-{c['id']}", Select).value
            comment = self.query_one(f"#rf-comment-{c['id']}", Input).value.strip()
            if not isinstance(level, str):
                missing.append(str(c["title"]))
                continue
            out.append({"criterion": str(c["id"]), "level": level, "comment": comment})
        if missing:
            return f"Pick a level for {', '.join(missing)}."
        return out
