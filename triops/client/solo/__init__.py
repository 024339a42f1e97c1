"""Solo practice: an embedded server, bots in the other seats, the player client in one."""
