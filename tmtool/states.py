"""How segment states are shown: a glyph readable without colour, a label and a colour."""

from __future__ import annotations

from dataclasses import dataclass

from tmtool.models import State


@dataclass(frozen=True)
class StateStyle:
    """Display attributes of one state."""

    glyph: str
    label: str
    colour: str


STYLES: dict[State, StateStyle] = {
    State.EMPTY: StateStyle("○", "empty", "grey50"),
    State.DRAFT: StateStyle("◐", "draft", "yellow"),
    State.NEEDS_WORK: StateStyle("✗", "needs work", "red"),
    State.TRANSLATED: StateStyle("✓", "translated", "dodger_blue1"),
    State.APPROVED: StateStyle("★", "approved", "green"),
    State.FINAL: StateStyle("◆", "final", "magenta"),
}


def legend() -> str:
    """A one-line key to the glyphs."""
    return "  ".join(f"{s.glyph} {s.label}" for s in STYLES.values())
