"""Fixing the segmentation in the editor; what counts is what ends up in the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select
from textual.pilot import Pilot
from textual.widgets import DataTable

from tests.conftest import Env
from tests.db.test_segment_operations import EN, RU, ZH  # one line per segment, no aligner
from tests.tui.test_editor import SIZE, open_editor, replace_text
from tmtool.db import make_engine
from tmtool.models import Revision, Segment, SegmentOperation, State, Translation
from tmtool.services import importing, queries, workflow
from tmtool.services.setup import init_workspace
from tmtool.tui.app import TmtoolApp, make_app
from tmtool.tui.screens.dialogs import ConfirmDialog
from tmtool.tui.screens.editor import EditorScreen
from tmtool.tui.screens.help import HelpScreen
from tmtool.tui.widgets.segment_editor import SegmentEditor, TargetEditor
from tmtool.tui.widgets.segment_table import SegmentTable


@pytest.fixture
def lines_env(tmp_path: Path) -> Iterator[Env]:
    """A workspace with one article `news` of four segments in two paragraphs."""
    url = f"sqlite:///{tmp_path / 'structure.db'}"
    ws = init_workspace(tmp_path / "ws", database=url, creator="chen", glossary=False)
    engine = make_engine(ws.database_url)
    env = Env(ws, engine, url)
    source = importing.from_lines(
        ZH, {"en": EN, "ru": RU}, title="news", names={"en": "en.txt", "ru": "ru.txt"}
    )
    importing.import_article(
        env.session(), slug="news", source=source, target_langs=("en", "ru"), user_name="chen"
    )
    try:
        yield env
    finally:
        engine.dispose()


@pytest.fixture
def app(lines_env: Env) -> TmtoolApp:
    """The app acting as `chen`."""
    return make_app(engine=lines_env.engine, workspace=lines_env.workspace, user_name="chen")


def snapshot(env: Env) -> list[tuple[Any, ...]]:
    """Segments and translations as stored, in order."""
    with env.session() as session:
        rows: list[tuple[Any, ...]] = [
            (s.id, s.position, s.paragraph, s.source)
            for s in session.exec(select(Segment).order_by(col(Segment.position)))
        ]
        rows += [
            (t.id, t.segment_id, t.lang, t.text, t.state, t.origin)
            for t in session.exec(select(Translation).order_by(col(Translation.id)))
        ]
        return rows


def texts(env: Env, lang: str) -> list[str]:
    view = queries.article_view(env.session(), "news")
    return [s.translations[lang].text for s in view.segments]


def sources(env: Env) -> list[str]:
    return [s.source for s in queries.article_view(env.session(), "news").segments]


def actions(env: Env, position: int, lang: str) -> list[str]:
    with env.session() as session:
        return list(
            session.exec(
                select(Revision.action)
                .join(Translation, col(Translation.id) == col(Revision.translation_id))
                .join(Segment, col(Segment.id) == col(Translation.segment_id))
                .where(Segment.position == position, Translation.lang == lang)
                .order_by(col(Revision.id))
            ).all()
        )


async def settle(app: TmtoolApp, pilot: Pilot[None]) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_split_at_the_cursor_in_english_then_undo(app: TmtoolApp, lines_env: Env) -> None:
    before = snapshot(lines_env)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(app, pilot)
        await pilot.press("e")
        editor = app.focused
        assert isinstance(editor, TargetEditor) and editor.lang == "en"
        editor.cursor_location = (0, EN[0].index("Sun"))
        await pilot.press("alt+s")
        await settle(app, pilot)
        assert sources(lines_env)[:2] == ["齐齐哈尔市召开会议。", "会议由孙珅主持。"]
        assert texts(lines_env, "en")[:2] == ["Qiqihar held a meeting.", "Sun Shen chaired it."]
        assert texts(lines_env, "ru")[:2] == [
            "В Цицикаре прошло совещание.",
            "Его провёл Сунь Шэнь.",
        ]
        assert actions(lines_env, 1, "en") == ["import", "split"]
        assert actions(lines_env, 2, "en") == ["split"]
        # The table and the editors show the result, the cursor on the first part.
        assert screen.index == 0
        assert screen.query_one(SegmentTable).row_count == 5
        assert isinstance(app.focused, TargetEditor) and app.focused.lang == "en"
        assert app.focused.text == "Qiqihar held a meeting."
        assert screen.query_one(SegmentEditor).source_area.text == "齐齐哈尔市召开会议。"
        await pilot.press("alt+u")
        await settle(app, pilot)
        assert snapshot(lines_env) == before
        assert screen.query_one(SegmentTable).row_count == 4
        assert app.focused.text == EN[0]
        assert actions(lines_env, 1, "en") == ["import", "split", "undo-split"]


async def test_unsaved_text_is_saved_before_a_split_from_the_source(
    app: TmtoolApp, lines_env: Env
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(app, pilot)
        await pilot.press("down", "down", "e")  # segment 3: 扎龙迎来丹顶鹤。
        editor = app.focused
        assert isinstance(editor, TargetEditor)
        await replace_text(pilot, editor, "Cranes arrived. Tourists came.")
        source = screen.query_one(SegmentEditor).source_area
        source.focus()
        source.cursor_location = (0, 4)
        await pilot.press("alt+s")
        await settle(app, pilot)
    assert sources(lines_env)[2:4] == ["扎龙迎来", "丹顶鹤。"]
    assert texts(lines_env, "en")[2:4] == ["Cranes arrived.", "Tourists came."]
    assert actions(lines_env, 3, "en") == ["import", "edit", "split"]


async def test_merge_asks_only_across_paragraphs_and_undo_restores(
    app: TmtoolApp, lines_env: Env
) -> None:
    before = snapshot(lines_env)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(app, pilot)
        await pilot.press("alt+m")  # segments 1 and 2: same paragraph, all drafts: no question
        await settle(app, pilot)
        assert sources(lines_env) == [ZH[0] + ZH[1], ZH[3], ZH[4]]
        assert texts(lines_env, "en")[0] == EN[0] + " " + EN[1]
        assert screen.query_one(SegmentTable).row_count == 3
        assert screen.index == 0
        await pilot.press("alt+m")  # across the paragraph break: asked first
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert len(sources(lines_env)) == 3
        await pilot.press("alt+m")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert sources(lines_env) == [ZH[0] + ZH[1] + ZH[3], ZH[4]]
        await pilot.press("alt+u")
        await settle(app, pilot)
        await pilot.press("alt+u")
        await settle(app, pilot)
        assert screen.query_one(SegmentTable).row_count == 4
    assert snapshot(lines_env) == before
    with lines_env.session() as session:
        undone = session.exec(select(SegmentOperation.undone_by)).all()
    assert undone == ["chen", "chen"]


async def test_merge_of_approved_text_asks_first(app: TmtoolApp, lines_env: Env) -> None:
    view = queries.article_view(lines_env.session(), "news")
    workflow.review(
        lines_env.session(),
        article_id=view.id,
        lang="ru",
        positions=[3],
        user_name="chen",
        approve=True,
    )
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("down", "down", "alt+m")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
    merged = queries.article_view(lines_env.session(), "news").segments[2].translations["ru"]
    assert merged.text == RU[3] + " " + RU[4]
    assert merged.state == State.DRAFT  # APPROVED with DRAFT: the lower


async def test_move_sentences_between_neighbours(app: TmtoolApp, lines_env: Env) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(app, pilot)
        await pilot.press("down", "down", "e", "alt+pagedown")
        await settle(app, pilot)
        assert texts(lines_env, "en")[2:] == [
            "Red-crowned cranes arrived in Zhalong.",
            "Many tourists came.",
        ]
        assert screen.index == 2  # the cursor stays on the giving segment
        assert isinstance(app.focused, TargetEditor) and app.focused.lang == "en"
        assert app.focused.text == "Red-crowned cranes arrived in Zhalong."
        await pilot.press("alt+pageup")  # its first (only) sentence to segment 2
        await settle(app, pilot)
        assert texts(lines_env, "en")[1:3] == [
            EN[1] + " Red-crowned cranes arrived in Zhalong.",
            "",
        ]
        assert actions(lines_env, 3, "en") == ["import", "move-sentence", "move-sentence"]
        # Outside a translation editor the key explains itself and changes nothing.
        await pilot.press("escape", "alt+pageup")
        await pilot.pause()
    assert texts(lines_env, "ru") == [RU[0], RU[1], RU[3], RU[4]]


async def test_a_change_made_meanwhile_is_not_overwritten(app: TmtoolApp, lines_env: Env) -> None:
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_editor(app, pilot)
        # Someone else edits segment 2's Russian after this editor loaded it.
        cell = queries.article_view(lines_env.session(), "news").segments[1].translations["ru"]
        workflow.save_text(
            lines_env.session(),
            translation_id=cell.id,
            expected_version=cell.version,
            text="Город вложил 9 млрд юаней в проекты.",
            user_name="chen",
        )
        before = snapshot(lines_env)
        await pilot.press("alt+m")
        await settle(app, pilot)
        assert snapshot(lines_env) == before
        # The editor now shows the stored state, so a second try goes through.
        assert screen.view is not None
        assert screen.view.segments[1].translations["ru"].version == 2
        await pilot.press("alt+m")
        await settle(app, pilot)
    assert texts(lines_env, "ru")[0] == RU[0] + " Город вложил 9 млрд юаней в проекты."


async def test_help_lists_the_structure_keys(app: TmtoolApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table", DataTable)
        rows = {table.get_row_at(r)[2]: table.get_row_at(r)[0] for r in range(table.row_count)}
    assert {
        "merge-with-next": "alt+m",
        "split-segment": "alt+s",
        "move-sentence-previous": "alt+pageup",
        "move-sentence-next": "alt+pagedown",
        "undo-structure": "alt+u",
    }.items() <= rows.items()


def test_structure_keys_clash_with_no_other_editor_key() -> None:
    mine = {"alt+m", "alt+s", "alt+pageup", "alt+pagedown", "alt+u"}
    others: set[str] = set()
    for klass in EditorScreen.__mro__:
        for binding in vars(klass).get("BINDINGS", []):
            if getattr(binding, "id", None) not in {
                "merge-with-next",
                "split-segment",
                "move-sentence-previous",
                "move-sentence-next",
                "undo-structure",
            }:
                others.update(k.strip() for k in getattr(binding, "key", "").split(","))
    for binding in TargetEditor.BINDINGS:
        others.update(k.strip() for k in getattr(binding, "key", "").split(","))
    reserved = {f"alt+{d}" for d in range(10)} | {"alt+c"}
    assert not mine & (others | reserved)
