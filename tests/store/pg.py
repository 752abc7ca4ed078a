"""A private PostgreSQL server for tests (initdb in a temporary directory, loopback only)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


def _bin(name: str) -> str | None:
    for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (d / name).exists():
            return str(d / name)
    return shutil.which(name)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """Start ``postgres`` on 127.0.0.1 with a throw-away data directory; ``url`` for SQLAlchemy."""

    def __init__(self):
        self.initdb, self.pg_ctl = _bin("initdb"), _bin("pg_ctl")
        self.dir = Path(tempfile.mkdtemp(prefix="conjectura-pg-"))
        self.port = _free_port()
        self.url = f"postgresql://conjectura@127.0.0.1:{self.port}/postgres"

    def available(self) -> str | None:
        """``None`` if a server can be started here, else the reason it cannot."""
        if not (self.initdb and self.pg_ctl):
            return "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
        try:
            import psycopg  # noqa: F401
        except ImportError:
            return "psycopg is not installed"
        return None

    def _run(self, args):
        prefix = []
        if os.geteuid() == 0:  # initdb refuses to run as root
            os.chmod(self.dir, 0o777)
            prefix = ["runuser", "-u", "postgres", "--"]
        return subprocess.run(prefix + args, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        data = self.dir / "data"
        r = self._run([self.initdb, "-D", str(data), "-U", "conjectura", "--auth=trust", "-E", "UTF8"])
        if r.returncode:
            raise RuntimeError(f"initdb failed: {r.stderr.strip()[:300]}")
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        r = self._run([self.pg_ctl, "-D", str(data), "-o", opts, "-l", str(self.dir / "log"), "-w", "start"])
        if r.returncode:
            raise RuntimeError(f"pg_ctl start failed: {r.stderr.strip()[:300]}")
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)

    def stop(self) -> None:
        self._run([self.pg_ctl, "-D", str(self.dir / "data"), "-m", "immediate", "stop"])
        shutil.rmtree(self.dir, ignore_errors=True)
