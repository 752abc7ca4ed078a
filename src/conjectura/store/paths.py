"""Where conjectura keeps data: ``$CONJECTURA_HOME``, else a per-user default.

Layout of the home directory::

    $CONJECTURA_HOME/
        store.db                  the default SQLite store (runs, metrics, checkpoints,
                                  certificates, datasets)
        data/<domain>/            cached datasets (Parquet)
        runs/<store-key>/<run-id>/  per-run artefacts: figures, HTML reports, certificate.json

``<store-key>`` is a short digest of the store's URL without its password
(:func:`store_key`), so two stores used from one home never share a run directory.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from conjectura.exceptions import StoreError

__all__ = ["home", "data_dir", "run_dir", "default_url", "store_key", "mask_url"]


def home() -> Path:
    """The conjectura home directory (created if missing).

    Raises
    ------
    StoreError
        When the home cannot be a directory (``CONJECTURA_HOME`` names a file, or a directory
        that cannot be created).
    """
    env = os.environ.get("CONJECTURA_HOME")
    if env:
        path = Path(env).expanduser()
    else:
        base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "conjectura"
    return _directory(path, "the conjectura home (CONJECTURA_HOME)")


def data_dir(domain: str | None = None) -> Path:
    """Cache directory for datasets, ``home()/data[/domain]`` (created if missing)."""
    path = home() / "data"
    if domain:
        path = path / domain
    return _directory(path, "the data directory")


def run_dir(run_id: int | str, key: str) -> Path:
    """Artefact directory of run ``run_id`` of the store with key ``key``,
    ``home()/runs/<key>/<run_id>`` (created if missing); ``key`` is :func:`store_key` of the
    store's URL."""
    if not re.fullmatch(r"[0-9a-f]{1,64}", str(key)):
        raise StoreError(f"a store key is a hexadecimal digest. Got {key!r} instead.")
    return _directory(home() / "runs" / str(key) / str(run_id), "the run directory")


def default_url() -> str:
    """``$CONJECTURA_STORE`` if set, else ``sqlite:///<home>/store.db``."""
    return os.environ.get("CONJECTURA_STORE") or f"sqlite:///{home() / 'store.db'}"


def mask_url(url: str) -> str:
    """``url`` with its password replaced by ``***``, for messages and listings.

    >>> mask_url("postgresql://ada:S3cret@db.example.org/conjectura")
    'postgresql://ada:***@db.example.org/conjectura'
    >>> mask_url("sqlite:///tmp/store.db")
    'sqlite:///tmp/store.db'
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError, TypeError):
        # not a URL SQLAlchemy can parse: mask anything between "user:" and "@" all the same
        return re.sub(r"(://[^/:@]*:)[^@/]*@", r"\1***@", str(url))


def store_key(url: str) -> str:
    """A 12-hex-digit digest naming a store: its URL without the password, with a SQLite file
    path made absolute (so one file reached through two relative paths has one key).

    >>> store_key("postgresql://ada:one@host/db") == store_key("postgresql://ada:two@host/db")
    True
    >>> len(store_key("sqlite://"))
    12
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        u = make_url(url)
        if u.get_backend_name() == "sqlite" and u.database and u.database != ":memory:":
            u = u.set(database=str(Path(u.database).expanduser().resolve()))
        canonical = u._replace(password=None).render_as_string(hide_password=False)
    except (ArgumentError, ValueError, TypeError):
        canonical = mask_url(url)
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def _directory(path: Path, what: str) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise StoreError(
            f"{what} {str(path)!r} is a file, not a directory; point CONJECTURA_HOME at a directory."
        ) from exc
    except OSError as exc:
        raise StoreError(f"cannot create {what} {str(path)!r}: {exc.strerror or exc}.") from exc
    if not path.is_dir():
        raise StoreError(f"{what} {str(path)!r} is not a directory; point CONJECTURA_HOME at a directory.")
    return path
