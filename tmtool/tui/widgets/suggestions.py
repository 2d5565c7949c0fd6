"""The suggestions panel: TM matches and the MT draft for the focused segment and language."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tmtool.services.tm import Match
from tmtool.textdiff import diff
from tmtool.tui.labels import language_name

#: How many TM matches the panel offers (alt+1 … alt+5).
SHOWN = 5


def source_with_differences(current: str, stored: str) -> Text:
    """The stored source, its differences against the current source highlighted.

    Text only the stored source has is shown reversed in red; text only the current source
    has is shown struck through in green, where it is missing.
    """
    out = Text()
    for piece in diff(current, stored):
        if piece.op == "equal":
            out.append(piece.text)
        elif piece.op == "insert":
            out.append(piece.text, style="bold reverse red")
        else:
            out.append(piece.text, style="strike green")
    return out


class SuggestionsPanel(Static):
    """One row per match (key, score, source with differences, target), then the MT row."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.matches: list[Match] = []
        self.lang = ""
        self.source = ""
        self.mt_line: Text | None = None
        self.mt_text: str | None = None
        self.loading = False

    def show_loading(self, source: str, lang: str) -> None:
        """Forget the previous segment's suggestions while the new ones load."""
        self.source, self.lang, self.matches, self.loading = source, lang, [], True
        self.mt_line, self.mt_text = None, None
        self._render_rows()

    def show_matches(self, source: str, lang: str, matches: list[Match]) -> None:
        """Show the TM matches of `source` in `lang`."""
        self.source, self.lang, self.matches, self.loading = source, lang, matches[:SHOWN], False
        self._render_rows()

    def show_mt(self, text: str, engine: str, flags: list[str]) -> None:
        """Show the machine translation row (alt+0)."""
        line = Text()
        line.append("alt+0 ", style="bold")
        line.append(f"MT {engine} ", style="magenta")
        line.append(text)
        if flags:
            line.append(f"  ⚑ {' '.join(flags)}", style="yellow")
        self.mt_line, self.mt_text = line, text
        self._render_rows()

    def show_mt_problem(self, message: str) -> None:
        """Say in one line why there is no machine translation."""
        self.mt_line = Text(f"MT: {message}", style="dim yellow")
        self.mt_text = None
        self._render_rows()

    def _render_rows(self) -> None:
        rows = Text()
        title = f"Suggestions ({language_name(self.lang)})" if self.lang else "Suggestions"
        rows.append(title, style="bold")
        if self.loading:
            rows.append("  looking up…", style="dim")
        elif not self.matches:
            rows.append("  no TM match", style="dim")
        for number, match in enumerate(self.matches, start=1):
            score = "101 ctx" if match.score > 100 else f"{match.score:.0f}%"
            rows.append(f"\nalt+{number} ", style="bold")
            rows.append(f"{score:>7} ", style="green" if match.score >= 100 else "cyan")
            rows.append_text(source_with_differences(self.source, match.source))
            rows.append("  →  ", style="dim")
            rows.append(match.target)
        if self.mt_line is not None:
            rows.append("\n")
            rows.append_text(self.mt_line)
        self.update(rows)

    def plain(self) -> str:
        """What the panel shows, as plain text (for tests and screen readers)."""
        rendered = self.render()
        return rendered.plain if isinstance(rendered, Text) else str(rendered)
