"""The editing pane: the focused segment's source beside an editor per target language."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Static, TextArea

from tmtool.services.queries import CellView, SegmentView
from tmtool.states import STYLES
from tmtool.tui.labels import language_name


class TargetEditor(TextArea):
    """The text of one target language; Tab moves to the next language."""

    def __init__(self, lang: str) -> None:
        super().__init__(id=f"target-{lang}", soft_wrap=True, tab_behavior="focus")
        self.lang = lang


class SegmentEditor(Horizontal):
    """Source on the left, one TargetEditor per language to its right."""

    def __init__(self, langs: tuple[str, ...], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.langs = langs

    def compose(self) -> ComposeResult:
        """The source column, then a titled editor per target language."""
        with Vertical(classes="pane source-pane"):
            yield Label(language_name("zh"), id="source-label", classes="pane-title")
            yield TextArea(id="source-text", read_only=True, soft_wrap=True, tab_behavior="focus")
        for lang in self.langs:
            with Vertical(classes="pane target-pane"):
                yield Label(language_name(lang), id=f"label-{lang}", classes="pane-title")
                yield TargetEditor(lang)
                yield Static("", id=f"flag-{lang}", classes="flag")

    @property
    def source_area(self) -> TextArea:
        """The read-only source, where a term can be selected."""
        return self.query_one("#source-text", TextArea)

    def editor(self, lang: str) -> TargetEditor:
        """The editor of one language."""
        return self.query_one(f"#target-{lang}", TargetEditor)

    def show_segment(self, segment: SegmentView) -> None:
        """Load a segment's source and targets."""
        self.query_one("#source-label", Label).update(
            f"{language_name('zh')}  #{segment.position}  ¶{segment.paragraph}"
        )
        self.query_one("#source-text", TextArea).load_text(segment.source)
        for lang in self.langs:
            cell = segment.translations.get(lang)
            editor = self.editor(lang)
            editor.load_text(cell.text if cell else "")
            self.show_state(lang, cell)

    def show_state(self, lang: str, cell: CellView | None, *, dirty: bool = False) -> None:
        """Update a language's title with its state (and whether it has unsaved text)."""
        title = Text(language_name(lang))
        if cell is not None:
            style = STYLES[cell.state]
            title.append(f"  {style.glyph} {style.label}", style=f"bold {style.colour}")
            title.append(f"  v{cell.version}", style="dim")
        if dirty:
            title.append("  ● unsaved", style="bold")
        self.query_one(f"#label-{lang}", Label).update(title)
        flag = self.query_one(f"#flag-{lang}", Static)
        flag.update(Text(f"⚑ {cell.flag}", style="orange1") if cell and cell.flag else "")
