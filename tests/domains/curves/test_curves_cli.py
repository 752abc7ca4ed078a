"""`conjectura data build curves` and `conjectura murmurations` end to end (small ranges)."""

import json

import pytest

pytest.importorskip("cypari")

from typer.testing import CliRunner

from conjectura.cli.app import _assemble, app
from conjectura.domains.curves.table import isogeny_classes

_assemble()
runner = CliRunner()


def _run(args):
    return runner.invoke(app, args)


def test_build_command_json_and_resume(home):
    res = _run(["data", "build", "curves", "--conductor", "1:250", "--primes", "10", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout[res.stdout.index("{") :])
    assert out["rows"] == len(isogeny_classes("1:250"))
    assert out["conductor"] == [1, 250] and out["primes"] == 10
    assert out["blocks_built"] == 3 and out["overhead"] >= 1.0
    again = _run(["data", "build", "curves", "--conductor", "1:250", "--primes", "10", "--json"])
    out2 = json.loads(again.stdout[again.stdout.index("{") :])
    assert (out2["blocks_built"], out2["blocks_cached"], out2["rows"]) == (0, 3, out["rows"])
    from conjectura.store import open_store

    assert any(d["name"] == "curves" for d in open_store().datasets())


def test_murmurations_command_writes_plots_and_table(home, tmp_path):
    out_dir = tmp_path / "plots"
    res = _run(["murmurations", "--conductor", "1:999", "--primes", "30", "--out", str(out_dir), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout[res.stdout.index("{") :])
    assert out["counts"]["0"] + out["counts"]["1"] + out["counts"]["2"] == 2463
    assert [r["p"] for r in out["rank_table"][:3]] == [2, 3, 5]
    # with small conductors the rank-0 average lies above the rank-1 average at small p
    assert out["rank0_above_rank1_first"] >= 10
    assert (out_dir / "murmurations_rank.png").read_bytes()[:4] == b"\x89PNG"
    assert (out_dir / "murmurations_rank.csv").exists()


def test_murmurations_dyadic_in_the_run_directory(home):
    res = _run(["murmurations", "--dyadic", "300", "--primes", "60"])
    assert res.exit_code == 0, res.output
    assert "dyadic X=300" in res.stdout and "changes sign" in res.stdout
    pngs = sorted(p.name for p in (home / "runs").rglob("*.png"))
    assert pngs == ["murmurations_dyadic.png", "murmurations_rank.png"]
    from conjectura.store import open_store

    runs = open_store().list_runs(kind="analysis")
    assert runs and runs[0]["status"] == "finished"


@pytest.mark.parametrize(
    "args, message",
    [
        (["murmurations", "--conductor", "100:10", "--primes", "5", "--out", "x"], "empty"),
        (["murmurations", "--conductor", "1:600000", "--primes", "5", "--out", "x"], "beyond"),
        (["data", "build", "curves", "--conductor", "abc", "--primes", "5"], "must be a range"),
        (["data", "build", "curves", "--conductor", "1:10", "--primes", "0"], "'primes'"),
    ],
)
def test_bad_inputs_exit_2_with_one_line(home, args, message):
    res = _run(args)
    assert res.exit_code == 2
    assert message in res.output and "Traceback" not in res.output
    assert not list(home.rglob("*.parquet"))
