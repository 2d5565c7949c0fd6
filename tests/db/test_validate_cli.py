"""`tmtool validate`: the JSON shape, valid files, and problems with their lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tmtool.cli import main

DATA = Path(__file__).resolve().parents[1] / "data"


def validate(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, dict[str, object]]:
    code = main(["validate", str(path), "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_the_shipped_glossary_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(__file__).resolve().parents[2] / "glossaries" / "qiqihar.tbx"
    assert validate(capsys, path) == (0, {"valid": True, "format": "tbx", "problems": []})


def test_problems_come_with_their_lines(capsys: pytest.CaptureFixture[str]) -> None:
    bad = next(
        p for p in (DATA / "glossary").glob("*.tbx") if "invalid" in p.name or "bad" in p.name
    )
    code, result = validate(capsys, bad)
    assert code == 1
    assert result["valid"] is False and result["format"] == "tbx"
    problems = result["problems"]
    assert isinstance(problems, list) and problems
    assert all(isinstance(p["line"], int) and p["message"] for p in problems)


def test_xliff_processing_rules_beyond_the_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "dup.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1"'
        ' srcLang="zh" trgLang="en">\n'
        '<file id="f1">\n'
        '<unit id="u1"><segment subState="tmtool:draft"><source>鹤城</source>'
        "<target>Crane City</target></segment></unit>\n"
        '<unit id="u1"><segment><source>齐齐哈尔</source></segment></unit>\n'
        "</file>\n</xliff>\n",
        encoding="utf-8",
    )
    code, result = validate(capsys, path)
    assert code == 1
    lines = {p["line"] for p in result["problems"]}  # type: ignore[union-attr]
    assert lines >= {4, 5}


def test_unknown_kind_of_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK\x03\x04")
    assert main(["validate", str(path)]) == 1
    assert "not a file tmtool validates" in capsys.readouterr().err
