"""Shared types and helpers of the formats package."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from tmtool.errors import TmtoolError


class FormatError(TmtoolError):
    """A file cannot be read or written; the message names the file.

    Example message: ``"draft.txt is empty."``
    """


@dataclass(frozen=True)
class Document:
    """An article as read from a file.

    Attributes:
        title: The article's title when the format carries one, else ``None``.
        paragraphs: The body paragraphs, each NFC-normalised, stripped and
            non-empty; the text is otherwise unchanged.
    """

    title: str | None
    paragraphs: list[str]


@dataclass(frozen=True)
class PublishedText:
    """One language version of an article, ready to be written out.

    Attributes:
        slug: Short file-name-safe identifier of the article.
        lang: BCP-47 language tag such as ``"zh"``, ``"en"`` or ``"ru"``.
        title: The title in this language.
        paragraphs: The body paragraphs in this language.
        draft: When true, every output marks itself visibly as a draft.
    """

    slug: str
    lang: str
    title: str
    paragraphs: list[str]
    draft: bool


DRAFT_NOTICES: dict[str, str] = {
    "zh": "【草稿，不得发布】",
    "ru": "[ЧЕРНОВИК — не для публикации]",
    "en": "[DRAFT — not for publication]",
}


def draft_notice(lang: str) -> str:
    """Return the visible draft marker for a language.

    Args:
        lang: A BCP-47 language tag; only its primary subtag is used.

    Returns:
        The marker in that language, or the English one for other languages.
    """
    primary = lang.replace("_", "-").split("-")[0].lower()
    return DRAFT_NOTICES.get(primary, DRAFT_NOTICES["en"])


def is_draft_notice(text: str) -> bool:
    """Tell whether a paragraph is one of the draft markers the writers add.

    Args:
        text: A paragraph as read back from a file.

    Returns:
        True when the paragraph is exactly a draft marker.
    """
    return text.strip() in DRAFT_NOTICES.values()


# Ideographs, kana, CJK symbols and punctuation, full-width forms.
_CJK_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FDF),
    (0x3000, 0x30FF),
    (0x3100, 0x312F),
    (0x31A0, 0x31FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
    (0x20000, 0x3FFFF),
)
# Punctuation Chinese text shares with Western text.
_SHARED_PUNCTUATION = frozenset("“”‘’—…·")


def is_cjk(char: str) -> bool:
    """Tell whether a character is a CJK character or CJK punctuation mark.

    Args:
        char: A single character.

    Returns:
        True for ideographs, kana, CJK punctuation and full-width forms.
    """
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _glues(before: str, after: str) -> bool:
    """Tell whether a line break between two characters is CJK-internal."""
    cjk_before, cjk_after = is_cjk(before), is_cjk(after)
    return (
        (cjk_before or cjk_after)
        and (cjk_before or before in _SHARED_PUNCTUATION)
        and (cjk_after or after in _SHARED_PUNCTUATION)
    )


def join_lines(lines: Iterable[str]) -> str:
    """Join the lines of one paragraph into a single line.

    A break between CJK characters or CJK punctuation disappears, since
    Chinese has no spaces between words; any other break becomes one space.

    Args:
        lines: The lines of the paragraph; they are stripped and empty ones
            skipped.

    Returns:
        The paragraph as one line.
    """
    result = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if result and not _glues(result[-1], line[0]):
            result += " "
        result += line
    return result


def clean_paragraphs(paragraphs: Iterable[str]) -> list[str]:
    """NFC-normalise and strip paragraphs, dropping the empty ones.

    Args:
        paragraphs: Paragraph texts in document order.

    Returns:
        The non-empty paragraphs, normalised.
    """
    cleaned = (unicodedata.normalize("NFC", p).strip() for p in paragraphs)
    return [p for p in cleaned if p]
