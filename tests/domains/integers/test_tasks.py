"""Integer tasks: exact targets, representations as a parameter, clear errors."""

import numpy as np
import pytest
import sympy

from conjectura.core.registry import get_task
from conjectura.domains.integers import parse_representation
from conjectura.exceptions import InvalidParameterError


@pytest.mark.parametrize(
    "name, fn",
    [
        ("integers/mobius", lambda n: int(sympy.mobius(n))),
        ("integers/squarefree", lambda n: int(sympy.mobius(n) != 0)),
        ("integers/is-prime", lambda n: int(sympy.isprime(n))),
    ],
)
@pytest.mark.parametrize("rep", ["binary", "crt:25", "char:6", "base:7"])
def test_targets_are_exact_and_features_encode_n(name, fn, rep):
    t = get_task(name, lo=2, hi=10**9, representation=rep)
    ds = t.dataset(200, seed=0)
    ns = ds.frame["n"].to_numpy()
    assert ds.y.tolist() == [fn(int(n)) for n in ns]
    spec = parse_representation(t.params["representation"])
    assert np.array_equal(ds.X, spec.encode(ns))
    assert ds.feature_names == spec.feature_names == tuple(t.features)
    assert t.dataset(200, seed=0).y.tolist() == ds.y.tolist()  # deterministic


def test_default_representations_and_sizes():
    assert get_task("integers/mobius").params["representation"] == "crt:25"
    assert get_task("integers/squarefree").params["hi"] == 10**12
    assert get_task("integers/is-prime").params["representation"] == "binary:20"
    assert len(get_task("integers/is-prime", size=50).dataset(seed=1)) == 50


def test_parity_dataset_is_the_whole_cube():
    ds = get_task("integers/parity-bit", m=6).dataset(seed=0)
    assert len(ds) == 64 and len({tuple(r) for r in ds.X}) == 64
    assert np.array_equal(ds.y, ds.X.sum(axis=1) % 2)
    signs = get_task("integers/parity-bit", m=6, representation="signs").dataset(seed=0)
    assert set(np.unique(signs.X)) == {-1.0, 1.0}
    assert np.array_equal(signs.y, (signs.X < 0).sum(axis=1) % 2)
    part = get_task("integers/parity-bit", m=6).dataset(20, seed=0)
    assert len(part) == 20 and len({tuple(r) for r in part.X}) == 20


@pytest.mark.parametrize(
    "name, params, fragment",
    [
        ("integers/mobius", {"representation": "crt:0"}, "representation"),
        ("integers/mobius", {"representation": "binary:8"}, "cannot hold n"),
        ("integers/squarefree", {"lo": 10, "hi": 5}, "'hi' parameter"),
        ("integers/squarefree", {"lo": 2, "hi": 50, "size": 100}, "'size' parameter"),
        ("integers/parity-bit", {"m": 1}, "'m' parameter"),
        ("integers/parity-bit", {"representation": "crt:3"}, "'representation' parameter"),
    ],
)
def test_bad_parameters(name, params, fragment):
    with pytest.raises(InvalidParameterError, match=fragment):
        get_task(name, **params)


def test_tasks_listing_shows_default_representation_and_baselines():
    from conjectura.cli.tasks import task_listing

    rows = {r["name"]: r for r in task_listing()}
    assert rows["integers/mobius"]["representation"] == "crt:25"
    assert rows["integers/squarefree"]["baselines"][:3] == ["divisibility", "square-divisibility", "majority"]
    assert rows["integers/is-prime"]["baselines"][:2] == ["always-composite", "trial-division"]
    assert rows["permutations/left-descents"]["representation"] == "oneline"


def test_learn_command_compares_representations(home):
    import json

    from typer.testing import CliRunner

    from conjectura.cli.app import _assemble, app

    _assemble()
    res = CliRunner().invoke(
        app,
        [
            "learn",
            "integers/squarefree",
            "-r",
            "crt:25",
            "-r",
            "crt:4,9,25,49",
            "--learner",
            "logistic",
            "--n",
            "800",
            "--seeds",
            "0",
            "--no-saliency",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    reps = [e["representation"] for e in out["evaluations"]]
    assert reps == ["crt:25", "crt:4,9,25,49"]
    rows = {e["representation"]: {r["name"]: r for r in e["rows"]} for e in out["evaluations"]}
    assert rows["crt:25"]["square-divisibility"]["error"]  # p^2 | n is invisible
    sq = rows["crt:4,9,25,49"]["square-divisibility"]
    assert sq["error"] is None and sq["mean"] > rows["crt:4,9,25,49"]["majority"]["mean"]
    bad = CliRunner().invoke(app, ["learn", "integers/squarefree", "-r", "crt:zero", "--json"])
    assert bad.exit_code == 2 and "representation" in bad.output
