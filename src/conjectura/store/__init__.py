"""The store: runs, metrics, checkpoints, certificates and datasets (SQLAlchemy; SQLite by default)."""

from conjectura.store.db import GRACE_PERIOD, HEARTBEAT_INTERVAL, STATUSES, Run, Store, open_store
from conjectura.store.paths import data_dir, default_url, home, mask_url, run_dir, store_key
from conjectura.store.state import pack_state, unpack_state

__all__ = [
    "Store",
    "Run",
    "open_store",
    "STATUSES",
    "HEARTBEAT_INTERVAL",
    "GRACE_PERIOD",
    "home",
    "data_dir",
    "run_dir",
    "default_url",
    "mask_url",
    "store_key",
    "pack_state",
    "unpack_state",
]
