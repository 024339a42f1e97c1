"""Screens of the player client: join, main, modals (choices, amounts, forms), end of game."""
