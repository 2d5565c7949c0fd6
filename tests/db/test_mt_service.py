"""Machine translation against the local test server, on both databases: suggestions,
the answer cache, pretranslation, failures that leave nothing half-written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import col, func, select

from tests.conftest import Env
from tests.db.test_cli import run
from tests.mt_server import MTServer, refused_url, use_server
from tmtool import workspace
from tmtool.errors import TmtoolError
from tmtool.formats.termbase import ConceptEntry, Termbase, TermEntry
from tmtool.models import MTCache, Origin, Revision, Segment, State, Translation
from tmtool.services import mt, quality, terminology, workflow
from tmtool.workspace import Workspace

ZH = "会议在鹤城举行。\n\n市长出席了会议。\n\n齐齐哈尔发展很快。\n"
RU = {
    "会议在[T1]举行。": "Совещание прошло в [T1].",
    "市长出席了会议。": "Мэр присутствовал на совещании.",
    "[T1]发展很快。": "[T1] быстро развивается.",
}
TERMS = Termbase(
    (
        ConceptEntry(
            "crane",
            (
                TermEntry("zh", "鹤城"),
                TermEntry("en", "Crane City"),
                TermEntry("ru", "Город журавлей"),
            ),
        ),
        ConceptEntry(
            "qiqihar",
            (TermEntry("zh", "齐齐哈尔"), TermEntry("en", "Qiqihar"), TermEntry("ru", "Цицикар")),
        ),
    )
)


def configure(env: Env, url: str, **more: object) -> Workspace:
    """Point the workspace's [mt] table at a server, with short waits."""
    use_server(env.workspace.root, url, **more)
    return workspace.load(env.workspace.root)


@pytest.fixture
def ws(
    env: Env, mt_server: MTServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> Workspace:
    """A workspace using the test server, a two-concept glossary and a 3-segment article."""
    mt_server.table.update(RU)
    terminology.import_termbase(env.session(), termbase=TERMS, name="desk", user_name="chen")
    source = tmp_path / "news.zh.txt"
    source.write_text(ZH, encoding="utf-8")
    assert run(env, capsys, "import", str(source), "--slug", "news")[0] == 0
    return configure(env, mt_server.url)


def cells(env: Env, lang: str = "ru") -> list[tuple[str, State, str, int, str | None]]:
    with env.session() as session:
        rows = session.exec(
            select(Translation)
            .join(Segment, col(Segment.id) == col(Translation.segment_id))
            .where(Translation.lang == lang)
            .order_by(col(Segment.position))
        )
        return [(t.text, State(t.state), t.origin, t.version, t.flag) for t in rows]


def count(env: Env, model: type) -> int:
    with env.session() as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_suggest_restores_russian_case_and_caches(
    env: Env, ws: Workspace, mt_server: MTServer
) -> None:
    first = mt.suggest(session=env.session(), workspace=ws, source="会议在鹤城举行。", lang="ru")
    assert first == mt.MTSuggestion("Совещание прошло в Городе журавлей.", "libretranslate", [])
    assert mt_server.texts() == ["会议在[T1]举行。"]
    again = mt.suggest(session=env.session(), workspace=ws, source="会议在鹤城举行。", lang="ru")
    assert again == first
    assert mt_server.count() == 1  # the second answer came from the cache
    with env.session() as session:
        row = session.exec(select(MTCache)).one()
    assert (row.engine, row.source_lang, row.target_lang, row.source_text, row.target_text) == (
        "libretranslate",
        "zh",
        "ru",
        "会议在[T1]举行。",
        "Совещание прошло в [T1].",
    )


def test_suggest_base_form_is_flagged(env: Env, ws: Workspace) -> None:
    result = mt.suggest(session=env.session(), workspace=ws, source="齐齐哈尔发展很快。", lang="ru")
    assert result.text == "Цицикар быстро развивается."
    assert result.flags == ["«Цицикар» (齐齐哈尔) is in its base form; check that its case fits."]


def test_suggest_through_english(env: Env, ws: Workspace, mt_server: MTServer) -> None:
    ws = configure(env, mt_server.url, pivot_ru="en")
    mt_server.script("会议在[T1]举行。", "The meeting was held in [T1].", target="en")
    mt_server.script("The meeting was held in [T1].", "Совещание состоялось в [T1].", target="ru")
    result = mt.suggest(session=env.session(), workspace=ws, source="会议在鹤城举行。", lang="ru")
    assert result.text == "Совещание состоялось в Городе журавлей."
    assert [(r.source, r.target) for r in mt_server.requests] == [("zh", "en"), ("en", "ru")]
    # The English hop is paid once: an English suggestion reuses it.
    english = mt.suggest(session=env.session(), workspace=ws, source="会议在鹤城举行。", lang="en")
    assert english.text == "The meeting was held in Crane City."
    assert mt_server.count() == 2


def test_suggest_errors_are_one_sentence(env: Env, ws: Workspace, mt_server: MTServer) -> None:
    mt_server.fail(429, times=3, retry_after=2)
    with pytest.raises(TmtoolError, match=r"limiting requests \(HTTP 429\) \(3 attempts\)\.$"):
        mt.suggest(session=env.session(), workspace=ws, source="会议。", lang="ru")
    off = configure(env, refused_url())
    with pytest.raises(TmtoolError, match=r"cannot be reached.*\(3 attempts\)\.$"):
        mt.suggest(session=env.session(), workspace=off, source="会议。", lang="ru")
    deepl = configure(env, refused_url(), engine="deepl")
    with pytest.raises(TmtoolError, match="needs its key"):
        mt.suggest(session=env.session(), workspace=deepl, source="会议。", lang="ru")
    assert count(env, MTCache) == 0


def test_pretranslate_fills_only_empty_segments_with_revisions(
    env: Env, ws: Workspace, mt_server: MTServer
) -> None:
    with env.session() as session:
        second = session.exec(
            select(Translation)
            .join(Segment, col(Segment.id) == col(Translation.segment_id))
            .where(Segment.position == 2, Translation.lang == "ru")
        ).one()
    assert second.id is not None
    workflow.save_text(
        env.session(),
        translation_id=second.id,
        expected_version=1,
        text="Мэр был на совещании.",
        user_name="chen",
    )
    revisions = count(env, Revision)
    progress: list[mt.PretranslateProgress] = []
    report = mt.pretranslate(
        session=env.session(),
        workspace=ws,
        slug="news",
        lang="ru",
        user_name="chen",
        on_progress=progress.append,
    )
    assert (report.total, report.filled, report.skipped, report.flagged) == (2, 2, 0, 1)
    assert (report.requested, report.cached) == (2, 0)
    assert progress[-1] == mt.PretranslateProgress(2, 2, 2)
    assert cells(env) == [
        ("Совещание прошло в Городе журавлей.", State.DRAFT, Origin.MT.value, 2, None),
        ("Мэр был на совещании.", State.DRAFT, Origin.HUMAN.value, 2, None),
        (
            "Цицикар быстро развивается.",
            State.DRAFT,
            Origin.MT.value,
            2,
            "MT: «Цицикар» (齐齐哈尔) is in its base form; check that its case fits.",
        ),
    ]
    assert mt_server.texts() == ["会议在[T1]举行。", "[T1]发展很快。"]
    with env.session() as session:
        actions = session.exec(select(Revision.action).where(col(Revision.id) > revisions)).all()
    assert actions == ["mt", "mt"]
    again = mt.pretranslate(
        session=env.session(), workspace=ws, slug="news", lang="ru", user_name="chen"
    )
    assert (again.total, again.filled, mt_server.count()) == (0, 0, 2)


def test_pretranslate_pays_nothing_twice(
    env: Env, ws: Workspace, mt_server: MTServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mt.pretranslate(session=env.session(), workspace=ws, slug="news", lang="ru", user_name="chen")
    assert mt_server.count() == 3
    copy = tmp_path / "copy.zh.txt"
    copy.write_text(ZH, encoding="utf-8")
    assert run(env, capsys, "import", str(copy), "--slug", "copy")[0] == 0
    report = mt.pretranslate(
        session=env.session(), workspace=ws, slug="copy", lang="ru", user_name="chen"
    )
    assert (report.filled, report.requested, report.cached) == (3, 0, 3)
    assert mt_server.count() == 3


def test_interruption_keeps_written_batches_and_cached_answers(
    env: Env, ws: Workspace, mt_server: MTServer
) -> None:
    ws = configure(env, mt_server.url, batch_size=2)
    mt_server.answer_normally(times=2)
    mt_server.fail(500)

    def interrupt(exc: Exception, delay: float) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        mt.pretranslate(
            session=env.session(),
            workspace=ws,
            slug="news",
            lang="ru",
            user_name="chen",
            on_retry=interrupt,
        )
    # Batch 1 (segments 1–2) was written; batch 2 was cut off before its write.
    assert [state for _, state, *_ in cells(env)] == [State.DRAFT, State.DRAFT, State.EMPTY]
    assert count(env, MTCache) == 2
    report = mt.pretranslate(
        session=env.session(), workspace=ws, slug="news", lang="ru", user_name="chen"
    )
    assert (report.filled, report.requested, report.cached) == (1, 1, 0)


def test_segment_filled_meanwhile_is_left_alone(
    env: Env, ws: Workspace, mt_server: MTServer
) -> None:
    mt_server.answer_normally(times=2)
    mt_server.fail(503)
    with env.session() as session:
        third = session.exec(
            select(Translation)
            .join(Segment, col(Segment.id) == col(Translation.segment_id))
            .where(Segment.position == 3, Translation.lang == "ru")
        ).one()
    assert third.id is not None
    third_id = third.id

    def someone_types(exc: Exception, delay: float) -> None:
        workflow.save_text(
            env.session(),
            translation_id=third_id,
            expected_version=1,
            text="Цицикар растёт.",
            user_name="chen",
        )

    report = mt.pretranslate(
        session=env.session(),
        workspace=ws,
        slug="news",
        lang="ru",
        user_name="chen",
        on_retry=someone_types,
    )
    assert (report.filled, report.skipped) == (2, 1)
    assert cells(env)[2][:3] == ("Цицикар растёт.", State.DRAFT, Origin.HUMAN.value)
    with env.session() as session, session.begin():
        filled = [
            t.id
            for t in session.exec(select(Translation).where(Translation.origin == "mt"))
            if t.id is not None
        ]
        # The QA results of the drafts were computed as they were written.
        assert len(filled) == 2 and quality.refresh(session, translation_ids=filled) == 0
