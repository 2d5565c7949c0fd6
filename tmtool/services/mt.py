"""Machine translation for the editor and for whole articles, with every answer cached.

`suggest` gives one glossary-safe suggestion for a source sentence (the editor's MT panel
calls it from a worker thread with a session of its own). `pretranslate` fills the empty
segments of an article as DRAFT, origin "mt", batch by batch. Both keep every engine
answer in the `MTCache` table the moment it arrives, keyed by engine, language pair and
the exact text sent, so nothing is paid for twice. Network calls happen outside any
database transaction.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tmtool.errors import TmtoolError
from tmtool.glossary import TermIndex
from tmtool.models import MTCache, Origin, Segment, State, Translation
from tmtool.mt import MTAdapter, MTError, MTSettings, load_settings, mask
from tmtool.mt.engines import ENGINES, has_keys, make_adapter, secrets_of, spec_of
from tmtool.mt.pipeline import Counters, Draft, finish, translate_texts
from tmtool.services import quality, queries, workflow
from tmtool.services.retry import retrying
from tmtool.services.terminology import termbase_in
from tmtool.services.users import get_user, require_role
from tmtool.services.workflow import EDITORS
from tmtool.workspace import Workspace

FLAG_LIMIT = 500
_LOOKUP_CHUNK = 500


@dataclass(frozen=True)
class MTSuggestion:
    """A machine translation of one source, glossary terms in place.

    Attributes:
        text: the translation.
        engine: the engine's name.
        flags: one sentence per thing the translator should check.
    """

    text: str
    engine: str
    flags: list[str]


@dataclass(frozen=True)
class PretranslateProgress:
    """Where a pretranslation run is: segments handled of the total, and filled so far."""

    done: int
    total: int
    filled: int


@dataclass(frozen=True)
class PretranslateReport:
    """What a pretranslation run did.

    Attributes:
        slug: the article.
        lang: the target language.
        engine: the engine used.
        total: empty segments found.
        filled: segments that received a draft.
        skipped: segments edited by someone else meanwhile, or with an empty answer.
        flagged: filled segments carrying a flag for the translator.
        requested: texts sent to the engine (cache misses).
        cached: texts answered from the cache.
    """

    slug: str
    lang: str
    engine: str
    total: int
    filled: int
    skipped: int
    flagged: int
    requested: int
    cached: int


@dataclass(frozen=True)
class EngineInfo:
    """An engine as `tmtool mt engines` lists it."""

    name: str
    label: str
    keys: list[str] = field(default_factory=list)
    needs_key: bool = False
    configured: bool = False
    selected: bool = False
    takes_url: bool = False
    note: str = ""


def text_hash(text: str) -> str:
    """The cache key of a text sent to an engine."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DatabaseCache:
    """The MT answer cache in the `MTCache` table; each call is a transaction of its own."""

    def __init__(self, session: Session) -> None:
        """Use `session`, which must not be inside a transaction."""
        self._session = session

    def lookup(self, engine: str, source: str, target: str, texts: Sequence[str]) -> dict[str, str]:
        """The stored answers for those of `texts` that have one."""
        by_hash = {text_hash(t): t for t in texts}
        found: dict[str, str] = {}
        hashes = list(by_hash)
        with self._session.begin():
            for start in range(0, len(hashes), _LOOKUP_CHUNK):
                rows = self._session.exec(
                    select(MTCache).where(
                        MTCache.engine == engine,
                        MTCache.source_lang == source,
                        MTCache.target_lang == target,
                        col(MTCache.source_hash).in_(hashes[start : start + _LOOKUP_CHUNK]),
                    )
                )
                for row in rows:
                    text = by_hash.get(row.source_hash)
                    if text is not None and row.source_text == text:
                        found[text] = row.target_text
        return found

    def store(self, engine: str, source: str, target: str, answers: Mapping[str, str]) -> None:
        """Keep new answers; one stored meanwhile by another process is left as it is."""

        def attempt() -> None:
            with self._session.begin():
                hashes = {text_hash(t): t for t in answers}
                present = set(
                    self._session.exec(
                        select(MTCache.source_hash).where(
                            MTCache.engine == engine,
                            MTCache.source_lang == source,
                            MTCache.target_lang == target,
                            col(MTCache.source_hash).in_(list(hashes)),
                        )
                    )
                )
                self._session.add_all(
                    MTCache(
                        engine=engine,
                        source_lang=source,
                        target_lang=target,
                        source_hash=digest,
                        source_text=text,
                        target_text=answers[text],
                    )
                    for digest, text in hashes.items()
                    if digest not in present
                )

        try:
            retrying(attempt)
        except IntegrityError:  # another process stored some of them between our steps
            retrying(attempt)


_adapters: dict[str, MTAdapter] = {}
_adapters_lock = threading.Lock()


def _adapter(settings: MTSettings) -> MTAdapter:
    """The adapter for these settings and keys, made once per process."""
    spec = spec_of(settings.engine)
    key = text_hash(repr((settings, sorted(secrets_of(spec).items()))))
    with _adapters_lock:
        adapter = _adapters.get(key)
    if adapter is None:
        adapter = make_adapter(settings)
        with _adapters_lock:
            _adapters[key] = adapter
    return adapter


def settings_of(workspace: Workspace, engine: str | None = None) -> MTSettings:
    """The workspace's MT settings, with `engine` (from --engine) overriding its engine."""
    table = dict(workspace.mt_settings)
    if "engine" not in table and workspace.mt_engine:
        table["engine"] = workspace.mt_engine
    return load_settings(table, engine=engine)


def _check_lang(workspace: Workspace, lang: str) -> None:
    if lang not in workspace.target_langs:
        raise TmtoolError(f"this workspace does not translate into {lang}.")


def _index(session: Session) -> TermIndex:
    with session.begin():
        return TermIndex(termbase_in(session))


def translate_text(
    *,
    session: Session,
    workspace: Workspace,
    source: str,
    lang: str,
    engine: str | None = None,
    on_retry: Callable[[MTError, float], None] | None = None,
) -> MTSuggestion:
    """Machine-translate one source text, glossary terms kept; `engine` overrides the
    workspace's.

    Raises:
        TmtoolError: MT is off, the engine is unknown or lacks its key, or the engine
            failed (no network, down, refusing, rate limited after the retries).
    """
    _check_lang(workspace, lang)
    settings = settings_of(workspace, engine)
    adapter = _adapter(settings)
    if not source.strip():
        return MTSuggestion("", adapter.name, [])
    index = _index(session)
    masked = mask(source, index, lang)
    answers = translate_texts(
        [masked.text],
        adapter=adapter,
        settings=settings,
        cache=DatabaseCache(session),
        source=workspace.source_lang,
        target=lang,
        on_retry=on_retry,
    )
    draft = finish(masked, answers[masked.text], lang, index)
    return MTSuggestion(draft.text, adapter.name, draft.flags)


def suggest(*, session: Session, workspace: Workspace, source: str, lang: str) -> MTSuggestion:
    """The workspace engine's suggestion for one source sentence, from the cache if it has
    been asked before.

    Args:
        session: a session not inside a transaction (each step opens its own).
        workspace: the workspace, for its MT settings and languages.
        source: the source sentence.
        lang: the target language.

    Returns:
        The suggestion, with flags for the translator.

    Raises:
        TmtoolError: one sentence saying what is wrong (no engine set, no key, no network,
            engine down, rate limited after the retries).
    """
    return translate_text(session=session, workspace=workspace, source=source, lang=lang)


def flag_text(flags: Sequence[str]) -> str | None:
    """A translation's flag from a draft's flags, within the column's size."""
    if not flags:
        return None
    text = "MT: " + " ".join(flags)
    return text if len(text) <= FLAG_LIMIT else text[: FLAG_LIMIT - 1] + "…"


@dataclass(frozen=True)
class _Empty:
    translation_id: int
    version: int
    source: str


def _empty_segments(session: Session, article_id: int, lang: str) -> list[_Empty]:
    rows = session.exec(
        select(Translation.id, Translation.version, Translation.text, Segment.source)
        .join(Segment, col(Segment.id) == col(Translation.segment_id))
        .where(
            Segment.article_id == article_id,
            Translation.lang == lang,
            Translation.state == int(State.EMPTY),
        )
        .order_by(col(Segment.position))
    )
    return [
        _Empty(tid, version, source)
        for tid, version, text, source in rows
        if tid is not None and not text.strip() and source.strip()
    ]


def _write(
    session: Session, user_name: str, batch: Sequence[_Empty], drafts: Sequence[Draft]
) -> tuple[int, int, int]:
    """Write one batch of drafts in one transaction; (filled, skipped, flagged).

    Each draft is written by `workflow.fill_empty`; the QA results of the batch are then
    recomputed together (one recomputation per segment took most of a pretranslation's time).
    """

    def attempt() -> tuple[int, int, int]:
        filled: list[int] = []
        skipped = flagged = 0
        with session.begin():
            user = get_user(session, user_name)
            for item, draft in zip(batch, drafts, strict=True):
                if not draft.text.strip():
                    skipped += 1
                    continue
                if not workflow.fill_empty(
                    session,
                    translation_id=item.translation_id,
                    version=item.version,
                    text=draft.text,
                    origin=Origin.MT,
                    user=user,
                    action="mt",
                    flag=flag_text(draft.flags),
                ):
                    skipped += 1  # someone wrote there since we read it
                    continue
                filled.append(item.translation_id)
                flagged += bool(draft.flags)
            quality.recompute(session, filled)
        return len(filled), skipped, flagged

    return retrying(attempt)


def pretranslate(
    *,
    session: Session,
    workspace: Workspace,
    slug: str,
    lang: str,
    user_name: str,
    engine: str | None = None,
    on_progress: Callable[[PretranslateProgress], None] | None = None,
    on_retry: Callable[[MTError, float], None] | None = None,
) -> PretranslateReport:
    """Fill the article's EMPTY segments in `lang` with machine translations, as DRAFT.

    Segments go in batches (`[mt] batch_size`): the batch's sources are masked, looked up
    in the cache, the rest sent to the engine (answers cached as they arrive), and the
    batch's drafts written in one transaction with a revision each. A segment someone
    filled meanwhile is left alone. A failure or an interruption keeps the batches
    written and the answers cached; the segment being written is never half-written.

    Raises:
        TmtoolError: as for `suggest`, naming how many segments were filled before it.
    """
    _check_lang(workspace, lang)
    settings = settings_of(workspace, engine)
    adapter = _adapter(settings)
    with session.begin():
        require_role(get_user(session, user_name), "pre-translating", *EDITORS)
        article = queries.find_article(session, slug)
        assert article.id is not None
        empty = _empty_segments(session, article.id, lang)
        index = TermIndex(termbase_in(session))
    cache = DatabaseCache(session)
    counters = Counters()
    filled = skipped = flagged = 0
    total = len(empty)
    for start in range(0, total, settings.batch_size):
        batch = empty[start : start + settings.batch_size]
        masked = [mask(item.source, index, lang) for item in batch]
        try:
            answers = translate_texts(
                [m.text for m in masked],
                adapter=adapter,
                settings=settings,
                cache=cache,
                source=workspace.source_lang,
                target=lang,
                counters=counters,
                on_retry=on_retry,
            )
        except MTError as exc:
            raise TmtoolError(
                f"{str(exc).rstrip('.')}; {filled} of {total} empty segments were filled "
                "before that and every answer received is cached, so running the command "
                "again goes on from there."
            ) from exc
        drafts = [finish(m, answers[m.text], lang, index) for m in masked]
        done = _write(session, user_name, batch, drafts)
        filled, skipped, flagged = filled + done[0], skipped + done[1], flagged + done[2]
        if on_progress is not None:
            on_progress(PretranslateProgress(start + len(batch), total, filled))
    return PretranslateReport(
        slug,
        lang,
        adapter.name,
        total,
        filled,
        skipped,
        flagged,
        counters.requested,
        counters.cached,
    )


def list_engines(workspace: Workspace | None) -> list[EngineInfo]:
    """Every engine tmtool offers, whether its keys are found, and which one is chosen."""
    selected = None
    if workspace is not None:
        selected = settings_of(workspace).engine
    return [
        EngineInfo(
            name=spec.name,
            label=spec.label,
            keys=spec.env_vars(),
            needs_key=any(s.required for s in spec.secrets),
            configured=has_keys(spec),
            selected=spec.name == selected,
            takes_url=spec.takes_url,
            note=spec.note,
        )
        for spec in ENGINES.values()
    ]
