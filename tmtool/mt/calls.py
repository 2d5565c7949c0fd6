"""Calling an engine patiently: a deadline per call, retries with exponential back-off."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import TypeVar

from tmtool.mt.base import MTError, MTTimeoutError

T = TypeVar("T")

# Seams for tests: how to wait, and the source of jitter.
_sleep: Callable[[float], None] = time.sleep
_random: Callable[[], float] = random.random


def with_deadline(fn: Callable[[], T], timeout: float, what: str) -> T:
    """Run `fn` in a helper thread and give up waiting after `timeout` seconds.

    deep-translator calls `requests` without a timeout, so a server that accepts the
    connection and never answers would hang the caller for good. The helper thread is a
    daemon: an abandoned call cannot keep tmtool from exiting, and its late answer is
    dropped.

    Args:
        fn: the call.
        timeout: seconds to wait.
        what: the engine's name, for the message.

    Returns:
        What `fn` returns.

    Raises:
        MTTimeoutError: no answer in time.
        Exception: whatever `fn` raised.
    """
    box: dict[str, object] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # handed to the waiting thread
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name=f"tmtool-mt-{what}", daemon=True).start()
    if not done.wait(timeout):
        raise MTTimeoutError(f"the MT engine {what} did not answer within {timeout:g} s.")
    if "error" in box:
        error = box["error"]
        assert isinstance(error, BaseException)
        raise error
    return box["value"]  # type: ignore[return-value]


def backoff(attempt: int, first: float, longest: float) -> float:
    """Seconds to wait after failed attempt `attempt` (1-based): doubling, capped, jittered."""
    delay = min(longest, first * 2.0 ** (attempt - 1))
    return delay * (0.75 + 0.5 * _random())


def patiently(
    fn: Callable[[], T],
    *,
    retries: int,
    first_delay: float,
    longest_delay: float,
    on_retry: Callable[[MTError, float], None] | None = None,
) -> T:
    """Call `fn`, trying again after transient engine failures.

    Args:
        fn: one attempt.
        retries: further attempts after the first.
        first_delay: seconds before the first retry.
        longest_delay: the cap on any wait.
        on_retry: told of each failure that will be retried, and the wait.

    Returns:
        What `fn` returns.

    Raises:
        MTError: a permanent failure, or the last transient one.
    """
    attempt = 0
    while True:
        attempt += 1
        try:
            return fn()
        except MTError as exc:
            if not exc.transient:
                raise
            if attempt > retries:
                if attempt == 1:
                    raise
                raise type(exc)(f"{str(exc).rstrip('.')} ({attempt} attempts).") from exc
            delay = backoff(attempt, first_delay, longest_delay)
            if on_retry is not None:
                on_retry(exc, delay)
            _sleep(delay)
