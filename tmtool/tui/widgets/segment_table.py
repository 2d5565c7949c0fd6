"""The segment table: source beside each target, with each cell's state."""

from __future__ import annotations

from rich.text import Text
from textual.message import Message
from textual.widgets import DataTable

from tmtool.glossary import TermIndex
from tmtool.services.queries import CellView, SegmentView
from tmtool.states import STYLES
from tmtool.tui.labels import language_name
from tmtool.tui.widgets.terms_panel import highlight_terms

ROW_HEIGHT = 2


def target_cell(cell: CellView | None, qa_errors: int = 0) -> Text:
    """A target cell: state glyph (coloured), ⚠ when a QA error is open, then the text."""
    if cell is None:
        return Text("")
    style = STYLES[cell.state]
    text = Text(f"{style.glyph} ", style=f"bold {style.colour}")
    if qa_errors:
        text.append("⚠ ", style="bold red")
    text.append(cell.text)
    if cell.flag:
        text.append(" ⚑", style="bold orange1")
    return text


class SegmentTable(DataTable[Text]):
    """One row per segment: position, Chinese source, then one column per target language."""

    class SegmentFocused(Message):
        """The cursor moved to another segment."""

        def __init__(self, index: int) -> None:
            self.index = index
            super().__init__()

    def __init__(self, langs: tuple[str, ...], *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.langs = langs

    def set_columns(self, width: int) -> None:
        """Lay out the columns so the three texts share the width equally."""
        self.clear(columns=True)
        text_width = max(16, (width - 8 - 2 * (len(self.langs) + 2)) // (len(self.langs) + 1))
        self.add_column("#", key="position", width=5)
        self.add_column(language_name("zh"), key="zh", width=text_width)
        for lang in self.langs:
            self.add_column(language_name(lang), key=lang, width=text_width)

    def show_segments(
        self,
        segments: list[SegmentView],
        index: TermIndex | None = None,
        qa_errors: dict[tuple[int, str], int] | None = None,
    ) -> None:
        """Fill the table, underlining glossary terms and marking open QA errors."""
        errors = qa_errors or {}
        self.clear()
        for segment in segments:
            source = (
                highlight_terms(segment.source, index.find(segment.source))
                if index is not None
                else Text(segment.source)
            )
            self.add_row(
                Text(str(segment.position), style="dim"),
                source,
                *(
                    target_cell(
                        segment.translations.get(lang), errors.get((segment.position, lang), 0)
                    )
                    for lang in self.langs
                ),
                key=str(segment.id),
                height=ROW_HEIGHT,
            )

    def update_target(self, segment: SegmentView, lang: str, qa_errors: int = 0) -> None:
        """Redraw one target cell after a save or a QA run."""
        cell = target_cell(segment.translations.get(lang), qa_errors)
        self.update_cell(str(segment.id), lang, cell)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """Tell the screen which segment is focused."""
        event.stop()
        self.post_message(self.SegmentFocused(event.cursor_row))
