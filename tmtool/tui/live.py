"""Live updates for the whole app: one watcher per app, its news handed to the screens.

The watcher (from `tmtool.services.events`) blocks on the database in a daemon thread of the
app (not a Textual worker: it never completes, and tests wait for workers to complete). What
it delivers is brought onto the app's thread with a `Callback` event, which, unlike
`call_from_thread`, never waits for an app that is shutting down.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual import events as textual_events
from textual.app import App
from textual.timer import Timer

from tmtool.services import events
from tmtool.tui.screens.articles import ArticleListScreen

if TYPE_CHECKING:
    from tmtool.tui.app import TmtoolApp

ARTICLE_LIST_DELAY = 0.5
"""The article list reloads at most this often while changes keep coming."""


def call_soon(app: App[Any], callback: Callable[..., None], *args: object) -> bool:
    """Run `callback(*args)` on the app's thread; safe from any thread, never blocks.

    Returns:
        False when the app is closing and the callback will not run.
    """
    bound: Callable[[], None] = partial(callback, *args)
    return app.post_message(textual_events.Callback(callback=bound))


@runtime_checkable
class LiveScreen(Protocol):
    """A screen that shows workspace data and wants to hear about changes."""

    def workspace_changed(self, changes: events.Changes) -> None:
        """Other people's changes arrived."""

    def connection_changed(self, problem: str | None) -> None:
        """The database went away (a sentence saying so) or came back (None)."""


class LiveUpdates:
    """Watches the workspace for the app and tells the open screens what changed."""

    def __init__(self, app: TmtoolApp) -> None:
        self.app = app
        self.problem: str | None = None
        self._list_timer: Timer | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start watching in a thread of its own (not a worker: it never completes)."""
        if self._thread is not None:
            return
        watcher = events.watcher_for(self.app.engine)
        self._thread = threading.Thread(
            target=watcher.run,
            args=(self._stop, self._deliver, self._status),
            name="tmtool-live-updates",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (the app is closing); the thread ends within a poll interval."""
        self._stop.set()

    def _deliver(self, changes: events.Changes) -> None:
        call_soon(self.app, self.dispatch, changes)

    def _status(self, problem: str | None) -> None:
        call_soon(self.app, self.connection_changed, problem)

    def dispatch(self, changes: events.Changes) -> None:
        """Hand a batch of changes to every screen that shows workspace data."""
        for screen in self.app.screen_stack:
            if isinstance(screen, LiveScreen):
                screen.workspace_changed(changes)
        if changes.edits and isinstance(self.app.screen, ArticleListScreen):
            self._reload_list(self.app.screen)

    def _reload_list(self, screen: ArticleListScreen) -> None:
        if self._list_timer is not None:  # a reload is due already; it will read this change
            return

        def reload() -> None:
            self._list_timer = None
            if screen is self.app.screen:
                screen.load_articles()

        self._list_timer = self.app.set_timer(ARTICLE_LIST_DELAY, reload)

    def connection_changed(self, problem: str | None) -> None:
        """Say that the database went away or came back, once each time."""
        self.problem = problem
        if problem:
            self.app.notify(
                f"{problem[0].upper()}{problem[1:]} Your text stays in the editor.",
                title="Database",
                severity="warning",
                timeout=15,
            )
        else:
            self.app.notify("Connected to the database again.", title="Database", timeout=5)
        for screen in self.app.screen_stack:
            if isinstance(screen, LiveScreen):
                screen.connection_changed(problem)
