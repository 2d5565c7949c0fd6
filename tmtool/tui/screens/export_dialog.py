"""The export dialog: publishers write final versions, everyone may write marked drafts."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static

from tmtool.errors import TmtoolError
from tmtool.models import Role
from tmtool.services import publishing
from tmtool.tui.labels import language_name
from tmtool.tui.screens.editor_host import EditorHost

if TYPE_CHECKING:
    from tmtool.tui.app import TmtoolApp
    from tmtool.workspace import Workspace

#: The formats offered, in the order shown.
DIALOG_FORMATS = (
    "txt",
    "md",
    "html",
    "docx",
    "parallel-html",
    "parallel-tsv",
    "parallel-csv",
    "bundle",
)


def default_folder(workspace: Workspace) -> Path:
    """The `[export] folder` of tmtool.toml (relative to the workspace), else ./export there."""
    section = workspace.extra.get("export")
    folder = section.get("folder") if isinstance(section, dict) else None
    path = Path(folder) if isinstance(folder, str) and folder.strip() else Path("export")
    return path if path.is_absolute() else workspace.root / path


def may_publish(roles: str) -> bool:
    """Whether a user with these comma-separated roles may export final versions."""
    held = {r.strip() for r in roles.split(",")}
    return bool(held & {Role.PUBLISHER.value, Role.ADMIN.value})


class ExportDialog(ModalScreen[None]):
    """Choose format, languages, folder and draft or final; export in a worker; show the result."""

    DEFAULT_CSS = """
    ExportDialog { align: center middle; }
    ExportDialog .export-label { margin-top: 1; text-style: bold; }
    ExportDialog #export-langs { height: auto; }
    ExportDialog #export-langs Checkbox { margin-right: 2; }
    ExportDialog #export-result { height: auto; max-height: 12; margin-top: 1; }
    ExportDialog #export-result.refused { color: $error; }
    ExportDialog #export-role-note { color: $text-muted; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="close-export"),
        Binding("ctrl+s", "run_export", "Export", id="run-export", priority=True),
    ]

    def __init__(self, slug: str) -> None:
        super().__init__()
        self.slug = slug

    @property
    def tm_app(self) -> TmtoolApp:
        """The app, typed."""
        return cast("TmtoolApp", self.app)

    @property
    def languages(self) -> tuple[str, ...]:
        """The source language, then the targets."""
        ws = self.tm_app.workspace
        return (ws.source_lang, *ws.target_langs)

    def compose(self) -> ComposeResult:
        """Format, languages, folder, draft, the result and the buttons."""
        ws = self.tm_app.workspace
        publisher = may_publish(self.tm_app.roles)
        with Vertical(classes="dialog-box", id="export-box"):
            yield Label(f"Export {self.slug}", classes="dialog-title")
            yield Label("Format", classes="export-label")
            yield Select(
                [(f"{name} — {publishing.PUBLISH_FORMATS[name]}", name) for name in DIALOG_FORMATS],
                value="html",
                allow_blank=False,
                id="export-format",
            )
            yield Label("Languages", classes="export-label")
            with Horizontal(id="export-langs"):
                for lang in self.languages:
                    yield Checkbox(
                        f"{language_name(lang)} ({lang})",
                        value=lang in ws.target_langs,
                        id=f"export-lang-{lang}",
                    )
            yield Label("Output folder", classes="export-label")
            yield Input(str(default_folder(ws)), id="export-folder")
            yield Checkbox(
                "Draft: any text, marked as a draft; publishes nothing",
                value=not publisher,
                disabled=not publisher,
                id="export-draft",
            )
            if not publisher:
                yield Label(
                    "Only publishers export final versions; you can export drafts.",
                    id="export-role-note",
                )
            yield Static("", id="export-result")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export (Ctrl+S)", id="run-export", variant="primary")
                yield Button("Close (Esc)", id="close-export")

    def on_mount(self) -> None:
        """Start on the format."""
        self.query_one("#export-format", Select).focus()

    def _chosen_langs(self) -> list[str]:
        return [
            lang
            for lang in self.languages
            if self.query_one(f"#export-lang-{lang}", Checkbox).value
        ]

    def action_run_export(self) -> None:
        """Export with the chosen settings in a worker."""
        fmt = self.query_one("#export-format", Select).value
        langs = self._chosen_langs()
        result = self.query_one("#export-result", Static)
        if not langs:
            self._show_refusal("Choose at least one language.")
            return
        folder = Path(self.query_one("#export-folder", Input).value.strip() or ".")
        if not folder.is_absolute():
            folder = self.tm_app.workspace.root / folder
        draft = self.query_one("#export-draft", Checkbox).value
        result.remove_class("refused")
        result.update("Exporting…")
        self.query_one("#run-export", Button).disabled = True
        self.export(str(fmt), langs, folder, draft)

    @work(thread=True, exclusive=True, exit_on_error=False, group="export")
    def export(self, fmt: str, langs: list[str], folder: Path, draft: bool) -> None:
        """Run the publishing service with a session of the worker's own."""
        app = self.tm_app
        try:
            with app.session() as session:
                files = publishing.export_article(
                    session,
                    slug=self.slug,
                    fmt=fmt,
                    langs=langs,
                    out_dir=folder,
                    user_name=app.user_name,
                    draft=draft,
                    source_lang=app.workspace.source_lang,
                )
        except TmtoolError as exc:
            # The service speaks of the command line's flag; here it is the Draft box.
            message = str(exc).replace("use --draft", "tick Draft").replace("--draft", "Draft")
            app.call_from_thread(self._show_refusal, message)
            return
        app.call_from_thread(self._show_files, files)

    def _show_refusal(self, message: str) -> None:
        result = self.query_one("#export-result", Static)
        result.add_class("refused")
        result.update(Text(message))
        self.query_one("#run-export", Button).disabled = False

    def _show_files(self, files: list[publishing.ExportedFile]) -> None:
        kind = "draft" if any(f.draft for f in files) else "final"
        lines = [f"Wrote {len(files)} {kind} file{'s' if len(files) != 1 else ''}:"]
        lines += [f"  {f.path}" for f in files]
        result = self.query_one("#export-result", Static)
        result.remove_class("refused")
        result.update(Text("\n".join(lines)))
        self.query_one("#run-export", Button).disabled = False

    @on(Button.Pressed, "#run-export")
    def _export_pressed(self) -> None:
        self.action_run_export()

    @on(Button.Pressed, "#close-export")
    def action_close(self) -> None:
        """Close the dialog."""
        self.dismiss(None)


class ExportActions(EditorHost):
    """The editor's export key; the editor provides `slug`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+b", "open_export", "Export", id="open-export", priority=True),
    ]

    slug: str

    def action_open_export(self) -> None:
        """Save what the editor holds, then open the export dialog on this article."""
        self.flush()
        self.app.push_screen(ExportDialog(self.slug))
