"""The Kazhdan-Lusztig dataset: graph statistics by brute force, the table against kl_table,
samples against the interval engine, the graph columns, resumability and bad parameters."""

import networkx as nx
import numpy as np
import pyarrow.parquet as pq
import pytest

from conjectura.domains.permutations import bruhat_graph, bruhat_graph_arrays, bruhat_graphs, kl_table
from conjectura.domains.permutations.kl_dataset import (
    _canonical,
    build_kl_dataset,
    coefficient_columns,
    interval_statistics,
    kl_table_path,
    load_kl_table,
    sample_intervals,
    statistic_names,
)
from conjectura.exceptions import InvalidParameterError


def _brute_statistics(x, w, n):
    G = bruhat_graph(x, w)
    lengths = nx.get_node_attributes(G, "length")
    lx, lw = lengths[tuple(x)], lengths[tuple(w)]
    deg = [G.degree(u) for u in G]
    out = {
        "nodes": G.number_of_nodes(),
        "edges": G.number_of_edges(),
        "length": lw - lx,
        "atoms": sum(1 for u in G if lengths[u] == lx + 1),
        "coatoms": sum(1 for u in G if lengths[u] == lw - 1),
    }
    for d in range(1, n * (n - 1) // 2 + 1):
        out[f"deg_{d}"] = deg.count(d)
    return out


def test_interval_statistics_agree_with_networkx_on_sampled_intervals():
    rng = np.random.default_rng(3)
    for n in (4, 5):
        T = kl_table(n)
        w = np.repeat(np.arange(T.order), np.diff(T.indptr))
        pick = rng.choice(T.n_pairs, size=40, replace=False)
        X, W = T.elements[T.cols[pick]], T.elements[w[pick]]
        stats = interval_statistics(bruhat_graphs(X, W), n)
        assert tuple(stats) == statistic_names(n)
        for r, (x, ww) in enumerate(zip(X.tolist(), W.tolist())):
            brute = _brute_statistics(x, ww, n)
            assert {k: int(v[r]) for k, v in stats.items()} == brute
            # Deodhar's inequality: every vertex has degree >= the length
            assert all(stats[f"deg_{d}"][r] == 0 for d in range(1, brute["length"]))


def test_all_intervals_of_S4_and_S5_match_the_table(tmp_path):
    for n, rows in ((4, 68), (5, 2439)):
        report = build_kl_dataset(n=n, directory=tmp_path, progress=False)
        assert report.rows == rows and report.parts["intervals"].rows == rows
        df = load_kl_table(n=n, directory=tmp_path, build=False)
        T = kl_table(n)
        X = np.array([list(map(int, s.split())) for s in df["x"]])
        W = np.array([list(map(int, s.split())) for s in df["w"]])
        for k, col in enumerate(coefficient_columns(n)):
            exact = [T.poly(x, w)[k] if k < len(T.poly(x, w)) else 0 for x, w in zip(X[:300], W[:300])]
            assert df[col].to_numpy()[:300].tolist() == exact
        assert (df["length"] >= 3).all()
        # every pair of the table with length >= 3 is a row, once
        lens = T.lengths[np.repeat(np.arange(T.order), np.diff(T.indptr))] - T.lengths[T.cols]
        assert rows == int((lens >= 3).sum())
    assert report.details["P_not_1"] == 394  # every pair of S_5 with P != 1 has length >= 3
    assert report.details["max_coefficient"] == 2


def test_sampled_S6_intervals_match_the_table_and_are_distinct_orbits(tmp_path):
    report = build_kl_dataset(
        n=6, size=60, min_length=4, max_length=9, seed=5, chunk_size=25, directory=tmp_path, progress=False
    )
    assert report.rows == 60 and report.chunks_built == 3
    df = load_kl_table(n=6, size=60, min_length=4, max_length=9, seed=5, directory=tmp_path, build=False)
    T = kl_table(6)
    X = np.array([list(map(int, s.split())) for s in df["x"]], dtype=np.int8)
    W = np.array([list(map(int, s.split())) for s in df["w"]], dtype=np.int8)
    assert df["length"].between(4, 9).all()
    assert len(set(_canonical(X, W).tolist())) == 60
    for r, (x, w) in enumerate(zip(X, W)):  # kl_interval (the sample) against kl_table
        p = T.poly(x, w)
        assert tuple(int(df[f"q{k}"].iloc[r]) for k in range(len(p))) == p
    # the sample is deterministic given the seed, and resumes from its chunks
    again = build_kl_dataset(
        n=6, size=60, min_length=4, max_length=9, seed=5, chunk_size=25, directory=tmp_path, progress=False
    )
    assert again.chunks_reused == 3 and again.chunks_built == 0
    X2, W2 = sample_intervals(6, 60, min_length=4, max_length=9, seed=5)
    assert np.array_equal(X, X2) and np.array_equal(W, W2)


def test_orbit_key_is_invariant_under_the_symmetries():
    X, W = sample_intervals(5, 30, min_length=3, max_length=6, seed=1)
    inv = lambda A: np.argsort(A, axis=1).astype(np.int8) + 1  # noqa: E731
    conj = lambda A: (6 - A[:, ::-1]).astype(np.int8)  # noqa: E731
    key = _canonical(X, W)
    assert np.array_equal(key, _canonical(inv(X), inv(W)))
    assert np.array_equal(key, _canonical(conj(X), conj(W)))
    assert np.array_equal(key, _canonical(conj(inv(X)), conj(inv(W))))


def test_graph_columns_are_the_bruhat_graph(tmp_path):
    build_kl_dataset(n=5, directory=tmp_path, progress=False)
    path = kl_table_path(n=5, directory=tmp_path)
    t = pq.read_table(
        path, columns=["x", "w", "num_nodes", "edge_src", "edge_dst", "edge_label_i", "edge_label_j"]
    )
    for r in (0, 100, 2438):
        row = {c: t.column(c)[r].as_py() for c in t.column_names}
        els, lens, edges, labels = bruhat_graph_arrays(
            tuple(map(int, row["x"].split())), tuple(map(int, row["w"].split()))
        )
        assert row["num_nodes"] == len(els)
        assert row["edge_src"] == edges[:, 0].tolist() and row["edge_dst"] == edges[:, 1].tolist()
        assert row["edge_label_i"] == labels[:, 0].tolist() and row["edge_label_j"] == labels[:, 1].tolist()
        assert all(lens[b] > lens[a] for a, b in edges.tolist())  # edges go up


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"n": 7}, "size"),
        ({"n": 1}, "'n'"),
        ({"n": 11, "size": 5}, "'n'"),
        ({"n": 5, "min_length": 6, "max_length": 4}, "max_length"),
        ({"n": 5, "max_length": 11}, "max_length"),
        ({"n": 5, "size": 0}, "size"),
        ({"n": 5, "chunk_size": 0}, "chunk_size"),
    ],
)
def test_bad_parameters(kwargs, match, tmp_path):
    with pytest.raises(InvalidParameterError, match=match):
        build_kl_dataset(directory=tmp_path, progress=False, **kwargs)
    assert not list(tmp_path.glob("*.parquet"))


def test_a_missing_table_names_the_command(tmp_path):
    with pytest.raises(
        InvalidParameterError, match="conjectura data build kl --n 6 --min-length 3 --size 10"
    ):
        load_kl_table(n=6, size=10, directory=tmp_path, build=False)


def test_sample_larger_than_the_space_is_refused():
    with pytest.raises(InvalidParameterError, match="distinct intervals"):
        sample_intervals(3, 10, min_length=3, max_length=3, seed=0)  # [e, w0] is the only one
