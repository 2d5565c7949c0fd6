"""Workspaces: a folder holding `tmtool.toml` and, by default, the SQLite database."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tmtool.errors import TmtoolError

CONFIG_NAME = "tmtool.toml"
DEFAULT_DB_NAME = "tmtool.db"
DEFAULT_TARGETS = ("en", "ru")


@dataclass(frozen=True)
class Workspace:
    """Settings of one workspace, read from its `tmtool.toml`."""

    root: Path
    source_lang: str = "zh"
    target_langs: tuple[str, ...] = DEFAULT_TARGETS
    database: str = f"sqlite:///{DEFAULT_DB_NAME}"
    mt_engine: str = "none"
    zh_semicolon_ends_sentence: bool = False
    extra: dict[str, object] = field(default_factory=dict)
    #: The whole `[mt]` table (engine, url, pivot_ru, timeout…), read by `tmtool.mt.settings`.
    mt_settings: dict[str, object] = field(default_factory=dict)

    @property
    def database_url(self) -> str:
        """The URL to connect to: `TMTOOL_DB` wins, relative SQLite paths are resolved here."""
        url = os.environ.get("TMTOOL_DB") or self.database
        prefix = "sqlite:///"
        if url.startswith(prefix) and not url.startswith(prefix + "/"):
            relative = url[len(prefix) :]
            if relative and relative != ":memory:":
                return prefix + str((self.root / relative).resolve())
        return url


def _render(workspace: Workspace) -> str:
    langs = ", ".join(f'"{lang}"' for lang in workspace.target_langs)
    return (
        "# tmtool workspace settings\n"
        "[languages]\n"
        f'source = "{workspace.source_lang}"\n'
        f"targets = [{langs}]\n"
        f"# Treat the Chinese full-width semicolon as a sentence end when splitting.\n"
        f"zh_semicolon_ends_sentence = {str(workspace.zh_semicolon_ends_sentence).lower()}\n\n"
        "[database]\n"
        "# A SQLite file (relative to this folder) or postgresql+psycopg://user@host/db\n"
        f'url = "{workspace.database}"\n\n'
        "[mt]\n"
        "# Keys come from the environment or your config folder, never from this file.\n"
        f'engine = "{workspace.mt_engine}"\n'
        '# url = "http://localhost:5000/"   # LibreTranslate server (see docs/mt.md)\n'
        '# pivot_ru = "en"                  # translate zh→en→ru when zh→ru is weak\n'
    )


def create(root: Path, *, database: str | None = None) -> Workspace:
    """Write a new `tmtool.toml` in `root` (created if needed)."""
    config = root / CONFIG_NAME
    if config.exists():
        raise TmtoolError(f"{root} is a tmtool workspace already.")
    try:
        root.mkdir(parents=True, exist_ok=True)
        workspace = Workspace(
            root=root.resolve(), database=database or f"sqlite:///{DEFAULT_DB_NAME}"
        )
        config.write_text(_render(workspace), encoding="utf-8")
    except OSError as exc:
        raise TmtoolError(f"cannot create a workspace in {root}: {exc.strerror}.") from exc
    return workspace


def load(root: Path) -> Workspace:
    """Read the workspace whose `tmtool.toml` is in `root`."""
    config = root / CONFIG_NAME
    try:
        data = tomllib.loads(config.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TmtoolError(f"{root} is not a tmtool workspace (no {CONFIG_NAME}).") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TmtoolError(f"{config} is not valid TOML: {exc}.") from None
    languages = data.get("languages", {})
    targets = languages.get("targets", list(DEFAULT_TARGETS))
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets) or not targets:
        raise TmtoolError(f"{config}: languages.targets must be a list of language codes.")
    return Workspace(
        root=root.resolve(),
        source_lang=str(languages.get("source", "zh")),
        target_langs=tuple(targets),
        zh_semicolon_ends_sentence=bool(languages.get("zh_semicolon_ends_sentence", False)),
        database=str(data.get("database", {}).get("url", f"sqlite:///{DEFAULT_DB_NAME}")),
        mt_engine=str(data.get("mt", {}).get("engine", "none")),
        extra={k: v for k, v in data.items() if k not in ("languages", "database", "mt")},
        mt_settings=dict(mt) if isinstance(mt := data.get("mt", {}), dict) else {},
    )


def find(start: Path | None = None) -> Workspace:
    """Find the workspace: `TMTOOL_WORKSPACE`, else `start` or the nearest parent with a config."""
    env = os.environ.get("TMTOOL_WORKSPACE")
    if start is None and env:
        return load(Path(env))
    if start is not None:
        return load(start)
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return load(folder)
    raise TmtoolError(
        "no tmtool workspace here or in any parent folder; run `tmtool init` or pass --workspace."
    )
