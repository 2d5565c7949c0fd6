"""Evidence that a glossary term is rendered in a short or variant form.

The glossary check says whether an approved term occurs in the target.  News copy
legitimately shortens official names after the context makes them clear: "the
Municipal Education Bureau" for "Qiqihar Municipal Education Bureau", "the Zhalong
reserve" for "Zhalong National Nature Reserve", «цицикарский участок» (an adjective of
Цицикар), "Longjiang County" for a 龙江 that is not the province, "He" for a person
named in the previous sentence.  Such a target is not *missing* the term; it renders it
differently, which a reviewer may want to see (a warning), but which must not block
publishing.  A target with no trace of the term at all is still an error.

:func:`short_form` says which kind of trace a target holds, if any; :func:`transliterations`
reads Chinese as pinyin and Palladius (every reading of heteronyms such as 卜 bu/bo).
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from pypinyin import Style, pinyin

from tmtool.names import EXONYMS, to_palladius

__all__ = [
    "approved_form",
    "exonym_of_source",
    "is_name_concept",
    "short_form",
    "transliterations",
]

_WORD = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+(?:['’][A-Za-z]+)?")
_STOP = frozenset(
    {
        "of",
        "and",
        "the",
        "for",
        "a",
        "an",
        "in",
        "on",
        "to",
        "at",
        "by",
        "with",
        "и",
        "по",
        "в",
        "на",
        "за",
        "с",
        "для",
        "о",
        "об",
        "при",
        "из",
        "к",
    }
)
_PRONOUNS = {
    "en": frozenset(
        {
            "he",
            "she",
            "him",
            "his",
            "her",
            "they",
            "them",
            "their",
        }
    ),
    "ru": frozenset(
        {
            "он",
            "она",
            "его",
            "её",
            "ее",
            "ему",
            "ей",
            "него",
            "неё",
            "нее",
            "ним",
            "ней",
            "нему",
            "они",
            "их",
            "им",
            "ими",
        }
    ),
}
# Administrative and geographic generics that a short form drops (嫩江市 read as 嫩江).
_ZH_GENERICS = "市县区镇乡村省江河湖山路街"
_MAX_READINGS = 16


@lru_cache(maxsize=4096)
def transliterations(hanzi: str, lang: str) -> frozenset[str]:
    """Every pinyin (``en``) or Palladius (``ru``) reading of a Chinese text, lower case.

    Args:
        hanzi: Chinese characters.
        lang: ``"en"`` for pinyin, ``"ru"`` for Palladius; other languages get pinyin.

    Returns:
        The readings written as one word without apostrophes (``bukui``, ``букуй``);
        empty for text that is not Chinese.
    """
    readings = pinyin(hanzi, style=Style.NORMAL, heteronym=True, errors="ignore")
    readings = [r for r in readings if r and all(s.isascii() and s.isalpha() for s in r)]
    if not readings:
        return frozenset()
    found: set[str] = set()
    for combo in itertools.islice(itertools.product(*readings), _MAX_READINGS):
        if lang == "ru":
            try:
                found.add(to_palladius(combo))
            except ValueError:
                continue
        else:
            found.add("".join(combo).replace("ü", "u").replace("v", "u"))
    return frozenset(found)


def _fold(word: str) -> str:
    return word.lower().replace("ё", "е").replace("'", "").replace("’", "")


def _words(text: str) -> list[str]:
    return [m.group() for m in _WORD.finditer(text)]


def _keys(word: str, lang: str) -> frozenset[str]:
    # The glossary's own morphology (stems, Russian lemmas), loaded only when a term check
    # runs, that is when a glossary is in use: importing tmtool.qa stays light.
    from tmtool.glossary.morphology import keys_function

    keys_of = keys_function(lang)
    keys = set(keys_of(word)) if keys_of is not None else set()
    keys.add(_fold(word))
    return frozenset(_fold(k) for k in keys)


def _same_word(a: frozenset[str], b: frozenset[str]) -> bool:
    """Same lemma or stem, or one a prefix of the other (Цицикар / цицикарский)."""
    if a & b:
        return True
    return any(
        min(len(x), len(y)) >= 4 and (x.startswith(y) or y.startswith(x)) for x in a for y in b
    )


def _is_name_token(word: str, readings: frozenset[str]) -> bool:
    """A word that carries the name: an acronym, or one whose start transliterates the source."""
    if len(word) >= 2 and word.isupper():
        return True
    head = _fold(word).replace("ъ", "")[:4]
    return len(head) == 4 and any(head in reading.replace("ъ", "") for reading in readings)


def short_form(
    source_term: str,
    approved: list[str],
    target: str,
    lang: str,
    *,
    person: bool = False,
    neighbours: tuple[str, ...] = (),
) -> str | None:
    """How the target renders a term whose approved form it lacks, if it renders it at all.

    Args:
        source_term: The term as found in the source (``市教育局``).
        approved: Its approved renderings in the target language.
        target: The translation.
        lang: The target's primary language.
        person: The term names a person (a pronoun may stand for it).
        neighbours: Neighbouring source segments (a pronoun needs the name nearby).

    Returns:
        ``"abbreviation"`` when the target leaves out only words the context implies —
        the home city, the Party, honorifics ("the Zhalong reserve", "the Municipal
        Education Bureau": an accepted short form); ``"short form"`` when it drops a generic
        ("Longsha" for "Longsha District") or has the words that carry the name or most
        words; ``"transliteration"`` or ``"pronoun"``; or ``None`` when the target holds
        no trace of the term.
    """
    nearby = any(source_term in n for n in neighbours)
    target_words = _words(target)
    target_keys = [_keys(w, lang) for w in target_words]
    readings = transliterations(source_term, lang)
    for term in approved:
        words = [w for w in _words(term) if _fold(w) not in _STOP]
        if not words:
            continue
        present = _present_together(
            [_keys(w, lang) for w in words],
            target_keys,
            [_needs_capital(w, lang, len(words)) for w in words],
            [w[:1].isupper() for w in target_words],
            ordered=lang == "en",
        )
        kinds = [
            "present" if ok else _droppable(w, lang, readings)
            for w, ok in zip(words, present, strict=True)
        ]
        # What is left must carry the name, or be more than one word: a lone common word
        # («журавлей» of «Город журавлей») is no rendering of the term.
        kept = [w for w, ok in zip(words, present, strict=True) if ok]
        named = len(kept) >= 2 or any(_is_name_token(w, readings) for w in kept)
        if named and all(k in ("present", "implied") for k in kinds):
            return "abbreviation"  # only the implied city or honorific words are left out
        if named and all(k in ("present", "implied", "generic") for k in kinds):
            return "short form"  # a place without its generic: "Longsha" for "Longsha District"
        names = [ok for w, ok in zip(words, present, strict=True) if _is_name_token(w, readings)]
        if names and all(names):
            return "short form"  # every word that carries the name is there
        matched = sum(present) * 2
        if matched > len(words) or (matched == len(words) and (len(words) >= 4 or nearby)):
            # most words, or half of a long name ("the Municipal Government"), or half of
            # one named in a neighbouring segment ("the district" after 铁锋区)
            return "short form"
    trimmed = source_term.rstrip(_ZH_GENERICS) or source_term
    spelled = {r for text in {source_term, trimmed} for r in transliterations(text, lang)}
    spelled = {r for r in spelled if len(r) >= 4}
    folded = [_fold(w) for w in target_words]
    if any(w.startswith(r) for w in folded for r in spelled):
        return "transliteration"
    pronouns = _PRONOUNS.get(lang, frozenset())
    if person and nearby and any(w in pronouns for w in folded):
        return "pronoun"
    return None


_GENERIC = {
    "en": frozenset(
        {
            "river",
            "province",
            "county",
            "district",
            "city",
            "town",
            "township",
            "village",
        }
    ),
    "ru": frozenset(
        {
            "река",
            "провинция",
            "уезд",
            "район",
            "город",
            "поселок",
            "волость",
            "деревня",
        }
    ),
}
_IMPLIED = {
    "en": frozenset(
        {
            "national",
            "nature",
            "people's",
            "peoples",
            "railway",
            "group",
            "company",
            "co",
            "ltd",
            "limited",
        }
    ),
    "ru": frozenset(
        {
            "национальный",
            "природный",
            "народный",
            "железнодорожный",
        }
    ),
}
_PARTY = frozenset({"CPC", "КПК", "PRC", "КНР"})


@lru_cache(maxsize=1)
def _places() -> dict[str, frozenset[str]]:
    """Folded established renderings of places (Qiqihar, Цицикар), per language."""
    return {
        "en": frozenset(_fold(en) for en, _ in EXONYMS.values() if " " not in en),
        "ru": frozenset(_fold(ru) for _, ru in EXONYMS.values() if " " not in ru),
    }


def _droppable(word: str, lang: str, readings: frozenset[str]) -> str:
    """What kind of word a short form may leave out, or ``""``.

    ``"implied"``: the Party, honorifics (People's, National), a place the context implies
    (Qiqihar in "the Municipal Education Bureau"); ``"generic"``: an administrative or
    geographic generic (District, River, уезд).
    """
    if word in _PARTY:
        return "implied"
    keys = _keys(word, lang)
    if keys & _IMPLIED.get(lang, frozenset()):
        return "implied"
    if keys & _GENERIC.get(lang, frozenset()):
        return "generic"
    if _is_name_token(word, readings):
        return ""  # the term's own name: never implied
    folded = _fold(word)
    implied = any(
        len(place) >= 5 and (folded.startswith(place) or place.startswith(folded[:-2] or folded))
        for place in _places().get(lang, frozenset())
    )
    return "implied" if implied else ""


def _needs_capital(word: str, lang: str, words: int) -> bool:
    """A short English name's own words count only capitalised ("Crane", not "cranes")."""
    if lang != "en" or words > 2 or not word[:1].isupper():
        return False
    return not _keys(word, lang) & (_GENERIC["en"] | _IMPLIED["en"])


def _present_together(
    words: list[frozenset[str]],
    target: list[frozenset[str]],
    proper: list[bool],
    capitalised: list[bool],
    *,
    ordered: bool,
) -> list[bool]:
    """Which words of a term the target has close together, as one rendering would.

    The words found in the best window of the target count; the same words scattered
    over a sentence ("the city … red-crowned cranes" for "Crane City") do not, and an
    English word capitalised in the term counts only capitalised ("cranes" is not "Crane").
    """
    hits = [
        [i for i, k in enumerate(target) if _same_word(w, k) and (capitalised[i] or not cap)]
        for w, cap in zip(words, proper, strict=True)
    ]
    width = len(words) - 1 + max(1, len(words) // 2)
    best: list[bool] = [False] * len(words)
    for anchor in sorted({i for found in hits for i in found}):
        inside, last = [], anchor - 1
        for found in hits:
            # English keeps the term's order ("Crane City" is not "City of Cranes"); Russian
            # inverts freely («городское правительство» for «правительство города»).
            floor = last if ordered else anchor - 1
            at = next((i for i in found if floor < i <= anchor + width), None)
            inside.append(at is not None)
            last = at if at is not None else last
        if sum(inside) > sum(best):
            best = inside
    return best


def is_name_concept(terms: list[tuple[str, str]]) -> bool:
    """Whether a concept is a proper name: its English (else any Latin or Cyrillic) term
    is capitalised beyond the first letter.

    Args:
        terms: ``(primary language, text)`` of the concept's terms.

    Returns:
        True for "Crane City", "Heilongjiang Province", "уезд Кэдун"; False for
        "community", "towns and townships", "кадровый работник".
    """
    english = [text for lang, text in terms if lang == "en"]
    pool = english or [text for lang, text in terms if lang not in ("zh", "ja", "ko")]
    return any(any(ch.isupper() for ch in text[1:]) or text[:1].isupper() for text in pool)


def exonym_of_source(term: str, source: str) -> str | None:
    """The place of the source whose established rendering is this (deprecated) term.

    ``Маньчжурия`` is deprecated for 东北 but is the Russian name of the city 满洲里.

    Args:
        term: A deprecated term used in the target.
        source: The source text.

    Returns:
        The Chinese place name, or ``None``.
    """
    folded = _fold(term)
    for hanzi, renderings in EXONYMS.items():
        if hanzi in source and any(_fold(r) == folded for r in renderings):
            return hanzi
    return None


def approved_form(occurrence: str, approved: list[str], lang: str) -> str:
    """Which approved term an occurrence in a target is, inflection aside.

    Args:
        occurrence: The target text the glossary matched (``Цицикаром``).
        approved: The concept's approved terms in the target language.
        lang: The target's primary language.

    Returns:
        The approved term whose words match the occurrence's word for word, else the
        occurrence itself.
    """
    words = [_keys(w, lang) for w in _words(occurrence)]
    for term in approved:
        term_words = [_keys(w, lang) for w in _words(term)]
        if len(term_words) == len(words) and all(
            _same_word(a, b) for a, b in zip(term_words, words, strict=True)
        ):
            return term
    return occurrence
