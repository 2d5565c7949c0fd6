"""Errors a user can cause, each carrying one clear sentence."""


class TmtoolError(Exception):
    """A problem the user can fix; its message is one sentence shown as is."""
