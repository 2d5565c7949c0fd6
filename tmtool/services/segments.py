"""Fixing an article's segmentation by hand: merge, split, move a sentence, undo.

Every change is one transaction, recorded as a `SegmentOperation` that the last-first
`undo_last` can take back exactly (see `segment_records` for what is kept). Positions stay
1, 2, … n without gaps. Every translation whose text or state changes gets a revision.

Rules:

- **States.** A translation whose text changes follows an edit: APPROVED and FINAL drop to
  TRANSLATED, an emptied one becomes EMPTY, new text in an EMPTY one is a DRAFT. Merging
  or splitting also changes the *source*, so an approval no longer holds there either:
  every translation of a merged or split segment is at most TRANSLATED. Merging gives the
  lower of the two states, where an untranslated side counts as DRAFT (its part of the
  source has no confirmed translation).
- **Paragraphs.** Merging across a paragraph break is allowed; the merged segment stays in
  the first segment's paragraph, so the break moves to after it. The headline
  (paragraph 0) is never merged with the body. A split keeps both parts in the paragraph.
- **Locking.** The caller passes what its user saw (`Seen`): the segment ids at the
  positions involved and the translation versions. A translation changed meanwhile raises
  the workflow's `ConflictError`; a segment that is no longer at its position raises a
  `TmtoolError`. An undo is refused when a translation it would restore changed after the
  change being undone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from sqlmodel import Session, select

from tmtool.errors import TmtoolError
from tmtool.models import Origin, Revision, Segment, State, Translation, utcnow
from tmtool.segment import split_sentences
from tmtool.services.importing import TITLE_PARAGRAPH, source_hash
from tmtool.services.retry import retrying
from tmtool.services.segment_records import (
    SEGMENT_FIELDS,
    TRANSLATION_FIELDS,
    OperationView,
    Row,
    Seen,
    after_state,
    begin,
    recompute_around,
    record_operation,
    removed_segment,
    row,
    segment_at,
    set_translation,
    shift_positions,
    translations_of,
)
from tmtool.services.segment_text import (
    cut,
    cut_point,
    join_texts,
    matching_offset,
    merged_state,
    sentence_starts,
    split_state,
)
from tmtool.services.segment_undo import history, undo_last
from tmtool.services.workflow import state_after_edit

__all__ = [
    "OperationView",
    "Seen",
    "history",
    "merge_with_next",
    "move_sentence",
    "split",
    "undo_last",
]

Direction = Literal["previous", "next"]
MOVE_ACTIONS = {"previous": "move-previous", "next": "move-next"}


def _merge_plans(
    ours: dict[str, Translation], theirs: dict[str, Translation], position: int
) -> list[tuple[Translation, str, State, dict[str, Any]]]:
    """For each language: the first translation, its merged text, state and other fields."""
    extra_langs = sorted(set(theirs) - set(ours))
    if extra_langs:
        raise TmtoolError(
            f"segment {position + 1} has a {extra_langs[0]} translation that segment {position} "
            "lacks; the two cannot be merged."
        )
    plans: list[tuple[Translation, str, State, dict[str, Any]]] = []
    for lang, t in ours.items():
        other = theirs.get(lang)
        if other is None:
            plans.append((t, t.text, split_state(State(t.state), t.text), {}))
            continue
        text = join_texts(t.text, other.text, lang)
        extra: dict[str, Any] = {}
        if other.text.strip() and not t.text.strip():
            extra = {"origin": other.origin, "confidence": other.confidence}
        elif other.text.strip() and other.origin != t.origin:
            extra = {"origin": Origin.HUMAN.value}
        plans.append((t, text, merged_state(t, other, text), extra))
    return plans


# -- the operations -------------------------------------------------------------------------------


def merge_with_next(
    session: Session, *, article_id: int, position: int, user_name: str, seen: Seen | None = None
) -> OperationView:
    """Merge segment `position` with the one after it, sources and every translation.

    Args:
        session: a session without an open transaction.
        article_id: the article.
        position: the first of the two segments (1-based).
        user_name: the acting user (translator, reviewer or admin).
        seen: what the user saw; changes since then are refused.

    Returns:
        The recorded operation; `position` is the merged segment.

    Raises:
        ConflictError: a translation changed since the user saw it.
        TmtoolError: no next segment, the headline and the body, a role or a stale view.
    """
    seen = seen or Seen()

    def attempt() -> OperationView:
        with session.begin():
            article, user = begin(session, article_id, user_name, "merging segments")
            first = segment_at(session, article_id, position, seen)
            second = session.exec(
                select(Segment).where(
                    Segment.article_id == article_id, Segment.position == position + 1
                )
            ).first()
            if second is None:
                raise TmtoolError(
                    f"segment {position} is the last one; there is nothing to merge it with."
                )
            second = segment_at(session, article_id, position + 1, seen)
            if TITLE_PARAGRAPH in (first.paragraph, second.paragraph) and (
                first.paragraph != second.paragraph
            ):
                raise TmtoolError("the headline cannot be merged with the body of the article.")
            assert first.id is not None and second.id is not None
            ours, theirs = (
                translations_of(session, first, seen),
                translations_of(session, second, seen),
            )
            now = utcnow()
            payload: Row = {
                "position": position,
                "shift": {"after": position + 1, "delta": -1},
                "changed": [
                    {
                        "segment": row(first, SEGMENT_FIELDS),
                        "translations": [row(t, TRANSLATION_FIELDS) for t in ours.values()],
                    }
                ],
                "created": [],
            }
            plans = _merge_plans(ours, theirs, position)
            merged_source = join_texts(first.source, second.source, article.source_lang)
            payload["removed"] = [removed_segment(session, second, first.id)]
            session.delete(second)
            session.flush()
            first.source, first.source_hash = merged_source, source_hash(merged_source)
            session.add(first)
            shift_positions(session, article_id, position + 1, -1)
            for t, text, state, extra in plans:
                set_translation(
                    session,
                    t,
                    text=text,
                    state=state,
                    action="merge",
                    user=user,
                    now=now,
                    extra=extra,
                )
            payload["after"] = after_state(session, [first.id])
            recompute_around(session, article_id, position, position)
            return record_operation(
                session,
                article,
                user=user,
                action="merge",
                now=now,
                payload=payload,
                positions=(position,),
            )

    return retrying(attempt)


def _split_offsets(
    segment: Segment,
    translations: dict[str, Translation],
    source_lang: str,
    source_at: int | None,
    target_at: Mapping[str, int],
) -> tuple[int, dict[str, int]]:
    """Where the source and each translation are cut."""
    for lang, offset in target_at.items():
        if lang not in translations:
            raise TmtoolError(f"segment {segment.position} has no {lang} translation.")
        if not 0 <= offset <= len(translations[lang].text):
            raise TmtoolError(
                f"{offset} is outside the {lang} text of segment {segment.position} "
                f"(0 to {len(translations[lang].text)} characters)."
            )
    source = segment.source
    if source_at is None:
        if not target_at:
            raise TmtoolError(
                f"say where to split segment {segment.position}: an offset in the source, "
                "or in one of its translations."
            )
        lang, offset = next(iter(target_at.items()))
        reference = cut_point(translations[lang].text, lang, offset)
        source_at = matching_offset(source, source_lang, reference)
        if source_at is None:
            raise TmtoolError(
                f"the source of segment {segment.position} is a single sentence; say where "
                "to split it (an offset in the source, or the cursor in the source text)."
            )
    first, second = cut(source, source_at)
    if not 0 < source_at < len(source) or not first.strip() or not second.strip():
        raise TmtoolError(
            f"a split of segment {segment.position} must leave source text in both parts "
            f"(an offset between 1 and {len(source) - 1})."
        )
    reference = cut_point(source, source_lang, source_at)
    offsets: dict[str, int] = {}
    for lang, t in translations.items():
        if lang in target_at:
            offsets[lang] = target_at[lang]
        else:
            found = matching_offset(t.text, lang, reference)
            offsets[lang] = len(t.text) if found is None else found
    return source_at, offsets


def split(
    session: Session,
    *,
    article_id: int,
    position: int,
    user_name: str,
    source_at: int | None = None,
    target_at: Mapping[str, int] | None = None,
    seen: Seen | None = None,
) -> OperationView:
    """Split segment `position` in two, the source and every translation.

    The source is cut before character `source_at`; without it, at the sentence boundary
    matching the first cut given in `target_at`. A translation is cut at its offset in
    `target_at`, else at the sentence boundary matching the source's cut (after as many
    sentences when it has as many as the source, else nearest to the same share of its
    length); a one-sentence translation stays whole in the first part. Offsets are
    0-based characters; blank space at a cut is dropped.

    Args:
        session: a session without an open transaction.
        article_id: the article.
        position: the segment to split (1-based); its second part becomes `position + 1`.
        user_name: the acting user (translator, reviewer or admin).
        source_at: where to cut the source.
        target_at: where to cut translations, by language.
        seen: what the user saw; changes since then are refused.

    Returns:
        The recorded operation; `position` is the first part.

    Raises:
        ConflictError: a translation changed since the user saw it.
        TmtoolError: a cut that leaves an empty source part, offsets out of range, a role.
    """
    seen = seen or Seen()
    cuts = dict(target_at or {})

    def attempt() -> OperationView:
        with session.begin():
            article, user = begin(session, article_id, user_name, "splitting segments")
            segment = segment_at(session, article_id, position, seen)
            translations = translations_of(session, segment, seen)
            at, offsets = _split_offsets(
                segment, translations, article.source_lang, source_at, cuts
            )
            now = utcnow()
            payload: Row = {
                "position": position,
                "shift": {"after": position, "delta": 1},
                "changed": [
                    {
                        "segment": row(segment, SEGMENT_FIELDS),
                        "translations": [row(t, TRANSLATION_FIELDS) for t in translations.values()],
                    }
                ],
                "removed": [],
            }
            head, tail = cut(segment.source, at)
            parts = {lang: (t, *cut(t.text, offsets[lang])) for lang, t in translations.items()}
            shift_positions(session, article_id, position, 1)
            segment.source, segment.source_hash = head, source_hash(head)
            session.add(segment)
            new = Segment(
                article_id=article_id,
                position=position + 1,
                paragraph=segment.paragraph,
                source=tail,
                source_hash=source_hash(tail),
            )
            session.add(new)
            session.flush()
            assert new.id is not None
            for lang, (t, first, second) in parts.items():
                state = State(t.state)
                created = Translation(
                    segment_id=new.id,
                    lang=lang,
                    text=second,
                    state=int(split_state(state, second)),
                    origin=t.origin if second.strip() else Origin.HUMAN.value,
                    confidence=t.confidence if second.strip() else None,
                    updated_by=user,
                    updated_at=now,
                )
                set_translation(
                    session,
                    t,
                    text=first,
                    state=split_state(state, first),
                    action="split",
                    user=user,
                    now=now,
                )
                session.add(created)
                session.flush()
                if second:
                    assert created.id is not None
                    session.add(
                        Revision(
                            translation_id=created.id,
                            user=user,
                            at=now,
                            action="split",
                            new_text=second,
                            old_state=int(State.EMPTY),
                            new_state=created.state,
                            version=created.version,
                        )
                    )
            payload["created"] = [new.id]
            assert segment.id is not None
            payload["after"] = after_state(session, [segment.id, new.id])
            recompute_around(session, article_id, position, position + 1)
            return record_operation(
                session,
                article,
                user=user,
                action="split",
                now=now,
                payload=payload,
                positions=(position, position + 1),
            )

    return retrying(attempt)


def _move_texts(giver: str, taker: str, lang: str, direction: Direction) -> tuple[str, str] | None:
    """The giver's and the taker's texts after moving a sentence; None without a sentence."""
    sentences = split_sentences(giver, lang)
    if not sentences:
        return None
    starts = sentence_starts(giver, lang)
    if direction == "previous":
        end = starts[0] + len(sentences[0])
        return giver[end:].lstrip(), join_texts(taker, sentences[0], lang)
    return giver[: starts[-1]].rstrip(), join_texts(sentences[-1], taker, lang)


def move_sentence(
    session: Session,
    *,
    article_id: int,
    position: int,
    lang: str,
    direction: Direction,
    user_name: str,
    seen: Seen | None = None,
) -> OperationView:
    """Move a sentence of one translation to the neighbouring segment.

    "previous": the first sentence goes to the end of the previous segment's text;
    "next": the last sentence goes to the start of the next segment's text. Sources and
    other languages stay as they are.

    Args:
        session: a session without an open transaction.
        article_id: the article.
        position: the segment giving the sentence (1-based).
        lang: the target language.
        direction: "previous" or "next".
        user_name: the acting user (translator, reviewer or admin).
        seen: what the user saw; changes since then are refused.

    Returns:
        The recorded operation; `position` is the giving segment.

    Raises:
        ConflictError: a translation changed since the user saw it.
        TmtoolError: no neighbour that way, no text to move, an unknown language, a role.
    """
    seen = seen or Seen()
    other = position - 1 if direction == "previous" else position + 1

    def attempt() -> OperationView:
        with session.begin():
            article, user = begin(session, article_id, user_name, "moving sentences")
            giver = segment_at(session, article_id, position, seen)
            if (
                other < 1
                or session.exec(
                    select(Segment.id).where(
                        Segment.article_id == article_id, Segment.position == other
                    )
                ).first()
                is None
            ):
                where = "first" if direction == "previous" else "last"
                raise TmtoolError(
                    f"segment {position} is the {where} one; there is no {direction} segment "
                    "to move a sentence to."
                )
            taker = segment_at(session, article_id, other, seen)
            ours, theirs = (
                translations_of(session, giver, seen),
                translations_of(session, taker, seen),
            )
            if lang not in ours or lang not in theirs:
                raise TmtoolError(f"the article has no {lang} translations.")
            mine, yours = ours[lang], theirs[lang]
            texts = _move_texts(mine.text, yours.text, lang, direction)
            if texts is None:
                raise TmtoolError(f"segment {position} has no {lang} text to move.")
            now = utcnow()
            payload: Row = {
                "position": position,
                "shift": None,
                "changed": [
                    {
                        "segment": row(s, SEGMENT_FIELDS),
                        "translations": [row(t, TRANSLATION_FIELDS)],
                    }
                    for s, t in ((giver, mine), (taker, yours))
                ],
                "removed": [],
                "created": [],
            }
            extra: dict[str, Any] = {}
            if not yours.text.strip():
                extra = {"origin": mine.origin, "confidence": mine.confidence}
            for t, text, more in ((mine, texts[0], {}), (yours, texts[1], extra)):
                set_translation(
                    session,
                    t,
                    text=text,
                    state=state_after_edit(State(t.state), text),
                    action="move-sentence",
                    user=user,
                    now=now,
                    extra=more,
                )
            assert giver.id is not None and taker.id is not None
            payload["after"] = after_state(session, [giver.id, taker.id], [lang])
            low, high = sorted((position, other))
            recompute_around(session, article_id, low, high)
            return record_operation(
                session,
                article,
                user=user,
                action=MOVE_ACTIONS[direction],
                now=now,
                payload=payload,
                positions=(low, high),
            )

    return retrying(attempt)
