"""Saliency on graphs: it finds planted nodes; salient subgraphs, label counts and the change of
label frequencies computed exactly on hand-made examples; the Fig. 3a heatmap in the report."""

import numpy as np
import pandas as pd
import pytest

import conjectura as cj
from conjectura.core.task import Dataset, Task
from conjectura.interpret.graphs import (
    GraphSaliency,
    graph_saliency,
    label_counts,
    node_saliency,
    salient_nodes,
    salient_subgraph,
)
from conjectura.learn.graphs import GraphInputs, GraphStore, MPNNClassifier


def _planted(m: int, seed: int):
    """``m`` graphs: a directed path of 12 nodes (edges labelled (2,3)) and 5 extra nodes. In
    class 1 the extra nodes are leaves of one hub on the path (edges (1,2)): the planted nodes
    are the hub and its leaves. In class 0 they form a tail hanging off the path (edges (3,4))."""
    rng = np.random.default_rng(seed)
    counts, edges, labels, y, planted = [], [], [], [], []
    for g in range(m):
        e = [(i, i + 1) for i in range(11)]
        lab = [(2, 3)] * 11
        p = int(rng.integers(0, 12))
        if g % 2:
            e += [(p, 12 + i) for i in range(5)]
            lab += [(1, 2)] * 5
            planted.append({p, *range(12, 17)})
        else:
            e += [(p, 12)] + [(12 + i, 13 + i) for i in range(4)]
            lab += [(3, 4)] * 5
            planted.append(set())
        counts.append(17)
        edges.append(e)
        labels.append(lab)
        y.append(g % 2)
    return GraphStore.from_lists(counts, edges, labels), np.array(y), planted


def test_saliency_finds_the_planted_nodes():
    store, y, planted = _planted(80, 0)
    X = GraphInputs(store, np.arange(len(store)))
    clf = MPNNClassifier(hidden=16, lr=1e-2, max_epochs=20, patience=20, seed=0).fit(X, y)
    assert clf.score(X, y) == 1.0
    sal = node_saliency(clf, X, y)
    assert sal.shape == (80 * 17,) and np.all(sal >= 0)
    per_graph = sal.reshape(80, 17)
    hubs = [g for g in range(80) if y[g] == 1]
    # the most salient node is the hub, and the planted nodes outweigh the others, graph by graph
    assert np.mean([int(np.argmax(per_graph[g])) in planted[g] for g in hubs]) >= 0.9
    inside = [np.isin(np.arange(17), sorted(planted[g])) for g in hubs]
    heavier = [per_graph[g][m].mean() > per_graph[g][~m].mean() for g, m in zip(hubs, inside)]
    assert np.mean(heavier) >= 0.9
    # within one graph, the hub is above the 90th percentile
    mask, _ = salient_nodes(per_graph[hubs[0]], 90)
    assert (planted[hubs[0]] - set(range(12, 17))) <= set(np.flatnonzero(mask).tolist())


def test_salient_nodes_subgraph_and_label_counts_by_hand():
    store = GraphStore.from_lists(
        [4, 3],
        [[(0, 1), (1, 2), (2, 3), (0, 3)], [(0, 1), (1, 2)]],
        labels=[[(1, 2), (2, 3), (1, 3), (1, 2)], [(2, 3), (2, 3)]],
    )
    mask = np.array([True, True, False, True, False, True, True])
    nodes, edges = salient_subgraph(store, 0, mask[:4])
    assert nodes.tolist() == [0, 1, 3] and edges.tolist() == [[0, 1], [0, 3]]
    g = GraphInputs(store, [0, 1])
    assert label_counts(g, None, 3).tolist() == [2, 1, 3]  # (1,2), (1,3), (2,3)
    assert label_counts(g, mask, 3).tolist() == [2, 0, 1]
    assert label_counts(GraphInputs(store, [1]), mask[4:], 3).tolist() == [0, 0, 1]
    with pytest.raises(cj.InvalidParameterError, match="one entry per node"):
        label_counts(g, mask[:3], 3)
    with pytest.raises(cj.InvalidParameterError, match="1..2"):
        label_counts(g, None, 2)


def test_change_matrix_and_kinds():
    gs = GraphSaliency(
        n=3,
        seeds=(0, 1),
        percentile=99.0,
        all_counts=np.array([[50, 25, 25], [50, 25, 25]]),
        salient_counts=np.array([[1, 2, 1], [2, 1, 1]]),
        cutoff=np.array([1.0, 1.0]),
        graphs=np.array([5, 5]),
        nodes=np.array([40, 40]),
        salient_nodes=np.array([2, 2]),
    )
    # seed 0: (1,2) 0.25 vs 0.5 -> -50 %, (1,3) 0.5 vs 0.25 -> +100 %, (2,3) 0.25 vs 0.25 -> 0 %
    assert np.allclose(gs.change, [[-50, 100, 0], [0, 0, 0]])
    M = gs.matrix()
    assert np.allclose([M[1, 0], M[2, 0], M[2, 1]], [-25, 50, 0]) and np.isnan(M[0, 1])
    kinds = gs.kinds()  # simple: (1,2), (2,3); extremal: (1,3)
    assert kinds["simple"]["all"] == pytest.approx(0.75) and kinds["extremal"]["salient"] == pytest.approx(
        0.375
    )
    assert gs.rows()[0]["label"] == "(1,3)" and gs.to_dict()["labels"] == ["(1,2)", "(1,3)", "(2,3)"]
    att = gs.to_attribution()
    assert att.ranking()[0] == "(1,3)" and att.values.shape == (2, 3)
    # a seed whose salient subgraphs have no edge says nothing (NaN), and is left out of the means
    empty = GraphSaliency(**{**gs.__dict__, "salient_counts": np.array([[0, 0, 0], [1, 2, 1]])})
    assert np.all(np.isnan(empty.change[0])) and np.allclose(empty.change[1], [-50, 100, 0])
    assert np.allclose([empty.matrix()[1, 0], empty.matrix()[2, 0]], [-50, 100])
    assert empty.kinds()["extremal"]["salient"] == pytest.approx(0.5)


def test_graph_saliency_of_an_evaluation_and_its_report(tmp_path):
    store, y, _ = _planted(60, 1)
    path = store.to_parquet(tmp_path / "planted.parquet")
    frame = pd.DataFrame({"graph_id": np.arange(len(store))})
    X = np.stack([store.num_nodes, store.num_edges], axis=1).astype(float)
    ds = Dataset(
        X, y, ("nodes", "edges"), "hub", frame=frame, meta={"graph_store": path, "label_positions": 4}
    )
    task = Task(name="test/planted-hub", features=("nodes", "edges"), target="hub", build=lambda n, rng: ds)
    s = cj.study(
        task,
        learner="mpnn",
        seeds=(0, 1),
        learner_params={"hidden": 16, "lr": 1e-2, "max_epochs": 20, "patience": 20},
    )
    ev = s.evaluations[0]
    assert ev.learner.mean("accuracy") == 1.0
    gs = s.attributions[0]["graph_saliency"].meta["graph_saliency"]
    assert gs.n == 4 and gs.seeds == (0, 1) and gs.graphs.tolist() == [12, 12]
    # the counts are those of each seed's held-out graphs: 16 edges each, labels (1,2), (2,3), (3,4)
    for k, seed in enumerate(gs.seeds):
        test = GraphInputs(store, ev.test_index[seed])
        assert np.array_equal(gs.all_counts[k], label_counts(test, None, 4))
        assert gs.all_counts[k].sum() == 16 * 12 and np.all(gs.salient_counts[k] <= gs.all_counts[k])
        assert gs.nodes[k] == 17 * 12 and 0 < gs.salient_nodes[k] <= 0.02 * gs.nodes[k] + 1
    # with a lower threshold the salient subgraphs have edges; labels that never occur stay NaN
    wide = graph_saliency(ev, percentile=80)
    used = [wide.label_names.index(t) for t in ("(1,2)", "(2,3)", "(3,4)")]
    assert np.all(wide.salient_counts.sum(axis=1) > 0)
    assert np.all(np.isfinite(wide.change[:, used])) and np.all(
        np.isnan(np.delete(wide.change, used, axis=1))
    )
    report = s.report(tmp_path / "r")
    html = report.read_text()
    assert "Salient subgraphs" in html and "salient_reflections_test_planted_hub.png" in html
    assert (tmp_path / "r" / "salient_reflections_test_planted_hub.png").stat().st_size > 1000
    assert len(s.to_dict()["evaluations"][0]["saliency"]["graph_saliency"]["ranking"]) == 6
    with pytest.raises(cj.InvalidParameterError, match="graph learner"):
        graph_saliency(cj.evaluate(task, "gbt", dataset=ds, seeds=(0,), baselines=["majority"]))
