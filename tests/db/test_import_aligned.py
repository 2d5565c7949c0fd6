"""`tmtool import` with unsegmented drafts: the aligner cuts the segments, on both databases."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, col, select

from tests.conftest import Env
from tmtool import demo
from tmtool.align import Aligner
from tmtool.cli import main
from tmtool.db import make_engine
from tmtool.formats import Document
from tmtool.models import Segment, Translation
from tmtool.services import importing, queries

GOLD = Path(__file__).parents[1] / "data" / "align" / "heating-meeting.json"


def _texts() -> dict[str, str]:
    units = json.loads(GOLD.read_text(encoding="utf-8"))["units"]
    paragraphs: dict[str, list[list[str]]] = {"zh": [], "en": [], "ru": []}
    for unit in units:
        for lang, found in paragraphs.items():
            if unit["para"] or not found:
                found.append([])
            found[-1].extend(unit[lang])
    return {
        "zh": "\n\n".join("".join(p) for p in paragraphs["zh"]),
        # The English draft comes as one block, with no paragraphs to go by.
        "en": " ".join(s for p in paragraphs["en"] for s in p),
        "ru": "\n\n".join(" ".join(p) for p in paragraphs["ru"] if p),
    }


def _write_texts(folder: Path) -> dict[str, str]:
    """Write the heating article's three texts as files; their paths by language."""
    paths: dict[str, str] = {}
    for lang, text in _texts().items():
        path = folder / f"heating.{lang}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths[lang] = str(path)
    return paths


def run(env: Env, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(env.workspace.root), "--user", "chen", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _show(env: Env, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    code, out, _ = run(env, capsys, "show", "heating", "--json")
    assert code == 0
    segments: list[dict[str, Any]] = json.loads(out)["segments"]
    return segments


def test_import_cuts_segments_where_the_drafts_need_them(
    env: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _write_texts(tmp_path)
    code, out, err = run(
        env, capsys, "import", files["zh"], "--en", files["en"], "--ru", files["ru"], "--json"
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["segments"] == 7
    segments = _show(env, capsys)
    # Two Chinese sentences rendered as one English and one Russian sentence: one segment.
    assert (
        segments[1]["source"]
        == "副市长王立军出席会议并讲话。他要求各供热企业确保居民室温不低于18摄氏度。"
    )
    assert [s["paragraph"] for s in segments] == [1, 1, 1, 2, 2, 2, 2]
    en = [s["translations"]["en"] for s in segments]
    ru = [s["translations"]["ru"] for s in segments]
    # One Chinese sentence rendered as two English ones: joined on its segment.
    assert en[2]["text"] == (
        "This year the heated area in the city has reached 120 million square meters. "
        "That is 5 million square meters more than last year."
    )
    assert {(t["state"], t["origin"]) for t in en} == {("DRAFT", "aligned")}
    # The Russian draft leaves a sentence out: the segment stays empty, with a note.
    assert ru[4]["text"] == "" and ru[4]["state"] == "EMPTY"
    assert "no sentence of the Russian draft" in ru[4]["flag"]
    # The English draft adds a sentence: it is kept, on its neighbour, with a note.
    assert en[5]["text"].endswith("12345 hotline. The hotline is open around the clock.")
    assert "matches no Chinese" in en[5]["flag"]
    # Nothing of either draft is dropped.
    texts = _texts()
    assert " ".join(t["text"] for t in en) == texts["en"]
    assert " ".join(t["text"] for t in ru if t["text"]) == texts["ru"].replace("\n\n", " ")
    with env.session() as session:
        stored = session.exec(
            select(Translation)
            .join(Segment, col(Translation.segment_id) == col(Segment.id))
            .where(Translation.lang == "en")
            .order_by(col(Segment.position))
        ).all()
    assert all(t.confidence is not None and 0.0 <= t.confidence <= 1.0 for t in stored)
    assert stored[0].flag is None and stored[0].confidence is not None
    assert stored[0].confidence >= 0.5


def test_low_confidence_links_are_flagged(env: Env) -> None:
    zh = Document(title=None, paragraphs=["齐齐哈尔市召开会议。会议由孙珅主持。"])
    # The second English sentence translates something else entirely.
    en = Document(
        title=None,
        paragraphs=["Qiqihar held a meeting. The weather in Moscow was rainy all week."],
    )
    source = importing.from_documents(zh, {"en": en}, title=None, aligner=Aligner())
    importing.import_article(
        env.session(), slug="odd", source=source, target_langs=("en",), user_name="chen"
    )
    with env.session() as session:
        rows = session.exec(
            select(Segment.source, Translation.text, Translation.flag, Translation.confidence)
            .join(Translation, col(Translation.segment_id) == col(Segment.id))
            .order_by(col(Segment.position))
        ).all()
    assert "".join(r[1] for r in rows).replace(" ", "") == en.paragraphs[0].replace(" ", "")
    assert rows[0][2] is None
    assert all(r[2] for r in rows[1:])


def test_demo_article_with_unsegmented_drafts(tmp_path: Path) -> None:
    ws = demo.build(tmp_path / "demo", user="chen")
    engine = make_engine(ws.database_url)
    try:
        view = queries.article_view(Session(engine), "heating")
    finally:
        engine.dispose()
    sources = [s.source for s in view.segments]
    assert len(sources) == 8
    assert sources[2] == "副市长王立军出席会议并讲话。他要求各供热企业确保居民室温不低于18摄氏度。"
    en = [s.translations["en"] for s in view.segments]
    ru = [s.translations["ru"] for s in view.segments]
    assert en[3].text.count(".") == 2  # two English sentences for one Chinese
    assert ru[5].text == "" and ru[5].flag
    assert en[6].text.endswith("around the clock.") and en[6].flag


def test_align_in_a_workspace_stores_nothing(
    env: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _write_texts(tmp_path)
    code, out, err = run(env, capsys, "align", files["zh"], files["en"], files["ru"], "--json")
    assert (code, err) == (0, "")
    links = json.loads(out)["links"]
    assert (links[1]["source"], links[1]["targets"]) == ([1, 2], {"en": [1], "ru": [1]})
    with env.session() as session:
        assert session.exec(select(Segment)).first() is None
