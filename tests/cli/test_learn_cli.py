"""`conjectura learn` and `conjectura tasks`: tables, --json keys, report, stored run, errors."""

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import conjectura as cj
from conjectura.cli.app import _assemble, app
from conjectura.core.task import Dataset, Task
from conjectura.learn.synthetic import FEATURES, planted_dataset

_assemble()
runner = CliRunner()


@cj.register_task("test/planted-rep", description="planted signal in two representations")
def planted_rep(representation: str = "signal") -> Task:
    """``signal`` gives all columns; ``noise`` only the pure-noise columns (nothing to learn)."""
    cj.core.validation.validate_choice(
        representation, "representation", "test/planted-rep", ("signal", "noise")
    )
    cols = list(range(6)) if representation == "signal" else [2, 3, 4, 5]

    def build(n, rng):
        ds = planted_dataset(n, rng)
        return Dataset(
            ds.X[:, cols], ds.y, tuple(FEATURES[i] for i in cols), "y", ds.groups, ds.frame, ds.meta
        )

    return Task(
        name="test/planted-rep",
        features=[FEATURES[i] for i in cols],
        target="y",
        build=build,
        params={"representation": representation},
        baselines=("majority",),
        description="planted signal; representation signal or noise",
    )


FAST = ["--hyper", "hidden=[32]", "--hyper", "max_epochs=40", "--hyper", "lr=0.003"]


def test_learn_json_compares_representations_and_writes_report(home):
    r = runner.invoke(
        app,
        [
            "learn",
            "test/planted-rep",
            "-r",
            "signal",
            "-r",
            "noise",
            "--n",
            "600",
            "--seeds",
            "0,1",
            "--json",
            *FAST,
        ],
    )
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert [e["representation"] for e in out["evaluations"]] == ["signal", "noise"]
    sig, noise = out["evaluations"]
    roles = {row["name"]: row["role"] for row in sig["rows"]}
    assert roles["mlp"] == "learner" and roles["null(mlp)"] == "null"
    assert {"majority", "logistic", "gbt", "knn"} <= set(roles)
    acc = {row["name"]: row["mean"] for row in sig["rows"]}
    assert acc["mlp"] > acc["majority"] + 0.3 and acc["mlp"] > acc["null(mlp)"] + 0.3
    acc_noise = {row["name"]: row["mean"] for row in noise["rows"]}
    assert acc_noise["mlp"] < acc_noise["majority"] + 0.05  # nothing to learn from noise
    for row in sig["rows"]:
        assert len(row["values"]) == 2 and row["std"] >= 0
    assert sig["saliency"]["gradient"]["ranking"][:2] == ["x0", "x1"]
    assert set(sig["saliency"]["gradient"]["top3_per_seed"]) == {"0", "1"}
    report = out["report"]
    html = Path(report).read_text(encoding="utf-8")
    assert "data:image/png;base64" in html and "null(mlp)" in html and "Learning curves" in html
    run = cj.open_store().get_run(out["run_id"])
    assert run["kind"] == "learn" and run["status"] == "finished"
    assert run["summary"]["evaluations"][0]["learner"] == "mlp"


def test_learn_table_output(home):
    r = runner.invoke(
        app, ["learn", "test/planted-rep", "--n", "400", "--seeds", "0", "--learner", "logistic"]
    )
    assert r.exit_code == 0, r.output
    for needle in ("logistic", "majority", "null(logistic)", "permutation", "report:"):
        assert needle in r.output


@pytest.mark.parametrize(
    "args,needle",
    [
        (["learn", "test/nope"], "Unknown task"),
        (["learn", "test/planted-rep", "-r", "bogus"], "representation"),
        (["learn", "test/planted-rep", "--seeds", "a,b"], "--seeds"),
        (["learn", "test/planted-rep", "--learner", "nope", "--n", "100"], "Unknown learner"),
        (["learn", "test/planted-rep", "--split", "group>1", "--n", "100"], "group"),
    ],
)
def test_learn_bad_input_is_one_line(home, args, needle):
    r = runner.invoke(app, args)
    assert r.exit_code == 2, r.output
    assert needle in r.output and "Traceback" not in r.output


def test_tasks_listing(home):
    r = runner.invoke(app, ["tasks", "--json"])
    assert r.exit_code == 0, r.output
    rows = {t["name"]: t for t in json.loads(r.output)}
    t = rows["test/planted-rep"]
    assert t["representation"] == "signal" and t["kind"] == "classification"
    assert t["baselines"] == ["majority", "logistic", "gbt", "knn"]
    r = runner.invoke(app, ["tasks"])
    assert r.exit_code == 0 and "test/planted-rep" in r.output


def _normalised(doc: dict) -> dict:
    """A learn document without what differs between two identical runs: the run id and the
    report's path (there are no timings in it)."""
    return {k: v for k, v in doc.items() if k not in ("run_id", "report")}


def test_learn_json_is_the_api_study_to_dict(home):
    args = dict(representations=["signal"], seeds=(0, 1), n=300)
    hyper = {"hidden": (32,), "max_epochs": 30, "batch_size": 32, "lr": 0.003}
    r = runner.invoke(
        app,
        [
            "learn",
            "test/planted-rep",
            "-r",
            "signal",
            "--seeds",
            "0,1",
            "--n",
            "300",
            "--json",
            "--hyper",
            "hidden=[32]",
            "--hyper",
            "max_epochs=30",
            "--hyper",
            "batch_size=32",
            "--hyper",
            "lr=0.003",
        ],
    )
    assert r.exit_code == 0, r.output
    cli = json.loads(r.output)
    api = cj.study("test/planted-rep", learner_params=hyper, store=cj.open_store(), **args)
    doc = json.loads(json.dumps(api.to_dict()))  # the JSON round trip the CLI's output went through
    assert _normalised(doc) == _normalised(cli)
    assert doc["run_id"] == cli["run_id"] + 1 and Path(doc["report"]).exists()
    # the numbers are real: the signal is learned
    sig = {row["name"]: row["mean"] for row in doc["evaluations"][0]["rows"]}
    assert sig["mlp"] > sig["majority"] + 0.2 and sig["mlp"] > sig["null(mlp)"] + 0.2


def _untimed(line: str) -> str:
    """A printed line without the fit time (the fifth of the six columns of an evaluation table)."""
    cells = line.split("│")
    if len(cells) == 8:
        cells[5] = ""
    return "│".join(cells)


def test_learn_table_is_the_api_study_table(home):
    r = runner.invoke(app, ["learn", "test/planted-rep", "--n", "300", "--seeds", "0", "--learner", "knn"])
    assert r.exit_code == 0, r.output
    s = cj.study("test/planted-rep", learner="knn", seeds=(0,), n=300, store=cj.open_store())
    from rich.console import Console

    console = Console(width=80, record=True, file=io.StringIO())
    console.print(s.table(), soft_wrap=True, highlight=False)
    api_lines = [_untimed(line) for line in console.export_text().splitlines() if line.strip()]
    cli_lines = [
        _untimed(line) for line in r.output.splitlines() if line.strip()
    ]  # a progress bar left a blank
    # the same lines, but for the run id and the report path on the last one
    assert api_lines[:-1] == cli_lines[:-1] and len(api_lines) > 10
    assert cli_lines[-1].startswith("run 1; report:") and api_lines[-1].startswith("run 2; report:")
