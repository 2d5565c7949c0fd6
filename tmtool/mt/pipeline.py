"""From sources to glossary-checked drafts: masking, the cache, the engine, restoring.

The cache is an interface here (the service keeps it in the database); every answer is
stored the moment it arrives, so an interrupted run loses nothing it paid for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from tmtool.glossary import TermIndex
from tmtool.mt.base import MTAdapter, MTError
from tmtool.mt.calls import patiently, with_deadline
from tmtool.mt.placeholders import Masked, unmask
from tmtool.mt.settings import MTSettings

_TOKEN = re.compile(r"\[T\d+\]")


def needs_engine(text: str) -> bool:
    """Whether a masked text has anything to translate besides placeholders, digits and
    punctuation (a source that is just a glossary term needs no engine)."""
    return any(ch.isalpha() for ch in _TOKEN.sub("", text))


class AnswerCache(Protocol):
    """Where engines' answers are kept, keyed by engine, language pair and text sent."""

    def lookup(self, engine: str, source: str, target: str, texts: Sequence[str]) -> dict[str, str]:
        """The stored answers for those of `texts` that have one."""
        ...

    def store(self, engine: str, source: str, target: str, answers: Mapping[str, str]) -> None:
        """Keep new answers (text sent → answer)."""
        ...


@dataclass
class Counters:
    """How many texts went to the engine and how many the cache answered."""

    requested: int = 0
    cached: int = 0


@dataclass(frozen=True)
class Draft:
    """A machine translation ready for the translator."""

    text: str
    flags: list[str] = field(default_factory=list)


def translate_texts(
    texts: Sequence[str],
    *,
    adapter: MTAdapter,
    settings: MTSettings,
    cache: AnswerCache,
    source: str,
    target: str,
    counters: Counters | None = None,
    on_retry: Callable[[MTError, float], None] | None = None,
) -> dict[str, str]:
    """Translate texts along the settings' route (direct, or through a pivot language).

    Args:
        texts: the (masked) texts; duplicates are sent once.
        adapter: the engine.
        settings: timeout, retries, pivot.
        cache: answers already paid for, and where new ones go.
        source: source language.
        target: target language.
        counters: updated with requests and cache hits.
        on_retry: told of each transient failure before the wait.

    Returns:
        Each text → its translation.

    Raises:
        MTError: the engine failed for good; answers received before are cached.
    """
    counters = counters if counters is not None else Counters()
    current = {text: text for text in texts if needs_engine(text)}
    result = {text: text for text in texts if not needs_engine(text)}
    for hop_source, hop_target in settings.route(source, target):
        inputs = list(dict.fromkeys(current.values()))
        answers = cache.lookup(adapter.name, hop_source, hop_target, inputs)
        counters.cached += len(answers)
        missing = [text for text in inputs if text not in answers]
        size = max(1, adapter.batch_size)
        for start in range(0, len(missing), size):
            chunk = missing[start : start + size]

            def attempt(
                chunk: list[str] = chunk, s: str = hop_source, t: str = hop_target
            ) -> list[str]:
                return with_deadline(
                    lambda: adapter.translate(chunk, s, t), settings.timeout, adapter.name
                )

            got = patiently(
                attempt,
                retries=settings.retries,
                first_delay=settings.backoff,
                longest_delay=settings.max_backoff,
                on_retry=on_retry,
            )
            new = dict(zip(chunk, got, strict=True))
            cache.store(adapter.name, hop_source, hop_target, new)
            answers.update(new)
            counters.requested += len(chunk)
        current = {text: answers[middle] for text, middle in current.items()}
    return {**result, **current}


def finish(masked: Masked, answer: str, lang: str, index: TermIndex) -> Draft:
    """Put the approved terms back and check the result against the glossary.

    Args:
        masked: what was sent.
        answer: the engine's answer.
        lang: the target language.
        index: the workspace glossary.

    Returns:
        The draft with one flag per thing to look at: a term in its base form, a term the
        engine dropped, a glossary term missing, a forbidden term used.
    """
    restored = unmask(masked, answer, lang)
    flags = list(restored.flags)
    lost = {slot.source for slot in restored.lost}
    check = index.check(masked.source, restored.text, lang)
    flags += [f"glossary term {term} is missing." for term in check.missing if term not in lost]
    for hit in check.forbidden:
        better = f"; write {hit.replacement}" if hit.replacement else ""
        flags.append(f"{hit.term} is a forbidden term{better}.")
    return Draft(restored.text, flags)
