"""`tmtool tm`: import, export, search (single and batch), concordance, analyze, pretranslate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Env
from tests.db.test_cli import run
from tmtool.services import tm

TSV = (
    "zh\ten\tru\n"
    "齐齐哈尔市召开全市重点项目推进会。\tQiqihar held a meeting on key projects.\t"
    "В Цицикаре прошло совещание по ключевым проектам.\n"
    "会议由孙珅主持。\tSun Shen chaired it.\tЕго провёл Сунь Шэнь.\n"
)


@pytest.fixture
def memory(env: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "desk.tsv"
    path.write_text(TSV, encoding="utf-8")
    code, out, err = run(env, capsys, "tm", "import", str(path), "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {"file": str(path), "added": 4, "merged": 0}
    return path


def test_import_twice_merges(env: Env, memory: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(env, capsys, "tm", "import", str(memory), "--json")
    assert json.loads(out)["added"] == 0
    assert tm.unit_count(env.session()) == 4


def test_search_json_has_the_documented_shape(
    env: Env, memory: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = "齐齐哈尔市召开重点项目推进会。"
    code, out, err = run(env, capsys, "tm", "search", query, "--lang", "en", "--json")
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert set(document) == {"query", "matches"}
    assert document["query"] == query
    [match] = document["matches"]
    assert {"source", "target", "lang", "score"} <= set(match)
    assert match["target"] == "Qiqihar held a meeting on key projects."
    assert match["lang"] == "en"
    assert isinstance(match["score"], float) and 75 <= match["score"] < 100
    _, out, _ = run(env, capsys, "tm", "search", query, "--threshold", "99", "--json")
    assert json.loads(out)["matches"] == []
    _, out, _ = run(env, capsys, "tm", "search", "会议由孙珅主持。", "--limit", "1", "--json")
    assert [m["score"] for m in json.loads(out)["matches"]] == [100.0]


def test_batch_prints_one_document_per_line(
    env: Env, memory: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "queries.txt"
    batch.write_text("会议由孙珅主持。\n\n天气很好。\n齐齐哈尔市召开全市重点项目推进会\n", "utf-8")
    code, out, err = run(
        env, capsys, "tm", "search", "--batch", str(batch), "--lang", "ru", "--json"
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == 3
    documents = [json.loads(line) for line in lines]
    assert [d["query"] for d in documents] == [
        "会议由孙珅主持。",
        "天气很好。",
        "齐齐哈尔市召开全市重点项目推进会",
    ]
    assert [len(d["matches"]) for d in documents] == [1, 0, 1]
    assert documents[0]["matches"][0]["target"] == "Его провёл Сунь Шэнь."


def test_concordance(env: Env, memory: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(env, capsys, "tm", "concordance", "Сунь Шэнь", "--json")
    assert code == 0
    assert [m["source"] for m in json.loads(out)["matches"]] == ["会议由孙珅主持。"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.tsv", "会议。\tA meeting.\n", "the first row must name the languages"),
        (
            "bad.tmx",
            "<tmx><body><tu><tuv><seg>会</seg></tuv></tu></body></tmx>",
            "has no a language",
        ),
        ("bad.tmx", "<tmx><body>", "bad.tmx"),
        ("bad.docx", "x", "use .tmx or .tsv"),
    ],
)
def test_a_bad_file_is_one_sentence_and_writes_nothing(
    env: Env,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str,
    message: str,
) -> None:
    path = tmp_path / name
    path.write_text(content, "utf-8")
    code, out, err = run(env, capsys, "tm", "import", str(path))
    assert code == 1
    assert out == ""
    assert err.startswith("tmtool: ") and err.count("\n") == 1
    assert message in err
    assert tm.unit_count(env.session()) == 0


def test_a_late_bad_row_writes_nothing(
    env: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "late.tsv"
    path.write_text(TSV + "只有一格\n", "utf-8")
    code, _, err = run(env, capsys, "tm", "import", str(path))
    assert code == 1 and "line 4" in err
    assert tm.unit_count(env.session()) == 0


@pytest.mark.parametrize("suffix", [".tmx", ".tsv"])
def test_export_and_import_round_trip(
    env: Env, memory: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    out_file = tmp_path / f"export{suffix}"
    code, out, _ = run(env, capsys, "tm", "export", str(out_file))
    assert code == 0 and "4 units" in out
    code, out, _ = run(env, capsys, "tm", "import", str(out_file), "--json")
    assert json.loads(out)["added"] == 0 and json.loads(out)["merged"] == 4


def test_search_needs_text_or_batch(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(env, capsys, "tm", "search", "--json")
    assert code == 1 and "either a TEXT" in err


def test_analyze_and_pretranslate(
    env: Env, memory: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "next.zh.txt"
    source.write_text("会议由孙珅主持。今年全市计划投资90亿元。\n", "utf-8")
    assert run(env, capsys, "import", str(source), "--slug", "next")[0] == 0
    code, out, _ = run(env, capsys, "tm", "analyze", "next", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["segments"] == 2
    assert result["langs"]["en"]["exact"] == {"segments": 1, "characters": 7}
    assert result["langs"]["en"]["none"]["segments"] == 1
    code, out, _ = run(env, capsys, "tm", "pretranslate", "next", "--lang", "ru", "--json")
    assert code == 0
    assert json.loads(out)["filled"] == 1
    _, out, _ = run(env, capsys, "show", "next", "--json")
    segment = json.loads(out)["segments"][0]
    assert segment["translations"]["ru"]["text"] == "Его провёл Сунь Шэнь."
    assert segment["translations"]["ru"]["state"] == "DRAFT"
