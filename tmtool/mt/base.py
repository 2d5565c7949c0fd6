"""The adapter interface every machine-translation engine implements, and its errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from tmtool.errors import TmtoolError


class MTError(TmtoolError):
    """An engine failed; the message is one sentence for the user.

    Attributes:
        transient: whether trying again a little later may succeed (rate limits, server
            errors, timeouts, refused connections).
    """

    transient = False


class MTUnavailableError(MTError):
    """The engine could not be reached (no network, connection refused)."""

    transient = True


class MTTimeoutError(MTError):
    """The engine did not answer in time."""

    transient = True


class MTRateLimitError(MTError):
    """The engine asked us to slow down (HTTP 429)."""

    transient = True


class MTServerError(MTError):
    """The engine answered with a server error (HTTP 5xx)."""

    transient = True


class MTRefusedError(MTError):
    """The engine refused the request: bad key, quota used up, unsupported languages."""


class MTAdapter(Protocol):
    """One machine-translation engine.

    Attributes:
        name: the engine's name in `tmtool.toml` and on the command line, e.g. "deepl".
        batch_size: how many texts one `translate` call should carry; each call is one
            billable request (or, for engines without a batch API, a few of them).
    """

    name: str
    batch_size: int

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate texts from `source` into `target` (tmtool's language codes).

        Args:
            texts: the texts, none of them empty.
            source: source language, e.g. "zh".
            target: target language, e.g. "ru".

        Returns:
            One translation per text, in order.

        Raises:
            MTError: the engine failed; `transient` says whether to try again.
        """
        ...
