"""The command line: the contract's JSON shapes and one-sentence errors, on both databases."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from tests.conftest import Env
from tmtool.cli import main
from tmtool.models import Segment

ZH = "齐齐哈尔市召开会议。会议由孙珅主持。\n\n全市投资9亿元。\n"
EN = "Qiqihar held a meeting. Sun Shen chaired it.\n\nThe city invested 900 million yuan.\n"


def run(env: Env, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--workspace", str(env.workspace.root), "--user", "chen", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "a.zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "a.en.txt").write_text(EN, encoding="utf-8")
    (tmp_path / "a.ru.txt").write_bytes(
        "В Цицикаре прошло совещание.\n\nИнвестиции составили 900 млн юаней.\n".encode("cp1251")
    )
    return tmp_path


def _segments(env: Env) -> int:
    with env.session() as session:
        return session.exec(select(func.count(col(Segment.id)))).one()


def test_import_show_json_shape(env: Env, files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        env,
        capsys,
        "import",
        str(files / "a.zh.txt"),
        "--en",
        str(files / "a.en.txt"),
        "--ru",
        str(files / "a.ru.txt"),
        "--slug",
        "meeting",
        "--json",
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["segments"] == 3
    code, out, _ = run(env, capsys, "show", "meeting", "--json")
    shown = json.loads(out)
    assert code == 0
    assert shown["slug"] == "meeting"
    first = shown["segments"][0]
    assert set(first) >= {"id", "position", "paragraph", "source", "translations"}
    assert first["position"] == 1 and first["paragraph"] == 1
    assert first["translations"]["en"] == {
        "text": "Qiqihar held a meeting.",
        "state": "DRAFT",
        "version": 1,
        "origin": "aligned",
        "flag": None,
    }
    assert (
        shown["segments"][2]["translations"]["ru"]["text"] == "Инвестиции составили 900 млн юаней."
    )


def test_articles_json_reports_progress(
    env: Env, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(env, capsys, "import", str(files / "a.zh.txt"), "--en", str(files / "a.en.txt"))
    code, out, _ = run(env, capsys, "articles", "--json")
    article = json.loads(out)["articles"][0]
    assert code == 0
    assert article["slug"] == "a"
    assert article["progress"]["en"]["states"]["DRAFT"] == 3
    assert article["progress"]["ru"]["states"]["EMPTY"] == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (bytes([0x81, 0xFF, 0x98, 0xFE, 0x80, 0xFF, 0xC1, 0x9F]) * 50, "encoding"),
    ],
)
def test_bad_files_end_in_one_sentence(
    env: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    code, _out, err = run(env, capsys, "import", str(bad))
    assert code == 1
    assert message in err
    assert err.startswith("tmtool: ") and err.count("\n") == 1
    assert "Traceback" not in err
    assert _segments(env) == 0


def test_missing_file_and_unknown_slug(
    env: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(env, capsys, "import", str(tmp_path / "nowhere.txt"))
    assert code == 1 and "does not exist" in err
    code, _, err = run(env, capsys, "show", "nowhere")
    assert (
        code == 1
        and err == "tmtool: there is no article 'nowhere'; `tmtool articles` lists them.\n"
    )


def test_existing_slug_is_refused(
    env: Env, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(env, capsys, "import", str(files / "a.zh.txt"))[0] == 0
    code, _, err = run(
        env, capsys, "import", str(files / "a.zh.txt"), "--en", str(files / "a.en.txt")
    )
    assert code == 1 and "exists already" in err
    assert _segments(env) == 3


def test_aligned_lines_line_count_mismatch(
    env: Env, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "z.txt").write_text("第一条。\n第二条。\n", encoding="utf-8")
    (tmp_path / "e.txt").write_text("One.\nTwo.\nThree.\n", encoding="utf-8")
    code, _, err = run(
        env,
        capsys,
        "import",
        str(tmp_path / "z.txt"),
        "--en",
        str(tmp_path / "e.txt"),
        "--aligned-lines",
    )
    assert code == 1 and "has 3 lines but the Chinese file has 2" in err
    (tmp_path / "e.txt").write_text("One.\n\n", encoding="utf-8")
    code, _, _ = run(
        env,
        capsys,
        "import",
        str(tmp_path / "z.txt"),
        "--en",
        str(tmp_path / "e.txt"),
        "--aligned-lines",
        "--slug",
        "lines",
    )
    assert code == 0
    _, out, _ = run(env, capsys, "show", "lines", "--json")
    segments = json.loads(out)["segments"]
    assert [s["paragraph"] for s in segments] == [1, 2]
    assert [s["translations"]["en"]["state"] for s in segments] == ["DRAFT", "EMPTY"]
    assert segments[0]["translations"]["en"]["origin"] == "imported"


def test_review_and_export_round(
    env: Env, files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(env, capsys, "import", str(files / "a.zh.txt"), "--en", str(files / "a.en.txt"))
    code, _, err = run(env, capsys, "reject", "a", "--lang", "en", "--segment", "1")
    assert code == 1 and "needs a comment" in err
    code, out, _ = run(env, capsys, "approve", "a", "--lang", "en", "--json")
    assert code == 0 and json.loads(out)["changed"] == 3
    out_dir = tmp_path / "published"
    code, out, err = run(
        env, capsys, "export", "a", "--format", "html", "--lang", "en,ru", "--out", str(out_dir)
    )
    assert code == 1 and "(ru) is not finished" in err
    assert not list(out_dir.glob("*.html"))
    code, out, _ = run(
        env,
        capsys,
        "export",
        "a",
        "--format",
        "html",
        "--lang",
        "en",
        "--out",
        str(out_dir),
        "--json",
    )
    assert code == 0
    page = Path(json.loads(out)["files"][0]["path"]).read_text(encoding="utf-8")
    assert "<p>Qiqihar held a meeting. Sun Shen chaired it.</p>" in page
    assert "<p>The city invested 900 million yuan.</p>" in page


def test_translator_cannot_publish(
    env: Env, files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(env, capsys, "import", str(files / "a.zh.txt"), "--en", str(files / "a.en.txt"))
    assert run(env, capsys, "user", "add", "li", "--role", "translator")[0] == 0
    code = main(
        [
            "--workspace",
            str(env.workspace.root),
            "--user",
            "li",
            "export",
            "a",
            "--format",
            "txt",
            "--lang",
            "en",
            "--out",
            str(tmp_path / "o"),
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert err == "tmtool: li is a translator; publishing needs the publisher role.\n"


def test_installed_command_reports_without_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tmtool", "--workspace", str(tmp_path), "articles"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.startswith("tmtool: ") and "not a tmtool workspace" in result.stderr
    assert "Traceback" not in result.stderr


def test_approval_comment_is_recorded(
    env: Env, files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run(env, capsys, "import", str(files / "a.zh.txt"), "--en", str(files / "a.en.txt"))
    code, _, _ = run(
        env,
        capsys,
        "approve",
        "a",
        "--lang",
        "en",
        "--segment",
        "2",
        "--comment",
        "Good; keep 'chaired'.",
    )
    assert code == 0
    _, out, _ = run(env, capsys, "comment", "list", "a", "--json")
    comments = json.loads(out)["comments"]
    assert [(c["segment"], c["lang"], c["body"]) for c in comments] == [
        (2, "en", "Good; keep 'chaired'.")
    ]
