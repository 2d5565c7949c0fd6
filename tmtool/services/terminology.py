"""Glossaries in the workspace: import, export, search and edit concepts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import delete, or_
from sqlmodel import Session, col, select

from tmtool.errors import TmtoolError
from tmtool.formats.termbase import ConceptEntry, Termbase, TermEntry, TermStatus
from tmtool.models import Concept, Glossary, Role, Term, utcnow
from tmtool.services.users import get_user, require_role

DEFAULT_GLOSSARY = "desk"


@dataclass(frozen=True)
class ImportReport:
    """What an import did."""

    glossary: str
    added: int
    updated: int
    unchanged: int


def _entry(term: Term) -> TermEntry:
    return TermEntry(
        lang=term.lang,
        text=term.text,
        status=TermStatus(term.status),
        part_of_speech=term.part_of_speech,
        case_sensitive=term.case_sensitive,
        note=term.note,
    )


def _term(concept_id: int, entry: TermEntry) -> Term:
    return Term(
        concept_id=concept_id,
        lang=entry.lang,
        text=entry.text,
        status=entry.status.value,
        part_of_speech=entry.part_of_speech,
        case_sensitive=entry.case_sensitive,
        note=entry.note,
    )


def _glossary(session: Session, name: str, *, create: bool, source_lang: str = "zh") -> Glossary:
    glossary = session.exec(select(Glossary).where(Glossary.name == name)).first()
    if glossary is None:
        if not create:
            raise TmtoolError(f"there is no glossary {name!r}.")
        glossary = Glossary(name=name, source_lang=source_lang)
        session.add(glossary)
        session.flush()
    return glossary


def import_termbase(
    session: Session, *, termbase: Termbase, name: str, user_name: str
) -> ImportReport:
    """Merge a termbase into the glossary `name`, matching concepts by key.

    A concept already present gets the incoming terms for each language the file
    has for it; languages the file does not mention are kept. Nothing is duplicated.
    """
    with session.begin():
        require_role(get_user(session, user_name), "importing a glossary", Role.ADMIN)
        glossary = _glossary(session, name, create=True, source_lang=termbase.source_lang)
        assert glossary.id is not None
        if termbase.title:
            glossary.title = termbase.title
        glossary.updated_at = utcnow()
        existing = {
            c.key: c
            for c in session.exec(select(Concept).where(Concept.glossary_id == glossary.id))
        }
        terms: dict[int, list[Term]] = defaultdict(list)
        if existing:
            for term in session.exec(
                select(Term).where(col(Term.concept_id).in_([c.id for c in existing.values()]))
            ):
                terms[term.concept_id].append(term)
        added = updated = unchanged = 0
        for entry in termbase.concepts:
            concept = existing.get(entry.key)
            if concept is None:
                concept = Concept(
                    glossary_id=glossary.id,
                    key=entry.key,
                    subject=entry.subject,
                    note=entry.note,
                    updated_by=user_name,
                )
                session.add(concept)
                session.flush()
                assert concept.id is not None
                session.add_all(_term(concept.id, t) for t in _unique(entry.terms))
                existing[entry.key] = concept
                added += 1
                continue
            assert concept.id is not None
            langs = {t.lang for t in entry.terms}
            old = [t for t in terms[concept.id] if t.lang in langs]
            same = (
                concept.subject == entry.subject
                and concept.note == entry.note
                and sorted(map(_entry_key, map(_entry, old)))
                == sorted(map(_entry_key, _unique(entry.terms)))
            )
            if same:
                unchanged += 1
                continue
            concept.subject, concept.note = entry.subject, entry.note
            concept.updated_by, concept.updated_at = user_name, utcnow()
            if old:
                session.execute(delete(Term).where(col(Term.id).in_([t.id for t in old])))
            session.add_all(_term(concept.id, t) for t in _unique(entry.terms))
            updated += 1
        return ImportReport(name, added, updated, unchanged)


def _entry_key(entry: TermEntry) -> tuple[str, str, str, str, bool, str]:
    return (
        entry.lang,
        entry.text,
        entry.status.value,
        entry.part_of_speech or "",
        entry.case_sensitive,
        entry.note or "",
    )


def _unique(entries: tuple[TermEntry, ...]) -> list[TermEntry]:
    seen: set[tuple[str, str]] = set()
    result = []
    for entry in entries:
        if (entry.lang, entry.text) not in seen:
            seen.add((entry.lang, entry.text))
            result.append(entry)
    return result


def _termbase(
    session: Session, concepts: list[Concept], *, title: str | None, source_lang: str, keys: str
) -> Termbase:
    terms: dict[int, list[TermEntry]] = defaultdict(list)
    ids = [c.id for c in concepts]
    for chunk in range(0, len(ids), 5000):
        for term in session.exec(
            select(Term)
            .where(col(Term.concept_id).in_(ids[chunk : chunk + 5000]))
            .order_by(col(Term.id))
        ):
            terms[term.concept_id].append(_entry(term))
    return Termbase(
        concepts=tuple(
            ConceptEntry(
                key=str(c.id) if keys == "id" else c.key,
                terms=tuple(terms[c.id or 0]),
                subject=c.subject,
                note=c.note,
            )
            for c in concepts
        ),
        title=title,
        source_lang=source_lang,
    )


def export_termbase(session: Session, *, name: str | None = None) -> Termbase:
    """One glossary (or, without a name, every glossary) as a Termbase with the files' keys."""
    with session.begin():
        query = select(Concept).order_by(col(Concept.glossary_id), col(Concept.id))
        title = None
        if name is not None:
            glossary = _glossary(session, name, create=False)
            query = query.where(Concept.glossary_id == glossary.id)
            title = glossary.title or glossary.name
        return _termbase(
            session, list(session.exec(query)), title=title, source_lang="zh", keys="file"
        )


def workspace_termbase(session: Session) -> Termbase:
    """Every concept of the workspace, keyed by database id, for matching and checking."""
    with session.begin():
        return termbase_in(session)


def termbase_in(session: Session) -> Termbase:
    """Like `workspace_termbase`, inside the caller's transaction.

    Args:
        session: a session with an open transaction.

    Returns:
        Every concept of the workspace, keyed by database id.
    """
    concepts = list(session.exec(select(Concept).order_by(col(Concept.id))))
    return _termbase(session, concepts, title=None, source_lang="zh", keys="id")


@dataclass(frozen=True)
class ConceptView:
    """A concept as the glossary screen shows it."""

    id: int
    glossary: str
    key: str
    subject: str | None
    note: str | None
    terms: list[TermEntry]


def search_concepts(session: Session, query: str, *, limit: int = 200) -> list[ConceptView]:
    """Concepts with a term containing `query` (any language, case-insensitive)."""
    with session.begin():
        statement = select(Concept.id).join(Term, col(Term.concept_id) == col(Concept.id))
        if query.strip():
            pattern = f"%{query.strip().lower()}%"
            statement = statement.where(
                or_(col(Term.text).ilike(pattern), col(Concept.note).ilike(pattern))
            )
        ids = list(dict.fromkeys(session.exec(statement.order_by(col(Concept.id))).all()))[:limit]
        return _views(session, [i for i in ids if i is not None])


def _views(session: Session, ids: list[int]) -> list[ConceptView]:
    if not ids:
        return []
    names = {g.id: g.name for g in session.exec(select(Glossary))}
    concepts = {c.id: c for c in session.exec(select(Concept).where(col(Concept.id).in_(ids)))}
    terms: dict[int, list[TermEntry]] = defaultdict(list)
    for term in session.exec(
        select(Term).where(col(Term.concept_id).in_(ids)).order_by(col(Term.id))
    ):
        terms[term.concept_id].append(_entry(term))
    return [
        ConceptView(
            i,
            names[concepts[i].glossary_id],
            concepts[i].key,
            concepts[i].subject,
            concepts[i].note,
            terms[i],
        )
        for i in ids
        if i in concepts
    ]


def save_concept(
    session: Session,
    *,
    concept_id: int | None,
    terms: list[TermEntry],
    user_name: str,
    subject: str | None = None,
    note: str | None = None,
    glossary: str = DEFAULT_GLOSSARY,
) -> ConceptView:
    """Add a concept (concept_id None) or replace an existing concept's terms. Admins only."""
    if not any(t.text.strip() for t in terms):
        raise TmtoolError("a concept needs at least one term.")
    with session.begin():
        require_role(get_user(session, user_name), "editing the glossary", Role.ADMIN)
        if concept_id is None:
            owner = _glossary(session, glossary, create=True)
            assert owner.id is not None
            concept = Concept(
                glossary_id=owner.id, key="", subject=subject, note=note, updated_by=user_name
            )
            session.add(concept)
            session.flush()
            assert concept.id is not None
            concept.key = f"{user_name}-{concept.id}"
        else:
            found = session.get(Concept, concept_id)
            if found is None:
                raise TmtoolError(f"there is no concept {concept_id}.")
            concept = found
            concept.subject, concept.note = subject, note
            concept.updated_by, concept.updated_at = user_name, utcnow()
            session.execute(delete(Term).where(col(Term.concept_id) == concept.id))
        assert concept.id is not None
        session.add_all(
            _term(concept.id, t) for t in _unique(tuple(t for t in terms if t.text.strip()))
        )
        session.flush()
        return _views(session, [concept.id])[0]
