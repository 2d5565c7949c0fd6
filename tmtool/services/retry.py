"""Running a transaction again when the database was only busy.

SQLite answers "database is locked" when another process held the write lock for longer
than the busy timeout (or when a read snapshot went stale before a write); PostgreSQL
aborts one side of a deadlock or of a serialization conflict. In each case the work itself
was fine and a fresh transaction a moment later usually succeeds. Conflicts between edits
(`ConflictError`) and other user errors are never retried: they need the user.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

import psycopg
from psycopg import errors as pg_errors
from sqlalchemy.exc import DBAPIError

from tmtool.errors import TmtoolError

T = TypeVar("T")

BUSY_MESSAGE = "the database is busy; try again in a moment."
UNREACHABLE_MESSAGE = "the database server cannot be reached; nothing was saved, try again soon."
FIRST_DELAY = 0.05
MAX_DELAY = 1.0

# Seams for tests: how to wait, and the source of jitter.
_sleep: Callable[[float], None] = time.sleep
_random: Callable[[], float] = random.random


def is_transient(exc: BaseException) -> bool:
    """Whether `exc` means "busy, try again" rather than a real failure.

    Args:
        exc: an exception raised by a transaction.

    Returns:
        True for SQLite's "database is locked" and PostgreSQL's serialization failures
        and deadlocks.
    """
    if not isinstance(exc, DBAPIError):
        return False
    if isinstance(exc.orig, pg_errors.SerializationFailure | pg_errors.DeadlockDetected):
        return True
    return "database is locked" in str(exc.orig if exc.orig is not None else exc)


def is_unreachable(exc: BaseException) -> bool:
    """Whether `exc` means the database server went away (restarted, stopped, network).

    Such a failure is not retried here (a restart takes seconds, and the user waits);
    the caller's work was rolled back and can be done again once the server is back.
    """
    if not isinstance(exc, DBAPIError) or is_transient(exc):
        return False
    return (
        exc.connection_invalidated
        or type(exc.orig) is psycopg.OperationalError
        or (isinstance(exc.orig, pg_errors.AdminShutdown | pg_errors.CannotConnectNow))
    )


def backoff(attempt: int) -> float:
    """Seconds to wait after failed attempt number `attempt` (1-based), with jitter.

    Args:
        attempt: how many attempts have failed so far.

    Returns:
        An exponentially growing delay, capped at MAX_DELAY, randomised by up to 50 %.
    """
    delay = min(MAX_DELAY, FIRST_DELAY * 2.0 ** (attempt - 1))
    return delay * (0.5 + _random())


def retrying(fn: Callable[[], T], *, attempts: int = 5) -> T:
    """Call `fn` until it gets through a busy database, at most `attempts` times.

    `fn` must run a whole transaction of its own (typically `with session.begin(): ...`),
    so that a failed attempt has been rolled back and the next one starts afresh.

    Args:
        fn: the transaction to run.
        attempts: how many times to try before giving up.

    Returns:
        What `fn` returns.

    Raises:
        TmtoolError: the database stayed busy for every attempt.
    """
    attempts = max(1, attempts)
    for attempt in range(1, attempts + 1):
        try:
            return fn()
        except DBAPIError as exc:
            if is_unreachable(exc):
                raise TmtoolError(UNREACHABLE_MESSAGE) from exc
            if not is_transient(exc):
                raise
            if attempt == attempts:
                raise TmtoolError(BUSY_MESSAGE) from exc
            _sleep(backoff(attempt))
    raise AssertionError("unreachable: the last attempt returns or raises")
