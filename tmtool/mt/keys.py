"""Where MT keys come from: the environment, else `keys.toml` in the user's config folder.

Never from the workspace's `tmtool.toml`, which is shared with the team and often kept in
version control. `keys.toml` has one table per engine::

    [deepl]
    key = "…"

    [baidu]
    appid = "…"
    appkey = "…"
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

import platformdirs

from tmtool.errors import TmtoolError

KEYS_FILE = "keys.toml"


def config_dir() -> Path:
    """The user's tmtool config folder: `TMTOOL_CONFIG_DIR`, else the platform's (XDG)."""
    explicit = os.environ.get("TMTOOL_CONFIG_DIR")
    if explicit:
        return Path(explicit)
    return platformdirs.user_config_path("tmtool", appauthor=False)


def keys_path() -> Path:
    """The file holding the user's MT keys."""
    return config_dir() / KEYS_FILE


def _file_table(engine: str) -> Mapping[str, object]:
    path = keys_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TmtoolError(f"{path} cannot be read as TOML ({exc}).") from None
    table = data.get(engine, {})
    return table if isinstance(table, Mapping) else {}


def env_names(name: str, provider_vars: Sequence[str]) -> list[str]:
    """Environment variables consulted for one secret, in order."""
    return [f"TMTOOL_MT_{name.upper()}", *provider_vars]


def find_secret(engine: str, name: str, provider_vars: Sequence[str]) -> str | None:
    """One secret of an engine, or None when it is nowhere to be found.

    Args:
        engine: the engine's name, also its table in keys.toml.
        name: the secret's name, e.g. "key" or "appid".
        provider_vars: the provider's usual environment variables, e.g. DEEPL_AUTH_KEY.

    Returns:
        The first non-empty value among TMTOOL_MT_<NAME>, the provider's variables and
        keys.toml's `[engine] name`.
    """
    for var in env_names(name, provider_vars):
        value = os.environ.get(var, "").strip()
        if value:
            return value
    stored = _file_table(engine).get(name)
    return (stored.strip() or None) if isinstance(stored, str) else None
