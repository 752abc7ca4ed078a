"""study(): the learn workflow as one call, the same numbers in a notebook as from the CLI."""

import io
import json

import pytest
from rich.console import Console
from typer.testing import CliRunner

import conjectura as cj
from conjectura.cli.app import _assemble, app
from conjectura.core.jsonable import to_jsonable
from conjectura.exceptions import InvalidParameterError, UnknownNameError
from conjectura.learn.synthetic import planted_task

_assemble()

HYPER = {"hidden": (16,), "max_epochs": 30, "batch_size": 8, "lr": 0.01}
CLI_HYPER = [
    "--hyper",
    "hidden=[16]",
    "--hyper",
    "max_epochs=30",
    "--hyper",
    "batch_size=8",
    "--hyper",
    "lr=0.01",
]


def _render(renderable) -> str:
    console = Console(width=100, record=True, file=io.StringIO())
    console.print(renderable, soft_wrap=True)
    return console.export_text()


def test_a_notebook_study_gives_the_numbers_of_conjectura_learn(home):
    """A notebook user (no store, no report) and the CLI get the same evaluation, seed by seed."""
    r = CliRunner().invoke(
        app,
        ["learn", "integers/parity-bit", "-p", "m=5", "--seeds", "0,1", "--json", *CLI_HYPER],
    )
    assert r.exit_code == 0, r.output
    cli = json.loads(r.output)["evaluations"][0]

    s = cj.study("integers/parity-bit", params={"m": 5}, seeds=(0, 1), learner_params=HYPER)
    assert s.run_id is None and s.report_path is None  # nothing stored without a store
    ev = s.evaluations[0]
    assert ev.n_rows == 32 == cli["n_rows"]  # all of {0,1}^5
    for row, cli_row in zip(ev.rows, cli["rows"], strict=True):
        assert row.name == cli_row["name"]
        assert row.test.get("accuracy", []) == cli_row["values"]
    att = s.saliency["binary"]
    for method, doc in cli["saliency"].items():
        assert att[method].ranking() == doc["ranking"]
        assert [f["mean"] for f in att[method].rows()] == [f["mean"] for f in doc["features"]]
    assert s.verdict() == cli["verdict"]


@pytest.fixture(scope="module")
def planted_study():
    fast = {"hidden": (32,), "max_epochs": 60, "patience": 8, "batch_size": 64, "lr": 3e-3}
    return cj.study(planted_task(), seeds=(0, 1), n=600, learner_params=fast)


def test_study_finds_the_planted_signal_and_reports_it(planted_study, tmp_path):
    s = planted_study
    assert s.labels == [None] and s.representations == (None,)
    ev = s.evaluations[0]
    assert ev.learner.mean("accuracy") > ev.row("majority").mean("accuracy") + 0.3
    att = s.saliency[None]
    assert set(att) == {"gradient", "integrated_gradients", "permutation"}
    assert att.primary.method == "gradient" and att.primary.ranking()[:2] == ["x0", "x1"]
    # the printed tables: the combined ranking, one method alone, the whole study
    combined = _render(att.table(3))
    assert "x0" in combined and "noise_c" not in combined.split("x1")[0]
    one = _render(att["permutation"].table())
    assert "permutation importance" in one and "share" in one
    text = _render(s.table())
    for needle in ("null(mlp)", "integr. gradients", "top 3 per seed: seed 0: x0, x1", ev.verdict()[:40]):
        assert needle in text
    # the HTML report, at a directory or at a file name
    html = s.report(tmp_path / "planted.html")
    assert html.name == "planted.html" and "gradient saliency, eq. (1)" in html.read_text()
    assert (tmp_path / "evaluation.png").exists()
    doc = json.loads(json.dumps(s.to_dict()))
    assert doc["run_id"] is None and doc["evaluations"][0]["saliency"]["gradient"]["ranking"][:2] == [
        "x0",
        "x1",
    ]


def test_study_stores_one_learn_run_with_metrics_per_representation(home):
    s = cj.study(
        "integers/squarefree",
        representations=["crt:5", "binary"],
        learner="logistic",
        seeds=(0,),
        n=400,
        saliency=False,
        store=cj.open_store(),
    )
    run = cj.open_store().get_run(s.run_id)
    assert run["kind"] == "learn" and run["status"] == "finished"
    assert run["config"]["representations"] == ["crt:5", "binary"]
    assert run["summary"] == to_jsonable(s.to_dict(), finite=True)  # the store keeps strict JSON (no NaN)
    keys = {m["key"] for m in run["metrics"]}
    assert {"crt:5/learner/logistic/accuracy", "binary/learner/logistic/accuracy"} <= keys
    assert s.report_path.exists() and all(not a for a in s.saliency.values())
    assert [e["representation"] for e in s.to_dict()["evaluations"]] == ["crt:5", "binary"]


def test_the_learn_commands_are_top_level_functions():
    from conjectura.learn.generalisation import generalisation_curve
    from conjectura.learn.relations import fit_relation
    from conjectura.learn.study import study

    assert (cj.study, cj.fit_relation, cj.generalisation_curve) == (study, fit_relation, generalisation_curve)
    assert {"study", "fit_relation", "generalisation_curve"} <= set(cj.__all__)


def test_study_bad_input_fails_before_training():
    with pytest.raises(UnknownNameError, match="Unknown task"):
        cj.study("integers/no-such-task")
    with pytest.raises(InvalidParameterError, match="representation"):
        cj.study("integers/squarefree", representations=["crt:5", "bogus"])
    with pytest.raises(InvalidParameterError, match="need a task name"):
        cj.study(planted_task(), representations=["signal"])
    with pytest.raises(InvalidParameterError, match="'seeds' parameter"):
        cj.study(planted_task(), seeds=(-1,))
