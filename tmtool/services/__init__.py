"""Use cases; each takes a session and owns its transaction."""
