"""The rules: the one reducer (`reducer.apply`), the phase table, the quarter flow and
the handlers for seats, the facilitator, artefacts, incidents, injects and the peer
review; what a seat could do now (`legal`, `affordances`).
"""
