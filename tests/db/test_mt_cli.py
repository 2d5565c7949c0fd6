"""`tmtool mt`: JSON output, exit codes and one-sentence errors, against the test server."""

from __future__ import annotations

import json

import pytest
from sqlmodel import col, func, select

from tests.conftest import Env
from tests.db.test_cli import run
from tests.db.test_mt_service import cells, configure, ws  # noqa: F401 - fixture
from tests.mt_server import MTServer, refused_url
from tmtool.models import MTCache, Revision, State


@pytest.fixture(autouse=True)
def no_user_keys(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    monkeypatch.setenv("TMTOOL_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
    for var in ("TMTOOL_MT_KEY", "DEEPL_AUTH_KEY", "DEEPL_API_KEY", "LIBRE_API_KEY"):
        monkeypatch.delenv(var, raising=False)


pytestmark = pytest.mark.usefixtures("ws")


def revisions(env: Env) -> int:
    with env.session() as session:
        return session.exec(select(func.count(col(Revision.id)))).one()


def test_translate_json(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        env, capsys, "mt", "translate", "会议在鹤城举行。", "--lang", "ru", "--json"
    )
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "source": "会议在鹤城举行。",
        "lang": "ru",
        "text": "Совещание прошло в Городе журавлей.",
        "engine": "libretranslate",
        "flags": [],
    }


def test_engines_json(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(env, capsys, "mt", "engines", "--json")
    engines = {e["name"]: e for e in json.loads(out)["engines"]}
    assert code == 0
    assert {"libretranslate", "deepl", "google", "microsoft", "yandex", "baidu", "mymemory"} <= set(
        engines
    )
    assert engines["libretranslate"]["selected"] and not engines["deepl"]["selected"]
    assert not engines["deepl"]["configured"] and "DEEPL_AUTH_KEY" in engines["deepl"]["keys"]
    assert engines["google"]["configured"] and engines["google"]["keys"] == []


def test_pretranslate_json_after_rate_limit(
    env: Env, mt_server: MTServer, capsys: pytest.CaptureFixture[str]
) -> None:
    mt_server.fail(429, times=2, retry_after=1)
    code, out, err = run(env, capsys, "mt", "pretranslate", "news", "--lang", "ru", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "slug": "news",
        "lang": "ru",
        "engine": "libretranslate",
        "empty": 3,
        "filled": 3,
        "skipped": 0,
        "flagged": 1,
        "requested": 3,
        "cached": 0,
    }
    assert mt_server.count() == 5
    assert [state for _, state, *_ in cells(env)] == [State.DRAFT] * 3


def test_timeout_keeps_finished_batches_and_nothing_half_written(
    env: Env, mt_server: MTServer, capsys: pytest.CaptureFixture[str]
) -> None:
    configure(env, mt_server.url, batch_size=1, timeout=0.3, retries=1)
    mt_server.answer_normally(times=1)
    mt_server.slow(30, times=10)
    before = revisions(env)
    code, out, err = run(env, capsys, "mt", "pretranslate", "news", "--lang", "ru")
    assert (code, out) == (1, "")
    assert err == (
        "tmtool: the MT engine libretranslate did not answer within 0.3 s (2 attempts); "
        "1 of 3 empty segments were filled before that and every answer received is cached, "
        "so running the command again goes on from there.\n"
    )
    assert [(text, state, version) for text, state, _, version, _ in cells(env)] == [
        ("Совещание прошло в Городе журавлей.", State.DRAFT, 2),
        ("", State.EMPTY, 1),
        ("", State.EMPTY, 1),
    ]
    assert revisions(env) == before + 1
    with env.session() as session:
        assert session.exec(select(func.count(col(MTCache.id)))).one() == 1


@pytest.mark.parametrize("fault", ["refused", "500"])
def test_engine_down_is_one_sentence_and_writes_nothing(
    env: Env, mt_server: MTServer, capsys: pytest.CaptureFixture[str], fault: str
) -> None:
    if fault == "refused":
        configure(env, refused_url())
    else:
        mt_server.fail(500, times=10)
    before = revisions(env)
    code, out, err = run(env, capsys, "mt", "pretranslate", "news", "--lang", "ru")
    assert (code, out) == (1, "")
    assert err.startswith("tmtool: ") and err.count("\n") == 1
    assert "0 of 3 empty segments were filled" in err
    assert revisions(env) == before
    assert {state for _, state, *_ in cells(env)} == {State.EMPTY}


def test_engine_override_and_missing_key(env: Env, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        env, capsys, "mt", "pretranslate", "news", "--lang", "ru", "--engine", "deepl"
    )
    assert (code, out) == (1, "")
    assert err.startswith("tmtool: the DeepL engine needs its key: set DEEPL_AUTH_KEY or add")
    code, _, err = run(env, capsys, "mt", "translate", "会议", "--lang", "fr")
    assert (code, err) == (1, "tmtool: this workspace does not translate into fr.\n")


def test_deepl_pretranslate_in_batches(
    env: Env,
    mt_server: MTServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", "test:fx")
    configure(env, mt_server.url, engine="deepl")
    code, out, err = run(env, capsys, "mt", "pretranslate", "news", "--lang", "ru", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["filled"] == 3
    assert [len(r.texts) for r in mt_server.requests] == [3]
    assert mt_server.requests[0].key == "test:fx"
    assert cells(env)[0][0] == "Совещание прошло в Городе журавлей."
