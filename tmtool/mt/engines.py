"""The engines tmtool offers, each behind the `MTAdapter` interface.

deep-translator provides Google, Microsoft, Yandex, Baidu, MyMemory and LibreTranslate.
DeepL goes through DeepL's own `deepl` package, because deep-translator's DeepL class
sends the key in the query string, which DeepL no longer accepts. deep-translator's
other classes are left out: Pons and Linguee are dictionaries (single words), QCRI
covers Arabic, Papago's language table does not fit its API and lacks Russian, and
ChatGPT needs OpenAI's package and is not a translation engine as such.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import requests

from tmtool.errors import TmtoolError
from tmtool.mt.base import (
    MTAdapter,
    MTError,
    MTRateLimitError,
    MTRefusedError,
    MTServerError,
    MTTimeoutError,
    MTUnavailableError,
)
from tmtool.mt.keys import env_names, find_secret, keys_path
from tmtool.mt.settings import MTSettings

#: Sent as LibreTranslate's api_key when the user has none: deep-translator insists on
#: one, and a server that does not check keys ignores it.
NO_KEY = "none"


@dataclass(frozen=True)
class Secret:
    """A secret an engine needs: its name in keys.toml and the provider's variables."""

    name: str
    env: tuple[str, ...]
    required: bool = True


@dataclass(frozen=True)
class EngineSpec:
    """What tmtool knows about one engine."""

    name: str
    label: str
    secrets: tuple[Secret, ...]
    takes_url: bool
    codes: Mapping[str, str]
    note: str

    def env_vars(self) -> list[str]:
        """Every environment variable the engine's secrets are looked up in."""
        return [var for s in self.secrets for var in env_names(s.name, s.env)]


ENGINES: dict[str, EngineSpec] = {
    spec.name: spec
    for spec in (
        EngineSpec(
            "libretranslate",
            "LibreTranslate",
            (Secret("key", ("LIBRE_API_KEY",), required=False),),
            True,
            {},
            "self-hosted or public LibreTranslate server; set url",
        ),
        EngineSpec(
            "deepl",
            "DeepL",
            (Secret("key", ("DEEPL_AUTH_KEY", "DEEPL_API_KEY")),),
            True,
            {"zh": "ZH", "en": "EN-GB", "ru": "RU"},
            "official deepl package; url only for a proxy or a test server",
        ),
        EngineSpec("google", "Google Translate", (), False, {"zh": "zh-CN"}, ""),
        EngineSpec(
            "microsoft",
            "Microsoft Translator",
            (Secret("key", ("MICROSOFT_API_KEY",)),),
            False,
            {"zh": "zh-Hans"},
            "set region for a regional resource",
        ),
        EngineSpec(
            "yandex", "Yandex Translate", (Secret("key", ("YANDEX_API_KEY",)),), False, {}, ""
        ),
        EngineSpec(
            "baidu",
            "Baidu Translate",
            (Secret("appid", ("BAIDU_APPID",)), Secret("appkey", ("BAIDU_APPKEY",))),
            False,
            {},
            "",
        ),
        EngineSpec(
            "mymemory",
            "MyMemory",
            (),
            False,
            {"zh": "zh-CN", "en": "en-GB", "ru": "ru-RU"},
            "set email for a larger free quota",
        ),
    )
}

_DEEP_TRANSLATOR_MESSAGES = {
    "ERR_TOO_MANY_REQUESTS": MTRateLimitError,
    "ERR_INTERNAL_SERVER_ERROR": MTServerError,
    "ERR_SERVICE_NOT_AVAIBLE": MTServerError,
    "API server error": MTServerError,
}


def deep_translator_error(exc: Exception, label: str, source: str, target: str) -> MTError:
    """One-sentence error for an exception raised inside deep-translator.

    deep-translator keeps only a message for HTTP errors (`ServerException`), so the
    status is recognised by that message.
    """
    from deep_translator import exceptions as dt

    if isinstance(exc, MTError):
        return exc
    if isinstance(exc, requests.exceptions.Timeout):
        return MTTimeoutError(f"the MT engine {label} did not answer in time.")
    if isinstance(exc, requests.exceptions.ConnectionError | ConnectionError):
        return MTUnavailableError(
            f"the MT engine {label} cannot be reached; check the network and the engine's URL."
        )
    if isinstance(exc, dt.TooManyRequests):
        return MTRateLimitError(f"the MT engine {label} is limiting requests (HTTP 429).")
    if isinstance(exc, dt.AuthorizationException | dt.ApiKeyException):
        return MTRefusedError(
            f"the MT engine {label} refused the key; check it (`tmtool mt engines`)."
        )
    if isinstance(exc, dt.LanguageNotSupportedException | dt.InvalidSourceOrTargetLanguage):
        return MTRefusedError(f"the MT engine {label} does not translate {source} into {target}.")
    if isinstance(exc, dt.ServerException):
        reason = str(exc.args[0]) if exc.args else ""
        kind = _DEEP_TRANSLATOR_MESSAGES.get(reason)
        if kind is MTRateLimitError:
            return MTRateLimitError(f"the MT engine {label} is limiting requests (HTTP 429).")
        if kind is not None:
            return MTServerError(f"the MT engine {label} is failing ({reason}).")
        return MTRefusedError(f"the MT engine {label} refused the request ({reason or 'error'}).")
    if isinstance(exc, dt.RequestError):
        return MTServerError(f"the MT engine {label} answered with an error.")
    if isinstance(exc, dt.TranslationNotFound):
        return MTServerError(f"the MT engine {label} returned no translation.")
    if isinstance(exc, requests.exceptions.RequestException | ValueError | KeyError):
        return MTServerError(f"the MT engine {label} gave an answer tmtool cannot read.")
    return MTRefusedError(f"the MT engine {label} failed ({type(exc).__name__}: {exc}).")


class DeepTranslatorAdapter:
    """An engine reached through one of deep-translator's translator classes.

    deep-translator sends one request per text, so `batch_size` is 1: each answer can be
    cached the moment it arrives.
    """

    batch_size = 1

    def __init__(
        self,
        spec: EngineSpec,
        factory: Callable[[str, str], Any],
        codes: Mapping[str, str],
    ) -> None:
        """Remember how to make a deep-translator object for a language pair.

        Args:
            spec: the engine.
            factory: (source code, target code) → a deep-translator translator.
            codes: tmtool language code → the engine's code.
        """
        self.name = spec.name
        self._label = spec.label
        self._factory = factory
        self._codes = codes
        self._translators: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def _translator(self, source: str, target: str) -> Any:
        with self._lock:
            translator = self._translators.get((source, target))
        if translator is None:
            translator = self._factory(
                self._codes.get(source, source), self._codes.get(target, target)
            )
            with self._lock:
                self._translators[(source, target)] = translator
        return translator

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate texts one request at a time (see `MTAdapter.translate`)."""
        try:
            translator = self._translator(source, target)
            answers = [translator.translate(text) for text in texts]
        except Exception as exc:
            raise deep_translator_error(exc, self._label, source, target) from exc
        if not all(isinstance(a, str) for a in answers):
            raise MTServerError(f"the MT engine {self._label} returned no translation.")
        return answers


class DeepLAdapter:
    """DeepL through the official `deepl` package, up to 50 texts per request."""

    name = "deepl"
    batch_size = 25

    def __init__(self, key: str, *, url: str | None, codes: Mapping[str, str], timeout: float):
        """Open a DeepL client.

        tmtool retries by itself, with the same policy for every engine, so the deepl
        package's own retries are switched off and its connection timeout set to ours
        (both are the package's documented module settings).
        """
        import deepl

        deepl.http_client.max_network_retries = 0
        deepl.http_client.min_connection_timeout = timeout
        self._codes = codes
        self._client = deepl.Translator(key, server_url=url, send_platform_info=False)

    def _code(self, lang: str) -> str:
        return self._codes.get(lang, lang).upper()

    def translate(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate texts in one request (see `MTAdapter.translate`)."""
        import deepl

        try:
            results = self._client.translate_text(
                list(texts),
                source_lang=self._code(source).split("-")[0],
                target_lang=self._code(target),
            )
        except deepl.AuthorizationException as exc:
            raise MTRefusedError("DeepL refused the key; check it (`tmtool mt engines`).") from exc
        except deepl.QuotaExceededException as exc:
            raise MTRefusedError("the DeepL quota for this billing period is used up.") from exc
        except deepl.TooManyRequestsException as exc:
            raise MTRateLimitError("DeepL is limiting requests (HTTP 429).") from exc
        except deepl.ConnectionException as exc:
            if "timed out" in str(exc).lower():
                raise MTTimeoutError("DeepL did not answer in time.") from exc
            raise MTUnavailableError("DeepL cannot be reached; check the network.") from exc
        except deepl.DeepLException as exc:
            status = exc.http_status_code or 0
            if status >= 500:
                raise MTServerError(f"DeepL is failing (HTTP {status}).") from exc
            raise MTRefusedError(f"DeepL refused the request ({exc}).") from exc
        except (ValueError, TypeError, KeyError) as exc:
            raise MTServerError("DeepL gave an answer tmtool cannot read.") from exc
        answers = [r.text for r in (results if isinstance(results, list) else [results])]
        if len(answers) != len(texts):
            raise MTServerError("DeepL returned fewer translations than texts sent.")
        return answers


def spec_of(name: str) -> EngineSpec:
    """The engine called `name`, or a one-sentence error listing the choices."""
    spec = ENGINES.get(name)
    if spec is None:
        if name in ("", "none"):
            raise TmtoolError(
                "machine translation is off in this workspace; set engine in the [mt] table "
                "of tmtool.toml or pass --engine (see `tmtool mt engines`)."
            )
        raise TmtoolError(
            f"there is no MT engine called {name!r}; choose one of {', '.join(ENGINES)}."
        )
    return spec


def secrets_of(spec: EngineSpec) -> dict[str, str | None]:
    """The engine's secrets as found in the environment or keys.toml (None if absent)."""
    return {s.name: find_secret(spec.name, s.name, s.env) for s in spec.secrets}


def has_keys(spec: EngineSpec) -> bool:
    """Whether every secret the engine requires can be found."""
    found = secrets_of(spec)
    return all(found[s.name] for s in spec.secrets if s.required)


def make_adapter(settings: MTSettings) -> MTAdapter:
    """The adapter for the settings' engine, with its keys.

    Raises:
        TmtoolError: no such engine, machine translation off, or a key missing.
    """
    spec = spec_of(settings.engine)
    found = secrets_of(spec)
    for secret in spec.secrets:
        if secret.required and not found[secret.name]:
            raise TmtoolError(
                f"the {spec.label} engine needs its {secret.name}: set "
                f"{(secret.env or env_names(secret.name, ()))[0]} or add {secret.name} under "
                f"[{spec.name}] in {keys_path()}."
            )
    codes = {**spec.codes, **settings.codes}
    key = found.get("key")
    if spec.name == "deepl":
        assert key is not None
        return DeepLAdapter(key, url=settings.url, codes=codes, timeout=settings.timeout)
    return DeepTranslatorAdapter(spec, _factory(spec.name, settings, found), codes)


def _factory(
    name: str, settings: MTSettings, found: Mapping[str, str | None]
) -> Callable[[str, str], Any]:
    import deep_translator as dt

    key = found.get("key") or ""
    if name == "libretranslate":
        url = settings.url or "https://libretranslate.com/"
        url = url if url.endswith("/") else url + "/"
        return lambda s, t: dt.LibreTranslator(
            source=s, target=t, api_key=key or NO_KEY, use_free_api=False, custom_url=url
        )
    if name == "google":
        return lambda s, t: dt.GoogleTranslator(source=s, target=t)
    if name == "microsoft":
        return lambda s, t: dt.MicrosoftTranslator(
            source=s, target=t, api_key=key, region=settings.region
        )
    if name == "yandex":
        return lambda s, t: dt.YandexTranslator(source=s, target=t, api_key=key)
    if name == "baidu":
        return lambda s, t: dt.BaiduTranslator(
            source=s, target=t, appid=found.get("appid"), appkey=found.get("appkey")
        )
    if name == "mymemory":
        email = settings.email
        return lambda s, t: dt.MyMemoryTranslator(source=s, target=t, email=email)
    raise AssertionError(f"no factory for {name}")
