"""A static website folder: one page per language, a shared stylesheet, an index.

The folder holds, for each exported article, ``SLUG.LANG.html`` pages that
link each other through a language switcher (中文 | English | Русский), plus
``index.html`` listing every article exported into the folder and the
stylesheet ``tmtool-bundle.css``.  The index is rebuilt from a small manifest,
``tmtool-bundle.json``, which remembers the articles exported before, so a
further export adds to the index instead of replacing it.

Pages load nothing from elsewhere: no scripts, fonts or images; every text
is escaped, every link is relative and percent-encoded.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from urllib.parse import quote

from tmtool.formats.base import FormatError, draft_notice, html_page_start, join_lines
from tmtool.formats.parallel import language_name

INDEX_NAME = "index.html"
MANIFEST_NAME = "tmtool-bundle.json"
STYLESHEET_NAME = "tmtool-bundle.css"
_MANIFEST_KIND = "tmtool-bundle"

STYLESHEET = """\
:root { color-scheme: light dark; }
body { max-width: 44rem; margin: 0 auto; padding: 1rem 1rem 3rem; line-height: 1.8;
  font-family: "Noto Sans", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "Segoe UI", Arial, sans-serif; }
:lang(zh) { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", "Noto Sans", sans-serif; }
nav.languages { display: flex; flex-wrap: wrap; align-items: baseline; gap: .2rem .6rem;
  padding: .4rem 0; margin-bottom: 1.5rem; border-bottom: 1px solid #ccc; }
nav.languages a, nav.languages strong { padding: .1rem .2rem; }
nav.languages .separator { color: #999; }
nav.languages .home { margin-left: auto; }
h1 { font-size: 1.7rem; line-height: 1.4; margin: 0 0 1.2rem; }
article p { margin: 0 0 1rem; overflow-wrap: break-word; }
footer.publication { margin-top: 2.5rem; padding-top: .6rem; border-top: 1px solid #ccc;
  color: #666; font-size: .85rem; line-height: 1.5; }
footer.publication dl { display: grid; grid-template-columns: max-content 1fr;
  gap: .1rem 1rem; margin: 0; }
footer.publication dt { font-weight: bold; }
footer.publication dd { margin: 0; overflow-wrap: anywhere; }
.draft { border: 3px solid #c00; background: #fee; color: #900; font-weight: bold;
  text-align: center; padding: .6rem 1rem; margin-bottom: 1.5rem; }
ul.articles { list-style: none; padding: 0; }
ul.articles li { padding: .6rem 0; border-bottom: 1px solid #ddd; }
ul.articles .title { display: block; font-weight: bold; }
ul.articles .details { display: flex; flex-wrap: wrap; gap: .2rem .9rem; color: #666;
  font-size: .9rem; }
.label { color: #900; font-weight: bold; }
ul.articles .versions a { margin-right: .5rem; }
"""

# Footer labels in each page's own language.
_LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "published_by": "发布人",
        "published_at": "发布时间",
        "version": "版本",
        "checksum": "校验和",
        "draft": "草稿",
        "index": "全部文章",
    },
    "en": {
        "published_by": "Published by",
        "published_at": "Published",
        "version": "Version",
        "checksum": "Checksum",
        "draft": "draft",
        "index": "All articles",
    },
    "ru": {
        "published_by": "Опубликовал",
        "published_at": "Дата публикации",
        "version": "Версия",
        "checksum": "Контрольная сумма",
        "draft": "черновик",
        "index": "Все статьи",
    },
}


def _label(lang: str, key: str) -> str:
    return _LABELS.get(lang.split("-")[0].lower(), _LABELS["en"])[key]


def page_name(slug: str, lang: str) -> str:
    """The file name of an article's page in one language."""
    return f"{slug}.{lang}.html"


@dataclass(frozen=True)
class BundlePage:
    """One language version of an article, as a page of the bundle.

    Attributes:
        slug: Short file-name-safe identifier of the article.
        lang: The page's language.
        langs: Every language the article has pages in, in switcher order.
        title: The title in this language.
        paragraphs: The body paragraphs in this language.
        published_by: Who exported it.
        published_at: When, as ISO 8601 in UTC.
        version: The publication's number for this language (1 for the first),
            or 0 for a draft.
        checksum: SHA-256 of the page's text (title and paragraphs), hex.
        draft: When true, the page marks itself visibly as a draft.
    """

    slug: str
    lang: str
    langs: tuple[str, ...]
    title: str
    paragraphs: list[str]
    published_by: str
    published_at: str
    version: int
    checksum: str
    draft: bool


@dataclass(frozen=True)
class ManifestEntry:
    """What the index knows of one exported article."""

    slug: str
    titles: dict[str, str]
    pages: dict[str, str]
    published_by: str
    published_at: str
    draft: bool


@dataclass
class Manifest:
    """The articles exported into a bundle folder, by slug."""

    articles: dict[str, ManifestEntry] = field(default_factory=dict)


def _href(name: str) -> str:
    return html.escape(quote(name), quote=True)


def _switcher(slug: str, current: str, langs: tuple[str, ...]) -> str:
    items: list[str] = []
    for lang in langs:
        name = html.escape(language_name(lang))
        code = html.escape(lang, quote=True)
        if lang == current:
            items.append(f'<strong lang="{code}" aria-current="page">{name}</strong>')
        else:
            href = _href(page_name(slug, lang))
            items.append(f'<a href="{href}" lang="{code}" hreflang="{code}">{name}</a>')
    separator = '<span class="separator" aria-hidden="true">|</span>'
    home = f'<a class="home" href="{_href(INDEX_NAME)}">{html.escape(_label(current, "index"))}</a>'
    return f'<nav class="languages" aria-label="Language">{separator.join(items)}{home}</nav>'


def _page_start(lang: str, title: str, draft: bool, extra: list[str]) -> list[str]:
    stylesheet = f'<link rel="stylesheet" href="{_href(STYLESHEET_NAME)}">'
    return html_page_start(lang, title, draft=draft, head=[stylesheet, *extra])


def write_page(page: BundlePage) -> bytes:
    """Write one language page of the bundle.

    Args:
        page: The page.

    Returns:
        The page, UTF-8 encoded.
    """
    esc = html.escape
    title = join_lines(page.title.split("\n"))
    notice = draft_notice(page.lang)
    alternates = [
        f'<link rel="alternate" hreflang="{esc(lang, quote=True)}" '
        f'href="{_href(page_name(page.slug, lang))}">'
        for lang in page.langs
        if lang != page.lang
    ]
    lines = _page_start(
        page.lang, f"{notice} {title}" if page.draft else title, page.draft, alternates
    )
    lines.append(_switcher(page.slug, page.lang, page.langs))
    if page.draft:
        lines.append(f'<div class="draft" role="note">{esc(notice)}</div>')
    lines += ["<article>", f"<h1>{esc(title)}</h1>"]
    for paragraph in page.paragraphs:
        line = join_lines(paragraph.split("\n"))
        if line:
            lines.append(f"<p>{esc(line)}</p>")
    lines.append("</article>")
    version = _label(page.lang, "draft") if page.draft else str(page.version)
    when = page.published_at.replace("T", " ").split(".")[0].removesuffix("+00:00") + " UTC"
    lines += [
        '<footer class="publication">',
        "<dl>",
        f"<dt>{esc(_label(page.lang, 'published_by'))}</dt><dd>{esc(page.published_by)}</dd>",
        f"<dt>{esc(_label(page.lang, 'published_at'))}</dt>"
        f'<dd><time datetime="{esc(page.published_at, quote=True)}">{esc(when)}</time></dd>',
        f"<dt>{esc(_label(page.lang, 'version'))}</dt><dd>{esc(version)}</dd>",
        f"<dt>{esc(_label(page.lang, 'checksum'))}</dt>"
        f'<dd><code lang="en">sha256:{esc(page.checksum)}</code></dd>',
        "</dl>",
        "</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def write_index(manifest: Manifest, *, lang: str = "zh") -> bytes:
    """Write the index of every article in the manifest, newest first.

    Args:
        manifest: The articles of the folder.
        lang: The language of the page (the source language).

    Returns:
        The page, UTF-8 encoded.
    """
    esc = html.escape
    heading = "文章 · Articles · Статьи"
    lines = _page_start(lang, heading, False, [])
    lines += [f"<h1>{esc(heading)}</h1>", '<ul class="articles">']
    entries = sorted(
        manifest.articles.values(), key=lambda e: (e.published_at, e.slug), reverse=True
    )
    for entry in entries:
        first = next(iter(entry.pages), lang)
        title_lang = lang if lang in entry.titles else first
        title = join_lines(entry.titles.get(title_lang, entry.slug).split("\n"))
        main = entry.pages.get(title_lang, page_name(entry.slug, title_lang))
        label = f'<span class="label">{esc(draft_notice(title_lang))}</span>' if entry.draft else ""
        versions = " ".join(
            f'<a href="{_href(name)}" lang="{esc(code, quote=True)}" '
            f'hreflang="{esc(code, quote=True)}" title="{esc(entry.titles.get(code, ""))}">'
            f"{esc(language_name(code))}</a>"
            for code, name in entry.pages.items()
        )
        day = entry.published_at.split("T")[0]
        lines.append(
            f'<li id="{esc(entry.slug, quote=True)}">'
            f'<a class="title" href="{_href(main)}" lang="{esc(title_lang, quote=True)}">'
            f'{esc(title)}</a><span class="details">{label}<span class="versions">{versions}'
            f'</span><time datetime="{esc(entry.published_at, quote=True)}">{esc(day)}</time>'
            "</span></li>"
        )
    lines += ["</ul>", "</body>", "</html>", ""]
    return "\n".join(lines).encode("utf-8")


def write_manifest(manifest: Manifest) -> bytes:
    """The manifest as UTF-8 JSON, articles sorted by slug."""
    data = {
        "kind": _MANIFEST_KIND,
        "version": 1,
        "articles": [
            {
                "slug": e.slug,
                "titles": e.titles,
                "pages": e.pages,
                "published_by": e.published_by,
                "published_at": e.published_at,
                "draft": e.draft,
            }
            for _slug, e in sorted(manifest.articles.items())
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _strings(value: object) -> dict[str, str] | None:
    if not isinstance(value, dict):
        return None
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        return None
    return dict(value)


def read_manifest(data: bytes, *, name: str = MANIFEST_NAME) -> Manifest:
    """Read a bundle manifest written by `write_manifest`.

    Page names are checked to be plain file names, so an edited manifest
    cannot make the index link out of the folder.

    Args:
        data: The manifest's bytes.
        name: The file name used in error messages.

    Returns:
        The manifest.

    Raises:
        FormatError: The file is not a tmtool bundle manifest.
    """
    problem = FormatError(f"{name} is not a tmtool bundle manifest.")
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise problem from None
    if not isinstance(raw, dict) or raw.get("kind") != _MANIFEST_KIND:
        raise problem
    articles = raw.get("articles")
    if not isinstance(articles, list):
        raise problem
    manifest = Manifest()
    for item in articles:
        if not isinstance(item, dict):
            raise problem
        slug, by, at = item.get("slug"), item.get("published_by"), item.get("published_at")
        titles, pages = _strings(item.get("titles")), _strings(item.get("pages"))
        if not (isinstance(slug, str) and isinstance(by, str) and isinstance(at, str)):
            raise problem
        if titles is None or pages is None or not isinstance(item.get("draft"), bool):
            raise problem
        if any("/" in p or "\\" in p or p.startswith(".") for p in pages.values()):
            raise problem
        manifest.articles[slug] = ManifestEntry(slug, titles, pages, by, at, item["draft"])
    return manifest
