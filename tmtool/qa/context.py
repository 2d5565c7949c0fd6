"""What the article-level checks know beyond one unit: the article, the TM, the usual lengths.

A :class:`~tmtool.qa.base.Unit` may carry an :class:`ArticleContext`, built once per
article and language by whoever runs the checks (``tmtool.services.qa_store`` for stored
results, the benchmark for TICO-19).  It holds plain values only:

* the other translated segments of the article in the unit's language (position,
  source, target) and the glossary renderings each of them uses;
* the approved translation-memory units whose source equals one of the article's sources;
* a :class:`LengthModel` of the usual target/source length ratio, learned from approved
  pairs where there are enough (:func:`learn_length`), else :data:`DEFAULT_LENGTH`.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = [
    "DEFAULT_LENGTH",
    "MIN_PAIRS",
    "ArticleContext",
    "LengthModel",
    "Neighbour",
    "learn_length",
    "log_ratio",
    "normal_text",
    "source_size",
    "target_size",
]

_SOURCE_UNITS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[A-Za-z0-9]+")
_NOT_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")
_TRIM = re.compile(r"^[\s\"'“”«»„(（]+|[\s.。!！?？;；:：,，\"'“”«»)）]+$")
# Fewer approved pairs than this, and the defaults (or the article's own pairs) are used.
MIN_PAIRS = 50


def source_size(text: str) -> int:
    """Length of a Chinese source: Chinese characters, plus Latin words and numbers as one each."""
    return len(_SOURCE_UNITS.findall(text))


def target_size(text: str) -> int:
    """Length of an English or Russian target: letters and digits, without spaces or punctuation."""
    return len(_NOT_WORD.sub("", text))


def log_ratio(source: str, target: str) -> float | None:
    """``log(target_size / source_size)``, or ``None`` when either is empty."""
    s, t = source_size(source), target_size(target)
    if not s or not t:
        return None
    return math.log(t / s)


def normal_text(text: str) -> str:
    """A text folded for comparing translations: case, spaces, outer quotes and final stop."""
    return _TRIM.sub("", _SPACES.sub(" ", text.casefold().replace("ё", "е"))).strip()


@dataclass(frozen=True)
class LengthModel:
    """The usual log length ratio of translations of one language, and its spread.

    Attributes:
        centre: Median of ``log(target letters / source characters)``.
        spread: Robust standard deviation (1.4826 × median absolute deviation).
        pairs: How many pairs it was learned from.
        basis: Where it comes from: ``"workspace"``, ``"article"`` or ``"TICO-19"``.
    """

    centre: float
    spread: float
    pairs: int
    basis: str

    def z(self, source: str, target: str) -> float | None:
        """How many spreads the pair's log ratio lies from the centre (negative: short)."""
        ratio = log_ratio(source, target)
        if ratio is None:
            return None
        return (ratio - self.centre) / self.spread

    def key(self) -> str:
        """A short stable text of the model, for the stored results' input hash."""
        return f"{self.basis}:{self.centre:.2f}:{self.spread:.2f}"


# Measured on the TICO-19 test set (2,063 pairs with 8 source characters or more):
# English has 3.2 letters per Chinese character, Russian 3.8.  News copy runs longer
# (about 3.9 and 4.0 on the demo digest), which is why learned models come first.
DEFAULT_LENGTH: dict[str, LengthModel] = {
    "en": LengthModel(1.171, 0.146, 2063, "TICO-19"),
    "ru": LengthModel(1.341, 0.181, 2063, "TICO-19"),
}
_MIN_SPREAD = 0.10
_MIN_SOURCE = 8


def learn_length(
    pairs: Iterable[tuple[str, str]], *, basis: str, minimum: int = MIN_PAIRS
) -> LengthModel | None:
    """Learn a length model from clean pairs, if there are enough of them.

    Args:
        pairs: ``(source, target)`` pairs; very short sources are skipped.
        basis: What the pairs are, for messages (``"workspace"``).
        minimum: Fewest usable pairs to learn from.

    Returns:
        The model, or ``None`` with fewer than ``minimum`` usable pairs.
    """
    ratios = [
        r
        for source, target in pairs
        if source_size(source) >= _MIN_SOURCE and (r := log_ratio(source, target)) is not None
    ]
    if len(ratios) < minimum:
        return None
    centre = statistics.median(ratios)
    spread = 1.4826 * statistics.median(abs(r - centre) for r in ratios)
    return LengthModel(centre, max(spread, _MIN_SPREAD), len(ratios), basis)


@dataclass(frozen=True)
class Neighbour:
    """Another translated segment of the same article and language.

    Attributes:
        position: Its 1-based position.
        source: Its source text.
        target: Its translation.
        renderings: Glossary concept key → the target text that renders it there.
    """

    position: int
    source: str
    target: str
    renderings: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ArticleContext:
    """The article around a unit, for consistency and length checks.

    Attributes:
        segments: The article's other translated segments in the unit's language (the
            unit's own position may be among them; the checks skip it).
        tm: ``(source, target)`` of approved TM units whose source is one of the
            article's sources, in the unit's language.
        length: The length model for the unit's language, or ``None`` to use
            :data:`DEFAULT_LENGTH`.
    """

    segments: tuple[Neighbour, ...] = ()
    tm: tuple[tuple[str, str], ...] = ()
    length: LengthModel | None = None

    def length_model(self, lang: str) -> LengthModel | None:
        """The learned model, else the default for the language (``None`` for others)."""
        return self.length or DEFAULT_LENGTH.get(lang)
