"""The article list: every article with a progress bar per language."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from tmtool.services import queries
from tmtool.states import legend
from tmtool.tui.labels import language_name
from tmtool.tui.screens.export_dialog import ExportDialog
from tmtool.tui.widgets.progress import progress_bar

if TYPE_CHECKING:
    from tmtool.tui.app import TmtoolApp

# A fixed width: the bar (16), the two shares (15) and a QA or publishable mark.
PROGRESS_WIDTH = 44


class ArticleListScreen(Screen[None]):
    """Lists the workspace's articles; Enter opens one in the editor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_article", "Open", id="open-article", show=True),
        Binding("f5", "refresh_articles", "Refresh", id="refresh-articles"),
        Binding("x", "export_article", "Export", id="export-article"),
    ]

    @property
    def tm_app(self) -> TmtoolApp:
        """The app, typed."""
        return cast("TmtoolApp", self.app)

    def compose(self) -> ComposeResult:
        """Header, the table, the state legend and the key bar."""
        yield Header()
        yield DataTable(id="article-table", cursor_type="row", zebra_stripes=True)
        yield Static(legend(), id="legend")
        yield Footer()

    def on_mount(self) -> None:
        """Set up the columns and load the rows."""
        table = self.query_one("#article-table", DataTable)
        table.add_column("slug", key="slug")
        table.add_column("title", key="title", width=36)
        table.add_column("segments", key="segments")
        table.add_column("汉字", key="characters")
        for lang in self.tm_app.workspace.target_langs:
            table.add_column(language_name(lang), key=f"lang-{lang}", width=PROGRESS_WIDTH)
        table.add_column("comments", key="comments")
        self.load_articles()

    def on_screen_resume(self) -> None:
        """Progress may have changed in the editor."""
        self.load_articles()

    @work(thread=True, exclusive=True, exit_on_error=False, group="articles")
    def load_articles(self) -> None:
        """Read the list in a worker with its own session."""
        app = self.tm_app
        with app.session() as session:
            rows = queries.list_articles(session, app.workspace.target_langs)
        app.call_from_thread(self._show, rows)

    def _show(self, rows: list[queries.ArticleSummary]) -> None:
        table = self.query_one("#article-table", DataTable)
        selected = table.cursor_row
        table.clear()
        for row in rows:
            table.add_row(
                row.slug,
                row.title,
                str(row.segments),
                str(row.characters),
                *(progress_bar(p) for p in row.progress.values()),
                str(row.open_comments or ""),
                key=row.slug,
            )
        if rows:
            table.move_cursor(row=min(selected, len(rows) - 1))

    def _highlighted_slug(self) -> str | None:
        table = self.query_one("#article-table", DataTable)
        if table.row_count == 0:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def action_open_article(self) -> None:
        """Open the highlighted article."""
        slug = self._highlighted_slug()
        if slug is None:
            return
        from tmtool.tui.screens.editor import EditorScreen

        self.app.push_screen(EditorScreen(slug))

    def action_export_article(self) -> None:
        """Open the export dialog on the highlighted article."""
        slug = self._highlighted_slug()
        if slug is not None:
            self.app.push_screen(ExportDialog(slug))

    @on(DataTable.RowSelected, "#article-table")
    def _row_selected(self) -> None:
        self.action_open_article()

    def action_refresh_articles(self) -> None:
        """Reload the list."""
        self.load_articles()
