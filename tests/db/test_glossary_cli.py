"""`tmtool glossary`: import, re-import, export and check, on both databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Env
from tests.db.test_cli import run

CSV = (
    "id,zh,en,ru,en:deprecated,ru:deprecated,note\n"
    "qqhr,齐齐哈尔,Qiqihar,Цицикар,Tsitsihar,Цицихар,established exonym\n"
    "crane,鹤城,Crane City,Город журавлей,Crane Town,,city nickname\n"
    "sec,市委书记,Secretary of the CPC Qiqihar Municipal Committee,"
    "секретарь Цицикарского горкома КПК,,,\n"
    "cpc,市委,CPC Qiqihar Municipal Committee,Цицикарский горком КПК,,,\n"
)


@pytest.fixture
def glossary_csv(tmp_path: Path) -> Path:
    path = tmp_path / "desk.csv"
    path.write_text(CSV, encoding="utf-8-sig")
    return path


def test_import_twice_updates_instead_of_duplicating(
    env: Env, glossary_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(env, capsys, "glossary", "import", str(glossary_csv), "--json")
    assert code == 0
    assert json.loads(out) == {"glossary": "desk", "added": 4, "updated": 0, "unchanged": 0}
    code, out, _ = run(env, capsys, "glossary", "import", str(glossary_csv), "--json")
    assert json.loads(out) == {"glossary": "desk", "added": 0, "updated": 0, "unchanged": 4}
    glossary_csv.write_text(CSV.replace("city nickname", "the city's nickname"), encoding="utf-8")
    code, out, _ = run(env, capsys, "glossary", "import", str(glossary_csv), "--json")
    assert json.loads(out) == {"glossary": "desk", "added": 0, "updated": 1, "unchanged": 3}
    _, out, _ = run(env, capsys, "glossary", "search", "鹤城", "--json")
    concepts = json.loads(out)["concepts"]
    assert len(concepts) == 1
    assert concepts[0]["note"] == "the city's nickname"


def test_check_json_shape_with_russian_cases(
    env: Env, glossary_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(env, capsys, "glossary", "import", str(glossary_csv))
    source = "齐齐哈尔市委书记在鹤城调研。"
    target = "Секретарь Цицикарского горкома КПК побывал в Цицихаре."
    code, out, err = run(env, capsys, "glossary", "check", "--lang", "ru", source, target, "--json")
    assert (code, err) == (0, "")
    result = json.loads(out)
    found = {(f["source"], f["start"], f["end"], f["present"]) for f in result["found"]}
    assert ("市委书记", 4, 8, True) in found
    assert ("鹤城", 9, 11, False) in found
    assert result["missing"] == ["齐齐哈尔", "鹤城"]  # the adjective Цицикарского does not count
    assert [(f["term"], f["start"], f["end"]) for f in result["forbidden"]] == [("Цицихар", 45, 53)]


def test_export_round_trip_through_tbx(
    env: Env, glossary_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(env, capsys, "glossary", "import", str(glossary_csv))
    out_file = tmp_path / "out.tbx"
    code, _, _ = run(env, capsys, "glossary", "export", str(out_file))
    assert code == 0
    assert b"urn:iso:std:iso:30042:ed-2" in out_file.read_bytes()
    code, out, _ = run(env, capsys, "glossary", "import", str(out_file), "--json")
    assert json.loads(out)["unchanged"] == 4


def test_bad_glossary_file_is_one_sentence(
    env: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bomb = tmp_path / "bomb.tbx"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
        "<tbx>&lol2;</tbx>",
        encoding="utf-8",
    )
    code, _, err = run(env, capsys, "glossary", "import", str(bomb))
    assert code == 1
    assert err.startswith("tmtool: ") and err.count("\n") == 1
    code, _, err = run(env, capsys, "glossary", "import", str(tmp_path / "none.tbx"))
    assert code == 1 and "does not exist" in err
