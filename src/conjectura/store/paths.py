"""Where conjectura keeps data: ``$CONJECTURA_HOME``, else a per-user default.

Layout of the home directory::

    $CONJECTURA_HOME/
        store.db          the default SQLite store (runs, metrics, certificates, datasets)
        data/<domain>/    cached datasets (Parquet)
        runs/<run-id>/    per-run artefacts: checkpoints, figures, HTML reports
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["home", "data_dir", "run_dir", "default_url"]


def home() -> Path:
    """The conjectura home directory (created if missing)."""
    env = os.environ.get("CONJECTURA_HOME")
    if env:
        path = Path(env).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "conjectura"
    path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir(domain: str | None = None) -> Path:
    """Cache directory for datasets, ``home()/data[/domain]`` (created if missing)."""
    path = home() / "data"
    if domain:
        path = path / domain
    path.mkdir(parents=True, exist_ok=True)
    return path


def run_dir(run_id: int | str) -> Path:
    """Artefact directory of one run, ``home()/runs/<run_id>`` (created if missing)."""
    path = home() / "runs" / str(run_id)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_url() -> str:
    """``$CONJECTURA_STORE`` if set, else ``sqlite:///<home>/store.db``."""
    return os.environ.get("CONJECTURA_STORE") or f"sqlite:///{home() / 'store.db'}"
