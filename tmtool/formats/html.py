"""HTML articles: extracting the article from a web page, writing versions.

Whole web pages go through trafilatura, which finds the article body among
menus, sidebars and footers; fragments are read element by element with lxml.
Pages written by `write` are recognised by their generator tag and read back
exactly.
"""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Iterator

import lxml.etree
import lxml.html

from tmtool.formats.base import (
    Document,
    FormatError,
    PublishedText,
    clean_paragraphs,
    draft_notice,
    html_page_start,
    join_lines,
)
from tmtool.formats.encoding import decode, decode_declared

_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
# WHATWG encoding labels that Python spells differently or too narrowly.
_CHARSET_ALIASES = {
    **dict.fromkeys(("gb2312", "gbk", "x-gbk", "csgb2312", "chinese"), "gb18030"),
    **dict.fromkeys(("big5", "x-x-big5", "cn-big5"), "big5hkscs"),
    **dict.fromkeys(("us-ascii", "ascii", "iso-8859-1", "latin1"), "cp1252"),
}
_XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>")
_WHOLE_PAGE = re.compile(r"<(?:html|body)[\s>]", re.I)
_TITLE_SEPARATOR = re.compile(r"\s*(?:--|——|_|\||｜|\s[-–—]\s)\s*")
_SPACES = re.compile(r"[ \t\f\v\r]+")

# Page furniture removed before reading a fragment element by element.
_FURNITURE = (
    "script", "style", "nav", "header", "footer", "aside", "noscript",
    "template", "button", "select", "svg", "iframe", "object",
)  # fmt: skip
_PRUNE_XPATH = ["//nav", "//aside", "//footer", "//header[not(ancestor::article)]"]
_FRAGMENT_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li")
# Block elements of HTML and of trafilatura's XML output ("head", "item"...).
_BLOCK_TAGS = frozenset(
    {*_FRAGMENT_BLOCKS, "div", "section", "article", "main", "blockquote", "pre",
     "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "figure",
     "figcaption", "address", "head", "list", "item", "quote", "row", "cell",
     "code"}
)  # fmt: skip
_BREAK_TAGS = frozenset({"br", "lb", "hr"})

_STYLESHEET = """
:root { color-scheme: light dark; }
body { max-width: 42rem; margin: 0 auto; padding: 1.5rem 1rem; line-height: 1.8;
  font-family: "Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC",
  "PingFang SC", "Microsoft YaHei", "Segoe UI", Arial, sans-serif; }
:lang(zh) body, body:lang(zh) { font-family: "Noto Sans CJK SC",
  "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans", sans-serif; }
h1 { font-size: 1.6rem; line-height: 1.4; margin: 0 0 1.2rem; }
p { margin: 0 0 1rem; overflow-wrap: break-word; }
.draft { border: 3px solid #c00; background: #fee; color: #900; font-weight: bold;
  text-align: center; padding: .6rem 1rem; margin-bottom: 1.5rem; }
"""


def read(data: bytes, *, name: str) -> Document:
    """Read an article from an HTML page or fragment.

    The bytes are decoded with the page's ``<meta charset>`` when they decode
    cleanly with it, else as any text file.  A whole page has its article
    body extracted by trafilatura, leaving out navigation, sidebars, footers
    and comments; when that finds nothing, and for fragments, the text of
    ``<p>``, ``<h1>``-``<h6>`` and ``<li>`` elements is taken in document
    order.  Line breaks (``<br>``) separate paragraphs.

    Args:
        data: The raw bytes of the file.
        name: The file name used in error messages.

    Returns:
        The document, with the title from the page metadata, ``og:title``,
        the first ``<h1>`` or ``<title>``, in that order.

    Raises:
        FormatError: The file cannot be decoded or has no article text.
    """
    text = _decode(data, name)
    root = _parse(text)
    if root is None:
        raise FormatError(f"{name} has no article text.")
    own = _read_own_page(root)
    if own is not None:
        title, paragraphs = own
    else:
        extracted = _extract_article(root) if _WHOLE_PAGE.search(text) else None
        title, paragraphs = extracted or _extract_fragment(root)
    paragraphs = clean_paragraphs(paragraphs)
    clean_title = clean_paragraphs([title or ""])
    if clean_title and paragraphs and paragraphs[0] == clean_title[0]:
        paragraphs.pop(0)
    if not paragraphs:
        raise FormatError(f"{name} has no article text.")
    return Document(title=clean_title[0] if clean_title else None, paragraphs=paragraphs)


def _decode(data: bytes, name: str) -> str:
    """Decode a page, honouring its ``<meta charset>`` when the bytes fit."""
    match = _META_CHARSET.search(data[:4096])
    if match is not None:
        label = match.group(1).decode("ascii").lower()
        try:
            encoding = codecs.lookup(_CHARSET_ALIASES.get(label, label)).name
        except LookupError:
            encoding = None
        if encoding is not None and not encoding.startswith(("utf-16", "utf-32")):
            text = decode_declared(data, encoding, name=name)
            if text is not None:
                return text
    return decode(data, name=name)


def _parse(text: str) -> lxml.html.HtmlElement | None:
    """Parse HTML safely: no network access, no external entities."""
    parser = lxml.html.HTMLParser(
        no_network=True, remove_comments=True, remove_pis=True, huge_tree=False
    )
    try:
        return lxml.html.document_fromstring(_XML_DECLARATION.sub("", text), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None


def _read_own_page(root: lxml.html.HtmlElement) -> tuple[str | None, list[str]] | None:
    """Read back a page written by `write`, or return None for other pages."""
    if "tmtool" not in root.xpath("//meta[@name='generator']/@content"):
        return None
    articles = root.xpath("//article")
    if not articles:
        return None
    headings = articles[0].xpath(".//h1")
    title = " ".join(_texts(headings[0])) if headings else None
    paragraphs = [text for p in articles[0].xpath(".//p") for text in _texts(p)]
    return title, paragraphs


def _extract_article(root: lxml.html.HtmlElement) -> tuple[str | None, list[str]] | None:
    """Extract the main article of a whole page with trafilatura."""
    import trafilatura  # imported late: it is slow to load
    from trafilatura.settings import Document as Extracted

    for precise in (True, False):
        result = trafilatura.bare_extraction(
            root,
            with_metadata=True,
            include_comments=False,
            include_images=False,
            include_links=False,
            favor_precision=precise,
            # Dates are not needed; htmldate's extensive search takes seconds.
            date_extraction_params={"extensive_search": False},
            # Trafilatura's fallbacks return menus when a page has nothing else.
            prune_xpath=_PRUNE_XPATH,
        )
        if isinstance(result, Extracted) and result.body is not None:
            paragraphs = _texts(result.body)
            if paragraphs:
                return _page_title(root, result.title), paragraphs
    return None


def _extract_fragment(root: lxml.html.HtmlElement) -> tuple[str | None, list[str]]:
    """Read paragraphs, headings and list items in document order."""
    for element in list(root.iter(*_FURNITURE)):
        element.drop_tree()
    paragraphs = [text for el in root.iter(*_FRAGMENT_BLOCKS) for text in _texts(el, True)]
    title = _page_title(root, None)
    return title, paragraphs


def _page_title(root: lxml.html.HtmlElement, extracted: str | None) -> str | None:
    """Choose the title: extracted metadata, og:title, first <h1>, <title>."""
    candidates = [
        extracted,
        *root.xpath("//meta[@property='og:title']/@content"),
        *(" ".join(_texts(h1)) for h1 in root.xpath("//h1")[:1]),
    ]
    for candidate in candidates:
        if candidate and candidate.strip():
            break
    else:
        candidate = None
    page_titles = root.xpath("//title")
    page_title = " ".join(_texts(page_titles[0])) if page_titles else ""
    if candidate is None or _SPACES.sub(" ", candidate).strip() == page_title:
        return _strip_site_name(page_title, root) or candidate
    return str(candidate)


def _strip_site_name(title: str, root: lxml.html.HtmlElement) -> str:
    """Drop a site name from a <title> ("News_Local_City Government").

    The first part before a separator is kept when the page body repeats it,
    which confirms it is the article's own title.
    """
    first = _TITLE_SEPARATOR.split(title)[0]
    if first == title or len(first) < 4:
        return title
    bodies = root.xpath("//body")
    body_text = _SPACES.sub(" ", bodies[0].text_content()) if bodies else ""
    return first if first in body_text else title


def _texts(element: lxml.etree._Element, skip_blocks: bool = False) -> list[str]:
    """Return the paragraphs inside an element; <br> and blocks separate them.

    Args:
        element: An HTML element or an element of trafilatura's output.
        skip_blocks: Leave out nested ``p``/``h1``-``h6``/``li`` elements,
            whose text the caller reads separately.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    for piece in _pieces(element, skip_blocks):
        if piece is None:
            paragraphs.append(_one_line("".join(current)))
            current = []
        else:
            current.append(piece)
    paragraphs.append(_one_line("".join(current)))
    return [p for p in paragraphs if p]


def _pieces(element: lxml.etree._Element, skip_blocks: bool) -> Iterator[str | None]:
    """Yield the text of an element, with None at paragraph boundaries."""
    if element.text and isinstance(element.tag, str):
        yield element.text
    for child in element:
        if not isinstance(child.tag, str):  # comment or processing instruction
            pass
        elif child.tag in _BREAK_TAGS or (skip_blocks and child.tag in _FRAGMENT_BLOCKS):
            yield None
        elif child.tag in _BLOCK_TAGS:
            yield None
            yield from _pieces(child, skip_blocks)
            yield None
        else:
            yield from _pieces(child, skip_blocks)
        if child.tail:
            yield child.tail


def _one_line(text: str) -> str:
    """Collapse HTML white space; source line breaks follow the CJK joining rule."""
    return _SPACES.sub(" ", join_lines(text.split("\n"))).strip()


def write(text: PublishedText) -> bytes:
    """Write one language version as a complete HTML5 page.

    The page declares its language and UTF-8, has a viewport and generator
    tag, a small stylesheet readable for CJK and Cyrillic text, and an
    ``<article>`` with an ``<h1>`` and one ``<p>`` per paragraph.  A draft
    gets a visible banner (class ``draft``), a marked ``<title>`` and a
    ``noindex`` robots tag.  All text is escaped.

    Args:
        text: The version to write.

    Returns:
        The page, UTF-8 encoded.
    """
    esc = html.escape
    title = join_lines(text.title.split("\n"))
    notice = draft_notice(text.lang)
    head_title = f"{notice} {title}" if text.draft else title
    lines = html_page_start(
        text.lang, head_title, draft=text.draft, head=[f"<style>{_STYLESHEET}</style>"]
    )
    if text.draft:
        lines.append(f'<div class="draft" role="note">{esc(notice)}</div>')
    lines += ["<article>", f"<h1>{esc(title)}</h1>"]
    for paragraph in text.paragraphs:
        line = join_lines(paragraph.split("\n"))
        if line:
            lines.append(f"<p>{esc(line)}</p>")
    lines += ["</article>", "</body>", "</html>", ""]
    return "\n".join(lines).encode("utf-8")
