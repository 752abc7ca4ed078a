"""The task permutations/kl-coefficient: rows, target, groups, the graph store riding along."""

import numpy as np
import pytest

import conjectura as cj
from conjectura.domains.permutations import kl_table
from conjectura.domains.permutations.kl_dataset import statistic_names
from conjectura.exceptions import InvalidParameterError


def test_dataset_rows_target_groups_and_graph_store(home):
    task = cj.get_task("permutations/kl-coefficient", n=5, k=1)
    assert task.name == "permutations/kl-coefficient" and task.params["k"] == 1
    assert tuple(task.features) == statistic_names(5) and task.target == "q1"
    ds = task.dataset()
    assert ds.X.shape == (2439, len(statistic_names(5)))
    assert sorted(set(ds.y.tolist())) == [0, 1, 2]
    T = kl_table(5)
    for r in (0, 500, 2438):
        x = tuple(map(int, ds.frame["x"].iloc[r].split()))
        w = tuple(map(int, ds.frame["w"].iloc[r].split()))
        p = T.poly(x, w)
        assert ds.y[r] == (p[1] if len(p) > 1 else 0)
    assert np.array_equal(ds.groups, ds.frame["length"].to_numpy())
    assert ds.frame["graph_id"].tolist() == list(range(2439))
    assert ds.meta["graph_store"].endswith("s5-all-l3-10.parquet")
    # a subsample keeps the graph ids of its rows
    sub = task.dataset(100, seed=1)
    assert len(sub) == 100 and sub.frame["graph_id"].is_monotonic_increasing
    assert np.array_equal(sub.y, ds.y[sub.frame["graph_id"].to_numpy()])


@pytest.mark.parametrize(
    "params, match",
    [
        ({"n": 5, "k": 0}, "'k'"),
        ({"n": 5, "k": 5}, r"'k'.*\[1, 4\]"),
        ({"n": 5, "k": 2, "max_length": 4}, r"'k'.*\[1, 1\]"),
        ({"n": 5, "max_length": 2, "min_length": 1}, "P = 1"),
        ({"n": 8}, "size"),
        ({"n": 5, "build": "yes"}, "build"),
    ],
)
def test_bad_parameters(params, match):
    with pytest.raises(InvalidParameterError, match=match):
        cj.get_task("permutations/kl-coefficient", **params)


def test_missing_table_without_build_names_the_command(home):
    task = cj.get_task("permutations/kl-coefficient", n=6, k=1, size=7, seed=3, build=False)
    with pytest.raises(InvalidParameterError, match="conjectura data build kl --n 6"):
        task.dataset()
