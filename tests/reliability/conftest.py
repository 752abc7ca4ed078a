"""Helpers of the reliability tests: the CLI run in this process, its exit code and streams."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

WITNESS_18 = "Q??????}_??A??DY_?G?A??O?O?"  # 18 vertices; refutes Wagner's Conjecture 2.1


@dataclass
class Outcome:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]

    def one_line(self, code: int) -> str:
        """Assert exit ``code``, at most one line on stderr and no traceback; return the line."""
        assert self.code == code, (self.code, self.out[-2000:], self.err[-2000:])
        assert len(self.lines) <= 1, self.err[-2000:]
        assert "Traceback" not in self.err + self.out
        return self.lines[0] if self.lines else ""


@pytest.fixture
def cli(capsys, home, monkeypatch, tmp_path):
    """``cli(*args)`` runs ``conjectura args`` through its entry point in this process (in
    ``tmp_path``, with a fresh home) and returns an :class:`Outcome`."""
    from conjectura.cli.app import main

    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> Outcome:
        capsys.readouterr()
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return Outcome(code, out, err)

    return run


@pytest.fixture(scope="session")
def certificate_doc() -> dict:
    """A valid certificate document: the 18-vertex counterexample to Wagner's Conjecture 2.1."""
    import conjectura as cj

    prob = cj.get_problem("graphs/wagner-2.1", n=18)
    return cj.certify(prob.deserialize(WITNESS_18), prob).to_dict()


@pytest.fixture
def certificate(tmp_path, certificate_doc):
    """A writer of the valid certificate and of variants with some fields replaced."""
    doc = certificate_doc

    def write(name: str = "c.json", **edits) -> str:
        d = json.loads(json.dumps(doc))
        for path, value in edits.items():
            node = d
            keys = path.split("__")
            for k in keys[:-1]:
                node = node[k]
            node[keys[-1]] = value
        p = tmp_path / name
        p.write_text(json.dumps(d))
        return str(p)

    write.doc = doc
    return write
