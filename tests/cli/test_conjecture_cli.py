"""`conjectura conjecture` and `conjectura scan`: JSON documents, tables, reports, exit codes and
one-line errors (commands assembled into an app built here)."""

import json

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from conjectura.cli import conjecture as conjecture_cli
from conjectura.cli import scan as scan_cli

runner = CliRunner()


@pytest.fixture(scope="module")
def app():
    a = typer.Typer()
    conjecture_cli.register(a)
    scan_cli.register(a)
    return a


@pytest.fixture
def csv(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (300, 2))
    p = tmp_path / "t.csv"
    pd.DataFrame({"a": x[:, 0], "b": x[:, 1], "c": np.abs(x[:, 0]) + x[:, 1] ** 2}).to_csv(p, index=False)
    return p


def test_conjecture_json(app, csv, home):
    r = runner.invoke(app, ["conjecture", str(csv), "--target", "c", "--no-symbolic", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["target"] == "c" and d["conjectures"] and d["run_id"] is not None
    c = d["conjectures"][0]
    assert c["relation"].startswith("c ") and c["n_tight"] >= 1 and c["verdict"] == "not searched"


def test_conjecture_on_graphs_with_search_and_report(app, home, tmp_path):
    out = tmp_path / "out"
    args = ["conjecture", "graphs/small-connected", "-p", "max_n=5", "--target", "independence_number"]
    args += ["--no-symbolic", "--max-complexity", "1", "--sizes", "6", "--budget", "600e", "--out", str(out)]
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    assert "independence_number" in r.output and ("survived" in r.output or "refuted" in r.output)
    assert (out / "report.html").exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--target", "d"], "not a column"),
        (["--target", "c", "--sizes", "x"], "comma-separated"),
        (["--target", "c", "--refute"], "names no search problem"),
    ],
)
def test_conjecture_bad_input(app, csv, home, args, needle):
    r = runner.invoke(app, ["conjecture", str(csv), "--no-symbolic", *args])
    assert r.exit_code == 2
    assert needle in r.output and "Traceback" not in r.output


def test_scan_flags_the_predictable_column(app, csv, home):
    r = runner.invoke(app, ["scan", str(csv), "--seeds", "0,1,2", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["flagged"] == ["c"] and {row["target"] for row in d["rows"]} == {"a", "b", "c"}


def test_scan_nothing_predictable_exits_1(app, tmp_path, home):
    rng = np.random.default_rng(1)
    p = tmp_path / "noise.csv"
    pd.DataFrame(rng.normal(size=(200, 3)), columns=["u", "v", "w"]).to_csv(p, index=False)
    r = runner.invoke(app, ["scan", str(p), "--seeds", "0,1,2"])
    assert r.exit_code == 1 and "0 flagged" in r.output


def test_scan_bad_seeds(app, csv, home):
    r = runner.invoke(app, ["scan", str(csv), "--seeds", "0"])
    assert r.exit_code == 2 and "at least 2 seeds" in r.output
