"""The store: runs, metrics, certificates and datasets (SQLAlchemy; SQLite by default)."""

from conjectura.store.db import STATUSES, Run, Store, open_store
from conjectura.store.paths import data_dir, default_url, home, run_dir

__all__ = ["Store", "Run", "open_store", "STATUSES", "home", "data_dir", "run_dir", "default_url"]
