"""SQLModel tables: articles, segments, translations and their history."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from typing import Any

from sqlalchemy import Column, DateTime, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def _timestamp() -> Any:
    return Field(default_factory=utcnow, sa_column=Column(DateTime(timezone=True), nullable=False))


class State(IntEnum):
    """Translation state of one segment in one target language; compare with `>=`."""

    EMPTY = 0
    DRAFT = 10
    NEEDS_WORK = 20
    TRANSLATED = 30
    APPROVED = 40
    FINAL = 50


class Origin(StrEnum):
    """Where the current text of a translation came from."""

    HUMAN = "human"
    TM = "tm"
    MT = "mt"
    ALIGNED = "aligned"
    IMPORTED = "imported"


class Role(StrEnum):
    """What a user may do in a workspace."""

    TRANSLATOR = "translator"
    REVIEWER = "reviewer"
    PUBLISHER = "publisher"
    ADMIN = "admin"


class User(SQLModel, table=True):
    """A person working in the workspace; `roles` is a comma-separated list of Role values."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True, max_length=100)
    roles: str = Field(default="translator", max_length=200)
    created_at: datetime = _timestamp()

    @property
    def role_set(self) -> frozenset[Role]:
        """The user's roles as a set."""
        return frozenset(Role(r) for r in self.roles.split(",") if r)


class Article(SQLModel, table=True):
    """One article: a Chinese source and its translations."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True, max_length=200)
    title: str = Field(sa_column=Column(Text, nullable=False))
    source_lang: str = Field(default="zh", max_length=20)
    origin: str = Field(default="", max_length=1000)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class Segment(SQLModel, table=True):
    """A sentence (or a few) of the source, at a 1-based position in its article."""

    __table_args__ = (UniqueConstraint("article_id", "position", name="uq_segment_position"),)

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    position: int
    paragraph: int
    source: str = Field(sa_column=Column(Text, nullable=False))
    source_hash: str = Field(max_length=64, index=True)


class Translation(SQLModel, table=True):
    """The text of one segment in one target language, with its state and version."""

    __table_args__ = (UniqueConstraint("segment_id", "lang", name="uq_translation_lang"),)

    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="segment.id", index=True, ondelete="CASCADE")
    lang: str = Field(max_length=20)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    state: int = Field(default=int(State.EMPTY))
    origin: str = Field(default=Origin.HUMAN.value, max_length=20)
    version: int = Field(default=1)
    confidence: float | None = None
    flag: str | None = Field(default=None, max_length=500)
    updated_by: str = Field(default="", max_length=100)
    updated_at: datetime = _timestamp()


class Revision(SQLModel, table=True):
    """One change of a translation's text or state: who, when, what, old and new."""

    id: int | None = Field(default=None, primary_key=True)
    translation_id: int = Field(foreign_key="translation.id", index=True, ondelete="CASCADE")
    user: str = Field(max_length=100)
    at: datetime = _timestamp()
    action: str = Field(max_length=30)
    old_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    new_text: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    old_state: int | None = None
    new_state: int | None = None
    version: int


class Comment(SQLModel, table=True):
    """A remark on a segment, optionally for one language."""

    id: int | None = Field(default=None, primary_key=True)
    segment_id: int = Field(foreign_key="segment.id", index=True, ondelete="CASCADE")
    lang: str | None = Field(default=None, max_length=20)
    author: str = Field(max_length=100)
    body: str = Field(sa_column=Column(Text, nullable=False))
    resolved: bool = False
    created_at: datetime = _timestamp()


class Publication(SQLModel, table=True):
    """An immutable record of one exported final version."""

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    lang: str = Field(max_length=20)
    format: str = Field(max_length=20)
    user: str = Field(max_length=100)
    at: datetime = _timestamp()
    checksum: str = Field(max_length=64)
    path: str = Field(max_length=1000)


class Glossary(SQLModel, table=True):
    """A named terminology collection, e.g. the desk's shipped glossary."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True, max_length=200)
    title: str = Field(default="", max_length=500)
    source_lang: str = Field(default="zh", max_length=20)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class Concept(SQLModel, table=True):
    """One concept: the terms that name it in each language."""

    __table_args__ = (UniqueConstraint("glossary_id", "key", name="uq_concept_key"),)

    id: int | None = Field(default=None, primary_key=True)
    glossary_id: int = Field(foreign_key="glossary.id", index=True, ondelete="CASCADE")
    key: str = Field(max_length=200)
    subject: str | None = Field(default=None, max_length=200)
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    updated_by: str = Field(default="", max_length=100)
    updated_at: datetime = _timestamp()


class Term(SQLModel, table=True):
    """A term of a concept in one language, with its status (deprecated = forbidden)."""

    __table_args__ = (UniqueConstraint("concept_id", "lang", "text", name="uq_term_text"),)

    id: int | None = Field(default=None, primary_key=True)
    concept_id: int = Field(foreign_key="concept.id", index=True, ondelete="CASCADE")
    lang: str = Field(max_length=20, index=True)
    text: str = Field(max_length=500)
    status: str = Field(default="preferred", max_length=20)
    part_of_speech: str | None = Field(default=None, max_length=40)
    case_sensitive: bool = False
    note: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class QAIssue(SQLModel, table=True):
    """One current QA result of a translation; replaced whenever its inputs change."""

    id: int | None = Field(default=None, primary_key=True)
    translation_id: int = Field(foreign_key="translation.id", index=True, ondelete="CASCADE")
    check: str = Field(max_length=60)
    severity: str = Field(max_length=20)
    start: int
    end: int
    message: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _timestamp()


class QARun(SQLModel, table=True):
    """What the stored QA results of a translation were computed from.

    `input_hash` covers the source, its neighbours and the target text; `stamp` names the
    glossary state and the rules version. Results whose run differs are stale.
    """

    translation_id: int = Field(foreign_key="translation.id", primary_key=True, ondelete="CASCADE")
    input_hash: str = Field(max_length=64)
    stamp: str = Field(max_length=200)
    computed_at: datetime = _timestamp()


class QADismissal(SQLModel, table=True):
    """A reviewer's decision that a QA result is not a problem, with the reason; undoable."""

    id: int | None = Field(default=None, primary_key=True)
    translation_id: int = Field(foreign_key="translation.id", index=True, ondelete="CASCADE")
    check: str = Field(max_length=60)
    message: str = Field(sa_column=Column(Text, nullable=False))
    reason: str = Field(sa_column=Column(Text, nullable=False))
    user: str = Field(max_length=100)
    at: datetime = _timestamp()
    undone_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    undone_by: str | None = Field(default=None, max_length=100)


class TMUnit(SQLModel, table=True):
    """One translation-memory unit: a source sentence and one approved target.

    Fed by approved translations and by TMX/TSV import. A pair (languages, source, target)
    is stored once; repeated imports update its timestamps instead of adding rows.
    `prev_hash`/`next_hash` are the neighbouring source sentences' hashes, for in-context matches.
    """

    __table_args__ = (
        UniqueConstraint(
            "source_lang", "target_lang", "source_hash", "target_hash", name="uq_tmunit_pair"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    source_lang: str = Field(default="zh", max_length=20)
    source_text: str = Field(sa_column=Column(Text, nullable=False))
    source_hash: str = Field(max_length=64, index=True)
    target_lang: str = Field(max_length=20)
    target_text: str = Field(sa_column=Column(Text, nullable=False))
    target_hash: str = Field(max_length=64)
    origin: str = Field(default="approved", max_length=20)
    creator: str = Field(default="", max_length=100)
    article: str | None = Field(default=None, max_length=200)
    prev_hash: str | None = Field(default=None, max_length=64)
    next_hash: str | None = Field(default=None, max_length=64)
    created_at: datetime = _timestamp()
    updated_at: datetime = _timestamp()


class MTCache(SQLModel, table=True):
    """Every answer a machine-translation engine gave, so that nothing is paid for twice."""

    __table_args__ = (
        UniqueConstraint(
            "engine", "source_lang", "target_lang", "source_hash", name="uq_mtcache_query"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    engine: str = Field(max_length=60)
    source_lang: str = Field(max_length=20)
    target_lang: str = Field(max_length=20)
    source_hash: str = Field(max_length=64)
    source_text: str = Field(sa_column=Column(Text, nullable=False))
    target_text: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = _timestamp()


class Presence(SQLModel, table=True):
    """A soft, expiring marker: who has which article (and segment) open right now."""

    id: int | None = Field(default=None, primary_key=True)
    session_id: str = Field(max_length=64, unique=True, index=True)
    user: str = Field(max_length=100)
    article_id: int | None = Field(
        default=None, foreign_key="article.id", index=True, ondelete="CASCADE"
    )
    position: int | None = None
    lang: str | None = Field(default=None, max_length=20)
    seen_at: datetime = _timestamp()


class SegmentOperation(SQLModel, table=True):
    """A structural change of an article (merge, split, moved sentence), undoable.

    `payload` is JSON holding what is needed to undo it (the segments and translations before).
    """

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True, ondelete="CASCADE")
    user: str = Field(max_length=100)
    action: str = Field(max_length=30)
    payload: str = Field(sa_column=Column(Text, nullable=False))
    at: datetime = _timestamp()
    undone_at: datetime | None = Field(
        default=None, sa_column=Column(DateTime(timezone=True), nullable=True)
    )
    undone_by: str | None = Field(default=None, max_length=100)
