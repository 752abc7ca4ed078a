"""generalisation_curve(): one evaluation per training fraction, its tables, figure and report."""

import io
import json

import pytest

from conjectura.core.registry import get_task
from conjectura.exceptions import InvalidParameterError
from conjectura.learn import evaluate, register_baseline
from conjectura.learn.generalisation import generalisation_curve
from conjectura.learn.synthetic import planted_task


@register_baseline("test/no-inputs", description="logistic regression on no column at all")
def _no_inputs(task, **hyper):
    """scikit-learn refuses to fit on zero features: a baseline that cannot run on any task."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import FunctionTransformer

    return make_pipeline(FunctionTransformer(lambda X: X[:, :0]), LogisticRegression())


@pytest.fixture(scope="module")
def curve():
    return generalisation_curve(
        planted_task(),
        fractions=(0.1, 0.6),
        learner="logistic",
        seeds=(0, 1),
        baselines=("majority", "test/no-inputs"),
    )


def test_each_fraction_is_the_evaluation_with_the_complement_held_out(curve):
    rows = {(r["fraction"], r["model"], r["seed"]): r for r in curve.records}
    for f in curve.fractions:
        ev = evaluate(planted_task(), "logistic", seeds=(0, 1), test_size=1 - f, baselines=["majority"])
        for k, seed in enumerate(ev.seeds):
            rec = rows[(f, "logistic", seed)]
            assert rec["test_accuracy"] == ev.learner.test["accuracy"][k]
            assert rec["n_train"] + rec["n_test"] == 1500 and rec["n_train"] == round(1500 * f)
    # more data, better fit: the planted linear signal is learned from 60% better than from 10%
    f, mean, _ = curve.curve()
    assert f.tolist() == [0.1, 0.6] and mean[1] > mean[0] > 0.7
    assert curve.models() == ["logistic", "majority", "null(logistic)"]


def test_a_baseline_that_cannot_run_is_listed_not_recorded(curve):
    assert "test/no-inputs" not in {r["model"] for r in curve.records}
    assert len(curve.failures) == 2 and all("0 feature(s)" in f for f in curve.failures)
    assert curve.failures[0].startswith("test/no-inputs (f=0.1): ValueError")


def test_to_dict_table_and_report(curve, tmp_path):
    from rich.console import Console

    d = json.loads(json.dumps(curve.to_dict()))
    assert d["run_id"] is None and d["png"] is None and len(d["records"]) == len(curve.records)
    assert {s["model"] for s in d["summary"]} == set(curve.models())
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(curve.table())
    assert "null(logistic)" in console.export_text()
    html = curve.report(tmp_path / "curve.html")
    assert html.name == "curve.html" and "data:image/png;base64" in html.read_text()
    assert (tmp_path / "generalisation.png").stat().st_size > 1000


def test_figure_without_a_store_writes_the_png_and_its_json(tmp_path):
    c = generalisation_curve(
        "integers/parity-bit",
        params={"m": 4},
        fractions=(0.5,),
        learner="logistic",
        seeds=(0,),
        figure=tmp_path / "p.png",
    )
    assert c.png == tmp_path / "p.png" and c.png.exists()
    assert json.loads((tmp_path / "p.json").read_text())["summary"] == c.summary()


def test_bad_inputs():
    with pytest.raises(InvalidParameterError, match="is a regression"):
        generalisation_curve(planted_task("regression"), fractions=(0.5,))
    with pytest.raises(InvalidParameterError, match="each in \\(0, 1\\)"):
        generalisation_curve(planted_task(), fractions=())
    with pytest.raises(InvalidParameterError, match="needs a task name"):
        generalisation_curve(get_task("integers/parity-bit"), params={"m": 4})
