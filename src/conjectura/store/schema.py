"""Tables of the store (SQLAlchemy Core): runs, metrics, checkpoints, certificates, datasets."""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),  # search, learn, data, verify, ...
    Column("name", String(200), nullable=False),  # problem or task name
    Column("config", JSON, nullable=False, default=dict),
    Column("status", String(16), nullable=False),  # running, finished, failed, interrupted
    Column("created", DateTime(timezone=True), nullable=False),
    Column("finished", DateTime(timezone=True)),
    Column("heartbeat", DateTime(timezone=True)),  # refreshed while the run is tracked
    Column("host", String(200)),
    Column("pid", Integer),
    Column("summary", JSON),
    Column("error", Text),
)

metrics = Table(
    "metrics",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(200), nullable=False),
    Column("step", Integer),
    Column("value", Float, nullable=False),
    Column("time", DateTime(timezone=True), nullable=False),
    Index("ix_metrics_run_key", "run_id", "key"),
)

# The last state of a run under a name ("checkpoint" for a search): numpy arrays and bytes
# beside a JSON header (conjectura.store.state), never a pickle.
checkpoints = Table(
    "checkpoints",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(200), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    UniqueConstraint("run_id", "name", name="uq_checkpoints_run_name"),
)

certificates = Table(
    "certificates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL")),
    Column("problem", String(200), nullable=False),
    Column("claim", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("document", Text, nullable=False),  # the certificate JSON
    Column("created", DateTime(timezone=True), nullable=False),
    Index("ix_certificates_problem", "problem"),
)

datasets = Table(
    "datasets",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("runs.id", ondelete="SET NULL")),
    Column("name", String(200), nullable=False),
    Column("params", JSON, nullable=False, default=dict),
    Column("path", Text, nullable=False),
    Column("rows", Integer),
    Column("meta", JSON),
    Column("created", DateTime(timezone=True), nullable=False),
)
