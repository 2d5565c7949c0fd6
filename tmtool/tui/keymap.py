"""User key remapping: `binding-id = "keys"` lines in the user's config folder."""

from __future__ import annotations

import tomllib
from pathlib import Path

from platformdirs import user_config_dir


def keymap_path() -> Path:
    """Where tmtool looks for the user's keymap."""
    return Path(user_config_dir("tmtool")) / "keymap.toml"


def load_keymap(path: Path | None = None) -> tuple[dict[str, str], str | None]:
    """The remapped keys by binding id, and a problem to report (None when fine)."""
    path = path or keymap_path()
    if not path.is_file():
        return {}, None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return {}, f"{path} is not a readable keymap ({exc}); the default keys are in use."
    keymap = {str(k): v for k, v in data.items() if isinstance(v, str)}
    ignored = sorted(k for k, v in data.items() if not isinstance(v, str))
    problem = (
        f"{path}: ignored {', '.join(ignored)} (values must be key strings)." if ignored else None
    )
    return keymap, problem
