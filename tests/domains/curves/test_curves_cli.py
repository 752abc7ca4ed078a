"""`conjectura data build curves` and `conjectura murmurations` end to end (small ranges): the
commands print what the Python API returns, progress goes to stderr, bad input is one line."""

import json

import pytest

pytest.importorskip("cypari")

from typer.testing import CliRunner

import conjectura as cj
from conjectura.cli.app import _assemble, app
from conjectura.domains.curves.table import isogeny_classes

_assemble()
runner = CliRunner()


def _run(args):
    return runner.invoke(app, args)


def _comparable(doc: dict) -> dict:
    """A JSON document without what differs between two runs: run ids, paths, timings."""
    out = json.loads(json.dumps(doc))
    out.pop("run_id", None)
    out.pop("directory", None)
    for k in ("seconds", "cpu_seconds"):
        out.pop(k, None)
    for k in ("pari_seconds", "block_seconds", "overhead"):
        out.get("details", {}).pop(k, None)
    for part in out.get("parts", {}).values():
        part.pop("path")
    if "files" in out:
        out["files"] = sorted(f.rsplit("/", 1)[-1] for f in out["files"])
    return out


def test_build_command_json_and_resume(home):
    res = _run(["data", "build", "curves", "--conductor", "1:250", "--primes", "10", "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)  # stdout holds the JSON document alone
    assert "curves 1:250 with 10 primes: 3/3 blocks (100%)" in res.stderr  # progress, on stderr
    assert out["rows"] == len(isogeny_classes("1:250"))
    assert out["details"]["conductor"] == [1, 250] and out["params"] == {"conductor": "1:250", "primes": 10}
    assert out["chunks_built"] == 3 and out["details"]["overhead"] >= 1.0
    again = _run(["data", "build", "curves", "--conductor", "1:250", "--primes", "10", "--json"])
    out2 = json.loads(again.stdout)
    assert (out2["chunks_built"], out2["chunks_reused"], out2["rows"]) == (0, 3, out["rows"])
    from conjectura.store import open_store

    store = open_store()
    assert [(d["name"], d["rows"]) for d in store.datasets()] == [("curves/isogeny-classes", out["rows"])] * 2
    assert store.get_run(out["run_id"])["kind"] == "data"


def test_build_command_prints_what_the_api_returns(home, tmp_path):
    cli = json.loads(
        _run(["data", "build", "curves", "--conductor", "300:450", "--primes", "8", "--json"]).stdout
    )
    api = cj.build_dataset("curves", conductor="300:450", primes=8, progress=False, directory=tmp_path)
    assert api.run_id is None and cli["run_id"] is not None
    assert _comparable(cli) == _comparable(api.to_dict())
    table = _run(["data", "build", "curves", "--conductor", "300:450", "--primes", "8"])
    assert table.exit_code == 0 and "isogeny-classes" in table.stdout and "chunks reused" in table.stdout


def test_murmurations_command_writes_plots_and_table(home, tmp_path):
    out_dir = tmp_path / "plots"
    res = _run(["murmurations", "--conductor", "1:999", "--primes", "30", "--out", str(out_dir), "--json"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["counts"]["0"] + out["counts"]["1"] + out["counts"]["2"] == 2463
    assert [r["p"] for r in out["rank_table"][:3]] == [2, 3, 5]
    # with small conductors the rank-0 average lies above the rank-1 average at small p
    assert out["rank0_above_rank1_first"] >= 10
    assert (out_dir / "murmurations_rank.png").read_bytes()[:4] == b"\x89PNG"
    assert (out_dir / "murmurations_rank.csv").exists()
    assert "murmurations_rank.png" in (out_dir / "report.html").read_text()
    assert out["run_id"] is None  # --out: files only, no run
    # the same document from Python
    api = cj.murmurations(conductor="1:999", primes=30, progress=False)
    assert api.files == []
    api.report(tmp_path / "api")
    assert _comparable(out) == _comparable(api.to_dict())


def test_murmurations_dyadic_in_the_run_directory(home):
    res = _run(["murmurations", "--dyadic", "300", "--primes", "60"])
    assert res.exit_code == 0, res.output
    assert "dyadic X=300" in res.stdout and "changes sign" in res.stdout
    pngs = sorted(p.name for p in (home / "runs").rglob("*.png"))
    assert pngs == ["murmurations_dyadic.png", "murmurations_rank.png"]
    from conjectura.store import open_store

    runs = open_store().list_runs(kind="analysis")
    assert runs and runs[0]["status"] == "finished"
    cli = json.loads(_run(["murmurations", "--dyadic", "300", "--primes", "60", "--json"]).stdout)
    assert cli["run_id"] == runs[0]["id"] + 1 and cli["dyadic"]["X"] == 300
    api = cj.murmurations(dyadic=300, primes=60, progress=False, store=open_store())
    assert api.run_id == cli["run_id"] + 1 and len(api.files) == len(cli["files"]) == 5
    assert _comparable(cli) == _comparable(api.to_dict())
    # Sutherland-Zubrilina: the root numbers of the classes in [X, 2X] split into +1 and -1
    d = api.to_dict()["dyadic"]
    assert d["counts"]["+1"] + d["counts"]["-1"] == len(isogeny_classes("300:600"))


@pytest.mark.parametrize(
    "args, message",
    [
        (["murmurations", "--conductor", "100:10", "--primes", "5", "--out", "x"], "empty"),
        (["murmurations", "--conductor", "1:600000", "--primes", "5", "--out", "x"], "beyond"),
        (["murmurations", "--conductor", "1:100", "--primes", "0", "--out", "x"], "'primes'"),
        (["data", "build", "curves", "--conductor", "abc", "--primes", "5"], "must be a range"),
        (["data", "build", "curves", "--conductor", "1:10", "--primes", "0"], "'primes'"),
    ],
)
def test_bad_inputs_exit_2_with_one_line(home, args, message):
    res = _run(args)
    assert res.exit_code == 2
    assert message in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.output
    assert not list(home.rglob("*.parquet"))
