"""Graph learners: the graph store, the MPNN (scikit-learn contract, seeded, learns a planted
structure), and evaluate() treating it like any other learner (same splits, baselines, null)."""

import networkx as nx
import numpy as np
import pytest
from sklearn.base import clone

import conjectura as cj
from conjectura.core.task import Dataset, Task
from conjectura.exceptions import InvalidParameterError, NotFittedError
from conjectura.learn.evaluation import learner_inputs
from conjectura.learn.graphs import (
    GraphInputs,
    GraphStore,
    MPNNClassifier,
    _batches,
    graph_inputs,
    load_graph_store,
)


def _paths_and_stars(sizes=range(4, 12), copies=3):
    paths = [[(i, i + 1) for i in range(k - 1)] for k in sizes] * copies
    stars = [[(0, i) for i in range(1, k)] for k in sizes] * copies
    store = GraphStore.from_lists([len(e) + 1 for e in paths + stars], paths + stars)
    return store, np.array([0] * len(paths) + [1] * len(stars))


def test_node_features_are_networkx_degree_centralities():
    rng = np.random.default_rng(0)
    graphs = [
        nx.gnp_random_graph(int(k), 0.3, seed=int(s), directed=True)
        for k, s in zip(rng.integers(1, 9, 12), range(12))
    ]
    store = GraphStore.from_lists([g.number_of_nodes() for g in graphs], [list(g.edges()) for g in graphs])
    feats = store.node_features()
    for g, G in enumerate(graphs):
        a, b = store.node_ptr[g], store.node_ptr[g + 1]
        ind, outd = nx.in_degree_centrality(G), nx.out_degree_centrality(G)
        expect = (
            np.array([[ind[v], outd[v]] for v in range(G.number_of_nodes())])
            if len(G) > 1
            else np.zeros((1, 2))
        )
        assert np.allclose(feats[a:b], expect)


def test_store_round_trips_through_parquet(tmp_path):
    store = GraphStore.from_lists(
        [3, 2, 1], [[(0, 1), (1, 2)], [(1, 0)], []], labels=[[(1, 2), (2, 3)], [(1, 3)], []]
    )
    path = store.to_parquet(tmp_path / "g.parquet", graph=np.arange(3))
    back = load_graph_store(path)
    for name in ("node_ptr", "edge_ptr", "src", "dst", "label_i", "label_j"):
        assert np.array_equal(getattr(back, name), getattr(store, name)), name
    assert load_graph_store(path) is back  # cached per file
    with pytest.raises(InvalidParameterError, match="cannot be read"):
        load_graph_store(tmp_path / "none.parquet")


def test_bad_stores_and_inputs():
    with pytest.raises(InvalidParameterError, match="outside its graph"):
        GraphStore.from_lists([2], [[(0, 2)]])
    store, _ = _paths_and_stars()
    with pytest.raises(InvalidParameterError, match="graph ids"):
        GraphInputs(store, [len(store)])
    ds = Dataset(np.zeros((3, 1)), np.zeros(3), ("a",), "y")
    with pytest.raises(InvalidParameterError, match="graph dataset"):
        graph_inputs(ds, [0, 1])


def test_batches_respect_both_caps():
    edges = np.array([5, 5, 5, 50, 5, 5])
    b = _batches(np.arange(6), edges, batch_size=2, max_edges=12)
    assert b == [[0, 1], [2], [3], [4, 5]]
    assert [i for batch in b for i in batch] == list(range(6))


def test_mpnn_learns_paths_from_stars_and_is_seeded():
    store, y = _paths_and_stars()
    X = GraphInputs(store, np.arange(len(store)))
    clf = MPNNClassifier(hidden=16, lr=1e-2, max_epochs=15, patience=15, seed=0).fit(X, y)
    assert clf.score(X, y) == 1.0
    assert clf.predict_proba(X).shape == (len(y), 2) and np.allclose(clf.predict_proba(X).sum(axis=1), 1)
    again = MPNNClassifier(hidden=16, lr=1e-2, max_epochs=15, patience=15, seed=0).fit(X, y)
    assert np.allclose(clf.logits(X), again.logits(X))
    assert len(clf.history_["train_loss"]) == clf.history_["epochs"] <= 15


def test_sklearn_contract():
    clf = MPNNClassifier(hidden=8, classes=[0, 1, 2])
    assert clone(clf).get_params()["hidden"] == 8
    store, y = _paths_and_stars(range(4, 6), 1)
    X = GraphInputs(store, np.arange(len(store)))
    with pytest.raises(NotFittedError):
        clf.predict(X)
    with pytest.raises(InvalidParameterError, match="fitted on graphs"):
        clf.fit(np.zeros((4, 2)), y)
    with pytest.raises(InvalidParameterError, match="'hidden'"):
        MPNNClassifier(hidden=0).fit(X, y)
    fitted = MPNNClassifier(hidden=8, max_epochs=1, classes=[0, 1, 2]).fit(X, y)
    assert fitted.classes_.tolist() == [0, 1, 2]  # declared classes all get an output
    with pytest.raises(InvalidParameterError, match="regression"):
        cj.get_learner("mpnn", Task(features=("a",), target="y", build=None, kind="regression"))


def _graph_task(tmp_path):
    """Paths against stars as a graph dataset: X holds the node and edge counts only."""
    store, y = _paths_and_stars(range(4, 12), 4)
    path = store.to_parquet(tmp_path / "toy.parquet")
    import pandas as pd

    frame = pd.DataFrame({"graph_id": np.arange(len(store))})
    X = np.stack([store.num_nodes, store.num_edges], axis=1).astype(float)
    ds = Dataset(
        X, y, ("nodes", "edges"), "star", groups=store.num_nodes, frame=frame, meta={"graph_store": path}
    )
    task = Task(name="test/paths-stars", features=("nodes", "edges"), target="star", build=lambda n, rng: ds)
    return task, ds


def test_evaluate_treats_the_graph_learner_like_any_other(tmp_path):
    task, ds = _graph_task(tmp_path)
    est = MPNNClassifier()
    rows = np.array([3, 1, 4])
    assert np.array_equal(learner_inputs(est, ds, rows).ids, [3, 1, 4])
    assert np.array_equal(learner_inputs(cj.get_baseline("gbt", task), ds, rows), ds.X[rows])
    ev = cj.evaluate(
        task,
        "mpnn",
        dataset=ds,
        seeds=(0, 1),
        baselines=["majority", "gbt"],
        learner_params={"hidden": 16, "lr": 1e-2, "max_epochs": 15, "patience": 15},
    )
    assert [r.name for r in ev.rows] == ["mpnn", "majority", "gbt", "null(mpnn)"]
    assert ev.n_test == [13, 13] and ev.row("mpnn").mean("accuracy") == 1.0
    # node and edge counts cannot tell a path from a star: the baselines sit at chance
    assert ev.row("gbt").mean("accuracy") < 0.8 and ev.null.mean("accuracy") < 0.8
    assert set(ev.models) == {0, 1} and all(hasattr(m, "module_") for m in ev.models.values())
    assert ev.curves[0]["epochs"] >= 1
