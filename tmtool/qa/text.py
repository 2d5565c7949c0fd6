"""Checks on the shape of the target text: Chinese left over, punctuation, quotes, spaces.

These checks look at the target (and the source where it decides what is
expected); they know that English and Russian quote differently and that a
source which itself opens a bracket it does not close excuses the same in
its translation.
"""

from __future__ import annotations

import re

from tmtool.qa.base import Check, Issue, Severity, Unit, primary, register

__all__ = [
    "BracketsUnbalanced",
    "DoubleSpace",
    "DoubledWord",
    "EmptyTarget",
    "LeadingTrailingSpace",
    "PunctuationFinal",
    "QuotesStyle",
    "UntranslatedChinese",
]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
_ZH_PUNCT = "，。、；：《》（）！？【】「」『』〈〉〔〕"
_UNTRANSLATED = re.compile(f"[{_CJK}{_ZH_PUNCT}]+(?:[\\s·]*[{_CJK}{_ZH_PUNCT}]+)*")


@register
class UntranslatedChinese(Check):
    """Chinese characters or Chinese punctuation left in an English or Russian target."""

    check_id = "untranslated_chinese"
    name = "Untranslated Chinese"
    description = (
        "Chinese characters or Chinese punctuation (，。、；：《》（）…) are left in a translation "
        "into a language that does not use them."
    )
    severity = Severity.ERROR

    def run(self, unit: Unit) -> list[Issue]:
        """Report each run of Chinese characters or punctuation in the target."""
        if primary(unit.target_lang) in ("zh", "ja", "ko"):
            return []
        issues = []
        for m in _UNTRANSLATED.finditer(unit.target):
            what = "punctuation" if not re.search(f"[{_CJK}]", m.group()) else "text"
            issues.append(
                self.issue(
                    m.start(), m.end(), f"Chinese {what} “{m.group()}” is left in the target."
                )
            )
        return issues


@register
class EmptyTarget(Check):
    """The source has text but the translation is empty."""

    check_id = "empty_target"
    name = "Empty translation"
    description = "The source has text but the translation is empty or only white space."
    severity = Severity.WARNING

    def run(self, unit: Unit) -> list[Issue]:
        """Report an empty target of a non-empty source."""
        if unit.source.strip() and not unit.target.strip():
            return [self.issue(0, len(unit.target), "The translation is empty.")]
        return []


_CLOSERS = "\"'”’»)]）】」』》〉›"
_SOURCE_FINAL = "。！？!?.…"
_TARGET_FINAL = ".!?…"
_SOFT = ";；:：,，、"
_ABBREVIATION_END = re.compile(
    r"(?:\b(?:a\.m|p\.m|etc|et al|Co|Ltd|Inc|Jr|Sr|No|vs|г|гг|т\. д|т\. п|др|пр|н\. э|руб|млн"
    r"|млрд|тыс|ул|д|с)\.)$"
)


def _final(text: str) -> tuple[str, int]:
    """The last character before trailing closing quotes and brackets, and its offset."""
    stripped = text.rstrip()
    i = len(stripped) - 1
    while i >= 0 and stripped[i] in _CLOSERS:
        i -= 1
    return (stripped[i], i) if i >= 0 else ("", -1)


@register
class PunctuationFinal(Check):
    """Source and target agree on ending with sentence punctuation."""

    check_id = "punctuation_final"
    name = "Final punctuation"
    description = (
        "The source ends a sentence with 。！？ but the translation lacks . ! ?, or the other "
        "way round; closing quotes and brackets are looked through."
    )
    severity = Severity.WARNING

    def run(self, unit: Unit) -> list[Issue]:
        """Compare the final punctuation of source and target."""
        if not unit.target.strip() or not unit.source.strip():
            return []
        source_char, _ = _final(unit.source)
        target_char, where = _final(unit.target)
        if source_char in _SOFT or target_char in _SOFT:
            return []
        source_final = source_char in _SOURCE_FINAL
        target_final = target_char in _TARGET_FINAL
        if source_final and not target_final:
            end = len(unit.target.rstrip())
            return [
                self.issue(
                    max(0, end - 1),
                    end,
                    f"The source ends with “{source_char}”; the target has no . ! or ?.",
                )
            ]
        if target_final and not source_final:
            if _ABBREVIATION_END.search(unit.target.rstrip().rstrip(_CLOSERS)):
                return []
            return [
                self.issue(
                    where,
                    where + 1,
                    f"The target ends with “{target_char}”; the source has no final punctuation.",
                )
            ]
        return []


_EN_FOREIGN = re.compile(r"[«»„]")


@register
class QuotesStyle(Check):
    """Quotation marks follow the target language's style."""

    check_id = "quotes_style"
    name = "Quotation marks"
    description = (
        'English uses “…” or "…" consistently, never both in one text; Russian uses «ёлочки» '
        "(with „…“ inside), never straight or English curly quotes."
    )
    severity = Severity.WARNING

    def run(self, unit: Unit) -> list[Issue]:
        """Report quotation marks of the wrong style."""
        lang = primary(unit.target_lang)
        text = unit.target
        if lang == "ru":
            return self._russian(text)
        if lang != "en":
            return []
        issues = [
            self.issue(m.start(), m.end(), f"“{m.group()}” is not an English quotation mark.")
            for m in _EN_FOREIGN.finditer(text)
        ]
        if '"' in text and ("“" in text or "”" in text):
            first = text.index('"')
            issues.append(
                self.issue(
                    first, first + 1, 'The target mixes straight " and curly “” quotation marks.'
                )
            )
        return issues

    def _russian(self, text: str) -> list[Issue]:
        """Straight and English quotations in Russian, one issue per quotation."""
        issues = []
        inner_open = False
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "„":
                inner_open = True
            elif ch == "“" and inner_open:
                inner_open = False  # „…“ is the Russian inner quotation
            elif ch in '"“”':
                closer = '"' if ch == '"' else "”"
                end = text.find(closer, i + 1) if ch != "”" else -1
                stop = end + 1 if end != -1 and "\n" not in text[i:end] else i + 1
                kind = "straight quotes" if ch == '"' else "English curly quotes"
                issues.append(self.issue(i, stop, f"Russian quotes with «ёлочки», not {kind}."))
                i = stop
                continue
            i += 1
        return issues


_PAIRS = {")": "(", "]": "[", "}": "{", "）": "（", "】": "【"}
_ENUMERATOR = re.compile(r"(?:^|[\s(;,:])(?:\d{1,2}|[a-zA-Zа-яА-Я])\)")


def _unbalanced(text: str) -> list[tuple[int, str]]:
    """Offsets and characters of brackets without a partner."""
    skip = {m.end() - 1 for m in _ENUMERATOR.finditer(text)}
    skip |= {m.start() + 1 for m in re.finditer(r"[:;]-?\)", text)}
    stack: list[tuple[int, str]] = []
    lonely: list[tuple[int, str]] = []
    for i, ch in enumerate(text):
        if ch in _PAIRS.values():
            stack.append((i, ch))
        elif ch in _PAIRS:
            if stack and stack[-1][1] == _PAIRS[ch]:
                stack.pop()
            elif i not in skip:  # "1)" and ":)" need no partner
                lonely.append((i, ch))
    return sorted(lonely + stack)


def _balance(text: str) -> tuple[int, int]:
    """How many round/square brackets are left open (positive) or closed too often (negative)."""
    width = text.translate(str.maketrans("（）【】［］", "()[][]"))
    return width.count("(") - width.count(")"), width.count("[") - width.count("]")


@register
class BracketsUnbalanced(Check):
    """Every bracket in the target has its partner."""

    check_id = "brackets_unbalanced"
    name = "Unbalanced brackets"
    description = (
        "A bracket in the translation has no partner, unless the source is unbalanced the same way "
        "(a segment ending inside a parenthesis)."
    )
    severity = Severity.WARNING

    def run(self, unit: Unit) -> list[Issue]:
        """Report brackets without a partner."""
        lonely = _unbalanced(unit.target)
        if not lonely or _balance(unit.target) == _balance(unit.source) != (0, 0):
            return []
        return [self.issue(i, i + 1, f"The bracket “{ch}” has no partner.") for i, ch in lonely]


_DOUBLED = re.compile(r"(?<![\w-])([^\W\d_]+)\s+(\1)(?![\w-])", re.IGNORECASE)
_LEGIT_DOUBLES = {"had", "that", "bye", "so", "no", "very", "ha", "la", "туда-сюда"}


@register
class DoubledWord(Check):
    """The same word twice in a row: ``the the``, ``в в``."""

    check_id = "doubled_word"
    name = "Doubled word"
    description = "The same word is written twice in a row (“the the”, “в в”)."
    severity = Severity.WARNING

    def run(self, unit: Unit) -> list[Issue]:
        """Report each doubled word."""
        issues = []
        for m in _DOUBLED.finditer(unit.target):
            word = m.group(1).lower()
            if word in _LEGIT_DOUBLES or re.search(rf"\b{re.escape(m.group())}\b", unit.source):
                continue
            issues.append(self.issue(m.start(), m.end(), f"“{m.group(1)}” is written twice."))
        return issues


@register
class DoubleSpace(Check):
    """Two or more spaces in a row inside the target."""

    check_id = "double_space"
    name = "Double space"
    description = "The translation has two or more spaces in a row between words."
    severity = Severity.WARNING

    def run(self, unit: Unit) -> list[Issue]:
        """Report each run of spaces inside the text."""
        text = unit.target
        return [
            self.issue(m.start(), m.end(), "Two or more spaces in a row.")
            for m in re.finditer(r"(?<=\S) {2,}(?=\S)", text)
        ]


_EDGE = " \t\n\r\u3000\u00a0"


@register
class LeadingTrailingSpace(Check):
    """White space at the start or end of the target that the source does not have."""

    check_id = "leading_trailing_space"
    name = "Leading or trailing space"
    description = "The translation starts or ends with white space where the source does not."
    severity = Severity.WARNING

    def run(self, unit: Unit) -> list[Issue]:
        """Report white space at the edges of the target."""
        text = unit.target
        if not text.strip():
            return []
        issues = []
        lead = len(text) - len(text.lstrip(_EDGE))
        if lead and not unit.source[:1].isspace():
            issues.append(self.issue(0, lead, "The translation starts with white space."))
        trail = len(text) - len(text.rstrip(_EDGE))
        if trail and not unit.source[-1:].isspace():
            issues.append(
                self.issue(len(text) - trail, len(text), "The translation ends with white space.")
            )
        return issues
