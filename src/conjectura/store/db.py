"""The run store: runs, metrics, checkpoints, certificates and datasets behind one SQLAlchemy URL.

``sqlite:///path`` (the default, in the conjectura home) uses WAL mode and a busy timeout so
several processes can write one file; ``postgresql://...`` serves many machines. Every write is
its own short transaction, so a run killed mid-way keeps everything it had written. Checkpoints
are rows of the store (numpy arrays and bytes beside a JSON header, never pickles), so a run
started on one machine can be resumed on another.

A tracked run (:meth:`Store.run`, :meth:`Run.track`) refreshes its heartbeat from a background
thread every ``heartbeat_interval`` seconds. Whenever runs are read, a ``running`` run whose
heartbeat is older than ``grace_period`` seconds is marked ``interrupted``, whichever machine it
ran on (as Optuna's ``fail_stale_trials`` does); a run of this host whose process is gone is
marked at once.

Only lock contention ("database is locked") is retried; a store that cannot be reached or
written fails at once with one line, and passwords never appear in messages.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, delete, event, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from conjectura.core.jsonable import to_jsonable
from conjectura.exceptions import InvalidParameterError, StoreError, Terminated, UnknownNameError
from conjectura.store import schema
from conjectura.store.paths import default_url, mask_url, run_dir, store_key
from conjectura.store.state import pack_state, unpack_state

__all__ = ["Store", "Run", "open_store", "STATUSES", "HEARTBEAT_INTERVAL", "GRACE_PERIOD"]

STATUSES = ("running", "finished", "failed", "interrupted")

#: Seconds between two heartbeats of a tracked run.
HEARTBEAT_INTERVAL = 10.0
#: Seconds without a heartbeat after which a ``running`` run is marked ``interrupted``
#: (twelve missed heartbeats: a busy machine or a slow lock does not end a live run).
GRACE_PERIOD = 120.0
#: Seconds a PostgreSQL connection attempt may take before the store is declared unreachable.
CONNECT_TIMEOUT = 2

_CONTENTION = ("database is locked", "database table is locked")

#: The PyPI package of a database driver module SQLAlchemy may ask for.
_DRIVER_PACKAGES = {
    "MySQLdb": "mysqlclient",
    "pymysql": "pymysql",
    "mysql": "mysql-connector-python",
    "psycopg2": "psycopg2-binary",
    "psycopg": "'psycopg[binary]'",
    "asyncpg": "asyncpg",
    "pg8000": "pg8000",
    "oracledb": "oracledb",
    "pyodbc": "pyodbc",
}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _utc(t: dt.datetime | None) -> dt.datetime | None:
    """SQLite returns naive datetimes; every time the store writes is UTC."""
    if t is None or t.tzinfo is not None:
        return t
    return t.replace(tzinfo=dt.UTC)


def open_store(url: str | None = None, **options: Any) -> Store:
    """Open (creating if needed) the store at ``url``; default ``conjectura.store.paths.default_url()``.

    ``options`` go to :class:`Store` (``heartbeat_interval``, ``grace_period``).

    >>> store = open_store("sqlite://")          # in memory
    >>> store.list_runs()
    []
    """
    return Store(url or default_url(), **options)


class Store:
    """Runs, metrics, checkpoints, certificates and datasets in a SQL database.

    Parameters
    ----------
    url : str
        SQLAlchemy URL: ``sqlite:///path/store.db``, ``sqlite://`` (in memory),
        ``postgresql://user:password@host/db``.
    heartbeat_interval : float, default HEARTBEAT_INTERVAL (10 s)
        Seconds between two heartbeats of a tracked run.
    grace_period : float, default GRACE_PERIOD (120 s)
        A ``running`` run whose last heartbeat is older than this is marked ``interrupted``
        when the store is read, from any machine. Keep it several heartbeats long; clocks of
        the machines sharing a store must agree to well within it.

    Attributes
    ----------
    display_url : str
        The URL with its password masked; the only form that appears in messages.
    key : str
        Short digest of the URL without password; names the store's run directories.
    """

    def __init__(
        self, url: str, *, heartbeat_interval: float = HEARTBEAT_INTERVAL, grace_period: float = GRACE_PERIOD
    ):
        if not isinstance(url, str) or not url:
            raise InvalidParameterError(f"A store URL must be a non-empty string. Got {url!r} instead.")
        self.url = url
        self.display_url = mask_url(url)
        self.heartbeat_interval = _positive(heartbeat_interval, "heartbeat_interval")
        self.grace_period = _positive(grace_period, "grace_period")
        self._memory = _in_memory(url)
        self.key = uuid.uuid4().hex[:12] if self._memory else store_key(url)
        try:
            self.engine = self._connect(url)
            self._create_tables()
        except SQLAlchemyError as exc:
            raise StoreError(
                f"cannot open the store {self.display_url!r}: {exc.__class__.__name__}: {self._first_line(exc)}"
            ) from None
        except ModuleNotFoundError as exc:
            package = _DRIVER_PACKAGES.get(str(exc.name).split(".")[0], exc.name)
            raise StoreError(
                f"cannot open the store {self.display_url!r}: its database driver {exc.name!r} is "
                f"not installed (pip install {package})."
            ) from None
        except OSError as exc:
            raise StoreError(f"cannot open the store {self.display_url!r}: {exc.strerror or exc}.") from None

    def _connect(self, url: str):
        from sqlalchemy.engine import make_url

        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if not self._memory:
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"timeout": 60})
            event.listen(engine, "connect", _sqlite_pragmas)
            return engine
        connect_args = (
            {"connect_timeout": CONNECT_TIMEOUT} if parsed.get_backend_name() == "postgresql" else {}
        )
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args)

    def _create_tables(self) -> None:
        for attempt in range(20):
            try:
                schema.metadata.create_all(self.engine)
                return
            except SQLAlchemyError as exc:
                # several processes opening a fresh store at once: wait for the lock; any other
                # failure (unreachable server, unwritable file) is final
                if attempt == 19 or not _contention(exc):
                    raise
                time.sleep(0.05 * (attempt + 1))

    def _first_line(self, exc: BaseException) -> str:
        text = (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [""])[0]
        return self._scrub(text)

    def _scrub(self, text: str) -> str:
        """``text`` with the URL's password masked, wherever a driver echoed it."""
        with suppress(Exception):
            from sqlalchemy.engine import make_url

            password = make_url(self.url).password
            if password:
                text = text.replace(str(password), "***")
        return text.replace(self.url, self.display_url)

    def __repr__(self) -> str:
        return f"Store({self.display_url!r})"

    # -- writing --------------------------------------------------------------------------
    def _execute(self, stmt, *more):
        try:
            with self.engine.begin() as conn:
                res = conn.execute(stmt)
                for s in more:
                    res = conn.execute(s)
                return res
        except SQLAlchemyError as exc:
            raise StoreError(f"store write failed ({self.display_url}): {self._first_line(exc)}") from None

    def start_run(self, kind: str, name: str, config: Mapping[str, Any] | None = None) -> Run:
        """Insert a run with status ``running`` and return it (untracked: see :meth:`run`)."""
        res = self._execute(
            insert(schema.runs).values(
                kind=kind,
                name=name,
                config=to_jsonable(dict(config or {}), finite=True),
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
        """A tracked run as a context: heartbeats while it lasts; ``finished`` on success,
        ``interrupted`` on Ctrl-C or SIGTERM, ``failed`` on an error."""
        run = self.start_run(kind, name, config)
        with run.track():
            yield run

    def claim_run(self, run_id: int, *, statuses=("interrupted", "failed", "finished")) -> Run | None:
        """Mark run ``run_id`` running for this process, in one statement, if its status is one
        of ``statuses``; ``None`` when it is not (for example when another process claimed it
        first). The caller validates everything else before claiming."""
        res = self._execute(
            update(schema.runs)
            .where(schema.runs.c.id == int(run_id), schema.runs.c.status.in_(list(statuses)))
            .values(
                status="running",
                finished=None,
                error=None,
                heartbeat=_now(),
                host=socket.gethostname(),
                pid=os.getpid(),
            )
        )
        return Run(self, int(run_id)) if res.rowcount == 1 else None

    def add_certificate(self, cert, run_id: int | None = None) -> int:
        """Store a certificate row; returns its id. A :class:`~conjectura.Certificate` exists
        only once its exact verifier has accepted it (and it is re-verified when loaded), so it
        is not verified again here. :meth:`Run.attach_certificate` also writes the file."""
        from conjectura.core.certificate import Certificate

        if not isinstance(cert, Certificate):
            raise InvalidParameterError(
                f"Only a Certificate (made by conjectura.certify) can be stored. Got {type(cert).__name__} instead."
            )
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
                params=to_jsonable(dict(params), finite=True),
                path=str(path),
                rows=rows,
                meta=to_jsonable(dict(meta or {}), finite=True),
                created=_now(),
            )
        )
        return int(res.inserted_primary_key[0])

    def save_checkpoint(self, run_id: int, state: Any, name: str = "checkpoint") -> None:
        """Replace the checkpoint ``name`` of a run by ``state`` (numpy arrays, bytes and JSON
        values; see :mod:`conjectura.store.state`), in one transaction."""
        data = pack_state(state)
        c = schema.checkpoints.c
        self._execute(
            delete(schema.checkpoints).where(c.run_id == int(run_id), c.name == name),
            insert(schema.checkpoints).values(run_id=int(run_id), name=name, data=data, created=_now()),
        )

    def load_checkpoint(self, run_id: int, name: str = "checkpoint") -> Any:
        """The checkpoint ``name`` of a run, or ``None`` if it never saved one. No pickle is
        loaded: the state is read with ``numpy.load(allow_pickle=False)`` and JSON."""
        c = schema.checkpoints.c
        rows = self._rows(select(c.data).where(c.run_id == int(run_id), c.name == name))
        return unpack_state(rows[0]["data"]) if rows else None

    # -- reading --------------------------------------------------------------------------
    def _rows(self, stmt) -> list[dict[str, Any]]:
        try:
            with self.engine.connect() as conn:
                return [dict(r._mapping) for r in conn.execute(stmt)]
        except SQLAlchemyError as exc:
            raise StoreError(f"store read failed ({self.display_url}): {self._first_line(exc)}") from None

    def mark_stale_runs(self, *, grace_period: float | None = None) -> int:
        """Mark ``running`` runs that stopped without saying so as ``interrupted``; return how many.

        A run is stale when its last heartbeat is older than ``grace_period`` seconds (default
        the store's), on any machine, or at once when it ran on this host and its process is gone.
        """
        grace = self.grace_period if grace_period is None else _positive(grace_period, "grace_period")
        host, now = socket.gethostname(), _now()
        c = schema.runs.c
        stale: list[tuple[int, str]] = []
        for r in self._rows(select(c.id, c.host, c.pid, c.heartbeat).where(c.status == "running")):
            beat = _utc(r["heartbeat"])
            if r["host"] == host and r["pid"] and not _pid_alive(r["pid"]):
                stale.append((r["id"], "process ended without finishing the run"))
            elif beat is None or (now - beat).total_seconds() > grace:
                stale.append(
                    (r["id"], f"no heartbeat for over {grace:g} s (host {r['host']}, pid {r['pid']})")
                )
        for rid, why in stale:
            self._execute(
                update(schema.runs)
                .where(c.id == rid, c.status == "running")
                .values(status="interrupted", finished=now, error=why)
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
            raise UnknownNameError(f"There is no run {run_id} in the store {self.display_url}.")
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
            raise UnknownNameError(f"There is no certificate {cert_id} in the store {self.display_url}.")
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
        return f"Run({self.id}, store={self.store.display_url!r})"

    @property
    def dir(self) -> Path:
        """Artefact directory of this run (figures, reports, ``certificate.json``), under the
        home's ``runs/<store-key>/<id>`` so two stores never share one."""
        return run_dir(self.id, self.store.key)

    def _update(self, **values) -> None:
        self.store._execute(update(schema.runs).where(schema.runs.c.id == self.id).values(**values))

    def beat(self) -> None:
        """Refresh the heartbeat (a tracked run does this from a background thread)."""
        self.store._execute(
            update(schema.runs)
            .where(schema.runs.c.id == self.id, schema.runs.c.status == "running")
            .values(heartbeat=_now())
        )

    def log_metric(self, key: str, value: float, step: int | None = None) -> None:
        self.log_metrics({key: value}, step=step)

    def log_metrics(self, values: Mapping[str, float], step: int | None = None) -> None:
        now = _now()
        rows = [dict(run_id=self.id, key=k, step=step, value=float(v), time=now) for k, v in values.items()]
        beat = update(schema.runs).where(schema.runs.c.id == self.id).values(heartbeat=now)
        if rows:
            self.store._execute(insert(schema.metrics).values(rows), beat)

    def set_summary(self, summary: Mapping[str, Any]) -> None:
        self._update(summary=to_jsonable(dict(summary), finite=True))

    def attach_certificate(self, cert) -> int:
        """Store ``cert`` with this run and write it to ``certificate.json`` in the run
        directory; returns the certificate's id in the store."""
        cert_id = self.store.add_certificate(cert, run_id=self.id)
        cert.save(self.dir / "certificate.json")
        return cert_id

    def add_dataset(self, name: str, params: Mapping[str, Any], path, rows=None, meta=None) -> int:
        return self.store.add_dataset(name, params, path, rows, meta, run_id=self.id)

    def save_checkpoint(self, state: Any, name: str = "checkpoint") -> None:
        """Replace this run's checkpoint ``name`` in the store (arrays, bytes, JSON values)."""
        self.store.save_checkpoint(self.id, state, name)

    def load_checkpoint(self, name: str = "checkpoint") -> Any:
        """This run's checkpoint ``name``, or ``None`` if it never saved one."""
        return self.store.load_checkpoint(self.id, name)

    def finish(self, status: str = "finished", error: str | None = None) -> None:
        if status not in STATUSES:
            raise InvalidParameterError(f"The 'status' of a run must be one of {STATUSES}. Got {status!r}.")
        self._update(status=status, finished=_now(), error=error)

    @contextmanager
    def track(self) -> Iterator[Run]:
        """Heartbeat while the block runs; then mark the run finished, interrupted (Ctrl-C,
        SIGTERM) or failed."""
        import signal

        def _term(signum, frame):
            raise Terminated("terminated")

        try:
            old = signal.signal(signal.SIGTERM, _term)
        except ValueError:  # not the main thread
            old = None
        heart = None if self.store._memory else _Heartbeat(self, self.store.heartbeat_interval)
        try:
            if heart is not None:
                heart.start()
            yield self
        except KeyboardInterrupt as exc:
            self._stop(heart)
            why = "terminated (SIGTERM)" if isinstance(exc, Terminated) else "interrupted by the user"
            self.finish("interrupted", why)
            raise
        except BaseException as exc:
            self._stop(heart)
            self.finish("failed", f"{type(exc).__name__}: {exc}")
            raise
        else:
            self._stop(heart)
            self.finish("finished")
        finally:
            if old is not None:
                signal.signal(signal.SIGTERM, old)

    @staticmethod
    def _stop(heart: _Heartbeat | None) -> None:
        if heart is not None:
            heart.stop()


class _Heartbeat(threading.Thread):
    """Refresh a run's heartbeat every ``interval`` seconds until stopped. A failed beat is
    skipped (the next one retries); it never disturbs the run."""

    def __init__(self, run: Run, interval: float):
        super().__init__(name=f"conjectura-heartbeat-{run.id}", daemon=True)
        self.run_, self.interval, self._halt = run, interval, threading.Event()

    def run(self) -> None:
        while not self._halt.wait(self.interval):
            with suppress(Exception):
                self.run_.beat()

    def stop(self) -> None:
        self._halt.set()
        if self.is_alive():
            self.join(timeout=2.0)


def _in_memory(url: str) -> bool:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        u = make_url(url)
    except (ArgumentError, ValueError):
        return False
    return u.get_backend_name() == "sqlite" and u.database in (None, "", ":memory:")


def _positive(value: Any, name: str) -> float:
    from conjectura.core.validation import validate_float

    return validate_float(value, name, "Store", min_value=0.0, min_inclusive=False)


def _contention(exc: BaseException) -> bool:
    text = str(getattr(exc, "orig", None) or exc).lower()
    return any(m in text for m in _CONTENTION) or (
        # PostgreSQL: two processes creating the same tables at once
        "already exists" in text or "duplicate key value" in text
    )


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
