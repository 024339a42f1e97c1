"""The game's model: its state, the commands and events, typed refusals, the
vocabulary, the plain-data codec and the seeded random numbers.
"""
