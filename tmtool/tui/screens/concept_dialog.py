"""Add or edit one glossary concept: a preferred term and forbidden variants per language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label

from tmtool.errors import TmtoolError
from tmtool.formats.termbase import TermEntry, TermStatus
from tmtool.services import terminology
from tmtool.tui.labels import language_name

if TYPE_CHECKING:
    from tmtool.tui.app import TmtoolApp


@dataclass(frozen=True)
class ConceptDraft:
    """What the dialog returns."""

    concept_id: int | None
    terms: list[TermEntry]
    note: str | None


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split("|") if part.strip()]


class ConceptDialog(ModalScreen[ConceptDraft | None]):
    """Fields per language: preferred term, admitted variants, forbidden variants (| separated)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="cancel-concept"),
        Binding("ctrl+s", "save", "Save", id="save-concept", priority=True),
    ]

    def __init__(
        self,
        langs: tuple[str, ...],
        *,
        concept_id: int | None = None,
        terms: list[TermEntry] | None = None,
        note: str | None = None,
    ) -> None:
        super().__init__()
        self.langs = langs
        self.concept_id = concept_id
        self.terms = terms or []
        self.note = note

    def _joined(self, lang: str, *statuses: TermStatus) -> str:
        return " | ".join(t.text for t in self.terms if t.lang == lang and t.status in statuses)

    def compose(self) -> ComposeResult:
        """One row per language, then the note and the buttons."""
        title = "New concept" if self.concept_id is None else f"Concept {self.concept_id}"
        with Vertical(id="concept-box"):
            yield Label(title, id="concept-title")
            for lang in self.langs:
                with Horizontal(classes="concept-row"):
                    yield Label(language_name(lang), classes="concept-lang")
                    yield Input(
                        self._joined(lang, TermStatus.PREFERRED, TermStatus.ADMITTED),
                        placeholder="preferred | admitted …",
                        id=f"term-{lang}",
                    )
                    yield Input(
                        self._joined(lang, TermStatus.DEPRECATED),
                        placeholder="forbidden variants …",
                        id=f"forbidden-{lang}",
                    )
            yield Input(self.note or "", placeholder="note: source or reasoning", id="concept-note")
            with Horizontal(id="concept-buttons"):
                yield Button("Save (Ctrl+S)", id="save-concept", variant="primary")
                yield Button("Cancel", id="cancel-concept")

    def action_save(self) -> None:
        """Return the edited concept."""
        terms: list[TermEntry] = []
        for lang in self.langs:
            for n, text in enumerate(_split(self.query_one(f"#term-{lang}", Input).value)):
                status = TermStatus.PREFERRED if n == 0 else TermStatus.ADMITTED
                terms.append(TermEntry(lang=lang, text=text, status=status))
            for text in _split(self.query_one(f"#forbidden-{lang}", Input).value):
                terms.append(TermEntry(lang=lang, text=text, status=TermStatus.DEPRECATED))
        note = self.query_one("#concept-note", Input).value.strip() or None
        self.dismiss(ConceptDraft(self.concept_id, terms, note))

    @on(Button.Pressed, "#save-concept")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel-concept")
    def action_cancel(self) -> None:
        """Close without saving."""
        self.dismiss(None)


def store_concept(app: TmtoolApp, draft: ConceptDraft | None) -> bool:
    """Save a dialog's result through the terminology service; tell the user how it went."""
    if draft is None:
        return False
    try:
        with app.session() as session:
            saved = terminology.save_concept(
                session,
                concept_id=draft.concept_id,
                terms=draft.terms,
                note=draft.note,
                user_name=app.user_name,
            )
    except TmtoolError as exc:
        app.notify(str(exc), severity="error", timeout=8)
        return False
    app.notify(f"Saved concept {saved.key}.")
    app.load_glossary()
    return True
