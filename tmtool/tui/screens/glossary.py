"""The glossary screen: search concepts, add and edit them (admins)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input

from tmtool.formats.termbase import TermEntry, TermStatus
from tmtool.services import terminology
from tmtool.tui.labels import language_name
from tmtool.tui.screens.concept_dialog import ConceptDialog, ConceptDraft, store_concept

if TYPE_CHECKING:
    from tmtool.tui.app import TmtoolApp


class GlossaryScreen(Screen[None]):
    """Type to search in every language; Enter edits a concept, Ctrl+N adds one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "add_concept", "Add concept", id="add-concept", priority=True),
        Binding("escape", "app.pop_screen", "Back", id="back-from-glossary"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.results: list[terminology.ConceptView] = []

    @property
    def tm_app(self) -> TmtoolApp:
        """The app, typed."""
        return cast("TmtoolApp", self.app)

    def compose(self) -> ComposeResult:
        """Search field, results, key bar."""
        yield Header()
        yield Input(placeholder="Search terms in any language…", id="glossary-search")
        yield DataTable(id="concept-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        """Columns, then every concept."""
        table = self.query_one("#concept-table", DataTable)
        table.add_column("key", key="key")
        for lang in ("zh", *self.tm_app.workspace.target_langs):
            table.add_column(language_name(lang), key=lang)
        table.add_column("forbidden", key="forbidden")
        table.add_column("note", key="note")
        self.search("")

    @on(Input.Changed, "#glossary-search")
    def _query_changed(self, event: Input.Changed) -> None:
        self.search(event.value)

    @on(Input.Submitted, "#glossary-search")
    def _query_submitted(self) -> None:
        self.query_one("#concept-table", DataTable).focus()

    @work(thread=True, exclusive=True, exit_on_error=False, group="glossary-search")
    def search(self, query: str) -> None:
        """Search in a worker; a newer search cancels an older one."""
        with self.tm_app.session() as session:
            results = terminology.search_concepts(session, query)
        self.app.call_from_thread(self._show, results)

    def _show(self, results: list[terminology.ConceptView]) -> None:
        self.results = results
        table = self.query_one("#concept-table", DataTable)
        table.clear()
        langs = ("zh", *self.tm_app.workspace.target_langs)
        for concept in results:
            approved = {
                lang: " | ".join(
                    t.text
                    for t in concept.terms
                    if t.lang == lang and t.status != TermStatus.DEPRECATED
                )
                for lang in langs
            }
            forbidden = ", ".join(
                f"{t.lang}:{t.text}" for t in concept.terms if t.status == TermStatus.DEPRECATED
            )
            table.add_row(
                concept.key,
                *(approved[lang] for lang in langs),
                forbidden,
                (concept.note or "")[:60],
                key=str(concept.id),
            )

    @on(DataTable.RowSelected, "#concept-table")
    def _edit(self, event: DataTable.RowSelected) -> None:
        concept = next((c for c in self.results if str(c.id) == event.row_key.value), None)
        if concept is not None:
            self.app.push_screen(
                ConceptDialog(
                    ("zh", *self.tm_app.workspace.target_langs),
                    concept_id=concept.id,
                    terms=concept.terms,
                    note=concept.note,
                ),
                self._save,
            )

    def action_add_concept(self, zh: str = "") -> None:
        """Open an empty concept (the Chinese term prefilled when given)."""
        terms = [TermEntry(lang="zh", text=zh)] if zh else []
        self.app.push_screen(
            ConceptDialog(("zh", *self.tm_app.workspace.target_langs), terms=terms), self._save
        )

    def _save(self, draft: ConceptDraft | None) -> None:
        if store_concept(self.tm_app, draft):
            self.search(self.query_one("#glossary-search", Input).value)
