"""``conjectura qmc ...``: tables, --json, reports, runs in the store, one-line errors."""

import json

import typer
from typer.testing import CliRunner

from conjectura.cli.qmc import register

app = typer.Typer()
register(app)
runner = CliRunner()


def test_study_json_and_report(tmp_path):
    r = runner.invoke(
        app,
        [
            "qmc",
            "study",
            "--dims",
            "2",
            "--families",
            "gaussian",
            "--methods",
            "mc,sobol",
            "--log2-n",
            "6:10",
            "--replicates",
            "4",
            "--out",
            str(tmp_path),
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert [c["method"] for c in doc["curves"]] == ["mc", "sobol"] and doc["run_id"] is None
    assert (tmp_path / "report.html").exists() and doc["report"] == str(tmp_path / "report.html")


def test_study_records_a_run_in_the_store(home):
    r = runner.invoke(
        app,
        [
            "qmc",
            "study",
            "--dims",
            "2",
            "--families",
            "discontinuous",
            "--methods",
            "mc,lattice",
            "--log2-n",
            "6:9",
            "--replicates",
            "3",
            "--fit-from",
            "64",
            "-q",
        ],
    )
    assert r.exit_code == 0, r.output
    assert "lattice" in r.output and "wrote" in r.output
    from conjectura.store import open_store

    run = open_store().list_runs()[0]
    assert run["name"] == "qmc/study" and run["status"] == "finished"
    assert "slope 2 discontinuous lattice" in run["summary"]


def test_lattice_and_discrepancy():
    r = runner.invoke(app, ["qmc", "lattice", "--n", "89", "--d", "2", "--weights", "equal", "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["generating_vector"] in ([1, 34], [1, 55])
    r = runner.invoke(app, ["qmc", "discrepancy", "--n", "64", "--d", "3", "--replicates", "3", "--json"])
    rows = json.loads(r.output)
    assert [x["method"] for x in rows][-1] == "iid uniform (exact RMS)"
    sobol = next(x for x in rows if x["method"] == "sobol")
    assert sobol["CD"] < rows[-1]["CD"]


def test_bad_input_is_one_line_and_exit_2():
    for args, needle in (
        (["qmc", "lattice", "--n", "90", "--d", "2"], "must be a prime number"),
        (["qmc", "study", "--dims", "2,x"], "--dims option must be a comma-separated list"),
        (["qmc", "study", "--log2-n", "6"], "must be LO:HI"),
        (["qmc", "study", "--methods", "grid", "--no-store"], "'methods' parameter of qmc_study"),
    ):
        r = runner.invoke(app, args)
        assert r.exit_code == 2, (args, r.output)
        assert needle in r.output and "Traceback" not in r.output


def test_sweep_status(tmp_path):
    from conjectura.qmc.sweep import Float, sweep

    url = f"sqlite:///{tmp_path / 's.db'}"
    sweep(lambda p: (p["x"] - 0.5) ** 2, {"x": Float(0.0, 1.0)}, n_trials=5, storage=url, study_name="demo")
    r = runner.invoke(app, ["qmc", "sweep-status", "demo", "--storage", url, "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["n_complete"] == 5
    r = runner.invoke(app, ["qmc", "sweep-status", "nope", "--storage", url])
    assert r.exit_code == 2 and "no sweep named 'nope'" in r.output
