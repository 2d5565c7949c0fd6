"""A progress bar per language, readable without colour."""

from __future__ import annotations

from rich.text import Text

from tmtool.models import State
from tmtool.services.queries import LangProgress
from tmtool.states import STYLES

BAR_CHARS = {
    State.FINAL: "█",
    State.APPROVED: "█",
    State.TRANSLATED: "▓",
    State.NEEDS_WORK: "▒",
    State.DRAFT: "░",
    State.EMPTY: "·",
}


def progress_bar(progress: LangProgress, width: int = 16) -> Text:
    """A bar whose cells are shared among states by source characters, then the shares."""
    total = sum(progress.characters.values())
    bar = Text()
    if total:
        filled = 0
        for state in sorted(State, reverse=True):
            cells = round(width * progress.characters[state] / total)
            cells = min(cells, width - filled)
            if cells:
                bar.append(BAR_CHARS[state] * cells, style=STYLES[state].colour)
                filled += cells
        if filled < width:
            bar.append(BAR_CHARS[State.EMPTY] * (width - filled), style=STYLES[State.EMPTY].colour)
    bar.append(
        f" {progress.share(State.TRANSLATED):3.0f}% ✓ {progress.share(State.APPROVED):3.0f}% ★"
    )
    if progress.qa_errors:
        bar.append(f" ⚠{progress.qa_errors}", style="bold red")
    elif progress.publishable:
        bar.append(" publishable", style="bold green")
    return bar
