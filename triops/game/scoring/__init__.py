"""How teams are judged: the outcome score, the five learning objectives, the rubric
of the peer review, the game's outcome, and the debrief at the end.
"""
