"""Files from other tools: a PO, XLIFF or TMX file that is not an export of an article here.

`tmtool import` decides between two cases. A file whose units are all keyed
``SLUG/POSITION`` for an article of this workspace is that article coming back, and
`tmtool.services.exchange.import_exchange` takes its translations. Anything else (Poedit's
PO, memoQ's or Trados's XLIFF 1.2, OmegaT's or another desk's TMX) becomes a new article
when its source language is the workspace's: one segment per unit, the file's targets as
DRAFT translations with origin ``imported``, every other target language empty. The new
article is written in one transaction by `tmtool.services.importing.import_article`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from tmtool.align import Pairing
from tmtool.errors import TmtoolError
from tmtool.formats import tmx
from tmtool.formats.exchange import ExchangeFile, ExchangeUnit, TMEntry, UnitState
from tmtool.models import Article, Origin
from tmtool.services.exchange import (
    ImportReport,
    import_exchange,
    import_exchange_many,
    read_exchange,
)
from tmtool.services.importing import SourceText, import_article, slug_from_name

#: Confidence given to a target another tool delivered: it is a draft, not a guess.
DELIVERED = 1.0
_TITLE_CHARS = 60


@dataclass(frozen=True)
class NewArticle:
    """What importing another tool's file created."""

    slug: str
    title: str
    segments: int
    drafts: dict[str, int]
    tool: str | None


def primary(tag: str) -> str:
    """`zh-CN` → `zh`, `ru_RU` → `ru`: the language without region or script."""
    return tag.replace("_", "-").split("-")[0].lower()


def names_an_article(session: Session, f: ExchangeFile) -> bool:
    """Whether every unit of `f` is keyed SLUG/POSITION for one article of this workspace."""
    slugs = {unit.key.rpartition("/")[0] for unit in f.units}
    positions_ok = all(unit.key.rpartition("/")[2].isdigit() for unit in f.units)
    if len(slugs) != 1 or not positions_ok:
        return False
    slug = slugs.pop()
    return (
        bool(slug)
        and session.exec(select(Article.id).where(Article.slug == slug)).first() is not None
    )


def tmx_names_an_article(session: Session, entries: list[TMEntry]) -> str | None:
    """The slug when every entry's note is SLUG/POSITION of one article here, else None."""
    notes = {(e.note or "").rpartition("/") for e in entries}
    slugs = {slug for slug, _sep, position in notes if position.isdigit()}
    if not entries or len(slugs) != 1 or any(not p.isdigit() for _s, _x, p in notes):
        return None
    slug = slugs.pop()
    found = session.exec(select(Article.id).where(Article.slug == slug)).first()
    return slug if found is not None else None


def _title(sources: list[str], given: str | None) -> str:
    if given and given.strip():
        return given.strip()
    first = sources[0].strip() if sources else ""
    return first if len(first) <= _TITLE_CHARS else first[: _TITLE_CHARS - 1] + "…"


def _check_source(lang: str, workspace_source: str, name: str) -> None:
    if primary(lang) != primary(workspace_source):
        raise TmtoolError(
            f"{name} translates from {lang}, but this workspace translates from"
            f" {workspace_source}; only {workspace_source} sources can become articles."
        )


def _paragraphs(numbers: list[int | None], sources: list[str]) -> list[list[str]]:
    """Group sources by the file's paragraph numbers; without them each unit is one."""
    paragraphs: list[list[str]] = []
    previous: int | None = None
    for number, source in zip(numbers, sources, strict=True):
        if number is None or number != previous or not paragraphs:
            paragraphs.append([])
        paragraphs[-1].append(source)
        previous = number
    return paragraphs


def _create(
    session: Session,
    *,
    name: str,
    slug: str | None,
    title: str | None,
    sources: list[str],
    paragraph_numbers: list[int | None],
    drafts: dict[str, list[str]],
    target_langs: tuple[str, ...],
    user_name: str,
    tool: str | None,
) -> NewArticle:
    keep = [i for i, s in enumerate(sources) if s.strip()]
    if not keep:
        raise TmtoolError(f"{name} holds no source text to make an article of.")
    unknown = sorted(set(drafts) - set(target_langs))
    if unknown:
        raise TmtoolError(
            f"{name} holds {', '.join(unknown)}, which this workspace does not translate into."
        )
    kept = [sources[i] for i in keep]
    text = SourceText(
        title=_title(kept, title),
        paragraphs=_paragraphs([paragraph_numbers[i] for i in keep], kept),
        drafts={
            lang: [
                Pairing(texts[i], DELIVERED) if texts[i].strip() else Pairing("", 0.0) for i in keep
            ]
            for lang, texts in drafts.items()
        },
        draft_origin=Origin.IMPORTED,
    )
    article = import_article(
        session,
        slug=slug or slug_from_name(name.rsplit(".", 1)[0]),
        source=text,
        target_langs=target_langs,
        user_name=user_name,
        origin=name,
    )
    return NewArticle(
        article.slug,
        article.title,
        len(kept),
        {lang: sum(1 for p in pairs if p.text) for lang, pairs in text.drafts.items()},
        tool,
    )


def import_bilingual(
    session: Session,
    *,
    f: ExchangeFile,
    name: str,
    slug: str | None,
    title: str | None,
    source_lang: str,
    target_langs: tuple[str, ...],
    user_name: str,
) -> NewArticle:
    """Make a new article of another tool's PO or XLIFF file.

    Raises:
        TmtoolError: the file's source language is not the workspace's, its target
            language is not one the workspace translates into, it has no source text, the
            slug is taken, or the user may not import.
    """
    _check_source(f.source_lang, source_lang, name)
    lang = primary(f.target_lang)
    targets = [u.target if u.state is not UnitState.EMPTY else "" for u in f.units]
    return _create(
        session,
        name=name,
        slug=slug,
        title=title or f.title,
        sources=[u.source for u in f.units],
        paragraph_numbers=[u.paragraph for u in f.units],
        drafts={lang: targets},
        target_langs=target_langs,
        user_name=user_name,
        tool=f.tool,
    )


def import_tmx(
    session: Session,
    *,
    entries: list[TMEntry],
    name: str,
    slug: str | None,
    title: str | None,
    source_lang: str,
    target_langs: tuple[str, ...],
    user_name: str,
) -> NewArticle:
    """Make a new article of a TMX file: one segment per entry with a source text.

    Entries without text in the workspace's source language are refused as a whole (the
    file is then not a translation of such a source); languages the workspace does not
    translate into are refused too, rather than silently dropped.
    """
    want = primary(source_lang)
    sources: list[str] = []
    drafts: dict[str, list[str]] = {}
    for number, entry in enumerate(entries, 1):
        by_lang = {primary(tag): text for tag, text in entry.variants.items()}
        if want not in by_lang:
            raise TmtoolError(
                f"{name}: entry {number} has no {source_lang} text, so the file cannot"
                f" become an article of this workspace."
            )
        sources.append(by_lang.pop(want))
        for lang in by_lang:
            drafts.setdefault(lang, [""] * (len(sources) - 1))
        for lang, column in drafts.items():
            column.append(by_lang.get(lang, ""))
    return _create(
        session,
        name=name,
        slug=slug,
        title=title,
        sources=sources,
        paragraph_numbers=[None] * len(sources),
        drafts=drafts,
        target_langs=target_langs,
        user_name=user_name,
        tool=None,
    )


def _tmx_as_bilingual(entries: list[TMEntry], slug: str, source_lang: str) -> list[ExchangeFile]:
    """A TMX file tmtool exported, as one bilingual file per target language."""
    want = primary(source_lang)
    files: dict[str, list[ExchangeUnit]] = {}
    for entry in entries:
        by_lang = {primary(tag): text for tag, text in entry.variants.items()}
        source = by_lang.pop(want, "")
        for lang, text in by_lang.items():
            state = UnitState.DRAFT if text else UnitState.EMPTY
            files.setdefault(lang, []).append(ExchangeUnit(entry.note or "", source, text, state))
    return [
        ExchangeFile(want, lang, tuple(units), article=slug, tool="tmtool")
        for lang, units in files.items()
    ]


def import_file(
    session: Session,
    *,
    data: bytes,
    name: str,
    slug: str | None,
    title: str | None,
    source_lang: str,
    target_langs: tuple[str, ...],
    user_name: str,
) -> list[ImportReport] | NewArticle:
    """Import a PO, XLIFF or TMX file: back into its article, or as a new article.

    Returns:
        The per-language reports when the file updated an article of this workspace, or
        what was created when it became a new article.

    Raises:
        TmtoolError: the file is unreadable or refused (see `import_exchange`,
            `import_bilingual` and `import_tmx`); nothing is written then.
    """
    if name.lower().endswith(".tmx"):
        entries = tmx.read(data, name=name)
        if not entries:
            raise TmtoolError(f"{name} holds no translation units.")
        with session.begin():
            ours = tmx_names_an_article(session, entries)
        if ours is None or slug is not None:
            return import_tmx(
                session,
                entries=entries,
                name=name,
                slug=slug,
                title=title,
                source_lang=source_lang,
                target_langs=target_langs,
                user_name=user_name,
            )
        bilingual = _tmx_as_bilingual(entries, ours, source_lang)
        return import_exchange_many(session, files=bilingual, name=name, user_name=user_name)
    f = read_exchange(data, name=name)
    if not f.units:
        raise TmtoolError(f"{name} holds no translation units.")
    with session.begin():
        ours_bilingual = names_an_article(session, f)
    if ours_bilingual and slug is None:
        return [import_exchange(session, data=f, name=name, user_name=user_name)]
    return import_bilingual(
        session,
        f=f,
        name=name,
        slug=slug or f.article,
        title=title,
        source_lang=source_lang,
        target_langs=target_langs,
        user_name=user_name,
    )
