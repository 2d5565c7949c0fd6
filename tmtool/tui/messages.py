"""Messages that travel between the app and its screens."""

from textual.message import Message


class GlossaryLoaded(Message):
    """The term index was (re)built; screens redraw their highlights."""
