"""The QA panel: open quality-check results of the focused segment."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tmtool.services.quality import QAResult
from tmtool.tui.labels import language_name


class QAPanel(Static):
    """One line per result: severity, check, language and message."""

    def show_results(self, results: list[QAResult]) -> None:
        """Render the results (nothing when there are none)."""
        lines = Text()
        for n, result in enumerate(results, start=1):
            error = result.severity == "error"
            lines.append(f"{'⚠' if error else '·'} {n} ", style="bold red" if error else "yellow")
            lines.append(f"{result.check} ", style="bold" if error else "")
            lines.append(f"({language_name(result.lang)}): ", style="dim")
            lines.append(result.message + "\n")
        lines.rstrip()
        self.update(lines)
