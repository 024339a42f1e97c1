"""A teammate bot: talks to its team, pools clues, diagnoses from evidence, funds a plan.

Levels:
- novice: often plays a random legal command, diagnoses from the first clue it holds, and
  shares clues only now and then;
- competent: shares its clues, waits for clues from two roles before diagnosing, funds its
  roadmap in dependency order, prefers responses that treat the cause and prevent recurrence;
- expert: as competent, and it brings the organisation's playbook (the scenario's reference
  roadmap and standards) instead of drafting one (with no playbook standards, it proposes
  those that fit the goals and the incidents this organisation is prone to), learns from
  judged outcomes which responses work, and notifies stakeholders early. (GAME.md's
  look-ahead on sampled belief states is not built: docs/balance.md, session 14.)

The same policy plays the balance strategies (docs/balance.md), which differ only in
how they fund and how far they cooperate: see `Style` and `game.bots.strategies`.

A policy is stateless: each call reads the view afresh, and what it has already said or done
it reads back from the chat, the drafts and the pledges, as a person would.

One decision is a `Turn` (turn.py), built in floors, each a module of one purpose: what it
reads (turn_state, chat_reading, evidence), the plans it weighs (money_plan, response_plan,
roadmap_plan) and the moves it makes (reacting, answers, explaining, drafting, diagnosing,
discussing, responding, pledging, money_talk). policy.py is the face the driver calls.
"""

from triops.game.bots.teammate.policy import TeammatePolicy
from triops.game.bots.teammate.style import Style

__all__ = ["Style", "TeammatePolicy"]
