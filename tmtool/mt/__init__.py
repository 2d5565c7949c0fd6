"""Machine translation: engines behind one adapter interface, glossary-safe placeholders.

Domain code: no database, no user interface. `tmtool.services.mt` adds the cache in the
database and the writing of drafts.
"""

from tmtool.mt.base import (
    MTAdapter,
    MTError,
    MTRateLimitError,
    MTRefusedError,
    MTServerError,
    MTTimeoutError,
    MTUnavailableError,
)
from tmtool.mt.engines import ENGINES, EngineSpec, make_adapter
from tmtool.mt.placeholders import Masked, Restored, Slot, mask, unmask
from tmtool.mt.settings import MTSettings, load_settings

__all__ = [
    "ENGINES",
    "EngineSpec",
    "MTAdapter",
    "MTError",
    "MTRateLimitError",
    "MTRefusedError",
    "MTServerError",
    "MTSettings",
    "MTTimeoutError",
    "MTUnavailableError",
    "Masked",
    "Restored",
    "Slot",
    "load_settings",
    "make_adapter",
    "mask",
    "unmask",
]
