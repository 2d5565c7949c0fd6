"""`tmtool align`: the JSON shape of the contract, language detection, --lines, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tmtool.cli import main

ZH = "齐齐哈尔市召开会议。会议由孙珅主持。\n\n全市投资90亿元，建设5G基站。项目进展顺利！\n"
EN = (
    "Qiqihar held a meeting. Sun Shen chaired it.\n\n"
    "The city invested 9 billion yuan. It is building 5G base stations. "
    "The projects are going well!\n"
)
RU = (
    "В Цицикаре прошло совещание. Его провёл Сунь Шэнь.\n\n"
    "Город вложил 9 млрд юаней в строительство базовых станций 5G. Проекты идут хорошо!\n"
)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    for name, text in (("a.zh.txt", ZH), ("a.en.txt", EN), ("a.ru.txt", RU)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def run(capsys: pytest.CaptureFixture[str], tmp: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(tmp), "align", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_shape_with_two_drafts_in_any_order(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        capsys,
        files,
        str(files / "a.zh.txt"),
        str(files / "a.ru.txt"),
        str(files / "a.en.txt"),
        "--json",
    )
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert list(data["sentences"]) == ["zh", "en", "ru"]
    assert data["sentences"]["en"][3] == "It is building 5G base stations."
    links = [(x["source"], x["targets"]) for x in data["links"]]
    assert links == [
        ([0], {"en": [0], "ru": [0]}),
        ([1], {"en": [1], "ru": [1]}),
        ([2], {"en": [2, 3], "ru": [2]}),
        ([3], {"en": [4], "ru": [3]}),
    ]
    assert all(0.0 <= x["score"] <= 1.0 for x in data["links"])
    assert all(isinstance(x["score"], float) for x in data["links"])


def test_lines_mode_takes_each_line_as_a_sentence(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "l.zh.txt").write_text("齐齐哈尔市召开会议。会议由孙珅主持。\n\n全市投资90亿元。\n")
    (files / "l.en.txt").write_text(
        "Qiqihar held a meeting chaired by Sun Shen.\n\nThe city invested 9 billion yuan.\n"
    )
    code, out, _ = run(
        capsys, files, str(files / "l.zh.txt"), str(files / "l.en.txt"), "--lines", "--json"
    )
    data = json.loads(out)
    assert code == 0
    assert data["sentences"]["zh"] == ["齐齐哈尔市召开会议。会议由孙珅主持。", "全市投资90亿元。"]
    assert [(x["source"], x["targets"]) for x in data["links"]] == [
        ([0], {"en": [0]}),
        ([1], {"en": [1]}),
    ]


def test_languages_named_with_an_option(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, files, str(files / "a.zh.txt"), str(files / "a.ru.txt"), "--lang", "ru", "--json"
    )
    assert code == 0
    assert list(json.loads(out)["sentences"]) == ["zh", "ru"]


def test_readable_table(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, files, str(files / "a.zh.txt"), str(files / "a.en.txt"))
    assert code == 0
    assert "It is building 5G base" in out and "1-2" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["a.en.txt", "a.en.txt"], "is in en like another file"),
        (["a.en.txt", "--lang", "en,ru"], "names 2 languages for 1"),
        (["a.en.txt", "--lang", "de"], "not 'de'"),
        (["missing.txt"], "does not exist"),
    ],
)
def test_mistakes_end_in_one_sentence(
    files: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    args = [str(files / x) if x.endswith(".txt") else x for x in extra]
    code, out, err = run(capsys, files, str(files / "a.zh.txt"), *args)
    assert code == 1 and out == ""
    assert message in err and err.startswith("tmtool: ") and err.count("\n") == 1
