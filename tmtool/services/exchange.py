"""Exchanging articles with other translation tools: PO, XLIFF and TMX out, PO and XLIFF in.

An exchange export is not a publication: any workspace user may write one, it takes
every state (PO and XLIFF carry the states), records nothing and changes nothing.
An exchange import takes back the PO or XLIFF files tmtool wrote: each unit key is
``SLUG/POSITION`` and its source must still be the stored segment's source. Changed
texts go through `workflow.apply_change` (action ``import``) in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from tmtool.errors import TmtoolError
from tmtool.formats import po, tmx, xliff
from tmtool.formats.exchange import ExchangeFile, ExchangeUnit, TMEntry, UnitState
from tmtool.formats.termbase import TermStatus
from tmtool.glossary import TermIndex
from tmtool.models import Article, Comment, Segment, State, Translation, User
from tmtool.services import qa_store
from tmtool.services.publishing import ExportedFile, output_path, prepare_out_dir, write_files
from tmtool.services.queries import find_article
from tmtool.services.retry import retrying
from tmtool.services.users import get_user, require_role
from tmtool.services.workflow import EDITORS, Change, apply_change

__all__ = [
    "EXCHANGE_FORMATS",
    "IMPORT_SUFFIXES",
    "ImportReport",
    "export_exchange",
    "import_exchange",
    "import_exchange_many",
    "read_exchange",
]

#: Exchange format name to file name suffix.
EXCHANGE_FORMATS: dict[str, str] = {"po": ".po", "xliff": ".xlf", "tmx": ".tmx"}
#: File name suffixes `import_exchange` reads.
IMPORT_SUFFIXES: dict[str, Callable[..., ExchangeFile]] = {
    ".po": po.read,
    ".xlf": xliff.read,
    ".xliff": xliff.read,
}
_BILINGUAL: dict[str, Callable[[ExchangeFile], bytes]] = {"po": po.write, "xliff": xliff.write}
_RANK = {TermStatus.PREFERRED: 0, TermStatus.ADMITTED: 1}


@dataclass(frozen=True)
class ImportReport:
    """What an exchange import did: units whose text or state changed, and the rest."""

    slug: str
    lang: str
    changed: int
    unchanged: int
    skipped: int


def _segments(session: Session, article: Article) -> list[Segment]:
    return list(
        session.exec(
            select(Segment).where(Segment.article_id == article.id).order_by(col(Segment.position))
        )
    )


def _translations(session: Session, article: Article, lang: str) -> dict[int, Translation]:
    """The article's translations into `lang`, by segment id."""
    rows = session.exec(
        select(Translation)
        .join(Segment, col(Translation.segment_id) == col(Segment.id))
        .where(Segment.article_id == article.id, Translation.lang == lang)
    )
    return {t.segment_id: t for t in rows}


def _notes(session: Session, article: Article) -> dict[tuple[int, str | None], list[str]]:
    """The comments of an article's segments, by (segment id, language), oldest first."""
    notes: dict[tuple[int, str | None], list[str]] = {}
    query = (
        select(Comment)
        .join(Segment, col(Comment.segment_id) == col(Segment.id))
        .where(Segment.article_id == article.id)
        .order_by(col(Comment.created_at), col(Comment.id))
    )
    for comment in session.exec(query):
        notes.setdefault((comment.segment_id, comment.lang), []).append(
            f"{comment.author}: {comment.body}"
        )
    return notes


def _terms(index: TermIndex | None, source: str, lang: str) -> tuple[tuple[str, str], ...]:
    """The glossary terms found in `source`, each with its approved term in `lang`."""
    if index is None:
        return ()
    pairs: list[tuple[str, str]] = []
    for hit in index.find(source):
        candidates = sorted(
            (t for t in index.lookup(hit.concept).terms if t.status in _RANK),
            key=lambda t: _RANK[t.status],
        )
        target = next((t.text for t in candidates if t.lang.split("-")[0].lower() == lang), None)
        if target is not None and (hit.term, target) not in pairs:
            pairs.append((hit.term, target))
    return tuple(pairs)


def export_exchange(
    session: Session,
    *,
    slug: str,
    fmt: str,
    langs: list[str],
    out_dir: Path,
    user_name: str,
    source_lang: str = "zh",
) -> list[ExportedFile]:
    """Write an article as PO or XLIFF (one file per language) or TMX (one file).

    Any workspace user may export; every state is exported, nothing is recorded and no
    state changes. PO/XLIFF units are keyed ``SLUG/POSITION`` and carry the segment's
    comments for the language (and language-less ones) and its glossary terms.

    Raises:
        TmtoolError: unknown format, user or article, a language the article lacks,
            or a file that cannot be written.
    """
    if fmt not in EXCHANGE_FORMATS:
        choices = ", ".join(sorted(EXCHANGE_FORMATS))
        raise TmtoolError(f"{fmt!r} is not an exchange format; choose one of {choices}.")
    targets = [lang for lang in dict.fromkeys(langs) if lang != source_lang]
    if not targets:
        raise TmtoolError(f"name at least one target language; {source_lang} is the source.")
    prepare_out_dir(out_dir)
    pending: list[tuple[Path, bytes, ExportedFile]] = []
    with session.begin():
        get_user(session, user_name)
        article = find_article(session, slug)
        segments = _segments(session, article)
        rows: dict[str, dict[int, Translation]] = {}
        for lang in targets:
            rows[lang] = _translations(session, article, lang)
            if not rows[lang]:
                raise TmtoolError(f"{slug} has no {lang} translation.")

        def add(name: str, lang: str, data: bytes) -> None:
            path = output_path(out_dir, name)
            checksum = hashlib.sha256(data).hexdigest()
            pending.append((path, data, ExportedFile(lang, path, checksum, False)))

        if fmt == "tmx":
            entries = [
                TMEntry(
                    variants={
                        source_lang: s.source,
                        **{lang: rows[lang][s.id].text for lang in targets if s.id in rows[lang]},
                    },
                    note=f"{slug}/{s.position}",
                )
                for s in segments
                if s.id is not None
            ]
            add(f"{slug}.tmx", ",".join(targets), tmx.write(entries, source_lang=source_lang))
        else:
            notes = _notes(session, article)
            _stamp, index = qa_store.term_index(session)
            for lang in targets:
                units = []
                for s in segments:
                    assert s.id is not None
                    t = rows[lang][s.id]
                    units.append(
                        ExchangeUnit(
                            key=f"{slug}/{s.position}",
                            source=s.source,
                            target=t.text,
                            state=UnitState[State(t.state).name],
                            paragraph=s.paragraph,
                            notes=tuple(notes.get((s.id, None), []) + notes.get((s.id, lang), [])),
                            terms=_terms(index, s.source, lang),
                        )
                    )
                document = ExchangeFile(
                    source_lang=source_lang,
                    target_lang=lang,
                    units=tuple(units),
                    article=slug,
                    title=article.title,
                    tool="tmtool",
                )
                add(f"{slug}.{lang}{EXCHANGE_FORMATS[fmt]}", lang, _BILINGUAL[fmt](document))
        write_files([(path, data) for path, data, _record in pending])
    return [record for _path, _data, record in pending]


def read_exchange(data: bytes, *, name: str) -> ExchangeFile:
    """Read a PO or XLIFF file, choosing the reader by the suffix of `name`.

    Raises:
        TmtoolError: the suffix is not .po, .xlf or .xliff, or the file is unreadable.
    """
    reader = IMPORT_SUFFIXES.get(Path(name).suffix.lower())
    if reader is None:
        raise TmtoolError(f"{name} is not a PO or XLIFF file (.po, .xlf, .xliff).")
    return reader(data, name=name)


def _refuse(name: str, reason: str) -> TmtoolError:
    return TmtoolError(f"{name} does not belong to any article here ({reason}).")


def _slug_of(f: ExchangeFile, name: str) -> tuple[str, list[int]]:
    """The article slug all unit keys name, and each unit's position."""
    if not f.units:
        raise _refuse(name, "it has no units")
    slugs: set[str] = set()
    positions: list[int] = []
    for number, unit in enumerate(f.units, 1):
        slug, _, position = unit.key.rpartition("/")
        if not slug or not position.isdigit():
            raise _refuse(name, f"unit {number}'s key {unit.key!r} is not SLUG/POSITION")
        slugs.add(slug)
        positions.append(int(position))
    if len(slugs) > 1 or (f.article is not None and f.article not in slugs):
        raise _refuse(name, "its units name more than one article")
    return slugs.pop(), positions


def _target_state(unit: ExchangeUnit, stored: Translation, text_changed: bool) -> State | None:
    """The state to set explicitly: TRANSLATED when the file confirms the unit, else None."""
    if unit.state is not UnitState.TRANSLATED or not unit.target.strip():
        return None
    if text_changed or stored.state < State.TRANSLATED:
        return State.TRANSLATED
    return None


def import_exchange(
    session: Session, *, data: bytes | ExchangeFile, name: str, user_name: str
) -> ImportReport:
    """Take back the translations of a PO or XLIFF file tmtool exported, all or nothing.

    A unit whose target differs from the stored text is applied as an edit (the state
    follows `workflow.state_after_edit`); a unit the file marks TRANSLATED (not fuzzy)
    becomes TRANSLATED. APPROVED and FINAL in the file are not taken over. An empty
    target never erases a stored text (such a unit is skipped); unchanged units are
    not touched.

    Raises:
        TmtoolError: the user may not edit, the file is unreadable or does not belong to
            an article here (unknown slug or position, a source that differs).
        ConflictError: a translation changed while the import ran.
    """
    f = data if isinstance(data, ExchangeFile) else read_exchange(data, name=name)
    return import_exchange_many(session, files=[f], name=name, user_name=user_name)[0]


def import_exchange_many(
    session: Session, *, files: list[ExchangeFile], name: str, user_name: str
) -> list[ImportReport]:
    """Take back several bilingual files of one article (e.g. a TMX file's languages) at once.

    All files are applied in one transaction: either every change is stored or none.
    """
    parsed = [(f, *_slug_of(f, name)) for f in files]

    def attempt() -> list[ImportReport]:
        with session.begin():
            user = get_user(session, user_name)
            require_role(user, "importing translations", *EDITORS)
            return [
                _apply_file(session, f, slug, positions, name=name, user=user)
                for f, slug, positions in parsed
            ]

    return retrying(attempt)


def _apply_file(
    session: Session,
    f: ExchangeFile,
    slug: str,
    positions: list[int],
    *,
    name: str,
    user: User,
) -> ImportReport:
    """Apply one file's changed units; runs inside the caller's transaction."""
    article = session.exec(select(Article).where(Article.slug == slug)).first()
    if article is None:
        raise _refuse(name, f"there is no article {slug!r}")
    by_position = {s.position: s for s in _segments(session, article)}
    for number, (unit, position) in enumerate(zip(f.units, positions, strict=True), 1):
        segment = by_position.get(position)
        if segment is None:
            raise _refuse(name, f"{slug} has no segment {position}, unit {number}'s key")
        if segment.source != unit.source:
            raise _refuse(name, f"unit {number}'s source differs")
    rows = _translations(session, article, f.target_lang)
    if not rows:
        raise TmtoolError(f"{name} is in {f.target_lang}, which {slug} is not translated into.")
    changed = unchanged = skipped = 0
    for unit, position in zip(f.units, positions, strict=True):
        segment_id = by_position[position].id
        assert segment_id is not None
        stored = rows[segment_id]
        if not unit.target and stored.text:
            skipped += 1
            continue
        text_changed = unit.target != stored.text
        state = _target_state(unit, stored, text_changed)
        if not text_changed and state is None:
            unchanged += 1
            continue
        assert stored.id is not None
        change = Change(
            stored.id, stored.version, text=unit.target if text_changed else None, state=state
        )
        before = stored.version
        after = apply_change(session, change, user=user, action="import")
        if after.version != before:
            changed += 1
        else:
            unchanged += 1
    return ImportReport(slug, f.target_lang, changed, unchanged, skipped)
