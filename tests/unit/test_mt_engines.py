"""Engines through the real deep-translator and deepl code, against the local test server."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.mt_server import MTServer, refused_url
from tmtool.errors import TmtoolError
from tmtool.mt import (
    MTError,
    MTRateLimitError,
    MTRefusedError,
    MTServerError,
    MTTimeoutError,
    MTUnavailableError,
    load_settings,
    make_adapter,
)
from tmtool.mt.calls import patiently, with_deadline
from tmtool.mt.engines import ENGINES, has_keys
from tmtool.mt.keys import find_secret


@pytest.fixture(autouse=True)
def no_user_keys(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Keys only from what each test sets: an empty config folder, no key variables."""
    monkeypatch.setenv("TMTOOL_CONFIG_DIR", str(tmp_path / "config"))
    for spec in ENGINES.values():
        for var in spec.env_vars():
            monkeypatch.delenv(var, raising=False)


def libre(server: MTServer, **more: object) -> list[str]:
    settings = load_settings({"engine": "libretranslate", "url": server.url, **more})
    return make_adapter(settings).translate(["你好", "会议"], "zh", "ru")


def test_libretranslate_request_and_answer(mt_server: MTServer) -> None:
    mt_server.script("你好", "Привет", target="ru")
    assert libre(mt_server) == ["Привет", "<ru> 会议"]
    assert [(r.path, r.texts, r.source, r.target) for r in mt_server.requests] == [
        ("/translate", ["你好"], "zh", "ru"),
        ("/translate", ["会议"], "zh", "ru"),
    ]


def test_libretranslate_key_from_environment(
    mt_server: MTServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    mt_server.libre_key = "secret"
    with pytest.raises(MTRefusedError, match="refused the key"):
        libre(mt_server)
    monkeypatch.setenv("LIBRE_API_KEY", "secret")
    assert libre(mt_server) == ["<ru> 你好", "<ru> 会议"]
    assert mt_server.requests[-1].key == "secret"


def test_deepl_through_the_official_package(
    mt_server: MTServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    mt_server.deepl_key = "good:fx"
    settings = load_settings({"engine": "deepl", "url": mt_server.url})
    with pytest.raises(TmtoolError, match="DeepL engine needs its key: set DEEPL_AUTH_KEY"):
        make_adapter(settings)
    monkeypatch.setenv("DEEPL_AUTH_KEY", "bad:fx")
    with pytest.raises(MTRefusedError, match="DeepL refused the key"):
        make_adapter(settings).translate(["你好"], "zh", "ru")
    monkeypatch.setenv("DEEPL_AUTH_KEY", "good:fx")
    mt_server.script("你好", "Hello", target="en")
    adapter = make_adapter(settings)
    assert adapter.translate(["你好", "会议"], "zh", "en") == ["Hello", "<en> 会议"]
    last = mt_server.requests[-1]
    assert (last.path, last.texts, last.source, last.target, last.key) == (
        "/v2/translate",
        ["你好", "会议"],
        "zh",
        "en",
        "good:fx",
    )


def test_key_from_the_user_config_folder(tmp_path: Path) -> None:
    folder = tmp_path / "config"
    folder.mkdir()
    (folder / "keys.toml").write_text('[baidu]\nappid = "app"\nappkey = "k"\n', encoding="utf-8")
    assert find_secret("baidu", "appid", ("BAIDU_APPID",)) == "app"
    assert has_keys(ENGINES["baidu"])
    assert not has_keys(ENGINES["deepl"])


@pytest.mark.parametrize(
    ("status", "error", "transient"),
    [
        (500, MTServerError, True),
        (503, MTServerError, True),
        (429, MTRateLimitError, True),
        (403, MTRefusedError, False),
        (400, MTRefusedError, False),
    ],
)
def test_http_errors_map_to_one_sentence(
    mt_server: MTServer, status: int, error: type[MTError], transient: bool
) -> None:
    mt_server.fail(status, retry_after=1)
    with pytest.raises(error) as caught:
        libre(mt_server)
    assert caught.value.transient is transient
    assert str(caught.value).count(".") <= 2 and "\n" not in str(caught.value)


@pytest.mark.parametrize(("status", "error"), [(500, MTServerError), (429, MTRateLimitError)])
def test_deepl_http_errors(
    mt_server: MTServer, monkeypatch: pytest.MonkeyPatch, status: int, error: type[MTError]
) -> None:
    monkeypatch.setenv("DEEPL_AUTH_KEY", "k:fx")
    mt_server.fail(status, retry_after=1)
    adapter = make_adapter(load_settings({"engine": "deepl", "url": mt_server.url}))
    with pytest.raises(error):
        adapter.translate(["你好"], "zh", "ru")
    assert mt_server.count("/v2/translate") == 1  # the package's own retries are off


def test_connection_refused() -> None:
    settings = load_settings({"engine": "libretranslate", "url": refused_url()})
    with pytest.raises(MTUnavailableError, match="cannot be reached"):
        make_adapter(settings).translate(["你好"], "zh", "ru")


def test_slow_answer_runs_into_the_deadline(mt_server: MTServer) -> None:
    mt_server.slow(30)
    adapter = make_adapter(load_settings({"engine": "libretranslate", "url": mt_server.url}))
    with pytest.raises(MTTimeoutError, match=r"did not answer within 0\.3 s"):
        with_deadline(lambda: adapter.translate(["你好"], "zh", "ru"), 0.3, adapter.name)


def test_rate_limit_then_success(mt_server: MTServer) -> None:
    mt_server.fail(429, times=2, retry_after=1)
    adapter = make_adapter(load_settings({"engine": "libretranslate", "url": mt_server.url}))
    waits: list[float] = []
    answer = patiently(
        lambda: adapter.translate(["你好"], "zh", "ru"),
        retries=3,
        first_delay=0.01,
        longest_delay=0.05,
        on_retry=lambda exc, delay: waits.append(delay),
    )
    assert answer == ["<ru> 你好"]
    assert mt_server.count() == 3
    assert len(waits) == 2 and waits[1] > waits[0] * 1.1


def test_retries_exhausted_says_so(mt_server: MTServer) -> None:
    mt_server.fail(500, times=5)
    adapter = make_adapter(load_settings({"engine": "libretranslate", "url": mt_server.url}))
    with pytest.raises(MTServerError, match=r"\(3 attempts\)\.$"):
        patiently(
            lambda: adapter.translate(["你好"], "zh", "ru"),
            retries=2,
            first_delay=0.0,
            longest_delay=0.0,
        )
    assert mt_server.count() == 3


def test_settings_refuse_keys_in_the_workspace_file() -> None:
    with pytest.raises(TmtoolError, match="must not hold the MT key"):
        load_settings({"engine": "deepl", "key": "abc"})
    with pytest.raises(TmtoolError, match="timeout"):
        load_settings({"timeout": "soon"})


def test_unknown_engine_and_mt_off() -> None:
    with pytest.raises(TmtoolError, match="no MT engine called 'babel'; choose one of"):
        make_adapter(load_settings({}, engine="babel"))
    with pytest.raises(TmtoolError, match="machine translation is off"):
        make_adapter(load_settings({}))
