"""Glossary-safe machine translation: terms travel as placeholders, approved terms return.

Before a source goes to an engine, each glossary term in it that has an approved term in
the target language is replaced by a numbered token, ``[T1]``, ``[T2]``…; engines copy
such tokens through (they look like a code or a reference). After the answer comes back,
each token is replaced by the approved target term: in Russian in the case its context
calls for (see `tmtool.mt.russian`), otherwise in its base form, flagged. A token the
engine dropped is flagged and its term reported missing.

Engines sometimes mangle tokens a little; these forms are all recognised: ``[T1]``,
``[ T1 ]``, ``[t1]``, ``【T1】``, ``［T1］``, ``(T1)``, a bare ``T1``, and an ending glued on
(``[T1]е``, ``[T1]-а``), which is read as a clue to the case and dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tmtool.formats.termbase import TermStatus
from tmtool.glossary import TermIndex
from tmtool.glossary.morphology import primary_language
from tmtool.mt import russian

_BRACKETED = re.compile(
    r"[\[［【(（]\s*[Tt]\s*(\d{1,3})\s*[\]］】)）](?:-?([а-яё]{1,3})(?![а-яёА-ЯЁ]))?"
)
_BARE = re.compile(r"(?<![\w\[])T(\d{1,3})(?![\w\]])")
_SENTENCE_START = re.compile(r"(?:^|[.!?…。！？]\s*|\n)[«\"“„(]*\s*$")


def token(number: int) -> str:
    """The placeholder for the term numbered `number`."""
    return f"[T{number}]"


@dataclass(frozen=True)
class Slot:
    """A glossary term of the source, replaced by a placeholder.

    Attributes:
        number: the placeholder's number.
        source: the term as it appears in the source.
        start: its start offset in the source.
        end: its end offset.
        concept: the concept's key.
        target: the approved target term (preferred, else admitted), base form.
    """

    number: int
    source: str
    start: int
    end: int
    concept: str
    target: str


@dataclass(frozen=True)
class Masked:
    """A source with its glossary terms replaced by placeholders."""

    source: str
    text: str
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Restored:
    """An engine's answer with the approved terms put back.

    Attributes:
        text: the translation.
        flags: one sentence per thing the translator should look at.
        lost: the terms whose placeholder the engine dropped.
    """

    text: str
    flags: list[str] = field(default_factory=list)
    lost: list[Slot] = field(default_factory=list)


def approved_term(index: TermIndex, concept: str, lang: str) -> str | None:
    """A concept's preferred (else first admitted) term in `lang`, or None."""
    primary = primary_language(lang)
    terms = [t for t in index.lookup(concept).terms if primary_language(t.lang) == primary]
    for status in (TermStatus.PREFERRED, TermStatus.ADMITTED):
        for term in terms:
            if term.status == status and term.text.strip():
                return term.text.strip()
    return None


def mask(source: str, index: TermIndex, lang: str) -> Masked:
    """Replace the source's glossary terms that have an approved `lang` term by placeholders.

    Args:
        source: the source text.
        index: the workspace glossary.
        lang: the target language.

    Returns:
        The masked text and what each placeholder stands for.
    """
    slots: list[Slot] = []
    parts: list[str] = []
    pos = 0
    for hit in index.find(source):
        target = approved_term(index, hit.concept, lang)
        if target is None:
            continue
        slot = Slot(len(slots) + 1, hit.term, hit.start, hit.end, hit.concept, target)
        slots.append(slot)
        parts += [source[pos : hit.start], token(slot.number)]
        pos = hit.end
    parts.append(source[pos:])
    return Masked(source, "".join(parts), tuple(slots))


def _find_tokens(text: str, numbers: set[int]) -> list[tuple[int, int, int, str]]:
    """(start, end, number, glued ending) of each placeholder, in text order."""
    found = [
        (m.start(), m.end(), int(m.group(1)), m.group(2) or "")
        for m in _BRACKETED.finditer(text)
        if int(m.group(1)) in numbers
    ]
    seen = {number for _, _, number, _ in found}
    taken = [(start, end) for start, end, _, _ in found]
    for m in _BARE.finditer(text):
        number = int(m.group(1))
        inside = any(s <= m.start() < e for s, e in taken)
        if number in numbers and number not in seen and not inside:
            found.append((m.start(), m.end(), number, ""))
    return sorted(found)


def _placed(slot: Slot, before: str, ending: str, lang: str) -> tuple[str, str | None]:
    """The term to write in place of a placeholder, and a flag if its form is uncertain."""
    if primary_language(lang) != "ru":
        return slot.target, None
    case = russian.case_from_suffix(slot.target, ending) if ending else None
    case = case or russian.case_from_context(before, slot.target)
    if case is not None:
        form = russian.inflect(slot.target, case)
        if form is not None:
            return form, None
    if not russian.declinable(slot.target):
        return slot.target, None
    return slot.target, (
        f"«{slot.target}» ({slot.source}) is in its base form; check that its case fits."
    )


def unmask(masked: Masked, answer: str, lang: str) -> Restored:
    """Put the approved terms back into an engine's answer.

    Args:
        masked: what was sent.
        answer: what the engine returned.
        lang: the target language.

    Returns:
        The translation, with flags for base forms and lost terms.
    """
    by_number = {slot.number: slot for slot in masked.slots}
    out: list[str] = []
    flags: list[str] = []
    placed: set[int] = set()
    pos = 0
    for start, end, number, ending in _find_tokens(answer, set(by_number)):
        slot = by_number[number]
        out.append(answer[pos:start])
        before = "".join(out)
        text, flag = _placed(slot, before, ending, lang)
        if _SENTENCE_START.search(before) and text[:1].islower():
            text = text[:1].upper() + text[1:]
        out.append(text)
        if flag and flag not in flags:
            flags.append(flag)
        placed.add(number)
        pos = end
    out.append(answer[pos:])
    lost = [slot for slot in masked.slots if slot.number not in placed]
    flags += [
        f"the engine dropped the term {slot.source} ({slot.target}), so it is missing; insert it."
        for slot in lost
    ]
    return Restored("".join(out), flags, lost)
