"""Parallel versions: the source and its translations side by side, one row per segment.

Three writers share one `ParallelText`:

* `write_html`: a self-contained HTML page with a table (position, then one
  column per language); each paragraph is its own ``<tbody>``, so paragraph
  breaks show as a gap and a rule, and the headline rows are set in bold.
* `write_csv`: RFC 4180 CSV (comma, CRLF, fields quoted when they hold a
  comma, quote or line break), UTF-8 *with* a byte order mark: Excel opens a
  CSV without one in the system's ANSI code page and garbles Chinese and
  Cyrillic, while LibreOffice, pandas and Python's ``utf-8-sig`` skip it.
* `write_tsv`: tab-separated values as IANA registers them: no quoting, so
  tabs and line breaks inside a text become spaces (segments are one line
  anyway), LF line ends, UTF-8 without a byte order mark, ready for
  ``cut``/``awk`` or ``csv.reader(..., delimiter="\\t", quoting=csv.QUOTE_NONE)``.

Both tables start with the header row ``position, paragraph, zh, en, ru``
(the languages the file holds, in order).  A draft has a second row holding
each language's draft notice, with position and paragraph left empty.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass

from tmtool.formats.base import draft_notice, html_page_start, join_lines

#: How each language names itself, for headers and language switchers.
LANGUAGE_NAMES: dict[str, str] = {"zh": "中文", "en": "English", "ru": "Русский"}
_TABLE_BREAKS = re.compile(r"[\t\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")

_STYLESHEET = """
:root { color-scheme: light dark; }
body { margin: 0 auto; padding: 1.5rem 1rem; max-width: 90rem; line-height: 1.6;
  font-family: "Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "Segoe UI", Arial, sans-serif; }
:lang(zh) { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", sans-serif; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; }
.titles { margin: 0 0 1rem; }
.titles p { margin: .1rem 0; font-weight: bold; }
.languages { color: #555; margin: 0 0 1rem; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
th, td { vertical-align: top; text-align: left; padding: .35rem .6rem;
  border-bottom: 1px solid #ddd; overflow-wrap: break-word; }
th { position: sticky; top: 0; background: Canvas; border-bottom: 2px solid #888; }
col.position { width: 4.5rem; }
tbody + tbody tr:first-child td { border-top: 1.5rem solid transparent; }
tbody tr:first-child td { box-shadow: inset 0 1px 0 #888; }
td.position { color: #777; white-space: nowrap; font-size: .9em; }
tbody.headline td { font-weight: bold; }
.draft { border: 3px solid #c00; background: #fee; color: #900; font-weight: bold;
  text-align: center; padding: .6rem 1rem; margin-bottom: 1.5rem; }
"""


@dataclass(frozen=True)
class ParallelRow:
    """One segment in every language of the file.

    Attributes:
        position: The segment's 1-based position in the article.
        paragraph: Its paragraph number; 0 is the headline.
        texts: The text in each language, by language code.
    """

    position: int
    paragraph: int
    texts: dict[str, str]


@dataclass(frozen=True)
class ParallelText:
    """An article in several languages, segment by segment.

    Attributes:
        slug: Short file-name-safe identifier of the article.
        langs: The languages held, source first, in column order.
        titles: The title in each language.
        rows: The segments in article order.
        draft: When true, the file marks itself visibly as a draft.
    """

    slug: str
    langs: tuple[str, ...]
    titles: dict[str, str]
    rows: list[ParallelRow]
    draft: bool


def language_name(lang: str) -> str:
    """A language's own name (``"ru"`` -> ``"Русский"``), else its code."""
    return LANGUAGE_NAMES.get(lang.split("-")[0].lower(), lang)


def _cell(text: str) -> str:
    """One table cell: a single line, since TSV has no quoting."""
    return _TABLE_BREAKS.sub(" ", text).strip()


def _table(text: ParallelText) -> list[list[str]]:
    rows = [["position", "paragraph", *text.langs]]
    if text.draft:
        rows.append(["", "", *(draft_notice(lang) for lang in text.langs)])
    rows.extend(
        [str(row.position), str(row.paragraph), *(row.texts.get(lang, "") for lang in text.langs)]
        for row in text.rows
    )
    return rows


def write_csv(text: ParallelText) -> bytes:
    """Write the parallel version as CSV (RFC 4180, UTF-8 with a byte order mark).

    Args:
        text: The parallel version.

    Returns:
        The file's bytes.
    """
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
    writer.writerows(_table(text))
    return out.getvalue().encode("utf-8-sig")


def write_tsv(text: ParallelText) -> bytes:
    """Write the parallel version as TSV (no quoting, UTF-8 without a byte order mark).

    Args:
        text: The parallel version.

    Returns:
        The file's bytes.
    """
    lines = ["\t".join(_cell(cell) for cell in row) for row in _table(text)]
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_html(text: ParallelText) -> bytes:
    """Write the parallel version as a self-contained HTML page.

    Args:
        text: The parallel version.

    Returns:
        The page, UTF-8 encoded; every text is escaped and marked with its language.
    """
    esc = html.escape
    source = text.langs[0] if text.langs else "zh"
    names = " | ".join(language_name(lang) for lang in text.langs)
    head_title = join_lines(text.titles.get(source, text.slug).split("\n"))
    if text.draft:
        head_title = f"{draft_notice(source)} {head_title}"
    lines = html_page_start(
        source, head_title, draft=text.draft, head=[f"<style>{_STYLESHEET}</style>"]
    )
    if text.draft:
        notices = " · ".join(
            f'<span lang="{esc(lang)}">{esc(draft_notice(lang))}</span>' for lang in text.langs
        )
        lines.append(f'<div class="draft" role="note">{notices}</div>')
    lines.append('<header class="titles">')
    for index, lang in enumerate(text.langs):
        title = esc(join_lines(text.titles.get(lang, "").split("\n")))
        tag = "h1" if index == 0 else "p"
        lines.append(f'<{tag} lang="{esc(lang)}">{title}</{tag}>')
    lines.append(f'<p class="languages">{esc(names)}</p>')
    lines += ["</header>", "<table>", '<colgroup><col class="position">']
    lines += [f'<col lang="{esc(lang)}">' for lang in text.langs]
    lines.append("</colgroup>")
    header = "".join(
        f'<th lang="{esc(lang)}">{esc(language_name(lang))}</th>' for lang in text.langs
    )
    lines.append(f'<thead><tr><th scope="col">#</th>{header}</tr></thead>')
    paragraph: int | None = None
    for row in text.rows:
        if row.paragraph != paragraph:
            if paragraph is not None:
                lines.append("</tbody>")
            css = ' class="headline"' if row.paragraph == 0 else ""
            lines.append(f'<tbody{css} data-paragraph="{row.paragraph}">')
            paragraph = row.paragraph
        cells = "".join(
            f'<td lang="{esc(lang)}">{esc(row.texts.get(lang, ""))}</td>' for lang in text.langs
        )
        label = f"{row.position} ¶{row.paragraph}" if row.paragraph else f"{row.position}"
        lines.append(f'<tr id="s{row.position}"><td class="position">{label}</td>{cells}</tr>')
    if paragraph is not None:
        lines.append("</tbody>")
    lines += ["</table>", "</body>", "</html>", ""]
    return "\n".join(lines).encode("utf-8")
