"""`conjectura curve`: the generalisation curve command, its JSON, its report and its errors."""

import json
from pathlib import Path

from typer.testing import CliRunner

import conjectura as cj
from conjectura.cli.app import _assemble, app
from conjectura.learn.generalisation import generalisation_curve

_assemble()
runner = CliRunner()


def test_curve_json_and_png(home):
    r = runner.invoke(
        app,
        [
            "curve",
            "integers/parity-bit",
            "-p",
            "m=6",
            "--fractions",
            "0.3,0.9",
            "--seeds",
            "0",
            "--hidden",
            "32,32",
            "--max-epochs",
            "60",
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    data = json.loads(r.output[r.output.index("{") :])
    assert data["fractions"] == [0.3, 0.9] and data["seeds"] == [0]
    models = {row["model"] for row in data["summary"]}
    assert {"mlp", "majority"} <= models and any(m.startswith("null") for m in models)
    assert Path(data["png"]).exists() and Path(data["png"]).stat().st_size > 1000
    assert "generalisation.png" in Path(data["report"]).read_text()
    # the parity of 6 bits: every training accuracy of the MLP is recorded, in [0, 1]
    assert all(0 <= row["train_mean"] <= 1 for row in data["summary"])
    run = cj.open_store().get_run(data["run_id"])
    assert run["kind"] == "learn-curve" and run["status"] == "finished"
    keys = {m["key"] for m in run["metrics"]}
    assert {"curve/mlp/test_accuracy", "curve/majority/test_accuracy"} <= keys


def _untimed(doc: dict) -> dict:
    """A curve document without what differs between two identical runs: ids, paths, fit times."""
    doc = {k: v for k, v in doc.items() if k not in ("run_id", "png", "report")}
    doc["records"] = [{k: v for k, v in r.items() if k != "seconds"} for r in doc["records"]]
    return doc


def test_curve_json_is_the_api_generalisation_curve_to_dict(home, tmp_path):
    out = tmp_path / "parity.png"
    logistic = ["--learner", "logistic", "--out", str(out), "--json"]
    r = runner.invoke(
        app,
        ["curve", "integers/parity-bit", "-p", "m=5", "--fractions", "0.4,0.8", "--seeds", "0,1", *logistic],
    )
    assert r.exit_code == 0, r.output
    cli = json.loads(r.output[r.output.index("{") :])
    api = generalisation_curve(
        "integers/parity-bit",
        params={"m": 5},
        fractions=(0.4, 0.8),
        seeds=(0, 1),
        learner="logistic",
        store=cj.open_store(),
    )
    doc = json.loads(json.dumps(api.to_dict()))
    assert _untimed(doc) == _untimed(cli)
    assert cli["png"] == str(out) and json.loads(out.with_suffix(".json").read_text())["png"] == str(out)
    assert doc["run_id"] == cli["run_id"] + 1 and Path(doc["png"]).parent == Path(doc["report"]).parent


def test_curve_table_output(home):
    r = runner.invoke(
        app,
        [
            "curve",
            "integers/parity-bit",
            "-p",
            "m=6",
            "--fractions",
            "0.5",
            "--seeds",
            "0",
            "--learner",
            "knn",
        ],
    )
    assert r.exit_code == 0, r.output
    for needle in ("test accuracy against the training fraction", "null(knn)", "majority", "report.html"):
        assert needle in r.output


def test_curve_bad_inputs(home):
    r = runner.invoke(app, ["curve", "integers/parity-bit", "--fractions", "0.5,1.5"])
    assert r.exit_code == 2 and "in (0, 1)" in r.output
    r = runner.invoke(app, ["curve", "integers/no-such-task"])
    assert r.exit_code == 2 and "Unknown task" in r.output
    # 8 training points and 15 neighbours: the learner cannot run, said in one line
    r = runner.invoke(
        app, ["curve", "integers/parity-bit", "-p", "m=4", "--fractions", "0.5", "--learner", "knn"]
    )
    assert r.exit_code == 2 and "cannot be fitted" in r.output and "Traceback" not in r.output
