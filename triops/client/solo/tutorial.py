"""The guided first game: a short walk through the first quarter, at novice level."""

from __future__ import annotations

PAGES: list[tuple[str, str]] = [
    ("Welcome to TriOps",
     "You hold one seat of a three-person team running an organisation's AI operations. "
     "Your two teammates, and any rival teams, are bots. They play like colleagues: they "
     "post what they see, propose diagnoses and say what they intend to fund.\n\n"
     "This walk-through takes a minute. Enter for the next page, Esc to skip it."),
    ("What is on the screen",
     "Across the top: the quarter, the phase and who is ready. Most of the screen is the "
     "work area you chose: the Brief, Incidents, Initiatives, Budget, Artefacts, the "
     "quarter's Report and the Leaderboard, each one key away (1 to 7; ? lists every key). "
     "Beside it on the right, the seven metrics with their trend, and team chat below "
     "them."),
    ("Setup: the roadmap first",
     "Quarter 0 is setup. No money moves yet: draft the integration roadmap (which "
     "initiatives, at which level, in which quarter, who owns each and which KPI shows it "
     "worked), the governance committee's charter and a few standards. The roadmap is what "
     "funding follows later, and it is the first thing your debrief looks at."),
    ("Pool the clues",
     "When an incident opens, each seat sees only its own symptoms. The root cause shows "
     "when the team puts them together: share your clues in chat (your bot teammates do), "
     "read theirs, then propose a diagnosis. Once every seat's clue is on the table, the "
     "team's next investigation of the incident costs no action points: dig where the "
     "clues still disagree. Guessing from one role's view is how teams pick the red "
     "herring."),
    ("Respond to the cause, not the symptom",
     "A response that only hides the symptom looks fine for a quarter, then the incident "
     "comes back worse. Prefer the response that fixes the cause and names the initiative "
     "that will stop it happening again."),
    ("Ready",
     "When you have done what you want this quarter, press r (Ready): it shows what the "
     "team will commit, and Enter confirms. The quarter "
     "resolves when every seat is ready; then read the report (every metric change names "
     "its causes) and press n to move to the next quarter. Quitting keeps the game: "
     "`make play` offers to continue it."),
]


def tutorial_text() -> list[tuple[str, str]]:
    return list(PAGES)
