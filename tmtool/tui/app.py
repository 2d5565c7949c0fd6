"""The application: wires screens to the workspace; features live in screens and widgets."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import Engine
from sqlmodel import Session
from textual import work
from textual.app import App
from textual.binding import Binding, BindingType

from tmtool.errors import TmtoolError
from tmtool.glossary import TermIndex
from tmtool.services import terminology
from tmtool.services.users import get_user
from tmtool.tui.keymap import load_keymap
from tmtool.tui.live import LiveUpdates
from tmtool.tui.messages import GlossaryLoaded
from tmtool.tui.screens.articles import ArticleListScreen
from tmtool.workspace import Workspace


class TmtoolApp(App[None]):
    """tmtool's terminal editor on one workspace, acting as one user."""

    CSS_PATH = "app.tcss"
    TITLE = "tmtool"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("f6", "open_glossary", "Glossary", id="open-glossary"),
    ]

    def __init__(self, *, engine: Engine, workspace: Workspace, user_name: str) -> None:
        super().__init__()
        self.engine = engine
        self.workspace = workspace
        self.user_name = user_name
        self.roles = ""
        self.term_index: TermIndex | None = None
        self.live = LiveUpdates(self)

    def session(self) -> Session:
        """A new short-lived session; objects stay readable after commit."""
        return Session(self.engine, expire_on_commit=False)

    def on_mount(self) -> None:
        """Show who is working, open the article list, load the glossary."""
        try:
            with self.session() as session:
                self.roles = get_user(session, self.user_name).roles
        except TmtoolError as exc:  # an unknown user may still read; saving says why not
            self.notify(str(exc), severity="warning", timeout=10)
            self.roles = "not a user of this workspace"
        self.sub_title = f"{self.user_name} ({self.roles})"
        keymap, problem = load_keymap()
        if keymap:
            self.set_keymap(keymap)
        if problem:
            self.notify(problem, severity="warning", timeout=10)
        self.push_screen(ArticleListScreen())
        self.load_glossary()
        self.live.start()

    def on_unmount(self) -> None:
        """Stop watching the workspace."""
        self.live.stop()

    @work(thread=True, exclusive=True, exit_on_error=False, group="glossary")
    def load_glossary(self) -> None:
        """Build the term index in a worker with its own session."""
        with self.session() as session:
            index = TermIndex(terminology.workspace_termbase(session))
        self.call_from_thread(self._glossary_loaded, index)

    def _glossary_loaded(self, index: TermIndex) -> None:
        self.term_index = index
        self.screen.post_message(GlossaryLoaded())

    def action_open_glossary(self) -> None:
        """Show the glossary screen."""
        from tmtool.tui.screens.glossary import GlossaryScreen

        if not isinstance(self.screen, GlossaryScreen):
            self.push_screen(GlossaryScreen())

    async def action_quit(self) -> None:
        """Save what the editor holds, then leave."""
        from tmtool.tui.screens.editor import EditorScreen

        for screen in self.screen_stack:
            if isinstance(screen, EditorScreen):
                screen.flush()
        self.exit()


def make_app(*, engine: Engine, workspace: Workspace, user_name: str) -> TmtoolApp:
    """Build the app; the CLI and the tests both start it from here."""
    return TmtoolApp(engine=engine, workspace=workspace, user_name=user_name)
