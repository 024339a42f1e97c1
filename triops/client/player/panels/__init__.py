"""The work areas of the main screen, one per key (1–7), plus the team chat."""
