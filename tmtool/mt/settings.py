"""The `[mt]` table of `tmtool.toml`: which engine, where, and how patiently."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from tmtool.errors import TmtoolError

#: Names in `[mt]` that would hold a secret; secrets never live in the workspace file.
SECRET_NAMES = frozenset({"key", "api_key", "auth_key", "appkey", "secret", "password", "token"})


@dataclass(frozen=True)
class MTSettings:
    """Machine-translation settings of a workspace.

    Attributes:
        engine: engine name ("none" when machine translation is off).
        url: server URL for engines that take one (LibreTranslate, DeepL).
        pivot: target language → intermediate language, e.g. {"ru": "en"} to go zh→en→ru.
        timeout: seconds to wait for one answer.
        retries: further attempts after a transient failure (429, 5xx, timeout, refused).
        backoff: seconds before the first retry; doubled for each further one.
        max_backoff: the longest wait between two attempts.
        batch_size: segments written to the database per transaction by pretranslate.
        region: Microsoft Translator's resource region.
        email: MyMemory's optional e-mail address (a larger free quota).
        codes: tmtool language code → the engine's code, where the default does not fit.
    """

    engine: str = "none"
    url: str | None = None
    pivot: Mapping[str, str] = field(default_factory=dict)
    timeout: float = 20.0
    retries: int = 4
    backoff: float = 1.0
    max_backoff: float = 30.0
    batch_size: int = 20
    region: str | None = None
    email: str | None = None
    codes: Mapping[str, str] = field(default_factory=dict)

    def with_engine(self, engine: str | None) -> MTSettings:
        """These settings with another engine (None keeps this one)."""
        return self if engine is None else replace(self, engine=engine.strip().lower())

    def route(self, source: str, target: str) -> list[tuple[str, str]]:
        """The language pairs a translation goes through, e.g. [("zh", "en"), ("en", "ru")]."""
        via = self.pivot.get(target)
        if via and via not in (source, target):
            return [(source, via), (via, target)]
        return [(source, target)]


def _number(table: Mapping[str, object], name: str, default: float, *, low: float) -> float:
    value = table.get(name, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < low:
        raise TmtoolError(f"[mt] {name} in tmtool.toml must be a number of at least {low:g}.")
    return float(value)


def _text(table: Mapping[str, object], name: str) -> str | None:
    value = table.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise TmtoolError(f"[mt] {name} in tmtool.toml must be a string.")
    return value.strip() or None


def _codes(table: Mapping[str, object]) -> dict[str, str]:
    value = table.get("codes", {})
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise TmtoolError('[mt] codes in tmtool.toml must map language codes, e.g. {zh = "zh"}.')
    return dict(value)


def load_settings(table: Mapping[str, object], *, engine: str | None = None) -> MTSettings:
    """Read the `[mt]` table (as parsed from TOML) into settings.

    Args:
        table: the table; unknown names are ignored.
        engine: an engine chosen on the command line, overriding the table's.

    Returns:
        The settings.

    Raises:
        TmtoolError: a value has the wrong type, or the table holds a secret.
    """
    secrets = sorted(SECRET_NAMES.intersection(table))
    if secrets:
        raise TmtoolError(
            f"tmtool.toml must not hold the MT key ({secrets[0]} in [mt]); put it in the "
            "environment or in keys.toml in your tmtool config folder (see `tmtool mt engines`)."
        )
    pivot: dict[str, str] = {}
    for name, value in table.items():
        if name.startswith("pivot_") and value:
            if not isinstance(value, str):
                raise TmtoolError(f"[mt] {name} in tmtool.toml must be a language code.")
            pivot[name.removeprefix("pivot_")] = value.strip()
    return MTSettings(
        engine=(_text(table, "engine") or "none").lower(),
        url=_text(table, "url"),
        pivot=pivot,
        timeout=_number(table, "timeout", 20.0, low=0.01),
        retries=int(_number(table, "retries", 4, low=0)),
        backoff=_number(table, "backoff", 1.0, low=0),
        max_backoff=_number(table, "max_backoff", 30.0, low=0),
        batch_size=int(_number(table, "batch_size", 20, low=1)),
        region=_text(table, "region"),
        email=_text(table, "email"),
        codes=_codes(table),
    ).with_engine(engine)
