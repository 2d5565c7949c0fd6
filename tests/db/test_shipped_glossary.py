"""The desk's glossary: valid TBX, loaded by `tmtool init`, and useful on real sentences."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from lxml import etree
from sqlmodel import Session, col, func, select

from tests.conftest import Env
from tests.db.test_cli import run
from tmtool.db import make_engine
from tmtool.formats import tbx
from tmtool.formats.glossaries import read_glossary
from tmtool.formats.termbase import TermStatus
from tmtool.glossary import TermIndex
from tmtool.models import Concept, Term
from tmtool.resources import shipped_glossary
from tmtool.services.setup import init_workspace

RNG = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "tbx" / "TBXcoreStructV03.rng"


def _shipped() -> Path:
    path = shipped_glossary()
    assert path is not None
    return path


def test_shipped_glossary_is_valid_tbx() -> None:
    data = _shipped().read_bytes()
    assert tbx.validate(data, name="qiqihar.tbx") == []
    if not RNG.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{RNG} is missing; CI has ../shared.")
        pytest.skip(f"{RNG} is not here to validate against")
    schema = etree.RelaxNG(etree.parse(str(RNG)))
    assert schema.validate(etree.fromstring(data)), schema.error_log


def test_shipped_glossary_covers_the_desk() -> None:
    termbase = read_glossary(_shipped())
    assert len(termbase.concepts) >= 250
    for concept in termbase.concepts:
        preferred = {t.lang for t in concept.terms if t.status == TermStatus.PREFERRED}
        assert {"zh", "en", "ru"} <= preferred, concept.key
    deprecated = [
        t for c in termbase.concepts for t in c.terms if t.status == TermStatus.DEPRECATED
    ]
    assert len(deprecated) >= 40
    index = TermIndex(termbase)
    check = index.check("齐齐哈尔鹤城", "В Цицикаре, Городе журавлей", "ru")
    assert [f.present for f in check.found] == [True, True]
    check = index.check("齐齐哈尔鹤城", "Tsitsihar, the Crane Town", "en")
    assert {f.term for f in check.forbidden} == {"Tsitsihar", "Crane Town"}


def test_init_loads_the_shipped_glossary(database_url: str, tmp_path: Path) -> None:
    ws = init_workspace(tmp_path / "ws", database=database_url, creator="chen")
    engine = make_engine(ws.database_url)
    try:
        with Session(engine) as session:
            concepts = session.exec(select(func.count(col(Concept.id)))).one()
            terms = session.exec(select(func.count(col(Term.id)))).one()
    finally:
        engine.dispose()
    assert concepts == len(read_glossary(_shipped()).concepts)
    assert terms > 3 * concepts


def test_more_languages_than_ours_are_kept(
    env: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = Path(__file__).resolve().parents[1] / "data" / "glossary"
    tbx_files = sorted(source.glob("*.tbx"))
    with_german = next(p for p in tbx_files if b'xml:lang="de"' in p.read_bytes())
    code, _, err = run(env, capsys, "glossary", "import", str(with_german))
    assert code == 0, err
    out_file = tmp_path / "back.tbx"
    assert run(env, capsys, "glossary", "export", str(out_file))[0] == 0
    assert 'xml:lang="de"' in out_file.read_text(encoding="utf-8")


def test_names_suggestions_on_the_command_line(
    env: Env, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(env, capsys, "glossary", "names", "副市长李明轩出席开幕式。", "--json")
    assert code == 0
    assert json.loads(out)["names"] == [
        {
            "text": "李明轩",
            "start": 3,
            "end": 6,
            "kind": "person",
            "en": "Li Mingxuan",
            "ru": "Ли Минсюань",
        }
    ]
