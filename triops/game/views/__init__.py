"""Per-recipient views: exactly what a seat, the facilitator or a spectator may see.

Redaction happens here and nowhere else. A seat sees its team's shared state, its own private
signals and clues, and clues made common by sharing or the dashboard; never another seat's
private clues, the class of a response before it is judged, the right diagnosis before the
review, the real case behind an incident before it is closed (or the game over), or a
silently scheduled recurrence. The facilitator sees everything; a spectator sees
the leaderboard, headline metrics and the public ticker.

    recipients   seat_view, facilitator_view, spectator_view, bot_view, view_for
    team         a team's part of a view; incidents: its incidents
    leaderboard  the standings every view carries
    review       the peer review of roadmaps as each recipient sees it; presentation: the
                 presenting team's roadmap and levels
    assessment   each team's levels, for the facilitator
    patch        the difference between two views, and applying it
    chat_lines   a view brought up to date after chat lines only, without building it again
    shared       the memo behind shared views, plain conversion, LazyView
"""

from triops.game.views.leaderboard import leaderboard
from triops.game.views.recipients import (
    bot_view,
    facilitator_view,
    materialise,
    seat_view,
    spectator_view,
    view_for,
)
from triops.game.views.shared import LazyView, forget

__all__ = ["LazyView", "bot_view", "facilitator_view", "forget", "leaderboard",
           "materialise", "seat_view", "spectator_view", "view_for"]
