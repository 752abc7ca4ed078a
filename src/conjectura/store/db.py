"""The run store: runs, metrics, certificates and datasets behind one SQLAlchemy URL.

``sqlite:///path`` (the default, in the conjectura home) uses WAL mode and a busy timeout so
several processes can write one file; ``postgresql://...`` serves many workers. Every write is
its own short transaction, so a run killed mid-way keeps everything it had written; a run whose
process died without saying so is marked ``interrupted`` the next time the store is read.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import socket
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, insert, select, update
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from conjectura.exceptions import StoreError, UnknownNameError
from conjectura.store import schema
from conjectura.store.paths import default_url, run_dir

__all__ = ["Store", "Run", "open_store", "STATUSES"]

STATUSES = ("running", "finished", "failed", "interrupted")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _jsonable(obj: Any) -> Any:
    return json.loads(json.dumps(obj, default=str))


def open_store(url: str | None = None) -> Store:
    """Open (creating if needed) the store at ``url``; default ``conjectura.store.paths.default_url()``.

    >>> store = open_store("sqlite://")          # in memory
    >>> store.list_runs()
    []
    """
    return Store(url or default_url())


class Store:
    """Runs, metrics, certificates and datasets in a SQL database."""

    def __init__(self, url: str):
        self.url = url
        try:
            if url.startswith("sqlite"):
                path = url.split("sqlite:///", 1)[1] if url.startswith("sqlite:///") else ""
                if path:
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                self.engine = create_engine(url, connect_args={"timeout": 60})
                event.listen(self.engine, "connect", _sqlite_pragmas)
            else:
                self.engine = create_engine(url, pool_pre_ping=True)
            self._create_tables()
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot open the store {url!r}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}"
            ) from exc
        except ModuleNotFoundError as exc:
            raise StoreError(
                f"cannot open the store {url!r}: the driver {exc.name!r} is not "
                f"installed (for PostgreSQL: pip install 'psycopg[binary]')."
            ) from exc

    def _create_tables(self) -> None:
        for attempt in range(20):  # concurrent first use by several processes
            try:
                schema.metadata.create_all(self.engine)
                return
            except OperationalError:
                if attempt == 19:
                    raise
                time.sleep(0.1 * (attempt + 1))

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    # -- writing --------------------------------------------------------------------------
    def _execute(self, stmt):
        try:
            with self.engine.begin() as conn:
                return conn.execute(stmt)
        except SQLAlchemyError as exc:
            raise StoreError(f"store write failed: {str(exc).splitlines()[0]}") from exc

    def start_run(self, kind: str, name: str, config: Mapping[str, Any] | None = None) -> Run:
        """Insert a run with status ``running`` and return it."""
        res = self._execute(
            insert(schema.runs).values(
                kind=kind,
                name=name,
                config=_jsonable(dict(config or {})),
                status="running",
                created=_now(),
                heartbeat=_now(),
                host=socket.gethostname(),
                pid=os.getpid(),
            )
        )
        return Run(self, int(res.inserted_primary_key[0]))

    @contextmanager
    def run(self, kind: str, name: str, config: Mapping[str, Any] | None = None) -> Iterator[Run]:
        """A run as a context: finished on success, ``interrupted`` on Ctrl-C, ``failed`` on error."""
        run = self.start_run(kind, name, config)
        with run.track():
            yield run

    def resume_run(self, run_id: int) -> Run:
        """Re-open an existing run (e.g. an interrupted search) and mark it running again."""
        self.get_run(run_id)
        self._execute(
            update(schema.runs)
            .where(schema.runs.c.id == int(run_id))
            .values(
                status="running",
                finished=None,
                error=None,
                heartbeat=_now(),
                host=socket.gethostname(),
                pid=os.getpid(),
            )
        )
        return Run(self, int(run_id))

    def add_certificate(self, cert, run_id: int | None = None) -> int:
        """Store a certificate (re-verified first); returns its id."""
        verdict = cert.verify()
        if not verdict.holds:
            raise StoreError(f"refusing to store a certificate that does not verify: {verdict.reason}")
        res = self._execute(
            insert(schema.certificates).values(
                run_id=run_id,
                problem=cert.problem_name,
                claim=cert.claim,
                sha256=cert.sha256(),
                document=cert.to_json(),
                created=_now(),
            )
        )
        return int(res.inserted_primary_key[0])

    def add_dataset(
        self,
        name: str,
        params: Mapping[str, Any],
        path: str | Path,
        rows: int | None = None,
        meta: Mapping[str, Any] | None = None,
        run_id: int | None = None,
    ) -> int:
        """Record a dataset file (e.g. a Parquet table in the data directory)."""
        res = self._execute(
            insert(schema.datasets).values(
                run_id=run_id,
                name=name,
                params=_jsonable(dict(params)),
                path=str(path),
                rows=rows,
                meta=_jsonable(dict(meta or {})),
                created=_now(),
            )
        )
        return int(res.inserted_primary_key[0])

    # -- reading --------------------------------------------------------------------------
    def _rows(self, stmt) -> list[dict[str, Any]]:
        try:
            with self.engine.connect() as conn:
                return [dict(r._mapping) for r in conn.execute(stmt)]
        except SQLAlchemyError as exc:
            raise StoreError(f"store read failed: {str(exc).splitlines()[0]}") from exc

    def mark_stale_runs(self) -> int:
        """Mark ``running`` runs of this host whose process is gone as ``interrupted``."""
        host = socket.gethostname()
        stale = [
            r["id"]
            for r in self._rows(
                select(schema.runs.c.id, schema.runs.c.pid).where(
                    schema.runs.c.status == "running", schema.runs.c.host == host
                )
            )
            if r["pid"] and not _pid_alive(r["pid"])
        ]
        for rid in stale:
            self._execute(
                update(schema.runs)
                .where(schema.runs.c.id == rid)
                .values(
                    status="interrupted", finished=_now(), error="process ended without finishing the run"
                )
            )
        return len(stale)

    def list_runs(self, *, kind: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Runs, newest first, as dicts (id, kind, name, status, created, finished, config, summary)."""
        self.mark_stale_runs()
        stmt = select(schema.runs).order_by(schema.runs.c.id.desc())
        if kind:
            stmt = stmt.where(schema.runs.c.kind == kind)
        if limit:
            stmt = stmt.limit(limit)
        return self._rows(stmt)

    def get_run(self, run_id: int) -> dict[str, Any]:
        """One run with its metrics, certificates and datasets."""
        self.mark_stale_runs()
        rows = self._rows(select(schema.runs).where(schema.runs.c.id == int(run_id)))
        if not rows:
            raise UnknownNameError(f"There is no run {run_id} in the store {self.url}.")
        run = rows[0]
        run["metrics"] = self._rows(
            select(schema.metrics.c.key, schema.metrics.c.step, schema.metrics.c.value, schema.metrics.c.time)
            .where(schema.metrics.c.run_id == int(run_id))
            .order_by(schema.metrics.c.id)
        )
        run["certificates"] = self._rows(
            select(
                schema.certificates.c.id,
                schema.certificates.c.problem,
                schema.certificates.c.sha256,
                schema.certificates.c.created,
            ).where(schema.certificates.c.run_id == int(run_id))
        )
        run["datasets"] = self._rows(select(schema.datasets).where(schema.datasets.c.run_id == int(run_id)))
        return run

    def metrics(self, run_id: int, key: str | None = None) -> list[dict[str, Any]]:
        stmt = select(schema.metrics).where(schema.metrics.c.run_id == int(run_id))
        if key:
            stmt = stmt.where(schema.metrics.c.key == key)
        return self._rows(stmt.order_by(schema.metrics.c.id))

    def certificates(self, *, problem: str | None = None, run_id: int | None = None) -> list[dict[str, Any]]:
        stmt = select(schema.certificates).order_by(schema.certificates.c.id)
        if problem:
            stmt = stmt.where(schema.certificates.c.problem == problem)
        if run_id is not None:
            stmt = stmt.where(schema.certificates.c.run_id == int(run_id))
        return self._rows(stmt)

    def load_certificate(self, cert_id: int):
        """Read a stored certificate back; it is re-verified on load."""
        from conjectura.core.certificate import Certificate

        rows = self._rows(select(schema.certificates).where(schema.certificates.c.id == int(cert_id)))
        if not rows:
            raise UnknownNameError(f"There is no certificate {cert_id} in the store {self.url}.")
        return Certificate.from_json(rows[0]["document"])

    def datasets(self, name: str | None = None) -> list[dict[str, Any]]:
        stmt = select(schema.datasets).order_by(schema.datasets.c.id)
        if name:
            stmt = stmt.where(schema.datasets.c.name == name)
        return self._rows(stmt)


class Run:
    """Handle on one run: log metrics, attach certificates, keep artefacts and checkpoints."""

    def __init__(self, store: Store, run_id: int):
        self.store, self.id = store, int(run_id)

    def __repr__(self) -> str:
        return f"Run({self.id}, store={self.store.url!r})"

    @property
    def dir(self) -> Path:
        """Artefact directory of this run (figures, reports, checkpoints)."""
        return run_dir(self.id)

    def _update(self, **values) -> None:
        self.store._execute(update(schema.runs).where(schema.runs.c.id == self.id).values(**values))

    def log_metric(self, key: str, value: float, step: int | None = None) -> None:
        self.log_metrics({key: value}, step=step)

    def log_metrics(self, values: Mapping[str, float], step: int | None = None) -> None:
        now = _now()
        rows = [dict(run_id=self.id, key=k, step=step, value=float(v), time=now) for k, v in values.items()]
        if rows:
            self.store._execute(insert(schema.metrics).values(rows))
        self._update(heartbeat=now)

    def set_summary(self, summary: Mapping[str, Any]) -> None:
        self._update(summary=_jsonable(dict(summary)))

    def add_certificate(self, cert) -> int:
        return self.store.add_certificate(cert, run_id=self.id)

    def add_dataset(self, name: str, params: Mapping[str, Any], path, rows=None, meta=None) -> int:
        return self.store.add_dataset(name, params, path, rows, meta, run_id=self.id)

    def save_checkpoint(self, obj: Any, name: str = "checkpoint.pkl") -> Path:
        """Pickle ``obj`` atomically into the run directory (write, then rename)."""
        path = self.dir / name
        tmp = path.with_suffix(path.suffix + ".tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(obj, fh)
        os.replace(tmp, path)
        return path

    def load_checkpoint(self, name: str = "checkpoint.pkl") -> Any:
        """The last checkpoint, or ``None`` if the run never saved one."""
        path = self.dir / name
        if not path.exists():
            return None
        with open(path, "rb") as fh:
            return pickle.load(fh)

    def finish(self, status: str = "finished", error: str | None = None) -> None:
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}")
        self._update(status=status, finished=_now(), error=error)

    @contextmanager
    def track(self) -> Iterator[Run]:
        """Mark the run finished, interrupted (Ctrl-C, SIGTERM) or failed when the block ends."""
        import signal

        def _term(signum, frame):
            raise KeyboardInterrupt("terminated")

        old = None
        try:
            old = signal.signal(signal.SIGTERM, _term)
        except ValueError:  # not the main thread
            old = None
        try:
            yield self
        except KeyboardInterrupt:
            self.finish("interrupted", "interrupted by the user")
            raise
        except BaseException as exc:
            self.finish("failed", f"{type(exc).__name__}: {exc}")
            raise
        else:
            self.finish("finished")
        finally:
            if old is not None:
                signal.signal(signal.SIGTERM, old)


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=60000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
