"""The terms panel: the focused segment's glossary terms and whether each target has them."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from tmtool.glossary import SourceHit, TermCheck, TermIndex
from tmtool.names import NameSuggestion
from tmtool.services.review import CommentView
from tmtool.tui.labels import language_name

TERM_STYLE = "underline bold cyan"


def highlight_terms(source: str, hits: list[SourceHit]) -> Text:
    """The source with its glossary terms underlined."""
    text = Text(source)
    for hit in hits:
        text.stylize(TERM_STYLE, hit.start, hit.end)
    return text


class TermsPanel(Static):
    """Lists each source term with its approved English and Russian terms, ✓ when present."""

    def show_checks(
        self,
        index: TermIndex,
        source: str,
        checks: dict[str, TermCheck],
        names: list[NameSuggestion] | None = None,
    ) -> None:
        """Render the check results of every target language, then name suggestions."""
        hits = index.find(source)
        lines = Text()
        if not hits:
            lines.append("No glossary terms in this segment.\n", style="dim")
        seen: set[str] = set()
        for number, hit in enumerate(hits, start=1):
            if hit.concept in seen:
                continue
            seen.add(hit.concept)
            lines.append(f"{number}. ", style="dim")
            lines.append(hit.term, style=TERM_STYLE)
            for lang, check in checks.items():
                found = next((f for f in check.found if f.concept == hit.concept), None)
                if found is None:
                    continue
                mark, style = ("✓", "green") if found.present else ("✗", "red")
                approved = found.approved[0] if found.approved else "—"
                lines.append("  │ ", style="dim")
                lines.append(f"{language_name(lang)} ")
                lines.append(f"{mark} {approved}", style=style)
            lines.append("\n")
        for lang, check in checks.items():
            for forbidden in check.forbidden:
                lines.append(
                    f"⛔ {language_name(lang)}: “{forbidden.term}” is forbidden", style="bold red"
                )
                if forbidden.replacement:
                    lines.append(f"; write “{forbidden.replacement}”", style="red")
                lines.append("\n")
        for name in names or []:
            lines.append("? ", style="bold yellow")
            lines.append(name.text, style="yellow")
            lines.append(f"  {name.kind} not in the glossary; suggested: ", style="dim")
            lines.append(f"{name.english} · {name.russian}\n")
        lines.rstrip()
        self.update(lines)


class CommentsPanel(Static):
    """Open comments on the focused segment, oldest first."""

    def show_comments(self, comments: list[CommentView]) -> None:
        """Render the comments (or nothing when there are none)."""
        lines = Text()
        for comment in comments:
            lang = f" {language_name(comment.lang)}" if comment.lang else ""
            lines.append(f"✎ {comment.author}{lang}: ", style="bold magenta")
            lines.append(comment.body + "\n")
        lines.rstrip()
        self.update(lines)
