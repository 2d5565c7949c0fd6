"""Putting a Russian glossary term into the case its new context needs.

An engine translating a sentence with a placeholder writes the words around it as
Russian grammar demands ("в [T1]", "нового [T1]", sometimes "[T1]е"), but the
placeholder itself stays uninflected. These clues, read with pymorphy3, tell the case:

1. an ending the engine glued to the placeholder ("[T1]е", "[T1]-а");
2. an adjective or participle right before it whose case is unambiguous ("в новом [T1]");
3. a preposition right before it (or before that adjective): "из" wants the genitive,
   "к" the dative, "о" the prepositional; "в"/"на" take the prepositional unless a verb
   of motion or change before them asks for the accusative ("прибыл в", "превратить в").

Only the words up to the term's head noun are inflected ("Национальный природный
заповедник Чжалун" → "Национальном природном заповеднике Чжалун"); what follows the head
(a genitive complement, a name in apposition, a quotation) stays as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tmtool.glossary.morphology import analyzer


def _words(text: str) -> list[str]:
    return text.split()


CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")

#: Prepositions that govern one case.
PREPOSITIONS: dict[str, str] = {
    **dict.fromkeys(
        _words(
            "без для до из из-за из-под от у около вокруг после против среди кроме возле вдоль "
            "мимо ради вблизи внутри вне накануне напротив посреди вместо относительно "
            "изо ото безо вследствие"
        ),
        "gent",
    ),
    **dict.fromkeys(_words("к ко благодаря согласно вопреки навстречу по"), "datv"),
    **dict.fromkeys(_words("про через сквозь"), "accs"),
    **dict.fromkeys(_words("над надо перед передо между"), "ablt"),
    **dict.fromkeys(_words("о об обо при"), "loct"),
}

#: Prepositions with two readings: the usual one, and the one after a verb of motion.
AMBIGUOUS: dict[str, tuple[str, str]] = {
    **dict.fromkeys(("в", "во", "на"), ("loct", "accs")),
    **dict.fromkeys(("за", "под", "подо"), ("ablt", "accs")),
    **dict.fromkeys(("с", "со"), ("ablt", "gent")),
}

#: Verbs after which "в"/"на"/"за"/"под" mean direction (accusative).
MOTION_VERBS = frozenset(
    _words(
        "ехать приехать поехать въехать переехать прибыть прибывать отправиться отправляться "
        "направиться направляться вернуться возвращаться идти пойти прийти приходить войти "
        "входить вступить вступать превратить превратиться превращать превращаться включить "
        "включать включиться инвестировать вложить вкладывать направить направлять отправить "
        "отправлять доставить доставлять перевести переводить поступить поступать вывезти "
        "ввезти экспортировать импортировать попасть попадать прилететь лететь полететь "
        "переселиться приглашать пригласить"
    )
)

_WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
_TOKEN = re.compile(r"[А-Яа-яЁёA-Za-z]+(?:-[А-Яа-яЁё]+)*|[^\s«»\"“”„]")


def _morph() -> Any:
    return analyzer()


def _match_case(model: str, word: str) -> str:
    """`word` written with the capitals of `model` (per hyphen-separated part)."""
    models, parts = model.split("-"), word.split("-")
    if len(models) != len(parts):
        models = [model] * len(parts)
    out = []
    for m, p in zip(models, parts, strict=True):
        if len(m) > 1 and m.isupper():
            out.append(p.upper())
        elif m[:1].isupper():
            out.append(p[:1].upper() + p[1:])
        else:
            out.append(p)
    return "-".join(out)


def _head_parse(word: str) -> Any | None:
    parses = [
        p for p in _morph().parse(word.lower()) if p.tag.POS == "NOUN" and p.tag.case == "nomn"
    ]
    if not parses:
        return None
    parses.sort(key=lambda p: ("Geox" not in p.tag, "inan" not in p.tag))
    return parses[0]


def _is_adjective(word: str) -> bool:
    return any(
        p.tag.POS in ("ADJF", "PRTF") and p.tag.case == "nomn" for p in _morph().parse(word.lower())
    )


@dataclass(frozen=True)
class _Plan:
    """How to inflect a term: the words to change (span, parse) and the head's tags."""

    words: tuple[tuple[int, int, Any], ...]
    number: str
    gender: str | None
    animacy: str | None


@lru_cache(maxsize=4096)
def _plan(term: str) -> _Plan | None:
    adjectives: list[tuple[int, int, str]] = []
    for match in _WORD.finditer(term):
        text = match.group()
        if _is_adjective(text):
            adjectives.append((match.start(), match.end(), text))
            continue
        # In a hyphenated name only the last part declines: Хулун-Буир → Хулун-Буире.
        head_start = match.start() + text.rfind("-") + 1
        head = _head_parse(term[head_start : match.end()])
        if head is None or "Fixd" in head.tag:
            return None
        number = head.tag.number or "sing"
        gender = head.tag.gender if number == "sing" else None
        words: list[tuple[int, int, Any]] = []
        for start, end, adjective in adjectives:
            parses = [
                p
                for p in _morph().parse(adjective.lower())
                if p.tag.POS in ("ADJF", "PRTF")
                and p.tag.case == "nomn"
                and (p.tag.number or "sing") == number
                and (gender is None or p.tag.gender == gender)
            ]
            if not parses:
                return None
            words.append((start, end, parses[0]))
        words.append((head_start, match.end(), head))
        return _Plan(tuple(words), number, gender, head.tag.animacy)
    return None


@lru_cache(maxsize=16384)
def inflect(term: str, case: str) -> str | None:
    """The term in `case`, or None when it cannot be inflected with confidence.

    Args:
        term: a Russian term in its base (nominative) form.
        case: one of CASES.

    Returns:
        The inflected term, capitals kept; the term itself for the nominative.
    """
    if case == "nomn":
        return term
    plan = _plan(term)
    if plan is None:
        return None
    out, pos = [], 0
    for index, (start, end, parse) in enumerate(plan.words):
        wanted = {case}
        is_head = index == len(plan.words) - 1
        if not is_head:
            wanted.add(plan.number)
            if plan.gender:
                wanted.add(plan.gender)
            if case == "accs" and plan.animacy and (plan.number == "plur" or plan.gender == "masc"):
                wanted.add(plan.animacy)
        form = parse.inflect(wanted) or (parse.inflect({case}) if not is_head else None)
        if form is None:
            return None
        out.append(term[pos:start])
        out.append(_match_case(term[start:end], form.word))
        pos = end
    out.append(term[pos:])
    return "".join(out)


def declinable(term: str) -> bool:
    """Whether the term changes with case at all (names like "КПК" or "Нэхэ" do not)."""
    return any(inflect(term, case) not in (term, None) for case in CASES[1:]) or (
        _plan(term) is None and _has_declinable_word(term)
    )


def _has_declinable_word(term: str) -> bool:
    for match in _WORD.finditer(term):
        parses = _morph().parse(match.group().lower())
        if parses and "Fixd" not in parses[0].tag and parses[0].tag.POS in ("NOUN", "ADJF"):
            return True
    return False


def case_from_suffix(term: str, suffix: str) -> str | None:
    """The case whose form of the term ends in the ending an engine glued to the placeholder."""
    suffix = suffix.lower().lstrip("-")
    plan = _plan(term)
    if plan is None or not suffix:
        return None
    head_start, head_end, _ = plan.words[-1]
    head = term[head_start:head_end].lower()
    candidates = []
    for case in ("gent", "datv", "ablt", "loct", "accs"):
        form = inflect(term, case)
        if form is None:
            continue
        word = form[head_start:].lower()
        if word.startswith(head + suffix) or word.startswith(head[:-1] + suffix):
            candidates.append(case)
    return candidates[0] if candidates else None


def _lemmas(word: str) -> set[str]:
    return {p.normal_form for p in _morph().parse(word.lower())}


def _preposition_case(words: list[str], at: int, allowed: set[str] | None) -> str | None:
    word = words[at].lower()
    if word in PREPOSITIONS:
        case = PREPOSITIONS[word]
        return case if allowed is None or case in allowed else None
    if word in AMBIGUOUS:
        usual, other = AMBIGUOUS[word]
        motion = any(_lemmas(w) & MOTION_VERBS for w in words[max(0, at - 4) : at])
        for case in (other, usual) if motion else (usual, other):
            if allowed is None or case in allowed:
                return case
    return None


def _agrees(parse: Any, plan: _Plan | None) -> bool:
    """Whether an adjective's reading can go with the term's head noun."""
    if plan is None:
        return True
    tag = parse.tag
    if (tag.number or "sing") != plan.number:
        return False
    if plan.gender and tag.gender and tag.gender != plan.gender:
        return False
    return not (tag.case == "accs" and tag.animacy and plan.animacy != tag.animacy)


def case_from_context(before: str, term: str | None = None) -> str | None:
    """The case the words before a placeholder call for, or None when they do not tell.

    Args:
        before: the translated text up to the placeholder.
        term: the term to be placed there; an adjective before it counts only in readings
            that agree with the term's head noun.

    Returns:
        One of CASES, or None.
    """
    tokens = _TOKEN.findall(before[-120:])
    if not tokens:
        return None
    last = len(tokens) - 1
    word = tokens[last]
    if not _WORD.fullmatch(word):
        return None
    lower = word.lower()
    if lower in PREPOSITIONS or lower in AMBIGUOUS:
        return _preposition_case(tokens, last, None)
    plan = _plan(term) if term else None
    parses = [
        p for p in _morph().parse(lower) if p.tag.POS in ("ADJF", "PRTF") and _agrees(p, plan)
    ]
    if not parses:
        return None
    cases: set[str] = {str(p.tag.case) for p in parses}
    if len(cases) == 1:
        return cases.pop()
    if last > 0 and _WORD.fullmatch(tokens[last - 1]):
        return _preposition_case(tokens, last - 1, cases)
    return None
