"""Glossary in the editor: highlighted terms, the terms panel, inserting and adding terms."""

from __future__ import annotations

import pytest
from sqlmodel import col, select
from textual.widgets import Input, TextArea

from tests.conftest import Env
from tests.tui.test_editor import SIZE, open_editor, stored
from tmtool.formats.termbase import ConceptEntry, Termbase, TermEntry, TermStatus
from tmtool.models import Concept, Role, Term
from tmtool.services import terminology, users
from tmtool.tui.app import TmtoolApp, make_app
from tmtool.tui.screens.concept_dialog import ConceptDialog
from tmtool.tui.screens.glossary import GlossaryScreen
from tmtool.tui.screens.term_picker import TermPicker
from tmtool.tui.widgets.segment_editor import TargetEditor
from tmtool.tui.widgets.terms_panel import TermsPanel

TERMS = Termbase(
    concepts=(
        ConceptEntry(
            key="qqhr",
            terms=(
                TermEntry("zh", "齐齐哈尔"),
                TermEntry("en", "Qiqihar"),
                TermEntry("en", "Tsitsihar", TermStatus.DEPRECATED),
                TermEntry("ru", "Цицикар"),
            ),
        ),
        ConceptEntry(
            key="sun",
            terms=(
                TermEntry("zh", "孙珅"),
                TermEntry("en", "Sun Shen"),
                TermEntry("ru", "Сунь Шэнь"),
            ),
        ),
    )
)


@pytest.fixture
def glossary_app(tui_env: Env) -> TmtoolApp:
    terminology.import_termbase(tui_env.session(), termbase=TERMS, name="test", user_name="chen")
    return make_app(engine=tui_env.engine, workspace=tui_env.workspace, user_name="chen")


async def settle(app: TmtoolApp) -> None:
    await app.workers.wait_for_complete()


async def test_terms_panel_lists_terms_and_marks_targets(glossary_app: TmtoolApp) -> None:
    app = glossary_app
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await settle(app)
        await pilot.pause()
        panel = app.screen.query_one(TermsPanel)
        shown = str(panel.render())
        assert "齐齐哈尔" in shown
        assert "✓ Qiqihar" in shown  # the English draft has it
        assert "✓ Цицикар" in shown  # "В Цицикаре" counts, by lemma


async def test_insert_term_puts_the_approved_term_at_the_cursor(
    glossary_app: TmtoolApp, tui_env: Env
) -> None:
    app = glossary_app
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await settle(app)
        await pilot.press("down", "e")  # segment 2: 会议由孙珅主持。
        editor = app.focused
        assert isinstance(editor, TargetEditor)
        editor.load_text("")
        await pilot.press("f4")
        await pilot.pause()
        assert isinstance(app.screen, TermPicker)
        await pilot.press("enter")
        await pilot.pause()
        assert editor.text == "Sun Shen"
        await pilot.press("space", "c", "h", "a", "i", "r", "e", "d", ".", "ctrl+s")
        await pilot.pause()
    assert stored(tui_env, 2, "en").text == "Sun Shen chaired."


async def test_admin_adds_a_concept_on_the_glossary_screen(
    glossary_app: TmtoolApp, tui_env: Env
) -> None:
    app = glossary_app
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, GlossaryScreen)
        await settle(app)
        await pilot.press("ctrl+n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConceptDialog)
        dialog.query_one("#term-zh", Input).value = "鹤城"
        dialog.query_one("#term-en", Input).value = "Crane City"
        dialog.query_one("#forbidden-en", Input).value = "Crane Town"
        dialog.query_one("#term-ru", Input).value = "Город журавлей"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await settle(app)
    with tui_env.session() as session:
        rows = session.exec(
            select(Term.lang, Term.text, Term.status)
            .join(Concept, col(Concept.id) == col(Term.concept_id))
            .where(Concept.key.startswith("chen-"))  # type: ignore[attr-defined]
        ).all()
    assert sorted(rows) == [
        ("en", "Crane City", "preferred"),
        ("en", "Crane Town", "deprecated"),
        ("ru", "Город журавлей", "preferred"),
        ("zh", "鹤城", "preferred"),
    ]


async def test_translator_cannot_edit_the_glossary(tui_env: Env) -> None:
    with tui_env.session() as session:
        users.add_user(session, name="li", roles=[Role.TRANSLATOR])
    app = make_app(engine=tui_env.engine, workspace=tui_env.workspace, user_name="li")
    async with app.run_test(size=SIZE) as pilot:
        await settle(app)
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        app.screen.query_one("#term-zh", Input).value = "鹤城"
        await pilot.press("ctrl+s")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
    assert any("editing the glossary needs the admin role" in m for m in messages)
    with tui_env.session() as session:
        assert session.exec(select(Term).where(Term.text == "鹤城")).first() is None


async def test_add_term_from_the_selected_source_text(
    glossary_app: TmtoolApp, tui_env: Env
) -> None:
    app = glossary_app
    async with app.run_test(size=SIZE) as pilot:
        await open_editor(app, pilot)
        await settle(app)
        source = app.screen.query_one("#source-text", TextArea)
        source.focus()
        # 齐齐哈尔市召开…: select 召开 (characters 5–6)
        source.move_cursor((0, 5))
        await pilot.press("shift+right", "shift+right")
        assert source.selected_text == "召开"
        await pilot.press("f7")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConceptDialog)
        assert dialog.query_one("#term-zh", Input).value == "召开"
        dialog.query_one("#term-en", Input).value = "convene"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await settle(app)
    with tui_env.session() as session:
        texts = set(session.exec(select(Term.text)).all())
    assert {"召开", "convene"} <= texts
