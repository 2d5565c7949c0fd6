"""The export dialog: publishers write final versions, translators only drafts."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import col, select
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select, Static

from tests.conftest import Env
from tests.tui.test_editor import SIZE
from tmtool.models import Publication, Role, State, Translation
from tmtool.services import queries, users, workflow
from tmtool.tui.app import TmtoolApp, make_app
from tmtool.tui.screens.editor import EditorScreen
from tmtool.tui.screens.export_dialog import ExportDialog, default_folder


def app_as(env: Env, name: str) -> TmtoolApp:
    return make_app(engine=env.engine, workspace=env.workspace, user_name=name)


def add_people(env: Env) -> None:
    with env.session() as session:
        users.add_user(session, name="zhao", roles=[Role.PUBLISHER])
    with env.session() as session:
        users.add_user(session, name="li", roles=[Role.TRANSLATOR])


FILL = {"en": "Red-crowned cranes arrived in Zhalong.", "ru": "В Чжалун прилетели журавли."}


def approve_all(env: Env) -> None:
    view = queries.article_view(env.session(), "news")
    for segment in view.segments:
        for cell_lang, cell in segment.translations.items():
            if not cell.text:
                workflow.save_text(
                    env.session(),
                    translation_id=cell.id,
                    expected_version=cell.version,
                    text=FILL[cell_lang],
                    user_name="chen",
                    confirm=True,
                )
    article_id = view.id
    for lang in ("en", "ru"):
        workflow.review(
            env.session(),
            article_id=article_id,
            lang=lang,
            positions=None,
            user_name="chen",
            approve=True,
        )


def publications(env: Env) -> list[Publication]:
    with env.session() as session:
        return list(session.exec(select(Publication).order_by(col(Publication.id))))


async def settle(app: TmtoolApp, pilot: Pilot[None]) -> None:
    """Wait for the workers that finish (loading, exporting), not for long-lived watchers."""
    await pilot.pause()
    finishing = [w for w in app.workers if w.group in ("articles", "glossary", "load", "export")]
    if finishing:  # an empty list would mean every worker
        await app.workers.wait_for_complete(finishing)
    await pilot.pause()


async def open_dialog(app: TmtoolApp, pilot: Pilot[None]) -> ExportDialog:
    await settle(app, pilot)
    await pilot.press("x")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ExportDialog)
    return dialog


async def run_export(app: TmtoolApp, pilot: Pilot[None], dialog: ExportDialog) -> str:
    await pilot.click("#run-export")
    await settle(app, pilot)
    return str(dialog.query_one("#export-result", Static).render())


async def test_publisher_exports_a_bundle_and_it_is_recorded(tui_env: Env, tmp_path: Path) -> None:
    add_people(tui_env)
    approve_all(tui_env)
    out = tmp_path / "site"
    app = app_as(tui_env, "zhao")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(app, pilot)
        draft = dialog.query_one("#export-draft", Checkbox)
        assert (draft.value, draft.disabled) == (False, False)
        assert dialog.query_one("#export-folder", Input).value == str(
            tui_env.workspace.root / "export"
        )
        dialog.query_one("#export-format", Select).value = "bundle"
        dialog.query_one("#export-folder", Input).value = str(out)
        shown = await run_export(app, pilot, dialog)
        assert shown.startswith("Wrote 6 final files:")
        assert str(out / "news.ru.html") in shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExportDialog)
    assert sorted(p.name for p in out.iterdir()) == [
        "index.html",
        "news.en.html",
        "news.ru.html",
        "news.zh.html",
        "tmtool-bundle.css",
        "tmtool-bundle.json",
    ]
    rows = publications(tui_env)
    assert [(p.lang, p.format, p.user) for p in rows] == [
        ("en", "bundle", "zhao"),
        ("ru", "bundle", "zhao"),
    ]
    with tui_env.session() as session:
        assert set(session.exec(select(Translation.state))) == {State.FINAL}


async def test_translator_exports_drafts_only_and_final_is_refused(
    tui_env: Env, tmp_path: Path
) -> None:
    add_people(tui_env)
    approve_all(tui_env)
    out = tmp_path / "out"
    app = app_as(tui_env, "li")
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_dialog(app, pilot)
        draft = dialog.query_one("#export-draft", Checkbox)
        assert (draft.value, draft.disabled) == (True, True)
        dialog.query_one("#export-format", Select).value = "docx"
        dialog.query_one("#export-folder", Input).value = str(out)
        dialog.query_one("#export-lang-ru", Checkbox).value = False
        shown = await run_export(app, pilot, dialog)
        assert shown.startswith("Wrote 1 draft file:")
        # Even if the box were ticked off, the service refuses a final export in one sentence.
        draft.value = False
        shown = await run_export(app, pilot, dialog)
        assert shown == "li is a translator; publishing needs the publisher role."
        assert dialog.query_one("#export-result", Static).has_class("refused")
    assert [p.name for p in out.iterdir()] == ["news.en.docx"]
    assert publications(tui_env) == []


async def test_unfinished_article_is_refused_from_the_editor(tui_env: Env, tmp_path: Path) -> None:
    add_people(tui_env)
    out = tmp_path / "out"
    app = app_as(tui_env, "zhao")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, EditorScreen)
        await pilot.press("ctrl+b")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog) and dialog.slug == "news"
        dialog.query_one("#export-format", Select).value = "parallel-html"
        dialog.query_one("#export-folder", Input).value = str(out)
        shown = await run_export(app, pilot, dialog)
        assert shown.startswith("news (en) is not finished: ")
        assert shown.endswith("tick Draft to export it anyway.")
    assert not out.exists() or list(out.iterdir()) == []
    assert publications(tui_env) == []


def test_default_folder_comes_from_the_workspace(tui_env: Env) -> None:
    ws = tui_env.workspace
    assert default_folder(ws) == ws.root / "export"
    configured = type(ws)(root=ws.root, extra={"export": {"folder": "out/site"}})
    assert default_folder(configured) == ws.root / "out" / "site"
