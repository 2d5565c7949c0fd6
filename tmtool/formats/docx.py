"""Word documents (DOCX) of one language version, written with python-docx.

The document's language is set where Word and LibreOffice look for it: on
the default run properties of the styles, on every run, and in the core
properties.  Chinese is tagged both as the East Asian language and as the
main language, so spelling and line breaking follow Chinese rules.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import cast

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt, RGBColor
from docx.text.run import Run

from tmtool.formats.base import PublishedText, draft_notice, join_lines

#: BCP-47 tags Word expects, by tmtool's language code.
LOCALES: dict[str, str] = {"zh": "zh-CN", "en": "en-US", "ru": "ru-RU"}
# A font every Chinese Windows and macOS has; LibreOffice substitutes Noto CJK.
_EAST_ASIAN_FONT = "SimSun"
_DRAFT_RED = RGBColor(0xCC, 0x00, 0x00)


def locale(lang: str) -> str:
    """The region-qualified tag Word uses for a language (``"ru"`` -> ``"ru-RU"``)."""
    primary = lang.replace("_", "-").split("-")[0].lower()
    return LOCALES.get(primary, lang)


def _set_lang(rpr: BaseOxmlElement, tag: str) -> None:
    """Set ``w:lang`` in run properties; Chinese goes in the East Asian slot too."""
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    element = OxmlElement(
        "w:lang",
        attrs={
            qn("w:val"): tag,
            qn("w:eastAsia"): tag if tag.startswith("zh") else LOCALES["zh"],
        },
    )
    rpr.append(cast(BaseOxmlElement, element))


def _tag_run(run: Run, tag: str) -> None:
    _set_lang(run._r.get_or_add_rPr(), tag)


def draft_header(lang: str) -> str:
    """The line written in every page header of a draft."""
    notice = draft_notice(lang)
    return notice if "DRAFT" in notice else f"DRAFT {notice}"


def write(text: PublishedText) -> bytes:
    """Write one language version as a DOCX file.

    The title is a level-1 heading, each paragraph a Normal paragraph.  The
    language is set on the styles' defaults, on every run and in the core
    properties, whose title is the article's title.  A draft has a red
    notice in every page header, a marked title and the status "Draft".

    Args:
        text: The version to write.

    Returns:
        The DOCX file's bytes.
    """
    tag = locale(text.lang)
    document = docx.Document()
    styles_root = document.styles.element
    defaults = styles_root.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_lang(rpr, tag)
    normal = document.styles["Normal"]
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), _EAST_ASIAN_FONT)
    normal.font.size = Pt(11)

    title = join_lines(text.title.split("\n"))
    heading = document.add_heading(level=1)
    _tag_run(heading.add_run(title), tag)
    for paragraph in text.paragraphs:
        line = join_lines(paragraph.split("\n"))
        if line:
            _tag_run(document.add_paragraph().add_run(line), tag)

    properties = document.core_properties
    properties.title = title
    properties.language = tag
    properties.identifier = text.slug
    properties.author = "tmtool"
    properties.comments = ""
    # The template's dates are python-docx's own; the document is made now.
    properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0, tzinfo=None)
    properties.content_status = "Draft" if text.draft else "Final"
    if text.draft:
        properties.title = f"{draft_header(text.lang)} {title}"
        for section in document.sections:
            header = section.header
            header.is_linked_to_previous = False
            marker = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            marker.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = marker.add_run(draft_header(text.lang))
            run.bold = True
            run.font.size = Pt(14)
            run.font.color.rgb = _DRAFT_RED
            _tag_run(run, tag)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
