"""Memory files: TSV with a language header, TMX through the formats package."""

from __future__ import annotations

from pathlib import Path

import pytest

from tmtool.formats.base import FormatError
from tmtool.tm.files import Pair, read_tm_file, read_tsv, write_tm_file

TSV = (
    "zh\ten\tru\n"
    "会议由孙珅主持。\tSun Shen chaired it.\tЕго провёл Сунь Шэнь.\n"
    "扎龙迎来丹顶鹤。\tCranes arrived.\t\n"
)


def test_tsv_rows_become_one_pair_per_target() -> None:
    pairs = read_tsv(TSV.encode(), name="tm.tsv", source_lang="zh")
    assert [(p.source, p.target_lang, p.target) for p in pairs] == [
        ("会议由孙珅主持。", "en", "Sun Shen chaired it."),
        ("会议由孙珅主持。", "ru", "Его провёл Сунь Шэнь."),
        ("扎龙迎来丹顶鹤。", "en", "Cranes arrived."),
    ]


def test_tsv_header_with_regions_and_source_not_first() -> None:
    data = "en-GB\tzh-CN\nSun Shen chaired it.\t会议由孙珅主持。\n".encode("utf-16")
    pairs = read_tsv(data, name="tm.tsv", source_lang="zh")
    assert pairs == [Pair("zh", "会议由孙珅主持。", "en", "Sun Shen chaired it.")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("会议由孙珅主持。\tSun Shen chaired it.\n", "first row must name the languages"),
        ("en\tru\nA\tБ\n", "must name zh once"),
        ("zh\ten\n会议。\tA\tB\n", "line 2: 3 cells where the header names 2"),
    ],
)
def test_bad_tsv_is_one_sentence(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        read_tsv(text.encode(), name="tm.tsv", source_lang="zh")


def test_tmx_round_trip_groups_targets_by_source(tmp_path: Path) -> None:
    pairs = read_tsv(TSV.encode(), name="tm.tsv", source_lang="zh")
    path = tmp_path / "out.tmx"
    write_tm_file(path, pairs, source_lang="zh", langs=["en", "ru"])
    assert path.read_bytes().count(b"<tu ") + path.read_bytes().count(b"<tu>") == 2
    assert read_tm_file(path, source_lang="zh") == pairs
    tsv = tmp_path / "out.tsv"
    write_tm_file(tsv, pairs, source_lang="zh", langs=["en", "ru"])
    assert tsv.read_text(encoding="utf-8") == TSV


def test_unknown_extension_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"use \.tmx or \.tsv"):
        read_tm_file(tmp_path / "tm.docx", source_lang="zh")
    with pytest.raises(FormatError, match="does not exist"):
        read_tm_file(tmp_path / "tm.tmx", source_lang="zh")
    with pytest.raises(FormatError, match=r"choose \.tmx or \.tsv"):
        write_tm_file(tmp_path / "tm.xlsx", [], source_lang="zh", langs=["en"])
